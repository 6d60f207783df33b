#include "ui/style_refresh.h"

#include <imgui.h>

#include <backends/imgui_impl_opengl3.h>
#include <chrono>
#include <cmath>

#include "ui/fonts.h"
#include "ui/platform.h"
#include "ui/theme.h"

namespace hc::ui {

double StyleRefresh::before_frame(Platform& plat, ImGuiIO& io, const AppState& s) {
    double font_ms = -1;
    const float scale = plat.content_scale() * s.zoom;
    // Characters of names seen on screen join the atlas between frames, not while a field is
    // being typed in (the rebuild takes a few milliseconds).
    const bool glyphs = glyphs_wanted() && !io.WantTextInput;
    const bool scale_moved = std::abs(scale - applied_scale_) > 1e-3f;
    if (plat.scale_changed() || scale_moved || applied_dark_ != static_cast<int>(s.dark) || glyphs) {
        if (scale_moved || glyphs) {
            const auto f0 = std::chrono::steady_clock::now();
            load_fonts(io, std::round(15.0f * scale), s.pack.get());
            ImGui_ImplOpenGL3_DestroyFontsTexture();
            ImGui_ImplOpenGL3_CreateFontsTexture();
            font_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - f0).count();
        }
        apply_theme(s.dark, scale);
        applied_scale_ = scale;
        applied_dark_ = static_cast<int>(s.dark);
    }
    return font_ms;
}

}  // namespace hc::ui
