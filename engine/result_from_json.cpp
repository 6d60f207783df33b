// result_from_json(): a stored result (the contract JSON to_json wrote) back to a Result that
// points into the pack, so a saved consultation can be shown and printed as it was decided,
// not as today's evaluation would decide it. Strict: anything that does not resolve is refused.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/result.h"
#include "engine/evaluate.h"

namespace hc {

using nlohmann::json;

namespace {

[[noreturn]] void refuse(const std::string& id, const std::string& message) { throw StoredResultError(id, message); }

const json& field(const json& obj, const char* key, const std::string& where) {
    if (!obj.is_object()) refuse("", "stored result: " + where + " is not an object");
    const auto it = obj.find(key);
    if (it == obj.end()) refuse("", "stored result: " + where + " has no '" + key + "'");
    return *it;
}

const json& array_field(const json& obj, const char* key, const std::string& where) {
    const json& v = field(obj, key, where);
    if (!v.is_array()) refuse("", "stored result: " + where + "/" + key + " is not an array");
    return v;
}

const std::string& string_field(const json& obj, const char* key, const std::string& where) {
    const json& v = field(obj, key, where);
    if (!v.is_string()) refuse("", "stored result: " + where + "/" + key + " is not a string");
    return v.get_ref<const std::string&>();
}

class Reader {
public:
    Reader(const Pack& pack, const Answers& answers) : pack_(pack), answers_(answers) {}

    Slot link(const std::string& link_id, const std::string& where) const {
        const Slot s = pack_.questionnaire.find(link_id);
        if (s < 0) refuse(link_id, "stored result: " + where + " names linkId '" + link_id + "', which this pack does not have");
        return s;
    }

    Because because(const json& b, const std::string& where) const {
        const std::string& rule_id = string_field(b, "rule", where);
        Because out;
        for (std::size_t i = 0; i < pack_.rules.size(); ++i)
            if (pack_.rules[i].id == rule_id) out.rule = static_cast<int>(i);
        if (out.rule < 0) refuse(rule_id, "stored result: " + where + " names rule '" + rule_id + "', which this pack does not have");
        const json& ans = field(b, "answers", where);
        if (!ans.is_object()) refuse("", "stored result: " + where + "/answers is not an object");
        for (const auto& [link_id, value] : ans.items()) {
            const Slot s = link(link_id, where);
            if (value_to_json(answers_.get(s)) != value)
                refuse(link_id, "stored result: " + where + " (rule " + rule_id + ") read '" + link_id + "' = " + value.dump() +
                                    ", but the answers say " + value_to_json(answers_.get(s)).dump());
            out.answers.push_back(s);
        }
        std::sort(out.answers.begin(), out.answers.end());  // questionnaire order, as evaluate() keeps it
        return out;
    }

    const Rule& rule(const Because& b) const { return pack_.rules[static_cast<std::size_t>(b.rule)]; }

    template <class Produces>
    std::vector<Because> becauses(const json& entry, const std::string& where, const std::string& what, Produces produces) const {
        std::vector<Because> out;
        const json& list = array_field(entry, "because", where);
        for (std::size_t k = 0; k < list.size(); ++k) {
            Because b = because(list[k], where + "/because/" + std::to_string(k));
            if (!produces(rule(b))) refuse(rule(b).id, "stored result: rule '" + rule(b).id + "' does not produce " + what + " in this pack");
            out.push_back(std::move(b));
        }
        return out;
    }

    std::vector<FindingResult> findings(const json& stored, const char* key, const std::vector<Finding>& from,
                                        std::vector<int> Rule::*produced_by) const {
        std::vector<FindingResult> out;
        const json& list = array_field(stored, key, "");
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string where = "/" + std::string(key) + "/" + std::to_string(i);
            const std::string& id = string_field(list[i], "id", where);
            const auto it = std::find_if(from.begin(), from.end(), [&](const Finding& f) { return f.id == id; });
            if (it == from.end()) refuse(id, "stored result: " + where + " names '" + id + "', which this pack does not have");
            const int f = static_cast<int>(it - from.begin());
            auto produces = [&](const Rule& r) {
                const auto& v = r.*produced_by;
                return std::find(v.begin(), v.end(), f) != v.end();
            };
            out.push_back({f, becauses(list[i], where, "'" + id + "'", produces), {}});
        }
        return out;
    }

    const Pack& pack_;
    const Answers& answers_;
};

}  // namespace

Result result_from_json(const Pack& pack, const Answers& answers, const json& stored) {
    if (answers.size() != pack.questionnaire.items.size())
        throw AnswersError("", "the answers do not belong to this pack's questionnaire");
    if (!stored.is_object()) refuse("", "stored result is not a JSON object");
    const Reader rd(pack, answers);
    Result r;

    const json& assessments = array_field(stored, "assessments", "");
    for (std::size_t i = 0; i < assessments.size(); ++i) {
        const std::string where = "/assessments/" + std::to_string(i);
        const std::string& id = string_field(assessments[i], "id", where);
        const int a = pack.find_assessment(id);
        if (a < 0) refuse(id, "stored result: " + where + " names assessment '" + id + "', which this pack does not have");
        AssessmentResult ar;
        ar.assessment = a;
        const std::string& likelihood = string_field(assessments[i], "likelihood", where);
        if (likelihood == "likely") ar.likelihood = Likelihood::Likely;
        else if (likelihood == "possible") ar.likelihood = Likelihood::Possible;
        else refuse(likelihood, "stored result: " + where + " has likelihood '" + likelihood + "'");
        ar.because = rd.becauses(assessments[i], where, "assessment '" + id + "'", [&](const Rule& rule) {
            return std::any_of(rule.assessments.begin(), rule.assessments.end(),
                               [&](const AssessmentEffect& fx) { return fx.assessment == a; });
        });
        r.assessments.push_back(std::move(ar));
    }
    r.red_flags = rd.findings(stored, "red_flags", pack.red_flags, &Rule::red_flags);

    const json& options = array_field(stored, "options", "");
    for (std::size_t i = 0; i < options.size(); ++i) {
        const std::string where = "/options/" + std::to_string(i);
        const std::string& id = string_field(options[i], "id", where);
        OptionResult o;
        o.option = pack.find_option(id);
        if (o.option < 0) refuse(id, "stored result: " + where + " names option '" + id + "', which this pack does not have");
        const std::string& verdict = string_field(options[i], "verdict", where);
        if (!verdict_from_string(verdict, o.verdict)) refuse(verdict, "stored result: " + where + " has verdict '" + verdict + "'");
        const json& list = array_field(options[i], "because", where);
        for (std::size_t k = 0; k < list.size(); ++k) {
            const std::string bw = where + "/because/" + std::to_string(k);
            OptionReason reason;
            reason.because = rd.because(list[k], bw);
            const std::string& v = string_field(list[k], "verdict", bw);
            if (!verdict_from_string(v, reason.verdict)) refuse(v, "stored result: " + bw + " has verdict '" + v + "'");
            const json& overruled = field(list[k], "overruled", bw);
            if (!overruled.is_boolean()) refuse("", "stored result: " + bw + "/overruled is not true or false");
            reason.overruled = overruled.get<bool>();
            // The note lives in the pack's rule, as evaluate() leaves it.
            const std::string& note = string_field(list[k], "note", bw);
            const Rule& rule = rd.rule(reason.because);
            for (const auto& fx : rule.options) {
                if (fx.option == o.option && fx.verdict == reason.verdict && fx.note == note) {
                    reason.note = &fx.note;
                    reason.patient = &fx.patient;
                    break;
                }
            }
            if (!reason.note)
                refuse(rule.id, "stored result: rule '" + rule.id + "' does not give option '" + id + "' the verdict " + v +
                                    " with that note in this pack");
            o.reasons.push_back(std::move(reason));
        }
        r.options.push_back(std::move(o));
    }
    r.workup = rd.findings(stored, "workup", pack.workup, &Rule::workup);

    for (const auto& m : array_field(stored, "missing", "")) {
        if (!m.is_string()) refuse("", "stored result: /missing holds something other than linkIds");
        r.missing.push_back(rd.link(m.get<std::string>(), "/missing"));
    }
    for (const auto& d : array_field(stored, "dropped", "")) {
        if (!d.is_string()) refuse("", "stored result: /dropped holds something other than linkIds");
        rd.link(d.get<std::string>(), "/dropped");
        r.dropped.push_back(d.get<std::string>());
    }
    attach_passages(pack, answers, r);
    return r;
}

}  // namespace hc
