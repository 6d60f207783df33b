// Who is acting: the name every saved revision and audit row records as its author.
#pragma once

#include <string>
#include <string_view>

namespace hc::base {

// The operating-system account of this process: getpwuid(geteuid()), else $USER, else
// "uid N". Never empty.
std::string login_name();

// The one rule for the acting clinician: the name the user chose (the app's settings
// "clinician name", the CLI's --author) when it is not blank, else login_name(). Never empty.
std::string acting_clinician(std::string_view chosen_name);

}  // namespace hc::base
