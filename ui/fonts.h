// Fonts: DejaVu Sans at the monitor's content scale times the zoom, with glyph ranges built
// from every string of the pack plus Latin Extended and the punctuation we use, so accented
// names render instead of '?'. Only the atlas is built here; the caller uploads the texture.
#pragma once

#include <imgui.h>
#include <string>

#include "engine/pack.h"

namespace hc::ui {

struct FontSet {
    ImFont* body = nullptr;
    ImFont* bold = nullptr;
    ImFont* heading = nullptr;
    ImFont* small = nullptr;
    bool fallback = false;  // DejaVu not found: ImGui's built-in font (ASCII only)
    std::string warning;    // set with fallback
};

// The folder DejaVu Sans is looked for in (overridable with HAIRCONSULT_FONT_DIR).
std::string font_dir();

// Clears `io.Fonts` and adds the four fonts at `body_px` (pixels). Uses DejaVu Sans from
// font_dir() when the files exist, else the built-in font and sets `fallback`. Sets em().
// Never throws; the atlas is built by the caller's backend (or by Build() in tests).
FontSet load_fonts(ImGuiIO& io, float body_px, const Pack* pack);

// The fonts loaded last (screens use them for headings and emphasis).
const FontSet& fonts();

}  // namespace hc::ui
