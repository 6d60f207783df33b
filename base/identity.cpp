#include "base/identity.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

namespace hc::base {

std::string login_name() {
    if (const passwd* pw = ::getpwuid(::geteuid()); pw != nullptr && pw->pw_name != nullptr && *pw->pw_name)
        return pw->pw_name;
    if (const char* u = std::getenv("USER"); u != nullptr && *u) return u;
    return "uid " + std::to_string(::geteuid());
}

std::string acting_clinician(std::string_view chosen_name) {
    if (chosen_name.find_first_not_of(" \t") != std::string_view::npos) return std::string(chosen_name);
    return login_name();
}

}  // namespace hc::base
