// hairconsult: the desktop app. Parses the command line, opens the pack, the database and the
// window, then runs the event loop: draw only after input (plus a few frames), otherwise wait.
#include <CLI/CLI.hpp>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <optional>
#include <sys/stat.h>
#include <vector>

#include "base/identity.h"
#include "base/paths.h"
#include "db/store.h"
#include "engine/json_input.h"
#include "engine/pack.h"
#include "ui/actions.h"
#include "ui/audit.h"
#include "ui/fonts.h"
#include "ui/platform.h"
#include "ui/preview_gl.h"
#include "ui/screens.h"
#include "ui/screenshot.h"
#include "ui/settings.h"
#include "ui/theme.h"

#include <backends/imgui_impl_opengl3.h>

namespace fs = std::filesystem;
using namespace hc;
using namespace hc::ui;

namespace {

struct Options {
    std::string db;
    std::int64_t open_id = 0;
    std::string answers;
    std::string screenshot;
    std::string layout_audit;  // JSON of every item drawn in the last frame
    float zoom = 1.0f;
    std::string screen;
    std::string expand_why;
    int page = -1;
    bool dark = false;
    int width = 1440, height = 900;
    int frames = 5;  // frames rendered before a screenshot, so layout and popups settle
    bool timing = false;
    bool print_state = false;
};

// base::config_dir(), created 0700; empty when there is none or it cannot be made.
fs::path config_dir() {
    const fs::path dir = base::config_dir();
    return !dir.empty() && base::make_private_dir(dir) ? dir : fs::path{};
}

// Reads an answers file: {linkId: value}, a FHIR QuestionnaireResponse, or an acceptance
// vignette ({"answers": {...}, ...}).
Answers read_answers(const Pack& pack, const std::string& file) {
    nlohmann::json doc = read_json_file(file);
    if (doc.is_object() && doc.contains("answers") && doc["answers"].is_object() && !doc.contains("resourceType"))
        doc = doc["answers"];
    return answers_from_json(pack.questionnaire, doc);
}

// tick() returns at least this when no timer of ours is pending.
constexpr double kNothingDue = 1e8;

struct Clock {
    std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
    double now() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); }
};

}  // namespace

int main(int argc, char** argv) {
    const Clock clock;
    Options o;
    CLI::App cli{"hairconsult: hair-loss consultations, with the reasons behind every suggestion"};
    cli.add_option("--db", o.db, "database file (default: $XDG_DATA_HOME/hairconsult/consultations.db)");
    cli.add_option("--open", o.open_id, "open a saved consultation by id");
    cli.add_option("--answers", o.answers, "start a new consultation prefilled from an answers file");
    cli.add_option("--screenshot", o.screenshot, "render the chosen state, write it as PNG and exit");
    cli.add_option("--layout-audit", o.layout_audit, "render like --screenshot, write every drawn item (label, rectangle, interactive, clipped, missing glyphs) as JSON and exit");
    cli.add_option("--zoom", o.zoom, "text size factor (1 = normal; Ctrl +/- steps)")->check(CLI::Range(0.5, 4.0));
    cli.add_option("--screen", o.screen, "start on: start, consultation, review, sessions, about, settings, handout (the handout panel over the consultation, or with --open over its review)");
    cli.add_option("--expand-why", o.expand_why, "expand the \"why\" of this option id");
    cli.add_option("--page", o.page, "questionnaire page to show (1-based)");
    cli.add_flag("--dark", o.dark, "dark theme");
    cli.add_option("--width", o.width, "window width")->check(CLI::Range(320, 8192));
    cli.add_option("--height", o.height, "window height")->check(CLI::Range(240, 8192));
    cli.add_option("--frames", o.frames, "frames before the screenshot")->check(CLI::Range(1, 1000));
    cli.add_flag("--timing", o.timing, "print launch-to-first-frame and frame build times to stderr");
    cli.add_flag("--print-state", o.print_state, "print the screen and consultation shown at exit (for tests)");
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e) == 0 ? 0 : 2;
    }

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
    const double t_window = clock.now();
    // Rendering once and exiting (a screenshot, a layout audit): no waiting for input.
    const bool one_shot = !o.screenshot.empty() || !o.layout_audit.empty();
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    // A blinking caret would need a frame every 0.4 s; a steady one lets the app sleep while idle.
    io.ConfigInputTextCursorBlink = false;
    // Layout only, never patient data (every window with a name in it is NoSavedSettings).
    static std::string ini;
    if (const fs::path d = config_dir(); !d.empty() && !one_shot) {
        ini = (d / "imgui.ini").string();
        io.IniFilename = ini.c_str();
    } else {
        io.IniFilename = nullptr;
    }

    AppState s;
    s.dark = o.dark;
    s.zoom = o.zoom;
    audit::set_enabled(!o.layout_audit.empty());
    Services svc;
    std::optional<db::Store> store;
    // Settings are only read here; a bad file is one banner, never a refusal to start.
    svc.settings_path = settings_path();
    {
        auto loaded = load_settings(svc.settings_path);
        s.settings = loaded.settings;
        s.settings_edit = loaded.settings;
        for (auto& p : loaded.problems) s.messages.push_back({Message::Kind::Warning, "Settings: " + p});
    }
    s.author = base::acting_clinician(s.settings.clinician_name);
    svc.preview_pixels_per_point = std::clamp(1.5 * plat->content_scale(), 1.0, 4.0);

    try {
        s.pack = std::make_shared<const Pack>(pack_future.get());
    } catch (const PackError& e) {
        std::string text = "The content pack cannot be used, so no consultation can be evaluated:";
        for (const auto& p : e.problems()) text += "\n  \u2022 " + p.str();
        s.modal = Message{Message::Kind::Error, text};
    } catch (const std::exception& e) {
        s.modal = Message{Message::Kind::Error, std::string("The content pack cannot be used: ") + e.what()};
    }

    const double t_pack = clock.now();
    try {
        const fs::path path = o.db.empty() ? db::default_path() : fs::path(o.db);
        try {
            store.emplace(db::Store::open(path));
        } catch (const db::StoreError& e) {
            if (e.kind() != db::StoreError::Kind::AlreadyOpen) throw;
            db::OpenOptions ro;
            ro.lock = db::OpenOptions::Lock::Shared;
            ro.read_only = true;
            store.emplace(db::Store::open(path, ro));
            s.read_only = true;
            s.read_only_reason = "this database is already open in another hairconsult window. "
                                 "This copy can look, but it does not save; use the other window to make changes.";
        }
        // What the store found at open (a damaged log kept aside, modes tightened) is said once;
        // a store that chose read-only itself is shown read-only like a second window.
        for (const auto& note : store->notes()) s.messages.push_back({Message::Kind::Warning, note});
        if (store->read_only() && !s.read_only) {
            s.read_only = true;
            s.read_only_reason = "its write-ahead log is damaged (see the message above); nothing is saved until "
                                 "that is dealt with.";
        }
        svc.store = &*store;
    } catch (const std::exception& e) {
        s.messages.push_back({Message::Kind::Error, std::string("The database cannot be opened: ") + e.what() +
                                                        ". Consultations can be typed but not saved."});
    }

    const double t_db = clock.now();
    double now = clock.now();
    if (s.pack) {
        refresh_start(s, svc);
        if (!o.answers.empty()) {
            try {
                open_draft(s, 0, "", read_answers(*s.pack, o.answers));
            } catch (const std::exception& e) {
                s.messages.push_back({Message::Kind::Error, "Cannot use " + o.answers + ": " + e.what()});
            }
        }
        if (o.open_id) apply(s, act::OpenConsultation{o.open_id}, svc, now);
        if (o.screen == "handout") {
            // Over the consultation; with --open, over the Review screen (the revision as decided).
            if (s.screen != Screen::Review) apply(s, act::Navigate{Screen::Consultation}, svc, now);
            apply(s, act::OpenHandout{}, svc, now);
        } else if (!o.screen.empty()) {
            Screen sc;
            if (screen_from_name(o.screen, sc)) apply(s, act::Navigate{sc}, svc, now);
            else s.messages.push_back({Message::Kind::Warning, "Unknown screen '" + o.screen + "'"});
        }
        if (o.page > 0) apply(s, act::GotoPage{o.page - 1}, svc, now);
        if (!o.expand_why.empty()) {
            const int i = s.pack->find_option(o.expand_why);
            if (i >= 0) apply(s, act::ToggleWhy{i}, svc, now);
        }
    }

    float applied_scale = -1;
    bool applied_dark = !s.dark;
    std::vector<double> build_ms;
    double first_frame_ms = -1;
    double font_ms = 0;
    int frames_drawn = 0;
    Actions actions;
    int exit_code = 0;
    PreviewGl preview;

    for (;;) {
        // Idle: wait for input; tick() says when autosave or a retry is due.
        const double due = tick(s, svc, clock.now());
        if (plat->frames_left <= 0 && !one_shot) {
            // Nothing to draw: sleep until input arrives, or until our next timer (autosave,
            // retry, checkpoint) is due. No periodic wake-up when nothing is due.
            if (due >= kNothingDue) plat->wait_forever();
            else plat->wait(std::max(0.001, due));
        } else {
            plat->poll();
        }
        now = clock.now();
        const SaveState before = s.save.state;
        tick(s, svc, now);
        if (s.save.state != before) plat->frames_left = std::max(plat->frames_left, 2);
        if (plat->close_requested()) {
            apply(s, act::Quit{}, svc, now);
            if (!s.quit) {
                plat->cancel_close();
                plat->frames_left = 3;
            }
        }
        if (s.quit) break;
        if (preview.sync(s.handout)) plat->frames_left = std::max(plat->frames_left, 2);
        if (plat->frames_left <= 0 && !one_shot) continue;
        --plat->frames_left;

        // Fonts and theme are rebuilt between frames when zoom, scale or theme changed.
        const float scale = plat->content_scale() * s.zoom;
        // Characters of names seen on screen join the atlas between frames, not while a field is
        // being typed in (the rebuild takes a few milliseconds).
        const bool glyphs = glyphs_wanted() && !io.WantTextInput;
        if (plat->scale_changed() || std::abs(scale - applied_scale) > 1e-3f || applied_dark != s.dark || glyphs) {
            if (std::abs(scale - applied_scale) > 1e-3f || glyphs) {
                const double f0 = clock.now();
                load_fonts(io, std::round(15.0f * scale), s.pack.get());
                ImGui_ImplOpenGL3_DestroyFontsTexture();
                ImGui_ImplOpenGL3_CreateFontsTexture();
                font_ms = (clock.now() - f0) * 1e3;
            }
            apply_theme(s.dark, scale);
            applied_scale = scale;
            applied_dark = s.dark;
        }

        const auto t0 = std::chrono::steady_clock::now();
        plat->new_frame();
        ImGui::NewFrame();
        audit::clear();
        actions.clear();
        if (s.pack) guarded_frame(s, actions, &preview.textures());
        else {
            ImGui::SetNextWindowPos(ImVec2(0, 0));
            ImGui::SetNextWindowSize(io.DisplaySize);
            ImGui::Begin("###main", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted(s.modal ? s.modal->text.c_str() : "No content pack.");
            ImGui::PopTextWrapPos();
            ImGui::End();
        }
        ImGui::Render();
        build_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
        plat->render(bg.x, bg.y, bg.z);
        ++frames_drawn;

        if (one_shot && frames_drawn >= o.frames) {
            int w = 0, h = 0;
            plat->framebuffer_size(w, h);
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
            break;
        }
        plat->swap();
        if (first_frame_ms < 0) first_frame_ms = clock.now() * 1000.0;
        for (const auto& a : actions) apply(s, a, svc, clock.now());
        if (!actions.empty()) plat->frames_left = std::max(plat->frames_left, 3);
        // A name needs characters the atlas lacks: one more frame rebuilds it and draws them.
        if (glyphs_wanted() && !io.WantTextInput) plat->frames_left = std::max(plat->frames_left, 2);
    }

    if (o.timing) {
        std::sort(build_ms.begin(), build_ms.end());
        const auto at = [&](double q) { return build_ms.empty() ? 0.0 : build_ms[static_cast<std::size_t>(q * (build_ms.size() - 1))]; };
        std::fprintf(stderr, "window %.1f ms, pack %.1f ms, database %.1f ms, fonts %.1f ms; ", t_window * 1e3, (t_pack - t_window) * 1e3,
                     (t_db - t_pack) * 1e3, font_ms);
        std::fprintf(stderr, "first frame after %.1f ms; %zu frames built, median %.3f ms, p99 %.3f ms\n", first_frame_ms,
                     build_ms.size(), at(0.5), at(0.99));
    }
    if (o.print_state) {
        const long long id = s.screen == Screen::Review && s.review.saved ? s.review.saved->summary.id
                           : s.draft ? s.draft->consultation_id : 0;
        std::printf("screen=%s consultation=%lld read_only=%d handout_pages=%zu preview_textures=%zu\n",
                    std::string(screen_name(s.screen)).c_str(), id, s.read_only ? 1 : 0,
                    s.handout.open ? s.handout.pages.size() : std::size_t{0}, preview.textures().pages.size());
    }
    preview.clear();  // while the OpenGL context exists
    plat.reset();
    ImGui::DestroyContext();
    return exit_code;
}
