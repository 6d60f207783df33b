// read_stored_result(): the one reader of a saved result. Everything to_json writes reads back
// with the same ids, verdicts, likelihoods and texts; a wrong shape is one StoredResultError with
// the JSON path of the first problem, never a nlohmann exception.
#include <catch2/catch.hpp>

#include "engine/errors.h"
#include "engine/evaluate.h"
#include "engine/result.h"
#include "engine/stored_result.h"
#include "test_util.h"

using namespace hc;
using Catch::Contains;
using nlohmann::json;

namespace {

const char* kAnswers = R"({"age_years": 32, "sex_at_birth": "female", "reproductive_status": "pregnant",
    "pattern_type": "female_pattern", "scalp_pain": true, "recent_triggers": ["severe_stress"], "duration_months": 2})";

json stored_json() {
    const Pack& p = test::mini();
    const Answers a = effective_answers(p.questionnaire, answers_from_json(p.questionnaire, json::parse(kAnswers))).answers;
    return to_json(p, a, evaluate(p, a));
}

StoredResultError refused(const json& j) {
    try {
        read_stored_result(j);
    } catch (const StoredResultError& e) {
        return e;
    }
    FAIL("expected StoredResultError for " << j.dump());
    return StoredResultError("", "");
}

}  // namespace

TEST_CASE("a stored result reads back as typed values, as to_json wrote it", "[result][stored]") {
    const json j = stored_json();
    const StoredResult r = read_stored_result(j.dump());
    CHECK(r.pack_id == j["pack"]["id"]);
    CHECK(r.pack_version == j["pack"]["version"]);
    REQUIRE(r.assessments.size() == j["assessments"].size());
    REQUIRE_FALSE(r.assessments.empty());
    for (std::size_t i = 0; i < r.assessments.size(); ++i) {
        CHECK(r.assessments[i].id == j["assessments"][i]["id"]);
        CHECK(r.assessments[i].title == j["assessments"][i]["title"]);
        CHECK(std::string(to_string(r.assessments[i].likelihood)) == j["assessments"][i]["likelihood"]);
    }
    CHECK(r.assessment_ids().size() == r.assessments.size());
    REQUIRE(r.options.size() == j["options"].size());
    REQUIRE_FALSE(r.options.empty());
    for (std::size_t i = 0; i < r.options.size(); ++i) {
        CHECK(r.options[i].id == j["options"][i]["id"]);
        CHECK(std::string(to_string(r.options[i].verdict)) == j["options"][i]["verdict"]);
        CHECK(r.options[i].grade == j["options"][i]["evidence"]["grade"]);
        CHECK(r.options[i].because.size() == j["options"][i]["because"].size());
        CHECK(r.find_option(r.options[i].id) == &r.options[i]);
    }
    CHECK(r.find_option("no_such_option") == nullptr);
    CHECK(r.red_flags.size() == j["red_flags"].size());
    CHECK(r.workup.size() == j["workup"].size());
    CHECK(r.missing == j["missing"].get<std::vector<std::string>>());
    // Resolving against the pack gives back the same bytes.
    const Pack& p = test::mini();
    const Answers a = effective_answers(p.questionnaire, answers_from_json(p.questionnaire, json::parse(kAnswers))).answers;
    CHECK(to_json(p, a, resolve_stored_result(p, a, r)) == j);
}

TEST_CASE("a stored result of the wrong shape is one error naming where", "[result][stored]") {
    const json good = stored_json();
    REQUIRE_FALSE(good["red_flags"].empty());
    REQUIRE_FALSE(good["options"].empty());
    struct Case {
        std::function<void(json&)> edit;
        std::string path, words;
    };
    const std::vector<Case> cases = {
        {[](json& j) { j = json::array(); }, "", "must be an object, not an array"},
        {[](json& j) { j.erase("pack"); }, "", "has no 'pack'"},
        {[](json& j) { j["assessments"] = "none"; }, "/assessments", "must be an array, not a string"},
        {[](json& j) { j["red_flags"] = json::array({"oops"}); }, "/red_flags/0", "must be an object, not a string"},
        {[](json& j) { j["red_flags"][0]["title"] = nullptr; }, "/red_flags/0/title", "must be a string, not null"},
        {[](json& j) { j["assessments"][0]["likelihood"] = "certain"; }, "/assessments/0/likelihood", "neither likely nor possible"},
        {[](json& j) { j["options"][0]["verdict"] = 7; }, "/options/0/verdict", "must be a string, not an integer"},
        {[](json& j) { j["options"][0]["verdict"] = "maybe"; }, "/options/0/verdict", "not a verdict"},
        {[](json& j) { j["options"][0]["id"] = ""; }, "/options/0/id", "must not be empty"},
        {[](json& j) { j["options"][0]["evidence"] = 1; }, "/options/0/evidence", "must be an object"},
        {[](json& j) { j["options"][0]["because"][0]["overruled"] = "no"; }, "/options/0/because/0/overruled", "must be true or false"},
        {[](json& j) { j["options"][0]["because"][0]["answers"] = json::array(); }, "/options/0/because/0/answers", "must be an object"},
        {[](json& j) { j["missing"] = json::array({1}); }, "/missing/0", "must be a string"},
        {[](json& j) { j.erase("dropped"); }, "", "has no 'dropped'"},
    };
    for (const auto& c : cases) {
        json j = good;
        c.edit(j);
        INFO(j.dump().substr(0, 200));
        const StoredResultError e = refused(j);
        CHECK(e.path() == c.path);
        CHECK_THAT(e.what(), Contains(c.words));
        CHECK_THAT(e.what(), Contains("stored result"));
        CHECK_THAT(e.what(), !Contains("json.exception"));
    }
    // Text that is not JSON at all.
    try {
        read_stored_result(std::string("{not json"));
        FAIL("read");
    } catch (const StoredResultError& e) {
        CHECK_THAT(e.what(), Contains("not readable JSON"));
    }
    // A key it does not use is no problem; results saved before facts_checked or plain reasons read.
    json extra = good;
    extra["later_key"] = 1;
    extra["pack"].erase("facts_checked");
    for (auto& o : extra["options"])
        for (auto& b : o["because"]) b.erase("patient");
    CHECK(read_stored_result(extra).facts_checked.empty());
}
