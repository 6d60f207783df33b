// Fonts and theme follow zoom, content scale and light/dark: rebuilt between frames, only when
// one of them changed or a name needs characters the font atlas lacks.
#pragma once

#include "ui/app_state.h"

struct ImGuiIO;

namespace hc::ui {

class Platform;

class StyleRefresh {
public:
    // Rebuilds what is out of date before the next frame (the font atlas, and its OpenGL texture,
    // takes a few milliseconds: never while a field is being typed in). Returns the rebuild's
    // time in milliseconds when the atlas was rebuilt, else a negative number.
    double before_frame(Platform& plat, ImGuiIO& io, const AppState& s);

private:
    float applied_scale_ = -1;
    int applied_dark_ = -1;  // unknown until the first frame
};

}  // namespace hc::ui
