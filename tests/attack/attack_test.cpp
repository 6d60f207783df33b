// The attack suite: each test plays someone holding the database file, its folder and the
// command line, and checks that the store's promises hold (see README "Where data lives").
// Every case here succeeded as an attack before the change that refuses it.
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "../db/test_util.h"
#include "handout/handout.h"
#include "handout/output.h"

using namespace hc::db;
using namespace hc::db::test;
using nlohmann::json;
using K = StoreError::Kind;
namespace fs = std::filesystem;

namespace {

struct Run {
    int code = -1;
    std::string out, err;
    int err_lines() const { return static_cast<int>(std::count(err.begin(), err.end(), '\n')); }
};

// Runs `env_prefix hairconsult-cli --pack <db test pack> ARGS` with stdout and stderr captured
// (or stdout sent to `stdout_to`).
Run cli(const TempDir& t, const std::string& args, const std::string& env_prefix = "", const std::string& stdout_to = "",
        const std::string& pack = std::string(HC_TEST_DATA) + "/pack") {
    const auto out = t / "stdout";
    const auto err = t / "stderr";
    const std::string cmd = env_prefix + " " + quote(std::string(HC_CLI_PATH)) + " --pack " + quote(pack) + " " + args +
                            " </dev/null >" + (stdout_to.empty() ? quote(out) : stdout_to) + " 2>" + quote(err);
    const int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, file_bytes(out), file_bytes(err)};
}

const std::string kAuthor = "dr-attack";

// A store with one patient and one finalised consultation (two revisions); returns its id.
ConsultationId seed(const fs::path& db) {
    Store s = Store::open(db);
    const auto pid = s.add_patient({"Kim Example", "MRN-1", "1980-02-03"});
    const auto id = s.start_consultation(pid, pack1(), answers(man()), kAuthor);
    s.finalise(id, pack1(), answers(man()), {}, kAuthor);
    return id;
}

// Plays another program: its own SQLite connection (recursive_triggers off, the default), then
// folds the WAL into the file and leaves rollback mode, so the file's bytes say it all.
template <class F>
void tamper(const fs::path& db, F&& f) {
    SQLite::Database raw(db.string(), SQLite::OPEN_READWRITE);
    f(raw);
    raw.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    raw.exec("PRAGMA journal_mode = DELETE");
}

std::string open_error(const fs::path& db, OpenOptions o = {}) {
    try {
        Store::open(db, o);
    } catch (const StoreError& e) {
        return std::string(to_string(e.kind())) + ": " + e.what();
    }
    return "opened";
}

}  // namespace

TEST_CASE("attack 1: --overwrite replaces only a regular file, never a FIFO, socket, device or folder",
          "[attack][output]") {
    TempDir t;
    const auto fifo = t / "fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const auto sock = t / "sock";
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, sock.c_str(), sizeof addr.sun_path - 1);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    const auto dir = t / "folder";
    fs::create_directory(dir);
    std::vector<std::pair<fs::path, std::string>> targets = {
        {fifo, "pipe"}, {sock, "socket"}, {dir, "folder"}};
    const auto dev = t / "null";  // a device node like /dev/null (only root may make one)
    if (::mknod(dev.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0) targets.emplace_back(dev, "device");
    for (const auto& [path, word] : targets) {
        INFO(path);
        const auto type = fs::symlink_status(path).type();
        try {
            hc::handout::write_private_file(path, "%PDF-1.5 pretend", true);
            FAIL("replaced " << path);
        } catch (const hc::handout::HandoutError& e) {
            CHECK(std::string(e.what()).find(word) != std::string::npos);
        }
        CHECK(fs::symlink_status(path).type() == type);
    }
    ::close(fd);
    // No temporary file is left behind, and a plain file is still replaced as before.
    const auto plain = t / "plain.pdf";
    write_file(plain, "old");
    hc::handout::write_private_file(plain, "new", true);
    CHECK(file_bytes(plain) == "new");
    for (const auto& e : fs::directory_iterator(t.path))
        CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
}

TEST_CASE("attack 2a: REPLACE from another program cannot rewrite a revision or an audit row", "[attack][append-only]") {
    TempDir t;
    const auto db = t / "c.db";
    const auto id = seed(db);
    std::string result_before;
    {
        Store s = Store::open(db);
        result_before = s.get(id).latest.result_json;
    }
    SQLite::Database raw(db.string(), SQLite::OPEN_READWRITE);
    REQUIRE(raw.execAndGet("PRAGMA recursive_triggers").getInt() == 0);
    for (const char* verb : {"REPLACE", "INSERT OR REPLACE"}) {
        INFO(verb);
        CHECK_THROWS_WITH(raw.exec(std::string(verb) +
                                   " INTO revisions SELECT id, consultation_id, number, status, answers, "
                                   "'{\"options\":[]}', overrides, pack_id, pack_version, author, reason, created_at, "
                                   "result_verified FROM revisions"),
                          Catch::Contains("append-only"));
        CHECK_THROWS_WITH(raw.exec(std::string(verb) +
                                   " INTO audit(id, at, action, author) SELECT id, at, 'opened', 'nobody' FROM audit"),
                          Catch::Contains("append-only"));
        CHECK_THROWS_WITH(raw.exec(std::string(verb) + " INTO consultations SELECT * FROM consultations"),
                          Catch::Contains("never replaced"));
    }
    Store s = Store::open(db);
    CHECK(s.get(id).latest.result_json == result_before);
    for (const auto& a : s.audit()) CHECK(a.author == kAuthor);
}

TEST_CASE("attack 2b: a file whose safeguards were tampered with is refused and left untouched",
          "[attack][append-only][open]") {
    using Edit = std::function<void(SQLite::Database&)>;
    const std::vector<std::pair<std::string, Edit>> edits = {
        {"trigger revisions_append_only_update is missing",
         [](SQLite::Database& r) { r.exec("DROP TRIGGER revisions_append_only_update"); }},
        {"trigger audit_no_replace was changed",
         [](SQLite::Database& r) {
             r.exec("DROP TRIGGER audit_no_replace");
             r.exec("CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit WHEN 0 BEGIN SELECT 1; END");
         }},
        {"index audit_consultation is missing", [](SQLite::Database& r) { r.exec("DROP INDEX audit_consultation"); }},
        {"table sneaky was added", [](SQLite::Database& r) { r.exec("CREATE TABLE sneaky(x)"); }},
        {"erase guard", [](SQLite::Database& r) { r.exec("INSERT INTO erase_guard VALUES(1)"); }},
        {"does not point at its newest revision",
         [](SQLite::Database& r) {
             r.exec("UPDATE consultations SET latest_revision = (SELECT min(id) FROM revisions)");
         }},
    };
    for (const auto& [expect, edit] : edits) {
        DYNAMIC_SECTION(expect) {
            TempDir t;
            const auto db = t / "c.db";
            seed(db);
            tamper(db, edit);
            const std::string before = file_bytes(db);
            const std::string err = open_error(db);
            CHECK_THAT(err, Catch::StartsWith("corrupt:") && Catch::Contains(expect) &&
                                Catch::Contains("left untouched"));
            CHECK(file_bytes(db) == before);
            CHECK_FALSE(fs::exists(db.string() + "-wal"));
        }
    }
}

TEST_CASE("attack 3: a negative or unknown user_version is refused, not run off the migration table",
          "[attack][open]") {
    TempDir t;
    const auto db = t / "c.db";
    seed(db);
    for (int v : {-1, -2147483647 - 1, 2147483647}) {
        INFO(v);
        tamper(db, [&](SQLite::Database& r) { r.exec("PRAGMA user_version = " + std::to_string(v)); });
        const std::string before = file_bytes(db);
        const Run r = cli(t, "--db " + quote(db) + " sessions --author x list");
        CHECK(r.code == 1);
        CHECK(r.err_lines() == 1);
        CHECK(r.err.find(v < 0 ? "impossible schema version" : "newer version") != std::string::npos);
        CHECK(file_bytes(db) == before);
        Store::open(db.string() + ".fresh");  // the process is still sound
    }
}

TEST_CASE("attack 4: a hand-edited export cannot plant a result, nor an impossible status history",
          "[attack][import]") {
    TempDir t;
    const auto db = t / "c.db";
    const auto id = seed(db);
    json doc;
    {
        Store s = Store::open(db);
        doc = s.export_json(id, kAuthor);
    }
    auto edited = [&](auto&& change) {
        json d = doc;
        d["uid"] = "feedfacefeedface";
        change(d);
        return d;
    };
    Store other = Store::open(t / "other.db");
    auto refused = [&](const json& d) {
        try {
            other.import_json(d, pack1(), kAuthor);
        } catch (const StoreError& e) {
            return e.kind() == K::InvalidInput;
        }
        return false;
    };
    SECTION("a pack version with a space to dodge the check") {
        CHECK(refused(edited([](json& d) {
            d["revisions"][1]["pack"]["version"] = "1.0.0 ";
            d["revisions"][1]["result"]["options"] = json::array();
        })));
    }
    SECTION("an edited verdict under the pack it names") {
        CHECK(refused(edited([](json& d) { d["revisions"][1]["result"]["options"] = json::array(); })));
    }
    SECTION("a pack that is not available: imported, but marked not verifiable and shown so") {
        const auto got = other.import_json(edited([](json& d) {
                                               for (auto& r : d["revisions"]) r["pack"]["version"] = "9.9.9";
                                           }),
                                           pack1(), kAuthor);
        const Consultation c = other.get(got);
        CHECK_FALSE(c.latest.info.result_verified);
        for (const auto& r : c.revisions) CHECK_FALSE(r.result_verified);
        CHECK(Store::open(db).get(id).latest.info.result_verified);
    }
    SECTION("statuses in an order the store never writes") {
        CHECK(refused(edited([](json& d) {  // completed, then in progress again
            d["revisions"][1]["status"] = "in-progress";
            d["revisions"][0]["status"] = "completed";
            d["status"] = "in-progress";
        })));
        CHECK(refused(edited([](json& d) {  // an amendment first
            d["revisions"][0]["status"] = "amended";
            d["revisions"][0]["reason"] = "why";
        })));
        CHECK(refused(edited([](json& d) { d["finalised_at"] = nullptr; })));  // finalised, no date
    }
}

TEST_CASE("attack 4b: the CLI shows an unverifiable import as such, never 'as decided'", "[attack][import][cli]") {
    TempDir t;
    const auto db = t / "c.db";
    const auto id = seed(db);
    json doc;
    {
        Store s = Store::open(db);
        doc = s.export_json(id, kAuthor);
    }
    for (auto& r : doc["revisions"]) r["pack"]["version"] = "9.9.9";
    write_file(t / "x.json", doc.dump());
    const auto other = t / "other.db";
    Run r = cli(t, "--db " + quote(other) + " sessions --author x import " + quote(t / "x.json"));
    REQUIRE(r.code == 0);
    r = cli(t, "--db " + quote(other) + " sessions --author x show " + std::to_string(std::stoll(r.out)));
    CHECK(r.out.find("NOT VERIFIABLE") != std::string::npos);
    CHECK(r.out.find("as decided") == std::string::npos);
}

TEST_CASE("attack 5: a refused 'sessions new' leaves nothing behind", "[attack][cli][atomic]") {
    TempDir t;
    const auto db = t / "c.db";
    Store::open(db);
    write_file(t / "a.json", man().dump());
    const std::string base = "--db " + quote(db) + " sessions ";
    SECTION("the author is refused after the patient would have been added") {
        const Run r = cli(t, base + "--author " + std::string(300, 'a') + " new --patient 'Lee Person' --answers " +
                                 quote(t / "a.json"));
        CHECK(r.code == 1);
        CHECK(r.err_lines() == 1);
    }
    SECTION("standard output cannot be written") {
        const Run r = cli(t, base + "--author x new --patient 'Lee Person' --answers " + quote(t / "a.json"), "",
                          "/dev/full");
        CHECK(r.code == 1);
    }
    Store s = Store::open(db);
    CHECK(s.find_patients("Lee").empty());
    CHECK(s.list({}).rows.empty());
    CHECK(s.audit().empty());
}

TEST_CASE("attack 6: a damaged WAL is reported, kept, and the file opened read-only", "[attack][wal]") {
    TempDir t;
    const auto db = t / "c.db";
    Store::open(db);  // created and closed: the schema is in the file, the WAL is gone
    // A child saves two consultations and dies without closing: they are only in the WAL.
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        try {
            Store s = Store::open(db);
            const auto pid = s.add_patient({"Wal Patient", "", ""});
            s.start_consultation(pid, pack1(), answers(man()), kAuthor);
            s.start_consultation(pid, pack1(), answers(man("4")), kAuthor);
            ::_exit(0);  // no destructor: no checkpoint
        } catch (...) {
            ::_exit(3);
        }
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    const auto wal = fs::path(db.string() + "-wal");
    REQUIRE(fs::file_size(wal) > 32 + 3 * (24 + 4096));
    const std::string good_wal = file_bytes(wal);
    fs::remove(db.string() + "-shm");  // a reboot: the index is rebuilt from the WAL
    SECTION("an intact WAL opens as usual (the check is not a false alarm)") {
        Store s = Store::open(db);
        CHECK(s.notes().empty());
        CHECK(s.list({}).rows.size() == 2);
    }
    SECTION("a log that ends inside a frame is a torn last write, not damage") {
        write_file(wal, good_wal.substr(0, good_wal.size() - 1000));
        Store s = Store::open(db);
        CHECK(s.notes().empty());
        CHECK_FALSE(s.read_only());
    }
    SECTION("a damaged header hides every frame: reported") {
        std::string bytes = good_wal;
        bytes[9] = static_cast<char>(bytes[9] ^ 0x01);  // the page size
        write_file(wal, bytes);
        Store s = Store::open(db);
        REQUIRE(s.notes().size() == 1);
        CHECK_THAT(s.notes()[0], Catch::Contains("header"));
        CHECK(s.read_only());
    }
    SECTION("one flipped byte in the first frame") {
        std::string bytes = good_wal;
        bytes[32 + 24 + 100] = static_cast<char>(bytes[32 + 24 + 100] ^ 0x10);
        write_file(wal, bytes);
        {
            Store s = Store::open(db);
            REQUIRE(s.notes().size() == 1);
            CHECK_THAT(s.notes()[0], Catch::Contains("write-ahead log is damaged") && Catch::Contains("copy was kept"));
            CHECK(kind_thrown([&] { s.add_patient({"Another", "", ""}); }) == K::ReadOnly);
        }
        CHECK(file_bytes(wal) == bytes);  // not reset, not checkpointed
        int copies = 0;
        for (const auto& e : fs::directory_iterator(t.path))
            if (e.path().filename().string().find("-wal.damaged-") != std::string::npos) {
                ++copies;
                CHECK(file_bytes(e.path()) == bytes);
                CHECK(mode_of(e.path()) == 0600);
            }
        CHECK(copies == 1);
        // The CLI says so in one note and refuses to write.
        write_file(t / "a.json", man().dump());
        const Run r = cli(t, "--db " + quote(db) + " sessions --author x new --patient P --answers " + quote(t / "a.json"));
        CHECK(r.code == 1);
        CHECK(r.err.find("damaged") != std::string::npos);
        // The clinician decides to go on from the last commit that can be read.
        const Run go = cli(t, "--db " + quote(db) + " sessions --discard-damaged-log --author x new --patient P --answers " +
                                  quote(t / "a.json"));
        CHECK(go.code == 0);
        CHECK(go.err.find("discarded") != std::string::npos);
        Store s = Store::open(db);
        CHECK(s.notes().empty());
        CHECK(s.list({}).rows.size() == 1);
    }
}

TEST_CASE("attack 7: line breaks and tabs cannot forge list rows, and names are bidi-isolated", "[attack][text]") {
    TempDir t;
    const auto db = t / "c.db";
    {
        Store s = Store::open(db);
        int n = 0;
        for (const std::string bad : {"Eve\nBob", "Eve\rBob", "Eve\tBob", "Eve\xc2\x85" "Bob", "Eve\xe2\x80\xa8" "Bob"}) {
            INFO(bad);
            CHECK(kind_thrown([&] { s.add_patient({bad, "", ""}); }) == K::InvalidInput);
            CHECK(kind_thrown([&] { s.add_patient({"Eve", bad, ""}); }) == K::InvalidInput);
            const auto pid = s.add_patient({"Ok Name " + std::to_string(++n), "", ""});
            CHECK(kind_thrown([&] { s.start_consultation(pid, pack1(), answers(man()), bad); }) == K::InvalidInput);
            const auto id = s.start_consultation(pid, pack1(), answers(man()), kAuthor);
            CHECK(kind_thrown([&] { s.withdraw(id, kAuthor, bad); }) == K::InvalidInput);
        }
    }
    write_file(t / "a.json", man().dump());
    const Run r = cli(t, "--db " + quote(db) + " sessions --author x new --patient " + quote(std::string("Eve\n999  2026-01-01  completed  Forged")) + " "
                         "--answers " + quote(t / "a.json"), "", "", "");
    CHECK(r.code == 1);
    CHECK(r.err_lines() == 1);
    CHECK(r.err.find("control character") != std::string::npos);

    // An unterminated right-to-left override in a name must not reverse the date beside it.
    json shipped = {{"age_years", 40}, {"sex_at_birth", "female"}, {"chief_complaint", "gradual_thinning"}};
    write_file(t / "s.json", shipped.dump());
    const auto pdf = t / "h.pdf";
    const Run h = cli(t, "handout --answers " + quote(t / "s.json") + " --patient " + quote(std::string("Ana \u202eRuiz")) + " --date 2026-03-01 --pdf " +
                             quote(pdf), "", "", HC_PACK_DIR);
    REQUIRE(h.code == 0);
    const std::string cmd = "pdftotext -enc UTF-8 " + quote(pdf) + " " + quote(t / "h.txt");
    REQUIRE(std::system(cmd.c_str()) == 0);
    const std::string page = file_bytes(t / "h.txt");
    // Without isolation the footer read "Ana 6 2 0 2 hcra M 1 · ziuR": the date drawn backwards.
    CHECK(page.find("hcra") == std::string::npos);
    CHECK(page.find("1 March 2026") != std::string::npos);
}

TEST_CASE("attack 8: dates, authors, option combinations, modes and messages", "[attack][smaller]") {
    TempDir t;
    const auto db = t / "c.db";
    seed(db);
    write_file(t / "a.json", man().dump());
    const std::string base = "--db " + quote(db) + " sessions --author x ";
    SECTION("impossible and future dates") {
        Run r = cli(t, base + "new --patient 'New Born' --birth-date 2100-01-01 --answers " + quote(t / "a.json"));
        CHECK(r.code == 1);
        CHECK(r.err.find("future") != std::string::npos);
        r = cli(t, base + "new --patient 'New Born' --birth-date 2026-02-31 --answers " + quote(t / "a.json"));
        CHECK(r.code == 1);
        r = cli(t, "--db " + quote(db) + " handout --session 1 --date 2026-02-31 --pdf " + quote(t / "x.pdf"));
        CHECK(r.code == 1);
        CHECK(r.err.find("calendar date") != std::string::npos);
        CHECK_FALSE(fs::exists(t / "x.pdf"));
        CHECK(Store::open(db).find_patients("New Born").empty());
    }
    SECTION("'none' beside other codes, and a QuestionnaireResponse for another questionnaire version") {
        json both = man();
        both["current_treatments"] = {"finasteride", "none"};
        CHECK_THROWS_WITH(answers(both), Catch::Contains("'none' cannot be given together"));
        json qr = {{"resourceType", "QuestionnaireResponse"},
                   {"status", "completed"},
                   {"questionnaire", "https://hairconsult.example/Questionnaire/db-test|0.9.0"},
                   {"item", json::array({{{"linkId", "page_about"},
                                          {"item", json::array({{{"linkId", "age_years"}, {"answer", {{{"valueInteger", 34}}}}}})}}})}};
        CHECK_THROWS_WITH(answers(qr), Catch::Contains("version 0.9.0"));
        qr["questionnaire"] = "https://hairconsult.example/Questionnaire/db-test|1.0.0";
        CHECK(answers(qr).answered(pack1().questionnaire.find("age_years")));
        write_file(t / "both.json", both.dump());
        const Run r = cli(t, base + "new --patient 'Both Ways' --answers " + quote(t / "both.json"));
        CHECK(r.code == 1);
        CHECK(r.err_lines() == 1);
    }
    SECTION("--verdict without --option") {
        const Run r = cli(t, base + "list --verdict avoid");
        CHECK(r.code == 1);
        CHECK(r.err.find("--option") != std::string::npos);
    }
    SECTION("the audit author is the account name when $USER is unset") {
        const Run r = cli(t, "--db " + quote(db) + " sessions new --patient 'No User' --answers " + quote(t / "a.json"),
                          "env -u USER");
        REQUIRE(r.code == 0);
        Store s = Store::open(db);
        for (const auto& a : s.audit(std::stoll(r.out))) CHECK_FALSE(a.author.empty());
    }
    SECTION("a database and data folder left open to others are made private, with a note") {
        const auto home = t / "data";
        const auto dir = home / "hairconsult";
        fs::create_directories(dir);
        fs::copy_file(db, dir / "consultations.db");
        ::chmod(dir.c_str(), 0777);
        ::chmod((dir / "consultations.db").c_str(), 0644);
        const Run r = cli(t, "sessions --author x new --patient 'Mode Test' --answers " + quote(t / "a.json"),
                          "env XDG_DATA_HOME=" + quote(home));
        CHECK(r.code == 0);
        CHECK(r.err.find("0600") != std::string::npos);
        CHECK(r.err.find("0700") != std::string::npos);
        CHECK(mode_of(dir) == 0700);
        CHECK(mode_of(dir / "consultations.db") == 0600);
    }
    SECTION("a symlinked database and a -wal folder are named as what they are") {
        fs::create_symlink(db, t / "link.db");
        CHECK_THAT(open_error(t / "link.db"), Catch::Contains("symbolic link"));
        fs::create_directory(db.string() + "-wal");
        CHECK_THAT(open_error(db), Catch::Contains("-wal is a folder"));
    }
}
