// The result as contract JSON and as text.
#include "engine/result.h"

#include <catch2/catch.hpp>

#include "engine/evaluate.h"
#include "test_util.h"

using namespace hc;
using Catch::Contains;
using hc::test::answers;
using hc::test::mini;

TEST_CASE("to_json follows the contract of DESIGN.md", "[result]") {
    const Answers a = answers(R"({"age_years": 32, "sex_at_birth": "female", "reproductive_status": "pregnant",
        "pattern_type": "female_pattern", "scalp_pain": true, "recent_triggers": ["severe_stress"], "duration_months": 2,
        "norwood_stage": "5"})");
    const auto j = to_json(mini(), a, evaluate(mini(), a));
    CHECK(j["pack"] == nlohmann::json{{"id", "mini"}, {"version", "1.0.0"}, {"facts_checked", "2026-01-15"}});
    const auto& as = j["assessments"];
    REQUIRE(as.size() == 2);
    CHECK(as[0]["id"] == "female_pattern_hair_loss");
    CHECK(as[0]["title"] == "Female pattern hair loss");
    CHECK(as[0]["likelihood"] == "likely");
    CHECK(as[0]["because"][0]["rule"] == "fphl");
    CHECK(as[0]["because"][0]["explain"] == "Patterned loss in a woman.");
    CHECK(as[0]["because"][0]["answers"] == nlohmann::json{{"sex_at_birth", "female"}, {"pattern_type", "female_pattern"}});
    CHECK(j["red_flags"][0]["id"] == "refer_dermatology_biopsy");
    CHECK(j["red_flags"][0]["action"] == "Refer to dermatology for a biopsy");
    CHECK(j["red_flags"][0]["because"][0]["answers"]["scalp_pain"] == true);
    const auto& opts = j["options"];
    const nlohmann::json* mx = nullptr;
    for (const auto& o : opts)
        if (o["id"] == "topical_minoxidil") mx = &o;
    REQUIRE(mx);
    CHECK((*mx)["verdict"] == "not_now");
    CHECK((*mx)["evidence"] == nlohmann::json{{"grade", "A"}, {"summary", "Works in trials."}});
    CHECK((*mx)["notes"] == nlohmann::json::array({"Not during pregnancy."}));  // overruled notes left out
    REQUIRE((*mx)["because"].size() == 2);
    CHECK((*mx)["because"][0]["verdict"] == "not_now");
    CHECK((*mx)["because"][0]["overruled"] == false);
    CHECK((*mx)["because"][1]["verdict"] == "first_line");
    CHECK((*mx)["because"][1]["overruled"] == true);
    CHECK((*mx)["because"][1]["note"] == "First line for women.");
    CHECK((*mx)["refs"] == nlohmann::json::array({"R1", "R4"}));  // evidence, option, then winning rules
    CHECK(j["workup"][0]["id"] == "ferritin");
    CHECK(j["workup"][0]["because"][0]["answers"]["recent_triggers"] == nlohmann::json::array({"severe_stress"}));
    CHECK(j["missing"].is_array());
    CHECK(j["dropped"] == nlohmann::json::array({"norwood_stage"}));
    // Every because resolves to a rule of the pack.
    for (const char* section : {"assessments", "red_flags", "options", "workup"})
        for (const auto& e : j[section])
            for (const auto& b : e["because"]) {
                bool found = false;
                for (const auto& r : mini().rules) found = found || r.id == b["rule"];
                CHECK(found);
            }
}

TEST_CASE("to_json lists missing linkIds", "[result]") {
    const Answers a = answers(R"({"age_years": 40})");
    const auto j = to_json(mini(), a, evaluate(mini(), a));
    CHECK(j["missing"] == nlohmann::json::array({"sex_at_birth", "pattern_type", "duration_months", "recent_triggers", "scalp_pain"}));
    CHECK(j["assessments"].empty());
}

TEST_CASE("to_text shows verdicts, grades, rules and answers line by line", "[result]") {
    const Answers a = answers(R"({"age_years": 32, "sex_at_birth": "female", "reproductive_status": "pregnant",
        "pattern_type": "female_pattern"})");
    const std::string t = to_text(mini(), a, evaluate(mini(), a));
    CHECK_THAT(t, Contains("Mini test pack (pack mini 1.0.0, facts checked 2026-01-15)"));
    CHECK_THAT(t, Contains("  - Female pattern hair loss [likely]"));
    CHECK_THAT(t, Contains("because rule fphl: Sex at birth = Female; Pattern = Female pattern [R1]"));
    CHECK_THAT(t, Contains("  * Not now: Topical minoxidil (evidence A)"));
    CHECK_THAT(t, Contains("overruled: first_line - First line for women."));
    CHECK_THAT(t, Contains("  * Avoid: Finasteride tablets (evidence A)"));
    CHECK_THAT(t, Contains("MISSING"));
    CHECK_THAT(t, Contains("? Duration (duration_months)"));
}
