#include "ui/audit.h"

#include <imgui_internal.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include "ui/fonts.h"

#include <algorithm>
#include <cstdarg>
#include <cmath>
#include <cstdio>

namespace hc::ui::audit {

namespace {
bool g_on = false;
std::vector<Item> g_items;

std::string utf8(unsigned c) {
    char b[5] = {};
    ImTextCharToUtf8(b, c);
    return b;
}
}  // namespace

void set_enabled(bool on) { g_on = on; }
bool enabled() { return g_on; }
void clear() { g_items.clear(); }
const std::vector<Item>& items() { return g_items; }

std::string_view visible(std::string_view label) {
    const auto p = label.find("##");
    return p == std::string_view::npos ? label : label.substr(0, p);
}

std::string missing_glyphs(std::string_view text, const ImFont* font) {
    if (!font) font = ImGui::GetFont();
    std::string out;
    const char* s = text.data();
    const char* e = s + text.size();
    while (s < e) {
        unsigned c = 0;
        const int n = ImTextCharFromUtf8(&c, s, e);
        if (n <= 0) break;
        s += n;
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') continue;
        // Only the Basic Multilingual Plane fits ImWchar in this build: beyond it is missing too.
        if (c > 0xFFFF || !font->FindGlyphNoFallback(static_cast<ImWchar>(c))) {
            const std::string ch = utf8(c);
            if (out.find(ch) == std::string::npos) out += ch;
        }
    }
    return out;
}

Item* last(std::string_view label, bool interactive, float text_room, bool check_edges) {
    if (!g_on) return nullptr;
    if (!ImGui::IsItemVisible()) return nullptr;  // scrolled out of view: not drawn
    const ImGuiWindow* w = ImGui::GetCurrentWindow();
    const ImRect clip = w->ClipRect;
    ImRect r(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    label = visible(label);
    Item it;
    it.label = std::string(label);
    it.interactive = interactive;
    // Cut on the right or left by the window (or table cell) it is drawn in; cut vertically is
    // scrolled, which is not a loss.
    it.clipped = check_edges && (r.Max.x > clip.Max.x + 1.0f || r.Min.x < clip.Min.x - 1.0f);
    if (text_room >= 0 && !label.empty()) {
        const float tw = ImGui::CalcTextSize(label.data(), label.data() + label.size(), false).x;
        if (tw > text_room + 0.5f) it.clipped = true;
    }
    it.missing_glyphs = missing_glyphs(label);
    r.ClipWithFull(clip);
    it.x = r.Min.x;
    it.y = r.Min.y;
    it.w = std::max(0.0f, r.GetWidth());
    it.h = std::max(0.0f, r.GetHeight());
    it.window = w->RootWindow ? w->RootWindow->ID : w->ID;
    if (it.w <= 0 || it.h <= 0) return nullptr;
    g_items.push_back(std::move(it));
    return &g_items.back();
}

std::string to_json() {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& i : g_items)
        items.push_back({{"label", i.label}, {"x", i.x}, {"y", i.y}, {"w", i.w}, {"h", i.h},
                         {"interactive", i.interactive}, {"clipped", i.clipped},
                         {"missing_glyphs", i.missing_glyphs}});
    return nlohmann::json{{"items", items}}.dump(1);
}

std::vector<std::pair<int, int>> overlaps(const std::vector<Item>& v) {
    std::vector<std::pair<int, int>> out;
    for (std::size_t a = 0; a < v.size(); ++a) {
        if (!v[a].interactive) continue;
        for (std::size_t b = a + 1; b < v.size(); ++b) {
            if (!v[b].interactive || v[a].window != v[b].window) continue;
            // Touching edges are fine; a shared area of more than a pixel is not.
            const float ox = std::min(v[a].x + v[a].w, v[b].x + v[b].w) - std::max(v[a].x, v[b].x);
            const float oy = std::min(v[a].y + v[a].h, v[b].y + v[b].h) - std::max(v[a].y, v[b].y);
            if (ox > 1.0f && oy > 1.0f) out.emplace_back(static_cast<int>(a), static_cast<int>(b));
        }
    }
    return out;
}

}  // namespace hc::ui::audit

namespace hc::ui::ax {

namespace {
float pad_x() { return ImGui::GetStyle().FramePadding.x; }
// Room for a button's text: its width less the frame padding on both sides.
float button_room() { return ImGui::GetItemRectSize().x - 2 * pad_x(); }

std::string vformat(const char* fmt, va_list args) {
    char buf[1024];
    va_list copy;
    va_copy(copy, args);
    const int n = std::vsnprintf(buf, sizeof buf, fmt, copy);
    va_end(copy);
    if (n < 0) return {};
    if (static_cast<std::size_t>(n) < sizeof buf) return std::string(buf, static_cast<std::size_t>(n));
    std::string big(static_cast<std::size_t>(n) + 1, '\0');
    std::vsnprintf(big.data(), big.size(), fmt, args);
    big.resize(static_cast<std::size_t>(n));
    return big;
}
}  // namespace

namespace {
int g_multiline_frame = -1;

// ImGui 1.86's InputText reverts to the text it had when entered on Escape (the key, or the
// navigation Cancel input made from it). For the active field both are hidden from it for this
// frame (marked held, not newly pressed, so they do not come back next frame) and the field is
// left by hand: the text typed stays.
struct EscapeKeepsText {
    bool taken = false;
    explicit EscapeKeepsText(const char* label) {
        ImGuiContext& g = *GImGui;
        const int key = g.IO.KeyMap[ImGuiKey_Escape];
        if (key < 0 || g.ActiveId == 0 || g.ActiveId != ImGui::GetID(label)) return;
        if (!ImGui::IsKeyPressed(key, false)) return;
        g.IO.KeysDownDuration[key] = 1e-6f;
        // Keyboard navigation maps Escape to its Cancel input, which the field reads as well.
        if (g.IO.NavInputsDownDuration[ImGuiNavInput_Cancel] == 0.0f) g.IO.NavInputsDownDuration[ImGuiNavInput_Cancel] = 1e-6f;
        taken = true;
    }
    ~EscapeKeepsText() {
        if (taken) ImGui::ClearActiveID();
    }
};
}  // namespace

bool multiline_active() { return g_multiline_frame == ImGui::GetFrameCount(); }

bool enter_pressed() {
    const ImGuiIO& io = ImGui::GetIO();
    const int enter = io.KeyMap[ImGuiKey_Enter], kp = io.KeyMap[ImGuiKey_KeyPadEnter];
    return (enter >= 0 && ImGui::IsKeyPressed(enter, false)) || (kp >= 0 && ImGui::IsKeyPressed(kp, false));
}

bool enter_on_focused() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || io.KeyCtrl || io.KeyAlt || !ImGui::IsItemFocused() || GImGui->NavDisableHighlight) return false;
    return enter_pressed();
}

bool Button(const char* label, const ImVec2& size) {
    note_text(label);
    const bool r = ImGui::Button(label, size) || enter_on_focused();
    if (audit::enabled()) audit::last(label, true, button_room());
    return r;
}
bool SmallButton(const char* label) {
    note_text(label);
    const bool r = ImGui::SmallButton(label) || enter_on_focused();
    if (audit::enabled()) audit::last(label, true, button_room());
    return r;
}
bool Checkbox(const char* label, bool* v) {
    const bool r = ImGui::Checkbox(label, v);
    audit::last(label, true);
    return r;
}
bool RadioButton(const char* label, bool active) {
    const bool r = ImGui::RadioButton(label, active);
    audit::last(label, true);
    return r;
}
bool Selectable(const char* label, bool selected, ImGuiSelectableFlags flags, const ImVec2& size) {
    note_text(label);
    const bool r = ImGui::Selectable(label, selected, flags, size);
    // A row's hit area spans past the cell on purpose; its text must fit the row.
    // Rows reach half the item spacing into the next row (ImGui gives the overlap to the upper
    // one); the audit records the row as drawn.
    if (audit::enabled())
        if (auto* it = audit::last(label, true, ImGui::GetItemRectSize().x - ImGui::GetStyle().ItemSpacing.x, false)) {
            const float half = std::floor(ImGui::GetStyle().ItemSpacing.y * 0.5f);
            it->y += half;
            it->h = std::max(0.0f, it->h - 2 * half);
        }
    return r;
}
bool InputText(const char* label, std::string* str, ImGuiInputTextFlags flags) {
    note_text(*str);
    const EscapeKeepsText esc(label);
    const bool r = ImGui::InputText(label, str, flags);
    audit::last(label, true);
    return r;
}
bool InputTextWithHint(const char* label, const char* hint, std::string* str, ImGuiInputTextFlags flags) {
    note_text(*str);
    const EscapeKeepsText esc(label);
    const bool r = ImGui::InputTextWithHint(label, hint, str, flags);
    if (audit::enabled()) {
        // The hint shows while empty: it must fit the field.
        const float room = str->empty() ? ImGui::GetItemRectSize().x - 2 * pad_x() : -1.0f;
        const std::string_view l = audit::visible(label);
        audit::last(l.empty() && str->empty() ? std::string_view(hint) : l, true, l.empty() ? room : -1.0f);
    }
    return r;
}
bool InputTextMultiline(const char* label, std::string* str, const ImVec2& size, ImGuiInputTextFlags flags) {
    const EscapeKeepsText esc(label);
    // Active before the call counts too: Ctrl+Enter ends the field inside the call.
    const bool was_active = GImGui->ActiveId != 0 && GImGui->ActiveId == ImGui::GetID(label);
    // Ctrl+Enter on the field while it only has keyboard focus (after Escape left it) is the
    // finalise shortcut, not "edit again": keyboard navigation would enter the field on Enter.
    const bool ctrl_enter = ImGui::GetIO().KeyCtrl && enter_pressed();
    const bool r = ImGui::InputTextMultiline(label, str, size, flags);
    if (!was_active && ctrl_enter && ImGui::IsItemActive()) ImGui::ClearActiveID();
    else if (was_active || ImGui::IsItemActive()) g_multiline_frame = ImGui::GetFrameCount();
    audit::last(label, true);
    return r;
}
bool BeginCombo(const char* label, const char* preview, ImGuiComboFlags flags) {
    note_text(preview);
    // The preview is cut to the frame less the arrow button: measure it before drawing.
    const float room = ImGui::CalcItemWidth() - ImGui::GetFrameHeight() - 2 * pad_x();
    const bool r = ImGui::BeginCombo(label, preview, flags);
    // Open, the popup is the current window; the closed combo is what a layout shows.
    if (audit::enabled() && !r) {
        const std::string_view l = audit::visible(label);
        if (auto* it = audit::last(l.empty() ? std::string_view(preview) : l, true))
            if (ImGui::CalcTextSize(preview).x > room + 0.5f) {
                it->clipped = true;
                it->label = std::string(preview);
            }
    }
    return r;
}
bool TreeNodeEx(const char* label, ImGuiTreeNodeFlags flags) {
    const bool r = ImGui::TreeNodeEx(label, flags);
    audit::last(label, true);
    return r;
}
bool CollapsingHeader(const char* label, ImGuiTreeNodeFlags flags) {
    const bool r = ImGui::CollapsingHeader(label, flags);
    audit::last(label, true);
    return r;
}
bool InvisibleButton(const char* id, const ImVec2& size, std::string_view label) {
    const bool r = ImGui::InvisibleButton(id, size);
    audit::last(label, true);
    return r;
}
void TextUnformatted(const char* text, const char* end) {
    note_text(end ? std::string_view(text, static_cast<std::size_t>(end - text)) : std::string_view(text));
    ImGui::TextUnformatted(text, end);
    if (audit::enabled()) audit::last(end ? std::string_view(text, static_cast<std::size_t>(end - text)) : std::string_view(text), false);
}
void Text(const char* fmt, ...) {
    va_list a;
    va_start(a, fmt);
    const std::string s = vformat(fmt, a);
    va_end(a);
    note_text(s);
    ImGui::TextUnformatted(s.c_str());
    audit::last(s, false);
}
void TextDisabled(const char* fmt, ...) {
    va_list a;
    va_start(a, fmt);
    const std::string s = vformat(fmt, a);
    va_end(a);
    note_text(s);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    ImGui::TextUnformatted(s.c_str());
    ImGui::PopStyleColor();
    audit::last(s, false);
}
void TextColored(const ImVec4& col, const char* fmt, ...) {
    va_list a;
    va_start(a, fmt);
    const std::string s = vformat(fmt, a);
    va_end(a);
    note_text(s);
    ImGui::PushStyleColor(ImGuiCol_Text, col);
    ImGui::TextUnformatted(s.c_str());
    ImGui::PopStyleColor();
    audit::last(s, false);
}
void TextWrapped(const char* fmt, ...) {
    va_list a;
    va_start(a, fmt);
    const std::string s = vformat(fmt, a);
    va_end(a);
    note_text(s);
    // As ImGui::TextWrapped: wrap at the window's edge unless a wrap position is pushed.
    const bool need = ImGui::GetCurrentWindow()->DC.TextWrapPos < 0.0f;
    if (need) ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(s.c_str());
    if (need) ImGui::PopTextWrapPos();
    audit::last(s, false);
}
void BulletText(const char* fmt, ...) {
    va_list a;
    va_start(a, fmt);
    const std::string s = vformat(fmt, a);
    va_end(a);
    note_text(s);
    // Bullet then text, so a pushed wrap position wraps it (ImGui's BulletText never wraps).
    ImGui::Bullet();
    ImGui::TextUnformatted(s.c_str());
    audit::last(s, false);
}

}  // namespace hc::ui::ax
