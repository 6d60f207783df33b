// Example consultations shipped with a pack (examples.json): a first run on an empty database
// can open one to see what the tool does before any real patient is entered. Each example is a
// set of answers written against the pack's questionnaire, with a short title; the app opens it
// as an unsaved draft marked EXAMPLE, never saved unless the clinician names a real patient.
#pragma once

#include <string>
#include <vector>

#include "engine/answers.h"

namespace hc {

struct Pack;

struct Example {
    std::string id;       // "shedding-on-tirzepatide"
    std::string title;    // "Man, 41, on tirzepatide, heavy shedding"
    std::string summary;  // one or two plain sentences shown under the title
    Answers answers;
};

// The pack's examples.json (empty when the pack has none), checked: every answer fits the
// questionnaire, ids are unique. Throws PackError listing every problem. Kept out of
// load_pack(): only the start screen of an empty database needs them.
std::vector<Example> load_examples(const Pack& pack);

}  // namespace hc
