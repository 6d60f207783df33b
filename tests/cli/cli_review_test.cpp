// hairconsult-cli review through the real binary: the shared vignettes, a folder of crafted
// cases (passing, failing, hostile text, answers the pack refuses, a guard to read by hand),
// and bad input (one line, exit 1) and usage (exit 2).
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>

#include "engine/json_input.h"
#include "handout/text.h"
#include "tests/acceptance/vignette_dirs.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;

namespace {

using hc::test_support::quote;
using hc::test_support::TempDir;

using hc::test_support::read_file;

void write(const fs::path& f, const std::string& text) { std::ofstream(f, std::ios::binary) << text; }

struct Run {
    int code = -1;
    std::string out, err;
};

Run review(const std::string& args, const TempDir& t) {
    const std::string cmd = quote(HC_CLI_PATH) + " " + args + " >" + quote((t.path / "stdout").string()) + " 2>" +
                            quote((t.path / "stderr").string());
    const int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(t.path / "stdout"), read_file(t.path / "stderr")};
}

std::size_t lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

// A woman with female pattern loss and a platelet disorder (project case a06), accepted by the
// shipped pack: topical minoxidil first line, microneedling not now.
const char* kAnswers = R"({"age_years": 45, "sex_at_birth": "female", "chief_complaint": "gradual_thinning", "duration_months": 24,
  "progression": "worsening", "shedding_increase": false, "pull_test": "negative", "recent_triggers": ["none"],
  "glp1_agonist": "none", "other_medications": ["none"], "current_treatments": ["none"], "scarring_signs": ["none"],
  "scalp_symptoms": ["none"], "biopsy": "not_done", "traction_hairstyles": false, "family_history": "yes",
  "medical_history": ["platelet_disorder"], "labs_done": ["all_normal"], "donor_density": "good", "goals": ["stop_progression"],
  "reproductive_status": "could_become_pregnant", "pattern_type": "female_pattern", "ludwig_stage": "2"})";

std::string a_case(const std::string& id, const std::string& title, const std::string& picture, const std::string& expect,
                   const std::string& answers = kAnswers) {
    nlohmann::json j{{"id", id}, {"title", title}, {"picture", picture}, {"answers", nlohmann::json::parse(answers)},
                     {"expect", nlohmann::json::parse(expect)},
                     {"must_appear", {"Topical minoxidil is first line <for her> & said so.", "Bleeding risk named."}},
                     {"must_not_appear", {"PRP offered."}}};
    return j.dump(2);
}

}  // namespace

TEST_CASE("review: the shared vignettes make one page, whatever the checks say", "[review][cli]") {
    const fs::path dir = hc::acceptance::shared_vignette_dir();
    std::vector<fs::path> files;
    std::error_code ec;
    if (fs::is_directory(dir, ec))
        for (const auto& e : fs::directory_iterator(dir))
            if (e.path().extension() == ".json") files.push_back(e.path());
    if (files.empty()) {
        WARN("no shared vignettes at " << dir.string());
        return;
    }
    TempDir t;
    const Run r = review("review " + quote(dir.string()) + " --html " + quote((t.path / "review.html").string()), t);
    INFO(r.err);
    REQUIRE(r.code == 0);
    std::smatch m;
    REQUIRE(std::regex_match(r.out, m, std::regex(R"((\d+) passed, (\d+) failed(, (\d+) with checks to read by hand)?\n)")));
    const std::size_t total = std::stoul(m[1]) + std::stoul(m[2]) + (m[4].matched ? std::stoul(m[4]) : 0);
    CHECK(total == files.size());
    const std::string page = read_file(t.path / "review.html");
    CHECK(page.find("<th>Signed off</th>") != std::string::npos);
    CHECK(page.find("Facts last checked against the evidence: <strong>") != std::string::npos);
    // Every case is there with its statements, escaped as the page writes them.
    for (const auto& f : files) {
        const auto v = hc::read_json_file(f);
        INFO(f.filename().string());
        CHECK(page.find(">" + hc::handout::html_escape(v.value("id", "")) + "</a>") != std::string::npos);
        for (const char* key : {"must_appear", "must_not_appear"})
            for (const auto& s : v.value(key, nlohmann::json::array()))
                CHECK(page.find(hc::handout::html_escape(s.get<std::string>())) != std::string::npos);
    }
}

TEST_CASE("review: pass, fail, read by hand, refused answers, hostile text escaped", "[review][cli]") {
    TempDir t;
    const fs::path cases = t.path / "cases";
    fs::create_directories(cases);
    write(cases / "c1-pass.json", a_case("c1", "Passes", "A calm story.",
                                         R"({"assessments": ["female_pattern_hair_loss"], "options": {"topical_minoxidil": ["first_line"]},
                                             "never": {"prp": ["first_line", "consider"]},
                                             "text_must_not": ["(?:^|(?<=[.!?;\\n]))[^.!?;\\n]*\\bstop\\s+your\\s+anticoagulant"]})"));
    write(cases / "c2-fail.json", a_case("c2", "Fails <b>bold</b>", "<script>alert('x')</script> & <img src=x onerror=alert(1)>",
                                         R"({"options": {"topical_minoxidil": ["avoid"]}, "text_must_not": ["first line"]})"));
    write(cases / "c3-guard.json", a_case("c3", "A guard to read", "Story.", R"({"text_must_not": ["(?<!\\bnot\\s)female pattern"]})"));
    write(cases / "c4-refused.json", a_case("c4", "Answers the pack refuses", "Story.", "{}", R"({"no_such_item": 1})"));
    const fs::path out = t.path / "review.html";
    const Run r = review("review " + quote(cases.string()) + " --html " + quote(out.string()), t);
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(r.out == "1 passed, 2 failed, 1 with checks to read by hand\n");
    const std::string page = read_file(out);

    // Hostile text is shown, never interpreted.
    CHECK(page.find("<script>") == std::string::npos);
    CHECK(page.find("<img") == std::string::npos);
    CHECK(page.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
    CHECK(page.find("Fails &lt;b&gt;bold&lt;/b&gt;") != std::string::npos);
    CHECK(page.find("Topical minoxidil is first line &lt;for her&gt; &amp; said so.") != std::string::npos);

    // Per case: the clinician's view, the handout, the checks with their results.
    CHECK(page.find("First line: Minoxidil solution or foam (topical)") != std::string::npos);
    CHECK(page.find("Handout (default choice of options)") != std::string::npos);
    CHECK(page.find("option topical_minoxidil is avoid</td><td><span class=\"fail\">fail</span></td><td>it is first_line") !=
          std::string::npos);
    CHECK(page.find("the clinician&#39;s view does not say /first line/</td><td><span class=\"fail\">fail</span>") != std::string::npos);
    CHECK(page.find("option topical_minoxidil is first_line</td><td><span class=\"pass\">pass</span>") != std::string::npos);
    CHECK(page.find("<span class=\"read\">read by hand</span>") != std::string::npos);
    CHECK(page.find("Not evaluated: unknown linkId &#39;no_such_item&#39;") != std::string::npos);
    // Summary: 3 statements to sign off per case, an empty box each.
    CHECK(page.find("<td>c1</td>") == std::string::npos);  // ids are links to their section
    CHECK(page.find("<a href=\"#case-1\">c1</a></td><td>Passes</td><td><span class=\"pass\">pass</span> (5 of 5 pass)</td><td>3</td>"
                    "<td><span class=\"box\"></span></td>") != std::string::npos);

    // The page is not overwritten without --overwrite.
    const Run again = review("review " + quote(cases.string()) + " --html " + quote(out.string()), t);
    CHECK(again.code == 1);
    CHECK(lines(again.err) == 1);
    CHECK(review("review " + quote(cases.string()) + " --html " + quote(out.string()) + " --overwrite", t).code == 0);
}

TEST_CASE("review: bad input is one line and exit 1, usage is exit 2", "[review][cli]") {
    TempDir t;
    const fs::path cases = t.path / "cases";
    fs::create_directories(cases);
    write(cases / "good.json", a_case("g", "Good", "Story.", "{}"));
    const fs::path out = t.path / "review.html";
    auto expect_one_line = [&](const std::string& file, const std::string& text, const std::string& says) {
        write(cases / file, text);
        const Run r = review("review " + quote(cases.string()) + " --html " + quote(out.string()), t);
        INFO(file << ": " << r.err);
        CHECK(r.code == 1);
        CHECK(lines(r.err) == 1);
        CHECK(r.err.find(says) != std::string::npos);
        CHECK_FALSE(fs::exists(out));  // no half page
        fs::remove(cases / file);
    };
    expect_one_line("bad-json.json", "{\"answers\": ", "bad-json.json");
    expect_one_line("not-object.json", "[1, 2]", "not-object.json: not a JSON object");
    expect_one_line("answers-list.json", R"({"answers": [1, 2]})", "answers-list.json: 'answers' is missing or not an object");
    expect_one_line("statements.json", R"({"answers": {}, "must_appear": "one"})", "statements.json: 'must_appear' is not a list of strings");
    expect_one_line("options.json", R"({"answers": {}, "expect": {"options": {"prp": "avoid"}}})",
                    "options.json: expect.options.prp is not a list of verdicts");
    expect_one_line("picture.json", R"({"answers": {}, "picture": 3})", "picture.json: 'picture' is not a string");

    const Run missing = review("review " + quote((t.path / "nowhere").string()) + " --html " + quote(out.string()), t);
    CHECK(missing.code == 1);
    CHECK(lines(missing.err) == 1);
    const fs::path empty = t.path / "empty";
    fs::create_directories(empty);
    const Run none = review("review " + quote(empty.string()) + " --html " + quote(out.string()), t);
    CHECK(none.code == 1);
    CHECK(none.err.find("no case files") != std::string::npos);

    CHECK(review("review " + quote(cases.string()), t).code == 2);  // no --html
    CHECK(review("review --html " + quote(out.string()), t).code == 2);
    // With only the good case left, the page is written.
    CHECK(review("review " + quote(cases.string()) + " --html " + quote(out.string()), t).code == 0);
    CHECK(fs::exists(out));
}
