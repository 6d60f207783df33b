// base/identity: the acting clinician is the chosen name if there is one, else the login name;
// never empty.
#include <catch2/catch.hpp>

#include <pwd.h>
#include <unistd.h>

#include "base/identity.h"

using namespace hc::base;

TEST_CASE("login_name is the account of getpwuid, never empty", "[base][identity]") {
    const std::string name = login_name();
    CHECK_FALSE(name.empty());
    if (const passwd* pw = ::getpwuid(::geteuid()); pw && pw->pw_name && *pw->pw_name) CHECK(name == pw->pw_name);
}

TEST_CASE("acting_clinician: the chosen name when set, else the login name", "[base][identity]") {
    CHECK(acting_clinician("Dr A. Example") == "Dr A. Example");
    CHECK(acting_clinician("") == login_name());
    CHECK(acting_clinician("   ") == login_name());
}
