// The review page's case files and machine checks: the same checks as the shared vignette
// runner (clinical/vignettes/README.md), one line per expectation so a reviewer sees each.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace hc::cli {

struct CaseFile {
    std::filesystem::path file;
    std::string id;       // the case's id, else the file name without .json
    std::string title;
    std::string picture;  // the clinical story
    nlohmann::json answers;
    nlohmann::json expect;  // {} when absent
    std::vector<std::string> must_appear, must_not_appear;
};

// Reads one case file. Throws Failure (one line naming the file) when it is not JSON, not an
// object, or a key has the wrong shape (answers and expect objects, statements lists of strings,
// expectation lists of ids, options/never maps of id to verdict lists).
CaseFile read_case(const std::filesystem::path& file);

struct Check {
    enum class Status { Pass, Fail, ReadByHand, NotChecked };
    std::string what;    // "option prp is avoid or not_now"
    Status status = Status::Pass;
    std::string detail;  // what was found, when it is not a plain pass
};

// expect's assessments, red_flags, workup, not_*, options, never and missing against a result
// in the contract JSON. An expectation key nobody knows is a failed check (a typo must not pass).
std::vector<Check> check_result(const nlohmann::json& expect, const nlohmann::json& result);

// handout_options / handout_not_options / handout_asked against the handout HTML's
// data-option="ID" and data-asked="ID" markup.
std::vector<Check> check_handout(const nlohmann::json& expect, const std::string& handout_html);

// text_must_not: each pattern against the clinician's text and the handout's plain text.
std::vector<Check> check_text(const nlohmann::json& expect, const std::string& clinician_text, const std::string& handout_text);

// The handout HTML as the vignette runner reads it: every tag replaced by a space, then HTML
// character references decoded.
std::string handout_plain_text(const std::string& html);

// &amp; &lt; &gt; &quot; &apos; &nbsp; and numeric references decoded; others left as written.
std::string decode_html_entities(const std::string& text);

}  // namespace hc::cli
