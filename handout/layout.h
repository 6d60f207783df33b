// Internal to handout/: the block model the PDF and the preview share. Turns a Handout into
// Pango layouts, breaks them into pages, and draws one page onto a cairo context.
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>
#include <string>
#include <vector>

#include "handout/handout.h"

namespace hc::handout::detail {

struct GObjectUnref {
    void operator()(void* p) const { if (p != nullptr) g_object_unref(p); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectUnref>;
using ContextPtr = std::unique_ptr<PangoContext, GObjectUnref>;

struct Rgb { double r, g, b; };

enum class BlockKind { Text, Diagram, Callout };

struct Line {
    double top = 0, bottom = 0, baseline = 0, x = 0;  // points, relative to the layout
};

struct Block {
    BlockKind kind = BlockKind::Text;
    LayoutPtr layout;
    Rgb color{0, 0, 0};
    double x = 0;              // left edge relative to the content box
    double space_before = 0;
    double space_after = 0;
    bool keep_with_next = false;
    double min_height = 0;     // diagram blocks: the picture's height
    std::vector<Line> lines;
};

struct Fragment {
    int block = 0;
    int first_line = 0, end_line = 0;  // [first, end)
    double y = 0;                      // page y of the first line's top
    double height = 0;
};

struct Page {
    std::vector<Fragment> fragments;
};

struct Geometry {
    double width = 0, height = 0;   // page, points
    double margin = 0;
    double content_top = 0, content_bottom = 0;
    double content_width() const { return width - 2 * margin; }
};

// Everything one laid-out handout needs to draw any page again.
struct Laid {
    Handout handout;
    Geometry geo;
    ContextPtr context;
    std::vector<Block> blocks;
    std::vector<Page> pages;
};

// Builds the blocks and pages. Never throws for text compose() produced.
void lay_out(Laid& laid);

// Draws page `index` (header, content, footer) in points onto `cr`.
void draw_page(const Laid& laid, int index, cairo_t* cr);

// Draws the stage diagram in a square of `size` points with its top-left corner at (x, y).
void draw_stage_diagram(cairo_t* cr, StageScale scale, const std::string& code, double x, double y, double size);

}  // namespace hc::handout::detail
