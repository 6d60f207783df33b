// hairconsult-cli store copy / store check through the real binary: the summary line on stdout,
// one line on stderr for a refusal, exit codes, and the files afterwards.
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>

#include "tests/db/test_util.h"

using namespace hc::db;
using namespace hc::db::test;

namespace {

struct Run {
    int code = -1;
    std::string out, err;
    int err_lines() const { return static_cast<int>(std::count(err.begin(), err.end(), '\n')); }
};

Run cli(const TempDir& dir, const std::string& args) {
    const auto out = dir / "stdout";
    const auto err = dir / "stderr";
    const std::string cmd = quote(std::string(HC_CLI_PATH)) + " " + args + " </dev/null >" + quote(out) + " 2>" + quote(err);
    const int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, file_bytes(out), file_bytes(err)};
}

// Two patients, three consultations (one amended, one with a draft), and their audit rows.
void fill(const std::filesystem::path& file) {
    Store s = Store::open(file);
    const auto a = s.add_patient({"Ann Example", "MRN-1", ""});
    const auto c1 = s.start_consultation(a, pack1(), answers(man()), "dr a");
    s.finalise(c1, pack1(), answers(man()), {}, "dr a");
    s.amend(c1, pack1(), answers(man("4")), {}, "dr a", "restaged");
    const auto c2 = s.start_consultation(a, pack1(), answers(man()), "dr a", c1);
    s.autosave(c2, pack1(), answers(man("2")), {}, "dr a");
    const auto b = s.add_patient({"Zoë Müller", "", ""});
    s.start_consultation(b, pack1(), answers(woman()), "dr b");
}

}  // namespace

TEST_CASE("cli store copy: summary line, resumable, refusals with one line", "[db][cli]") {
    TempDir dir;
    fill(dir / "a.db");
    const std::string from = quote(dir / "a.db"), to = quote(dir / "b.db");
    std::size_t audit_rows = 0;
    {
        Store s = Store::open(dir / "a.db");
        audit_rows = s.audit(std::nullopt, 500).size();
    }
    const Run r = cli(dir, "store copy --from " + from + " --to " + to);
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(r.err.empty());  // no bar: stderr is not a terminal
    CHECK(r.out == "copied 2 patients, 3 consultations, 5 revisions, 1 drafts, " + std::to_string(audit_rows) +
                       " audit rows; 0 already there; verified 3 consultations\n");
    {
        Store b = Store::open(dir / "b.db");
        CHECK(b.list({}).rows.size() == 3);
        CHECK(b.audit(std::nullopt, 500).size() == audit_rows);
    }

    const Run again = cli(dir, "store copy --from " + from + " --to " + to);
    INFO(again.err);
    CHECK(again.code == 0);
    CHECK(again.out == "copied 0 patients, 0 consultations, 0 revisions, 0 drafts, 0 audit rows; " +
                           std::to_string(2 + 3 + 5 + 1 + audit_rows) + " already there; verified 3 consultations\n");

    // A target holding another patient under a copied id: refused, one line, exit 1.
    {
        Store other = Store::open(dir / "c.db");
        other.add_patient({"Somebody Else", "", ""});
    }
    const std::string before = file_bytes(dir / "c.db");
    const Run refused = cli(dir, "store copy --from " + from + " --to " + quote(dir / "c.db"));
    CHECK(refused.code == 1);
    CHECK(refused.out.empty());
    CHECK(refused.err_lines() == 1);
    CHECK(refused.err.find("already holds patient 1") != std::string::npos);
    CHECK(file_bytes(dir / "c.db") == before);

    const Run same = cli(dir, "store copy --from " + from + " --to " + from);
    CHECK(same.code == 1);
    CHECK(same.err_lines() == 1);
    CHECK(same.err.find("same store") != std::string::npos);

    const Run missing = cli(dir, "store copy --from " + quote(dir / "nope.db") + " --to " + quote(dir / "d.db"));
    CHECK(missing.code == 1);
    CHECK(missing.err_lines() == 1);
    CHECK_FALSE(std::filesystem::exists(dir / "nope.db"));

    const Run with_db = cli(dir, "--db " + from + " store copy --from " + from + " --to " + quote(dir / "d.db"));
    CHECK(with_db.code == 1);
    CHECK(with_db.err_lines() == 1);

    const Run usage = cli(dir, "store copy --from " + from);
    CHECK(usage.code == 2);
}

TEST_CASE("cli store check: exit 0 on a good file, 1 with one line on a file another program changed",
          "[db][cli]") {
    TempDir dir;
    fill(dir / "a.db");
    const Run ok = cli(dir, "store check --db " + quote(dir / "a.db"));
    INFO(ok.err);
    CHECK(ok.code == 0);
    CHECK(ok.out.find("location: " + (dir / "a.db").string() + "\n") == 0);
    CHECK(ok.out.find("\nschema version: " + std::to_string(Store::latest_schema_version()) + " of " +
                      std::to_string(Store::latest_schema_version()) + "\n") != std::string::npos);
    CHECK(ok.out.find("\nintegrity: ok\n") != std::string::npos);
    CHECK(ok.out.find("ok: revisions and the audit log are append-only") != std::string::npos);
    CHECK(ok.out.find("DOES NOT HOLD") == std::string::npos);

    // A file others can read: checked, not changed (a read-only open), and said so.
    std::filesystem::permissions(dir / "a.db", std::filesystem::perms::group_read | std::filesystem::perms::others_read,
                                 std::filesystem::perm_options::add);
    const Run open = cli(dir, "store check --db " + quote(dir / "a.db"));
    CHECK(open.code == 1);
    CHECK(open.out.find("DOES NOT HOLD: only its owner can read the file") != std::string::npos);
    CHECK(open.err_lines() == 1);
    std::filesystem::permissions(dir / "a.db", std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::replace);

    // Another program drops an append-only trigger: the store will not open the file; check
    // says why in one line and exits 1.
    {
        SQLite::Database db((dir / "a.db").string(), SQLite::OPEN_READWRITE);
        db.exec("DROP TRIGGER revisions_append_only_update");
    }
    const Run dropped = cli(dir, "store check --db " + quote(dir / "a.db"));
    CHECK(dropped.code == 1);
    CHECK(dropped.out.empty());
    CHECK(dropped.err_lines() == 1);
    CHECK(dropped.err.find("revisions_append_only_update is missing") != std::string::npos);

    const Run missing = cli(dir, "store check --db " + quote(dir / "nope.db"));
    CHECK(missing.code == 1);
    CHECK(missing.err_lines() == 1);
    CHECK_FALSE(std::filesystem::exists(dir / "nope.db"));
}
