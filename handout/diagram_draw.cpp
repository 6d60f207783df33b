// The stage diagram with cairo, following the drawing order engine/diagrams.h prescribes,
// so the handout shows the same picture as the app.
#include <algorithm>

#include "handout/layout.h"

namespace hc::handout::detail {
namespace {

constexpr Rgb kSkin{0.96, 0.87, 0.79};
constexpr Rgb kHair{0.29, 0.22, 0.18};

void path(cairo_t* cr, const std::vector<DiagramPoint>& poly, double x, double y, double size) {
    for (std::size_t i = 0; i < poly.size(); ++i) {
        const double px = x + poly[i].x * size, py = y + poly[i].y * size;
        if (i == 0) cairo_move_to(cr, px, py);
        else cairo_line_to(cr, px, py);
    }
    cairo_close_path(cr);
}

}  // namespace

void draw_stage_diagram(cairo_t* cr, StageScale scale, const std::string& code, double x, double y, double size) {
    const StageDiagram* d = find_stage_diagram(scale, code);
    if (d == nullptr) return;
    cairo_save(cr);
    cairo_set_source_rgb(cr, kSkin.r, kSkin.g, kSkin.b);
    for (const auto& lm : d->landmarks) {
        path(cr, lm, x, y, size);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.70, 0.58, 0.50);
        cairo_set_line_width(cr, 0.6);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, kSkin.r, kSkin.g, kSkin.b);
    }
    path(cr, d->scalp, x, y, size);
    cairo_set_source_rgb(cr, kHair.r, kHair.g, kHair.b);
    cairo_fill(cr);
    for (const auto& region : d->regions) {
        const double t = std::clamp(static_cast<double>(region.loss), 0.0, 1.0);
        cairo_set_source_rgb(cr, kHair.r + (kSkin.r - kHair.r) * t, kHair.g + (kSkin.g - kHair.g) * t,
                             kHair.b + (kSkin.b - kHair.b) * t);
        path(cr, region.polygon, x, y, size);
        cairo_fill(cr);
    }
    path(cr, d->scalp, x, y, size);
    cairo_set_source_rgb(cr, 0.45, 0.36, 0.30);
    cairo_set_line_width(cr, 0.9);
    cairo_stroke(cr);
    cairo_restore(cr);
}

}  // namespace hc::handout::detail
