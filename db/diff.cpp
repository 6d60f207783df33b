// Comparing stored revisions and results; re-evaluating a revision with today's pack.
// Pure functions over the stored JSON text: no database access.
#include <map>
#include <set>

#include "db/internal.h"
#include "engine/evaluate.h"
#include "engine/result.h"

namespace hc::db {
namespace {

using K = StoreError::Kind;

nlohmann::json parse_stored(const std::string& text, const char* what) {
    try {
        auto j = nlohmann::json::parse(text);
        if (!j.is_object()) throw StoreError(K::InvalidInput, 0, std::string(what) + " is not a JSON object.");
        return j;
    } catch (const nlohmann::json::exception&) {
        throw StoreError(K::InvalidInput, 0, std::string(what) + " is not valid JSON.");
    }
}

// "id (likelihood)" for assessments, "id" for red flags, in result order.
std::vector<std::string> labels(const nlohmann::json& result, const char* key, bool with_likelihood) {
    std::vector<std::string> out;
    const auto it = result.find(key);
    if (it == result.end() || !it->is_array()) return out;
    for (const auto& e : *it) {
        if (!e.is_object()) continue;
        std::string l = e.value("id", "");
        if (with_likelihood) l += " (" + e.value("likelihood", "") + ")";
        out.push_back(std::move(l));
    }
    return out;
}

void set_diff(const std::vector<std::string>& a, const std::vector<std::string>& b, std::vector<std::string>& added,
              std::vector<std::string>& removed) {
    const std::set<std::string> sa(a.begin(), a.end()), sb(b.begin(), b.end());
    for (const auto& x : b)
        if (!sa.count(x)) added.push_back(x);
    for (const auto& x : a)
        if (!sb.count(x)) removed.push_back(x);
}

std::vector<std::pair<std::string, std::string>> verdicts(const nlohmann::json& result) {
    std::vector<std::pair<std::string, std::string>> out;
    const auto it = result.find("options");
    if (it == result.end() || !it->is_array()) return out;
    for (const auto& e : *it)
        if (e.is_object()) out.emplace_back(e.value("id", ""), e.value("verdict", ""));
    return out;
}

ResultDiff diff_result_docs(const nlohmann::json& a, const nlohmann::json& b) {
    ResultDiff d;
    set_diff(labels(a, "assessments", true), labels(b, "assessments", true), d.assessments_added, d.assessments_removed);
    set_diff(labels(a, "red_flags", false), labels(b, "red_flags", false), d.red_flags_added, d.red_flags_removed);
    const auto va = verdicts(a), vb = verdicts(b);
    const std::map<std::string, std::string> ma(va.begin(), va.end()), mb(vb.begin(), vb.end());
    for (const auto& [id, v] : vb) {
        const auto it = ma.find(id);
        const std::string before = it == ma.end() ? "" : it->second;
        if (before != v) d.verdicts.push_back({id, before, v});
    }
    for (const auto& [id, v] : va)
        if (!mb.count(id)) d.verdicts.push_back({id, v, ""});
    return d;
}

}  // namespace

bool ResultDiff::empty() const {
    return assessments_added.empty() && assessments_removed.empty() && red_flags_added.empty() &&
           red_flags_removed.empty() && verdicts.empty();
}

ResultDiff diff_results(const std::string& before, const std::string& after) {
    return diff_result_docs(parse_stored(before, "The earlier result"), parse_stored(after, "The later result"));
}

RevisionDiff diff_revisions(const Revision& before, const Revision& after) {
    RevisionDiff d;
    const auto a = parse_stored(before.answers_json, "The earlier answers");
    const auto b = parse_stored(after.answers_json, "The later answers");
    // Stored answers are in questionnaire order; keep that order, then keys only `after` has.
    for (const auto& [k, v] : a.items()) {
        const auto it = b.find(k);
        if (it == b.end()) d.answers.push_back({k, v, nullptr});
        else if (*it != v) d.answers.push_back({k, v, *it});
    }
    for (const auto& [k, v] : b.items())
        if (!a.contains(k)) d.answers.push_back({k, nullptr, v});
    d.result = diff_results(before.result_json, after.result_json);
    return d;
}

hc::Answers answers_of(const Revision& rev, const hc::Pack& pack) {
    return hc::answers_from_json(pack.questionnaire, parse_stored(rev.answers_json, "The stored answers"));
}

hc::Answers answers_of(const Draft& draft, const hc::Pack& pack) {
    return hc::answers_from_json(pack.questionnaire, parse_stored(draft.answers_json, "The draft answers"));
}

Reevaluation reevaluate(const Revision& rev, const hc::Pack& today) {
    Reevaluation r;
    r.same_pack = rev.info.pack_id == today.id && rev.info.pack_version == today.version;
    hc::Answers answers;
    try {
        answers = answers_of(rev, today);
    } catch (const hc::AnswersError& e) {
        r.problems.push_back(e.what());
        return r;
    }
    const auto eff = hc::effective_answers(today.questionnaire, answers);
    const auto result = hc::to_json(today, eff.answers, hc::evaluate(today, eff.answers));
    r.today_result_json = result.dump();
    r.changes = diff_result_docs(parse_stored(rev.result_json, "The stored result"), result);
    return r;
}

}  // namespace hc::db
