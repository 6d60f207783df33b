// Reading the answers a CLI verb is given: one place for every verb that takes --answers.
#pragma once

#include <string>

#include "engine/answers.h"
#include "engine/questionnaire.h"

namespace hc::cli {

// The answers in `file` ("-": standard input): a plain {linkId: value} object, a FHIR
// QuestionnaireResponse, or a case file (acceptance vignettes) whose "answers" object counts.
// Throws the engine's errors for unreadable JSON or answers the questionnaire refuses.
Answers read_answers(const std::string& file, const Questionnaire& q);

}  // namespace hc::cli
