// The handout laid out on pages (Pango + Cairo): PDF bytes for saving and printing, and page
// images for the app's preview. Both come from one layout, so the preview is the PDF.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "handout/handout.h"

namespace hc::handout {

// A page image: straight (not premultiplied) RGBA, 4 bytes per pixel, rows top to bottom,
// no padding between rows. Ready for an OpenGL RGBA texture.
struct Image {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba;
};

class Document {
public:
    // Lays the handout out: Pango breaks the lines, this breaks the pages (headings kept with
    // what follows, no single first line left at the foot of a page). Never throws for any
    // text that compose() produced.
    explicit Document(const Handout& handout);
    ~Document();
    Document(Document&&) noexcept;
    Document& operator=(Document&&) noexcept;

    int page_count() const;
    double page_width_pt() const;   // 595.28 for A4, 612 for Letter
    double page_height_pt() const;  // 841.89 for A4, 792 for Letter

    // The whole handout as a PDF (title metadata is generic: no patient name).
    // Throws HandoutError when cairo reports an error.
    std::string pdf() const;

    // Page `index` (0-based) at `pixels_per_point` (1.0 = 72 dpi; 2.0 suits a HiDPI preview),
    // on white. Throws HandoutError for an index out of range or a scale outside 0.1..8.
    Image render_page(int index, double pixels_per_point) const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

// Convenience: compose-free rendering of a ready handout to PDF bytes.
std::string render_pdf(const Handout& handout);

}  // namespace hc::handout
