// Small drawing helpers shared by the screens. They draw; they never change AppState.
#pragma once

#include <imgui.h>
#include <string>
#include <string_view>

#include "engine/diagrams.h"

namespace hc::ui {

// A rounded, coloured label ("A", "First line"). Returns its size.
void chip(std::string_view text, ImVec4 bg, ImVec4 fg);
// A heading in the heading font with a little space above.
void heading(std::string_view text);
// A bold line of text.
void bold_text(std::string_view text);
// Dimmed, wrapped text.
void dim_wrapped(std::string_view text);
// "(?)" that shows `help` on hover.
void help_marker(std::string_view help);
// A full-width coloured block with wrapped text inside; returns true when its "Dismiss" is clicked
// (no button when `dismiss_id` is null).
bool banner(std::string_view text, ImVec4 bg, ImVec4 fg, const char* dismiss_id = nullptr);

// Draws a stage diagram into the square [pos, pos + size] (no interaction).
void draw_stage(ImDrawList* dl, const StageDiagram& d, ImVec2 pos, float size, bool selected, bool hovered);

// A clickable diagram tile with its label underneath; keyboard navigable (Space/Enter).
// Returns true when clicked or activated.
bool stage_tile(const StageDiagram& d, bool selected, float size);

}  // namespace hc::ui
