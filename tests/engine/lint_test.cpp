// lint_pack() and the evidence report.
#include <catch2/catch.hpp>

#include "engine/lint.h"
#include "engine/pack.h"
#include "test_util.h"

using namespace hc;
using Catch::Contains;

TEST_CASE("lint finds unused catalogue entries and thin options", "[lint]") {
    const auto s = test::joined(lint_pack(test::mini()));
    CHECK_THAT(s, Contains("references.json /references/4: reference 'R5' is cited by nothing"));
    CHECK_THAT(s, Contains("options.json /options/1/patient"));  // finasteride: no how/watch_for text
}

TEST_CASE("evidence report: one row per option with the rules, grade and references", "[lint]") {
    const std::string r = evidence_report(test::mini());
    CHECK_THAT(r, Contains("| Option | Grade | Verdicts set by rules | References |"));
    CHECK_THAT(r, Contains("**Finasteride tablets** (`oral_finasteride`)"));
    CHECK_THAT(r, Contains("**avoid** `fin_avoid_pregnancy` when `reproductive_status in ['pregnant', 'planning_pregnancy']`: Pregnancy possible."));
    CHECK_THAT(r, Contains("- **R4** Maker. Finasteride label. Regulator, 2022. https://example.org/label *(safety, label)*"));
    CHECK_THAT(r, Contains("Facts last checked against the evidence: 2026-01-15"));
}

TEST_CASE("lint: rules comparing two items are tried with values around both", "[lint][items]") {
    test::TempDir t;
    test::mini_copy(t.path, "rules.json", [](nlohmann::json& j) {
        auto rule = [](const std::string& id, const std::string& when) {
            return nlohmann::json{{"id", id}, {"when", when}, {"explain", "x"}, {"refs", {"R1"}}, {"workup", {"ferritin"}}};
        };
        j["rules"].push_back(rule("cmp_can", "duration_months > age_years and age_years > 100"));
        j["rules"].push_back(rule("cmp_equal", "duration_months == age_years and age_years == 37"));
        j["rules"].push_back(rule("cmp_decimal", "weight_loss_kg > age_years and age_years >= 119"));
        j["rules"].push_back(rule("cmp_never", "duration_months > age_years and duration_months < age_years"));
        j["rules"].push_back(rule("cmp_never_range", "weight_loss_kg > age_years and age_years > 300"));
    });
    const std::string s = test::joined(lint_pack(load_pack(t.path)));
    CHECK_THAT(s, !Contains("rule 'cmp_can'"));
    CHECK_THAT(s, !Contains("rule 'cmp_equal'"));
    CHECK_THAT(s, !Contains("rule 'cmp_decimal'"));
    CHECK_THAT(s, Contains("rule 'cmp_never' can never fire"));
    CHECK_THAT(s, Contains("rule 'cmp_never_range' can never fire"));
}

namespace {
// Lint of a copy of the mini pack with references.json (and optionally options.json) edited.
std::string lint_after(const std::function<void(nlohmann::json&)>& refs,
                       const std::function<void(nlohmann::json&)>& options = [](nlohmann::json&) {}) {
    test::TempDir t;
    test::mini_copy(t.path, "references.json", refs);
    nlohmann::json o = test::read(t.path / "options.json");
    options(o);
    test::write(t.path / "options.json", o.dump(2));
    return test::joined(lint_pack(load_pack(t.path)));
}
}  // namespace

TEST_CASE("lint: an efficacy claim may not rest only on press releases, news or preclinical work", "[lint][evidence]") {
    // The mini pack as shipped has no such claim.
    CHECK_THAT(test::joined(lint_pack(test::mini())), !Contains("press releases, news or preclinical"));
    // R1 alone backs topical minoxidil's evidence and the rules aga_male and fphl that offer it.
    for (const char* kind : {"press_release", "news", "preclinical"}) {
        INFO(kind);
        const std::string s = lint_after([&](nlohmann::json& j) { j["references"][0]["kind"] = kind; });
        CHECK_THAT(s, Contains("options.json /options/0/evidence/refs: option 'topical_minoxidil' rests its evidence only on "
                               "press releases, news or preclinical work (R1 (" + std::string(kind) + "))"));
        CHECK_THAT(s, Contains("rules.json /rules/0 (rule aga_male): rule 'aga_male' offers 'topical_minoxidil', 'oral_finasteride' "
                               "resting only on press releases, news or preclinical work"));
        CHECK_THAT(s, Contains("rule 'fphl' offers 'topical_minoxidil' resting only on"));
    }
    // One trial beside the press release is enough; a rule that only rules an option out
    // (fin_avoid_pregnancy, R4) makes no efficacy claim.
    const std::string mixed = lint_after(
        [](nlohmann::json& j) {
            j["references"][0]["kind"] = "press_release";
            j["references"][3]["kind"] = "press_release";
        },
        [](nlohmann::json& o) { o["options"][0]["evidence"]["refs"].push_back("R2"); });
    CHECK_THAT(mixed, !Contains("option 'topical_minoxidil' rests its evidence"));
    CHECK_THAT(mixed, !Contains("rule 'fin_avoid_pregnancy'"));
    CHECK_THAT(mixed, Contains("rule 'fin_women_consider' offers 'oral_finasteride' resting only on"));
    // An unproven option's evidence says why it is not proven: a press release may be all
    // there is (stem cells, R3).
    const std::string unproven = lint_after([](nlohmann::json& j) { j["references"][2]["kind"] = "press_release"; });
    CHECK_THAT(unproven, !Contains("option 'stem_cell_injection' rests its evidence"));
}

TEST_CASE("lint: background news is never cited as support for an offered option", "[lint][evidence]") {
    auto news_as_context = [](nlohmann::json& j) {
        j["references"][4]["role"] = "context";  // R5, a laboratory-only study known from the news
        j["references"][4]["kind"] = "news";
    };
    // Cited among the sources of topical minoxidil, which rules offer first line.
    const std::string offered = lint_after(news_as_context, [](nlohmann::json& o) { o["options"][0]["refs"].push_back("R5"); });
    CHECK_THAT(offered, Contains("options.json /options/0/refs: option 'topical_minoxidil' is offered by rules and lists "
                                 "background R5 (news) among its sources"));
    // The same reference typed as what it supports (a regulatory status) is not background.
    const std::string status = lint_after(
        [&](nlohmann::json& j) {
            news_as_context(j);
            j["references"][4]["role"] = "regulatory";
        },
        [](nlohmann::json& o) { o["options"][0]["refs"].push_back("R5"); });
    CHECK_THAT(status, !Contains("background"));
    // On an option no rule offers (stem cells: not available) it is context, and allowed.
    const std::string not_offered = lint_after(news_as_context, [](nlohmann::json& o) { o["options"][3]["refs"].push_back("R5"); });
    CHECK_THAT(not_offered, !Contains("background"));
    // Beside a rule's verdict (the clinician's view lists a rule's refs under the verdict).
    test::TempDir t;
    test::mini_copy(t.path, "references.json", news_as_context);
    nlohmann::json rules = test::read(t.path / "rules.json");
    rules["rules"][2]["refs"].push_back("R5");  // fphl: topical minoxidil first line
    test::write(t.path / "rules.json", rules.dump(2));
    CHECK_THAT(test::joined(lint_pack(load_pack(t.path))),
               Contains("rules.json /rules/2 (rule fphl): rule 'fphl' offers 'topical_minoxidil' and cites background R5 (news)"));
}

TEST_CASE("lint: a lone != shows the item before its question is answered", "[lint][enableWhen]") {
    CHECK_THAT(test::joined(lint_pack(test::mini())), !Contains("before"));  // the mini pack says exists + !=
    test::TempDir t;
    test::mini_copy(t.path, "questionnaire.json", [](nlohmann::json& j) {
        auto& repro = j["item"][0]["item"][3];
        REQUIRE(repro["linkId"] == "reproductive_status");
        repro["enableWhen"].erase(0);  // only != male left
        repro.erase("enableBehavior");
        auto& kg = j["item"][1]["item"][4];
        REQUIRE(kg["linkId"] == "weight_loss_kg");
        kg["enableWhen"][1] = {{"question", "glp1_agonist"}, {"operator", "!="}, {"answerCoding", {{"code", "none"}}}};
    });
    const std::string s = test::joined(lint_pack(load_pack(t.path)));
    CHECK_THAT(s, Contains("questionnaire.json item 'reproductive_status': enableWhen 'sex_at_birth != ...' shows "
                           "'reproductive_status' before 'sex_at_birth' is answered (FHIR)"));
    CHECK_THAT(s, Contains("item 'weight_loss_kg': enableWhen 'glp1_agonist != ...'"));
    CHECK_THAT(s, Contains("or list the other codes with '='"));
}

TEST_CASE("lint: the shipped pack guards every enableWhen !=", "[lint][enableWhen][pack]") {
    // "sex_at_birth != male" in the data dictionary means "answered and not male": in FHIR terms
    // exists + != under enableBehavior all. A new item written with a lone != fails here.
    const std::string s = test::joined(lint_pack(load_pack(HC_PACK_DIR)));
    CHECK_THAT(s, !Contains("is answered (FHIR)"));
}
