// What every test program shares: a private temporary folder and shell quoting for the tests
// that run the real binaries. Built once as hc_test_support, linked by every test executable.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace hc::test_support {

// A fresh folder under the system temp dir, mode 0700 (mkdtemp), removed with everything in
// it when the object goes. `prefix` names it for whoever finds one left behind by a crash.
class TempDir {
public:
    explicit TempDir(std::string_view prefix = "hc-test");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::filesystem::path operator/(const std::string& name) const { return path / name; }

    const std::filesystem::path path;
};

// `s` as one word for /bin/sh: in single quotes, a single quote written '\''.
std::string quote(std::string_view s);
std::string quote(const std::filesystem::path& p);
inline std::string quote(const std::string& s) { return quote(std::string_view(s)); }
inline std::string quote(const char* s) { return quote(std::string_view(s)); }

// A file's bytes ("" when it cannot be read).
std::string read_file(const std::filesystem::path& p);

}  // namespace hc::test_support
