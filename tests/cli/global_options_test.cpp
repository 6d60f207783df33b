// --pack and --db through the real hairconsult-cli binary: before the verb or after it (also
// after a verb's verb), the same meaning and the same checks either way; given twice with
// different values, refused with one line (exit 2).
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/test_support.h"

namespace fs = std::filesystem;

namespace {

using hc::test_support::quote;
using hc::test_support::TempDir;

using hc::test_support::read_file;

struct Run {
    int code = -1;
    std::string out, err;
    long err_lines() const { return std::count(err.begin(), err.end(), '\n'); }
};

// Runs hairconsult-cli with `args` (already shell-quoted where needed).
Run cli(const TempDir& t, const std::string& args) {
    const std::string cmd = quote(HC_CLI_PATH) + " " + args + " </dev/null >" + quote(t / "stdout") + " 2>" + quote(t / "stderr");
    const int status = std::system(cmd.c_str());
    Run r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_file(t / "stdout");
    r.err = read_file(t / "stderr");
    return r;
}

const fs::path mini = fs::path(HC_SOURCE_DIR) / "tests" / "packs" / "mini";

// A case the mini pack accepts.
fs::path answers_file(const TempDir& t) {
    const fs::path f = t / "a.json";
    std::ofstream(f) << R"({"age_years": 32, "sex_at_birth": "female", "reproductive_status": "pregnant", "pattern_type": "female_pattern"})";
    return f;
}

}  // namespace

TEST_CASE("global option --pack after the verb means what it means before it", "[cli][options]") {
    TempDir t;
    const auto a = quote(answers_file(t));
    const Run before = cli(t, "--pack " + quote(mini) + " evaluate --answers " + a);
    const Run after = cli(t, "evaluate --pack " + quote(mini) + " --answers " + a);
    const Run last = cli(t, "evaluate --answers " + a + " --pack=" + quote(mini));
    REQUIRE(before.code == 0);
    CHECK(before.out.find("\"id\": \"mini\"") != std::string::npos);
    CHECK(after.code == 0);
    CHECK(after.out == before.out);
    CHECK(last.code == 0);
    CHECK(last.out == before.out);

    const Run v = cli(t, "validate --pack " + quote(mini));
    CHECK(v.code == 0);
    CHECK(v.out.find("pack mini 1.0.0: OK") != std::string::npos);
    const Run q = cli(t, "questionnaire --format text --pack " + quote(mini));
    CHECK(q.code == 0);
    CHECK(q.out == cli(t, "--pack " + quote(mini) + " questionnaire --format text").out);
}

TEST_CASE("global option --db after the verb, or after sessions' own verb, opens the same database", "[cli][options]") {
    TempDir t;
    const auto a = quote(answers_file(t));
    const auto db = quote(t / "clinic.db");
    const Run made = cli(t, "sessions new --patient 'Ana Ruiz' --answers " + a + " --db " + db + " --pack " + quote(mini) +
                                " --author tester");
    REQUIRE(made.code == 0);
    REQUIRE(made.err.empty());

    const Run before = cli(t, "--db " + db + " sessions list");
    REQUIRE(before.code == 0);
    CHECK(before.out.find("Ana Ruiz") != std::string::npos);
    CHECK(cli(t, "sessions list --db " + db).out == before.out);
    CHECK(cli(t, "sessions --db " + db + " list").out == before.out);
    CHECK(cli(t, "sessions list --db=" + db).out == before.out);
    // The same value twice is one value.
    const Run twice = cli(t, "--db " + db + " sessions list --db " + db);
    CHECK(twice.code == 0);
    CHECK(twice.out == before.out);
}

TEST_CASE("the same checks apply wherever --db and --pack stand", "[cli][options]") {
    TempDir t;
    const auto a = quote(answers_file(t));
    const auto missing = quote(t / "no-such.db");
    const Run before = cli(t, "--db " + missing + " sessions list");
    const Run after = cli(t, "sessions list --db " + missing);
    CHECK(before.code == 1);
    CHECK(after.code == 1);
    CHECK(after.err == before.err);
    CHECK(after.err_lines() == 1);

    const Run pb = cli(t, "--pack " + quote(t / "nowhere") + " evaluate --answers " + a);
    const Run pa = cli(t, "evaluate --answers " + a + " --pack " + quote(t / "nowhere"));
    CHECK(pb.code == 1);
    CHECK(pa.code == 1);
    CHECK(pa.err == pb.err);

    // An option without its value is a usage error after the verb as before it.
    CHECK(cli(t, "sessions list --db").code == 2);
    CHECK(cli(t, "--db").code == 2);
}

TEST_CASE("global option --pack or --db given twice with different values is refused with one line", "[cli][options]") {
    TempDir t;
    const auto a = quote(answers_file(t));
    const Run p = cli(t, "--pack " + quote(mini) + " evaluate --pack " + quote(t / "other") + " --answers " + a);
    CHECK(p.code == 2);
    CHECK(p.out.empty());
    CHECK(p.err_lines() == 1);
    CHECK(p.err.find("--pack given twice with different values") != std::string::npos);

    const Run d = cli(t, "--db " + quote(t / "one.db") + " sessions list --db " + quote(t / "two.db"));
    CHECK(d.code == 2);
    CHECK(d.err_lines() == 1);
    CHECK(d.err.find("--db given twice with different values") != std::string::npos);
    // Nothing was created by a refused call.
    CHECK(!fs::exists(t / "one.db"));
    CHECK(!fs::exists(t / "two.db"));

    const Run both_after = cli(t, "sessions list --db " + quote(t / "one.db") + " --db " + quote(t / "two.db"));
    CHECK(both_after.code == 2);
    CHECK(both_after.err_lines() == 1);
}
