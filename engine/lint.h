// Quality findings on a pack that loaded (engine/lint.cpp, lint_text.cpp, lint_evidence.cpp).
// They do not stop a pack from being used: `hairconsult-cli validate` prints them as warnings
// and `--strict` makes them fatal. The evidence table for clinical review is here too.
#pragma once

#include <string>
#include <vector>

#include "engine/errors.h"
#include "engine/pack.h"

namespace hc {

// Every finding on `pack`: rules that can never fire or add nothing, options without evidence
// or patient text, dictionary ids no rule produces, catalogue entries no rule uses, evidence
// hygiene (lint_evidence.cpp) and wording (lint_texts). Empty for a clean pack. Throws nothing.
std::vector<PackProblem> lint_pack(const Pack& pack);

// The wording findings alone (engine/lint_text.cpp), part of lint_pack(): sentences that state
// a claim where it may be false, and answers to a patient's question that would have no plain
// reason.
std::vector<PackProblem> lint_texts(const Pack& pack);

// The evidence table a clinician reviews on one page (markdown): every option with its grade,
// the rules that set its verdicts (verdict, condition, note) and the references behind it,
// then the reference list.
std::string evidence_report(const Pack& pack);

}  // namespace hc
