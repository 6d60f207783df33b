#include "handout/as_decided.h"

#include <algorithm>
#include <optional>

#include "engine/errors.h"
#include "engine/evaluate.h"
#include "engine/stored_result.h"
#include "handout/handout.h"

namespace hc::handout {

std::vector<std::string> decided_choice(const Pack& pack, const Answers& answers, const Result& result,
                                        const std::vector<OptionDecision>& decisions) {
    const std::vector<std::string> defaults = default_choice(pack, answers, result);
    std::vector<std::string> out;
    if (is_unfinished(pack, answers, result)) return out;
    for (const auto& r : result.options) {
        if (r.option < 0 || static_cast<std::size_t>(r.option) >= pack.options.size()) continue;
        const Option& o = pack.options[static_cast<std::size_t>(r.option)];
        if (o.unproven) continue;
        // The last decision recorded for an option is the one that counts.
        const OptionDecision* d = nullptr;
        for (const auto& x : decisions)
            if (x.option_id == o.id) d = &x;
        const bool chosen = d ? d->accepted : std::find(defaults.begin(), defaults.end(), o.id) != defaults.end();
        if (chosen) out.push_back(o.id);
    }
    return out;
}

AsDecided as_decided_or_today(const Pack& pack, const SavedRevision& saved) {
    AsDecided out;
    out.answers = effective_answers(pack.questionnaire, saved.answers).answers;
    const bool same_id = saved.pack_id == pack.id;
    const std::string today = same_id ? pack.version : pack.id + " " + pack.version;
    if (!same_id || saved.pack_version != pack.version) {
        const std::string then = same_id ? saved.pack_version : saved.pack_id + " " + saved.pack_version;
        out.note = "This consultation was decided with pack " + then + "; the handout uses today's pack " + today +
                   " on the saved answers.";
    } else {
        std::optional<StoredResult> stored;
        try {
            stored = read_stored_result(saved.result_json);
        } catch (const StoredResultError& e) {
            out.note = "The result saved with this consultation cannot be read (" + std::string(e.what()) +
                       "); the handout uses today's pack " + today + " on the saved answers.";
        }
        if (stored) {
            try {
                out.result = resolve_stored_result(pack, out.answers, *stored);
                out.as_decided = true;
            } catch (const StoredResultError& e) {
                out.note = "The result saved with this consultation no longer fits today's pack " + today + " (" +
                           e.what() + "); the handout uses today's evaluation of the saved answers.";
            }
        }
    }
    if (!out.as_decided) out.result = evaluate(pack, out.answers);
    out.chosen = decided_choice(pack, out.answers, out.result, saved.decisions);
    return out;
}

}  // namespace hc::handout
