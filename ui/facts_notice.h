// How old the pack's facts are, in words for the app: the line under "How this works" and the
// warning shown on every screen when the facts were last checked more than a year ago.
// Pure logic (no ImGui), so it is tested without a window.
#pragma once

#include <string>

namespace hc::ui {

// "Facts last checked against the evidence: 21 November 2026", empty without a date.
std::string facts_checked_line(const std::string& facts_checked);

// The warning when `today` (YYYY-MM-DD) is more than a year after `facts_checked`; empty when
// the facts are recent enough or either date cannot be read (the pack loader has already
// refused a pack whose date is not a date).
std::string facts_outdated_warning(const std::string& facts_checked, const std::string& today);

}  // namespace hc::ui
