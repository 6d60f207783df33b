// Fonts: DejaVu Sans at the monitor's content scale times the zoom, with glyph ranges built
// from every string of the pack plus Latin Extended and the punctuation we use, so accented
// names render instead of '?'. Only the atlas is built here; the caller uploads the texture.
#pragma once

#include <imgui.h>
#include <string>
#include <string_view>

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

// Text in any script (patient names). The atlas holds only the glyphs it was built with, so a
// screen that draws text notes it here; characters the atlas lacks are remembered and the next
// load_fonts() adds them (CJK from Noto Sans CJK, found in cjk_font_path()), never a whole block.
// Cheap for ASCII. The caller rebuilds between frames and off the typing path.
void note_text(std::string_view text);
bool glyphs_wanted();           // characters are waiting for an atlas rebuild
std::string cjk_font_path();    // HAIRCONSULT_CJK_FONT, else Debian's fonts-noto-cjk file

}  // namespace hc::ui
