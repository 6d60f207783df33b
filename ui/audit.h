// The layout audit: a record of every item drawn in one frame (its visible label, rectangle,
// whether it takes input, whether its text is cut, and which characters the font lacks), so
// tests and `--layout-audit` can prove that nothing overlaps and nothing is cut. Screens draw
// through the `ax::` wrappers below, which call ImGui and then record the item; recording is
// off (one branch) unless a frame is being audited.
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

namespace hc::ui::audit {

struct Item {
    std::string label;           // the visible text ("##id" parts removed)
    float x = 0, y = 0, w = 0, h = 0;  // screen pixels, the visible part of the item
    bool interactive = false;
    bool clipped = false;        // its text does not fit the width it is given
    std::string missing_glyphs;  // characters the font draws as a fallback (UTF-8)
    unsigned window = 0;         // root window: items of different windows (a modal) may overlap
};

void set_enabled(bool on);
bool enabled();
void clear();
const std::vector<Item>& items();

// Records ImGui's last item under `label`. `text_room` is the width the label's text is given
// inside the item (negative: only the window's clip rectangle limits it). `check_edges` off for
// items whose hit area reaches past the clip rectangle by design (selectable rows).
// Returns the record, or null when recording is off or the item is not visible.
Item* last(std::string_view label, bool interactive, float text_room = -1.0f, bool check_edges = true);

// {"items": [{"label", "x", "y", "w", "h", "interactive", "clipped", "missing_glyphs"}]}
std::string to_json();

// The characters of `text` that `font` (null: the current font) has no glyph for.
std::string missing_glyphs(std::string_view text, const ImFont* font = nullptr);

// The part of a label that is drawn: up to "##", as ImGui shows it.
std::string_view visible(std::string_view label);

// Pairs of interactive items (indices into items()) of one window whose rectangles overlap.
std::vector<std::pair<int, int>> overlaps(const std::vector<Item>& items);

}  // namespace hc::ui::audit

// ImGui widgets that also record themselves in the audit. Same signatures as ImGui's. The text
// fields differ from ImGui's in one way: Escape leaves the field and keeps what was typed
// (ImGui 1.86 restores the text the field had when it was entered).
namespace hc::ui::ax {
// True when a multi-line text field has the keyboard this frame (its Enter keys are its own).
bool multiline_active();
// True when Enter or keypad Enter went down this frame (whatever has the keyboard).
bool enter_pressed();
// True when the last item has keyboard focus (highlight showing) and Enter or keypad Enter was
// just pressed outside any text field. The buttons below count it as a press (ImGui 1.86 presses
// with Space only).
bool enter_on_focused();
bool Button(const char* label, const ImVec2& size = ImVec2(0, 0));
bool SmallButton(const char* label);
bool Checkbox(const char* label, bool* v);
bool RadioButton(const char* label, bool active);
bool Selectable(const char* label, bool selected = false, ImGuiSelectableFlags flags = 0, const ImVec2& size = ImVec2(0, 0));
bool InputText(const char* label, std::string* str, ImGuiInputTextFlags flags = 0);
bool InputTextWithHint(const char* label, const char* hint, std::string* str, ImGuiInputTextFlags flags = 0);
bool InputTextMultiline(const char* label, std::string* str, const ImVec2& size = ImVec2(0, 0), ImGuiInputTextFlags flags = 0);
bool BeginCombo(const char* label, const char* preview, ImGuiComboFlags flags = 0);
bool TreeNodeEx(const char* label, ImGuiTreeNodeFlags flags = 0);
bool CollapsingHeader(const char* label, ImGuiTreeNodeFlags flags = 0);
bool InvisibleButton(const char* id, const ImVec2& size, std::string_view label);
void TextUnformatted(const char* text, const char* end = nullptr);
void Text(const char* fmt, ...) IM_FMTARGS(1);
void TextDisabled(const char* fmt, ...) IM_FMTARGS(1);
void TextColored(const ImVec4& col, const char* fmt, ...) IM_FMTARGS(2);
void TextWrapped(const char* fmt, ...) IM_FMTARGS(1);
void BulletText(const char* fmt, ...) IM_FMTARGS(1);
}  // namespace hc::ui::ax
