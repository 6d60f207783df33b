// hairconsult: the desktop app. Reads the command line, opens the window while the pack loads,
// starts the state (settings, pack, store, first screen: ui/startup.cpp) and runs the event loop
// (ui/run_loop.cpp) until the clinician quits.
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <iostream>
#include <optional>
#include <string>
#include <thread>

#include "base/paths.h"
#include "db/store.h"
#include "engine/pack.h"
#include "ui/actions.h"
#include "ui/app_options.h"
#include "ui/audit.h"
#include "ui/launch_timing.h"
#include "ui/platform.h"
#include "ui/preview_gl.h"
#include "ui/room_feed.h"
#include "ui/run_loop.h"
#include "ui/startup.h"
#include "ui/tasks.h"

namespace fs = std::filesystem;
using namespace hc;
using namespace hc::ui;

namespace {

// base::config_dir(), created 0700; empty when there is none or it cannot be made.
fs::path config_dir() {
    const fs::path dir = base::config_dir();
    return !dir.empty() && base::make_private_dir(dir) ? dir : fs::path{};
}

// ImGui's own settings: keyboard navigation, a steady caret, and the window layout file, which
// holds layout only, never patient data (every window with a name in it is NoSavedSettings).
void configure_imgui(bool one_shot) {
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    // A blinking caret would need a frame every 0.4 s; a steady one lets the app sleep while idle.
    io.ConfigInputTextCursorBlink = false;
    static std::string ini;
    if (const fs::path d = config_dir(); !d.empty() && !one_shot) {
        ini = (d / "imgui.ini").string();
        io.IniFilename = ini.c_str();
    } else {
        io.IniFilename = nullptr;
    }
}

// --print-state: what the tests check after the app exits.
void print_state(const AppState& s, const PreviewGl& preview) {
    const long long id = s.screen == Screen::Review && s.review.saved ? s.review.saved->summary.id
                       : s.draft ? s.draft->consultation_id : 0;
    // room: held (this room edits the open consultation), watching (another room has it), none;
    // lost_lines: lines of typing kept after another room took over; sessions_stale: another
    // room saved and the consultations list waits for "Show the latest".
    const char* room = !s.draft ? "none" : s.draft->room.held ? "held" : s.draft->room.watching ? "watching" : "none";
    const long long lost = s.draft && !s.draft->room.lost_text.empty()
                               ? 1 + std::count(s.draft->room.lost_text.begin(), s.draft->room.lost_text.end(), '\n')
                               : 0;
    std::printf("screen=%s consultation=%lld read_only=%d handout_pages=%zu preview_textures=%zu room=%s lost_lines=%lld "
                "sessions_rows=%zu sessions_stale=%d\n",
                std::string(screen_name(s.screen)).c_str(), id, s.read_only ? 1 : 0,
                s.handout.open ? s.handout.pages.size() : std::size_t{0}, preview.textures().pages.size(), room, lost,
                s.sessions.rows.size(), s.sessions.stale ? 1 : 0);
}

}  // namespace

int main(int argc, char** argv) {
    const Clock clock;
    AppOptions o;
    if (const int code = parse_app_options(argc, argv, o); code >= 0) return code;

    // The pack loads on another thread while the window and its OpenGL context are created.
    auto pack_future = std::async(std::launch::async, [] { return load_pack(default_pack_dir()); });
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    std::string error;
    auto plat = Platform::open(o.width, o.height, true, error);
    if (!plat) {
        std::cerr << "hairconsult: " << error << "\n";
        ImGui::DestroyContext();
        pack_future.wait();
        return 1;
    }
    LaunchTiming timing;
    timing.window_s = clock.now();
    configure_imgui(o.one_shot());

    AppState s;
    s.dark = o.dark;
    s.zoom = o.zoom;
    audit::set_enabled(!o.layout_audit.empty());
    Services svc;
    // Declared before the task queue, so the queue (which may be checkpointing it) stops first.
    std::optional<db::Store> store;
    // Printing, printer lists, preview pages and the store's checkpoints are done off the UI
    // thread, except for a one-shot rendering (screenshot, layout audit), which must show them
    // in its frame.
    std::optional<Tasks> tasks;
    if (!o.one_shot()) {
        tasks.emplace([] { Platform::wake(); });
        svc.tasks = &*tasks;
    }
    load_startup_settings(s, svc);
    svc.preview_pixels_per_point = std::clamp(1.5 * plat->content_scale(), 1.0, 4.0);
    take_pack(s, [&] { return pack_future.get(); });
    timing.pack_s = clock.now();
    open_startup_store(s, svc, store, o.db);
    timing.db_s = clock.now();
    apply_start_options(s, svc, o, clock.now());
    // On the clinic's server: other rooms' saves and leases, heard as they happen (not for a
    // one-shot rendering, which draws the state as it opened).
    std::optional<RoomWatch> rooms;
    if (store && store->shared() && !o.one_shot()) {
        rooms.emplace(&*store, [] { Platform::wake(); });
        svc.rooms = &*rooms;
    }

    PreviewGl preview;
    int exit_code = run_loop(*plat, preview, s, svc, o, clock, timing);
    if (!s.fatal.empty()) {
        std::cerr << "hairconsult: stopped: " << s.fatal << "\n";
        exit_code = 1;
    }
    // A print asked for just before quitting is still sent, and its audit row written.
    for (int i = 0; tasks && tasks->busy() && i < 1000; ++i) {
        tasks->drain(s, svc);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (tasks) tasks->drain(s, svc);
    tasks.reset();  // the worker stops while the window system it wakes still exists
    svc.rooms = nullptr;
    rooms.reset();  // its thread stops before the store, and while the window system exists

    if (o.timing) print_timing(timing);
    if (o.print_state) print_state(s, preview);
    preview.clear();  // while the OpenGL context exists
    plat.reset();
    ImGui::DestroyContext();
    return exit_code;
}
