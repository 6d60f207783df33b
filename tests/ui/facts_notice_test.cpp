// The app's notice of how old the pack's facts are: the "How this works" line and the warning
// banner once the facts are more than a year old.
#include "ui/facts_notice.h"

#include <catch2/catch.hpp>

using namespace hc::ui;
using Catch::Contains;

TEST_CASE("facts_checked_line says the date in words", "[ui][facts]") {
    CHECK(facts_checked_line("2026-11-21") == "Facts last checked against the evidence: 21 November 2026");
    CHECK(facts_checked_line("").empty());
}

TEST_CASE("the warning appears only when the facts are more than a year old", "[ui][facts]") {
    CHECK(facts_outdated_warning("2026-11-21", "2026-11-30").empty());
    CHECK(facts_outdated_warning("2026-11-21", "2027-11-21").empty());  // exactly a year: not yet
    const std::string w = facts_outdated_warning("2026-11-21", "2027-11-22");
    CHECK_THAT(w, Contains("last checked against the evidence on 21 November 2026, more than a year ago"));
    CHECK_FALSE(facts_outdated_warning("2020-01-01", "2026-11-30").empty());
    CHECK(facts_outdated_warning("2024-02-29", "2025-02-28").empty());
    CHECK_FALSE(facts_outdated_warning("2024-02-29", "2025-03-01").empty());
    // Dates that cannot be read give no warning rather than a wrong one.
    CHECK(facts_outdated_warning("", "2026-11-30").empty());
    CHECK(facts_outdated_warning("2020-01-01", "").empty());
}
