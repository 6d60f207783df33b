// One draw function per screen (screen_<name>.cpp) and the frame around them (frame.cpp).
// Each reads the state and pushes actions; none changes AppState.
#pragma once

#include <vector>

#include "ui/actions.h"

namespace hc::ui {

using Actions = std::vector<Action>;

// The whole window for one frame: top bar, banners, the current screen, the modal, and the
// keyboard shortcuts (Ctrl+S, Ctrl+Enter, PageUp/PageDown, Ctrl +/-/0, Ctrl+D, F1).
void draw_frame(const AppState& s, Actions& out);

void draw_start(const AppState& s, Actions& out);
void draw_consultation(const AppState& s, Actions& out);
void draw_review(const AppState& s, Actions& out);
void draw_sessions(const AppState& s, Actions& out);
void draw_about(const AppState& s, Actions& out);

// Shortcuts on their own (so window-less tests can check them): reads ImGui's io.
void shortcuts(const AppState& s, Actions& out);

}  // namespace hc::ui
