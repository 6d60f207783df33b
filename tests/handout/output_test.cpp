// Output files: 0600, never over an existing file unless asked, never through a symlink.
#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <csignal>
#include <unistd.h>

#include "handout/output.h"
#include "support.h"

using namespace hc::handout;
using namespace hc::handout::test;

namespace {
unsigned mode_of(const std::filesystem::path& p) {
    struct stat st{};
    REQUIRE(::lstat(p.c_str(), &st) == 0);
    return st.st_mode & 0777;
}
}  // namespace

TEST_CASE("a new output file is 0600 whatever the umask", "[handout][output]") {
    TempDir dir;
    const mode_t old = ::umask(0);
    write_private_file(dir / "a.pdf", "bytes");
    ::umask(old);
    CHECK(mode_of(dir / "a.pdf") == 0600);
    CHECK(read_file(dir / "a.pdf") == "bytes");
}

TEST_CASE("an existing file is refused unless overwriting is asked for", "[handout][output]") {
    TempDir dir;
    write_file(dir / "a.pdf", "old");
    CHECK_THROWS_WITH(write_private_file(dir / "a.pdf", "new"), Catch::Contains("already exists"));
    CHECK(read_file(dir / "a.pdf") == "old");
    write_private_file(dir / "a.pdf", "new", true);
    CHECK(read_file(dir / "a.pdf") == "new");
    CHECK(mode_of(dir / "a.pdf") == 0600);
    // No temporary files left behind.
    int n = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path)) { (void)e; ++n; }
    CHECK(n == 1);
}

TEST_CASE("symlinks and missing folders are refused", "[handout][output]") {
    TempDir dir;
    write_file(dir / "target", "keep");
    std::filesystem::create_symlink(dir / "target", dir / "link.pdf");
    CHECK_THROWS_AS(write_private_file(dir / "link.pdf", "x"), HandoutError);
    CHECK_THROWS_AS(write_private_file(dir / "link.pdf", "x", true), HandoutError);
    CHECK(read_file(dir / "target") == "keep");
    CHECK_THROWS_WITH(write_private_file(dir / "no" / "such" / "a.pdf", "x"), Catch::Contains("cannot create"));
    CHECK_THROWS_AS(write_private_file("", "x"), HandoutError);
}

TEST_CASE("a full disk leaves no partial file", "[handout][output]") {
    // A tiny RLIMIT_FSIZE in a child makes write() fail part-way, like a full disk.
    TempDir dir;
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl{1024, 1024};
        ::setrlimit(RLIMIT_FSIZE, &rl);
        try {
            write_private_file(dir / "big.pdf", std::string(100000, 'x'));
        } catch (const HandoutError&) {
            ::_exit(std::filesystem::exists(dir / "big.pdf") ? 2 : 0);
        }
        ::_exit(1);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}
