// hairconsult-cli: the terminal front end on the same libraries as the app.
// Exit codes: 0 success, 1 bad input (one clear line on stderr), 2 usage.
#include <cstdio>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/commands.h"

#ifndef HC_VERSION
#define HC_VERSION "0.0.0"
#endif

namespace {

// A usage mistake found after CLI11 has parsed the line: one line on stderr, exit 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// An option every verb shares (--pack, --db). It may stand before the verb or after it (or after
// a verb's verb: `sessions list --db F`): the app and every subcommand fall through, so an option
// a verb does not know is handed to the one above it, up to here. Each occurrence is kept, and
// once parsing is done they must all name the same value.
struct GlobalOption {
    const char* name;
    std::vector<std::string> given;

    void add(CLI::App& app, const std::string& help) {
        app.add_option(name, given, help)
            ->type_name("TEXT")
            ->expected(1)
            ->allow_extra_args(false)
            ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    }
    // The one value given, or "" when the option was not given.
    std::string value() const {
        for (const auto& v : given)
            if (v != given.front())
                throw UsageError(std::string(name) + " given twice with different values ('" + given.front() + "' and '" + v +
                                 "'); give it once");
        return given.empty() ? std::string() : given.front();
    }
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"hairconsult-cli: hair-loss consultation support from the terminal"};
    app.set_version_flag("--version", std::string("hairconsult-cli ") + HC_VERSION);
    app.require_subcommand(1);
    app.fallthrough();  // inherited by every subcommand added below
    app.footer("--pack and --db may be given before or after the verb.");

    hc::cli::Common common;
    GlobalOption pack{"--pack", {}};
    GlobalOption db{"--db", {}};
    pack.add(app, "Content pack folder (default: the shipped hair-loss pack)");
    db.add(app, "Consultation database (default: ~/.local/share/hairconsult/consultations.db)");
    // Runs once the whole line is parsed, before any verb's callback does its work.
    app.parse_complete_callback([&] {
        common.pack_dir = pack.value();
        common.db_path = db.value();
    });

    hc::cli::add_validate_command(app, common);
    hc::cli::add_evaluate_command(app, common);
    hc::cli::add_sessions_command(app, common);
    hc::cli::add_handout_command(app, common);
    hc::cli::add_questionnaire_command(app, common);
    hc::cli::add_review_command(app, common);
    hc::cli::add_store_command(app, common);
    // Each verb's --help says so too: CLI11 lists only a verb's own options there.
    const auto tell = [](auto&& self, CLI::App& cmd) -> void {
        for (CLI::App* sub : cmd.get_subcommands([](CLI::App*) { return true; })) {
            sub->footer("Also: --pack DIR, --db FILE (before or after the verb).");
            self(self, *sub);
        }
    };
    tell(tell, app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e);  // --help, --version
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return 2;
    } catch (const UsageError& e) {
        std::cerr << "hairconsult-cli: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        // Commands run inside parse() through their callbacks; every typed error of the
        // engine, store and handout ends here as one line.
        std::cerr << "hairconsult-cli: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
