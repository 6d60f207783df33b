// Answers to a questionnaire: typed values held by slot, validated on the way in.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <variant>
#include <vector>

#include "engine/questionnaire.h"

namespace hc {

// One answer. Choice answers hold the code; repeats hold codes in questionnaire option order.
// Date and free text are strings. monostate means unanswered.
using Codes = std::vector<std::string>;
using Value = std::variant<std::monostate, bool, std::int64_t, double, std::string, Codes>;

class Answers {
public:
    Answers() = default;
    explicit Answers(const Questionnaire& q) : values_(q.items.size()) {}

    const Value& get(Slot s) const { return values_.at(static_cast<std::size_t>(s)); }
    bool answered(Slot s) const;  // a value is present (an empty Codes list counts as unanswered)
    std::size_t size() const { return values_.size(); }

    // Validates `v` against the item (type, code offered, range, repeats) and stores it;
    // throws AnswersError naming the linkId. Codes are stored in the questionnaire's option
    // order without duplicates, so equal answers compare equal.
    void set(const Questionnaire& q, Slot s, Value v);
    void clear(Slot s) { values_.at(static_cast<std::size_t>(s)) = std::monostate{}; }

    bool operator==(const Answers&) const = default;

private:
    std::vector<Value> values_;
};

// Parses an answers document: either a plain object {linkId: value} or a FHIR R4
// QuestionnaireResponse for this questionnaire (`questionnaire` its url, with or without
// |version; a valid status; items nested as in the questionnaire; no item with both answers
// and items (qrs-1); help display items another tool echoes are skipped). Every error names
// the linkId: unknown linkId, code not offered, wrong type, out of range, several values for a
// single choice, duplicate linkId, an item in the wrong group. Throws AnswersError.
Answers answers_from_json(const Questionnaire& q, const nlohmann::json& doc);

// The answers of an answers file's document: what answers_from_json() reads, or a case file
// (the acceptance vignettes: an id, a story, expectations) whose "answers" object counts. A
// questionnaire with an item called "answers" would make that ambiguous, so then the document
// is taken as written. Used by every front end that takes an answers file.
Answers answers_from_file_document(const Questionnaire& q, const nlohmann::json& doc);

// One answer as JSON: true/false, a number, a code or text, an array of codes; null when
// unanswered. The same form answers files use.
nlohmann::json value_to_json(const Value& v);

// {linkId: value} in questionnaire order, unanswered items left out.
nlohmann::json answers_to_json(const Questionnaire& q, const Answers& a);

// A FHIR R4 QuestionnaireResponse with the given status (in-progress, completed, amended,
// entered-in-error, stopped), items nested as in the questionnaire (groups hold items, questions
// hold answers: qrs-1), `questionnaire` the canonical url|version; no `item` when nothing is
// answered (FHIR JSON has no empty arrays).
nlohmann::json answers_to_fhir(const Questionnaire& q, const Answers& a, const std::string& status);

// The value as a clinician reads it: code displays joined by ", ", "yes"/"no", "12 months".
std::string display_value(const Questionnaire& q, Slot s, const Value& v);

// enableWhen for every item, in document order, repeated until nothing changes: one pass
// settles every enableWhen that looks back at an earlier question; one on a later question may
// need another pass (the loader refuses cycles, so this ends within items.size() passes). An
// item inside a hidden group is hidden. Each enableWhen is evaluated as FHIR R4 defines it: a
// hidden question counts as unanswered; on an unanswered question `exists false` and `!=` are
// true, every other test is false; on an answered one `=` and the orderings need one answer
// that satisfies them and `!=` needs no answer equal to the value.
std::vector<bool> enabled_items(const Questionnaire& q, const Answers& a);

struct Effective {
    Answers answers;                    // only answers to items that are shown
    std::vector<std::string> dropped;   // linkIds of answers dropped because their item is hidden
};
// The answers that are evaluated and saved: hidden items' answers removed, and each named.
Effective effective_answers(const Questionnaire& q, const Answers& a);

struct Completeness {
    bool complete = true;
    std::vector<std::string> unanswered_required;  // enabled, required, unanswered; in order
};
Completeness complete(const Questionnaire& q, const Answers& a);

}  // namespace hc
