// evaluate(): runs every rule once over the answers, in pack order. Visibility is computed once;
// hidden items are "not applicable" inside conditions, so their answers are never read and need
// not be copied out first.
#include "engine/evaluate.h"

#include <algorithm>

namespace hc {

Result evaluate(const Pack& pack, const Answers& answers) {
    const Questionnaire& q = pack.questionnaire;
    Result r;
    const std::vector<bool> enabled = enabled_items(q, answers);
    for (std::size_t i = 0; i < q.items.size(); ++i)
        if (!enabled[i] && answers.answered(static_cast<Slot>(i))) r.dropped.push_back(q.items[i].link_id);

    // Position of each catalogue entry in the result, -1 while absent.
    std::vector<int> at_assessment(pack.assessments.size(), -1), at_flag(pack.red_flags.size(), -1),
        at_workup(pack.workup.size(), -1), at_option(pack.options.size(), -1);
    std::vector<char> missing(q.items.size(), 0);
    std::vector<char> spoken(pack.options.size(), 0);  // options a non-default rule set
    std::vector<Slot> read;
    read.reserve(16);

    // Default rules run after the others, so they can see which options are already spoken for.
    for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t ri = 0; ri < pack.rules.size(); ++ri) {
        const Rule& rule = pack.rules[ri];
        if (rule.is_default != (pass == 1)) continue;
        read.clear();
        const Condition::Outcome out = rule.when.evaluate(answers, enabled, read);
        if (out.value == Tri::Unknown) {
            for (Slot s : out.unknowns) missing[static_cast<std::size_t>(s)] = 1;
            continue;
        }
        if (out.value != Tri::True) continue;
        std::sort(read.begin(), read.end());
        read.erase(std::unique(read.begin(), read.end()), read.end());
        const Because because{static_cast<int>(ri), read};

        for (const auto& fx : rule.assessments) {
            int& at = at_assessment[static_cast<std::size_t>(fx.assessment)];
            if (at < 0) {
                at = static_cast<int>(r.assessments.size());
                r.assessments.push_back({fx.assessment, fx.likelihood, {}, {}});
            }
            auto& ar = r.assessments[static_cast<std::size_t>(at)];
            if (fx.likelihood == Likelihood::Likely) ar.likelihood = Likelihood::Likely;  // likely beats possible
            ar.because.push_back(because);
        }
        auto add_finding = [&](std::vector<int>& index, std::vector<FindingResult>& list, int f) {
            int& at = index[static_cast<std::size_t>(f)];
            if (at < 0) {
                at = static_cast<int>(list.size());
                list.push_back({f, {}, {}});
            }
            list[static_cast<std::size_t>(at)].because.push_back(because);
        };
        for (int f : rule.red_flags) add_finding(at_flag, r.red_flags, f);
        for (int f : rule.workup) add_finding(at_workup, r.workup, f);
        for (const auto& fx : rule.options) {
            int& at = at_option[static_cast<std::size_t>(fx.option)];
            if (rule.is_default && spoken[static_cast<std::size_t>(fx.option)]) continue;
            if (at < 0) {
                at = static_cast<int>(r.options.size());
                r.options.push_back({fx.option, fx.verdict, {}, {}});
            }
            auto& o = r.options[static_cast<std::size_t>(at)];
            if (restrictiveness(fx.verdict) > restrictiveness(o.verdict)) o.verdict = fx.verdict;
            o.reasons.push_back({because, fx.verdict, &fx.note, &fx.patient, false});
        }
        if (pass == 0)
            for (const auto& fx : rule.options) spoken[static_cast<std::size_t>(fx.option)] = 1;
    }
    }

    // The most restrictive verdict wins; the other reasons stay, marked overruled, after the winners.
    for (auto& o : r.options) {
        for (auto& reason : o.reasons) reason.overruled = reason.verdict != o.verdict;
        std::stable_partition(o.reasons.begin(), o.reasons.end(), [](const OptionReason& x) { return !x.overruled; });
    }
    std::stable_sort(r.assessments.begin(), r.assessments.end(), [](const AssessmentResult& a, const AssessmentResult& b) {
        if (a.likelihood != b.likelihood) return a.likelihood == Likelihood::Likely;
        return a.assessment < b.assessment;
    });
    auto by_index = [](const FindingResult& a, const FindingResult& b) { return a.finding < b.finding; };
    std::sort(r.red_flags.begin(), r.red_flags.end(), by_index);
    std::sort(r.workup.begin(), r.workup.end(), by_index);
    std::sort(r.options.begin(), r.options.end(), [](const OptionResult& a, const OptionResult& b) {
        const int ra = restrictiveness(a.verdict), rb = restrictiveness(b.verdict);
        if (ra != rb) return ra < rb;
        return a.option < b.option;
    });
    for (std::size_t i = 0; i < missing.size(); ++i)
        if (missing[i]) r.missing.push_back(static_cast<Slot>(i));
    attach_passages(pack, answers, enabled, r);
    return r;
}

void attach_passages(const Pack& pack, const Answers& answers, Result& r) {
    attach_passages(pack, answers, enabled_items(pack.questionnaire, answers), r);
}

void attach_passages(const Pack& pack, const Answers& answers, const std::vector<bool>& enabled, Result& r) {
    std::vector<Slot> read;
    auto shown = [&](const std::vector<Passage>& list) {
        std::vector<int> out;
        if (list.empty()) return out;
        for (std::size_t i = 0; i < list.size(); ++i) {
            read.clear();
            if (list[i].assumes.evaluate(answers, enabled, read).value == Tri::True) out.push_back(static_cast<int>(i));
        }
        return out;
    };
    for (auto& a : r.assessments) a.passages = shown(pack.assessments.at(static_cast<std::size_t>(a.assessment)).passages);
    for (auto& f : r.red_flags) f.passages = shown(pack.red_flags.at(static_cast<std::size_t>(f.finding)).passages);
    for (auto& f : r.workup) f.passages = shown(pack.workup.at(static_cast<std::size_t>(f.finding)).passages);
    for (auto& o : r.options) o.passages = shown(pack.options.at(static_cast<std::size_t>(o.option)).passages);
}

}  // namespace hc
