// Rules: a condition and what it adds to the result when the condition is true.
#pragma once

#include <string>
#include <vector>

#include "engine/catalogue.h"
#include "engine/conditions.h"

namespace hc {

enum class Likelihood { Possible, Likely };
std::string_view to_string(Likelihood);

struct AssessmentEffect { int assessment = -1; Likelihood likelihood = Likelihood::Likely; };
struct OptionEffect {
    int option = -1;
    Verdict verdict = Verdict::Consider;
    std::string note;               // why, for this patient, in the clinician's words
    std::string patient;            // the same reason in plain words for the handout; may be empty
    // The plain reason is something the patient must do now (stop a medicine that is harming
    // them): the handout prints it with the red flag the same rule raises, at the top.
    bool urgent = false;
};

struct Rule {
    std::string id;
    std::string explain;            // the logic in plain words, shown under "why"
    Condition when;
    std::vector<std::string> refs;  // every rule that adds something clinical carries refs
    // A default rule speaks of an option only when no other rule did: it answers the patient's
    // question about an option nothing else in the result mentions, without ever weakening or
    // overruling what a specific rule decided. Default rules may set options only.
    bool is_default = false;
    std::vector<AssessmentEffect> assessments;
    std::vector<int> red_flags;     // indices into Pack::red_flags
    std::vector<int> workup;        // indices into Pack::workup
    std::vector<OptionEffect> options;
};

}  // namespace hc
