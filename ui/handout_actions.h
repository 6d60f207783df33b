// The handout buttons of the consultation screen: compose the patient handout from the draft
// (handout/ library), save it as PDF in the handout folder, or print it through CUPS.
#pragma once

#include <filesystem>
#include <string>

#include "ui/app_state.h"

namespace hc::ui {

// $XDG_DOCUMENTS_DIR/hairconsult-handouts, else ~/Documents/hairconsult-handouts, created 0700.
std::filesystem::path default_handout_dir();

// Writes the draft's handout PDF into `dir` (file name from the consultation id and the time,
// never the patient's name; mode 0600) and returns its path. Throws std::exception with a
// message a clinician can act on.
std::filesystem::path save_handout_pdf(const AppState& s, const std::filesystem::path& dir);

// Sends the draft's handout to the default printer; returns a sentence for the banner.
// Throws std::exception (no printing service, no printer, refused) with a plain message.
std::string print_handout(const AppState& s);

}  // namespace hc::ui
