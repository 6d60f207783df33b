// Claims checked against the texts shown for one patient (engine/claims.h). Matching the
// regular expressions is done once per text when the checker is built; checking a patient is
// then only the claims' conditions, so a generative test can run thousands of patients.
#include "engine/claims.h"

#include <algorithm>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "engine/evaluate.h"
#include "engine/internal/json_check.h"
#include "engine/json_input.h"
#include "engine/pack.h"
#include "engine/result.h"

namespace hc {

namespace {

// Sentences end at '.', '!', '?' or ';' followed by a space, or at a line break.
std::vector<std::string> sentences(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
            continue;
        }
        cur += c;
        if ((c == '.' || c == '!' || c == '?' || c == ';') && (i + 1 == text.size() || text[i + 1] == ' ')) {
            out.push_back(cur);
            cur.clear();
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

bool states(const Claim& c, const std::string& sentence) {
    if (!std::regex_search(sentence, c.re)) return false;
    return c.except.empty() || !std::regex_search(sentence, c.except_re);
}

std::string first_sentence_stating(const Claim& c, const std::string& text) {
    for (const auto& s : sentences(text))
        if (states(c, s)) return s;
    return {};
}

// Whether the claim's requirements hold for this patient and result (true, never unknown:
// a claim about an unanswered item does not hold).
bool holds(const Pack& pack, const Claim& c, const Answers& answers, const std::vector<bool>& enabled, const Result& result) {
    if (c.forbidden) return false;
    if (c.has_requires) {
        std::vector<Slot> read;
        if (c.condition.evaluate(answers, enabled, read).value != Tri::True) return false;
    }
    if (!c.requires_offered.empty()) {
        const bool offered = std::any_of(result.options.begin(), result.options.end(), [&](const OptionResult& o) {
            if (o.verdict != Verdict::FirstLine && o.verdict != Verdict::Consider) return false;
            const std::string& id = pack.options.at(static_cast<std::size_t>(o.option)).id;
            return std::any_of(c.requires_offered.begin(), c.requires_offered.end(),
                               [&](const std::string& want) { return want == "*" || want == id; });
        });
        if (!offered) return false;
    }
    return true;
}

}  // namespace

std::vector<Claim> load_claims(const Pack& pack) {
    using nlohmann::json;
    using detail::ptr;
    std::vector<Claim> out;
    std::vector<PackProblem> problems;
    const auto file = pack.dir / "claims.json";
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return out;
    std::ifstream in(file, std::ios::binary);
    if (!in) throw PackError({{"claims.json", "", "unreadable"}});
    JsonLimits limits;
    std::string text(limits.max_bytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    json j;
    try {
        j = parse_json(text, "claims.json", limits);
    } catch (const JsonInputError& e) {
        throw PackError({{"claims.json", "", e.what()}});
    }
    detail::Checker ck("claims.json", problems);
    const json* arr = nullptr;
    if (ck.is_object(j, "")) {
        ck.keys(j, "", {"claims"});
        arr = ck.array(j, "claims", "", true);
    }
    if (arr != nullptr) {
        for (std::size_t i = 0; i < arr->size(); ++i) {
            const std::string path = ptr("/claims", i);
            const json& e = (*arr)[i];
            if (!ck.is_object(e, path)) continue;
            ck.keys(e, path, {"id", "pattern", "except", "requires", "requires_offered", "forbidden", "explain"});
            Claim c;
            c.id = ck.str(e, "id", path, true);
            c.pattern = ck.str(e, "pattern", path, true);
            c.except = ck.str(e, "except", path, false);
            c.explain = ck.str(e, "explain", path, true);
            c.forbidden = ck.boolean(e, "forbidden", path, false);
            c.requires_offered = ck.strings(e, "requires_offered", path, false);
            for (std::size_t k = 0; k < c.requires_offered.size(); ++k)
                if (c.requires_offered[k] != "*" && pack.find_option(c.requires_offered[k]) < 0)
                    ck.add(ptr(ptr(path, "requires_offered"), k), "unknown option '" + c.requires_offered[k] + "'");
            try {
                const auto flags = std::regex::ECMAScript | std::regex::icase;
                c.re = std::regex(c.pattern, flags);
                if (!c.except.empty()) c.except_re = std::regex(c.except, flags);
            } catch (const std::regex_error& err) {
                ck.add(path, std::string("bad regular expression: ") + err.what());
                continue;
            }
            const std::string req = ck.str(e, "requires", path, false);
            if (!req.empty()) {
                try {
                    c.condition = Condition::parse(req, pack.questionnaire);
                    c.has_requires = true;
                } catch (const ConditionError& err) {
                    ck.add(path + " (column " + std::to_string(err.column()) + ")", err.what());
                    continue;
                }
            }
            if (!c.forbidden && !c.has_requires && c.requires_offered.empty())
                ck.add(path, "claim '" + c.id + "' requires nothing: give 'requires', 'requires_offered' or 'forbidden'");
            out.push_back(std::move(c));
        }
    }
    if (!problems.empty()) throw PackError(std::move(problems));
    return out;
}

std::vector<int> claims_in(const std::vector<Claim>& claims, const std::string& text) {
    std::vector<int> out;
    if (text.empty()) return out;
    const auto parts = sentences(text);
    for (std::size_t k = 0; k < claims.size(); ++k)
        if (std::any_of(parts.begin(), parts.end(), [&](const std::string& s) { return states(claims[k], s); }))
            out.push_back(static_cast<int>(k));
    return out;
}

ShownTextChecker::ShownTextChecker(const Pack& pack) : ShownTextChecker(pack, load_claims(pack)) {}

ShownTextChecker::ShownTextChecker(const Pack& pack, std::vector<Claim> claims) : pack_(pack), claims_(std::move(claims)) {
    auto text = [&](std::string where, const std::string& t) { return Text{std::move(where), &t, claims_in(claims_, t)}; };
    auto generic = [&](const std::string& what, const PatientText& p) {
        std::vector<Text> out;
        for (auto [field, t] : {std::pair{"what", &p.what}, {"how", &p.how}, {"when_results", &p.when_results},
                                {"watch_for", &p.watch_for}, {"come_back", &p.come_back}})
            if (!t->empty()) out.push_back(text(what + " patient." + field, *t));
        return out;
    };
    auto passages = [&](const std::string& what, const std::vector<Passage>& list) {
        std::vector<Text> out;
        for (std::size_t i = 0; i < list.size(); ++i)
            out.push_back(text(what + " patient_if[" + std::to_string(i) + "]", list[i].text));
        return out;
    };
    for (const auto& o : pack.options) {
        option_generic_.push_back(generic("option " + o.id, o.patient));
        option_passages_.push_back(passages("option " + o.id, o.passages));
    }
    auto findings = [&](const char* kind, const std::vector<Finding>& list, std::vector<std::vector<Text>>& g,
                        std::vector<std::vector<Text>>& p) {
        for (const auto& f : list) {
            g.push_back(generic(std::string(kind) + " " + f.id, f.patient));
            p.push_back(passages(std::string(kind) + " " + f.id, f.passages));
        }
    };
    findings("assessment", pack.assessments, assessment_generic_, assessment_passages_);
    findings("red flag", pack.red_flags, flag_generic_, flag_passages_);
    findings("workup", pack.workup, workup_generic_, workup_passages_);
    for (const auto& r : pack.rules) {
        std::vector<std::vector<Text>> per_effect;
        for (const auto& fx : r.options) {
            const std::string oid = pack.options.at(static_cast<std::size_t>(fx.option)).id;
            per_effect.push_back({text("rule " + r.id + " note on " + oid, fx.note), text("rule " + r.id + " patient reason on " + oid, fx.patient)});
        }
        effect_texts_.push_back(std::move(per_effect));
    }
}

std::vector<TextProblem> ShownTextChecker::check(const Answers& answers, const Result& result) const {
    std::vector<TextProblem> out;
    const std::vector<bool> enabled = enabled_items(pack_.questionnaire, answers);
    auto check_texts = [&](const std::vector<Text>& texts, const std::vector<int>* only) {
        for (std::size_t i = 0; i < texts.size(); ++i) {
            if (only && std::find(only->begin(), only->end(), static_cast<int>(i)) == only->end()) continue;
            for (int k : texts[i].claims) {
                const Claim& c = claims_[static_cast<std::size_t>(k)];
                if (!holds(pack_, c, answers, enabled, result))
                    out.push_back({texts[i].where, c.id, first_sentence_stating(c, *texts[i].text)});
            }
        }
    };
    for (const auto& a : result.assessments) {
        const auto k = static_cast<std::size_t>(a.assessment);
        check_texts(assessment_generic_[k], nullptr);
        check_texts(assessment_passages_[k], &a.passages);
    }
    for (const auto& f : result.red_flags) {
        check_texts(flag_generic_[static_cast<std::size_t>(f.finding)], nullptr);
        check_texts(flag_passages_[static_cast<std::size_t>(f.finding)], &f.passages);
    }
    for (const auto& f : result.workup) {
        check_texts(workup_generic_[static_cast<std::size_t>(f.finding)], nullptr);
        check_texts(workup_passages_[static_cast<std::size_t>(f.finding)], &f.passages);
    }
    for (const auto& o : result.options) {
        const auto k = static_cast<std::size_t>(o.option);
        if (o.verdict == Verdict::FirstLine || o.verdict == Verdict::Consider) {
            check_texts(option_generic_[k], nullptr);
            check_texts(option_passages_[k], &o.passages);
        }
        for (const auto& reason : o.reasons) {
            if (reason.overruled) continue;
            const Rule& rule = pack_.rules.at(static_cast<std::size_t>(reason.because.rule));
            for (std::size_t e = 0; e < rule.options.size(); ++e)
                if (rule.options[e].option == o.option)
                    check_texts(effect_texts_[static_cast<std::size_t>(reason.because.rule)][e], nullptr);
        }
    }
    return out;
}

std::vector<TextProblem> ShownTextChecker::generic_claims() const {
    std::vector<TextProblem> out;
    auto scan = [&](const std::vector<std::vector<Text>>& all) {
        for (const auto& texts : all)
            for (const auto& t : texts)
                for (int k : t.claims) {
                    const Claim& c = claims_[static_cast<std::size_t>(k)];
                    if (c.forbidden || c.has_requires)
                        out.push_back({t.where, c.id, first_sentence_stating(c, *t.text)});
                }
    };
    // Options only: a finding's text is shown only where its rules fire, which the generative
    // test checks patient by patient; an option's generic text is shown wherever any rule, or
    // the clinician by hand, offers it.
    scan(option_generic_);
    return out;
}

}  // namespace hc
