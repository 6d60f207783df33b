// Where hairconsult keeps things on this machine, by the XDG Base Directory rules: one place
// for every folder the programs use (the store's default file, settings, window layout, the
// handout folder). Reads the environment only; creates nothing unless asked.
#pragma once

#include <filesystem>

namespace hc::base {

// $XDG_DATA_HOME/hairconsult, else $HOME/.local/share/hairconsult. A relative XDG_DATA_HOME
// is ignored, as the XDG spec requires; an empty result means neither gives a folder.
std::filesystem::path data_dir();

// $XDG_CONFIG_HOME/hairconsult, else $HOME/.config/hairconsult; relative values ignored as
// above; empty when there is no folder. Settings and window layout live here, never patient data.
std::filesystem::path config_dir();

// The user's documents folder: $XDG_DOCUMENTS_DIR, else $HOME/Documents (a relative value is
// ignored); empty when neither gives a folder.
std::filesystem::path documents_dir();

// Creates `dir` (and its parents) and narrows `dir` itself to 0700. Returns false when it
// cannot be created; narrowing an existing folder we do not own is not attempted twice.
bool make_private_dir(const std::filesystem::path& dir);

}  // namespace hc::base
