// Everything the app does once before its first frame, without a window: settings and the acting
// clinician, the content pack, the store (read-only when another window has it), and the screen
// the command line asks for. Each step turns what goes wrong into a message or a modal in the
// state; none of them throws, so the app always starts.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>

#include "db/store.h"
#include "engine/pack.h"
#include "ui/actions.h"
#include "ui/app_options.h"
#include "ui/app_state.h"

namespace hc::ui {

// Reads the settings (a bad file is one banner) and sets the acting clinician from them
// (base::acting_clinician); remembers where "Save settings" writes.
void load_startup_settings(AppState& s, Services& svc);

// Takes the pack `load` returns; a pack that cannot be used becomes the modal that says why.
void take_pack(AppState& s, const std::function<Pack()>& load);

// Opens the store at `location` (a file or a postgresql:// address; empty: the settings' database,
// else db::default_path()) into `store` and points svc.store at it.
// When another hairconsult window holds the file, opens it read-only and says so; when the store
// chose read-only itself (a damaged write-ahead log), the state is read-only too. The store's
// notes become messages; a store that cannot be opened is one error message (typing still works,
// saving does not).
void open_startup_store(AppState& s, Services& svc, std::optional<db::Store>& store, const std::string& location);

// The first screen: the start lists, then --answers, --open, --screen, --page and --expand-why,
// applied as the actions a clinician would take. Needs the pack (does nothing without one).
void apply_start_options(AppState& s, Services& svc, const AppOptions& o, double now);

}  // namespace hc::ui
