// lint_pack(): quality findings on a pack that loaded. These do not stop the pack from being
// used; `hairconsult-cli validate` prints them and `--strict` makes them fatal.
#include "engine/lint.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include "engine/answers.h"
#include "engine/claims.h"
#include "engine/internal/lint_evidence.h"

namespace hc {

namespace {

// Values worth trying for one item when looking for answers that make a rule true: each code
// (and for repeats: none, each one, the ones the rule names, all), both booleans, numbers
// around every literal the rule or an enableWhen compares with, and "unanswered".
std::vector<Value> candidates(const Questionnaire& q, Slot s, const std::vector<Literal>& lits) {
    const Item& it = q.items[static_cast<std::size_t>(s)];
    std::vector<Value> out;
    out.emplace_back(std::in_place_type<std::monostate>);
    switch (it.type) {
        case ItemType::Boolean:
            out.emplace_back(std::in_place_type<bool>, true);
            out.emplace_back(std::in_place_type<bool>, false);
            break;
        case ItemType::Choice:
        case ItemType::OpenChoice:
            if (!it.repeats) {
                for (const auto& o : it.options) out.emplace_back(std::in_place_type<std::string>, o.code);
            } else {
                Codes all, named;
                for (const auto& o : it.options) {
                    out.emplace_back(std::in_place_type<Codes>, 1, o.code);
                    all.push_back(o.code);
                }
                for (const auto& l : lits)
                    if (const auto* c = std::get_if<std::string>(&l)) named.push_back(*c);
                out.emplace_back(std::in_place_type<Codes>, std::move(named));
                out.emplace_back(std::in_place_type<Codes>, std::move(all));
            }
            break;
        case ItemType::Integer:
        case ItemType::Decimal: {
            std::vector<double> nums;
            if (it.min_value) nums.push_back(*it.min_value);
            if (it.max_value) nums.push_back(*it.max_value);
            const double step = it.type == ItemType::Integer ? 1.0 : 0.5;
            for (const auto& l : lits) {
                double d = 0;
                if (const auto* i = std::get_if<std::int64_t>(&l)) d = static_cast<double>(*i);
                else if (const auto* x = std::get_if<double>(&l)) d = *x;
                else continue;
                for (double v : {d - step, d, d + step}) nums.push_back(it.type == ItemType::Integer ? std::floor(v) : v);
            }
            if (nums.empty()) nums.push_back(0);
            std::sort(nums.begin(), nums.end());  // fewer combinations to try
            nums.erase(std::unique(nums.begin(), nums.end()), nums.end());
            for (double v : nums) {
                if (it.type == ItemType::Integer) out.emplace_back(std::in_place_type<std::int64_t>, static_cast<std::int64_t>(v));
                else out.emplace_back(std::in_place_type<double>, v);
            }
            break;
        }
        default:
            out.emplace_back(std::in_place_type<std::string>, "x");
            for (const auto& l : lits)
                if (const auto* c = std::get_if<std::string>(&l)) out.emplace_back(std::in_place_type<std::string>, *c);
            break;
    }
    return out;
}

// True when some combination of candidate answers makes the rule's condition true; also true
// when there are too many combinations to try (lint only reports what it can show).
bool can_fire(const Questionnaire& q, const Rule& rule) {
    // The items the condition reads, and every item their visibility depends on.
    std::vector<Slot> slots = rule.when.slots();
    for (std::size_t k = 0; k < slots.size(); ++k) {
        for (Slot p = slots[k]; p >= 0; p = q.items[static_cast<std::size_t>(p)].parent)
            for (const auto& ew : q.items[static_cast<std::size_t>(p)].enable_when)
                if (std::find(slots.begin(), slots.end(), ew.question) == slots.end()) slots.push_back(ew.question);
    }
    std::vector<std::vector<Value>> values;
    double combos = 1;
    // The values an item is compared with: the rule's literals, the enableWhen answers on it,
    // and for items compared with each other (`a > b`) the same for every item linked to it
    // that way, plus their ranges, so that `a > b`, `a == b` and `a < b` can all be tried.
    auto item_lits = [&](Slot s, std::vector<Literal>& lits) {
        const std::vector<Literal> own = rule.when.literals(s);
        lits.insert(lits.end(), own.begin(), own.end());
        for (const auto& it : q.items)
            for (const auto& ew : it.enable_when)
                if (ew.question == s) lits.push_back(ew.answer);
    };
    for (Slot s : slots) {
        std::vector<Literal> lits;
        item_lits(s, lits);
        std::vector<Slot> linked = rule.when.compared_items(s);
        for (std::size_t k = 0; k < linked.size(); ++k)
            for (Slot more : rule.when.compared_items(linked[k]))
                if (more != s && std::find(linked.begin(), linked.end(), more) == linked.end()) linked.push_back(more);
        for (Slot o : linked) {
            if (o == s) continue;
            item_lits(o, lits);
            const Item& other = q.items[static_cast<std::size_t>(o)];
            if (other.min_value) lits.emplace_back(*other.min_value);
            if (other.max_value) lits.emplace_back(*other.max_value);
        }
        values.push_back(candidates(q, s, lits));
        combos *= static_cast<double>(values.back().size());
    }
    if (combos > 200000) return true;
    Answers a(q);
    std::vector<Slot> read;
    std::function<bool(std::size_t)> walk = [&](std::size_t k) -> bool {
        if (k == slots.size()) {
            read.clear();
            return rule.when.evaluate(a, enabled_items(q, a), read).value == Tri::True;
        }
        for (const auto& v : values[k]) {
            try {
                a.set(q, slots[k], v);
            } catch (const AnswersError&) {
                continue;  // out of range: not a possible answer
            }
            if (walk(k + 1)) return true;
        }
        a.clear(slots[k]);
        return false;
    };
    return walk(0);
}

}  // namespace

std::vector<PackProblem> lint_pack(const Pack& pack) {
    std::vector<PackProblem> out;
    const Questionnaire& q = pack.questionnaire;
    for (std::size_t i = 0; i < pack.rules.size(); ++i) {
        const Rule& r = pack.rules[i];
        const std::string path = "/rules/" + std::to_string(i) + " (rule " + r.id + ")";
        if (!can_fire(q, r)) out.push_back({"rules.json", path, "rule '" + r.id + "' can never fire: no answers make '" + r.when.text() + "' true"});
        // Adds nothing: an earlier rule with the same condition already says all of it.
        for (std::size_t k = 0; k < i; ++k) {
            const Rule& o = pack.rules[k];
            if (o.when.text() != r.when.text()) continue;
            auto has_a = [&](const AssessmentEffect& e) {
                return std::any_of(o.assessments.begin(), o.assessments.end(), [&](const AssessmentEffect& x) {
                    return x.assessment == e.assessment && x.likelihood == e.likelihood; });
            };
            auto has_i = [](const std::vector<int>& in, int v) { return std::find(in.begin(), in.end(), v) != in.end(); };
            auto has_o = [&](const OptionEffect& e) {
                return std::any_of(o.options.begin(), o.options.end(), [&](const OptionEffect& x) {
                    return x.option == e.option && x.verdict == e.verdict; });
            };
            const bool subsumed = std::all_of(r.assessments.begin(), r.assessments.end(), has_a) &&
                                  std::all_of(r.red_flags.begin(), r.red_flags.end(), [&](int f) { return has_i(o.red_flags, f); }) &&
                                  std::all_of(r.workup.begin(), r.workup.end(), [&](int w) { return has_i(o.workup, w); }) &&
                                  std::all_of(r.options.begin(), r.options.end(), has_o);
            if (subsumed) {
                out.push_back({"rules.json", path, "rule '" + r.id + "' adds nothing: rule '" + o.id + "' has the same condition and says the same"});
                break;
            }
        }
    }
    // FHIR's `!=` holds while its question is unanswered, so a lone `!=` shows the item before
    // the question is answered. Where that is meant, it can stay; usually "answered and not X"
    // is meant, which FHIR says as exists + != under enableBehavior all.
    for (const auto& it : q.items) {
        for (const auto& ew : it.enable_when) {
            if (ew.op != EnableWhen::Op::Ne) continue;
            const bool guarded = it.enable_all && std::any_of(it.enable_when.begin(), it.enable_when.end(), [&](const EnableWhen& e) {
                return e.op == EnableWhen::Op::Exists && e.question == ew.question && std::get<bool>(e.answer);
            });
            if (guarded) continue;
            const std::string& src = q.items[static_cast<std::size_t>(ew.question)].link_id;
            out.push_back({"questionnaire.json", "item '" + it.link_id + "'",
                           "enableWhen '" + src + " != ...' shows '" + it.link_id + "' before '" + src +
                               "' is answered (FHIR); for 'answered and not ...' add {\"question\": \"" + src +
                               "\", \"operator\": \"exists\", \"answerBoolean\": true} with enableBehavior all" +
                               (it.enable_all ? "" : ", or list the other codes with '='")});
            break;
        }
    }
    // References nothing cites.
    std::vector<std::string> cited;
    auto cite = [&](const std::vector<std::string>& refs) { cited.insert(cited.end(), refs.begin(), refs.end()); };
    for (const auto& r : pack.rules) cite(r.refs);
    for (const auto* list : {&pack.assessments, &pack.red_flags, &pack.workup})
        for (const auto& f : *list) cite(f.refs);
    for (const auto& o : pack.options) {
        cite(o.refs);
        cite(o.evidence.refs);
    }
    for (std::size_t i = 0; i < pack.references.size(); ++i)
        if (std::find(cited.begin(), cited.end(), pack.references[i].id) == cited.end())
            out.push_back({"references.json", "/references/" + std::to_string(i),
                           "reference '" + pack.references[i].id + "' is cited by nothing"});

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
        const bool used_daily = o.kind == "medicine" || o.kind == "procedure" || o.kind == "device";
        if (o.patient.what.empty())
            out.push_back({"options.json", path + "/patient", "option '" + o.id + "' has no patient text (patient.what)"});
        else if (used_daily && !o.unproven && (o.patient.how.empty() || o.patient.watch_for.empty()))
            out.push_back({"options.json", path + "/patient",
                           "option '" + o.id + "' has no patient text on how to use it or what to watch for"});
    }
    for (auto& p : lint_texts(pack)) out.push_back(std::move(p));
    detail::lint_evidence(pack, out);
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
    out += "Facts last checked against the evidence: " + pack.facts_checked + "\n\n";
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
    // Role and kind let the reviewer see at a glance what each source is trusted for.
    for (const auto& r : pack.references) out += "- **" + r.id + "** " + r.citation() + " *(" + r.role + ", " + r.kind + ")*\n";
    return out;
}

}  // namespace hc
