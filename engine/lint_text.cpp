// Lint for the pack's wording (part of lint_pack()): sentences that state a claim where it
// may be false, and answers to a patient's question that would have no plain reason.
#include <algorithm>

#include "engine/claims.h"
#include "engine/lint.h"

namespace hc {

std::vector<PackProblem> lint_texts(const Pack& pack) {
    std::vector<PackProblem> out;
    // An option's generic patient text is shown to everyone the option is offered to: it must
    // state no fact that holds only for some patients (that sentence belongs in patient_if).
    std::vector<Claim> claims;
    try {
        claims = load_claims(pack);
    } catch (const PackError& e) {
        out.insert(out.end(), e.problems().begin(), e.problems().end());
    }
    if (!claims.empty()) {
        const ShownTextChecker checker(pack, std::move(claims));
        for (const auto& p : checker.generic_claims())
            out.push_back({"options.json", p.where,
                           "generic text states '" + p.claim + "' (\"" + p.sentence + "\"): move it to patient_if with the condition it assumes"});
    }
    // Every rule effect on an option a patient can ask about carries the plain reason the
    // handout gives in "You asked about".
    if (!pack.asked_item.empty()) {
        const Slot s = pack.questionnaire.find(pack.asked_item);
        if (s >= 0) {
            const Item& item = pack.questionnaire.items[static_cast<std::size_t>(s)];
            for (std::size_t i = 0; i < pack.rules.size(); ++i)
                for (const auto& fx : pack.rules[i].options) {
                    const std::string& id = pack.options.at(static_cast<std::size_t>(fx.option)).id;
                    if (item.option_index(id) >= 0 && fx.patient.empty())
                        out.push_back({"rules.json", "/rules/" + std::to_string(i) + " (rule " + pack.rules[i].id + ")",
                                       "option '" + id + "' can be asked about but this rule gives no plain reason ('patient')"});
                }
        }
    }
    return out;
}

}  // namespace hc
