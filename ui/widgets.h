// Small drawing helpers shared by the screens. They draw; they never change AppState.
#pragma once

#include <imgui.h>
#include <string>
#include <string_view>

#include "engine/diagrams.h"

namespace hc::ui {

// A rounded, coloured label ("A", "First line"). Returns its size.
void chip(std::string_view text, ImVec4 bg, ImVec4 fg);
// The width chip() takes for `text`.
float chip_width(std::string_view text);
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

// One answer option: a check box (or a radio circle) with its label wrapped at `width` pixels
// from the cursor, the whole box-and-label area its own hit area. Returns true when clicked or
// activated (Space/Enter).
bool option_toggle(const char* label, bool on, bool radio, float width);
// The width option_toggle needs to show `label` on one line.
float option_width(std::string_view label);

// Continues the line when an item `width` pixels wide still fits, else starts a new line.
void flow(float width);
// True when the mouse, not keyboard focus, is over the last item: tooltips follow the mouse
// only, so a tooltip never covers the options being reached by keyboard.
bool mouse_hovered();
// A full-width selectable row whose text wraps instead of being cut.
bool wrapped_selectable(const char* id, std::string_view text, bool selected);

// Moves keyboard focus to the item just drawn, shows the focus highlight and scrolls it into view
// (a text field being typed in elsewhere is left, its text kept).
void take_keyboard_focus();
// Gives the keyboard to the current window's first item (F6 into the result panel).
void focus_this_window();
// True when Tab (without Ctrl) was just pressed; `take` also cancels ImGui's own tabbing so the
// caller decides where focus goes.
bool tab_pressed(bool take);

// Draws a stage diagram into the square [pos, pos + size] (no interaction).
void draw_stage(ImDrawList* dl, const StageDiagram& d, ImVec2 pos, float size, bool selected, bool hovered);

// A clickable diagram tile with its label underneath; keyboard navigable (Space/Enter).
// Returns true when clicked or activated.
// `label` is the stage as the questionnaire spells it ("2", "3v"), the same word the lists, the
// review and the handout use.
bool stage_tile(const StageDiagram& d, bool selected, float size, std::string_view label);

}  // namespace hc::ui
