// The rule condition language (docs/pack-format.md): parsed once at load, checked against the
// questionnaire, then evaluated with three-valued logic on every answer change.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/answers.h"
#include "engine/questionnaire.h"

namespace hc {

enum class Tri : std::uint8_t { False, True, Unknown };

// A syntax or meaning error in a condition, with the 1-based column in the condition text.
class ConditionError : public std::runtime_error {
public:
    ConditionError(int column, const std::string& message);
    int column() const { return column_; }
private:
    int column_;
};

struct ConditionNode;  // defined in conditions.cpp

// A parsed condition. Cheap to move; immutable after parsing.
class Condition {
public:
    Condition();
    Condition(Condition&&) noexcept;
    Condition& operator=(Condition&&) noexcept;
    ~Condition();

    // Parses and checks `text` against `q`: unknown linkId, a code the item does not offer,
    // a number compared with a code, `has` on an item that does not repeat, operators that
    // do not fit the item's type, two items compared that do not fit each other (a number
    // with a code, choice items without a code in common). Throws ConditionError with the column.
    static Condition parse(std::string_view text, const Questionnaire& q);

    struct Outcome {
        Tri value = Tri::Unknown;
        // Unanswered, shown items whose answer could change `value` (only when Unknown).
        std::vector<Slot> unknowns;
    };
    // `enabled` comes from enabled_items(). An item that is hidden is "not applicable": every
    // comparison on it is false and answered() is false. A shown, unanswered item is unknown.
    // Comparing two items: false if either is hidden, else unknown if either is unanswered
    // (each unanswered one goes to `unknowns`), else both are read.
    // Appends to `read` every answered slot the evaluation looked at (for `because`).
    Outcome evaluate(const Answers& a, const std::vector<bool>& enabled, std::vector<Slot>& read) const;

    // Every slot the condition mentions, in order of first mention, without repeats.
    const std::vector<Slot>& slots() const { return slots_; }
    const std::string& text() const { return text_; }

    // Every value the condition compares slot `s` with, in order of appearance (for lint_pack,
    // which tries values around them to find rules that can never fire).
    std::vector<Literal> literals(Slot s) const;

    // Every item the condition compares slot `s` with directly (`s > other`, `other == s`), in
    // order of appearance, without repeats (for lint_pack).
    std::vector<Slot> compared_items(Slot s) const;

private:
    std::unique_ptr<ConditionNode> root_;
    std::vector<Slot> slots_;
    std::string text_;
};

}  // namespace hc
