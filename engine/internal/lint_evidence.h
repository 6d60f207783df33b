// Evidence hygiene checks of lint_pack() (internal to the engine): what a claim that an option
// works may rest on.
#pragma once

#include <vector>

#include "engine/errors.h"
#include "engine/pack.h"

namespace hc::detail {

// Appends to `out`:
// - an option presented as proven (not `unproven`) whose evidence refs are all press
//   releases, news or preclinical work;
// - a rule that makes an option first_line or consider with refs that are all of those kinds;
// - background (role `context`) news, press releases or preclinical work cited among the
//   sources of an option that rules offer (first_line or consider), or by a rule offering
//   it: the handout prints an option's refs as its sources and the clinician's view lists a
//   rule's refs beside the verdict, so both read as support.
void lint_evidence(const Pack& pack, std::vector<PackProblem>& out);

}  // namespace hc::detail
