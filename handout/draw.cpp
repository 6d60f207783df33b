// Draws one laid-out page: the running header and footer, the content fragments, callout
// boxes and the stage diagram. Coordinates are points; the caller scales for images.
#include <string>

#include "handout/layout.h"
#include "handout/text.h"

namespace hc::handout::detail {
namespace {

constexpr const char* kFamily = "Noto Sans, DejaVu Sans, sans-serif";

void set_rgb(cairo_t* cr, Rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

// A one-line layout for the header and footer; ellipsized so a very long name cannot push
// the page number off the page.
LayoutPtr line_layout(const Laid& laid, const std::string& s, double size, bool bold, double max_width) {
    LayoutPtr l(pango_layout_new(laid.context.get()));
    PangoFontDescription* fd = pango_font_description_from_string(kFamily);
    pango_font_description_set_size(fd, static_cast<int>(size * PANGO_SCALE));
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l.get(), fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l.get(), static_cast<int>(max_width * PANGO_SCALE));
    pango_layout_set_ellipsize(l.get(), PANGO_ELLIPSIZE_END);
    pango_layout_set_single_paragraph_mode(l.get(), TRUE);
    // Running header and footer read left to right whatever script a name starts with; the
    // name itself still gets its own direction from the bidi algorithm.
    pango_layout_set_auto_dir(l.get(), FALSE);
    pango_layout_set_text(l.get(), s.c_str(), static_cast<int>(s.size()));
    return l;
}

double text_width(PangoLayout* l) {
    PangoRectangle logical;
    pango_layout_get_extents(l, nullptr, &logical);
    return static_cast<double>(logical.width) / PANGO_SCALE;
}

void show_at(cairo_t* cr, PangoLayout* l, double x, double y) {
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
}

void draw_header_footer(const Laid& laid, int index, cairo_t* cr) {
    const Geometry& g = laid.geo;
    const Handout& h = laid.handout;
    const double w = g.content_width();
    const double top = g.margin;

    // Header: clinic name left, contact right, a hairline under both.
    auto clinic = line_layout(laid, h.clinic_name, 11, true, w * 0.55);
    set_rgb(cr, {0.09, 0.36, 0.42});
    show_at(cr, clinic.get(), g.margin, top);
    if (!h.clinic_contact.empty()) {
        auto contact = line_layout(laid, h.clinic_contact, 8.3, false, w * 0.43);
        set_rgb(cr, {0.38, 0.40, 0.43});
        show_at(cr, contact.get(), g.margin + w - text_width(contact.get()), top + 3);
    }
    cairo_set_line_width(cr, 0.6);
    cairo_set_source_rgb(cr, 0.09, 0.36, 0.42);
    cairo_move_to(cr, g.margin, top + 20);
    cairo_line_to(cr, g.margin + w, top + 20);
    cairo_stroke(cr);

    // Footer: who and when left, "Page N of M" right.
    const double foot = g.height - g.margin - 10;
    cairo_set_source_rgb(cr, 0.80, 0.83, 0.85);
    cairo_move_to(cr, g.margin, foot - 6);
    cairo_line_to(cr, g.margin + w, foot - 6);
    cairo_stroke(cr);
    const std::string page = "Page " + std::to_string(index + 1) + " of " + std::to_string(laid.pages.size());
    auto number = line_layout(laid, page, 8.3, false, w * 0.3);
    std::string who = bidi_isolate(h.patient_name);
    if (!h.date.empty()) who += (who.empty() ? "" : "  \u00b7  ") + h.date;
    auto left = line_layout(laid, who, 8.3, false, w * 0.65);
    set_rgb(cr, {0.38, 0.40, 0.43});
    show_at(cr, left.get(), g.margin, foot);
    show_at(cr, number.get(), g.margin + w - text_width(number.get()), foot);
}

void draw_fragment(const Laid& laid, const Fragment& f, cairo_t* cr) {
    const Block& b = laid.blocks[static_cast<std::size_t>(f.block)];
    const Geometry& g = laid.geo;
    const double x = g.margin + b.x;
    const double y0 = b.lines[static_cast<std::size_t>(f.first_line)].top;

    if (b.kind == BlockKind::Callout) {
        // A warm tinted box with an amber bar: advice that needs attention, without alarm.
        cairo_set_source_rgb(cr, 1.0, 0.96, 0.90);
        cairo_rectangle(cr, g.margin, f.y - 6, g.content_width(), f.height + 12);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.85, 0.51, 0.17);
        cairo_rectangle(cr, g.margin, f.y - 6, 3.5, f.height + 12);
        cairo_fill(cr);
    }
    if (b.kind == BlockKind::Diagram) {
        const Handout& h = laid.handout;
        if (h.diagram) draw_stage_diagram(cr, h.diagram->scale, h.diagram->code, g.margin, f.y, b.min_height);
    }

    set_rgb(cr, b.color);
    for (int i = f.first_line; i < f.end_line; ++i) {
        const Line& line = b.lines[static_cast<std::size_t>(i)];
        PangoLayoutLine* pl = pango_layout_get_line_readonly(b.layout.get(), i);
        cairo_move_to(cr, x + line.x, f.y + (line.baseline - y0));
        pango_cairo_show_layout_line(cr, pl);
    }
}

}  // namespace

void draw_page(const Laid& laid, int index, cairo_t* cr) {
    cairo_save(cr);
    draw_header_footer(laid, index, cr);
    for (const Fragment& f : laid.pages[static_cast<std::size_t>(index)].fragments) draw_fragment(laid, f, cr);
    cairo_restore(cr);
}

}  // namespace hc::handout::detail
