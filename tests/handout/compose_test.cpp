// The handout model: what compose() takes from the pack and the result, and what it refuses.
#include <catch2/catch.hpp>

#include "support.h"

using namespace hc;
using namespace hc::handout;
using namespace hc::handout::test;

namespace {
bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }
}  // namespace

TEST_CASE("default choice is the first-line and consider options, never unproven ones", "[handout][compose]") {
    if (!has_vignettes()) HC_SKIP("shared vignettes not found");
    for (const char* id : {"v01", "v02", "v07", "v14"}) {
        const Case c = vignette_case(id);
        const auto chosen = default_choice(pack(), c.result);
        for (const auto& r : c.result.options) {
            const Option& o = pack().options[static_cast<std::size_t>(r.option)];
            const bool expected = !o.unproven && (r.verdict == Verdict::FirstLine || r.verdict == Verdict::Consider);
            CHECK(has(chosen, o.id) == expected);
        }
        const Handout h = compose(c.input());
        CHECK(h.option_ids() == chosen);
    }
}

TEST_CASE("compose copies the pack's patient text and numbers the references", "[handout][compose]") {
    if (!has_vignettes()) HC_SKIP("shared vignettes not found");
    const Case c = vignette_case("v01");
    const Handout h = compose(c.input());
    REQUIRE_FALSE(h.assessments.empty());
    CHECK(h.assessments.front().id == "androgenetic_alopecia_male");
    const Finding& f = pack().assessments[static_cast<std::size_t>(pack().find_assessment("androgenetic_alopecia_male"))];
    CHECK(h.assessments.front().what == f.patient.what);
    REQUIRE_FALSE(h.options.empty());
    const Option& minox = pack().options[static_cast<std::size_t>(pack().find_option("topical_minoxidil"))];
    const auto it = std::find_if(h.options.begin(), h.options.end(), [](const OptionSection& o) { return o.id == "topical_minoxidil"; });
    REQUIRE(it != h.options.end());
    CHECK(it->text.how == minox.patient.how);
    CHECK(h.disclaimer == pack().handout_text.at("disclaimer"));
    CHECK(h.title == pack().handout_text.at("title"));
    CHECK(h.come_back == pack().handout_text.at("come_back"));
    // Every citation number points into the reference list; every reference is cited.
    std::vector<bool> cited(h.references.size(), false);
    auto mark = [&](const std::vector<int>& cites) {
        for (const int n : cites) {
            REQUIRE(n >= 1);
            REQUIRE(n <= static_cast<int>(h.references.size()));
            cited[static_cast<std::size_t>(n - 1)] = true;
        }
    };
    for (const auto& a : h.assessments) mark(a.cites);
    for (const auto& o : h.options) mark(o.cites);
    for (const auto& u : h.unproven) mark(u.cites);
    for (const auto& r : h.red_flags) mark(r.cites);
    CHECK(std::all_of(cited.begin(), cited.end(), [](bool b) { return b; }));
    CHECK(std::find(h.references.begin(), h.references.end(), "") == h.references.end());
}

TEST_CASE("the caller may edit the chosen options", "[handout][compose]") {
    if (!has_vignettes()) HC_SKIP("shared vignettes not found");
    const Case c = vignette_case("v01");
    Input in = c.input();
    in.chosen_options = std::vector<std::string>{"oral_finasteride", "topical_minoxidil", "oral_finasteride"};
    const Handout h = compose(in);
    CHECK(h.option_ids() == std::vector<std::string>{"oral_finasteride", "topical_minoxidil"});
    in.chosen_options = std::vector<std::string>{};
    CHECK(compose(in).options.empty());
    in.chosen_options = std::vector<std::string>{"snake_oil"};
    CHECK_THROWS_WITH(compose(in), Catch::Contains("snake_oil"));
}

TEST_CASE("red flags and the stage diagram where they apply", "[handout][compose]") {
    if (!has_vignettes()) HC_SKIP("shared vignettes not found");
    const Case v04 = vignette_case("v04");
    const Handout h4 = compose(v04.input());
    CHECK_FALSE(h4.red_flags.empty());
    for (const auto& r : h4.red_flags) CHECK_FALSE(r.what.empty());
    const Case v02 = vignette_case("v02");
    const Handout h2 = compose(v02.input());
    REQUIRE(h2.diagram.has_value());
    CHECK(h2.diagram->scale == StageScale::Ludwig);
    CHECK(h2.diagram->code == "2");
    const Case v16 = vignette_case("v16");
    CHECK_FALSE(compose(v16.input()).diagram.has_value());
}

TEST_CASE("compose refuses missing input and cleans text", "[handout][compose]") {
    Input empty;
    CHECK_THROWS_AS(compose(empty), HandoutError);
    const Case c = case_from_answers({{"age_years", 40}, {"sex_at_birth", "female"}});
    Input in = c.input(std::string("Ann\0a\x01 \xff Lee\n", 13), "not a date");
    const Handout h = compose(in);
    CHECK(h.patient_name == "Anna \xEF\xBF\xBD Lee");
    CHECK(h.date == "not a date");
    in.settings.margin_mm = 500;
    CHECK(compose(in).margin_mm == 40.0);
}
