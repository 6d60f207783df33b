// Claims: the facts about a patient that a sentence of the pack can state ("after the
// menopause", "together with minoxidil", "your child"), each with the condition that must
// hold for the patient before a sentence stating it may be shown (claims.json, see
// docs/pack-format.md). They let the pack check its own wording: every text the tool shows a
// patient or a clinician is matched against them, sentence by sentence, once at load, and
// shown_text_problems() then tells whether each text shown for one patient is true for them.
#pragma once

#include <regex>
#include <string>
#include <vector>

#include "engine/answers.h"
#include "engine/conditions.h"
#include "engine/errors.h"

namespace hc {

struct Pack;
struct Result;

struct Claim {
    std::string id;
    std::string pattern;          // ECMAScript regular expression, case-insensitive
    std::regex re;
    // A sentence that matches `except` states nothing about the patient (a negation, a
    // condition such as "if you could become pregnant"); it is not a claim.
    std::string except;
    std::regex except_re;
    bool forbidden = false;       // never true for anyone: the pack must not say it at all
    Condition condition;          // the facts the claim states ("requires" in claims.json); unused when forbidden
    bool has_requires = false;
    // At least one of these options must be offered (first line or consider) in the result;
    // "*" means any option. Empty: no requirement on the result.
    std::vector<std::string> requires_offered;
    std::string explain;          // why, for the reviewer
};

// One sentence of a shown text that states a claim the patient's answers or result do not bear out.
struct TextProblem {
    std::string where;     // "option topical_minoxidil patient.watch_for", "rule fin_continue note"
    std::string claim;     // claim id
    std::string sentence;
};

// The pack's claims.json (empty when the pack has none), checked: every pattern compiles,
// every condition parses against the questionnaire, every option named exists. Throws
// PackError listing every problem. Kept out of load_pack(): claims are for review (lint and
// tests), and compiling their expressions would slow every start of the app.
std::vector<Claim> load_claims(const Pack& pack);

// The ids of the claims that `text` states (sentence by sentence, `except` honoured).
std::vector<int> claims_in(const std::vector<Claim>& claims, const std::string& text);

// Every text the tool shows for this patient and result, checked against the claims: the
// winning reasons' clinician notes and plain reasons, the assessments', red flags' and workup
// items' patient text with their passages, and the patient text of every option offered
// (first line or consider) with its passages. Empty when every claim holds.
class ShownTextChecker {
public:
    explicit ShownTextChecker(const Pack& pack);  // load_claims(pack); matches every text of the pack once
    ShownTextChecker(const Pack& pack, std::vector<Claim> claims);
    const std::vector<Claim>& claims() const { return claims_; }
    std::vector<TextProblem> check(const Answers& answers, const Result& result) const;

    // Options' generic patient text (shown wherever the option is offered, by any rule or by
    // the clinician) that states a claim at all: the lint for "a block naming a sex, age group
    // or condition the patient may not have". Such a sentence belongs in a passage.
    std::vector<TextProblem> generic_claims() const;

private:
    struct Text {
        std::string where;
        const std::string* text;
        std::vector<int> claims;
    };
    const Pack& pack_;
    std::vector<Claim> claims_;
    // Per option / finding / rule effect, the texts with the claims each states.
    std::vector<std::vector<Text>> option_generic_, option_passages_;
    std::vector<std::vector<Text>> assessment_generic_, assessment_passages_;
    std::vector<std::vector<Text>> flag_generic_, flag_passages_;
    std::vector<std::vector<Text>> workup_generic_, workup_passages_;
    std::vector<std::vector<std::vector<Text>>> effect_texts_;  // [rule][option effect] -> note, patient
};

// The lint of the pack's wording, lint_texts(), is declared in engine/lint.h.

}  // namespace hc
