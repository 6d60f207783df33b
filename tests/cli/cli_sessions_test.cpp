// hairconsult-cli sessions through the real binary: what a clinician at a terminal sees (ids on
// stdout, one line on stderr, exit codes 0/1/2) and what the file holds afterwards, read back
// through the store itself.
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <vector>

#include "tests/db/test_util.h"
#include "tests/db/wrong_shape.h"

using namespace hc::db;
using namespace hc::db::test;
using nlohmann::json;
using K = StoreError::Kind;

namespace {

struct Run {
    int code = -1;
    std::string out, err;
    int err_lines() const { return static_cast<int>(std::count(err.begin(), err.end(), '\n')); }
};

// One CLI run against `db` with the store tests' small pack; stdin is empty.
struct Cli {
    TempDir dir;
    std::filesystem::path db = dir / "c.db";

    Run operator()(const std::string& args, const std::filesystem::path& database = {}) const {
        const auto out = dir / "stdout";
        const auto err = dir / "stderr";
        const std::string cmd = quote(std::string(HC_CLI_PATH)) + " --pack " + quote(std::filesystem::path(HC_TEST_DATA) / "pack") +
                                " --db " + quote(database.empty() ? db : database) + " sessions --author dr-cli " + args +
                                " </dev/null >" + quote(out) + " 2>" + quote(err);
        const int status = std::system(cmd.c_str());
        return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, file_bytes(out), file_bytes(err)};
    }

    std::string answers(const std::string& name, const json& doc) const {
        write_file(dir / name, doc.dump());
        return quote(dir / name);
    }

    // `sessions new` that must succeed; returns the id it printed.
    ConsultationId add(const std::string& patient, const json& doc, const std::string& extra = "") const {
        const Run r = (*this)("new --patient " + quote(patient) + " --answers " + answers("a.json", doc) + " " + extra);
        INFO(r.err);
        REQUIRE(r.code == 0);
        return std::stoll(r.out);
    }

    Store store() const {
        OpenOptions o;
        o.lock = OpenOptions::Lock::Shared;
        o.read_only = true;
        return Store::open(db, o);
    }
};

bool has_line_with(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("cli sessions new prints only the committed id", "[db][cli]") {
    Cli cli;
    const Run r = cli("new --patient 'Ada Example' --record-number MRN-1 --answers " + cli.answers("a.json", man()));
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(r.err.empty());
    REQUIRE(r.out.size() >= 2);
    CHECK(r.out.back() == '\n');
    CHECK(r.out.find_first_not_of("0123456789\n") == std::string::npos);
    CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);
    const ConsultationId id = std::stoll(r.out);

    const Store s = cli.store();
    const Consultation c = s.get(id);
    CHECK(c.patient.name == "Ada Example");
    CHECK(c.patient.record_number == "MRN-1");
    CHECK(c.summary.status == Status::InProgress);
    CHECK(c.latest.info.author == "dr-cli");
    CHECK(json::parse(c.latest.answers_json) == man());

    // The same record number reuses the patient; --finalise locks the new one at once.
    const ConsultationId second = cli.add("Ada Example", man("4"), "--record-number MRN-1 --finalise");
    const Store s2 = cli.store();
    CHECK(s2.get(second).patient.id == c.patient.id);
    CHECK(s2.get(second).summary.status == Status::Completed);
}

TEST_CASE("cli sessions new: a bad answers file is one line naming the item, nothing is written", "[db][cli]") {
    Cli cli;
    SECTION("no database yet: none is created") {}
    SECTION("an existing database keeps its bytes") { cli.add("Ben Example", woman()); }
    const bool existed = std::filesystem::exists(cli.db);
    const std::string before = existed ? file_bytes(cli.db) : "";

    json bad = man();
    bad["norwood_stage"] = "9";  // not one of the stages the pack offers
    const Run r = cli("new --patient 'Cal Example' --answers " + cli.answers("bad.json", bad));
    CHECK(r.code == 1);
    CHECK(r.out.empty());
    CHECK(r.err_lines() == 1);
    CHECK(has_line_with(r.err, "norwood_stage"));

    json unknown = man();
    unknown["favourite_colour"] = "blue";
    const Run u = cli("new --patient 'Cal Example' --answers " + cli.answers("unknown.json", unknown));
    CHECK(u.code == 1);
    CHECK(u.err_lines() == 1);
    CHECK(has_line_with(u.err, "favourite_colour"));

    write_file(cli.dir / "broken.json", R"({"age_years": 34, "age_years": 35})");
    const Run d = cli("new --patient 'Cal Example' --answers " + quote(cli.dir / "broken.json"));
    CHECK(d.code == 1);
    CHECK(d.err_lines() == 1);

    // --finalise with a required item missing refuses before anything is saved.
    const Run f = cli("new --patient 'Cal Example' --finalise --answers " + cli.answers("part.json", json{{"age_years", 30}}));
    CHECK(f.code == 1);
    CHECK(f.err_lines() == 1);
    CHECK(has_line_with(f.err, "sex_at_birth"));

    CHECK(std::filesystem::exists(cli.db) == existed);
    if (existed) CHECK(file_bytes(cli.db) == before);
}

TEST_CASE("cli sessions list: filters, paging and JSON", "[db][cli]") {
    Cli cli;
    const auto ada = cli.add("Ada Smith", man("3"));
    const auto bea = cli.add("Bea Jones", woman());
    const auto cyd = cli.add("Cyd Smithers", man("4"), "--finalise");
    const auto dee = cli.add("Dee Other", json{{"age_years", 50}, {"sex_at_birth", "female"}, {"pattern_type", "other"}});
    REQUIRE(cli("withdraw " + std::to_string(dee) + " --reason 'wrong patient'").code == 0);

    auto ids_of = [&](const std::string& args) {
        const Run r = cli("list --format json " + args);
        INFO(args << ": " << r.err);
        REQUIRE(r.code == 0);
        std::vector<ConsultationId> ids;
        const json doc = json::parse(r.out);  // named: a range-for over a temporary's member dangles
        for (const auto& row : doc["rows"]) ids.push_back(row["id"].get<ConsultationId>());
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    using V = std::vector<ConsultationId>;
    CHECK(ids_of("") == V{ada, bea, cyd, dee});
    CHECK(ids_of("--text smith") == V{ada, cyd});
    CHECK(ids_of("--status completed") == V{cyd});
    CHECK(ids_of("--assessment female_pattern_hair_loss") == V{bea});
    CHECK(ids_of("--option oral_finasteride --verdict avoid") == V{bea});
    CHECK(ids_of("--option oral_finasteride --verdict first_line") == V{ada, cyd});
    CHECK(ids_of("--hide-withdrawn") == V{ada, bea, cyd});
    CHECK(ids_of("--from 2000-01-01 --to 2199-12-31") == V{ada, bea, cyd, dee});
    CHECK(ids_of("--to 2000-01-01").empty());
    const Run bad_date = cli("list --to 2999-12-31");
    CHECK(bad_date.code == 1);
    CHECK(bad_date.err_lines() == 1);

    // Text mode: one line per row, then the keyset position of the next page.
    const Run page1 = cli("list --limit 3");
    REQUIRE(page1.code == 0);
    const auto at = page1.out.find("next page: --after ");
    REQUIRE(at != std::string::npos);
    CHECK(has_line_with(page1.out, "Dee Other"));  // newest first
    const std::string after = page1.out.substr(at + 19, page1.out.find('\n', at) - at - 19);
    const Run page2 = cli("list --limit 3 --after " + quote(after));
    REQUIRE(page2.code == 0);
    CHECK(has_line_with(page2.out, "Ada Smith"));
    CHECK_FALSE(has_line_with(page2.out, "Dee Other"));
    CHECK_FALSE(has_line_with(page2.out, "next page"));
    CHECK(has_line_with(cli("list --text nobody").out, "no consultations match"));

    CHECK(cli("list --status finished").code == 1);
    CHECK(cli("list --after nonsense").code == 1);
}

TEST_CASE("cli sessions show: revisions and the result as decided", "[db][cli]") {
    Cli cli;
    const auto id = cli.add("Eve Example", man("3"), "--record-number R-7");
    const Run t = cli("show " + std::to_string(id));
    INFO(t.err);
    REQUIRE(t.code == 0);
    CHECK(has_line_with(t.out, "consultation " + std::to_string(id) + "  in-progress  Eve Example [R-7]"));
    CHECK(has_line_with(t.out, "#1 (id "));
    CHECK(has_line_with(t.out, "assessment  androgenetic_alopecia_male (likely)"));
    CHECK(has_line_with(t.out, "option      oral_finasteride: first_line"));

    const Run j = cli("show " + std::to_string(id) + " --format json");
    REQUIRE(j.code == 0);
    const json doc = json::parse(j.out);
    const Store s = cli.store();
    const Consultation c = s.get(id);
    CHECK(doc["patient"]["name"] == "Eve Example");
    CHECK(doc["result"] == json::parse(c.latest.result_json));
    CHECK(doc["answers"] == json::parse(c.latest.answers_json));

    const Run missing = cli("show 9999");
    CHECK(missing.code == 1);
    CHECK(missing.err_lines() == 1);
    CHECK(has_line_with(missing.err, "9999"));
}

TEST_CASE("cli sessions: a saved result of the wrong shape in the file is one line on stderr and exit 1",
          "[db][cli][stored]") {
    Cli cli;
    const auto id = cli.add("Wes Wrongshape", man("3"), "--finalise");
    const RevisionId before = cli.store().get(id).latest.info.id;
    // Another program appends a revision whose result has a red flag that is not an object.
    const RevisionId bad = hc::test::append_wrong_shape(cli.db, id, [](json& r) { r["red_flags"] = json::array({"oops"}); });
    for (const std::string& args : {"show " + std::to_string(id), "show " + std::to_string(id) + " --format json",
                                    "diff " + std::to_string(before) + " " + std::to_string(bad)}) {
        INFO(args);
        const Run r = cli(args);
        CHECK(r.code == 1);
        CHECK(r.err_lines() == 1);
        CHECK(has_line_with(r.err, "stored result /red_flags/0 must be an object, not a string"));
        CHECK_FALSE(has_line_with(r.err, "json.exception"));
    }
    // The revision before it still shows.
    const Run earlier = cli("show " + std::to_string(id) + " --revision " + std::to_string(before));
    INFO(earlier.err);
    CHECK(earlier.code == 0);
    CHECK(has_line_with(earlier.out, "assessment  androgenetic_alopecia_male (likely)"));
}

TEST_CASE("cli sessions export: JSON and FHIR files are 0600 and never overwritten", "[db][cli][exchange]") {
    Cli cli;
    const auto id = cli.add("Fay Example", woman());
    const auto js = cli.dir / "out.json";
    const auto fh = cli.dir / "out.fhir.json";
    REQUIRE(cli("export " + std::to_string(id) + " --out " + quote(js)).code == 0);
    REQUIRE(cli("export " + std::to_string(id) + " --format fhir --out " + quote(fh)).code == 0);
    CHECK(mode_of(js) == 0600);
    CHECK(mode_of(fh) == 0600);
    const json doc = json::parse(file_bytes(js));
    CHECK(doc["format"] == "hairconsult-consultation");
    const json fhir = json::parse(file_bytes(fh));
    CHECK(fhir["resourceType"] == "QuestionnaireResponse");
    CHECK(fhir["status"] == "in-progress");

    // Refuses to replace an existing file: exit 1, one line, the file untouched.
    const std::string before = file_bytes(js);
    const Run again = cli("export " + std::to_string(id) + " --format fhir --out " + quote(js));
    CHECK(again.code == 1);
    CHECK(again.err_lines() == 1);
    CHECK(has_line_with(again.err, "already exists"));
    CHECK(file_bytes(js) == before);

    // To stdout: the same document.
    const Run out = cli("export " + std::to_string(id));
    REQUIRE(out.code == 0);
    CHECK(json::parse(out.out) == doc);

    // Three exports reached a file or stdout; the refused one is not in the audit log.
    const Store s = cli.store();
    int exported = 0;
    for (const auto& a : s.audit(id)) exported += a.action == AuditAction::Exported;
    CHECK(exported == 3);
}

TEST_CASE("cli sessions import: round trip into another file, a hostile file changes nothing", "[db][cli][exchange]") {
    Cli cli;
    const auto id = cli.add("Gus Example", man("3"), "--record-number G-1 --finalise");
    REQUIRE(cli("amend " + std::to_string(id) + " --answers " + cli.answers("b.json", man("4")) + " --reason 'stage re-read'").code == 0);
    const auto file = cli.dir / "gus.json";
    REQUIRE(cli("export " + std::to_string(id) + " --out " + quote(file)).code == 0);

    const auto other = cli.dir / "other.db";
    const Run r = cli("import " + quote(file), other);
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(r.out.find_first_not_of("0123456789\n") == std::string::npos);
    const ConsultationId imported = std::stoll(r.out);
    {
        const Store a = cli.store();
        OpenOptions ro;
        ro.read_only = true;
        ro.lock = OpenOptions::Lock::Shared;
        const Store b = Store::open(other, ro);
        const Consultation ca = a.get(id), cb = b.get(imported);
        CHECK(cb.uid == ca.uid);
        CHECK(cb.summary.status == Status::Amended);
        REQUIRE(cb.revisions.size() == ca.revisions.size());
        for (std::size_t i = 0; i < ca.revisions.size(); ++i) {
            const Revision ra = a.revision(ca.revisions[i].id), rb = b.revision(cb.revisions[i].id);
            CHECK(rb.answers_json == ra.answers_json);
            CHECK(rb.result_json == ra.result_json);
            CHECK(rb.info.reason == ra.info.reason);
        }
    }

    // Importing the same consultation again is a duplicate: refused, file unchanged.
    const std::string other_before = file_bytes(other);
    const Run dup = cli("import " + quote(file), other);
    CHECK(dup.code == 1);
    CHECK(dup.err_lines() == 1);
    CHECK(file_bytes(other) == other_before);

    // Hostile files: each refused with one line; the file's bytes stay as they were.
    const std::string text = file_bytes(file);
    json doc = json::parse(text);
    std::vector<std::pair<std::string, std::string>> hostile;
    {
        json d = doc;
        d["uid"] = "fedcba9876543210fedcba9876543210";
        d["revisions"][0]["answers"]["norwood_stage"] = "9";
        hostile.push_back({"bad answer", d.dump()});
    }
    {
        json d = doc;
        d["uid"] = "fedcba9876543210fedcba9876543211";
        d["patient"]["name"] = std::string("Gus\x01");
        hostile.push_back({"control character", d.dump()});
    }
    hostile.push_back({"deep", std::string(100000, '[') + std::string(100000, ']')});
    hostile.push_back({"duplicate key", R"({"format": "hairconsult-consultation", "format": "x"})"});
    hostile.push_back({"truncated", text.substr(0, text.size() / 2)});
    hostile.push_back({"not json", "\x7f" "ELF garbage"});
    for (const auto& [what, bytes] : hostile) {
        INFO(what);
        write_file(cli.dir / "hostile.json", bytes);
        const Run h = cli("import " + quote(cli.dir / "hostile.json"), other);
        CHECK(h.code == 1);
        CHECK(h.out.empty());
        CHECK(h.err_lines() == 1);
        CHECK(file_bytes(other) == other_before);
    }
    CHECK(cli("import " + quote(cli.dir / "no-such.json"), other).code == 1);
}

TEST_CASE("cli sessions finalise, amend, withdraw follow the status rules", "[db][cli]") {
    Cli cli;
    const auto id = cli.add("Hal Example", json{{"age_years", 40}, {"sex_at_birth", "male"}});
    const std::string sid = std::to_string(id);

    const Run early = cli("finalise " + sid);
    CHECK(early.code == 1);
    CHECK(early.err_lines() == 1);
    CHECK(has_line_with(early.err, "pattern_type"));

    const Run amend_early = cli("amend " + sid + " --answers " + cli.answers("m.json", man()) + " --reason r");
    CHECK(amend_early.code == 1);

    const Run fin = cli("finalise " + sid + " --answers " + cli.answers("m.json", man()));
    INFO(fin.err);
    REQUIRE(fin.code == 0);
    CHECK(has_line_with(fin.out, "finalised consultation " + sid));
    CHECK(cli("finalise " + sid).code == 1);  // already finalised

    // --based-on: the revision the change was made from; an older one is refused, nothing written.
    const Run stale = cli("amend " + sid + " --answers " + cli.answers("m4.json", man("4")) + " --reason 're-read' --based-on 1");
    CHECK(stale.code == 1);
    CHECK(has_line_with(stale.err, "was saved elsewhere (revision 2) since you opened it at revision 1"));
    CHECK(cli.store().get(id).revisions.size() == 2);
    const Run am = cli("amend " + sid + " --answers " + cli.answers("m4.json", man("4")) + " --reason 'stage re-read' --based-on 2");
    REQUIRE(am.code == 0);
    CHECK(cli("amend " + sid + " --answers " + cli.answers("m4.json", man("4")) + " --reason ''").code == 1);

    REQUIRE(cli("withdraw " + sid + " --reason 'entered on the wrong patient'").code == 0);
    CHECK(cli("withdraw " + sid + " --reason again").code == 1);
    CHECK(cli("amend " + sid + " --answers " + cli.answers("m3.json", man("3")) + " --reason late").code == 1);

    const Store s = cli.store();
    const Consultation c = s.get(id);
    CHECK(c.summary.status == Status::EnteredInError);
    CHECK(c.withdrawn_reason == "entered on the wrong patient");
    REQUIRE(c.revisions.size() == 3);
    CHECK(c.revisions[0].status == Status::InProgress);
    CHECK(c.revisions[1].status == Status::Completed);
    CHECK(c.revisions[2].status == Status::Amended);
    CHECK(c.revisions[2].reason == "stage re-read");
}

TEST_CASE("cli sessions erase-patient needs --yes and removes everything of theirs", "[db][cli]") {
    Cli cli;
    const auto id = cli.add("Ivy Secretname", woman(), "--record-number IVY-1");
    const auto keep = cli.add("Jon Keeper", man());
    const PatientId pid = cli.store().get(id).patient.id;

    const std::string before = file_bytes(cli.db);
    const Run no = cli("erase-patient " + std::to_string(pid));
    CHECK(no.code == 1);
    CHECK(has_line_with(no.err, "--yes"));
    CHECK(file_bytes(cli.db) == before);

    const Run yes = cli("erase-patient " + std::to_string(pid) + " --yes");
    INFO(yes.err);
    REQUIRE(yes.code == 0);
    const Store s = cli.store();
    CHECK(kind_thrown([&] { s.get(id); }) == K::NotFound);
    CHECK(kind_thrown([&] { s.patient(pid); }) == K::NotFound);
    CHECK(s.get(keep).patient.name == "Jon Keeper");
    CHECK(cli("list --text Secretname").out.find("no consultations match") != std::string::npos);
    // The name is gone from the file itself, not only from the queries (WAL checkpointed).
    CHECK(file_bytes(cli.db).find("Secretname") == std::string::npos);
    CHECK(cli("erase-patient " + std::to_string(pid) + " --yes").code == 1);
}

TEST_CASE("cli sessions: usage errors exit 2", "[db][cli]") {
    Cli cli;
    for (const char* args : {"", "new --answers x.json", "new --patient P", "list --limit 0", "list --format xml",
                             "show", "show abc", "export 1 --format pdf", "erase-patient", "frobnicate",
                             "list --no-such-flag"}) {
        INFO(args);
        const Run r = cli(args);
        CHECK(r.code == 2);
        CHECK(r.out.empty());
    }
    CHECK_FALSE(std::filesystem::exists(cli.db));  // nothing was opened, let alone created
}

TEST_CASE("cli sessions: a foreign or corrupt database is one clear line and keeps its bytes", "[db][cli][open]") {
    Cli cli;
    const auto foreign = cli.dir / "foreign.db";
    {
        SQLite::Database other(foreign.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        other.exec("CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES('someone else''s data')");
    }
    const auto random = cli.dir / "random.db";
    write_file(random, std::string(8192, '\x5a'));
    const auto corrupt = cli.dir / "corrupt.db";
    {
        Cli maker;
        maker.add("Kim Example", man());
        {
            // Fold the WAL in so the damage below hits the only copy.
            SQLite::Database raw(maker.db.string(), SQLite::OPEN_READWRITE);
            raw.exec("PRAGMA wal_checkpoint(TRUNCATE)");
            raw.exec("PRAGMA journal_mode = DELETE");
        }
        std::string bytes = file_bytes(maker.db);
        REQUIRE(bytes.size() > 6 * 4096);
        for (std::size_t i = 2 * 4096; i < 5 * 4096; ++i) bytes[i] = static_cast<char>(0xA5);
        write_file(corrupt, bytes);
    }
    for (const auto& [file, expect] : {std::pair{foreign, "not a hairconsult database"},
                                       std::pair{random, "not a hairconsult database"}, std::pair{corrupt, "damaged"}}) {
        INFO(file.filename());
        const std::string before = file_bytes(file);
        for (const std::string& args :
             std::vector<std::string>{"list", "show 1", "new --patient X --answers " + cli.answers("a.json", man())}) {
            INFO(args);
            const Run r = cli(args, file);
            CHECK(r.code == 1);
            CHECK(r.out.empty());
            CHECK(r.err_lines() == 1);
            CHECK(has_line_with(r.err, expect));
            CHECK(file_bytes(file) == before);
            CHECK_FALSE(std::filesystem::exists(file.string() + "-wal"));
            CHECK_FALSE(std::filesystem::exists(file.string() + ".lock"));
        }
    }
}

namespace {

std::map<std::string, std::string> folder_bytes(const std::filesystem::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir)) out[e.path().filename().string()] = file_bytes(e.path());
    return out;
}

// One CLI run with the database's folder bind-mounted read-only in a private mount namespace
// (real even as root, where file modes are ignored). Output goes to `out`, which stays writable.
Run run_read_only(const Cli& cli, const TempDir& out, const std::string& args) {
    const std::string dir = quote(cli.dir.path);
    const std::string inner = "mount --bind " + dir + " " + dir + " && mount -o remount,bind,ro " + dir + " && exec " +
                              quote(std::string(HC_CLI_PATH)) + " --pack " +
                              quote(std::filesystem::path(HC_TEST_DATA) / "pack") + " --db " + quote(cli.db) +
                              " sessions --author dr-ro " + args + " </dev/null";
    const std::string cmd = "unshare --mount --propagation private sh -c " + quote(inner) + " >" + quote(out / "stdout") +
                            " 2>" + quote(out / "stderr");
    const int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, file_bytes(out / "stdout"), file_bytes(out / "stderr")};
}

}  // namespace

TEST_CASE("cli sessions on a read-only disk: read verbs work, export notes the missing audit row, writes refused",
          "[db][cli][readonly]") {
    if (::geteuid() != 0) {
        WARN("not root: skipped (cannot bind-mount a folder read-only)");
        return;
    }
    if (std::system("unshare --mount --propagation private true >/dev/null 2>&1") != 0) {
        WARN("unshare cannot make a private mount namespace here: skipped");
        return;
    }
    Cli cli;
    TempDir out;
    const auto id = cli.add("Ro Example", man("3"));
    REQUIRE(cli("finalise " + std::to_string(id)).code == 0);
    std::vector<RevisionId> revs;
    {
        const Store s = cli.store();
        for (const auto& r : s.get(id).revisions) revs.push_back(r.id);
    }
    REQUIRE(revs.size() == 2);
    std::filesystem::remove(cli.dir / "stdout");
    std::filesystem::remove(cli.dir / "stderr");
    const auto before = folder_bytes(cli.dir.path);
    const std::string sid = std::to_string(id);

    const Run list = run_read_only(cli, out, "list");
    INFO(list.err);
    REQUIRE(list.code == 0);
    CHECK(list.err.empty());
    CHECK(has_line_with(list.out, sid + "  "));
    CHECK(has_line_with(list.out, "completed  Ro Example"));

    const Run diff = run_read_only(cli, out, "diff " + std::to_string(revs[0]) + " " + std::to_string(revs[1]));
    INFO(diff.err);
    CHECK(diff.code == 0);
    CHECK(diff.err.empty());
    CHECK(has_line_with(diff.out, "no differences"));

    const Run chain = run_read_only(cli, out, "chain " + sid);
    INFO(chain.err);
    CHECK(chain.code == 0);
    CHECK(chain.err.empty());
    CHECK(has_line_with(chain.out, sid + "  "));

    // show and export are audited reads: they work, and say in one line that no row was kept.
    const Run show = run_read_only(cli, out, "show " + sid);
    INFO(show.err);
    CHECK(show.code == 0);
    CHECK(has_line_with(show.out, "consultation " + sid + "  completed  Ro Example"));
    CHECK(show.err_lines() == 1);
    CHECK(has_line_with(show.err, "not recorded in its audit log"));

    const Run exp = run_read_only(cli, out, "export " + sid);
    INFO(exp.err);
    REQUIRE(exp.code == 0);
    CHECK(json::parse(exp.out)["format"] == "hairconsult-consultation");
    CHECK(exp.err_lines() == 1);
    CHECK(has_line_with(exp.err, "export was not recorded in its audit log"));

    const auto fh = out / "out.fhir.json";
    const Run fhir = run_read_only(cli, out, "export " + sid + " --format fhir --out " + quote(fh));
    INFO(fhir.err);
    REQUIRE(fhir.code == 0);
    CHECK(fhir.err_lines() == 1);
    CHECK(mode_of(fh) == 0600);
    CHECK(json::parse(file_bytes(fh))["resourceType"] == "QuestionnaireResponse");

    // A write verb still opens for writing: refused with the read-only line, exit 1.
    const Run withdraw = run_read_only(cli, out, "withdraw " + sid + " --reason 'wrong patient'");
    CHECK(withdraw.code == 1);
    CHECK(withdraw.out.empty());
    CHECK(withdraw.err_lines() == 1);
    CHECK(has_line_with(withdraw.err, "read-only"));

    // Nothing on the read-only disk changed (no -wal, -shm or new .lock either), and the audit
    // log, read back with the disk writable again, holds no export or opening by dr-ro.
    CHECK(folder_bytes(cli.dir.path) == before);
    const Store s = cli.store();
    for (const auto& a : s.audit(id)) CHECK(a.author != "dr-ro");
}
