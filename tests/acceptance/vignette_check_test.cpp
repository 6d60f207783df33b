// The expect checker itself: a checker that passes everything would make the acceptance
// suite worthless, so each kind of difference must be reported, naming what differed.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "engine/errors.h"
#include "tests/acceptance/vignette_check.h"

using hc::acceptance::check_expect;
using nlohmann::json;

namespace {

const json result = json::parse(R"({
  "pack": {"id": "hair-loss", "version": "x"},
  "assessments": [{"id": "telogen_effluvium", "likelihood": "likely", "because": []}],
  "red_flags": [],
  "options": [{"id": "prp", "verdict": "consider"}, {"id": "oral_finasteride", "verdict": "avoid"}],
  "workup": [{"id": "ferritin"}],
  "missing": ["duration_months"]
})");

bool mentions(const std::vector<std::string>& problems, const std::string& text) {
    for (const auto& p : problems)
        if (p.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("a met expectation gives no problems", "[acceptance][checker]") {
    const json expect = json::parse(R"({
      "assessments": ["telogen_effluvium"], "workup": ["ferritin"], "not_red_flags": ["body_image_distress"],
      "not_assessments": ["alopecia_areata"], "not_workup": ["tsh"],
      "options": {"prp": ["consider", "not_now"]}, "never": {"prp": ["first_line"], "hair_transplant": ["consider"]},
      "missing": ["duration_months"]})");
    CHECK(check_expect(expect, result).empty());
}

TEST_CASE("each kind of difference is named", "[acceptance][checker]") {
    const auto p = check_expect(json::parse(R"({
      "assessments": ["alopecia_areata"], "red_flags": ["refer_dermatology_biopsy"], "not_workup": ["ferritin"],
      "options": {"prp": ["avoid"], "hair_transplant": ["not_now"]},
      "never": {"oral_finasteride": ["avoid"]}, "missing": ["pattern_type"], "optoins": {}})"),
                                result);
    CHECK(mentions(p, "assessments: expected alopecia_areata"));
    CHECK(mentions(p, "red_flags: expected refer_dermatology_biopsy"));
    CHECK(mentions(p, "not_workup: ferritin"));
    CHECK(mentions(p, "options prp: got consider, allowed [avoid]"));
    CHECK(mentions(p, "options hair_transplant: not in the result"));
    CHECK(mentions(p, "never oral_finasteride: got avoid"));
    CHECK(mentions(p, "missing: expected the result to ask for pattern_type"));
    CHECK(mentions(p, "unknown key 'optoins'"));
    CHECK(p.size() == 8);
}

TEST_CASE("a malformed expect block is reported, not ignored", "[acceptance][checker]") {
    const auto p = check_expect(json::parse(R"({"assessments": "telogen_effluvium", "options": []})"), result);
    CHECK(mentions(p, "expect.assessments"));
    CHECK(mentions(p, "expect.options"));
}

TEST_CASE("a vignette file that is not JSON is refused with its name", "[acceptance][checker]") {
    const auto dir = std::filesystem::temp_directory_path() / ("hc-vignette-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto bad = dir / "bad.json";
    std::ofstream(bad) << "{ \"answers\": ";
    CHECK_THROWS_AS(hc::acceptance::load_vignette(bad), hc::JsonInputError);
    const auto wrong = dir / "wrong.json";
    std::ofstream(wrong) << R"({"id": "x", "answers": [1, 2]})";
    CHECK_THROWS_WITH(hc::acceptance::load_vignette(wrong), Catch::Contains("wrong.json") && Catch::Contains("answers"));
    std::filesystem::remove_all(dir);
}
