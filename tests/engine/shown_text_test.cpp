// Texts that cannot lie: thousands of patients drawn from the questionnaire itself (enableWhen
// respected, every item and code exercised), each evaluated with the shipped pack, and every
// text shown for them (clinician notes, plain reasons, finding and option patient text with
// the passages that hold) checked against the pack's claims. Plus the pieces that make it
// work: passages, default rules, the wording lint.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <set>

#include "engine/claims.h"
#include "engine/lint.h"
#include "engine/evaluate.h"
#include "engine/result.h"
#include "test_util.h"

using namespace hc;
using nlohmann::json;

namespace {

const Pack& shipped() {
    static const Pack p = load_pack(HC_PACK_DIR);
    return p;
}

// Numbers worth drawing for an item: both ends of its range and the values around every
// threshold the pack's rules compare with, besides uniform draws.
std::vector<double> interesting(const Pack& pack, Slot s) {
    std::vector<double> out;
    for (const auto& r : pack.rules)
        for (const auto& lit : r.when.literals(s)) {
            if (const auto* i = std::get_if<std::int64_t>(&lit)) out.insert(out.end(), {double(*i - 1), double(*i), double(*i + 1)});
            if (const auto* d = std::get_if<double>(&lit)) out.insert(out.end(), {*d - 0.5, *d, *d + 0.5});
        }
    return out;
}

class PatientGenerator {
public:
    explicit PatientGenerator(const Pack& pack) : pack_(pack), rng_(20261130) {
        const auto& items = pack.questionnaire.items;
        for (std::size_t i = 0; i < items.size(); ++i) near_[i] = interesting(pack, static_cast<Slot>(i));
    }

    // A random patient: every item answered (or, one time in eight, left unanswered) with a
    // value it accepts; answers to items hidden by enableWhen are then removed.
    Answers next() {
        const Questionnaire& q = pack_.questionnaire;
        Answers a(q);
        for (std::size_t i = 0; i < q.items.size(); ++i) {
            const Item& it = q.items[i];
            if (!it.is_answerable() || pick(8) == 0) continue;
            Value v = draw(it, i);
            if (std::holds_alternative<std::monostate>(v)) continue;
            a.set(q, static_cast<Slot>(i), std::move(v));
        }
        return effective_answers(q, a).answers;
    }

private:
    std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }

    Value draw(const Item& it, std::size_t slot) {
        switch (it.type) {
            case ItemType::Boolean: return pick(2) == 0;
            case ItemType::Choice:
            case ItemType::OpenChoice: {
                if (!it.repeats) return it.options[pick(it.options.size())].code;
                Codes codes;
                const bool has_none = it.option_index("none") >= 0;
                if (has_none && pick(4) == 0) return Codes{"none"};
                const std::size_t n = 1 + pick(3);
                for (std::size_t k = 0; k < n; ++k) {
                    const std::string& c = it.options[pick(it.options.size())].code;
                    if (c != "none" && std::find(codes.begin(), codes.end(), c) == codes.end()) codes.push_back(c);
                }
                if (codes.empty()) return std::monostate{};
                return codes;
            }
            case ItemType::Integer:
            case ItemType::Decimal: {
                const double lo = it.min_value.value_or(0), hi = it.max_value.value_or(120);
                double x = lo + (hi - lo) * std::uniform_real_distribution<double>(0, 1)(rng_);
                const auto& near = near_[slot];
                if (!near.empty() && pick(2) == 0) x = near[pick(near.size())];
                x = std::clamp(x, lo, hi);
                if (it.type == ItemType::Integer) return static_cast<std::int64_t>(std::llround(x));
                return x;
            }
            default: return std::monostate{};  // free text and dates: rules never read them
        }
    }

    const Pack& pack_;
    std::mt19937 rng_;
    std::map<std::size_t, std::vector<double>> near_;
};

std::string answers_json(const Pack& pack, const Answers& a) { return answers_to_json(pack.questionnaire, a).dump(); }

}  // namespace

TEST_CASE("every text shown for thousands of generated patients is true for that patient", "[claims][generative]") {
    const Pack& pack = shipped();
    const ShownTextChecker checker(pack);
    REQUIRE(checker.claims().size() >= 10);
    PatientGenerator gen(pack);
    const Questionnaire& q = pack.questionnaire;
    std::vector<int> item_seen(q.items.size(), 0);
    std::map<std::pair<std::size_t, std::string>, int> code_seen;
    std::set<std::string> claims_met;  // claims some shown text stated (true) for some patient
    int problems = 0;
    constexpr int kPatients = 5000;
    for (int n = 0; n < kPatients; ++n) {
        const Answers a = gen.next();
        for (std::size_t i = 0; i < q.items.size(); ++i) {
            if (!a.answered(static_cast<Slot>(i))) continue;
            ++item_seen[i];
            const Value& v = a.get(static_cast<Slot>(i));
            if (const auto* c = std::get_if<std::string>(&v)) ++code_seen[{i, *c}];
            if (const auto* cs = std::get_if<Codes>(&v))
                for (const auto& c : *cs) ++code_seen[{i, c}];
        }
        const Result r = evaluate(pack, a);
        for (const auto& p : checker.check(a, r)) {
            if (std::getenv("HC_CLAIMS_SUMMARY")) std::printf("%s | %s | %s\n", p.where.c_str(), p.claim.c_str(), p.sentence.c_str());
            if (++problems > 5) continue;  // enough to act on; the count below says how many
            FAIL_CHECK(p.where << " states '" << p.claim << "' for a patient it is not true of: \"" << p.sentence
                               << "\"\n  answers: " << answers_json(pack, a));
        }
    }
    CHECK(problems == 0);
    // The draw reached every answerable item and every code (the test means something only if it did).
    for (std::size_t i = 0; i < q.items.size(); ++i) {
        const Item& it = q.items[i];
        if (!it.is_answerable() || it.type == ItemType::Text || it.type == ItemType::String || it.type == ItemType::Date) continue;
        INFO(it.link_id);
        CHECK(item_seen[i] > 0);
        for (const auto& o : it.options) {
            INFO(o.code);
            CHECK(code_seen[{i, o.code}] > 0);
        }
    }
}

TEST_CASE("a passage is shown only where what it assumes is true", "[claims]") {
    const Pack& pack = shipped();
    auto fphl_texts = [&](const char* pattern) {
        const json j = {{"age_years", 29}, {"sex_at_birth", "female"}, {"reproductive_status", "could_become_pregnant"},
                        {"pattern_type", pattern}, {"chief_complaint", "gradual_thinning"}};
        const Answers a = answers_from_json(pack.questionnaire, j);
        const Result r = evaluate(pack, a);
        std::string shown;
        for (const auto& as : r.assessments) {
            const Finding& f = pack.assessments[static_cast<std::size_t>(as.assessment)];
            if (f.id != "female_pattern_hair_loss") continue;
            shown += f.patient.what;
            for (int k : as.passages) shown += " " + f.passages[static_cast<std::size_t>(k)].text;
        }
        return shown;
    };
    const std::string female_type = fphl_texts("female_pattern"), male_type = fphl_texts("male_pattern");
    CHECK(female_type.find("front hairline stays") != std::string::npos);
    CHECK(male_type.find("front hairline stays") == std::string::npos);
    CHECK(male_type.find("temples") != std::string::npos);
}

TEST_CASE("an unanswered item never makes a passage true", "[claims]") {
    const Pack& pack = shipped();
    // Alopecia areata with SALT not recorded: neither the 'small patches' nor the 'large part'
    // wording may be shown.
    const json j = {{"age_years", 33}, {"sex_at_birth", "male"}, {"pattern_type", "patchy"}, {"chief_complaint", "patches"},
                    {"patch_features", {"smooth_round_patches"}}, {"scarring_signs", {"none"}}};
    const Answers a = answers_from_json(pack.questionnaire, j);
    const Result r = evaluate(pack, a);
    bool found = false;
    for (const auto& as : r.assessments)
        if (pack.assessments[static_cast<std::size_t>(as.assessment)].id == "alopecia_areata") {
            found = true;
            CHECK(as.passages.empty());
        }
    CHECK(found);
}

TEST_CASE("a default rule answers a question only where no other rule spoke of the option", "[claims][rules]") {
    const Pack& pack = shipped();
    auto verdict_of = [&](json j, const char* option) -> std::string {
        const Answers a = answers_from_json(pack.questionnaire, j);
        const Result r = evaluate(pack, a);
        for (const auto& o : r.options)
            if (pack.options[static_cast<std::size_t>(o.option)].id == option) return std::string(to_string(o.verdict));
        return "absent";
    };
    // A man with Norwood 4 asking about finasteride: the specific rule's first line stands.
    const json man = {{"age_years", 40}, {"sex_at_birth", "male"}, {"pattern_type", "male_pattern"}, {"norwood_stage", "4"},
                      {"chief_complaint", "gradual_thinning"}, {"asked_about", {"oral_finasteride", "jak_inhibitor"}}};
    CHECK(verdict_of(man, "oral_finasteride") == "first_line");
    // Nothing else speaks of JAK inhibitors for him: the question is answered, not offered.
    CHECK(verdict_of(man, "jak_inhibitor") == "not_now");
    json no_question = man;
    no_question.erase("asked_about");
    CHECK(verdict_of(no_question, "jak_inhibitor") == "absent");
    // A question about one option answers that one only.
    json one_question = man;
    one_question["asked_about"] = {"topical_finasteride"};
    CHECK(verdict_of(one_question, "jak_inhibitor") == "absent");
    CHECK(verdict_of(one_question, "spironolactone") == "absent");
    CHECK(verdict_of(one_question, "hair_supplements") == "absent");
}

TEST_CASE("the wording lint finds a generic sentence that assumes a fact", "[claims][lint]") {
    Pack pack = load_pack(HC_PACK_DIR);
    REQUIRE(lint_texts(pack).empty());
    const int i = pack.find_option("topical_minoxidil");
    REQUIRE(i >= 0);
    pack.options[static_cast<std::size_t>(i)].patient.watch_for += " Stop it while you are pregnant or breastfeeding.";
    const auto problems = lint_texts(pack);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message.find("pregnant_now") != std::string::npos);
}

TEST_CASE("the wording lint wants a plain reason for every answer to a patient's question", "[claims][lint]") {
    Pack pack = load_pack(HC_PACK_DIR);
    for (auto& r : pack.rules)
        if (r.id == "prp_anticoagulant") r.options[0].patient.clear();
    const auto problems = lint_texts(pack);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].path.find("prp_anticoagulant") != std::string::npos);
}
