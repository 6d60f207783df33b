// Printing for real: a private cupsd with the cups-pdf printer (private-cupsd beside this
// file), a handout sent to it, and the PDF cups-pdf produced found and read back.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <thread>

#include "handout/pdf.h"
#include "handout/print.h"
#include "private_cups.h"
#include "support.h"

using namespace hc;
using namespace hc::handout;
using namespace hc::handout::test;

namespace {

// A small grey picture of a page: 0.25 pixels per point (18 dpi).
constexpr double kThumbScale = 0.25;
struct Gray {
    int width = 0, height = 0;
    std::vector<int> px;
};

Gray gray(const Image& img) {
    Gray g{img.width, img.height, {}};
    for (std::size_t i = 0; i < img.rgba.size(); i += 4) g.px.push_back((img.rgba[i] * 30 + img.rgba[i + 1] * 59 + img.rgba[i + 2] * 11) / 100);
    return g;
}

// Page 1 of a PDF as poppler draws it, read from a binary PGM.
Gray printed_page(const std::filesystem::path& pdf, const std::filesystem::path& dir) {
    run("pdftoppm -f 1 -l 1 -r 18 -gray " + quote(pdf) + " " + quote(dir / "thumb") + " 2>/dev/null");
    std::filesystem::path pgm;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        if (e.path().extension() == ".pgm") pgm = e.path();
    }
    const std::string bytes = read_file(pgm);
    std::istringstream in(bytes);
    std::string magic;
    int maxval = 0;
    Gray g;
    in >> magic >> g.width >> g.height >> maxval;
    in.get();
    REQUIRE(magic == "P5");
    for (int i = 0; i < g.width * g.height; ++i) g.px.push_back(static_cast<unsigned char>(in.get()));
    return g;
}

// How alike two pages are laid out: the correlation of their row ink profiles (how dark
// each pixel row is on average). Lines of text, headings and boxes at the same heights give
// a value near 1; anti-aliasing and font outlines barely matter.
double likeness(const Gray& a, const Gray& b) {
    REQUIRE(std::abs(a.width - b.width) <= 2);
    REQUIRE(std::abs(a.height - b.height) <= 2);
    const int w = std::min(a.width, b.width), h = std::min(a.height, b.height);
    std::vector<double> ra(static_cast<std::size_t>(h)), rb(static_cast<std::size_t>(h));
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            ra[static_cast<std::size_t>(y)] += 255 - a.px[static_cast<std::size_t>(y * a.width + x)];
            rb[static_cast<std::size_t>(y)] += 255 - b.px[static_cast<std::size_t>(y * b.width + x)];
        }
    }
    auto mean = [](const std::vector<double>& v) { double s = 0; for (double d : v) s += d; return s / static_cast<double>(v.size()); };
    const double ma = mean(ra), mb = mean(rb);
    double cov = 0, va = 0, vb = 0;
    for (std::size_t i = 0; i < ra.size(); ++i) {
        cov += (ra[i] - ma) * (rb[i] - mb);
        va += (ra[i] - ma) * (ra[i] - ma);
        vb += (rb[i] - mb) * (rb[i] - mb);
    }
    return va > 0 && vb > 0 ? cov / std::sqrt(va * vb) : 0;
}

std::vector<std::filesystem::path> pdfs_in(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
        if (e.path().extension() == ".pdf") out.push_back(e.path());
    }
    return out;
}

}  // namespace

TEST_CASE("a handout printed through a private cupsd comes out of cups-pdf", "[handout][print][cups]") {
    install_glib_guard();
    PrivateCups cups;
    if (!cups.reason().empty()) HC_SKIP("cupsd cannot run here, print test skipped: " + cups.reason());

    const auto printers = list_printers(cups.server());
    REQUIRE(printers.size() == 1);
    CHECK(printers[0].name == "hc-pdf");
    CHECK(printers[0].state == "idle");

    if (!has_vignettes()) HC_SKIP("shared vignettes not found");
    const Case c = vignette_case("v01");  // a finished consultation: a real handout, not the "not finished" sheet
    const std::string secret_name = "Printtest Patientname";
    const Document doc(compose(c.input(secret_name)));
    const int job = print_pdf(doc.pdf(), "hc-pdf", cups.server(), "42");
    CHECK(job > 0);

    // cups-pdf converts through PostScript and Ghostscript: allow it time, and use the file
    // only once it is a complete PDF (Ghostscript writes it in place).
    std::vector<std::filesystem::path> found;
    std::string info;
    for (int i = 0; i < 600 && info.empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        found = pdfs_in(cups.out());
        if (found.size() != 1) continue;
        try {
            info = run("pdfinfo " + quote(found[0]) + " 2>/dev/null");
        } catch (const std::exception&) {
            info.clear();  // not complete yet
        }
    }
    REQUIRE(found.size() == 1);
    REQUIRE_FALSE(info.empty());
    // The job title (which cups-pdf uses as the file name and the PDF title, and queues keep)
    // has no patient name.
    const std::string file_name = found[0].filename().string();
    CHECK(file_name.find("hairconsult-handout-42") != std::string::npos);
    CHECK(file_name.find("Printtest") == std::string::npos);
    CHECK(info.find("Printtest") == std::string::npos);
    CHECK(info.find("Pages:           " + std::to_string(doc.page_count()) + "\n") != std::string::npos);

    // The PostScript round trip turns text into outlines, so compare pictures instead: page 1
    // of the printed PDF must look like our page 1, and much less like another handout's.
    const Gray printed = printed_page(found[0], cups.out());
    const double same = likeness(printed, gray(doc.render_page(0, kThumbScale)));
    const Case other_case = vignette_case("v13");  // a child with a scalp infection: another handout
    Input other_in = other_case.input("Someone Else");
    other_in.settings.clinic_name = "A Different Clinic With A Longer Name";
    const double other = likeness(printed, gray(Document(compose(other_in)).render_page(0, kThumbScale)));
    INFO("likeness to our page " << same << ", to another handout " << other);
    CHECK(same > 0.7);
    CHECK(other < same - 0.2);
}

TEST_CASE("printing to a printer that does not exist names it", "[handout][print][cups]") {
    PrivateCups cups;
    if (!cups.reason().empty()) HC_SKIP("cupsd cannot run here: " + cups.reason());
    try {
        print_pdf(std::string("%PDF-1.4\n"), "no-such-printer", cups.server());
        FAIL("printing to a missing printer succeeded");
    } catch (const PrintError& e) {
        CHECK(e.kind() == PrintError::Kind::NoPrinter);
        CHECK(std::string(e.what()).find("no-such-printer") != std::string::npos);
    }
}

TEST_CASE("with no CUPS server the message says so and offers Save as PDF", "[handout][print]") {
    TempDir dir;  // a socket path nobody listens on
    const std::string nowhere = (dir / "no-cups.sock").string();
    try {
        list_printers(nowhere);
        FAIL("listing printers without a server succeeded");
    } catch (const PrintError& e) {
        CHECK(e.kind() == PrintError::Kind::NoServer);
        CHECK(std::string(e.what()).find("CUPS") != std::string::npos);
        CHECK(std::string(e.what()).find("Save it as a PDF") != std::string::npos);
    }
    CHECK_THROWS_AS(print_pdf(std::string("%PDF-1.4\n"), "any", nowhere), PrintError);
}

TEST_CASE("job titles keep only id characters", "[handout][print]") {
    CHECK(job_title("") == "hairconsult-handout");
    CHECK(job_title("42") == "hairconsult-handout-42");
    CHECK(job_title("O'Brien <b> 7") == "hairconsult-handout-OBrienb7");
    CHECK(job_title(std::string(100, 'x')).size() == std::string("hairconsult-handout-").size() + 32);
}
