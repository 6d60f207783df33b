// base/private_file: 0600 whatever the umask, an atomic replacement, symlinks replaced (not
// followed), nothing left behind on failure.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "base/private_file.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using hc::base::FileError;
using hc::base::write_private_file;

namespace {

using hc::test_support::read_file;

unsigned mode_of(const fs::path& p) {
    struct stat st{};
    ::lstat(p.c_str(), &st);
    return st.st_mode & 07777;
}

std::size_t entries(const fs::path& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
    return n;
}

// Sets the umask for one test.
struct Umask {
    mode_t old;
    explicit Umask(mode_t m) : old(::umask(m)) {}
    ~Umask() { ::umask(old); }
};

}  // namespace

TEST_CASE("a private file is written 0600 even under a permissive umask", "[base][private_file]") {
    hc::test_support::TempDir t;
    const Umask u(0);
    write_private_file(t / "settings.json", "{}\n");
    CHECK(read_file(t / "settings.json") == "{}\n");
    CHECK(mode_of(t / "settings.json") == 0600);
    CHECK(entries(t.path) == 1);  // no temporary left beside it
}

TEST_CASE("replacing a file keeps 0600 and the new bytes only", "[base][private_file]") {
    hc::test_support::TempDir t;
    const fs::path f = t / "s.json";
    std::ofstream(f) << "old and longer content";
    fs::permissions(f, fs::perms::all);  // 0777 before
    write_private_file(f, "new");
    CHECK(read_file(f) == "new");
    CHECK(mode_of(f) == 0600);
    CHECK(entries(t.path) == 1);
}

TEST_CASE("a symlink at the path is replaced, its target untouched", "[base][private_file]") {
    hc::test_support::TempDir t;
    std::ofstream(t / "target") << "keep me";
    fs::create_symlink(t / "target", t / "link");
    write_private_file(t / "link", "mine");
    CHECK(read_file(t / "target") == "keep me");
    CHECK_FALSE(fs::is_symlink(t / "link"));
    CHECK(read_file(t / "link") == "mine");
    CHECK(mode_of(t / "link") == 0600);
}

TEST_CASE("failures throw FileError naming the file and leave nothing behind", "[base][private_file]") {
    hc::test_support::TempDir t;
    CHECK_THROWS_AS(write_private_file(t / "missing-folder" / "s.json", "x"), FileError);
    fs::create_directory(t / "dir");
    try {
        write_private_file(t / "dir", "x");  // a folder cannot be replaced by a file
        FAIL("no FileError");
    } catch (const FileError& e) {
        CHECK(std::string(e.what()).find((t / "dir").string()) != std::string::npos);
    }
    CHECK(fs::is_directory(t / "dir"));
    CHECK(entries(t.path) == 1);
}
