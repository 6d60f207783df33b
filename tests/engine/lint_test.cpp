// lint_pack() and the evidence report.
#include <catch2/catch.hpp>

#include "engine/pack.h"
#include "test_util.h"

using namespace hc;
using Catch::Contains;

TEST_CASE("lint finds unused catalogue entries and thin options", "[lint]") {
    const auto s = test::joined(lint_pack(test::mini()));
    CHECK_THAT(s, Contains("references.json /references/4: reference 'R5' is cited by nothing"));
    CHECK_THAT(s, Contains("options.json /options/1/patient"));  // finasteride: no how/watch_for text
}

TEST_CASE("evidence report: one row per option with the rules, grade and references", "[lint]") {
    const std::string r = evidence_report(test::mini());
    CHECK_THAT(r, Contains("| Option | Grade | Verdicts set by rules | References |"));
    CHECK_THAT(r, Contains("**Finasteride tablets** (`oral_finasteride`)"));
    CHECK_THAT(r, Contains("**avoid** `fin_avoid_pregnancy` when `reproductive_status in ['pregnant', 'planning_pregnancy']`: Pregnancy possible."));
    CHECK_THAT(r, Contains("- **R4** Maker. Finasteride label. Regulator, 2022."));
}
