// The desktop app's command line (CLI11).
#include "ui/app_options.h"

#include <CLI/CLI.hpp>

namespace hc::ui {

int parse_app_options(int argc, char** argv, AppOptions& o) {
    CLI::App cli{"hairconsult: hair-loss consultations, with the reasons behind every suggestion"};
    cli.add_option("--db", o.db, "database file or postgresql:// address (default: the settings' database, else $XDG_DATA_HOME/hairconsult/consultations.db)");
    cli.add_option("--room", o.room, "this desk's name, shown to other rooms on a shared database (default: the settings' room name, else the host name)");
    cli.add_option("--open", o.open_id, "open a saved consultation by id");
    cli.add_flag("--edit", o.edit, "with --open: continue or amend it (as the Review screen's Edit button)");
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
    return -1;
}

}  // namespace hc::ui
