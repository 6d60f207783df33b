// Several rooms on the clinic's shared store, in words: who holds a consultation, and what this
// room had typed and not saved when another room took the consultation over. No store calls and
// no ImGui here; actions.cpp decides when, the consultation screen shows it.
#pragma once

#include <string>
#include <vector>

#include "db/store.h"
#include "engine/answers.h"
#include "engine/pack.h"

namespace hc::ui {

// "Being edited in Room 2 by Dr B since 10:02." (local time; with the date when not today).
std::string lease_words(const db::Lease& lease);

// "Room 2 (Dr B) took over this consultation at 10:05." / "Room 2 (Dr B) saved ... first."
std::string taken_over_words(const db::Lease& lease);

// What was typed here and not saved: one line per answer that differs from what was last saved
// ("Notes: <the full text>", "Norwood stage: Norwood IV", "Hair-pull test: (cleared)"), each
// decision changed, and the amendment's reason. Empty when nothing differs. Full text, so the
// clinician can copy it into the consultation once it is theirs again.
std::string unsaved_text(const Pack& pack, const Answers& saved, const Answers& typed,
                         const std::vector<db::Override>& saved_overrides, const std::vector<db::Override>& typed_overrides,
                         const std::string& amend_reason);

}  // namespace hc::ui
