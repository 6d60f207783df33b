// Opening a store: modes, pragmas, the probe, and every file we must refuse without touching.
#include <signal.h>
#include <sys/wait.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>

#include <map>

#include "db/sqlite/backend.h"  // create_schema_at(): a file as an older hairconsult made it
#include "test_util.h"

using namespace hc::db;
using namespace hc::db::test;
using K = StoreError::Kind;

TEST_CASE("a new store is created 0700/0600, ours, WAL and FULL", "[db][open]") {
    TempDir t;
    const auto file = t / "deep" / "er" / "consultations.db";
    {
        Store s = Store::open(file);
        CHECK(s.schema_version() == Store::latest_schema_version());
        CHECK(s.integrity_check() == "ok");
        const auto pid = s.add_patient({"Ann Example", "", ""});
        s.start_consultation(pid, pack1(), answers(man()), "dr a");
        CHECK(mode_of(file.parent_path()) == 0700);
        CHECK(mode_of(t / "deep") == 0700);
        CHECK(mode_of(file) == 0600);
        CHECK(mode_of(file.string() + "-wal") == 0600);
    }
    SQLite::Database raw(file.string(), SQLite::OPEN_READONLY);
    CHECK(raw.execAndGet("PRAGMA application_id").getInt() == 0x48435344);
    CHECK(raw.execAndGet("PRAGMA user_version").getInt() == Store::latest_schema_version());
    CHECK(raw.execAndGet("PRAGMA journal_mode").getString() == "wal");
}

TEST_CASE("an existing folder keeps its mode", "[db][open]") {
    TempDir t;
    ::chmod(t.path.c_str(), 0755);
    Store s = Store::open(t / "c.db");
    CHECK(mode_of(t.path) == 0755);
    CHECK(mode_of(t / "c.db") == 0600);
}

TEST_CASE("default_path follows XDG_DATA_HOME, then HOME", "[db][open]") {
    const char* old_xdg = std::getenv("XDG_DATA_HOME");
    const char* old_home = std::getenv("HOME");
    const std::string keep_xdg = old_xdg ? old_xdg : "", keep_home = old_home ? old_home : "";
    ::setenv("XDG_DATA_HOME", "/data/x", 1);
    CHECK(default_path() == std::filesystem::path("/data/x/hairconsult/consultations.db"));
    ::setenv("XDG_DATA_HOME", "relative/ignored", 1);
    ::setenv("HOME", "/home/u", 1);
    CHECK(default_path() == std::filesystem::path("/home/u/.local/share/hairconsult/consultations.db"));
    ::unsetenv("XDG_DATA_HOME");
    ::unsetenv("HOME");
    CHECK(kind_thrown([] { default_path(); }) == K::CannotOpen);
    if (old_xdg) ::setenv("XDG_DATA_HOME", keep_xdg.c_str(), 1);
    if (old_home) ::setenv("HOME", keep_home.c_str(), 1);
}

TEST_CASE("a file of random bytes is refused and left exactly as it was", "[db][open][probe]") {
    TempDir t;
    const auto file = t / "random.db";
    std::string bytes;
    for (int i = 0; i < 8192; ++i) bytes += static_cast<char>((i * 7919 + 13) & 0xff);
    write_file(file, bytes);
    try {
        Store::open(file);
        FAIL("opened random bytes");
    } catch (const StoreError& e) {
        CHECK(e.kind() == K::NotOurs);
        CHECK(std::string(e.what()).find("not a hairconsult database") != std::string::npos);
    }
    CHECK(file_bytes(file) == bytes);
    CHECK_FALSE(std::filesystem::exists(file.string() + ".lock"));  // no litter beside it
}

TEST_CASE("another program's SQLite file is refused and left as it was", "[db][open][probe]") {
    TempDir t;
    const auto file = t / "other.db";
    {
        SQLite::Database raw(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec("CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES('keep me')");
    }
    const auto before = file_bytes(file);
    CHECK(kind_thrown([&] { Store::open(file); }) == K::NotOurs);
    CHECK(file_bytes(file) == before);
    SQLite::Database raw(file.string(), SQLite::OPEN_READONLY);
    CHECK(raw.execAndGet("PRAGMA journal_mode").getString() == "delete");  // we did not switch it to WAL
}

TEST_CASE("a file from a newer schema is refused and left as it was", "[db][open][probe]") {
    TempDir t;
    const auto file = t / "newer.db";
    { Store s = Store::open(file); s.add_patient({"Keep Me", "", ""}); }
    {
        SQLite::Database raw(file.string(), SQLite::OPEN_READWRITE);
        raw.exec("PRAGMA user_version = 99");
    }
    const auto before = file_bytes(file);
    try {
        Store::open(file);
        FAIL("opened a newer file");
    } catch (const StoreError& e) {
        CHECK(e.kind() == K::NewerSchema);
        CHECK(std::string(e.what()).find("newer version") != std::string::npos);
    }
    CHECK(file_bytes(file) == before);
}

TEST_CASE("a corrupt file is refused and left as it was", "[db][open][probe]") {
    TempDir t;
    const auto file = t / "corrupt.db";
    {
        Store s = Store::open(file);
        const auto pid = s.add_patient({"Bob Example", "R1", ""});
        for (int i = 0; i < 40; ++i) s.start_consultation(pid, pack1(), answers(man()), "dr a");
    }
    std::string bytes = file_bytes(file);
    REQUIRE(bytes.size() > 8 * 4096);
    SECTION("pages overwritten") {
        for (std::size_t i = 3 * 4096; i < 6 * 4096; ++i) bytes[i] = static_cast<char>(0xA5);
    }
    SECTION("truncated") {
        bytes.resize(bytes.size() / 2);
    }
    write_file(file, bytes);
    CHECK(kind_thrown([&] { Store::open(file); }) == K::Corrupt);
    CHECK(file_bytes(file) == bytes);
}

TEST_CASE("read-only: reads work, every write is refused, the file is unchanged", "[db][open][readonly]") {
    TempDir t;
    const auto file = t / "ro.db";
    ConsultationId cid = 0;
    PatientId pid = 0;
    {
        Store s = Store::open(file);
        pid = s.add_patient({"Cara Example", "", ""});
        cid = s.start_consultation(pid, pack1(), answers(man()), "dr a");
    }
    const auto before = file_bytes(file);
    OpenOptions ro;
    ro.read_only = true;
    Store s = Store::open(file, ro);
    CHECK(s.get(cid).patient.name == "Cara Example");
    CHECK(s.list({}).rows.size() == 1);
    (void)s.open_consultation(cid, "dr a");  // audit skipped, no throw
    CHECK(kind_thrown([&] { s.add_patient({"New", "", ""}); }) == K::ReadOnly);
    CHECK(kind_thrown([&] { s.save(cid, pack1(), answers(man("4")), {}, "dr a"); }) == K::ReadOnly);
    CHECK(kind_thrown([&] { s.erase_patient(pid, "dr a"); }) == K::ReadOnly);
    CHECK(file_bytes(file) == before);
}

TEST_CASE("read-only: a missing file or an old schema is not created or upgraded", "[db][open][readonly]") {
    TempDir t;
    OpenOptions ro;
    ro.read_only = true;
    CHECK(kind_thrown([&] { Store::open(t / "missing.db", ro); }) == K::CannotOpen);
    CHECK_FALSE(std::filesystem::exists(t / "missing.db"));
    OpenOptions no_create;
    no_create.create = false;
    CHECK(kind_thrown([&] { Store::open(t / "missing.db", no_create); }) == K::CannotOpen);
}

TEST_CASE("a file locked by another program gives Locked, and is left as it was", "[db][open][locked]") {
    TempDir t;
    const auto file = t / "locked.db";
    { Store s = Store::open(file); s.add_patient({"Dan Example", "", ""}); }
    const auto before = file_bytes(file);
    SQLite::Database other(file.string(), SQLite::OPEN_READWRITE);
    other.exec("PRAGMA locking_mode = EXCLUSIVE");
    other.exec("BEGIN EXCLUSIVE");
    OpenOptions o;
    o.busy_timeout_ms = 100;
    try {
        Store::open(file, o);
        FAIL("opened a locked file");
    } catch (const StoreError& e) {
        CHECK(e.kind() == K::Locked);
        CHECK(std::string(e.what()).find("locked by another program") != std::string::npos);
    }
    other.exec("ROLLBACK");
    CHECK(file_bytes(file) == before);
}

TEST_CASE("a second app window is told the file is already open, the CLI still works", "[db][open][lock]") {
    TempDir t;
    const auto file = t / "c.db";
    auto app = std::make_unique<Store>(Store::open(file));
    try {
        Store::open(file);
        FAIL("second window opened the file");
    } catch (const StoreError& e) {
        CHECK(e.kind() == K::AlreadyOpen);
        CHECK(std::string(e.what()).find("already open in another hairconsult window") != std::string::npos);
    }
    OpenOptions cli;
    cli.lock = OpenOptions::Lock::Shared;
    {
        Store c = Store::open(file, cli);
        CHECK(c.already_open_elsewhere());
        c.add_patient({"From The CLI", "", ""});
    }
    CHECK(app->find_patients("CLI").size() == 1);
    app.reset();
    Store again = Store::open(file);  // the window closed: the lock is free
    Store c = Store::open(file, cli);
    CHECK(c.already_open_elsewhere());
}

TEST_CASE("a migration that fails half-way leaves the file as it was", "[db][open][migration]") {
    TempDir t;
    const auto file = t / "m.db";
    OpenOptions o;
    o.after_migration_step = [](int step) {
        if (step == 2) throw std::runtime_error("boom in step 2");
    };
    CHECK_THROWS_WITH(Store::open(file, o), "boom in step 2");
    {
        SQLite::Database raw(file.string(), SQLite::OPEN_READONLY);
        CHECK(raw.execAndGet("PRAGMA user_version").getInt() == 0);
        CHECK(raw.execAndGet("SELECT count(*) FROM sqlite_schema").getInt() == 0);
    }
    Store s = Store::open(file);  // an empty file is ours to set up again
    CHECK(s.schema_version() == Store::latest_schema_version());
    CHECK(s.integrity_check() == "ok");
}

TEST_CASE("a migration killed half-way (SIGKILL) leaves a file that opens", "[db][open][migration]") {
    TempDir t;
    for (int step : {1, 2}) {
        const auto file = t / ("killed" + std::to_string(step) + ".db");
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            OpenOptions o;
            o.after_migration_step = [step](int s) {
                if (s == step) ::raise(SIGKILL);
            };
            try {
                Store::open(file, o);
            } catch (...) {
            }
            ::_exit(3);  // not reached: killed inside the migration
        }
        int status = 0;
        ::waitpid(child, &status, 0);
        REQUIRE(WIFSIGNALED(status));
        CHECK(WTERMSIG(status) == SIGKILL);
        {
            SQLite::Database raw(file.string(), SQLite::OPEN_READONLY);
            CHECK(raw.execAndGet("PRAGMA user_version").getInt() == 0);
        }
        Store s = Store::open(file);
        CHECK(s.schema_version() == Store::latest_schema_version());
        CHECK(s.integrity_check() == "ok");
        s.add_patient({"After The Crash", "", ""});
    }
}

TEST_CASE("foreign keys are on and the store's own pragmas hold", "[db][open]") {
    TempDir t;
    const auto file = t / "c.db";
    Store s = Store::open(file);
    // A consultation for a patient that does not exist is refused by the schema too.
    CHECK(kind_thrown([&] { s.start_consultation(12345, pack1(), answers(man()), "dr a"); }) == K::NotFound);
}

namespace {
// A schema-3 file as the previous hairconsult left it: names in patient_search as typed (not
// folded), no visit numbers, a follow-up chain of three visits and a visit of its own.
void make_v3_file(const std::filesystem::path& file) {
    SQLite::Database raw(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec("PRAGMA journal_mode = WAL");
    create_schema_at(raw, 3);
    raw.exec(R"sql(
        INSERT INTO patients(id, name, record_number, created_at) VALUES
          (1, 'Zoë Ørsted', 'MRN-Ä1', '2026-01-01T09:00:00.000Z'), (2, '王芳', NULL, '2026-01-01T09:00:00.000Z');
        INSERT INTO patient_search(rowid, name, record_number) VALUES (1, 'Zoë Ørsted', 'MRN-Ä1'), (2, '王芳', '');
        INSERT INTO consultations(id, uid, patient_id, follow_up_of, status, started_at, updated_at) VALUES
          (1, 'u1', 1, NULL, 'completed', '2026-01-02T09:00:00.000Z', '2026-01-02T09:00:00.000Z'),
          (2, 'u2', 1, 1, 'completed', '2026-02-02T09:00:00.000Z', '2026-02-02T09:00:00.000Z'),
          (3, 'u3', 1, 2, 'in-progress', '2026-03-02T09:00:00.000Z', '2026-03-02T09:00:00.000Z'),
          (4, 'u4', 2, NULL, 'in-progress', '2026-03-03T09:00:00.000Z', '2026-03-03T09:00:00.000Z');
    )sql");
}
}  // namespace

TEST_CASE("a schema-3 file migrates: names folded for search, visit numbers filled", "[db][open][migration]") {
    TempDir t;
    const auto file = t / "v3.db";
    make_v3_file(file);
    {
        // What the old search could not do: the accent is in the index as typed.
        SQLite::Database raw(file.string(), SQLite::OPEN_READONLY);
        CHECK(raw.execAndGet("SELECT count(*) FROM patient_search WHERE patient_search MATCH '\"zoe\"'").getInt() == 0);
    }
    std::vector<int> steps;
    OpenOptions o;
    o.after_migration_step = [&](int step) { steps.push_back(step); };
    {
        Store s = Store::open(file, o);
        CHECK(steps == std::vector<int>{4});
        CHECK(s.schema_version() == 4);
        REQUIRE(s.find_patients("zoe").size() == 1);
        CHECK(s.find_patients("zoe")[0].name == "Zoë Ørsted");
        CHECK(s.find_patients("ORSTED").size() == 1);
        CHECK(s.find_patients("mrn-a1").size() == 1);
        CHECK(s.find_patients("王芳").size() == 1);
        std::map<ConsultationId, int> visit;
        for (const auto& r : s.list({}).rows) visit[r.id] = r.visit_number;
        CHECK(visit == std::map<ConsultationId, int>{{1, 1}, {2, 2}, {3, 3}, {4, 1}});
        // New rows after the migration follow on.
        const auto c5 = s.start_consultation(1, pack1(), answers(man()), "dr a", 3);
        CHECK(s.get(c5).summary.visit_number == 4);
        CHECK(s.integrity_check() == "ok");
    }
    Store again = Store::open(file);  // the migrated schema is exactly the one a new file gets
    CHECK(again.schema_version() == 4);
}

TEST_CASE("a schema-4 file missing what step 4 made is refused", "[db][open][migration]") {
    TempDir t;
    for (const char* damage : {"DROP TABLE patient_grams", "ALTER TABLE consultations DROP COLUMN visit_number"}) {
        const auto file = t / (std::string("bad") + std::to_string(damage[0] == 'D') + ".db");
        { Store s = Store::open(file); }
        {
            SQLite::Database raw(file.string(), SQLite::OPEN_READWRITE);
            raw.exec(damage);
        }
        const std::string before = file_bytes(file);
        CHECK(kind_thrown([&] { Store::open(file); }) == K::Corrupt);
        CHECK(file_bytes(file) == before);
    }
    // A schema-3 layout claiming to be 4 (user_version edited) is refused, not half-used.
    const auto file = t / "claims4.db";
    make_v3_file(file);
    {
        SQLite::Database raw(file.string(), SQLite::OPEN_READWRITE);
        raw.exec("PRAGMA user_version = 4");
    }
    CHECK(kind_thrown([&] { Store::open(file); }) == K::Corrupt);
}
