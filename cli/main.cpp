// hairconsult-cli: the terminal front end on the same libraries as the app.
// Exit codes: 0 success, 1 bad input (one clear line on stderr), 2 usage.
#include <cstdio>
#include <exception>
#include <iostream>

#include "cli/commands.h"

#ifndef HC_VERSION
#define HC_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
    CLI::App app{"hairconsult-cli: hair-loss consultation support from the terminal"};
    app.set_version_flag("--version", std::string("hairconsult-cli ") + HC_VERSION);
    app.require_subcommand(1);

    hc::cli::Common common;
    app.add_option("--pack", common.pack_dir, "Content pack folder (default: the shipped hair-loss pack)");
    app.add_option("--db", common.db_path, "Consultation database (default: ~/.local/share/hairconsult/consultations.db)");

    hc::cli::add_validate_command(app, common);
    hc::cli::add_evaluate_command(app, common);
    hc::cli::add_sessions_command(app, common);
    hc::cli::add_handout_command(app, common);
    hc::cli::add_questionnaire_command(app, common);
    hc::cli::add_review_command(app, common);

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e);  // --help, --version
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return 2;
    } catch (const std::exception& e) {
        // Commands run inside parse() through their callbacks; every typed error of the
        // engine, store and handout ends here as one line.
        std::cerr << "hairconsult-cli: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
