// Differences a clinician asks about, as plain lines: what changed since the last visit, and
// what today's pack would say differently from what was decided.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/store.h"
#include "engine/answers.h"
#include "engine/pack.h"

namespace hc::ui {

// "Norwood stage: Norwood III → Norwood IV", in questionnaire order. Free text (clinician
// notes) is reported as "changed" without its content.
std::vector<std::string> answer_changes(const Questionnaire& q, const Answers& before, const Answers& after);

// A store ResultDiff in words, with titles from `pack` where it still knows the id:
// "New red flag: ...", "Finasteride (oral): first line → consider".
// A consultation's status in the words every screen uses (one spelling everywhere): "in
// progress", "finalised", "amended", "withdrawn".
std::string status_words(db::Status);
// The status with the follow-up marker, for lists: "finalised \u00b7 follow-up of #12".
std::string status_line(const db::ConsultationSummary&);

std::vector<std::string> result_changes(const db::ResultDiff& d, const Pack& pack);

// A consultation's headline (its assessment ids) as titles from `pack` ("; "-joined); an id the
// pack no longer knows (or every id, with no pack) is shown as it is.
std::string headline_titles(const std::vector<std::string>& assessment_ids, const Pack* pack);

// "First line", "Consider", ... (verdict_label); "(not listed)" for an option not in the result.
std::string verdict_words(const std::optional<Verdict>& verdict);

// A clinician's decision in the words every screen uses: "Accepted" / "Declined", and as the
// mark beside an option: "\u2713 accepted" / "\u2717 declined".
std::string decision_words(db::Override::Decision d);
std::string decision_mark(db::Override::Decision d);

}  // namespace hc::ui
