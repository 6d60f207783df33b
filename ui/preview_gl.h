// The handout preview pages as OpenGL textures. Made only when the panel's pages change (its
// generation), deleted when the panel closes, so an open preview costs no work per frame.
#pragma once

#include "ui/app_state.h"
#include "ui/screens.h"

namespace hc::ui {

class PreviewGl {
public:
    PreviewGl() = default;
    ~PreviewGl();  // needs the OpenGL context still current
    PreviewGl(const PreviewGl&) = delete;
    PreviewGl& operator=(const PreviewGl&) = delete;

    // Brings the textures in line with `panel`: nothing when the generation is unchanged,
    // otherwise deletes the old ones and uploads the new pages (none when the panel is closed).
    // Returns true when it changed anything (the caller then draws a frame).
    bool sync(const HandoutPanel& panel);
    void clear();
    const PreviewTextures& textures() const { return tex_; }

private:
    PreviewTextures tex_;
};

}  // namespace hc::ui
