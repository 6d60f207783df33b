// The review page's machine checks (same as the shared vignette runner) and its text helpers.
#include "cli/review_checks.h"

#include <catch2/catch.hpp>

#include "cli/review_page.h"

using namespace hc::cli;
using nlohmann::json;

namespace {

std::string statuses(const std::vector<Check>& checks) {
    std::string s;
    for (const auto& c : checks) {
        const char* st = c.status == Check::Status::Pass ? "pass" : c.status == Check::Status::Fail ? "FAIL" : "read";
        s += std::string(st) + " " + c.what + (c.detail.empty() ? "" : " [" + c.detail + "]") + "\n";
    }
    return s;
}

const json kResult = json::parse(R"({
  "assessments": [{"id": "female_pattern_hair_loss"}], "red_flags": [], "workup": [{"id": "ferritin"}],
  "options": [{"id": "prp", "verdict": "avoid"}, {"id": "topical_minoxidil", "verdict": "first_line"}],
  "missing": ["ludwig_stage"]})");

}  // namespace

TEST_CASE("result checks: one line per expectation, as the vignette runner judges", "[review]") {
    const json expect = json::parse(R"({
      "assessments": ["female_pattern_hair_loss", "telogen_effluvium"], "not_workup": ["ferritin"],
      "options": {"prp": ["avoid", "not_now"], "topical_minoxidil": ["consider"], "jak_inhibitor": ["consider"]},
      "never": {"prp": ["first_line"], "topical_minoxidil": ["first_line"], "lllt": ["first_line"]},
      "missing": ["ludwig_stage", "age_years"], "handout_options": ["prp"], "typo_key": []})");
    const std::string s = statuses(check_result(expect, kResult));
    CHECK(s == "pass assessment female_pattern_hair_loss appears\n"
               "FAIL assessment telogen_effluvium appears [not in the result]\n"
               "pass the result asks for ludwig_stage\n"
               "FAIL the result asks for age_years [not in its missing list]\n"
               "pass option lllt is never first_line\n"
               "pass option prp is never first_line\n"
               "FAIL option topical_minoxidil is never first_line [it is first_line]\n"
               "FAIL workup ferritin does not appear [it is in the result]\n"
               "FAIL option jak_inhibitor is consider [absent from the result]\n"
               "pass option prp is avoid or not_now\n"
               "FAIL option topical_minoxidil is consider [it is first_line]\n"
               "FAIL expectation 'typo_key' [no such expectation key (a typo?)]\n");
}

TEST_CASE("handout checks read data-option and data-asked markup", "[review]") {
    const std::string html = R"(<section data-option="topical_minoxidil" data-verdict="first_line">x</section>
<section data-asked="prp" data-verdict="avoid">y</section>)";
    const json expect = json::parse(R"({"handout_options": ["topical_minoxidil", "lllt"], "handout_not_options": ["prp"],
                                        "handout_asked": ["prp", "hair_transplant"]})");
    const std::string s = statuses(check_handout(expect, html));
    CHECK(s == "pass handout offers topical_minoxidil\n"
               "FAIL handout offers lllt [no data-option=\"lllt\"]\n"
               "pass handout does not offer prp\n"
               "pass handout answers the question about prp\n"
               "FAIL handout answers the question about hair_transplant [no data-asked=\"hair_transplant\"]\n");
}

TEST_CASE("text checks: both texts, each pattern, undecided and unsupported said so", "[review]") {
    const json expect = json::parse(R"J({"text_must_not": ["stop (your|the) apixaban", "(?<!not\\s)safe", "(?P<x>y)"]})J");
    const std::string s = statuses(check_text(expect, "Clinician: stop the apixaban.", "It is safe."));
    CHECK(s == "FAIL the clinician's view does not say /stop (your|the) apixaban/ [it says 'stop the apixaban']\n"
               "pass the handout does not say /stop (your|the) apixaban/\n"
               "pass the clinician's view does not say /(?<!not\\s)safe/\n"
               "read the handout does not say /(?<!not\\s)safe/ [with its lookbehind guards set aside the pattern matches "
               "'safe': read whether the guard excuses it]\n"
               "read the clinician's view does not say /(?P<x>y)/ [not checked by this tool: Python-only group '(?P<' "
               "(named group, inline flag, comment, atomic or conditional)]\n"
               "read the handout does not say /(?P<x>y)/ [not checked by this tool: Python-only group '(?P<' "
               "(named group, inline flag, comment, atomic or conditional)]\n");
}

TEST_CASE("handout text as the runner reads it, and as a person reads it", "[review]") {
    CHECK(handout_plain_text("<p>Salt &amp; pepper &lt;b&gt; &#233;t&#xe9; &unknown;</p>") ==
          " Salt & pepper <b> \xC3\xA9t\xC3\xA9 &unknown; ");
    const std::string html = "<html><head><title>T</title><style>p{color:red}</style></head><body><h1>Your hair</h1>"
                             "<p>One &amp; two.</p><svg><polygon/></svg><ul><li>A</li><li>B</li></ul></body></html>";
    CHECK(handout_reading_text(html) == "Your hair\nOne & two.\nA\nB\n");
    CHECK(handout_reading_text("<p>x</p><h2>Next</h2><p>y</p>") == "x\n\nNext\ny\n");
}

TEST_CASE("a case passes only when no check fails and every check was decided", "[review]") {
    CaseReview r;
    CHECK(r.verdict() == CaseReview::Verdict::Pass);
    r.checks.push_back({"a", Check::Status::NotChecked, "x"});
    CHECK(r.verdict() == CaseReview::Verdict::ReadByHand);
    r.checks.push_back({"b", Check::Status::Fail, "y"});
    CHECK(r.verdict() == CaseReview::Verdict::Fail);
    CaseReview broken;
    broken.error = "Not evaluated: unknown linkId 'x'";
    CHECK(broken.verdict() == CaseReview::Verdict::Fail);
}
