// The event loop: sleep until input or a timer of ours is due, apply what the last frame asked
// for, draw a frame only when something changed. With --screenshot or --layout-audit it draws
// a few frames, writes the output and stops.
#pragma once

#include "ui/actions.h"
#include "ui/app_options.h"
#include "ui/app_state.h"
#include "ui/launch_timing.h"

namespace hc::ui {

class Platform;
class PreviewGl;

// Runs until the clinician quits (or the one-shot output is written). Returns the exit code:
// 0, or 1 when a one-shot output could not be written (said on stderr). Frame figures go to
// `timing`.
int run_loop(Platform& plat, PreviewGl& preview, AppState& s, Services& svc, const AppOptions& o, const Clock& clock,
             LaunchTiming& timing);

}  // namespace hc::ui
