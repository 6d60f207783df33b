#include "engine/internal/lint_evidence.h"

#include <string>

namespace hc::detail {

namespace {

bool offers(Verdict v) { return v == Verdict::FirstLine || v == Verdict::Consider; }

// "R83 (press_release), R86 (news)"
std::string described(const Pack& pack, const std::vector<std::string>& ids) {
    std::string s;
    for (const auto& id : ids) {
        const Reference* r = pack.find_reference(id);
        s += (s.empty() ? "" : ", ") + id + (r ? " (" + r->kind + ")" : "");
    }
    return s;
}

// True when `ids` is not empty and every reference is a press release, news or preclinical.
bool only_hearsay(const Pack& pack, const std::vector<std::string>& ids) {
    if (ids.empty()) return false;
    for (const auto& id : ids) {
        const Reference* r = pack.find_reference(id);
        if (!r || !is_hearsay_kind(r->kind)) return false;
    }
    return true;
}

// The references among `ids` that are background hearsay: role context, kind press release,
// news or preclinical.
std::vector<std::string> background_hearsay(const Pack& pack, const std::vector<std::string>& ids) {
    std::vector<std::string> out;
    for (const auto& id : ids) {
        const Reference* r = pack.find_reference(id);
        if (r && r->role == "context" && is_hearsay_kind(r->kind)) out.push_back(id);
    }
    return out;
}

}  // namespace

void lint_evidence(const Pack& pack, std::vector<PackProblem>& out) {
    std::vector<char> offered(pack.options.size());
    for (std::size_t i = 0; i < pack.rules.size(); ++i) {
        const Rule& r = pack.rules[i];
        std::string names;
        for (const auto& fx : r.options) {
            if (!offers(fx.verdict)) continue;
            offered[static_cast<std::size_t>(fx.option)] = 1;
            names += (names.empty() ? "'" : ", '") + pack.options[static_cast<std::size_t>(fx.option)].id + "'";
        }
        if (names.empty()) continue;
        const std::string path = "/rules/" + std::to_string(i) + " (rule " + r.id + ")";
        if (only_hearsay(pack, r.refs))
            out.push_back({"rules.json", path,
                           "rule '" + r.id + "' offers " + names + " resting only on press releases, news or preclinical work (" +
                               described(pack, r.refs) + "): cite the trial, review, guideline or label behind it"});
        if (const auto bg = background_hearsay(pack, r.refs); !bg.empty())
            out.push_back({"rules.json", path,
                           "rule '" + r.id + "' offers " + names + " and cites background " + described(pack, bg) +
                               " beside it as if it supported it: cite it only where it is context"});
    }
    for (std::size_t i = 0; i < pack.options.size(); ++i) {
        const Option& o = pack.options[i];
        const std::string path = "/options/" + std::to_string(i);
        // An unproven option's evidence says why it is not proven (the handout lists it under
        // "not proven or not available"); it claims no efficacy, so a press release may be all
        // there is to cite.
        if (!o.unproven && only_hearsay(pack, o.evidence.refs))
            out.push_back({"options.json", path + "/evidence/refs",
                           "option '" + o.id + "' rests its evidence only on press releases, news or preclinical work (" +
                               described(pack, o.evidence.refs) + ")"});
        if (!offered[i]) continue;
        std::vector<std::string> sources = o.evidence.refs;
        sources.insert(sources.end(), o.refs.begin(), o.refs.end());
        if (const auto bg = background_hearsay(pack, sources); !bg.empty())
            out.push_back({"options.json", path + "/refs",
                           "option '" + o.id + "' is offered by rules and lists background " + described(pack, bg) +
                               " among its sources, which the handout prints as support: cite it only where it is context"});
    }
}

}  // namespace hc::detail
