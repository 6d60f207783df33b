#include "engine/iso_date.h"

namespace hc {

namespace {

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

// The digits of s[from, from + n) as a number, or -1 when any of them is not a digit.
int digits(std::string_view s, std::size_t from, std::size_t n) {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

}  // namespace

std::optional<IsoDate> parse_iso_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    const IsoDate d{digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2)};
    if (d.year < 1 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in(d.year, d.month)) return std::nullopt;
    return d;
}

bool more_than_a_year_after(const IsoDate& earlier, const IsoDate& later) {
    // Compared field by field, so 29 February + 1 year sits between 28 February and 1 March.
    const IsoDate anniversary{earlier.year + 1, earlier.month, earlier.day};
    return anniversary < later;
}

}  // namespace hc
