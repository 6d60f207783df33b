// The handout model: what compose() takes from the pack and the result, and what it refuses.
#include <catch2/catch.hpp>

#include "handout/html.h"
#include "support.h"

using namespace hc;
using namespace hc::handout;
using namespace hc::handout::test;

namespace {
bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }
}  // namespace

TEST_CASE("default choice: every first-line option, a short list of 'consider' ones, what was asked, never unproven", "[handout][compose]") {
    if (!has_vignettes()) HC_SKIP("shared vignettes not found");
    for (const char* id : {"v01", "v02", "v07", "v14", "v41", "v45"}) {
        const Case c = vignette_case(id);
        INFO(id);
        const auto chosen = default_choice(pack(), c.answers, c.result);
        std::size_t before = 0;  // options chosen so far, in result order
        const auto* asked_codes = std::get_if<Codes>(&c.answers.get(pack().questionnaire.find("asked_about")));
        const Codes asked = asked_codes ? *asked_codes : Codes{};
        for (const auto& r : c.result.options) {
            const Option& o = pack().options[static_cast<std::size_t>(r.option)];
            const bool was_asked = std::find(asked.begin(), asked.end(), o.id) != asked.end();
            const bool expected = !o.unproven && (r.verdict == Verdict::FirstLine ||
                                                  (r.verdict == Verdict::Consider && (before < 4 || was_asked)));
            CHECK(has(chosen, o.id) == expected);
            if (has(chosen, o.id)) ++before;
        }
        const Handout h = compose(c.input());
        CHECK(h.option_ids() == chosen);
    }
}

TEST_CASE("an unfinished consultation prints the 'not finished yet' sheet and nothing clinical", "[handout][compose]") {
    if (!has_vignettes()) HC_SKIP("shared vignettes not found");
    const Case c = vignette_case("v16");
    CHECK(default_choice(pack(), c.answers, c.result).empty());
    const Handout h = compose(c.input());
    CHECK(h.unfinished);
    CHECK(h.unfinished_text == pack().handout_text.at("not_finished"));
    CHECK_FALSE(h.still_needed.empty());
    CHECK(h.assessments.empty());
    CHECK(h.options.empty());
    CHECK(h.asked.empty());
    CHECK(h.intro.empty());  // the intro promises to explain the cause
    const std::string html = render_html(h);
    CHECK(html.find("data-unfinished") != std::string::npos);
    CHECK(html.find("data-option") == std::string::npos);
}

TEST_CASE("every option a patient can ask about is answered in the handout, whatever its verdict", "[handout][compose]") {
    if (!has_vignettes()) HC_SKIP("shared vignettes not found");
    const Slot asked = pack().questionnaire.find("asked_about");
    REQUIRE(asked >= 0);
    for (const char* id : {"v01", "v10", "v13", "v39", "v42"}) {
        for (const auto& code : pack().questionnaire.items[static_cast<std::size_t>(asked)].options) {
            if (code.code == "none") continue;
            Case c = vignette_case(id);
            c.answers.set(pack().questionnaire, asked, Codes{code.code});
            c.result = evaluate(pack(), c.answers);
            const Handout h = compose(c.input());
            INFO(id << " asks about " << code.code);
            REQUIRE(h.asked.size() == 1);
            CHECK(h.asked[0].id == code.code);
            CHECK_FALSE(h.asked[0].verdict.empty());
            CHECK_FALSE(h.asked[0].answer.empty());
            CHECK_FALSE(h.asked[0].reasons.empty());  // a plain reason, not only the verdict
            const std::string html = render_html(h);
            CHECK(html.find("data-asked=\"" + code.code + "\" data-verdict=\"" + h.asked[0].verdict + "\"") != std::string::npos);
            // A ruled-out option is answered, never offered as a choice.
            if (h.asked[0].verdict != "first_line" && h.asked[0].verdict != "consider")
                CHECK(html.find("data-option=\"" + code.code + "\"") == std::string::npos);
        }
    }
}

TEST_CASE("compose copies the pack's patient text and numbers the references", "[handout][compose]") {
    if (!has_vignettes()) HC_SKIP("shared vignettes not found");
    const Case c = vignette_case("v01");
    const Handout h = compose(c.input());
    REQUIRE_FALSE(h.assessments.empty());
    CHECK(h.assessments.front().id == "androgenetic_alopecia_male");
    const Finding& f = pack().assessments[static_cast<std::size_t>(pack().find_assessment("androgenetic_alopecia_male"))];
    CHECK(h.assessments.front().what.rfind(f.patient.what, 0) == 0);  // generic text first, then passages
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
    for (const auto& a : h.asked) mark(a.cites);
    for (const auto& w : h.workup) mark(w.cites);
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

namespace {
const Finding& red_flag(const std::string& id) { return pack().red_flags[static_cast<std::size_t>(pack().find_red_flag(id))]; }
}  // namespace

TEST_CASE("findings and options carry the patient's title, falling back to the clinical one", "[handout][compose]") {
    if (!has_vignettes()) HC_SKIP("shared vignettes not found");
    const Case v04 = vignette_case("v04");
    const Handout h = compose(v04.input());
    REQUIRE_FALSE(h.red_flags.empty());
    for (const auto& r : h.red_flags) {
        const Finding& f = red_flag(r.id);
        CHECK(r.title == f.patient.title);
        CHECK(r.title != f.title);
    }
    REQUIRE_FALSE(h.assessments.empty());
    for (const auto& a : h.assessments) {
        const Finding& f = pack().assessments[static_cast<std::size_t>(pack().find_assessment(a.id))];
        CHECK(a.title == f.patient.title);
    }
    // A postmenopausal woman may be offered finasteride: its title names no dose for men.
    const auto fin = std::find_if(h.options.begin(), h.options.end(), [](const OptionSection& o) { return o.id == "oral_finasteride"; });
    REQUIRE(fin != h.options.end());
    CHECK(fin->title.find("1 mg") == std::string::npos);

    // Without a patient title the clinical title is used, never an empty heading.
    Pack bare = load_pack(HC_PACK_DIR);  // a pack is move-only; load a second one to edit
    for (auto& f : bare.red_flags) f.patient.title.clear();
    for (auto& f : bare.assessments) f.patient.title.clear();
    Input in = v04.input();
    in.pack = &bare;
    const Handout hb = compose(in);
    REQUIRE(hb.red_flags.size() == h.red_flags.size());
    for (const auto& r : hb.red_flags) CHECK(r.title == red_flag(r.id).title);
    for (const auto& a : hb.assessments) CHECK_FALSE(a.title.empty());
}

TEST_CASE("the tests the result suggests are explained in the patient's words", "[handout][compose]") {
    if (!has_vignettes()) HC_SKIP("shared vignettes not found");
    for (const char* id : {"v04", "v13", "v03"}) {
        DYNAMIC_SECTION("vignette " << id) {
            const Case c = vignette_case(id);
            REQUIRE_FALSE(c.result.workup.empty());
            const Handout h = compose(c.input());
            REQUIRE(h.workup.size() == c.result.workup.size());
            for (std::size_t i = 0; i < h.workup.size(); ++i) {
                const Finding& f = pack().workup[static_cast<std::size_t>(c.result.workup[i].finding)];
                CHECK(h.workup[i].id == f.id);
                CHECK(h.workup[i].title == f.patient.title);
                CHECK(h.workup[i].what == f.patient.what);
                CHECK_FALSE(h.workup[i].cites.empty());
            }
            CHECK(h.workup_intro == pack().handout_text.at("workup_intro"));
        }
    }
    const Case v13 = vignette_case("v13");
    const Handout h13 = compose(v13.input());
    CHECK(std::any_of(h13.workup.begin(), h13.workup.end(), [](const WorkupSection& w) { return w.id == "fungal_culture"; }));

    // An item without patient text is left out (clinician wording never reaches the patient);
    // with none left, the section and its intro are gone.
    Pack bare = load_pack(HC_PACK_DIR);  // a pack is move-only; load a second one to edit
    for (auto& f : bare.workup) f.patient.what.clear();
    Input in = v13.input();
    in.pack = &bare;
    const Handout hb = compose(in);
    CHECK(hb.workup.empty());
    CHECK(hb.workup_intro.empty());
}

TEST_CASE("a handout with no workup has no tests section", "[handout][compose]") {
    const Case c = case_from_answers({{"age_years", 40}, {"sex_at_birth", "female"}});
    REQUIRE(c.result.workup.empty());
    const Handout h = compose(c.input());
    CHECK(h.workup.empty());
    CHECK(h.workup_intro.empty());
}

TEST_CASE("the pack gives the handout everything it prints, and nothing it does not", "[handout][pack]") {
    const Pack& p = pack();
    for (const auto* list : {&p.assessments, &p.red_flags}) {
        for (const auto& f : *list) {
            INFO(f.id);
            CHECK_FALSE(f.patient.title.empty());
            CHECK_FALSE(f.patient.what.empty());
        }
    }
    for (const auto& f : p.workup) {
        INFO(f.id);
        CHECK_FALSE(f.patient.title.empty());
        CHECK_FALSE(f.patient.what.empty());
        CHECK_FALSE(f.refs.empty());
    }
    // No dead text: every handout.json key is one the handout reads.
    const std::vector<std::string> known = handout_text_keys();
    for (const auto& [key, text] : p.handout_text) {
        INFO("handout.json key " << key);
        CHECK(std::find(known.begin(), known.end(), key) != known.end());
    }
}
