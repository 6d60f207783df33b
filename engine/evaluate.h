// The rule engine's single entry point.
#pragma once

#include "engine/answers.h"
#include "engine/pack.h"
#include "engine/result.h"

namespace hc {

// Pure and deterministic: the same pack and answers give the same result. Answers to hidden
// items are ignored (and listed in Result::dropped). A rule fires when its condition is true;
// a condition that is unknown adds the unanswered items it depends on to `missing`.
// Where several rules set one option's verdict, the most restrictive wins and every reason
// is kept, the others marked overruled. Never throws for answers built through Answers::set.
Result evaluate(const Pack& pack, const Answers& answers);

// Fills each entry's `passages` with the patient wording whose `assumes` is true for these
// answers (unknown or not applicable leaves a passage out: a sentence is never shown on a
// guess). evaluate() calls it; result_from_json() results get it the same way.
void attach_passages(const Pack& pack, const Answers& answers, Result& r);
// The same with visibility already computed (enabled_items(pack.questionnaire, answers)).
void attach_passages(const Pack& pack, const Answers& answers, const std::vector<bool>& enabled, Result& r);

}  // namespace hc
