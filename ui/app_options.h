// The desktop app's command line: one struct, every field with its default.
#pragma once

#include <cstdint>
#include <string>

namespace hc::ui {

struct AppOptions {
    // What to open.
    std::string db;               // --db: database file or postgresql:// URI; empty: settings, else db::default_path()
    std::string room;             // --room: this desk's name for other rooms; empty: settings, else host name
    std::int64_t open_id = 0;     // --open: a saved consultation by id
    bool edit = false;            // --edit: with --open, as the Review screen's Edit button
    std::string answers;          // --answers: a new draft prefilled from an answers file
    // Where to start (tests and screenshots).
    std::string screen;           // --screen: start, consultation, review, sessions, about, settings, handout
    std::string expand_why;       // --expand-why: an option id whose "why" is open
    int page = -1;                // --page: questionnaire page, 1-based; -1: the first
    bool dark = false;            // --dark
    float zoom = 1.0f;            // --zoom: text size factor
    // The window and one-shot output.
    int width = 1440, height = 900;
    std::string screenshot;       // --screenshot: render, write a PNG, exit
    std::string layout_audit;     // --layout-audit: render, write every item drawn as JSON, exit
    int frames = 5;               // frames rendered before a screenshot, so layout and popups settle
    bool timing = false;          // --timing: launch and frame build times on stderr
    bool print_state = false;     // --print-state: the screen and consultation shown at exit (tests)

    // Rendering once and exiting (a screenshot, a layout audit): no waiting for input.
    bool one_shot() const { return !screenshot.empty() || !layout_audit.empty(); }
};

// Reads the command line into `out`. Returns -1 to go on, else the exit code (0 after --help,
// 2 for a usage error, which has been printed).
int parse_app_options(int argc, char** argv, AppOptions& out);

}  // namespace hc::ui
