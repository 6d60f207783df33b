// base/paths: the XDG rules (absolute values used, relative ones ignored, HOME as fallback).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <string>

#include "base/paths.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using namespace hc::base;

namespace {

// Sets (or unsets, with nullopt) environment variables for one test; restores them after.
class Env {
public:
    void set(const std::string& name, std::optional<std::string> value) {
        if (!saved_.count(name)) {
            const char* old = std::getenv(name.c_str());
            saved_[name] = old ? std::optional<std::string>(old) : std::nullopt;
        }
        if (value) ::setenv(name.c_str(), value->c_str(), 1);
        else ::unsetenv(name.c_str());
    }
    ~Env() {
        for (const auto& [name, value] : saved_) {
            if (value) ::setenv(name.c_str(), value->c_str(), 1);
            else ::unsetenv(name.c_str());
        }
    }

private:
    std::map<std::string, std::optional<std::string>> saved_;
};

}  // namespace

TEST_CASE("data_dir: XDG_DATA_HOME when absolute, else HOME/.local/share", "[base][paths]") {
    Env env;
    env.set("HOME", "/home/ana");
    env.set("XDG_DATA_HOME", "/srv/data");
    CHECK(data_dir() == fs::path("/srv/data/hairconsult"));
    env.set("XDG_DATA_HOME", std::nullopt);
    CHECK(data_dir() == fs::path("/home/ana/.local/share/hairconsult"));
    env.set("XDG_DATA_HOME", "");
    CHECK(data_dir() == fs::path("/home/ana/.local/share/hairconsult"));
}

TEST_CASE("a relative XDG value is ignored, as the XDG spec requires", "[base][paths]") {
    Env env;
    env.set("HOME", "/home/ana");
    env.set("XDG_DATA_HOME", "relative/data");
    env.set("XDG_CONFIG_HOME", "./config");
    env.set("XDG_DOCUMENTS_DIR", "Docs");
    CHECK(data_dir() == fs::path("/home/ana/.local/share/hairconsult"));
    CHECK(config_dir() == fs::path("/home/ana/.config/hairconsult"));
    CHECK(documents_dir() == fs::path("/home/ana/Documents"));
}

TEST_CASE("config_dir and documents_dir follow the same rules", "[base][paths]") {
    Env env;
    env.set("HOME", "/home/ana");
    env.set("XDG_CONFIG_HOME", "/etc/ana");
    env.set("XDG_DOCUMENTS_DIR", "/home/ana/Papers");
    CHECK(config_dir() == fs::path("/etc/ana/hairconsult"));
    CHECK(documents_dir() == fs::path("/home/ana/Papers"));
    env.set("XDG_CONFIG_HOME", std::nullopt);
    env.set("XDG_DOCUMENTS_DIR", std::nullopt);
    CHECK(config_dir() == fs::path("/home/ana/.config/hairconsult"));
    CHECK(documents_dir() == fs::path("/home/ana/Documents"));
}

TEST_CASE("no folder at all when neither XDG nor HOME gives an absolute one", "[base][paths]") {
    Env env;
    env.set("HOME", std::nullopt);
    env.set("XDG_DATA_HOME", "data");
    env.set("XDG_CONFIG_HOME", std::nullopt);
    env.set("XDG_DOCUMENTS_DIR", std::nullopt);
    CHECK(data_dir().empty());
    CHECK(config_dir().empty());
    CHECK(documents_dir().empty());
    env.set("HOME", "");
    CHECK(data_dir().empty());
}

TEST_CASE("make_private_dir creates the folder and its parents, the folder 0700", "[base][paths]") {
    hc::test_support::TempDir t;
    const fs::path dir = t / "a" / "b" / "hairconsult";
    REQUIRE(make_private_dir(dir));
    CHECK(fs::is_directory(dir));
    CHECK((fs::status(dir).permissions() & fs::perms::all) == fs::perms::owner_all);
    // An existing folder is narrowed too.
    fs::create_directory(t / "open");
    fs::permissions(t / "open", fs::perms::all);
    REQUIRE(make_private_dir(t / "open"));
    CHECK((fs::status(t / "open").permissions() & fs::perms::all) == fs::perms::owner_all);
    // A file in the way: refused.
    std::ofstream(t / "file") << "x";
    CHECK_FALSE(make_private_dir(t / "file"));
}
