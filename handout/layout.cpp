// Handout -> blocks of Pango text -> pages. Text always enters Pango through
// pango_layout_set_text with attributes for bold runs, never as markup, so no name or pack
// text can change the formatting or empty a layout.
#include <algorithm>
#include <cmath>

#include "handout/layout.h"
#include "handout/text.h"

namespace hc::handout::detail {
namespace {

constexpr const char* kFamily = "Noto Sans, DejaVu Sans, sans-serif";
constexpr Rgb kInk{0.13, 0.14, 0.16};
constexpr Rgb kAccent{0.09, 0.36, 0.42};
constexpr Rgb kMuted{0.38, 0.40, 0.43};
constexpr double kBody = 9.6;
constexpr double kHang = 14.0;  // hanging indent of bullets and numbered lists

double pt(int pango_units) { return static_cast<double>(pango_units) / PANGO_SCALE; }

struct Run {  // a bold, accent-coloured or small grey run of bytes in a layout's text
    std::size_t start, end;
    bool bold = true;
    bool accent = false;
    bool note = false;  // small and grey: source numbers after a title
};

PangoAttribute* ranged(PangoAttribute* a, const Run& r) {
    a->start_index = static_cast<guint>(r.start);
    a->end_index = static_cast<guint>(r.end);
    return a;
}

guint16 channel(double v) { return static_cast<guint16>(v * 65535); }

class Builder {
public:
    explicit Builder(Laid& laid) : laid_(laid), width_(laid.geo.content_width()) {}

    Block& text(const std::string& s, double size, bool bold, Rgb color, double before, double after,
                const std::vector<Run>& runs = {}, double indent = 0, double hang = 0) {
        Block b;
        b.kind = BlockKind::Text;
        b.layout.reset(pango_layout_new(laid_.context.get()));
        PangoLayout* l = b.layout.get();
        PangoFontDescription* fd = pango_font_description_from_string(kFamily);
        pango_font_description_set_size(fd, static_cast<int>(size * PANGO_SCALE));
        pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
        pango_layout_set_font_description(l, fd);
        pango_font_description_free(fd);
        pango_layout_set_width(l, static_cast<int>((width_ - indent) * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_line_spacing(l, size < 9 ? 1.1f : 1.18f);
        if (hang > 0) {
            // Hanging indent: "marker<TAB>text" with wrapped lines aligned under the text.
            pango_layout_set_indent(l, static_cast<int>(-hang * PANGO_SCALE));
            PangoTabArray* tabs = pango_tab_array_new_with_positions(1, TRUE, PANGO_TAB_LEFT, static_cast<int>(hang));
            pango_layout_set_tabs(l, tabs);
            pango_tab_array_free(tabs);
        }
        pango_layout_set_text(l, s.c_str(), static_cast<int>(s.size()));
        if (!runs.empty()) {
            PangoAttrList* attrs = pango_attr_list_new();
            for (const Run& r : runs) {
                if (r.bold) pango_attr_list_insert(attrs, ranged(pango_attr_weight_new(PANGO_WEIGHT_BOLD), r));
                if (r.accent) {
                    pango_attr_list_insert(attrs, ranged(pango_attr_foreground_new(channel(kAccent.r), channel(kAccent.g), channel(kAccent.b)), r));
                }
                if (r.note) {
                    pango_attr_list_insert(attrs, ranged(pango_attr_weight_new(PANGO_WEIGHT_NORMAL), r));
                    pango_attr_list_insert(attrs, ranged(pango_attr_size_new(static_cast<int>(7.6 * PANGO_SCALE)), r));
                    pango_attr_list_insert(attrs, ranged(pango_attr_foreground_new(channel(kMuted.r), channel(kMuted.g), channel(kMuted.b)), r));
                }
            }
            pango_layout_set_attributes(l, attrs);
            pango_attr_list_unref(attrs);
        }
        b.color = color;
        b.x = indent;
        b.space_before = before;
        b.space_after = after;
        measure(b);
        laid_.blocks.push_back(std::move(b));
        return laid_.blocks.back();
    }

    void heading(const std::string& s) {
        text(s, 12.8, true, kAccent, 13, 4).keep_with_next = true;
    }
    // A title in bold with, after it, the numbers of its sources in small grey.
    void subheading(const std::string& s, const std::string& note = {}) {
        if (note.empty()) {
            text(s, 10.6, true, kInk, 8, 1.5).keep_with_next = true;
            return;
        }
        const std::string full = s + "   " + note;
        text(full, 10.6, true, kInk, 8, 1.5, {{s.size(), full.size(), false, false, true}}).keep_with_next = true;
    }
    void paragraph(const std::string& s, double after = 4) {
        if (!s.empty()) text(s, kBody, false, kInk, 0, after);
    }
    // "Label: text" with the label in bold accent.
    void labelled(const std::string& label, const std::string& s) {
        if (s.empty()) return;
        const std::string full = label + "  " + s;
        text(full, kBody, false, kInk, 0, 2.5, {{0, label.size(), true, true}});
    }
    void bullet(const std::string& lead, const std::string& rest) {
        std::string full = "\u2022\t" + lead;
        const std::size_t lead_end = full.size();
        if (!rest.empty()) full += (lead.empty() ? "" : " \u2014 ") + rest;
        text(full, kBody, false, kInk, 0, 4, {{4, lead_end, true, false}}, kHang, kHang);
    }
    void small(const std::string& s, double before = 0, double after = 2, bool numbered = false, bool keep_with_next = false) {
        if (s.empty()) return;
        text(s, numbered ? 7.4 : 8.0, false, kMuted, before, after, {}, 0, numbered ? kHang : 0).keep_with_next = keep_with_next;
    }
    void callout(const std::string& title, const std::string& s) {
        std::string full = title;
        if (!s.empty()) full += "\n" + s;
        Block& b = text(full, kBody, false, kInk, 6, 8, {{0, title.size(), true, false}}, 14);
        b.kind = BlockKind::Callout;
        width_hint(b);
    }
    void diagram(const std::string& label, const std::string& caption, double size) {
        std::string full = label;
        if (!caption.empty()) full += "\n" + caption;
        Block& b = text(full, kBody, false, kInk, 4, 8, {{0, label.size(), true, false}}, size + 16);
        b.kind = BlockKind::Diagram;
        b.min_height = size;
    }

private:
    void width_hint(Block& b) {
        // Callouts keep 10 points of padding on the right inside their box.
        pango_layout_set_width(b.layout.get(), static_cast<int>((width_ - b.x - 10) * PANGO_SCALE));
        measure(b);
    }
    static void measure(Block& b) {
        b.lines.clear();
        PangoLayoutIter* it = pango_layout_get_iter(b.layout.get());
        do {
            int y0 = 0, y1 = 0;
            pango_layout_iter_get_line_yrange(it, &y0, &y1);
            PangoRectangle logical;
            pango_layout_iter_get_line_extents(it, nullptr, &logical);
            b.lines.push_back({pt(y0), pt(y1), pt(pango_layout_iter_get_baseline(it)), pt(logical.x)});
        } while (pango_layout_iter_next_line(it));
        pango_layout_iter_free(it);
    }

    Laid& laid_;
    double width_;
};

std::string cites(const Labels& l, const std::vector<int>& numbers) {
    if (numbers.empty()) return {};
    std::string s = l.sources + ": ";
    for (std::size_t i = 0; i < numbers.size(); ++i) s += (i ? ", " : "") + std::to_string(numbers[i]);
    return s;
}

void build_blocks(Laid& laid) {
    const Handout& h = laid.handout;
    const Labels& l = h.labels;
    Builder b(laid);

    b.text(h.title, 20, true, kAccent, 0, 6);
    {
        // "Prepared for <name>", "Date <date>", "Clinician <name>" with aligned values.
        std::string info;
        std::vector<Run> runs;
        auto row = [&](const std::string& label, const std::string& value) {
            if (value.empty()) return;
            if (!info.empty()) info += "\n";
            runs.push_back({info.size(), info.size() + label.size(), true, false});
            info += label + "\t" + value;
        };
        row(l.prepared_for, bidi_isolate(h.patient_name));
        row(l.date, h.date);
        row(l.clinician, h.clinician_name);
        if (!info.empty()) b.text(info, kBody, false, kInk, 2, 6, runs, 0, 86);
    }
    b.paragraph(h.intro, 2);

    if (h.unfinished) {
        b.paragraph(h.unfinished_text);
        for (const auto& q : h.still_needed) b.bullet(q, "");
    }
    // What to act on comes first, before the patient's questions and the findings.
    if (!h.red_flags.empty()) {
        b.heading(l.red_flags);
        b.paragraph(h.red_flag_intro);
        for (const auto& r : h.red_flags) {
            std::string body = r.what;
            for (const auto& a : r.actions) body += (body.empty() ? "" : "\n") + a;
            if (!r.come_back.empty()) body += (body.empty() ? "" : "\n") + r.come_back;
            b.callout(r.title, body);
        }
    }
    if (!h.asked.empty()) {
        b.heading(l.asked);
        for (const auto& a : h.asked) {
            b.subheading(a.title, cites(l, a.cites));
            b.paragraph(a.answer);
            for (const auto& r : a.reasons) b.paragraph(r);
        }
        if (h.unproven.empty()) b.paragraph(h.trial_registries);  // else printed with that section
    }

    if (!h.assessments.empty()) {
        b.heading(l.assessment);
        for (const auto& a : h.assessments) {
            b.subheading(a.likely ? a.title : l.also_possible + ": " + a.title, cites(l, a.cites));
            b.paragraph(a.what);
            b.labelled(l.come_back, a.come_back);
        }
    }
    if (h.diagram) {
        // Beside the assessment, not a section of its own: the picture explains the words.
        b.diagram(l.stage + ": " + h.diagram->label, h.diagram->caption, 66);
    }
    if (!h.workup.empty()) {
        b.heading(l.workup);
        b.paragraph(h.workup_intro);
        for (const auto& w : h.workup) {
            std::string rest = w.what;
            const std::string c = cites(l, w.cites);
            if (!c.empty()) rest += (rest.empty() ? "" : " ") + std::string("(") + c + ")";
            b.bullet(w.title, rest);
        }
    }
    if (!h.options.empty()) {
        b.heading(l.options);
        for (const auto& o : h.options) {
            b.subheading(o.title, cites(l, o.cites));
            for (const auto& r : o.for_you) b.paragraph(r);
            b.labelled(l.what, o.text.what);
            b.labelled(l.how, o.text.how);
            b.labelled(l.when_results, o.text.when_results);
            b.labelled(l.watch_for, o.text.watch_for);
            b.labelled(l.come_back, o.text.come_back);
        }
    }
    if (!h.come_back.empty()) {
        b.heading(l.come_back);
        b.paragraph(h.come_back);
    }
    if (!h.unproven.empty()) {
        b.heading(l.unproven);
        b.paragraph(h.unproven_intro);
        for (const auto& u : h.unproven) {
            std::string rest = u.what;
            const std::string c = cites(l, u.cites);
            if (!c.empty()) rest += (rest.empty() ? "" : " ") + std::string("(") + c + ")";
            b.bullet(u.title, rest);
        }
        b.paragraph(h.trial_registries);
    }
    if (!h.references.empty()) {
        b.heading(l.references);
        b.small(h.references_intro, 0, 3, false, true);  // with the first source, never alone under the heading
        for (std::size_t i = 0; i < h.references.size(); ++i) {
            b.small(std::to_string(i + 1) + ".\t" + h.references[i], 0, 1.2, true);
        }
    }
    if (!h.disclaimer.empty()) {
        b.heading(l.disclaimer);
        b.small(h.disclaimer);
    }
    if (!h.evidence_reviewed.empty()) b.small(h.evidence_reviewed);
}

double lines_height(const Block& b, int from, int to) {
    if (b.lines.empty() || to <= from) return 0;
    return b.lines[static_cast<std::size_t>(to - 1)].bottom - b.lines[static_cast<std::size_t>(from)].top;
}

// Height a block needs before a page break may follow it: all of it for an unsplittable
// block, else its first two lines.
double head_height(const Block& b) {
    if (b.kind != BlockKind::Text) return std::max(lines_height(b, 0, static_cast<int>(b.lines.size())), b.min_height);
    return lines_height(b, 0, std::min<int>(2, static_cast<int>(b.lines.size())));
}

void paginate(Laid& laid) {
    const Geometry& g = laid.geo;
    laid.pages.assign(1, Page{});
    double y = g.content_top;
    auto new_page = [&] {
        laid.pages.emplace_back();
        y = g.content_top;
    };
    auto at_top = [&] { return y <= g.content_top + 0.01; };

    for (std::size_t i = 0; i < laid.blocks.size(); ++i) {
        const Block& b = laid.blocks[i];
        const int n = static_cast<int>(b.lines.size());
        if (!at_top()) y += b.space_before;

        // Keep a heading (and a chain of kept blocks) with the start of what follows.
        double need = head_height(b);
        for (std::size_t k = i; k < laid.blocks.size() && laid.blocks[k].keep_with_next && k + 1 < laid.blocks.size(); ++k) {
            // All of each kept block and the space after it, then the head of the next one.
            const Block& kept = laid.blocks[k];
            const Block& next = laid.blocks[k + 1];
            need += std::max(0.0, lines_height(kept, 0, static_cast<int>(kept.lines.size())) - head_height(kept)) + kept.space_after +
                    next.space_before + head_height(next);
        }
        if (!at_top() && y + need > g.content_bottom) {
            new_page();
        }

        if (b.kind != BlockKind::Text) {
            // Callouts and diagrams stay whole (they are short); a page break goes before them.
            const double h = std::max(lines_height(b, 0, n), b.min_height);
            if (!at_top() && y + h > g.content_bottom) new_page();
            laid.pages.back().fragments.push_back({static_cast<int>(i), 0, n, y, h});
            y += h + b.space_after;
            continue;
        }

        int first = 0;
        while (first < n) {
            int end = first;
            while (end < n && y + lines_height(b, first, end + 1) <= g.content_bottom) ++end;
            if (end == first) {
                if (at_top()) end = first + 1;  // a line taller than a page: place it anyway
                else { new_page(); continue; }
            }
            // No single last line of a paragraph alone at the top of the next page.
            if (end < n && end - first >= 3 && n - end == 1) --end;
            const double h = lines_height(b, first, end);
            laid.pages.back().fragments.push_back({static_cast<int>(i), first, end, y, h});
            y += h;
            first = end;
            if (first < n) new_page();
        }
        y += b.space_after;
    }
}

}  // namespace

void lay_out(Laid& laid) {
    laid.blocks.clear();
    build_blocks(laid);
    paginate(laid);
}

}  // namespace hc::handout::detail
