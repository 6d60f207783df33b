#include "ui/fonts.h"

#include <cstdlib>
#include <filesystem>

#include "ui/theme.h"

namespace hc::ui {

namespace {
FontSet g_fonts;
ImVector<ImWchar> g_ranges;  // must outlive the atlas build

void add_pack_text(ImFontGlyphRangesBuilder& b, const Pack& p) {
    auto t = [&](const std::string& s) { if (!s.empty()) b.AddText(s.c_str(), s.c_str() + s.size()); };
    t(p.title);
    for (const auto& it : p.questionnaire.items) {
        t(it.text), t(it.help), t(it.short_text), t(it.unit);
        for (const auto& o : it.options) t(o.display), t(o.help);
    }
    for (const auto* list : {&p.assessments, &p.red_flags, &p.workup})
        for (const auto& f : *list) t(f.title), t(f.summary), t(f.action);
    for (const auto& o : p.options) {
        t(o.title), t(o.evidence.summary), t(o.approval), t(o.regimen), t(o.time_to_effect);
        for (const auto& s : o.cautions) t(s);
        for (const auto& s : o.side_effects) t(s);
    }
    for (const auto& r : p.rules) {
        t(r.explain);
        for (const auto& e : r.options) t(e.note);
    }
    for (const auto& r : p.references) t(r.citation());
    for (const auto& [k, v] : p.scale.grades) t(v);
}
}  // namespace

std::string font_dir() {
    if (const char* d = std::getenv("HAIRCONSULT_FONT_DIR"); d && *d) return d;
    return "/usr/share/fonts/truetype/dejavu";
}

const FontSet& fonts() { return g_fonts; }

FontSet load_fonts(ImGuiIO& io, float body_px, const Pack* pack) {
    io.Fonts->Clear();
    FontSet f;
    const std::string dir = font_dir();
    const std::string regular = dir + "/DejaVuSans.ttf";
    const std::string bold = dir + "/DejaVuSans-Bold.ttf";
    std::error_code ec;
    // A missing file asserts inside ImGui 1.86, so look before loading.
    const bool have_regular = std::filesystem::is_regular_file(regular, ec);
    const bool have_bold = std::filesystem::is_regular_file(bold, ec);

    if (have_regular) {
        ImFontGlyphRangesBuilder b;
        b.AddRanges(io.Fonts->GetGlyphRangesDefault());
        static const ImWchar extra[] = {
            0x0100, 0x024F,  // Latin Extended-A and -B (Łukasz, Dvořák, Ţ)
            0x0370, 0x03FF,  // Greek
            0x0400, 0x04FF,  // Cyrillic
            0x1E00, 0x1EFF,  // Latin Extended Additional (Vietnamese)
            0x2000, 0x206F,  // General punctuation (– — ‘ ’ “ ” • …)
            0x2190, 0x21FF,  // arrows (→)
            0x2212, 0x2212, 0x2264, 0x2265,  // − ≤ ≥
            0x25A0, 0x25FF,  // geometric shapes (● ▶ ▼)
            0x2713, 0x2717,  // ✓ ✗
            0x26A0, 0x26A0,  // ⚠
            0,
        };
        b.AddRanges(extra);
        if (pack) add_pack_text(b, *pack);
        g_ranges.clear();
        b.BuildRanges(&g_ranges);
        ImFontConfig cfg;
        cfg.OversampleH = 1;  // integer pixel sizes at the content scale: crisp, and halves the atlas build
        cfg.OversampleV = 1;
        f.body = io.Fonts->AddFontFromFileTTF(regular.c_str(), body_px, &cfg, g_ranges.Data);
        const std::string& b_path = have_bold ? bold : regular;
        f.bold = io.Fonts->AddFontFromFileTTF(b_path.c_str(), body_px, &cfg, g_ranges.Data);
        f.heading = io.Fonts->AddFontFromFileTTF(b_path.c_str(), body_px * 1.3f, &cfg, g_ranges.Data);
        f.small = io.Fonts->AddFontFromFileTTF(regular.c_str(), body_px * 0.86f, &cfg, g_ranges.Data);
    }
    if (!f.body) {
        f.fallback = true;
        f.warning = "DejaVu Sans was not found in " + dir +
                    "; using the built-in font (accented letters show as '?'). Install fonts-dejavu-core.";
        ImFontConfig cfg;
        cfg.SizePixels = body_px;
        f.body = io.Fonts->AddFontDefault(&cfg);
        f.bold = f.body;
        ImFontConfig hc;
        hc.SizePixels = body_px * 1.3f;
        f.heading = io.Fonts->AddFontDefault(&hc);
        ImFontConfig sc;
        sc.SizePixels = body_px * 0.86f;
        f.small = io.Fonts->AddFontDefault(&sc);
    }
    io.FontDefault = f.body;
    set_em(body_px);
    g_fonts = f;
    return f;
}

}  // namespace hc::ui
