// The shipped pack's GLP-1 timing clause, written as one item comparison
// (`not (duration_months > glp1_start_months_ago)`): shedding that began before the medicine
// started is not put down to it; unanswered start leaves the assessment open; both items are
// named under `because`.
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
json glp1_entry(int duration, std::optional<int> started_ago) {
    json a = {{"age_years", 45},           {"sex_at_birth", "female"},       {"chief_complaint", "increased_shedding"},
              {"shedding_increase", true}, {"pattern_type", "diffuse_unpatterned"}, {"duration_months", duration},
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
    // duration_months < 6 (dx_glp1_no_weight_loss) and >= 6 (dx_glp1_long), on both sides of the start.
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

TEST_CASE("GLP-1 timing: both items are under because", "[rules][glp1]") {
    const json e = glp1_entry(2, 5);
    REQUIRE(e.is_object());
    bool both = false;
    for (const auto& b : e["because"])
        both = both || (b["answers"].contains("duration_months") && b["answers"].contains("glp1_start_months_ago"));
    CHECK(both);
}
