// Shared by the window-less ui tests: an ImGui context with no window (as ImGui's example_null),
// the GLFW key map installed so keyboard navigation works, fonts built, and one call per frame.
#pragma once

#include <imgui.h>

#include <cmath>
#include <utility>

#include "ui/audit.h"
#include "ui/fonts.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui_test_support.h"

namespace hc::ui::test {

struct Headless {
    explicit Headless(float zoom = 1.0f) {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1440, 900);
        io.DeltaTime = 1.0f / 60.0f;
        io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
        // The key map ImGui's GLFW backend installs (GLFW key codes), so keyboard navigation works.
        const std::pair<ImGuiKey_, int> map[] = {
            {ImGuiKey_Tab, 258}, {ImGuiKey_LeftArrow, 263}, {ImGuiKey_RightArrow, 262}, {ImGuiKey_UpArrow, 265},
            {ImGuiKey_DownArrow, 264}, {ImGuiKey_PageUp, 266}, {ImGuiKey_PageDown, 267}, {ImGuiKey_Home, 268},
            {ImGuiKey_End, 269}, {ImGuiKey_Insert, 260}, {ImGuiKey_Delete, 261}, {ImGuiKey_Backspace, 259},
            {ImGuiKey_Space, 32}, {ImGuiKey_Enter, 257}, {ImGuiKey_Escape, 256}, {ImGuiKey_KeyPadEnter, 335},
            {ImGuiKey_A, 65}, {ImGuiKey_C, 67}, {ImGuiKey_V, 86}, {ImGuiKey_X, 88}, {ImGuiKey_Y, 89}, {ImGuiKey_Z, 90}};
        for (const auto& [k, v] : map) io.KeyMap[k] = v;
        set_zoom(zoom, false);
    }
    ~Headless() { ImGui::DestroyContext(); }
    // Fonts at 15 px x zoom (the atlas rebuilt, as the app does between frames) and the theme.
    void set_zoom(float zoom, bool dark) {
        ImGuiIO& io = ImGui::GetIO();
        load_fonts(io, std::round(15.0f * zoom), pack().get());
        unsigned char* px = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
        apply_theme(dark, zoom);
    }
    Actions frame(const AppState& s) {
        Actions out;
        ImGui::NewFrame();
        draw_frame(s, out);
        ImGui::Render();
        return out;
    }
};

// True when the frame asked for an action of type T.
template <class T>
bool has(const Actions& a) {
    for (const auto& x : a)
        if (std::holds_alternative<T>(x)) return true;
    return false;
}

// A left click in the middle of an audited item: the pointer moves there, the button goes down,
// then up, one frame each (`frame` draws and applies, as the test's driver does).
template <class Frame>
void click_item(const audit::Item& i, Frame&& frame) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(i.x + i.w / 2, i.y + i.h / 2);
    frame();
    io.MouseDown[0] = true;
    frame();
    io.MouseDown[0] = false;
    frame();
}

}  // namespace hc::ui::test
