// result_from_json(): a stored result (read by read_stored_result, the one reader of its JSON)
// back to a Result that points into the pack, so a saved consultation can be shown and printed as
// it was decided, not as today's evaluation would decide it. Strict: anything that does not
// resolve is refused.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/evaluate.h"
#include "engine/result.h"
#include "engine/stored_result.h"

namespace hc {

namespace {

[[noreturn]] void refuse(const std::string& id, const std::string& message) { throw StoredResultError(id, message); }

class Resolver {
public:
    Resolver(const Pack& pack, const Answers& answers) : pack_(pack), answers_(answers) {}

    Slot link(const std::string& link_id, const std::string& where) const {
        const Slot s = pack_.questionnaire.find(link_id);
        if (s < 0) refuse(link_id, "stored result: " + where + " names linkId '" + link_id + "', which this pack does not have");
        return s;
    }

    Because because(const StoredBecause& b, const std::string& where) const {
        Because out;
        for (std::size_t i = 0; i < pack_.rules.size(); ++i)
            if (pack_.rules[i].id == b.rule) out.rule = static_cast<int>(i);
        if (out.rule < 0) refuse(b.rule, "stored result: " + where + " names rule '" + b.rule + "', which this pack does not have");
        for (const auto& [link_id, value] : b.answers) {
            const Slot s = link(link_id, where);
            if (value_to_json(answers_.get(s)) != value)
                refuse(link_id, "stored result: " + where + " (rule " + b.rule + ") read '" + link_id + "' = " + value.dump() +
                                    ", but the answers say " + value_to_json(answers_.get(s)).dump());
            out.answers.push_back(s);
        }
        std::sort(out.answers.begin(), out.answers.end());  // questionnaire order, as evaluate() keeps it
        return out;
    }

    const Rule& rule(const Because& b) const { return pack_.rules[static_cast<std::size_t>(b.rule)]; }

    template <class Produces>
    std::vector<Because> becauses(const std::vector<StoredBecause>& list, const std::string& where, const std::string& what,
                                  Produces produces) const {
        std::vector<Because> out;
        for (std::size_t k = 0; k < list.size(); ++k) {
            Because b = because(list[k], where + "/because/" + std::to_string(k));
            if (!produces(rule(b))) refuse(rule(b).id, "stored result: rule '" + rule(b).id + "' does not produce " + what + " in this pack");
            out.push_back(std::move(b));
        }
        return out;
    }

    std::vector<FindingResult> findings(const std::vector<StoredFinding>& list, const char* key, const std::vector<Finding>& from,
                                        std::vector<int> Rule::*produced_by) const {
        std::vector<FindingResult> out;
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string where = "/" + std::string(key) + "/" + std::to_string(i);
            const std::string& id = list[i].id;
            const auto it = std::find_if(from.begin(), from.end(), [&](const Finding& f) { return f.id == id; });
            if (it == from.end()) refuse(id, "stored result: " + where + " names '" + id + "', which this pack does not have");
            const int f = static_cast<int>(it - from.begin());
            auto produces = [&](const Rule& r) {
                const auto& v = r.*produced_by;
                return std::find(v.begin(), v.end(), f) != v.end();
            };
            out.push_back({f, becauses(list[i].because, where, "'" + id + "'", produces), {}});
        }
        return out;
    }

private:
    const Pack& pack_;
    const Answers& answers_;
};

}  // namespace

Result resolve_stored_result(const Pack& pack, const Answers& answers, const StoredResult& stored) {
    if (answers.size() != pack.questionnaire.items.size())
        throw AnswersError("", "the answers do not belong to this pack's questionnaire");
    const Resolver rd(pack, answers);
    Result r;

    for (std::size_t i = 0; i < stored.assessments.size(); ++i) {
        const StoredAssessment& sa = stored.assessments[i];
        const std::string where = "/assessments/" + std::to_string(i);
        const int a = pack.find_assessment(sa.id);
        if (a < 0) refuse(sa.id, "stored result: " + where + " names assessment '" + sa.id + "', which this pack does not have");
        AssessmentResult ar;
        ar.assessment = a;
        ar.likelihood = sa.likelihood;
        ar.because = rd.becauses(sa.because, where, "assessment '" + sa.id + "'", [&](const Rule& rule) {
            return std::any_of(rule.assessments.begin(), rule.assessments.end(),
                               [&](const AssessmentEffect& fx) { return fx.assessment == a; });
        });
        r.assessments.push_back(std::move(ar));
    }
    r.red_flags = rd.findings(stored.red_flags, "red_flags", pack.red_flags, &Rule::red_flags);

    for (std::size_t i = 0; i < stored.options.size(); ++i) {
        const StoredOption& so = stored.options[i];
        const std::string where = "/options/" + std::to_string(i);
        OptionResult o;
        o.option = pack.find_option(so.id);
        if (o.option < 0) refuse(so.id, "stored result: " + where + " names option '" + so.id + "', which this pack does not have");
        o.verdict = so.verdict;
        for (std::size_t k = 0; k < so.because.size(); ++k) {
            const StoredOptionReason& sr = so.because[k];
            OptionReason reason;
            reason.because = rd.because(sr.because, where + "/because/" + std::to_string(k));
            reason.verdict = sr.verdict;
            reason.overruled = sr.overruled;
            // The note lives in the pack's rule, as evaluate() leaves it.
            const Rule& rule = rd.rule(reason.because);
            for (const auto& fx : rule.options) {
                if (fx.option == o.option && fx.verdict == reason.verdict && fx.note == sr.note) {
                    reason.note = &fx.note;
                    reason.patient = &fx.patient;
                    break;
                }
            }
            if (!reason.note)
                refuse(rule.id, "stored result: rule '" + rule.id + "' does not give option '" + so.id + "' the verdict " +
                                    std::string(to_string(sr.verdict)) + " with that note in this pack");
            o.reasons.push_back(std::move(reason));
        }
        r.options.push_back(std::move(o));
    }
    r.workup = rd.findings(stored.workup, "workup", pack.workup, &Rule::workup);

    for (const auto& m : stored.missing) r.missing.push_back(rd.link(m, "/missing"));
    for (const auto& d : stored.dropped) {
        rd.link(d, "/dropped");
        r.dropped.push_back(d);
    }
    attach_passages(pack, answers, r);
    return r;
}

Result result_from_json(const Pack& pack, const Answers& answers, const nlohmann::json& stored) {
    if (answers.size() != pack.questionnaire.items.size())
        throw AnswersError("", "the answers do not belong to this pack's questionnaire");
    return resolve_stored_result(pack, answers, read_stored_result(stored));
}

}  // namespace hc
