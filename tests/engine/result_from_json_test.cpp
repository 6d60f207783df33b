// result_from_json(): a stored result rebuilt against the pack gives the same bytes back (every
// acceptance vignette, shared and our own), and anything that does not resolve is refused with
// the first id that does not.
#include <catch2/catch.hpp>
#include <filesystem>

#include "engine/evaluate.h"
#include "engine/result.h"
#include "test_util.h"
#include "tests/acceptance/vignette_dirs.h"

using namespace hc;
using Catch::Contains;
using nlohmann::json;

namespace {

const Pack& hair_loss() {
    static const Pack p = load_pack(HC_PACK_DIR);
    return p;
}

// Every vignette file of both folders (the README and other non-JSON files left out).
std::vector<std::filesystem::path> vignettes() {
    std::vector<std::filesystem::path> out;
    const std::filesystem::path own = std::filesystem::path(HC_SOURCE_DIR) / "tests" / "acceptance" / "vignettes";
    for (const auto& dir : {acceptance::shared_vignette_dir(), own}) {
        if (!std::filesystem::is_directory(dir)) continue;
        for (const auto& e : std::filesystem::directory_iterator(dir))
            if (e.path().extension() == ".json") out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// What a saved consultation holds: the effective answers and the compact result JSON.
struct Saved {
    Answers answers;
    std::string result_text;
};
Saved save(const Pack& pack, const json& answers_json) {
    Saved s{effective_answers(pack.questionnaire, answers_from_json(pack.questionnaire, answers_json)).answers, {}};
    s.result_text = to_json(pack, s.answers, evaluate(pack, s.answers)).dump();
    return s;
}

// The error result_from_json throws for `stored`, or fails the test.
StoredResultError refused(const Pack& pack, const Answers& a, const json& stored) {
    try {
        result_from_json(pack, a, stored);
    } catch (const StoredResultError& e) {
        return e;
    }
    FAIL("expected StoredResultError");
    return StoredResultError("", "");
}

const char* kMiniAnswers = R"({"age_years": 32, "sex_at_birth": "female", "reproductive_status": "pregnant",
    "pattern_type": "female_pattern", "scalp_pain": true, "recent_triggers": ["severe_stress"], "duration_months": 2})";

}  // namespace

TEST_CASE("stored results round-trip byte for byte for every vignette", "[result][stored]") {
    const auto files = vignettes();
    REQUIRE(files.size() >= 40);  // 13 shared + 36 own at the time of writing; both folders must be found
    int with_options = 0;
    for (const auto& f : files) {
        INFO(f.filename().string());
        const Saved s = save(hair_loss(), test::read(f).at("answers"));
        const Result r = result_from_json(hair_loss(), s.answers, parse_json(s.result_text, "stored"));
        CHECK(to_json(hair_loss(), s.answers, r).dump() == s.result_text);
        CHECK(to_json(hair_loss(), s.answers, r).dump(2) == json::parse(s.result_text).dump(2));
        CHECK(to_text(hair_loss(), s.answers, r) == to_text(hair_loss(), s.answers, evaluate(hair_loss(), s.answers)));
        if (!r.options.empty()) ++with_options;
    }
    CHECK(with_options > 0);
}

TEST_CASE("a stored result is the result as decided, not today's evaluation", "[result][stored]") {
    // What was stored is what comes back, even where today's evaluation would say otherwise.
    const Saved s = save(test::mini(), json::parse(kMiniAnswers));
    json stored = json::parse(s.result_text);
    stored["missing"] = json::array({"norwood_stage"});  // hidden now, but a linkId of the pack
    const Result r = result_from_json(test::mini(), s.answers, stored);
    REQUIRE(r.missing.size() == 1);
    CHECK(r.missing[0] == test::mini().questionnaire.find("norwood_stage"));
    CHECK(to_json(test::mini(), s.answers, r)["missing"] == json::array({"norwood_stage"}));
}

TEST_CASE("stored results: what does not resolve is refused, naming the first id", "[result][stored]") {
    const Pack& p = test::mini();
    const Saved s = save(p, json::parse(kMiniAnswers));
    const json good = json::parse(s.result_text);
    REQUIRE(good["options"].size() >= 2);
    REQUIRE_FALSE(good["assessments"].empty());
    REQUIRE_FALSE(good["red_flags"].empty());
    REQUIRE_FALSE(good["workup"].empty());

    SECTION("unknown assessment") {
        json j = good;
        j["assessments"][0]["id"] = "gone_assessment";
        j["options"][0]["id"] = "gone_option";  // later in the document: not the one named
        const auto e = refused(p, s.answers, j);
        CHECK(e.id() == "gone_assessment");
        CHECK_THAT(e.what(), Contains("/assessments/0"));
    }
    SECTION("unknown option, red flag, workup item") {
        json j = good;
        j["options"][1]["id"] = "gone_option";
        CHECK(refused(p, s.answers, j).id() == "gone_option");
        j = good;
        j["red_flags"][0]["id"] = "gone_flag";
        CHECK(refused(p, s.answers, j).id() == "gone_flag");
        j = good;
        j["workup"][0]["id"] = "gone_test";
        CHECK(refused(p, s.answers, j).id() == "gone_test");
    }
    SECTION("unknown rule, or a rule that does not produce the entry") {
        json j = good;
        j["assessments"][0]["because"][0]["rule"] = "gone_rule";
        CHECK(refused(p, s.answers, j).id() == "gone_rule");
        j = good;
        j["red_flags"][0]["because"][0]["rule"] = "fphl";  // fphl gives no red flag
        const auto e = refused(p, s.answers, j);
        CHECK(e.id() == "fphl");
        CHECK_THAT(e.what(), Contains("does not produce"));
    }
    SECTION("an option reason whose verdict or note the rule does not give") {
        json j = good;
        j["options"][0]["because"][0]["verdict"] = "first_line";
        j["options"][0]["because"][0]["note"] = "made up";
        const auto e = refused(p, s.answers, j);
        CHECK(e.id() == j["options"][0]["because"][0]["rule"].get<std::string>());
        CHECK_THAT(e.what(), Contains("does not give option"));
    }
    SECTION("unknown linkIds under because, missing and dropped") {
        json j = good;
        j["assessments"][0]["because"][0]["answers"]["gone_item"] = 1;
        CHECK(refused(p, s.answers, j).id() == "gone_item");
        j = good;
        j["missing"] = json::array({"gone_missing"});
        CHECK(refused(p, s.answers, j).id() == "gone_missing");
        j = good;
        j["dropped"] = json::array({"gone_dropped"});
        CHECK(refused(p, s.answers, j).id() == "gone_dropped");
    }
    SECTION("an answer under because that differs from the answers given") {
        json j = good;
        j["assessments"][0]["because"][0]["answers"]["sex_at_birth"] = "male";
        const auto e = refused(p, s.answers, j);
        CHECK(e.id() == "sex_at_birth");
        CHECK_THAT(e.what(), Contains("\"male\""));
        const Saved other = save(p, json::parse(R"({"sex_at_birth": "male", "pattern_type": "male_pattern"})"));
        CHECK(refused(p, other.answers, good).id() == "pattern_type");  // the first key that differs
    }
    SECTION("a document not shaped as to_json writes it") {
        CHECK(refused(p, s.answers, json::array()).id().empty());
        json j = good;
        j.erase("workup");
        CHECK_THAT(refused(p, s.answers, j).what(), Contains("has no 'workup'"));
        j = good;
        j["options"] = "none";
        CHECK_THAT(refused(p, s.answers, j).what(), Contains("/options must be an array"));
        j = good;
        j["options"][0]["because"][0]["overruled"] = "no";
        CHECK_THAT(refused(p, s.answers, j).what(), Contains("overruled must be true or false"));
        j = good;
        j["assessments"][0]["likelihood"] = "certain";
        CHECK(refused(p, s.answers, j).id() == "certain");
        j = good;
        j["options"][0]["verdict"] = "maybe";
        CHECK(refused(p, s.answers, j).id() == "maybe");
        j = good;
        j["missing"] = json::array({1});
        CHECK_THAT(refused(p, s.answers, j).what(), Contains("/missing"));
    }
    SECTION("answers of another questionnaire") {
        CHECK_THROWS_AS(result_from_json(p, Answers(hair_loss().questionnaire), good), AnswersError);
    }
}
