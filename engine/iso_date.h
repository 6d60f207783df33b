// Calendar dates written as ISO 8601 "YYYY-MM-DD" (a pack's facts_checked, today's date),
// read strictly: four-digit year, two-digit month and day, a day that exists in that month.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hc {

struct IsoDate {
    int year = 0, month = 0, day = 0;
    friend bool operator<(const IsoDate& a, const IsoDate& b) {
        if (a.year != b.year) return a.year < b.year;
        if (a.month != b.month) return a.month < b.month;
        return a.day < b.day;
    }
};

// The date, or nothing when `s` is not exactly YYYY-MM-DD of a real day ("2025-02-29" is not).
std::optional<IsoDate> parse_iso_date(std::string_view s);

// True when `later` is more than one year after `earlier`: the same day a year on is not yet
// more than a year (29 February counts as reached on 1 March of a common year).
bool more_than_a_year_after(const IsoDate& earlier, const IsoDate& later);

}  // namespace hc
