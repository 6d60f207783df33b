// Patients, consultations, revisions, drafts, status changes, the append-only triggers, erasure.
#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <thread>

#include "engine/evaluate.h"
#include "engine/result.h"
#include "store_under_test.h"
#include "test_util.h"

using namespace hc::db;
using namespace hc::db::test;
using K = StoreError::Kind;
using nlohmann::json;

namespace {
struct Fixture {
    TempDir t;
    std::string where = fresh_store(t, "c");  // a file, or a database on the test server
    Store s = Store::open(where);
};
}  // namespace

TEST_CASE("patients: add, read, unique record number, bad text refused", "[db][patients]") {
    Fixture f;
    const auto a = f.s.add_patient({"Ann O'Brien & Sons <b>", "MRN-1", "1980-02-29"});
    const Patient p = f.s.patient(a);
    CHECK(p.name == "Ann O'Brien & Sons <b>");
    CHECK(p.record_number == "MRN-1");
    CHECK(p.birth_date == "1980-02-29");
    CHECK(f.s.patient_by_record_number("MRN-1")->id == a);
    CHECK_FALSE(f.s.patient_by_record_number("nope"));
    CHECK(kind_thrown([&] { f.s.add_patient({"Other", "MRN-1", ""}); }) == K::Duplicate);
    CHECK(kind_thrown([&] { f.s.add_patient({"  ", "", ""}); }) == K::InvalidInput);
    CHECK(kind_thrown([&] { f.s.add_patient({std::string("Nul\0byte", 8), "", ""}); }) == K::InvalidInput);
    CHECK(kind_thrown([&] { f.s.add_patient({"Bad \xff UTF8", "", ""}); }) == K::InvalidInput);
    CHECK(kind_thrown([&] { f.s.add_patient({"Bad date", "", "1981-02-29"}); }) == K::InvalidInput);
    CHECK(kind_thrown([&] { f.s.add_patient({std::string(201, 'x'), "", ""}); }) == K::InvalidInput);
    CHECK(kind_thrown([&] { f.s.patient(999); }) == K::NotFound);
}

TEST_CASE("a consultation stores effective answers and the engine's own result", "[db][consultations]") {
    Fixture f;
    const auto pid = f.s.add_patient({"Ed Example", "", ""});
    // norwood_stage answered but hidden (female pattern): dropped from what is stored.
    json doc = woman();
    doc["norwood_stage"] = "3";
    const auto a = answers(doc);
    const auto cid = f.s.start_consultation(pid, pack1(), a, "dr a");
    const Consultation c = f.s.get(cid);
    CHECK(c.summary.status == Status::InProgress);
    CHECK(c.revisions.size() == 1);
    CHECK(c.latest.info.number == 1);
    CHECK(c.latest.info.pack_id == "db-test");
    CHECK(c.latest.info.pack_version == "1.0.0");
    CHECK(c.latest.info.author == "dr a");
    const json stored = json::parse(c.latest.answers_json);
    CHECK_FALSE(stored.contains("norwood_stage"));
    CHECK(stored["sex_at_birth"] == "female");
    const auto eff = hc::effective_answers(pack1().questionnaire, a);
    CHECK(c.latest.result_json == hc::to_json(pack1(), eff.answers, hc::evaluate(pack1(), eff.answers)).dump());
    CHECK(c.summary.headline_ids == std::vector<std::string>{"female_pattern_hair_loss"});
    CHECK(c.uid.size() == 32);
}

TEST_CASE("drafts overwrite one scratch row, revisions append, finalise locks, amend needs a reason",
          "[db][consultations]") {
    Fixture f;
    const auto pid = f.s.add_patient({"Fay Example", "", ""});
    const auto cid = f.s.start_consultation(pid, pack1(), answers({{"age_years", 30}}), "dr a");

    f.s.autosave(cid, pack1(), answers({{"age_years", 31}}), {}, "dr a");
    f.s.autosave(cid, pack1(), answers({{"age_years", 32}, {"sex_at_birth", "male"}}), {}, "dr a");
    Consultation c = f.s.get(cid);
    REQUIRE(c.autosave);
    CHECK(json::parse(c.autosave->answers_json)["age_years"] == 32);
    CHECK(c.revisions.size() == 1);  // drafts are not history
    CHECK(c.summary.has_draft);
    CHECK(hc::db::answers_of(*c.autosave, pack1()) == answers({{"age_years", 32}, {"sex_at_birth", "male"}}));

    const auto r2 = f.s.save(cid, pack1(), answers({{"age_years", 32}, {"sex_at_birth", "male"}}), {}, "dr a");
    c = f.s.get(cid);
    CHECK_FALSE(c.autosave);
    CHECK(c.revisions.size() == 2);
    CHECK(c.latest.info.id == r2);

    // Not complete: pattern and stage missing.
    try {
        f.s.finalise(cid, pack1(), answers({{"age_years", 32}, {"sex_at_birth", "male"}}), {}, "dr a");
        FAIL("finalised an incomplete consultation");
    } catch (const StoreError& e) {
        CHECK(e.kind() == K::Incomplete);
        CHECK(std::string(e.what()).find("pattern_type") != std::string::npos);
    }
    CHECK(f.s.get(cid).summary.status == Status::InProgress);

    const std::vector<Override> ov = {{"oral_finasteride", Override::Decision::Decline, "Patient prefers no tablets"}};
    const auto r3 = f.s.finalise(cid, pack1(), answers(man()), ov, "dr a");
    c = f.s.get(cid);
    CHECK(c.summary.status == Status::Completed);
    CHECK_FALSE(c.finalised_at.empty());
    CHECK(c.latest.overrides == ov);
    CHECK(c.latest.info.status == Status::Completed);

    // Locked: no drafts, no plain saves, no second finalise.
    CHECK(kind_thrown([&] { f.s.autosave(cid, pack1(), answers(man("4")), {}, "dr a"); }) == K::WrongState);
    CHECK(kind_thrown([&] { f.s.save(cid, pack1(), answers(man("4")), {}, "dr a"); }) == K::WrongState);
    CHECK(kind_thrown([&] { f.s.finalise(cid, pack1(), answers(man("4")), {}, "dr a"); }) == K::WrongState);
    CHECK(kind_thrown([&] { f.s.amend(cid, pack1(), answers(man("4")), {}, "dr a", ""); }) == K::InvalidInput);

    const auto r4 = f.s.amend(cid, pack1(), answers(man("4")), {}, "dr b", "Re-staged on photographs");
    c = f.s.get(cid);
    CHECK(c.summary.status == Status::Amended);
    CHECK(c.revisions.size() == 4);
    CHECK(c.latest.info.reason == "Re-staged on photographs");
    CHECK(c.latest.info.author == "dr b");
    // The finalised revision opens exactly as decided.
    const Revision decided = f.s.revision(r3);
    CHECK(json::parse(decided.answers_json)["norwood_stage"] == "3");
    CHECK(decided.overrides == ov);
    CHECK(decided.info.status == Status::Completed);
    CHECK(f.s.revision(r4).info.number == 4);

    // Withdraw: kept, never deleted, then nothing else.
    CHECK(kind_thrown([&] { f.s.withdraw(cid, "dr a", ""); }) == K::InvalidInput);
    f.s.withdraw(cid, "dr a", "Wrong patient");
    c = f.s.get(cid);
    CHECK(c.summary.status == Status::EnteredInError);
    CHECK(c.withdrawn_reason == "Wrong patient");
    CHECK(c.revisions.size() == 4);
    CHECK(kind_thrown([&] { f.s.amend(cid, pack1(), answers(man()), {}, "dr a", "x"); }) == K::WrongState);
    CHECK(kind_thrown([&] { f.s.withdraw(cid, "dr a", "again"); }) == K::WrongState);
}

TEST_CASE("another program reading a consultation while this one saves sees one moment of it", "[db][consultations]") {
    Fixture f;
    const auto pid = f.s.add_patient({"Pat Reader", "", ""});
    const auto cid = f.s.start_consultation(pid, pack1(), answers(man()), "dr a");
    // A second window on the same file opens it read-only beside the first; on a server it is
    // another room.
    OpenOptions second;
    if (!kServer) {
        second.read_only = true;
        second.lock = OpenOptions::Lock::Shared;
    }
    const Store reader = Store::open(f.where, second);
    std::atomic<int> saves{0};
    std::atomic<bool> done{false};
    std::string saver_error;
    std::thread saver([&] {
        try {
            for (int i = 0; !done.load() && i < 2000; ++i) {
                f.s.save(cid, pack1(), answers(man(i % 2 ? "3" : "4")), {}, "dr a");
                ++saves;
            }
        } catch (const std::exception& e) {
            saver_error = e.what();
        }
        done = true;
    });
    int reads = 0, torn = 0;
    while (!done.load() && saves.load() < 300 && reads < 50000) {
        const Consultation c = reader.get(cid);
        ++reads;
        RevisionId newest = 0;
        for (const auto& r : c.revisions) newest = std::max(newest, r.id);
        if (c.summary.revision_count != static_cast<int>(c.revisions.size()) || c.latest.info.id != newest) ++torn;
    }
    done = true;
    saver.join();
    INFO(reads << " reads during " << saves.load() << " saves");
    CHECK(saver_error.empty());
    CHECK(saves.load() >= 300);
    CHECK(torn == 0);
}

TEST_CASE("overrides must name an option of the pack and carry a reason", "[db][consultations]") {
    Fixture f;
    const auto pid = f.s.add_patient({"Gus Example", "", ""});
    CHECK(kind_thrown([&] {
              f.s.start_consultation(pid, pack1(), answers(man()), "dr a", std::nullopt,
                                     {{"stem_cell_magic", Override::Decision::Accept, "asked"}});
          }) == K::InvalidInput);
    CHECK(kind_thrown([&] {
              f.s.start_consultation(pid, pack1(), answers(man()), "dr a", std::nullopt,
                                     {{"oral_finasteride", Override::Decision::Accept, ""}});
          }) == K::InvalidInput);
    CHECK(f.s.list({}).rows.empty());  // nothing half-written
}

TEST_CASE("a follow-up must point at the same patient's consultation", "[db][consultations]") {
    Fixture f;
    const auto a = f.s.add_patient({"Hal Example", "", ""});
    const auto b = f.s.add_patient({"Ida Example", "", ""});
    const auto ca = f.s.start_consultation(a, pack1(), answers(man()), "dr a");
    CHECK(kind_thrown([&] { f.s.start_consultation(b, pack1(), answers(woman()), "dr a", ca); }) == K::InvalidInput);
    CHECK(kind_thrown([&] { f.s.start_consultation(a, pack1(), answers(man()), "dr a", 999); }) == K::NotFound);
    const auto next = f.s.start_consultation(a, pack1(), answers(man()), "dr a", ca);
    CHECK(f.s.get(next).summary.follow_up_of == ca);
}

TEST_CASE("revisions and the audit log are append-only in the store itself", "[db][triggers]") {
    Fixture f;
    const auto pid = f.s.add_patient({"Jo Example", "", ""});
    const auto cid = f.s.start_consultation(pid, pack1(), answers(man()), "dr a");
    f.s.finalise(cid, pack1(), answers(man()), {}, "dr a");
    // Another program on its own connection (on the server: the owner, whom no privilege stops).
    using Catch::Matchers::Contains;
    auto refused = [&](const char* sql) { return raw_exec(f.where, sql); };
    CHECK_THAT(refused("UPDATE revisions SET answers = '{}'"), Contains("revisions are append-only"));
    CHECK_THAT(refused("DELETE FROM revisions"), Contains("revisions are append-only"));
    CHECK_THAT(refused("UPDATE audit SET action = 'opened'"), Contains("the audit log is append-only"));
    CHECK_THAT(refused("DELETE FROM audit"), Contains("the audit log is append-only"));
    CHECK_THAT(refused("DELETE FROM consultations"), Contains("consultations are never deleted (withdraw instead)"));
    CHECK_THAT(refused("DELETE FROM patients"), Contains("patients are removed only by erasing them"));
    CHECK_THAT(refused("UPDATE consultations SET status = 'in-progress'"),
               Contains("a finalised consultation cannot go back to in-progress"));
    CHECK(raw_count(f.where, "SELECT count(*) FROM revisions") == 2);
    CHECK(raw_count(f.where, "SELECT count(*) FROM erase_guard") == 0);
}

TEST_CASE("the audit log records actions without clinical content", "[db][audit]") {
    Fixture f;
    const auto pid = f.s.add_patient({"Kim Secretname", "MRN-77", ""});
    json doc = man();
    doc["clinician_notes"] = "very private note";
    const auto cid = f.s.start_consultation(pid, pack1(), answers(doc), "dr a");
    f.s.open_consultation(cid, "dr a");
    f.s.finalise(cid, pack1(), answers(doc), {}, "dr a");
    f.s.amend(cid, pack1(), answers(man("4")), {}, "dr a", "restaged");
    (void)f.s.export_json(cid, "dr a");
    f.s.record(AuditAction::Printed, cid, "dr a", "handout");
    std::vector<std::string> actions;
    for (const auto& e : f.s.audit(cid)) actions.emplace_back(to_string(e.action));
    CHECK(actions == std::vector<std::string>{"created", "saved", "opened", "finalised", "amended", "exported", "printed"});
    const auto cells = raw_cells(f.where, "SELECT * FROM audit");
    CHECK(cells.size() >= 7 * 8);
    for (const std::string& v : cells) {
        CHECK(v.find("Secretname") == std::string::npos);
        CHECK(v.find("MRN-77") == std::string::npos);
        CHECK(v.find("private") == std::string::npos);
        CHECK(v.find("male_pattern") == std::string::npos);
    }
}

TEST_CASE("erasing a patient removes every trace except id-only audit rows", "[db][erase]") {
    Fixture f;
    const auto keep = f.s.add_patient({"Keeper Person", "KEEP-1", ""});
    const auto gone = f.s.add_patient({"Zyxwvut Erasable", "ERASE-9", "1970-01-01"});
    const auto kc = f.s.start_consultation(keep, pack1(), answers(man()), "dr a");
    json doc = woman();
    doc["clinician_notes"] = "qwertyuiop secret";
    const auto c1 = f.s.start_consultation(gone, pack1(), answers(doc), "dr a");
    f.s.finalise(c1, pack1(), answers(doc), {}, "dr a");
    f.s.amend(c1, pack1(), answers(doc), {}, "dr a", "typo");
    const auto c2 = f.s.start_consultation(gone, pack1(), answers(doc), "dr a", c1);
    f.s.autosave(c2, pack1(), answers(doc), {}, "dr a");
    f.s.withdraw(c2, "dr a", "duplicate");

    f.s.erase_patient(gone, "dr a");
    CHECK(kind_thrown([&] { f.s.patient(gone); }) == K::NotFound);
    CHECK(kind_thrown([&] { f.s.get(c1); }) == K::NotFound);
    CHECK(kind_thrown([&] { f.s.get(c2); }) == K::NotFound);
    CHECK(f.s.find_patients("Zyxwvut").empty());
    CHECK(f.s.list({}).rows.size() == 1);
    CHECK(f.s.get(kc).patient.name == "Keeper Person");
    CHECK(f.s.integrity_check() == "ok");
    CHECK(kind_thrown([&] { f.s.erase_patient(gone, "dr a"); }) == K::NotFound);
    const auto log = f.s.audit();
    CHECK(to_string(log.back().action) == "erased");

    // The guard is gone: the triggers are back in force for everyone else.
    CHECK(raw_count(f.where, "SELECT count(*) FROM erase_guard") == 0);
    CHECK(raw_exec(f.where, "DELETE FROM revisions") != "ran");
    CHECK(raw_count(f.where, "SELECT count(*) FROM revisions") == 1);
    // What is left of the patient, read by another program: nothing but id-only audit rows.
    for (const char* table : {"patients", "consultations", "revisions", "drafts", "patient_search", "patient_grams"})
        for (const std::string& v : raw_cells(f.where, std::string("SELECT * FROM ") + table)) {
            CHECK(v.find("Zyxwvut") == std::string::npos);
            CHECK(v.find("zyxwvut") == std::string::npos);
            CHECK(v.find("qwertyuiop") == std::string::npos);
        }
    if (kServer) return;  // the server's own files are its administrator's (pg_dump, VACUUM)
    // The bytes are gone from the file and its WAL too (secure_delete, FTS optimize, checkpoint).
    const std::filesystem::path file = f.where;
    std::string all = file_bytes(file);
    if (std::filesystem::exists(file.string() + "-wal")) all += file_bytes(file.string() + "-wal");
    CHECK(all.find("Zyxwvut") == std::string::npos);
    CHECK(all.find("ERASE-9") == std::string::npos);
    CHECK(all.find("qwertyuiop") == std::string::npos);
    CHECK(all.find("Keeper Person") != std::string::npos);  // the search is a fair one
}

TEST_CASE("disk full (max_page_count): a clear message, earlier saves intact", "[db][diskfull][file]") {
    TempDir t;
    const auto file = t / "full.db";
    ConsultationId first = 0;
    PatientId pid = 0;
    {
        Store s = Store::open(file);
        pid = s.add_patient({"Lee Example", "", ""});
        first = s.start_consultation(pid, pack1(), answers(man()), "dr a");
    }
    OpenOptions o;
    o.max_pages = 60;
    Store s = Store::open(file, o);
    int saved = 0;
    StoreError::Kind kind = K::Internal;
    std::string message;
    json doc = man();
    doc["clinician_notes"] = std::string(3000, 'n');
    try {
        for (int i = 0; i < 1000; ++i, ++saved) s.start_consultation(pid, pack1(), answers(doc), "dr a");
    } catch (const StoreError& e) {
        kind = e.kind();
        message = e.what();
    }
    CHECK(kind == K::DiskFull);
    CHECK(message.find("full") != std::string::npos);
    CHECK(saved > 0);
    CHECK(s.integrity_check() == "ok");
    CHECK(s.get(first).patient.name == "Lee Example");
    CHECK(static_cast<int>(s.list({}, std::nullopt, 500).rows.size()) == saved + 1);
}

namespace {
// The WAL header's checkpoint sequence number: it changes each time the log starts over, which
// happens only after a checkpoint has copied all of it into the file.
std::uint32_t wal_sequence(const std::filesystem::path& db) {
    // The header only: the log grows past 17 MB here, and this is read after every save.
    std::ifstream in(db.string() + "-wal", std::ios::binary);
    std::string h(32, '\0');
    in.read(h.data(), static_cast<std::streamsize>(h.size()));
    REQUIRE(in.gcount() == 32);
    std::uint32_t v = 0;
    for (int i = 12; i < 16; ++i) v = (v << 8) | static_cast<unsigned char>(h[static_cast<std::size_t>(i)]);
    return v;
}
}  // namespace

TEST_CASE("saves leave checkpoints to checkpoint(): no save copies the log below the safety net", "[db][write][checkpoint][file]") {
    Fixture f;
    const auto pid = f.s.add_patient({"Pat Saver", "", ""});
    const auto cid = f.s.start_consultation(pid, pack1(), answers(man()), "dr a");
    REQUIRE(f.s.checkpoint());
    f.s.save(cid, pack1(), answers(man()), {}, "dr a");  // the log starts over here
    const std::uint32_t seq = wal_sequence(std::filesystem::path(f.s.location()));
    // SQLite's own automatic checkpoint would run inside the save that crosses 1000 pages, and
    // the store's earlier one at 4000; go past both (a page is 4096 bytes plus a 24-byte header).
    const std::uintmax_t past = 4200ull * (4096 + 24);
    int saves = 0;
    while (std::filesystem::file_size(f.s.location() + "-wal") < past && wal_sequence(std::filesystem::path(f.s.location())) == seq &&
           saves < 5000) {
        f.s.save(cid, pack1(), answers(man(saves % 2 ? "3" : "4")), {}, "dr a");
        ++saves;
    }
    INFO(saves << " saves");
    CHECK(wal_sequence(std::filesystem::path(f.s.location())) == seq);  // the log never started over: no save checkpointed
    REQUIRE(std::filesystem::file_size(f.s.location() + "-wal") >= past);
    // The idle checkpoint copies all of it; the next save starts the log over.
    CHECK(f.s.checkpoint());
    f.s.save(cid, pack1(), answers(man()), {}, "dr a");
    CHECK(wal_sequence(std::filesystem::path(f.s.location())) != seq);
    CHECK(f.s.integrity_check() == "ok");
}

TEST_CASE("checkpoint() from another thread while saves go on: nothing lost, file sound", "[db][write][checkpoint][file]") {
    Fixture f;
    const auto pid = f.s.add_patient({"Pat Threads", "", ""});
    const auto cid = f.s.start_consultation(pid, pack1(), answers(man()), "dr a");
    std::atomic<bool> stop{false};
    std::atomic<int> complete{0};
    std::thread housekeeping([&] {
        while (!stop) {
            if (f.s.checkpoint()) ++complete;
            std::this_thread::yield();
        }
    });
    constexpr int kSaves = 150;
    std::string failed;
    try {
        for (int i = 0; i < kSaves; ++i) f.s.save(cid, pack1(), answers(man(i % 2 ? "3" : "4")), {}, "dr a");
    } catch (const std::exception& e) {
        failed = e.what();
    }
    stop = true;
    housekeeping.join();
    REQUIRE(failed == "");
    CHECK(complete > 0);
    CHECK(f.s.checkpoint());
    CHECK(f.s.get(cid).summary.revision_count == kSaves + 1);
    CHECK(f.s.integrity_check() == "ok");
    f.s.erase_patient(pid, "dr a");  // the one checkpoint on the writer's connection, after its commit
    CHECK(f.s.find_patients("Threads").empty());
}

TEST_CASE("checkpoint() and erasing inside in_one_transaction neither wait for themselves nor lose the work", "[db][write][checkpoint][file]") {
    Fixture f;
    const auto pid = f.s.add_patient({"Pat Inside", "", ""});
    f.s.in_one_transaction([&] {
        f.s.start_consultation(pid, pack1(), answers(man()), "dr a");
        CHECK_FALSE(f.s.checkpoint());  // nothing committed to copy yet; returns at once
        f.s.erase_patient(pid, "dr a");
    });
    CHECK(f.s.find_patients("Inside").empty());
    CHECK(f.s.checkpoint());
    CHECK(f.s.integrity_check() == "ok");
}

TEST_CASE("checkpoint_due() says when the log is worth copying, checkpoint() clears it", "[db][write][checkpoint][file]") {
    Fixture f;
    const auto pid = f.s.add_patient({"Pat Due", "", ""});
    const auto cid = f.s.start_consultation(pid, pack1(), answers(man()), "dr a");
    REQUIRE(f.s.checkpoint());
    CHECK_FALSE(f.s.checkpoint_due());
    int saves = 0;
    while (!f.s.checkpoint_due() && saves < 3000) {
        f.s.save(cid, pack1(), answers(man(saves % 2 ? "3" : "4")), {}, "dr a");
        ++saves;
    }
    CHECK(f.s.checkpoint_due());
    CHECK(saves > 1);  // not after every save
    CHECK(f.s.checkpoint());
    CHECK_FALSE(f.s.checkpoint_due());
    Store read_only = Store::open(std::filesystem::path(f.where), [] { OpenOptions o; o.read_only = true; o.lock = OpenOptions::Lock::Shared; return o; }());
    CHECK_FALSE(read_only.checkpoint_due());
}
