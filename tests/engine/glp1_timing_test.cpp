// The shipped pack's GLP-1 timing clause, one item comparison on the shedding's own clock
// (`glp1_start_months_ago >= shedding_duration_months`): shedding that began before the
// medicine started is not put down to it, however old the hair loss as a whole is; unanswered
// start leaves the assessment open; both items are named under `because`.
#include <catch2/catch.hpp>
#include <optional>

#include "engine/evaluate.h"
#include "engine/result.h"
#include "test_util.h"

using namespace hc;
using nlohmann::json;

namespace {

const Pack& hair_loss() {
    static const Pack p = load_pack(HC_PACK_DIR);
    return p;
}

// The GLP-1 assessment's entry in the result JSON for a woman shedding on semaglutide, or null.
json glp1_entry(int shedding, std::optional<int> started_ago, int loss_months = -1, const char* pattern = "diffuse_unpatterned") {
    json a = {{"age_years", 45},           {"sex_at_birth", "female"},       {"chief_complaint", "increased_shedding"},
              {"shedding_increase", true}, {"pattern_type", pattern}, {"duration_months", loss_months < 0 ? shedding : loss_months},
              {"shedding_duration_months", shedding},
              {"glp1_agonist", "semaglutide"},  {"weight_loss_kg", 3},           {"recent_triggers", {"none"}}};
    if (started_ago) a["glp1_start_months_ago"] = *started_ago;
    const Answers answers = answers_from_json(hair_loss().questionnaire, a);
    const json r = to_json(hair_loss(), answers, evaluate(hair_loss(), answers));
    for (const auto& e : r["assessments"])
        if (e["id"] == "glp1_associated_shedding") return e;
    return nullptr;
}

}  // namespace

TEST_CASE("GLP-1 timing: shedding that began before the medicine is not put down to it", "[rules][glp1]") {
    // shedding < 6 months (dx_glp1_no_weight_loss) and >= 6 (dx_glp1_long), on both sides of the start.
    CHECK(glp1_entry(3, 2).is_null());         // shedding for 3 months, medicine for 2: began before it
    CHECK(glp1_entry(2, 2).is_object());       // same month: not before
    CHECK(glp1_entry(2, 5).is_object());       // after
    CHECK(glp1_entry(8, 10).is_object());
    CHECK(glp1_entry(10, 10).is_object());
    CHECK(glp1_entry(11, 10).is_null());
    CHECK(glp1_entry(3, std::nullopt).is_object());  // start unknown: the assessment stays open
    // Beyond three years too (the month-by-month version stopped at 36).
    CHECK(glp1_entry(40, 48).is_object());
    CHECK(glp1_entry(48, 40).is_null());
}

TEST_CASE("GLP-1 timing: new shedding on years of pattern loss is judged on its own clock", "[rules][glp1]") {
    // Pattern loss for 8 years, shedding for 2 months, medicine started 5 months ago: the
    // shedding is put down to the medicine, the pattern loss is not (it is older than the drug).
    CHECK(glp1_entry(2, 5, 96, "female_pattern").is_object());
    // The same shedding that began before the medicine: not put down to it.
    CHECK(glp1_entry(7, 5, 96, "female_pattern").is_null());
}

TEST_CASE("GLP-1 timing: both items are under because", "[rules][glp1]") {
    const json e = glp1_entry(2, 5);
    REQUIRE(e.is_object());
    bool both = false;
    for (const auto& b : e["because"])
        both = both || (b["answers"].contains("shedding_duration_months") && b["answers"].contains("glp1_start_months_ago"));
    CHECK(both);
}
