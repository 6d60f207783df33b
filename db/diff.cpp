// Comparing stored revisions and results; re-evaluating a revision with today's pack.
// Pure functions over the stored JSON text: no database access.
#include <map>
#include <set>

#include "db/internal.h"
#include "engine/evaluate.h"
#include "engine/errors.h"
#include "engine/result.h"
#include "engine/stored_result.h"

namespace hc::db {
namespace {

using K = StoreError::Kind;
using hc::Likelihood;
using hc::StoredFinding;
using hc::StoredOption;
using hc::StoredResult;

nlohmann::json parse_stored(const std::string& text, const char* what) {
    try {
        auto j = nlohmann::json::parse(text);
        if (!j.is_object()) throw StoreError(K::InvalidInput, 0, std::string(what) + " is not a JSON object.");
        return j;
    } catch (const nlohmann::json::exception&) {
        throw StoreError(K::InvalidInput, 0, std::string(what) + " is not valid JSON.");
    }
}

std::vector<std::string> ids_not_in(const std::vector<StoredFinding>& a, const std::vector<StoredFinding>& b) {
    std::set<std::string> in_b;
    for (const auto& f : b) in_b.insert(f.id);
    std::vector<std::string> out;
    for (const auto& f : a)
        if (!in_b.count(f.id)) out.push_back(f.id);
    return out;
}

ResultDiff diff_stored(const StoredResult& a, const StoredResult& b) {
    ResultDiff d;
    std::map<std::string, Likelihood> la, lb;
    for (const auto& x : a.assessments) la.emplace(x.id, x.likelihood);
    for (const auto& x : b.assessments) lb.emplace(x.id, x.likelihood);
    for (const auto& x : b.assessments) {
        const auto it = la.find(x.id);
        if (it == la.end()) d.assessments.push_back({x.id, std::nullopt, x.likelihood});
        else if (it->second != x.likelihood) d.assessments.push_back({x.id, it->second, x.likelihood});
    }
    for (const auto& x : a.assessments)
        if (!lb.count(x.id)) d.assessments.push_back({x.id, x.likelihood, std::nullopt});
    d.red_flags_added = ids_not_in(b.red_flags, a.red_flags);
    d.red_flags_removed = ids_not_in(a.red_flags, b.red_flags);
    for (const auto& o : b.options) {
        const StoredOption* before = a.find_option(o.id);
        if (!before) d.verdicts.push_back({o.id, std::nullopt, o.verdict});
        else if (before->verdict != o.verdict) d.verdicts.push_back({o.id, before->verdict, o.verdict});
    }
    for (const auto& o : a.options)
        if (!b.find_option(o.id)) d.verdicts.push_back({o.id, o.verdict, std::nullopt});
    return d;
}

}  // namespace

bool ResultDiff::empty() const {
    return assessments.empty() && red_flags_added.empty() && red_flags_removed.empty() && verdicts.empty();
}

ResultDiff diff_results(const std::string& before, const std::string& after) {
    return diff_stored(hc::read_stored_result(before), hc::read_stored_result(after));
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

hc::Answers answers_of(const Autosave& autosave, const hc::Pack& pack) {
    return hc::answers_from_json(pack.questionnaire, parse_stored(autosave.answers_json, "The autosaved answers"));
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
    try {
        r.changes = diff_stored(hc::read_stored_result(rev.result_json), hc::read_stored_result(result));
    } catch (const hc::StoredResultError& e) {
        r.problems.push_back(std::string("The saved result cannot be read (") + e.what() + "), so it cannot be compared.");
    }
    return r;
}

}  // namespace hc::db
