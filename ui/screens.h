// One draw function per screen (screen_<name>.cpp) and the frame around them (frame.cpp).
// Each reads the state and pushes actions; none changes AppState.
#pragma once

#include <imgui.h>
#include <vector>

#include "ui/actions.h"

namespace hc::ui {

using Actions = std::vector<Action>;

// The handout preview pages as GPU textures, made by the window code (preview_gl.cpp) from
// HandoutPanel::pages. Window-less callers pass none and the panel draws page outlines.
struct PageTexture {
    ImTextureID id = nullptr;
    int width = 0, height = 0;
};
struct PreviewTextures {
    int generation = -1;                // HandoutPanel::generation these were made from
    std::vector<PageTexture> pages;
};

// The whole window for one frame: top bar, banners, the current screen, the handout panel,
// the modal, and the keyboard shortcuts (Ctrl+S, Ctrl+Enter, PageUp/PageDown, Ctrl +/-/0,
// Ctrl+D, F1).
void draw_frame(const AppState& s, Actions& out, const PreviewTextures* previews = nullptr);

// One frame's drawing, guarded: if `draw` throws, what it opened in ImGui (windows, pushed
// styles, ids) is closed so the frame can still be rendered, the actions of the broken frame are
// dropped, and act::FrameFailed carries the error, so the app shows it and keeps the
// consultation in memory.
using DrawFn = void (*)(const AppState&, Actions&, const PreviewTextures*);
void guarded_frame(const AppState& s, Actions& out, const PreviewTextures* previews = nullptr, DrawFn draw = draw_frame);

void draw_start(const AppState& s, Actions& out);
void draw_consultation(const AppState& s, Actions& out);
void draw_review(const AppState& s, Actions& out);
void draw_sessions(const AppState& s, Actions& out);
// Below a list another room's saves would reorder (StartState::stale): says so, and offers
// "Show the latest". Used by the start and consultations screens.
void stale_notice(Actions& out);
void draw_about(const AppState& s, Actions& out);
void draw_settings(const AppState& s, Actions& out);
// The handout panel (a modal) when HandoutPanel::open; `previews` may be null.
void draw_handout(const AppState& s, Actions& out, const PreviewTextures* previews);

// Shortcuts on their own (so window-less tests can check them): reads ImGui's io.
void shortcuts(const AppState& s, Actions& out);

}  // namespace hc::ui
