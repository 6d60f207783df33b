#include "ui/fonts.h"

#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <cstdlib>
#include <filesystem>
#include <set>

#include "ui/theme.h"

namespace hc::ui {

namespace {
FontSet g_fonts;
ImVector<ImWchar> g_ranges;  // must outlive the atlas build
ImVector<ImWchar> g_extra_ranges;     // the added characters, for the merged fallback font
std::set<ImWchar> g_extra;            // characters added for text seen on screen
std::set<ImWchar> g_wanted;           // seen, not in the atlas yet

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

std::string cjk_font_path() {
    if (const char* p = std::getenv("HAIRCONSULT_CJK_FONT"); p && *p) return p;
    return "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
}

void note_text(std::string_view text) {
    const ImFont* f = g_fonts.body;
    if (!f || g_fonts.fallback) return;
    const char* p = text.data();
    const char* e = p + text.size();
    while (p < e) {
        if (static_cast<unsigned char>(*p) < 0x80) {  // ASCII is always there
            ++p;
            continue;
        }
        unsigned c = 0;
        const int n = ImTextCharFromUtf8(&c, p, e);
        if (n <= 0) break;
        p += n;
        if (c > 0xFFFF) continue;  // this ImGui build holds 16-bit characters only
        const auto w = static_cast<ImWchar>(c);
        if (g_extra.count(w) || f->FindGlyphNoFallback(w)) continue;  // added once: not asked for again
        g_wanted.insert(w);
    }
}

bool glyphs_wanted() { return !g_wanted.empty(); }

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
        // Characters seen in names since the last build join the atlas now.
        for (ImWchar c : g_wanted) g_extra.insert(c);
        g_wanted.clear();
        for (ImWchar c : g_extra) b.AddChar(c);
        g_ranges.clear();
        b.BuildRanges(&g_ranges);
        ImFontGlyphRangesBuilder xb;
        for (ImWchar c : g_extra) xb.AddChar(c);
        g_extra_ranges.clear();
        xb.BuildRanges(&g_extra_ranges);
        ImFontConfig cfg;
        cfg.OversampleH = 1;  // integer pixel sizes at the content scale: crisp, and halves the atlas build
        cfg.OversampleV = 1;
        // Each font is followed by the CJK font merged into it, holding only the characters
        // added for names (DejaVu has none of them; the merge fills what DejaVu lacks).
        const std::string cjk = cjk_font_path();
        const bool have_cjk = !g_extra.empty() && std::filesystem::is_regular_file(cjk, ec);
        const auto add = [&](const std::string& path, float px) {
            ImFont* font = io.Fonts->AddFontFromFileTTF(path.c_str(), px, &cfg, g_ranges.Data);
            if (font && have_cjk) {
                ImFontConfig m;
                m.MergeMode = true;
                m.FontNo = 2;  // Noto Sans CJK SC in the collection (JP 0, KR 1, SC 2, TC 3, HK 4)
                m.OversampleH = m.OversampleV = 1;
                // Sized by its own ascent and descent, which are taller than DejaVu's, a CJK
                // character at the same pixel size looks a size smaller: scale it to match.
                m.GlyphOffset.y = px * 0.08f;
                io.Fonts->AddFontFromFileTTF(cjk.c_str(), px * 1.3f, &m, g_extra_ranges.Data);
            }
            return font;
        };
        f.body = add(regular, body_px);
        const std::string& b_path = have_bold ? bold : regular;
        f.bold = add(b_path, body_px);
        f.heading = add(b_path, body_px * 1.3f);
        f.small = add(regular, body_px * 0.86f);
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
