// The result as contract JSON (DESIGN.md) and as text a clinician can check line by line.
#include "engine/result.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

namespace hc {

using nlohmann::json;

namespace {

json because_json(const Pack& pack, const Answers& answers, const Because& b) {
    const Rule& rule = pack.rules.at(static_cast<std::size_t>(b.rule));
    json ans = json::object();
    for (Slot s : b.answers) ans[pack.questionnaire.items.at(static_cast<std::size_t>(s)).link_id] = value_to_json(answers.get(s));
    return json{{"rule", rule.id}, {"explain", rule.explain}, {"answers", std::move(ans)}, {"refs", rule.refs}};
}

void add_refs(std::vector<std::string>& out, const std::vector<std::string>& refs) {
    for (const auto& r : refs)
        if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
}

}  // namespace

json to_json(const Pack& pack, const Answers& answers, const Result& r) {
    json out;
    // facts_checked: the day the pack's facts were last checked, kept with every saved result.
    out["pack"] = {{"id", pack.id}, {"version", pack.version}, {"facts_checked", pack.facts_checked}};
    json assessments = json::array();
    for (const auto& a : r.assessments) {
        const Finding& f = pack.assessments.at(static_cast<std::size_t>(a.assessment));
        json because = json::array();
        for (const auto& b : a.because) because.push_back(because_json(pack, answers, b));
        assessments.push_back({{"id", f.id},
                               {"title", f.title},
                               {"likelihood", std::string(to_string(a.likelihood))},
                               {"because", std::move(because)},
                               {"refs", f.refs}});
    }
    out["assessments"] = std::move(assessments);
    auto findings = [&](const std::vector<FindingResult>& list, const std::vector<Finding>& from, bool action) {
        json arr = json::array();
        for (const auto& fr : list) {
            const Finding& f = from.at(static_cast<std::size_t>(fr.finding));
            json because = json::array();
            for (const auto& b : fr.because) because.push_back(because_json(pack, answers, b));
            json e{{"id", f.id}, {"title", f.title}, {"because", std::move(because)}, {"refs", f.refs}};
            if (action) e["action"] = f.action;
            arr.push_back(std::move(e));
        }
        return arr;
    };
    out["red_flags"] = findings(r.red_flags, pack.red_flags, true);
    json options = json::array();
    for (const auto& o : r.options) {
        const Option& op = pack.options.at(static_cast<std::size_t>(o.option));
        json notes = json::array(), because = json::array();
        std::vector<std::string> refs;
        add_refs(refs, op.evidence.refs);
        add_refs(refs, op.refs);
        for (const auto& reason : o.reasons) {
            const std::string note = reason.note ? *reason.note : std::string();
            if (!reason.overruled) {
                if (!note.empty()) notes.push_back(note);
                add_refs(refs, pack.rules.at(static_cast<std::size_t>(reason.because.rule)).refs);
            }
            json b = because_json(pack, answers, reason.because);
            b["verdict"] = std::string(to_string(reason.verdict));
            b["note"] = note;
            if (reason.patient && !reason.patient->empty()) b["patient"] = *reason.patient;
            b["overruled"] = reason.overruled;
            because.push_back(std::move(b));
        }
        options.push_back({{"id", op.id},
                           {"title", op.title},
                           {"kind", op.kind},
                           {"unproven", op.unproven},
                           {"verdict", std::string(to_string(o.verdict))},
                           {"evidence", {{"grade", op.evidence.grade}, {"summary", op.evidence.summary}}},
                           {"notes", std::move(notes)},
                           {"because", std::move(because)},
                           {"refs", std::move(refs)}});
    }
    out["options"] = std::move(options);
    out["workup"] = findings(r.workup, pack.workup, false);
    json missing = json::array();
    for (Slot s : r.missing) missing.push_back(pack.questionnaire.items.at(static_cast<std::size_t>(s)).link_id);
    out["missing"] = std::move(missing);
    out["dropped"] = r.dropped;
    return out;
}

namespace {

std::string label(const Item& it) { return it.short_text.empty() ? it.text : it.short_text; }

// "rule fin_avoid: Sex at birth = Female; Reproductive status = Planning pregnancy"
std::string because_line(const Pack& pack, const Answers& answers, const Because& b) {
    const Rule& rule = pack.rules.at(static_cast<std::size_t>(b.rule));
    std::string s = "rule " + rule.id;
    if (!b.answers.empty()) {
        s += ": ";
        bool first = true;
        for (Slot slot : b.answers) {
            if (!first) s += "; ";
            first = false;
            const Item& it = pack.questionnaire.items.at(static_cast<std::size_t>(slot));
            s += label(it) + " = " + display_value(pack.questionnaire, slot, answers.get(slot));
        }
    }
    if (!rule.refs.empty()) {
        s += " [";
        for (std::size_t i = 0; i < rule.refs.size(); ++i) s += (i ? ", " : "") + rule.refs[i];
        s += "]";
    }
    return s;
}

}  // namespace

std::string to_text(const Pack& pack, const Answers& answers, const Result& r) {
    std::ostringstream out;
    out << pack.title << " (pack " << pack.id << " " << pack.version << ", facts checked " << pack.facts_checked << ")\n";
    out << "\nASSESSMENTS\n";
    if (r.assessments.empty()) out << "  (none from these answers)\n";
    for (const auto& a : r.assessments) {
        const Finding& f = pack.assessments.at(static_cast<std::size_t>(a.assessment));
        out << "  - " << f.title << " [" << to_string(a.likelihood) << "]\n";
        for (const auto& b : a.because) out << "      because " << because_line(pack, answers, b) << "\n";
    }
    out << "\nRED FLAGS\n";
    if (r.red_flags.empty()) out << "  (none)\n";
    for (const auto& fr : r.red_flags) {
        const Finding& f = pack.red_flags.at(static_cast<std::size_t>(fr.finding));
        out << "  ! " << f.title << (f.action.empty() ? "" : ": " + f.action) << "\n";
        for (const auto& b : fr.because) out << "      because " << because_line(pack, answers, b) << "\n";
    }
    out << "\nOPTIONS\n";
    if (r.options.empty()) out << "  (none from these answers)\n";
    for (const auto& o : r.options) {
        const Option& op = pack.options.at(static_cast<std::size_t>(o.option));
        out << "  * " << verdict_label(o.verdict) << ": " << op.title << " (evidence " << op.evidence.grade << ")\n";
        for (const auto& reason : o.reasons) {
            out << "      " << (reason.overruled ? "overruled: " : "") << to_string(reason.verdict);
            if (reason.note && !reason.note->empty()) out << " - " << *reason.note;
            if (!reason.overruled && reason.patient && !reason.patient->empty()) out << "\n        patient's words: " << *reason.patient;
            out << "\n        because " << because_line(pack, answers, reason.because) << "\n";
        }
    }
    out << "\nWORKUP\n";
    if (r.workup.empty()) out << "  (none)\n";
    for (const auto& fr : r.workup) {
        const Finding& f = pack.workup.at(static_cast<std::size_t>(fr.finding));
        out << "  - " << f.title << "\n";
        for (const auto& b : fr.because) out << "      because " << because_line(pack, answers, b) << "\n";
    }
    if (!r.missing.empty()) {
        out << "\nMISSING (answers that could change this result)\n";
        for (Slot s : r.missing) {
            const Item& it = pack.questionnaire.items.at(static_cast<std::size_t>(s));
            out << "  ? " << label(it) << " (" << it.link_id << ")\n";
        }
    }
    if (!r.dropped.empty()) {
        out << "\nIGNORED (answers to questions not shown for this patient)\n";
        for (const auto& id : r.dropped) out << "  x " << id << "\n";
    }
    return out.str();
}

}  // namespace hc
