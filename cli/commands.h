// hairconsult-cli verbs. Each add_*_command registers one subcommand on the app; its callback
// does the work and reports bad input by throwing (main prints one line, exit 1).
#pragma once

#include <CLI/CLI.hpp>
#include <stdexcept>
#include <string>

namespace hc::cli {

// Bad input detected by a command itself (not an engine or store error): exit 1.
struct Failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Options shared by every verb, given before or after it (main.cpp checks that a repeated
// option names the same value, and fills these in before any verb's callback runs).
struct Common {
    std::string pack_dir;  // --pack; empty means the shipped pack
    std::string db_path;   // --db; empty means the default under the user's data directory
};

void add_validate_command(CLI::App& app, Common& common);  // cmd_validate.cpp
void add_evaluate_command(CLI::App& app, Common& common);  // cmd_evaluate.cpp
void add_sessions_command(CLI::App& app, Common& common);  // cmd_sessions.cpp
void add_handout_command(CLI::App& app, Common& common);   // cmd_handout.cpp
void add_questionnaire_command(CLI::App& app, Common& common);  // cmd_questionnaire.cpp
void add_review_command(CLI::App& app, Common& common);    // cmd_review.cpp
void add_store_command(CLI::App& app, Common& common);     // cmd_store.cpp

}  // namespace hc::cli
