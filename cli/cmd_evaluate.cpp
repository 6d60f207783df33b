// hairconsult-cli evaluate --answers FILE [--format json|text]: evaluates one answers file
// (plain {linkId: value}, a FHIR QuestionnaireResponse, or a case file with an "answers" object)
// against the pack and prints the result.
#include <filesystem>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "cli/answers_file.h"
#include "cli/commands.h"
#include "engine/evaluate.h"
#include "engine/json_input.h"
#include "engine/pack.h"
#include "engine/result.h"

namespace hc::cli {

namespace {

struct EvaluateArgs {
    std::string answers;
    std::string format = "json";
};

void run(const EvaluateArgs& args, const Common& common) {
    const std::string dir = !common.pack_dir.empty() ? common.pack_dir : default_pack_dir().string();
    const Pack pack = load_pack(dir);
    const Answers answers = read_answers(args.answers, pack.questionnaire);
    const Result result = evaluate(pack, answers);
    for (const auto& id : result.dropped)
        std::cerr << "hairconsult-cli: warning: answer to '" << id
                  << "' ignored: the question is not shown for these answers\n";
    if (args.format == "text") std::cout << to_text(pack, answers, result);
    else std::cout << to_json(pack, answers, result).dump(2) << '\n';
    std::cout.flush();
    if (!std::cout) throw Failure("cannot write the result to standard output");
}

}  // namespace

void add_evaluate_command(CLI::App& app, Common& common) {
    auto args = std::make_shared<EvaluateArgs>();
    CLI::App* cmd = app.add_subcommand("evaluate", "Evaluate an answers file and print the result");
    cmd->add_option("--answers", args->answers, "Answers: {linkId: value} JSON or a FHIR QuestionnaireResponse ('-' for stdin)")
        ->required();
    cmd->add_option("--format", args->format, "Output format")->check(CLI::IsMember({"json", "text"}));
    cmd->callback([args, &common] { run(*args, common); });
}

}  // namespace hc::cli
