// evaluate(): rules fire only when true, verdict precedence with every reason kept, likelihood,
// `because`, `missing`, dropped hidden answers, determinism.
#include "engine/evaluate.h"

#include <catch2/catch.hpp>

#include "test_util.h"

using namespace hc;
using hc::test::answers;
using hc::test::mini;

namespace {

const OptionResult* option(const Result& r, const char* id) {
    const int k = mini().find_option(id);
    for (const auto& o : r.options)
        if (o.option == k) return &o;
    return nullptr;
}

std::vector<std::string> missing_ids(const Result& r) {
    std::vector<std::string> out;
    for (Slot s : r.missing) out.push_back(mini().questionnaire.items[static_cast<std::size_t>(s)].link_id);
    return out;
}

std::string rule_id(int k) { return mini().rules[static_cast<std::size_t>(k)].id; }

}  // namespace

TEST_CASE("restrictiveness orders every verdict", "[evaluate]") {
    const Verdict order[] = {Verdict::FirstLine, Verdict::Consider, Verdict::NotNow, Verdict::TrialOnly, Verdict::NotAvailable,
                             Verdict::Avoid};
    for (std::size_t i = 0; i + 1 < std::size(order); ++i) CHECK(restrictiveness(order[i]) < restrictiveness(order[i + 1]));
    for (Verdict v : order) {
        Verdict back{};
        REQUIRE(verdict_from_string(to_string(v), back));
        CHECK(back == v);
        CHECK_FALSE(verdict_label(v).empty());
    }
    Verdict v{};
    CHECK_FALSE(verdict_from_string("AVOID", v));
}

TEST_CASE("the most restrictive verdict wins for every pair, every reason kept", "[evaluate]") {
    const Verdict all[] = {Verdict::FirstLine, Verdict::Consider, Verdict::NotNow, Verdict::TrialOnly, Verdict::NotAvailable,
                           Verdict::Avoid};
    for (Verdict a : all) {
        for (Verdict b : all) {
            Pack p = load_pack(test::mini_dir());
            p.rules.resize(2);
            for (int i = 0; i < 2; ++i) {
                auto& r = p.rules[static_cast<std::size_t>(i)];
                r.when = Condition::parse("answered(age_years)", p.questionnaire);
                r.assessments.clear();
                r.options = {OptionEffect{0, i == 0 ? a : b, i == 0 ? "first" : "second", "", false}};
            }
            const Answers ans = answers_from_json(p.questionnaire, parse_json(R"({"age_years": 30})", "t"));
            const Result res = evaluate(p, ans);
            REQUIRE(res.options.size() == 1);
            const auto& o = res.options[0];
            const Verdict win = restrictiveness(a) >= restrictiveness(b) ? a : b;
            INFO(to_string(a) << " vs " << to_string(b));
            CHECK(o.verdict == win);
            REQUIRE(o.reasons.size() == 2);
            CHECK(o.reasons[0].verdict == win);
            CHECK_FALSE(o.reasons[0].overruled);
            if (a == b) {
                CHECK_FALSE(o.reasons[1].overruled);
                CHECK(*o.reasons[0].note == "first");  // rule order among equals
            } else {
                CHECK(o.reasons[1].overruled);
                CHECK(o.reasons[1].verdict != win);
            }
        }
    }
}

TEST_CASE("pregnancy: avoid and not_now overrule first_line, with reasons", "[evaluate]") {
    const Answers a = answers(R"({"age_years": 32, "sex_at_birth": "female", "reproductive_status": "planning_pregnancy",
                                  "pattern_type": "female_pattern"})");
    const Result r = evaluate(mini(), a);
    const auto* fin = option(r, "oral_finasteride");
    REQUIRE(fin);
    CHECK(fin->verdict == Verdict::Avoid);
    REQUIRE(fin->reasons.size() == 1);  // fin_women_consider does not fire: its `not (...)` is false
    const auto* mx = option(r, "topical_minoxidil");
    REQUIRE(mx);
    CHECK(mx->verdict == Verdict::NotNow);
    REQUIRE(mx->reasons.size() == 2);
    CHECK(rule_id(mx->reasons[0].because.rule) == "fin_avoid_pregnancy");
    CHECK_FALSE(mx->reasons[0].overruled);
    CHECK(rule_id(mx->reasons[1].because.rule) == "fphl");
    CHECK(mx->reasons[1].overruled);
    CHECK(mx->reasons[1].verdict == Verdict::FirstLine);
    // Options sorted by verdict: not_now before not_available before avoid.
    REQUIRE(r.options.size() == 3);
    CHECK(r.options[0].verdict == Verdict::NotNow);
    CHECK(r.options[1].verdict == Verdict::NotAvailable);
    CHECK(r.options[2].verdict == Verdict::Avoid);
}

TEST_CASE("likely beats possible, likely assessments come first", "[evaluate]") {
    const Answers a = answers(R"({"age_years": 50, "sex_at_birth": "male", "pattern_type": "male_pattern", "norwood_stage": "6",
        "recent_triggers": ["rapid_weight_loss"], "weight_loss_kg": 20, "duration_months": 12})");
    const Result r = evaluate(mini(), a);
    REQUIRE(r.assessments.size() == 2);
    CHECK(mini().assessments[static_cast<std::size_t>(r.assessments[0].assessment)].id == "androgenetic_alopecia_male");
    CHECK(r.assessments[0].likelihood == Likelihood::Likely);  // aga_male likely + aga_male_advanced possible
    CHECK(r.assessments[0].because.size() == 2);
    CHECK(mini().assessments[static_cast<std::size_t>(r.assessments[1].assessment)].id == "telogen_effluvium");
    CHECK(r.assessments[1].likelihood == Likelihood::Possible);  // te_trigger false (12 months), te_big_weight_loss
}

TEST_CASE("because lists the rule and the answered items it read, in questionnaire order", "[evaluate]") {
    const Answers a = answers(R"({"pattern_type": "male_pattern", "sex_at_birth": "male", "age_years": 40})");
    const Result r = evaluate(mini(), a);
    REQUIRE_FALSE(r.assessments.empty());
    const Because& b = r.assessments[0].because[0];
    CHECK(rule_id(b.rule) == "aga_male");
    const auto& q = mini().questionnaire;
    CHECK(b.answers == std::vector<Slot>{q.find("sex_at_birth"), q.find("pattern_type")});
}

TEST_CASE("red flags and workup", "[evaluate]") {
    const Answers a = answers(R"({"scalp_pain": true, "recent_triggers": ["severe_stress"], "duration_months": 3})");
    const Result r = evaluate(mini(), a);
    REQUIRE(r.red_flags.size() == 1);
    CHECK(mini().red_flags[static_cast<std::size_t>(r.red_flags[0].finding)].id == "refer_dermatology_biopsy");
    REQUIRE(r.workup.size() == 2);
    CHECK(mini().workup[static_cast<std::size_t>(r.workup[0].finding)].id == "ferritin");
    CHECK(mini().workup[static_cast<std::size_t>(r.workup[1].finding)].id == "tsh");
    const auto* reassure = option(r, "reassurance_and_monitoring");
    REQUIRE(reassure);
    CHECK(reassure->verdict == Verdict::FirstLine);
}

TEST_CASE("missing: unanswered shown items of unknown rules, in questionnaire order", "[evaluate]") {
    Result r = evaluate(mini(), answers(R"({"age_years": 40})"));
    CHECK(missing_ids(r) == std::vector<std::string>{"sex_at_birth", "pattern_type", "duration_months", "recent_triggers", "scalp_pain"});
    CHECK(r.assessments.empty());
    // Answering narrows it; a hidden item is never missing.
    r = evaluate(mini(), answers(R"({"age_years": 40, "sex_at_birth": "female", "pattern_type": "female_pattern"})"));
    CHECK(missing_ids(r) == std::vector<std::string>{"reproductive_status", "duration_months", "recent_triggers", "scalp_pain"});
    // A rule that is already false asks for nothing.
    r = evaluate(mini(), answers(R"({"age_years": 40, "sex_at_birth": "male", "pattern_type": "diffuse_unpatterned",
        "recent_triggers": ["none"], "scalp_pain": false})"));
    CHECK(missing_ids(r).empty());
}

TEST_CASE("answers to hidden items are dropped from evaluation and named", "[evaluate]") {
    const Answers a = answers(R"({"age_years": 32, "sex_at_birth": "male", "reproductive_status": "pregnant",
                                  "pattern_type": "male_pattern"})");
    const Result r = evaluate(mini(), a);
    CHECK(r.dropped == std::vector<std::string>{"reproductive_status"});
    const auto* fin = option(r, "oral_finasteride");
    REQUIRE(fin);
    CHECK(fin->verdict == Verdict::FirstLine);  // the hidden "pregnant" did not make it avoid
}

TEST_CASE("evaluation is deterministic", "[evaluate]") {
    const Answers a = answers(R"({"age_years": 32, "sex_at_birth": "female", "reproductive_status": "pregnant",
        "pattern_type": "female_pattern", "recent_triggers": ["severe_stress"], "duration_months": 2, "scalp_pain": true})");
    const std::string first = to_json(mini(), a, evaluate(mini(), a)).dump(2);
    for (int i = 0; i < 20; ++i) CHECK(to_json(mini(), a, evaluate(mini(), a)).dump(2) == first);
    const Pack again = load_pack(test::mini_dir());
    CHECK(to_json(again, a, evaluate(again, a)).dump(2) == first);
}
