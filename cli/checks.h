// Checks the CLI makes on its own arguments before anything is opened or written, and who is
// working (the audit author).
#pragma once

#include <string>

namespace hc::cli {

// The operating-system account running the CLI: base::login_name() (getpwuid of the effective
// uid, else $USER,
// else "uid N"): never empty, so no audit row is anonymous.
std::string os_account_name();

// Throws Failure naming `what` unless `s` is a real calendar date YYYY-MM-DD.
void require_date(const std::string& s, const char* what);

// Throws Failure naming `what` if `s` holds a control character (line break, tab...): these
// values are shown one per line in lists and terminals.
void require_one_line(const std::string& s, const char* what);

}  // namespace hc::cli
