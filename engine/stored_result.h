// A saved result read back: what to_json() wrote, as plain typed values that do not point into
// any pack (ids and titles as they were when it was decided). read_stored_result() is the one
// place a stored result's JSON is walked; every screen, diff, tag, headline and handout reads it
// through this (result_from_json() resolves it against a pack on top of it).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/catalogue.h"
#include "engine/rules.h"

namespace hc {

// One rule that fired, with the answers its condition read ({linkId: value} as stored, in the
// stored order).
struct StoredBecause {
    std::string rule;
    std::string explain;
    std::vector<std::pair<std::string, nlohmann::json>> answers;
    std::vector<std::string> refs;
};

// A rule's verdict on an option, with its note and its plain reason for the patient.
struct StoredOptionReason {
    StoredBecause because;
    Verdict verdict = Verdict::Consider;
    std::string note;      // may be empty
    std::string patient;   // may be empty (results saved before plain reasons existed have none)
    bool overruled = false;
};

struct StoredAssessment {
    std::string id, title;
    Likelihood likelihood = Likelihood::Possible;
    std::vector<StoredBecause> because;
    std::vector<std::string> refs;
};

// A red flag (with its action) or a workup entry (action empty).
struct StoredFinding {
    std::string id, title, action;
    std::vector<StoredBecause> because;
    std::vector<std::string> refs;
};

struct StoredOption {
    std::string id, title, kind;
    bool unproven = false;
    Verdict verdict = Verdict::Consider;
    std::string grade, summary;            // the evidence as it stood
    std::vector<std::string> notes;
    std::vector<StoredOptionReason> because;
    std::vector<std::string> refs;
};

struct StoredResult {
    std::string pack_id, pack_version;
    std::string facts_checked;             // empty for results saved before packs recorded it
    std::vector<StoredAssessment> assessments;  // as stored: likely before possible, then pack order
    std::vector<StoredFinding> red_flags;
    std::vector<StoredOption> options;          // as stored: by verdict, then pack order
    std::vector<StoredFinding> workup;
    std::vector<std::string> missing;           // linkIds
    std::vector<std::string> dropped;           // linkIds

    // The assessment ids, in result order (the headline of a consultation).
    std::vector<std::string> assessment_ids() const;
    const StoredOption* find_option(std::string_view id) const;  // nullptr if the result has none
};

// Reads a stored result (the JSON to_json() writes). Checks every key it uses and the type of
// every value, the verdict and likelihood words, and that ids are non-empty strings; keys it does
// not know are ignored. Throws StoredResultError (id "", path() the JSON pointer of the first
// problem) with one line such as "stored result /options/2/verdict must be a string, not an
// integer".
StoredResult read_stored_result(const nlohmann::json& stored);
// The same from stored text; text that is not JSON is a StoredResultError too (path "").
StoredResult read_stored_result(const std::string& text);

}  // namespace hc
