#include "cli/checks.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "base/identity.h"
#include "cli/commands.h"
#include "engine/iso_date.h"

namespace hc::cli {

std::string os_account_name() { return base::login_name(); }

void require_date(const std::string& s, const char* what) {
    // The engine's reading of a calendar date, within the years a consultation can have.
    const auto d = parse_iso_date(s);
    if (!d || d->year < 1850 || d->year > 2200)
        throw Failure(std::string(what) + " '" + s + "' is not a calendar date YYYY-MM-DD");
}

void require_one_line(const std::string& s, const char* what) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        const auto next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
        if (c < 0x20 || c == 0x7f || (c == 0xc2 && next >= 0x80 && next <= 0x9f))
            throw Failure(std::string(what) + " contains a control character (line break, tab or similar); "
                          "give it on one line (nothing was saved)");
    }
}

}  // namespace hc::cli
