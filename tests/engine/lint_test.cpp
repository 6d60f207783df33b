// lint_pack() and the evidence report.
#include <catch2/catch.hpp>

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
    CHECK_THAT(r, Contains("- **R4** Maker. Finasteride label. Regulator, 2022."));
}

TEST_CASE("lint: rules comparing two items are tried with values around both", "[lint][items]") {
    test::TempDir t;
    test::mini_copy(t.path(), "rules.json", [](nlohmann::json& j) {
        auto rule = [](const std::string& id, const std::string& when) {
            return nlohmann::json{{"id", id}, {"when", when}, {"explain", "x"}, {"refs", {"R1"}}, {"workup", {"ferritin"}}};
        };
        j["rules"].push_back(rule("cmp_can", "duration_months > age_years and age_years > 100"));
        j["rules"].push_back(rule("cmp_equal", "duration_months == age_years and age_years == 37"));
        j["rules"].push_back(rule("cmp_decimal", "weight_loss_kg > age_years and age_years >= 119"));
        j["rules"].push_back(rule("cmp_never", "duration_months > age_years and duration_months < age_years"));
        j["rules"].push_back(rule("cmp_never_range", "weight_loss_kg > age_years and age_years > 300"));
    });
    const std::string s = test::joined(lint_pack(load_pack(t.path())));
    CHECK_THAT(s, !Contains("rule 'cmp_can'"));
    CHECK_THAT(s, !Contains("rule 'cmp_equal'"));
    CHECK_THAT(s, !Contains("rule 'cmp_decimal'"));
    CHECK_THAT(s, Contains("rule 'cmp_never' can never fire"));
    CHECK_THAT(s, Contains("rule 'cmp_never_range' can never fire"));
}

TEST_CASE("lint: a lone != shows the item before its question is answered", "[lint][enableWhen]") {
    CHECK_THAT(test::joined(lint_pack(test::mini())), !Contains("before"));  // the mini pack says exists + !=
    test::TempDir t;
    test::mini_copy(t.path(), "questionnaire.json", [](nlohmann::json& j) {
        auto& repro = j["item"][0]["item"][3];
        REQUIRE(repro["linkId"] == "reproductive_status");
        repro["enableWhen"].erase(0);  // only != male left
        repro.erase("enableBehavior");
        auto& kg = j["item"][1]["item"][4];
        REQUIRE(kg["linkId"] == "weight_loss_kg");
        kg["enableWhen"][1] = {{"question", "glp1_agonist"}, {"operator", "!="}, {"answerCoding", {{"code", "none"}}}};
    });
    const std::string s = test::joined(lint_pack(load_pack(t.path())));
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
