// hairconsult-cli questionnaire: the pack's questionnaire for other FHIR tools and for readers.
//   questionnaire [--format fhir|text]                 the FHIR R4 Questionnaire (default) or an outline
//   questionnaire --answers FILE --enabled             the linkIds enabled for those answers, one a line
//   questionnaire --answers FILE --response [--status S]
//                                                      the answers as a FHIR R4 QuestionnaireResponse
// FILE is {linkId: value} JSON, a FHIR QuestionnaireResponse or a case file with an "answers"
// object ('-' reads standard input).
// --enabled uses the answers as given (an answer to a hidden item counts as no answer, FHIR);
// --response keeps only the answers of enabled items, naming each one dropped on stderr.
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "cli/answers_file.h"
#include "cli/commands.h"
#include "engine/answers.h"
#include "engine/json_input.h"
#include "engine/pack.h"
#include "engine/questionnaire_fhir.h"

namespace hc::cli {

namespace {

struct QuestionnaireArgs {
    std::string format = "fhir";
    std::string answers;
    bool enabled = false;
    bool response = false;
    std::string status = "completed";
};

void run(const QuestionnaireArgs& args, const Common& common) {
    if ((args.enabled || args.response) && args.answers.empty()) throw Failure("--enabled and --response need --answers FILE");
    if (!args.answers.empty() && args.enabled == args.response)
        throw Failure("with --answers, give one of --enabled or --response");
    const std::string dir = !common.pack_dir.empty() ? common.pack_dir : default_pack_dir().string();
    const Pack pack = load_pack(dir);
    const Questionnaire& q = pack.questionnaire;
    if (args.enabled) {
        const Answers a = read_answers(args.answers, q);
        const auto en = enabled_items(q, a);
        for (std::size_t i = 0; i < q.items.size(); ++i)
            if (en[i]) std::cout << q.items[i].link_id << '\n';
    } else if (args.response) {
        const Effective eff = effective_answers(q, read_answers(args.answers, q));
        for (const auto& id : eff.dropped)
            std::cerr << "hairconsult-cli: warning: answer to '" << id
                      << "' left out: the question is not shown for these answers\n";
        std::cout << answers_to_fhir(q, eff.answers, args.status).dump(2) << '\n';
    } else if (args.format == "text") {
        std::cout << questionnaire_to_text(q);
    } else {
        nlohmann::json doc = questionnaire_to_fhir(q);
        if (!doc.contains("id")) doc["id"] = pack.id;
        std::cout << doc.dump(2) << '\n';
    }
    std::cout.flush();
    if (!std::cout) throw Failure("cannot write to standard output");
}

}  // namespace

void add_questionnaire_command(CLI::App& app, Common& common) {
    auto args = std::make_shared<QuestionnaireArgs>();
    CLI::App* cmd = app.add_subcommand("questionnaire", "Print the questionnaire as FHIR R4, or what a set of answers enables");
    cmd->add_option("--format", args->format, "fhir (a FHIR R4 Questionnaire) or text")->check(CLI::IsMember({"fhir", "text"}));
    cmd->add_option("--answers", args->answers, "Answers: {linkId: value} JSON or a FHIR QuestionnaireResponse ('-' for stdin)");
    cmd->add_flag("--enabled", args->enabled, "With --answers: print the enabled linkIds, one a line");
    cmd->add_flag("--response", args->response, "With --answers: print them as a FHIR QuestionnaireResponse");
    cmd->add_option("--status", args->status, "QuestionnaireResponse status for --response")
        ->check(CLI::IsMember({"in-progress", "completed", "amended", "entered-in-error", "stopped"}));
    cmd->callback([args, &common] { run(*args, common); });
}

}  // namespace hc::cli
