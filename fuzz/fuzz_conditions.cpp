// Fuzzes the condition parser and evaluator: any text either parses or throws ConditionError;
// a condition that parses evaluates without crashing on a fixed set of answers, and an Unknown
// result lists only shown, unanswered items.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/conditions.h"
#include "engine/json_input.h"
#include "engine/pack.h"

namespace {
const hc::Pack& pack() {
    static const hc::Pack p = hc::load_pack(HC_FUZZ_PACK_DIR);
    return p;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& q = pack().questionnaire;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    hc::Condition c;
    try {
        c = hc::Condition::parse(text, q);
    } catch (const hc::ConditionError& e) {
        if (e.column() < 1 || static_cast<std::size_t>(e.column()) > size + 1) std::abort();
        return 0;
    }
    static const hc::Answers answer_sets[] = {
        hc::Answers(q),
        hc::answers_from_json(q, hc::parse_json(R"({"age_years": 40, "sex_at_birth": "male", "pattern_type": "male_pattern",
            "norwood_stage": "5", "recent_triggers": ["severe_stress"], "scalp_pain": true, "duration_months": 3})", "fuzz")),
        hc::answers_from_json(q, hc::parse_json(R"({"sex_at_birth": "female", "reproductive_status": "pregnant",
            "glp1_agonist": "semaglutide", "weight_loss_kg": 12.5, "last_visit": "2024-01-01", "referrer": "x"})", "fuzz")),
    };
    for (const auto& a : answer_sets) {
        const auto enabled = hc::enabled_items(q, a);
        std::vector<hc::Slot> read;
        const auto out = c.evaluate(a, enabled, read);
        for (hc::Slot s : out.unknowns)
            if (!enabled[static_cast<std::size_t>(s)] || a.answered(s)) std::abort();
        for (hc::Slot s : read)
            if (!enabled[static_cast<std::size_t>(s)] || !a.answered(s)) std::abort();
        if (out.value != hc::Tri::Unknown && !out.unknowns.empty()) std::abort();
    }
    return 0;
}
