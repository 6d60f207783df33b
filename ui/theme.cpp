#include "ui/theme.h"

namespace hc::ui {

namespace {
float g_em = 16.0f;
bool g_dark = false;

ImVec4 rgb(int r, int g, int b, float a = 1.0f) { return {r / 255.0f, g / 255.0f, b / 255.0f, a}; }

const Palette kLight{
    rgb(0x1d, 0x29, 0x30), rgb(0x5a, 0x67, 0x6e), rgb(0x1f, 0x6f, 0x7a), rgb(0xff, 0xff, 0xff),
    rgb(0xa8, 0x23, 0x1b), rgb(0xa8, 0x23, 0x1b), rgb(0xff, 0xff, 0xff), rgb(0xfb, 0xef, 0xd0),
    rgb(0xe3, 0xf0, 0xf1), rgb(0x2e, 0x7d, 0x4f), rgb(0xff, 0xff, 0xff), rgb(0xfd, 0xf3, 0xc4),
    rgb(0x5b, 0x46, 0x37), rgb(0xf2, 0xd9, 0xc4), rgb(0x3a, 0x2d, 0x25),
    rgb(0x17, 0x58, 0x61), rgb(0x10, 0x45, 0x4c),
};
const Palette kDark{
    rgb(0xe4, 0xe9, 0xeb), rgb(0x9a, 0xa7, 0xad), rgb(0x4f, 0xb0, 0xbd), rgb(0x10, 0x1a, 0x1e),
    rgb(0xff, 0x8a, 0x80), rgb(0xa3, 0x23, 0x1c), rgb(0xff, 0xff, 0xff), rgb(0x4a, 0x3b, 0x12),
    rgb(0x1b, 0x36, 0x3b), rgb(0x6c, 0xc4, 0x8c), rgb(0x20, 0x27, 0x2b), rgb(0x4a, 0x42, 0x18),
    rgb(0x4a, 0x3a, 0x2e), rgb(0xd8, 0xbc, 0xa5), rgb(0xe0, 0xd0, 0xc0),
    rgb(0x6c, 0xc3, 0xce), rgb(0x8a, 0xd2, 0xdb),
};
}  // namespace

float em(float n) { return g_em * n; }
ImVec2 em2(float x, float y) { return {g_em * x, g_em * y}; }
void set_em(float px) { g_em = px; }
const Palette& palette() { return g_dark ? kDark : kLight; }

void push_primary_button() {
    const Palette& p = palette();
    ImGui::PushStyleColor(ImGuiCol_Button, p.accent);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, p.accent_hover);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, p.accent_active);
    ImGui::PushStyleColor(ImGuiCol_Text, p.accent_text);
}

ImVec4 verdict_colour(Verdict v) {
    // One set for both themes: white on each is at least 4.5:1 (the lighter shades the dark theme
    // had were 3.4-4.5:1).
    switch (v) {
    case Verdict::FirstLine: return rgb(0x2e, 0x7d, 0x4f);
    case Verdict::Consider: return rgb(0x2f, 0x6f, 0xa3);
    case Verdict::NotNow: return rgb(0x9a, 0x62, 0x00);
    case Verdict::TrialOnly: return rgb(0x6d, 0x4c, 0x9f);
    case Verdict::NotAvailable: return rgb(0x6b, 0x72, 0x80);
    case Verdict::Avoid: return rgb(0xb3, 0x26, 0x1e);
    }
    return rgb(0x6b, 0x72, 0x80);
}

void apply_theme(bool dark, float scale) {
    g_dark = dark;
    ImGuiStyle& st = ImGui::GetStyle();
    st = ImGuiStyle();
    if (dark) ImGui::StyleColorsDark(&st);
    else ImGui::StyleColorsLight(&st);
    // Roomy, rounded, quiet: the clinician reads this while talking to a patient.
    st.WindowPadding = ImVec2(14, 12);
    st.FramePadding = ImVec2(9, 5);
    st.ItemSpacing = ImVec2(10, 7);
    st.ItemInnerSpacing = ImVec2(7, 5);
    st.IndentSpacing = 18;
    st.ScrollbarSize = 14;
    st.GrabMinSize = 12;
    st.WindowRounding = 0;
    st.ChildRounding = 6;
    st.FrameRounding = 5;
    st.PopupRounding = 6;
    st.GrabRounding = 5;
    st.TabRounding = 5;
    st.ScrollbarRounding = 7;
    st.FrameBorderSize = 1;
    st.ChildBorderSize = 1;
    st.WindowBorderSize = 0;

    const Palette& p = palette();
    ImVec4* c = st.Colors;
    if (!dark) {
        c[ImGuiCol_WindowBg] = rgb(0xf4, 0xf6, 0xf5);
        c[ImGuiCol_ChildBg] = rgb(0xff, 0xff, 0xff);
        c[ImGuiCol_PopupBg] = rgb(0xff, 0xff, 0xff);
        c[ImGuiCol_Border] = rgb(0xd5, 0xdc, 0xde);
        c[ImGuiCol_FrameBg] = rgb(0xff, 0xff, 0xff);
        c[ImGuiCol_FrameBgHovered] = rgb(0xea, 0xf3, 0xf4);
        c[ImGuiCol_FrameBgActive] = rgb(0xdc, 0xec, 0xee);
        c[ImGuiCol_Button] = rgb(0xe6, 0xee, 0xef);
        c[ImGuiCol_ButtonHovered] = rgb(0xcf, 0xe4, 0xe7);
        c[ImGuiCol_ButtonActive] = rgb(0xb6, 0xd6, 0xda);
        c[ImGuiCol_Header] = rgb(0xdc, 0xec, 0xee);
        c[ImGuiCol_HeaderHovered] = rgb(0xcb, 0xe3, 0xe6);
        c[ImGuiCol_HeaderActive] = rgb(0xb6, 0xd6, 0xda);
        c[ImGuiCol_CheckMark] = p.accent;
        c[ImGuiCol_SliderGrab] = p.accent;
        c[ImGuiCol_PlotHistogram] = p.accent;
        c[ImGuiCol_TitleBg] = rgb(0xe6, 0xee, 0xef);
        c[ImGuiCol_TitleBgActive] = rgb(0xdc, 0xec, 0xee);
        c[ImGuiCol_MenuBarBg] = rgb(0xe9, 0xef, 0xef);
        c[ImGuiCol_TableHeaderBg] = rgb(0xe9, 0xef, 0xef);
        c[ImGuiCol_TableRowBgAlt] = rgb(0xf7, 0xf9, 0xf9);
        c[ImGuiCol_NavHighlight] = rgb(0xe0, 0x8a, 0x00);  // clearly visible keyboard focus
    } else {
        c[ImGuiCol_WindowBg] = rgb(0x16, 0x1c, 0x1f);
        c[ImGuiCol_ChildBg] = rgb(0x1d, 0x24, 0x28);
        c[ImGuiCol_FrameBg] = rgb(0x26, 0x30, 0x35);
        c[ImGuiCol_Button] = rgb(0x26, 0x3a, 0x40);
        c[ImGuiCol_ButtonHovered] = rgb(0x2f, 0x4d, 0x55);
        c[ImGuiCol_ButtonActive] = rgb(0x38, 0x5a, 0x63);
        c[ImGuiCol_Header] = rgb(0x26, 0x3a, 0x40);
        c[ImGuiCol_HeaderHovered] = rgb(0x2a, 0x48, 0x50);
        c[ImGuiCol_HeaderActive] = rgb(0x2f, 0x55, 0x5e);  // the current tab: ImGui's bright blue was 2.6:1
        c[ImGuiCol_CheckMark] = p.accent;
        c[ImGuiCol_PlotHistogram] = p.accent;
        c[ImGuiCol_NavHighlight] = rgb(0xff, 0xb0, 0x30);
    }
    c[ImGuiCol_Text] = p.text;
    c[ImGuiCol_TextDisabled] = p.text_dim;
    st.ScaleAllSizes(scale);
}

}  // namespace hc::ui
