#include "ui/run_loop.h"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <string>

#include "ui/audit.h"
#include "ui/fonts.h"
#include "ui/platform.h"
#include "ui/preview_gl.h"
#include "ui/room_feed.h"
#include "ui/screens.h"
#include "ui/screenshot.h"
#include "ui/style_refresh.h"
#include "ui/tasks.h"

namespace hc::ui {

namespace {

// tick() returns at least this when no timer of ours is pending.
constexpr double kNothingDue = 1e8;

// Without a pack there is nothing to consult: one window says why.
void draw_no_pack(const AppState& s, const ImGuiIO& io) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("###main", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(s.modal ? s.modal->text.c_str() : "No content pack.");
    ImGui::PopTextWrapPos();
    ImGui::End();
}

// The one-shot outputs of the frame just rendered (before swapping). Returns the exit code.
int write_one_shot(Platform& plat, const AppOptions& o) {
    int exit_code = 0;
    int w = 0, h = 0;
    plat.framebuffer_size(w, h);
    std::string error;
    if (!o.screenshot.empty() && !write_screenshot(o.screenshot, w, h, error)) {
        std::cerr << "hairconsult: " << error << "\n";
        exit_code = 1;
    }
    if (!o.layout_audit.empty()) {
        std::ofstream f(o.layout_audit, std::ios::binary | std::ios::trunc);
        f << audit::to_json() << "\n";
        if (!f.flush()) {
            std::cerr << "hairconsult: cannot write " << o.layout_audit << "\n";
            exit_code = 1;
        }
    }
    return exit_code;
}

}  // namespace

int run_loop(Platform& plat, PreviewGl& preview, AppState& s, Services& svc, const AppOptions& o, const Clock& clock,
             LaunchTiming& timing) {
    const bool one_shot = o.one_shot();
    ImGuiIO& io = ImGui::GetIO();
    StyleRefresh style;
    int frames_drawn = 0;
    Actions actions;

    for (;;) {
        // Idle: wait for input; tick() says when autosave or a retry is due.
        const double due = std::min(tick(s, svc, clock.now()), svc.rooms ? svc.rooms->due(clock.now()) : kNothingDue);
        if (plat.frames_left <= 0 && !one_shot) {
            // Nothing to draw: sleep until input arrives, or until our next timer (autosave,
            // retry, checkpoint) is due. No periodic wake-up when nothing is due.
            if (due >= kNothingDue) plat.wait_forever();
            else plat.wait(std::max(0.001, due));
        } else {
            plat.poll();
        }
        const double now = clock.now();
        if (svc.tasks && svc.tasks->drain(s, svc)) plat.frames_left = std::max(plat.frames_left, 2);
        if (svc.rooms && svc.rooms->pump(s, svc, now)) plat.frames_left = std::max(plat.frames_left, 2);
        const SaveState before = s.save.state;
        tick(s, svc, now);
        if (s.save.state != before) plat.frames_left = std::max(plat.frames_left, 2);
        if (plat.close_requested()) {
            apply(s, act::Quit{}, svc, now);
            if (!s.quit) {
                plat.cancel_close();
                plat.frames_left = 3;
            }
        }
        if (s.quit) break;
        if (preview.sync(s.handout)) plat.frames_left = std::max(plat.frames_left, 2);
        if (plat.frames_left <= 0 && !one_shot) continue;
        --plat.frames_left;

        if (const double font_ms = style.before_frame(plat, io, s); font_ms >= 0) timing.font_ms = font_ms;

        const auto t0 = std::chrono::steady_clock::now();
        plat.new_frame();
        ImGui::NewFrame();
        audit::clear();
        actions.clear();
        if (s.pack) guarded_frame(s, actions, &preview.textures());
        else draw_no_pack(s, io);
        if (std::none_of(actions.begin(), actions.end(), [](const Action& a) { return std::holds_alternative<act::FrameFailed>(a); }))
            s.frames_failed = 0;
        ImGui::Render();
        timing.build_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
        plat.render(bg.x, bg.y, bg.z);
        ++frames_drawn;

        if (one_shot && frames_drawn >= o.frames) return write_one_shot(plat, o);
        plat.swap();
        if (timing.first_frame_ms < 0) timing.first_frame_ms = clock.now() * 1000.0;
        for (const auto& a : actions) apply(s, a, svc, clock.now());
        if (!actions.empty()) plat.frames_left = std::max(plat.frames_left, 3);
        if (std::any_of(actions.begin(), actions.end(), moves_keyboard)) plat.settle_input(2);
        plat.end_frame();
        // A name needs characters the atlas lacks: one more frame rebuilds it and draws them.
        if (glyphs_wanted() && !io.WantTextInput) plat.frames_left = std::max(plat.frames_left, 2);
    }
    return 0;
}

}  // namespace hc::ui
