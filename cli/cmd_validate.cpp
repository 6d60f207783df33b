// hairconsult-cli validate [PACK_DIR] [--strict] [--report]: loads and checks a pack. Problems
// that stop the pack are listed one per line on stdout, with one summary line on stderr (exit 1).
// Lint findings are warnings (exit 0) unless --strict. --report prints the evidence table for
// clinical review instead of the summary.
#include <iostream>

#include "cli/commands.h"
#include "engine/lint.h"
#include "engine/pack.h"

namespace hc::cli {

namespace {

struct ValidateArgs {
    std::string dir;
    bool strict = false;
    bool report = false;
};

void run(const ValidateArgs& args, const Common& common) {
    const std::string dir = !args.dir.empty() ? args.dir : !common.pack_dir.empty() ? common.pack_dir : default_pack_dir().string();
    Pack pack;
    try {
        pack = load_pack(dir);
    } catch (const PackError& e) {
        for (const auto& p : e.problems()) std::cout << p.str() << '\n';
        std::cout.flush();
        throw Failure("pack '" + dir + "' refused: " + std::to_string(e.problems().size()) + " problem" +
                      (e.problems().size() == 1 ? "" : "s") + " (listed on standard output)");
    }
    const auto lint = lint_pack(pack);
    if (args.report) {
        std::cout << evidence_report(pack);
    } else {
        std::cout << "pack " << pack.id << " " << pack.version << ": OK (" << pack.questionnaire.items.size() << " items, "
                  << pack.rules.size() << " rules, " << pack.options.size() << " options, " << pack.references.size()
                  << " references; facts checked " << pack.facts_checked << ")\n";
        for (const auto& p : lint) std::cout << "warning: " << p.str() << '\n';
    }
    std::cout.flush();
    if (args.strict && !lint.empty())
        throw Failure("pack '" + dir + "': " + std::to_string(lint.size()) + " warning" + (lint.size() == 1 ? "" : "s") +
                      " with --strict");
}

}  // namespace

void add_validate_command(CLI::App& app, Common& common) {
    auto args = std::make_shared<ValidateArgs>();
    CLI::App* cmd = app.add_subcommand("validate", "Check a content pack and report every problem");
    cmd->add_option("PACK_DIR", args->dir, "Pack folder (default: --pack, else the shipped hair-loss pack)");
    cmd->add_flag("--strict", args->strict, "Treat quality warnings as errors");
    cmd->add_flag("--report", args->report, "Print the evidence table for clinical review (markdown)");
    cmd->callback([args, &common] { run(*args, common); });
}

}  // namespace hc::cli
