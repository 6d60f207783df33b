// Fuzzes the answers path end to end: bytes -> parse_json (limits, duplicates) ->
// answers_from_json (plain or FHIR) -> evaluate -> to_json, and checks the JSON and FHIR round
// trips give back the same answers.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/evaluate.h"
#include "engine/json_input.h"
#include "engine/pack.h"
#include "engine/result.h"

namespace {
const hc::Pack& pack() {
    static const hc::Pack p = hc::load_pack(HC_FUZZ_PACK_DIR);
    return p;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& p = pack();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    nlohmann::json doc;
    try {
        doc = hc::parse_json(text, "fuzz");
    } catch (const hc::JsonInputError&) {
        return 0;
    }
    hc::Answers a;
    try {
        a = hc::answers_from_json(p.questionnaire, doc);
    } catch (const hc::AnswersError&) {
        return 0;
    }
    const hc::Result r = hc::evaluate(p, a);
    const std::string out = hc::to_json(p, a, r).dump(2);
    (void)hc::to_text(p, a, r);
    if (hc::answers_from_json(p.questionnaire, hc::answers_to_json(p.questionnaire, a)) != a) std::abort();
    if (hc::answers_from_json(p.questionnaire, hc::answers_to_fhir(p.questionnaire, a, "completed")) != a) std::abort();
    if (hc::to_json(p, a, hc::evaluate(p, a)).dump(2) != out) std::abort();  // deterministic
    return 0;
}
