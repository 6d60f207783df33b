// parse_iso_date and more_than_a_year_after: the pack's facts_checked and the app's warning.
#include "engine/iso_date.h"

#include <catch2/catch.hpp>

using namespace hc;

TEST_CASE("parse_iso_date reads YYYY-MM-DD of real days only", "[iso_date]") {
    const auto d = parse_iso_date("2026-11-21");
    REQUIRE(d);
    CHECK(d->year == 2026);
    CHECK(d->month == 11);
    CHECK(d->day == 21);
    CHECK(parse_iso_date("2024-02-29"));
    CHECK(parse_iso_date("2000-02-29"));
    for (const char* bad : {"2025-02-29", "1900-02-29", "2026-04-31", "2026-00-10", "2026-13-01", "2026-01-00", "2026-1-15",
                            "2026/01/15", "2026-01-15 ", "+026-01-15", "0000-01-01", "", "2026-01"}) {
        INFO(bad);
        CHECK_FALSE(parse_iso_date(bad));
    }
}

TEST_CASE("more_than_a_year_after: the anniversary itself is not yet over a year", "[iso_date]") {
    const IsoDate checked = *parse_iso_date("2025-11-21");
    CHECK_FALSE(more_than_a_year_after(checked, *parse_iso_date("2025-11-21")));
    CHECK_FALSE(more_than_a_year_after(checked, *parse_iso_date("2026-11-20")));
    CHECK_FALSE(more_than_a_year_after(checked, *parse_iso_date("2026-11-21")));
    CHECK(more_than_a_year_after(checked, *parse_iso_date("2026-11-22")));
    CHECK(more_than_a_year_after(checked, *parse_iso_date("2030-01-01")));
    const IsoDate leap = *parse_iso_date("2024-02-29");
    CHECK_FALSE(more_than_a_year_after(leap, *parse_iso_date("2025-02-28")));
    CHECK(more_than_a_year_after(leap, *parse_iso_date("2025-03-01")));
}
