#include "cli/checks.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"

namespace hc::cli {

std::string os_account_name() {
    if (const passwd* pw = ::getpwuid(::geteuid()); pw != nullptr && pw->pw_name != nullptr && *pw->pw_name)
        return pw->pw_name;
    if (const char* u = std::getenv("USER"); u != nullptr && *u) return u;
    return "uid " + std::to_string(::geteuid());
}

void require_date(const std::string& s, const char* what) {
    int y = 0, m = 0, d = 0;
    char tail = 0;
    const bool shape = s.size() == 10 && s[4] == '-' && s[7] == '-' &&
                       std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3;
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (!shape || y < 1850 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days[m - 1] || (m == 2 && d == 29 && !leap))
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
