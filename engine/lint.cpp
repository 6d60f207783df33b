// lint_pack(): quality findings on a pack that loaded. These do not stop the pack from being
// used; `hairconsult-cli validate` prints them and `--strict` makes them fatal.
#include "engine/pack.h"

#include <algorithm>
#include <map>

namespace hc {

std::vector<PackProblem> lint_pack(const Pack& pack) {
    std::vector<PackProblem> out;
    std::vector<char> a_used(pack.assessments.size()), f_used(pack.red_flags.size()), w_used(pack.workup.size()),
        o_used(pack.options.size());
    for (const auto& r : pack.rules) {
        for (const auto& fx : r.assessments) a_used[static_cast<std::size_t>(fx.assessment)] = 1;
        for (int f : r.red_flags) f_used[static_cast<std::size_t>(f)] = 1;
        for (int w : r.workup) w_used[static_cast<std::size_t>(w)] = 1;
        for (const auto& fx : r.options) o_used[static_cast<std::size_t>(fx.option)] = 1;
    }
    auto unused = [&](const std::vector<Finding>& list, const std::vector<char>& used, const char* key, const char* what) {
        for (std::size_t i = 0; i < list.size(); ++i)
            if (!used[i])
                out.push_back({"catalogue.json", "/" + std::string(key) + "/" + std::to_string(i),
                               std::string(what) + " '" + list[i].id + "' is produced by no rule"});
    };
    unused(pack.assessments, a_used, "assessments", "assessment");
    unused(pack.red_flags, f_used, "red_flags", "red flag");
    unused(pack.workup, w_used, "workup", "workup item");
    for (std::size_t i = 0; i < pack.options.size(); ++i) {
        const Option& o = pack.options[i];
        const std::string path = "/options/" + std::to_string(i);
        if (!o_used[i]) out.push_back({"options.json", path, "option '" + o.id + "' is given a verdict by no rule"});
        if (o.evidence.summary.empty() || o.evidence.refs.empty())
            out.push_back({"options.json", path + "/evidence", "option '" + o.id + "' has no evidence summary or no evidence refs"});
        if (o.patient.what.empty())
            out.push_back({"options.json", path + "/patient", "option '" + o.id + "' has no patient text (patient.what)"});
    }
    return out;
}

}  // namespace hc

namespace hc {

namespace {
// Table cells must not break the markdown table.
std::string cell(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '|') out += "\\|";
        else if (c == '\n' || c == '\r') out += ' ';
        else out += c;
    }
    return out;
}
}  // namespace

std::string evidence_report(const Pack& pack) {
    std::string out = "# Evidence review: " + pack.title + " (pack " + pack.id + " " + pack.version + ")\n\n";
    out += "Evidence scale: " + pack.scale.name + (pack.scale.source.empty() ? "" : " (" + pack.scale.source + ")") + ": ";
    bool first = true;
    for (const auto& [g, meaning] : pack.scale.grades) {
        out += (first ? "" : "; ") + g + " = " + meaning;
        first = false;
    }
    out += "\n\n| Option | Grade | Verdicts set by rules | References |\n|---|---|---|---|\n";
    for (std::size_t i = 0; i < pack.options.size(); ++i) {
        const Option& o = pack.options[i];
        std::string rules;
        std::vector<std::string> refs = o.evidence.refs;
        for (const auto& r : o.refs)
            if (std::find(refs.begin(), refs.end(), r) == refs.end()) refs.push_back(r);
        for (const auto& r : pack.rules) {
            for (const auto& fx : r.options) {
                if (fx.option != static_cast<int>(i)) continue;
                if (!rules.empty()) rules += "<br>";
                rules += "**" + std::string(to_string(fx.verdict)) + "** `" + r.id + "` when `" + r.when.text() + "`";
                if (!fx.note.empty()) rules += ": " + fx.note;
                for (const auto& ref : r.refs)
                    if (std::find(refs.begin(), refs.end(), ref) == refs.end()) refs.push_back(ref);
            }
        }
        std::string ref_cell;
        for (const auto& r : refs) ref_cell += (ref_cell.empty() ? "" : ", ") + r;
        out += "| **" + cell(o.title) + "** (`" + o.id + "`)" + (o.unproven ? " *unproven*" : "") + "<br>" +
               cell(o.evidence.summary) + " | " + cell(o.evidence.grade) + " | " +
               cell(rules.empty() ? "(no rule)" : rules) + " | " + cell(ref_cell) + " |\n";
    }
    out += "\n## References\n\n";
    for (const auto& r : pack.references) out += "- **" + r.id + "** " + r.citation() + "\n";
    return out;
}

}  // namespace hc
