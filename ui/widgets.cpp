#include "ui/widgets.h"

#include <imgui_internal.h>

#include <algorithm>
#include <vector>

#include "ui/audit.h"
#include "ui/fonts.h"
#include "ui/theme.h"

namespace hc::ui {

void chip(std::string_view text, ImVec4 bg, ImVec4 fg) {
    note_text(text);
    const ImVec2 ts = ImGui::CalcTextSize(text.data(), text.data() + text.size());
    const ImVec2 pad = em2(0.4f, 0.1f);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 size(ts.x + pad.x * 2, ts.y + pad.y * 2);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::GetColorU32(bg), em(0.35f));
    dl->AddText(ImVec2(p.x + pad.x, p.y + pad.y), ImGui::GetColorU32(fg), text.data(), text.data() + text.size());
    ImGui::Dummy(size);
    audit::last(text, false);
}

float chip_width(std::string_view text) {
    return ImGui::CalcTextSize(text.data(), text.data() + text.size()).x + em(0.8f);
}

void heading(std::string_view text) {
    ImGui::Dummy(em2(0, 0.2f));
    ImGui::PushFont(fonts().heading);
    ax::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopFont();
}

void bold_text(std::string_view text) {
    ImGui::PushFont(fonts().bold);
    ax::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopFont();
}

void dim_wrapped(std::string_view text) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().text_dim);
    ImGui::PushTextWrapPos(0.0f);
    ax::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

void help_marker(std::string_view help) {
    if (help.empty()) return;
    ImGui::SameLine();
    ax::TextDisabled("(?)");
    if (mouse_hovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(em(28));
        ax::TextUnformatted(help.data(), help.data() + help.size());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

bool banner(std::string_view text, ImVec4 bg, ImVec4 fg, const char* dismiss_id) {
    bool dismissed = false;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, bg);
    ImGui::PushStyleColor(ImGuiCol_Text, fg);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, em2(0.8f, 0.5f));
    const float wrap = ImGui::GetContentRegionAvail().x - em(dismiss_id ? 7 : 1.6f);
    const ImVec2 ts = ImGui::CalcTextSize(text.data(), text.data() + text.size(), false, wrap);
    ImGui::PushID(text.data(), text.data() + text.size());
    ImGui::BeginChild("##banner", ImVec2(0, ts.y + em(1.1f)), false, ImGuiWindowFlags_NoScrollbar);
    ImGui::PushTextWrapPos(wrap);
    ax::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopTextWrapPos();
    if (dismiss_id) {
        ImGui::SameLine(ImGui::GetWindowWidth() - em(5.5f));
        ImGui::PushStyleColor(ImGuiCol_Text, palette().text);
        dismissed = ax::SmallButton(dismiss_id);
        ImGui::PopStyleColor();
    }
    ImGui::EndChild();
    ImGui::PopID();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor(2);
    return dismissed;
}

void take_keyboard_focus() {
    ImGuiContext& g = *GImGui;
    ImGuiWindow* w = ImGui::GetCurrentWindow();
    const ImGuiID id = g.LastItemData.ID;
    if (id == 0) return;
    if (g.ActiveId != 0 && g.ActiveId != id) ImGui::ClearActiveID();
    ImGui::FocusWindow(w);
    ImGui::SetFocusID(id, w);
    g.NavDisableHighlight = false;
    g.NavDisableMouseHover = true;
    ImGui::ScrollToBringRectIntoView(w, g.LastItemData.Rect);
}

void focus_this_window() {
    ImGuiWindow* w = ImGui::GetCurrentWindow();
    ImGui::FocusWindow(w);
    ImGui::NavInitWindow(w, true);
    GImGui->NavDisableHighlight = false;
    GImGui->NavDisableMouseHover = true;
}

bool tab_pressed(bool take) {
    const ImGuiIO& io = ImGui::GetIO();
    const int tab = io.KeyMap[ImGuiKey_Tab];
    if (tab < 0 || io.KeyCtrl || !ImGui::IsKeyPressed(tab, false)) return false;
    if (take) ImGui::NavMoveRequestCancel();
    return true;
}

void flow(float width) {
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

bool mouse_hovered() {
    return ImGui::IsItemHovered() && !GImGui->NavDisableMouseHover &&
           ImGui::IsMouseHoveringRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

bool wrapped_selectable(const char* id, std::string_view text, bool selected) {
    note_text(text);
    const float avail = ImGui::GetContentRegionAvail().x;
    const float pad = ImGui::GetStyle().FramePadding.x;
    const ImVec2 ts = ImGui::CalcTextSize(text.data(), text.data() + text.size(), false, avail - pad);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const bool r = ImGui::Selectable(id, selected, 0, ImVec2(0, ts.y));
    ImGui::GetWindowDrawList()->AddText(nullptr, 0.0f, pos, ImGui::GetColorU32(ImGuiCol_Text), text.data(), text.data() + text.size(),
                                        avail - pad);
    audit::last(text, true, -1.0f, false);
    return r;
}

float option_width(std::string_view label) {
    const ImGuiStyle& st = ImGui::GetStyle();
    return ImGui::GetFrameHeight() + st.ItemInnerSpacing.x + ImGui::CalcTextSize(label.data(), label.data() + label.size(), true).x;
}

bool option_toggle(const char* label, bool on, bool radio, float width) {
    ImGuiWindow* w = ImGui::GetCurrentWindow();
    if (w->SkipItems) return false;
    const ImGuiStyle& st = ImGui::GetStyle();
    const ImGuiID id = w->GetID(label);
    const char* end = ImGui::FindRenderedTextEnd(label);
    const float box = ImGui::GetFrameHeight();
    const float text_x = box + st.ItemInnerSpacing.x;
    const float wrap = std::max(em(4), width - text_x);
    const ImVec2 ts = ImGui::CalcTextSize(label, end, false, wrap);
    const ImVec2 pos = w->DC.CursorPos;
    const ImRect bb(pos, ImVec2(pos.x + text_x + ts.x, pos.y + std::max(box, ts.y + st.FramePadding.y * 2)));
    ImGui::ItemSize(bb, st.FramePadding.y);
    if (!ImGui::ItemAdd(bb, id)) return false;
    bool hovered = false, held = false;
    const bool pressed = ImGui::ButtonBehavior(bb, id, &hovered, &held);
    if (pressed) ImGui::MarkItemEdited(id);
    ImGui::RenderNavHighlight(bb, id);
    ImDrawList* dl = w->DrawList;
    const ImU32 frame = ImGui::GetColorU32(held && hovered ? ImGuiCol_FrameBgActive : hovered ? ImGuiCol_FrameBgHovered : ImGuiCol_FrameBg);
    const ImU32 mark = ImGui::GetColorU32(ImGuiCol_CheckMark);
    const float pad = std::max(1.0f, IM_FLOOR(box / 6.0f));
    if (radio) {
        const ImVec2 c(pos.x + box * 0.5f, pos.y + box * 0.5f);
        const float r = box * 0.5f - 0.5f;
        dl->AddCircleFilled(c, r, frame, 16);
        if (on) dl->AddCircleFilled(c, r - pad, mark, 16);
        if (st.FrameBorderSize > 0) dl->AddCircle(c, r, ImGui::GetColorU32(ImGuiCol_Border), 16, st.FrameBorderSize);
    } else {
        ImGui::RenderFrame(pos, ImVec2(pos.x + box, pos.y + box), frame, true, st.FrameRounding);
        if (on) ImGui::RenderCheckMark(dl, ImVec2(pos.x + pad, pos.y + pad), mark, box - pad * 2.0f);
    }
    ImGui::RenderTextWrapped(ImVec2(pos.x + text_x, pos.y + st.FramePadding.y), label, end, wrap);
    audit::last(std::string_view(label, static_cast<std::size_t>(end - label)), true);
    return pressed;
}

void draw_stage(ImDrawList* dl, const StageDiagram& d, ImVec2 pos, float size, bool selected, bool hovered) {
    const Palette& p = palette();
    auto col = [](ImVec4 c) { return ImGui::GetColorU32(c); };
    auto mix = [](ImVec4 a, ImVec4 b, float t) {
        return ImVec4(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, 1.0f);
    };
    std::vector<ImVec2> pts;
    auto poly = [&](const std::vector<DiagramPoint>& src) -> const std::vector<ImVec2>& {
        pts.clear();
        for (const auto& q : src) pts.emplace_back(pos.x + q.x * size, pos.y + q.y * size);
        return pts;
    };
    const ImVec4 bg = selected ? p.highlight : (hovered ? ImGui::GetStyle().Colors[ImGuiCol_FrameBgHovered] : p.panel);
    dl->AddRectFilled(pos, ImVec2(pos.x + size, pos.y + size), col(bg), em(0.3f));
    for (const auto& l : d.landmarks) {
        const auto& v = poly(l);
        dl->AddConvexPolyFilled(v.data(), static_cast<int>(v.size()), col(p.skin));
    }
    const auto& s = poly(d.scalp);
    dl->AddConvexPolyFilled(s.data(), static_cast<int>(s.size()), col(p.hair));
    for (const auto& r : d.regions) {
        const auto& v = poly(r.polygon);
        dl->AddConvexPolyFilled(v.data(), static_cast<int>(v.size()), col(mix(p.hair, p.skin, r.loss)));
    }
    const auto& o = poly(d.scalp);
    dl->AddPolyline(o.data(), static_cast<int>(o.size()), col(p.outline), ImDrawFlags_Closed, std::max(1.0f, em(0.08f)));
    if (selected)
        dl->AddRect(pos, ImVec2(pos.x + size, pos.y + size), col(p.accent), em(0.3f), 0, std::max(2.0f, em(0.16f)));
}

bool stage_tile(const StageDiagram& d, bool selected, float size, std::string_view label) {
    ImGui::PushID(d.code.data(), d.code.data() + d.code.size());
    ImGui::BeginGroup();
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    // "Norwood 2": the scale's name and the stage as the questionnaire spells it.
    const std::string_view scale_name = std::string_view(d.label).substr(0, std::string_view(d.label).find(' '));
    const std::string name = std::string(scale_name) + " " + std::string(label);
    const bool clicked = ax::InvisibleButton("##stage", ImVec2(size, size), name);
    const bool hovered = ImGui::IsItemHovered();
    if (hovered) {
        ImGui::BeginTooltip();
        ax::TextUnformatted(name.c_str());
        ax::TextDisabled("%.*s", static_cast<int>(d.caption.size()), d.caption.data());
        ImGui::EndTooltip();
    }
    draw_stage(ImGui::GetWindowDrawList(), d, pos, size, selected, hovered);
    // The label, centred under the tile.
    const float w = ImGui::CalcTextSize(label.data(), label.data() + label.size()).x;
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (size - w) / 2));
    if (selected) ImGui::PushFont(fonts().bold);
    ax::TextUnformatted(label.data(), label.data() + label.size());
    if (selected) ImGui::PopFont();
    ImGui::EndGroup();
    ImGui::PopID();
    return clicked;
}

}  // namespace hc::ui
