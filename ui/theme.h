// The look: a calm light theme for the clinic (and a dark one), colours with a meaning
// (verdicts, red flags, save state), and sizes in font units so HiDPI and zoom just work.
#pragma once

#include <imgui.h>
#include <string_view>

#include "engine/catalogue.h"

namespace hc::ui {

struct Palette {
    ImVec4 text, text_dim, accent, accent_text, danger, danger_bg, danger_text, warning_bg, info_bg,
        ok, panel, highlight, hair, skin, outline;
    ImVec4 accent_hover, accent_active;  // the primary button hovered/focused and pressed: text stays readable
};

// Resets the style, applies the light or dark colours and scales every size by `scale`
// (monitor content scale x zoom). Call between frames.
void apply_theme(bool dark, float scale);
const Palette& palette();

// Pushes the primary button's colours (accent, its hover and pressed shades, its text); pop with
// ImGui::PopStyleColor(4).
void push_primary_button();

// Colour of a verdict chip (first line green ... avoid red).
ImVec4 verdict_colour(Verdict v);

// One "em": the body font's size in pixels. Every size in the UI is a multiple of it.
float em(float n = 1.0f);
ImVec2 em2(float x, float y);
void set_em(float px);

}  // namespace hc::ui
