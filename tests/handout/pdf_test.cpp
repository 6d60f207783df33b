// The PDF read back with poppler: content of real vignettes, hostile names intact, page
// numbers on a long handout, paper sizes, and the preview images.
#include <catch2/catch.hpp>

#include <map>

#include <regex>

#include "handout/pdf.h"
#include "support.h"

using namespace hc;
using namespace hc::handout;
using namespace hc::handout::test;

namespace {

// Keeps a copy of a rendered PDF for looking at by hand (HC_HANDOUT_KEEP=<folder>).
void keep(const std::string& name, const std::string& pdf) {
    if (const char* dir = std::getenv("HC_HANDOUT_KEEP"); dir != nullptr && *dir) write_file(std::filesystem::path(dir) / name, pdf);
}

std::string option_title(const std::string& id) {
    const int i = pack().find_option(id);
    REQUIRE(i >= 0);
    return pack().options[static_cast<std::size_t>(i)].title;
}

}  // namespace

TEST_CASE("vignette handouts read back with their content", "[handout][pdf]") {
    install_glib_guard();
    if (!has_vignettes()) HC_SKIP("shared vignettes not found at " + vignette_dir().string() + " (set HAIRCONSULT_VIGNETTES)");
    const int warnings_before = glib_warnings();

    for (const char* id : {"v01", "v02", "v03", "v04", "v05", "v07", "v10", "v12", "v13", "v14", "v16", "v22"}) {
        DYNAMIC_SECTION("vignette " << id) {
            const Case c = vignette_case(id);
            const Handout h = compose(c.input());
            const Document doc(h);
            const std::string pdf = doc.pdf();
            keep(std::string(id) + ".pdf", pdf);
            const auto pages = pdf_pages(pdf);
            const std::string text = squash(joined(pages));

            REQUIRE(static_cast<int>(pages.size()) == doc.page_count());
            CHECK(doc.page_count() >= 1);
            // Short by default: at most four pages (the patient's own questions, red flags and
            // the sources can add a page), and three for a man with pattern loss alone (v01).
            INFO("options explained: " << h.options.size());
            CHECK(doc.page_count() <= 4);
            if (std::string(id) == "v01") CHECK(doc.page_count() <= 3);
            CHECK(text.find(squash("Riverside Hair Clinic")) != std::string::npos);
            CHECK(text.find(squash("Alex Example")) != std::string::npos);
            CHECK(text.find(squash("21 November 2026")) != std::string::npos);
            for (int p = 1; p <= doc.page_count(); ++p) {
                CHECK(squash(pages[static_cast<std::size_t>(p - 1)]).find(squash("Page " + std::to_string(p) + " of " + std::to_string(doc.page_count()))) != std::string::npos);
            }
            // Every section the model holds is on paper: titles and patient text of the pack,
            // read without the running header and footer a page break puts inside a paragraph.
            const std::string body = squash(body_text(pages, h));
            for (const auto& a : h.assessments) {
                CHECK(body.find(squash(a.title)) != std::string::npos);
                CHECK(body.find(squash(a.what)) != std::string::npos);
            }
            for (const auto& o : h.options) {
                CHECK(body.find(squash(o.title)) != std::string::npos);
                CHECK(body.find(squash(o.text.how)) != std::string::npos);
                CHECK(body.find(squash(o.text.watch_for)) != std::string::npos);
            }
            for (const auto& u : h.unproven) CHECK(body.find(squash(u.title)) != std::string::npos);
            for (const auto& a : h.asked) {
                CHECK(body.find(squash(a.title)) != std::string::npos);
                CHECK(body.find(squash(a.answer)) != std::string::npos);
                for (const auto& r : a.reasons) CHECK(body.find(squash(r)) != std::string::npos);
            }
            for (const auto& o : h.options)
                for (const auto& r : o.for_you) CHECK(body.find(squash(r)) != std::string::npos);
            for (const auto& r : h.red_flags) {
                CHECK(body.find(squash(r.title)) != std::string::npos);
                CHECK(body.find(squash(r.what)) != std::string::npos);
            }
            for (const auto& w : h.workup) {
                CHECK(body.find(squash(w.title)) != std::string::npos);
                CHECK(body.find(squash(w.what)) != std::string::npos);
            }
            if (!h.workup.empty()) {
                CHECK(body.find(squash(h.labels.workup)) != std::string::npos);
                CHECK(body.find(squash(h.workup_intro)) != std::string::npos);
            }
            for (const auto& ref : h.references) CHECK(body.find(squash(ref)) != std::string::npos);
            CHECK(body.find(squash(h.disclaimer)) != std::string::npos);
            CHECK(body.find(squash(h.come_back)) != std::string::npos);
            CHECK(body.find(squash(h.trial_registries)) != std::string::npos);
            CHECK(body.find(squash(h.references_intro)) != std::string::npos);
        }
    }
    CHECK(glib_warnings() == warnings_before);
}

TEST_CASE("v01: minoxidil explained, stem cells not offered as an option", "[handout][pdf]") {
    install_glib_guard();
    if (!has_vignettes()) HC_SKIP("shared vignettes not found");
    const Case c = vignette_case("v01");
    const Handout h = compose(c.input());
    const std::string text = squash(joined(pdf_pages(Document(h).pdf())));
    CHECK(text.find(squash(option_title("topical_minoxidil"))) != std::string::npos);
    // The transplant is "not now" for a 19-year-old: not among the options explained.
    for (const auto& o : h.options) CHECK(o.id != "hair_transplant");
    REQUIRE(h.diagram.has_value());
    CHECK(h.diagram->code == "3");
}

TEST_CASE("v07: the stem cells and exosomes he asked about are answered as trial only, never offered", "[handout][pdf]") {
    install_glib_guard();
    if (!has_vignettes()) HC_SKIP("shared vignettes not found");
    const Case c = vignette_case("v07");
    const Handout h = compose(c.input());
    std::map<std::string, std::string> asked;
    for (const auto& a : h.asked) asked[a.id] = a.verdict;
    CHECK(asked["stem_cell_injection"] == "trial_only");
    CHECK(asked["exosome_therapy"] == "trial_only");
    for (const auto& o : h.options) CHECK(o.id != "stem_cell_injection");
    for (const auto& u : h.unproven) CHECK(asked.count(u.id) == 0);  // answered once, not twice
    const std::string text = squash(body_text(pdf_pages(Document(h).pdf()), h));
    CHECK(text.find(squash(h.labels.asked)) != std::string::npos);
    CHECK(text.find(squash(h.trial_registries)) != std::string::npos);
}

TEST_CASE("hostile and international names come out intact in the PDF text", "[handout][pdf][unicode]") {
    install_glib_guard();
    const int warnings_before = glib_warnings();
    const Case c = case_from_answers({{"age_years", 40}, {"sex_at_birth", "female"}, {"chief_complaint", "gradual_thinning"}});
    const std::string long_name = [] {
        std::string s;
        for (int i = 0; i < 12; ++i) s += "Bartholomew-Maximilian ";
        return s + "von Lichtenstein-Oberhausen";
    }();
    const std::vector<std::string> names = {
        "<script>alert(1)</script>",
        "O'Brien & Sons <span",
        "\"Quoted\" 'Name' & <b>bold</b>",
        "Zoë Ångström-Müller",
        "\u0641\u0627\u0637\u0645\u0629 \u0627\u0644\u0632\u0647\u0631\u0627\u0621",  // Fatima al-Zahra, Arabic
        "\u674e\u5c0f\u9f99",                                                          // CJK
        "\u0394\u03b7\u03bc\u03ae\u03c4\u03c1\u03b7\u03c2 \u03a0\u03b1\u03c0\u03b1\u03b4\u03cc\u03c0\u03bf\u03c5\u03bb\u03bf\u03c2",  // Greek
        long_name,
    };
    for (const auto& name : names) {
        DYNAMIC_SECTION("name " << name.substr(0, 30)) {
            const Handout h = compose(c.input(name));
            const std::string pdf = Document(h).pdf();
            const std::string text = joined(pdf_pages(pdf));
            if (name.find('\xd9') != std::string::npos) {
                // poppler may give right-to-left words in visual or logical order; each word is intact.
                CHECK(squash(text).find(squash("\u0641\u0627\u0637\u0645\u0629")) != std::string::npos);
                CHECK(squash(text).find(squash("\u0627\u0644\u0632\u0647\u0631\u0627\u0621")) != std::string::npos);
            } else {
                CHECK(squash(text).find(squash(name)) != std::string::npos);
            }
        }
    }
    CHECK(glib_warnings() == warnings_before);
}

TEST_CASE("a long handout paginates with correct page numbers", "[handout][pdf]") {
    install_glib_guard();
    if (!has_vignettes()) HC_SKIP("shared vignettes not found");
    const Case c = vignette_case("v02");
    Input in = c.input();
    // Every option of the pack explained: far more than a normal handout.
    std::vector<std::string> all;
    for (const auto& o : pack().options) all.push_back(o.id);
    in.chosen_options = all;
    const Handout h = compose(in);
    const Document doc(h);
    const auto pages = pdf_pages(doc.pdf());
    REQUIRE(doc.page_count() >= 4);
    REQUIRE(static_cast<int>(pages.size()) == doc.page_count());
    const std::regex footer("Page (\\d+) of (\\d+)");
    for (std::size_t p = 0; p < pages.size(); ++p) {
        std::smatch m;
        REQUIRE(std::regex_search(pages[p], m, footer));
        CHECK(std::stoi(m[1]) == static_cast<int>(p + 1));
        CHECK(std::stoi(m[2]) == doc.page_count());
        // The running header repeats on every page.
        CHECK(pages[p].find("Riverside Hair Clinic") != std::string::npos);
    }
    // Nothing lost at the page breaks: every explained option's text is there, in order.
    const std::string text = squash(joined(pages));
    std::size_t last = 0;
    for (const auto& o : h.options) {
        const auto at = text.find(squash(o.title), last);
        CHECK(at != std::string::npos);
        if (at != std::string::npos) last = at;
        CHECK(text.find(squash(o.text.what)) != std::string::npos);
    }
}

TEST_CASE("A4 and Letter page sizes", "[handout][pdf]") {
    install_glib_guard();
    const Case c = case_from_answers({{"age_years", 35}, {"sex_at_birth", "male"}, {"chief_complaint", "receding_hairline"}});
    for (const auto paper : {Paper::A4, Paper::Letter}) {
        Input in = c.input();
        in.settings.paper = paper;
        const Document doc(compose(in));
        TempDir dir;
        write_file(dir / "p.pdf", doc.pdf());
        const std::string info = run("pdfinfo " + quote(dir / "p.pdf"));
        if (paper == Paper::A4) {
            CHECK(doc.page_width_pt() == Approx(595.28).margin(0.01));
            CHECK(info.find("595.276 x 841.89") != std::string::npos);
        } else {
            CHECK(doc.page_width_pt() == Approx(612));
            CHECK(info.find("612 x 792") != std::string::npos);
        }
        CHECK(info.find("Title:           Patient handout") != std::string::npos);
    }
}

TEST_CASE("preview renders pages as opaque RGBA images", "[handout][preview]") {
    install_glib_guard();
    const Case c = case_from_answers({{"age_years", 35}, {"sex_at_birth", "male"}, {"chief_complaint", "receding_hairline"}});
    const Document doc(compose(c.input()));
    const Image img = doc.render_page(0, 1.0);
    CHECK(img.width == 595);
    CHECK(img.height == 842);
    REQUIRE(img.rgba.size() == static_cast<std::size_t>(img.width * img.height * 4));
    int ink = 0, transparent = 0;
    for (std::size_t i = 0; i < img.rgba.size(); i += 4) {
        if (img.rgba[i + 3] != 255) ++transparent;
        if (img.rgba[i] < 128) ++ink;
    }
    CHECK(transparent == 0);
    CHECK(ink > 1000);  // text was drawn, not a blank page
    const Image big = doc.render_page(0, 2.0);
    CHECK(big.width == 1191);
    CHECK_THROWS_AS(doc.render_page(doc.page_count(), 1.0), HandoutError);
    CHECK_THROWS_AS(doc.render_page(-1, 1.0), HandoutError);
    CHECK_THROWS_AS(doc.render_page(0, 0.0), HandoutError);
}
