// Contrast of every text and chip against what it is drawn on, computed from the theme itself
// (WCAG 2 relative luminance): at least 4.5:1 in the light and the dark theme.
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>

#include "headless.h"
#include "ui/theme.h"

using namespace hc;
using namespace hc::ui;
using namespace hc::ui::test;

namespace {
double channel(float c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }
double luminance(ImVec4 c) { return 0.2126 * channel(c.x) + 0.7152 * channel(c.y) + 0.0722 * channel(c.z); }
ImVec4 over(ImVec4 top, ImVec4 under) {  // a translucent colour as it shows over `under`
    const float a = top.w;
    return {top.x * a + under.x * (1 - a), top.y * a + under.y * (1 - a), top.z * a + under.z * (1 - a), 1};
}
double contrast(ImVec4 fg, ImVec4 bg) {
    const double a = luminance(fg) + 0.05, b = luminance(bg) + 0.05;
    return a > b ? a / b : b / a;
}
}  // namespace

TEST_CASE("every text and chip has contrast of at least 4.5:1 in both themes", "[ui][theme]") {
    Headless h;
    for (bool dark : {false, true}) {
        apply_theme(dark, 1.0f);
        const Palette& p = palette();
        const ImVec4* c = ImGui::GetStyle().Colors;
        const ImVec4 window = c[ImGuiCol_WindowBg], child = c[ImGuiCol_ChildBg];
        const ImVec4 white(1, 1, 1, 1);
        struct Pair { const char* what; ImVec4 fg, bg; };
        std::vector<Pair> pairs = {
            {"text on the window", p.text, window},
            {"text in a panel", p.text, child},
            {"text in a field", p.text, c[ImGuiCol_FrameBg]},
            {"text on a button", p.text, c[ImGuiCol_Button]},
            {"text on a hovered or focused button", p.text, c[ImGuiCol_ButtonHovered]},
            {"text on a pressed button", p.text, c[ImGuiCol_ButtonActive]},
            {"the current tab", p.text, c[ImGuiCol_HeaderActive]},
            {"a hovered row", p.text, c[ImGuiCol_HeaderHovered]},
            {"dim text on the window", p.text_dim, window},
            {"dim text in a panel", p.text_dim, child},
            {"primary button", p.accent_text, p.accent},
            {"primary button hovered or focused", p.accent_text, p.accent_hover},
            {"primary button pressed", p.accent_text, p.accent_active},
            {"red flag and error banner", p.danger_text, p.danger_bg},
            {"'required' in red", p.danger, child},
            {"warning banner", p.text, p.warning_bg},
            {"information banner", p.text, p.info_bg},
            {"'Saved' chip", p.text, over(ImVec4(p.ok.x, p.ok.y, p.ok.z, 0.18f), child)},
            {"evidence chip", p.text, c[ImGuiCol_Button]},
            {"a highlighted tile's label", p.text, p.highlight},
        };
        for (Verdict v : {Verdict::FirstLine, Verdict::Consider, Verdict::NotNow, Verdict::TrialOnly,
                          Verdict::NotAvailable, Verdict::Avoid})
            pairs.push_back({"verdict chip", white, verdict_colour(v)});
        for (const auto& pr : pairs) {
            INFO((dark ? "dark: " : "light: ") << pr.what << " " << contrast(pr.fg, pr.bg) << ":1");
            CHECK(contrast(pr.fg, pr.bg) >= 4.5);
        }
    }
}
