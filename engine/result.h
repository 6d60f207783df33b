// What evaluate() returns. Entries refer to the pack by index; to_json() and to_text() turn a
// result into the contract JSON of DESIGN.md and a line-by-line text a clinician can check.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "engine/answers.h"
#include "engine/pack.h"

namespace hc {

// One rule that fired, and the answered items its condition read.
struct Because {
    int rule = -1;               // index into Pack::rules
    std::vector<Slot> answers;   // in questionnaire order, no repeats
};

// `passages`: indices into the finding's or option's Passage list whose `assumes` holds for
// these answers (attach_passages()), in pack order: the patient wording shown for this patient.
struct AssessmentResult {
    int assessment = -1;
    Likelihood likelihood = Likelihood::Possible;
    std::vector<Because> because;
    std::vector<int> passages;
};
struct FindingResult { int finding = -1; std::vector<Because> because; std::vector<int> passages; };  // red flags, workup

struct OptionReason {
    Because because;
    Verdict verdict = Verdict::Consider;
    const std::string* note = nullptr;     // points into the pack's rule; may be empty
    const std::string* patient = nullptr;  // the rule's plain reason for the patient; may be empty
    bool overruled = false;             // a more restrictive verdict from another rule won
};
struct OptionResult {
    int option = -1;
    Verdict verdict = Verdict::Consider;   // the most restrictive of its reasons
    std::vector<OptionReason> reasons;     // winning reasons first, then overruled, rule order
    std::vector<int> passages;
};

struct Result {
    std::vector<AssessmentResult> assessments;  // likely before possible, then pack order
    std::vector<FindingResult> red_flags;       // pack order
    std::vector<OptionResult> options;          // by verdict (first_line first), then pack order
    std::vector<FindingResult> workup;          // pack order
    std::vector<Slot> missing;                  // questionnaire order
    std::vector<std::string> dropped;           // answers ignored because their item is hidden
};

// The contract JSON of DESIGN.md. Byte-identical for the same pack and answers (dump() with
// a fixed indent). `answers` supplies the values listed under `because`.
nlohmann::json to_json(const Pack& pack, const Answers& answers, const Result& r);

struct StoredResult;  // engine/stored_result.h

// Rebuilds the Result that `to_json(pack, answers, r)` wrote, from that JSON (a saved
// consultation's result as decided), so that to_json(pack, answers, result_from_json(...))
// gives the same bytes. `answers` must be the answers the result was made from. Every id the
// JSON names must resolve in `pack` (assessments, red flags, workup, options, rules, linkIds),
// every rule named must produce what the JSON says it did, and every answer listed under
// `because` must equal the one in `answers`; otherwise throws StoredResultError naming the
// first id that does not resolve. Does not compare pack versions: callers decide whether a
// result made with another version may be shown. The JSON is read by read_stored_result() (a
// malformed shape is its StoredResultError, with the JSON path), then resolved by
// resolve_stored_result(), which callers holding a StoredResult already use directly.
Result result_from_json(const Pack& pack, const Answers& answers, const nlohmann::json& stored);
Result resolve_stored_result(const Pack& pack, const Answers& answers, const StoredResult& stored);

// Plain text for the terminal: assessments, red flags, options with verdict, grade and the
// rules and answers behind each, workup, missing.
std::string to_text(const Pack& pack, const Answers& answers, const Result& r);

}  // namespace hc
