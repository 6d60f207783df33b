// Document: one layout, rendered to PDF for saving/printing and to images for the preview.
#include "handout/pdf.h"

#include <cairo-pdf.h>

#include "handout/layout.h"

namespace hc::handout {

struct Document::Impl {
    detail::Laid laid;
};

namespace {

constexpr double kMmToPt = 72.0 / 25.4;

detail::Geometry geometry(const Handout& h) {
    detail::Geometry g;
    if (h.paper == Paper::Letter) { g.width = 612.0; g.height = 792.0; }
    else { g.width = 595.2756; g.height = 841.8898; }
    g.margin = h.margin_mm * kMmToPt;
    g.content_top = g.margin + 34;         // below the running header
    g.content_bottom = g.height - g.margin - 26;  // above the footer
    return g;
}

// A Pango context in points with hinting off, so line breaks do not depend on the target
// (PDF or a preview image at any scale): the preview shows exactly the PDF's pages.
detail::ContextPtr make_context() {
    PangoFontMap* map = pango_cairo_font_map_get_default();  // per thread, owned by Pango
    detail::ContextPtr ctx(pango_font_map_create_context(map));
    cairo_font_options_t* fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(ctx.get(), fo);
    cairo_font_options_destroy(fo);
    pango_cairo_context_set_resolution(ctx.get(), 72.0);
    pango_context_set_base_dir(ctx.get(), PANGO_DIRECTION_LTR);
    return ctx;
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

}  // namespace

Document::Document(const Handout& handout) : impl_(std::make_unique<Impl>()) {
    impl_->laid.handout = handout;
    impl_->laid.geo = geometry(handout);
    impl_->laid.context = make_context();
    detail::lay_out(impl_->laid);
}

Document::~Document() = default;
Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;

int Document::page_count() const { return static_cast<int>(impl_->laid.pages.size()); }
double Document::page_width_pt() const { return impl_->laid.geo.width; }
double Document::page_height_pt() const { return impl_->laid.geo.height; }

std::string Document::pdf() const {
    std::string out;
    const auto& g = impl_->laid.geo;
    cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &out, g.width, g.height);
    // Generic metadata only: PDF properties are visible in viewers and print queues.
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "Patient handout");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "hairconsult");
    cairo_t* cr = cairo_create(surface);
    for (int i = 0; i < page_count(); ++i) {
        detail::draw_page(impl_->laid, i, cr);
        cairo_show_page(cr);
    }
    const cairo_status_t drawn = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    const cairo_status_t finished = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (drawn != CAIRO_STATUS_SUCCESS || finished != CAIRO_STATUS_SUCCESS) {
        throw HandoutError(std::string("could not write the PDF: ") +
                           cairo_status_to_string(drawn != CAIRO_STATUS_SUCCESS ? drawn : finished));
    }
    return out;
}

Image Document::render_page(int index, double scale) const {
    if (index < 0 || index >= page_count()) {
        throw HandoutError("page " + std::to_string(index + 1) + " does not exist (the handout has " +
                           std::to_string(page_count()) + ")");
    }
    if (!(scale >= 0.1 && scale <= 8.0)) throw HandoutError("preview scale must be between 0.1 and 8");
    const auto& g = impl_->laid.geo;
    Image img;
    img.width = static_cast<int>(g.width * scale + 0.5);
    img.height = static_cast<int>(g.height * scale + 0.5);
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, img.width, img.height);
    cairo_t* cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    detail::draw_page(impl_->laid, index, cr);
    const cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    if (status != CAIRO_STATUS_SUCCESS || cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        throw HandoutError(std::string("could not render the page: ") + cairo_status_to_string(status));
    }
    // Cairo's ARGB32 is premultiplied, native-endian 32-bit; the page is opaque (white
    // background), so unpremultiplying is only a channel reorder.
    const unsigned char* data = cairo_image_surface_get_data(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    img.rgba.resize(static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height) * 4);
    for (int y = 0; y < img.height; ++y) {
        const auto* row = reinterpret_cast<const std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
        std::uint8_t* out = img.rgba.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(img.width) * 4;
        for (int x = 0; x < img.width; ++x) {
            const std::uint32_t p = row[x];
            out[4 * x + 0] = static_cast<std::uint8_t>(p >> 16);
            out[4 * x + 1] = static_cast<std::uint8_t>(p >> 8);
            out[4 * x + 2] = static_cast<std::uint8_t>(p);
            out[4 * x + 3] = static_cast<std::uint8_t>(p >> 24);
        }
    }
    cairo_surface_destroy(surface);
    return img;
}

std::string render_pdf(const Handout& handout) { return Document(handout).pdf(); }

}  // namespace hc::handout
