// copy_store(): a file copied into another keeps every id and byte (read back through the
// public API of both), a second run finds everything already there, a conflicting target is
// refused and left as it was, a copy stopped half-way is resumed, and no id an erased patient
// had is handed out again by the copy.
//
// Built twice (tests/db/CMakeLists.txt, tests/pg/CMakeLists.txt): in hc_db_tests the cases
// copying a file into a file run; in hc_db_server_tests (HC_STORE_SERVER, under the pg_cluster
// fixture) those are left out as [file] and the cases through a server run instead.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "store_under_test.h"
#include "test_util.h"

using namespace hc::db;
using namespace hc::db::test;
using K = StoreError::Kind;
using nlohmann::json;

namespace {

// Ids of what fill() made, to look at afterwards.
struct Made {
    ConsultationId amended = 0, follow_up = 0, withdrawn = 0, printed = 0, erased = 0;
    PatientId erased_patient = 0;
};

// Several patients, a follow-up, an amendment with overrides, a withdrawn consultation, a draft,
// an erased patient (whose audit rows keep only ids), prints and exports in the audit log.
Made fill(Store& s) {
    Made m;
    const auto ann = s.add_patient({"Ann Example", "MRN-1", "1980-01-01"});
    m.amended = s.start_consultation(ann, pack1(), answers(man()), "dr a");
    s.finalise(m.amended, pack1(), answers(man()), {{"oral_finasteride", Override::Decision::Decline, "prefers topical"}},
               "dr a");
    s.amend(m.amended, pack1(), answers(man("4")), {{"oral_finasteride", Override::Decision::Accept, "agreed after all"}},
            "dr b", "Re-staged on photographs");
    m.follow_up = s.start_consultation(ann, pack1(), answers(man("4")), "dr a", m.amended);
    s.autosave(m.follow_up, pack1(), answers(man("2")), {}, "dr a");

    const auto zoe = s.add_patient({"Zoë Müller", "", ""});
    m.withdrawn = s.start_consultation(zoe, pack1(), answers(woman()), "dr c");
    s.withdraw(m.withdrawn, "dr c", "Wrong patient");

    m.erased_patient = s.add_patient({"Erased Person", "MRN-3", ""});
    m.erased = s.start_consultation(m.erased_patient, pack1(), answers(man()), "dr a");
    s.open_consultation(m.erased, "dr a");
    s.erase_patient(m.erased_patient, "dr a");

    const auto wang = s.add_patient({"王芳", "MRN-4", "1975-05-05"});
    m.printed = s.start_consultation(wang, pack1(), answers(woman()), "dr d");
    s.record(AuditAction::Printed, m.printed, "dr d", "handout");
    s.export_json(m.amended, "dr e");
    return m;
}

// The ids of a patient erase_newest() made and erased.
struct Erased {
    PatientId patient = 0;
    ConsultationId consultation = 0;
    RevisionId revision = 0;  // its newest
};

// Makes the store's newest patient, consultation and revisions and erases them, so that no row
// left holds ids as high: only the audit log and the store's own id counters remember them. The
// consultation is imported (`like`, exported, under a new uid and record number): the import's
// audit row names the patient and the consultation but none of its revisions, whose ids only
// the counters know.
Erased erase_newest(Store& s, ConsultationId like) {
    json doc = s.export_json(like, "dr a");
    doc["uid"] = "0123456789abcdef0123456789abcdef";
    doc["patient"]["name"] = "Newest Erased";
    doc["patient"]["record_number"] = "MRN-ERASED";
    Erased e;
    e.consultation = s.import_json(doc, pack1(), "dr a");
    const Consultation c = s.get(e.consultation);
    REQUIRE(c.revisions.size() > 1);
    e.patient = c.patient.id;
    e.revision = c.latest.info.id;
    for (const auto& r : c.revisions) REQUIRE(r.id <= e.revision);
    s.erase_patient(e.patient, "dr a");
    return e;
}

// A patient, consultation and revision made in `s` now get ids past every id `e` had: an id the
// audit log names is never anyone else's.
void new_ids_past(Store& s, const Erased& e) {
    const PatientId p = s.add_patient({"Newcomer", "MRN-NEW", ""});
    const ConsultationId c = s.start_consultation(p, pack1(), answers(man()), "dr z");
    CHECK(p > e.patient);
    CHECK(c > e.consultation);
    CHECK(s.get(c).latest.info.id > e.revision);
}

std::vector<ConsultationId> ids_of(const Page& p) {
    std::vector<ConsultationId> out;
    for (const auto& r : p.rows) out.push_back(r.id);
    return out;
}

std::vector<ConsultationId> all_ids(const Store& s) { return ids_of(s.list({}, std::nullopt, 500)); }

void same_revision(const Store& a, const Store& b, RevisionId id) {
    const Revision x = a.revision(id), y = b.revision(id);
    CHECK(x.consultation == y.consultation);
    CHECK(x.answers_json == y.answers_json);
    CHECK(x.result_json == y.result_json);
    CHECK(x.overrides == y.overrides);
    CHECK(x.info.number == y.info.number);
    CHECK(x.info.status == y.info.status);
    CHECK(x.info.author == y.info.author);
    CHECK(x.info.reason == y.info.reason);
    CHECK(x.info.created_at == y.info.created_at);
    CHECK(x.info.pack_id == y.info.pack_id);
    CHECK(x.info.pack_version == y.info.pack_version);
    CHECK(x.info.result_verified == y.info.result_verified);
}

// Every consultation, the list, search and the audit log read the same through both stores.
void same_stores(const Store& a, const Store& b) {
    const auto ids = all_ids(a);
    REQUIRE_FALSE(ids.empty());
    CHECK(all_ids(b) == ids);
    for (const auto id : ids) {
        INFO("consultation " << id);
        const Consultation x = a.get(id), y = b.get(id);
        CHECK(x.uid == y.uid);
        CHECK(x.patient.id == y.patient.id);
        CHECK(x.patient.name == y.patient.name);
        CHECK(x.patient.record_number == y.patient.record_number);
        CHECK(x.patient.birth_date == y.patient.birth_date);
        CHECK(x.patient.created_at == y.patient.created_at);
        CHECK(x.summary.status == y.summary.status);
        CHECK(x.summary.started_at == y.summary.started_at);
        CHECK(x.summary.updated_at == y.summary.updated_at);
        CHECK(x.summary.follow_up_of == y.summary.follow_up_of);
        CHECK(x.summary.visit_number == y.summary.visit_number);
        CHECK(x.summary.headline_ids == y.summary.headline_ids);
        CHECK(x.summary.revision_count == y.summary.revision_count);
        CHECK(x.summary.has_draft == y.summary.has_draft);
        CHECK(x.finalised_at == y.finalised_at);
        CHECK(x.withdrawn_reason == y.withdrawn_reason);
        REQUIRE(x.revisions.size() == y.revisions.size());
        for (const auto& r : x.revisions) same_revision(a, b, r.id);
        CHECK(x.latest.info.id == y.latest.info.id);
        REQUIRE(x.autosave.has_value() == y.autosave.has_value());
        if (x.autosave) {
            CHECK(x.autosave->answers_json == y.autosave->answers_json);
            CHECK(x.autosave->overrides == y.autosave->overrides);
            CHECK(x.autosave->author == y.autosave->author);
            CHECK(x.autosave->saved_at == y.autosave->saved_at);
        }
    }
    // Search: accents and case folded, short text, tags of the latest result.
    for (const char* text : {"zoe", "MULLER", "王", "mrn-4", "ann"})
        CHECK(ids_of(b.list(lf([&](ListFilter& f) { f.text = text; }))) ==
              ids_of(a.list(lf([&](ListFilter& f) { f.text = text; }))));
    CHECK(b.find_patients("muller").size() == 1);
    const auto tagged = lf([](ListFilter& f) { f.option = "oral_finasteride"; });
    CHECK_FALSE(ids_of(a.list(tagged)).empty());
    CHECK(ids_of(b.list(tagged)) == ids_of(a.list(tagged)));
    const auto withdrawn = lf([](ListFilter& f) { f.include_withdrawn = false; });
    CHECK(ids_of(b.list(withdrawn)) == ids_of(a.list(withdrawn)));

    const auto ax = a.audit(std::nullopt, 500), bx = b.audit(std::nullopt, 500);
    REQUIRE(ax.size() == bx.size());
    for (std::size_t i = 0; i < ax.size(); ++i) {
        INFO("audit row " << ax[i].id);
        CHECK(ax[i].id == bx[i].id);
        CHECK(ax[i].at == bx[i].at);
        CHECK(ax[i].action == bx[i].action);
        CHECK(ax[i].patient == bx[i].patient);
        CHECK(ax[i].consultation == bx[i].consultation);
        CHECK(ax[i].revision == bx[i].revision);
        CHECK(ax[i].author == bx[i].author);
        CHECK(ax[i].detail == bx[i].detail);
    }
}

Store open_source(const std::filesystem::path& p) {
    OpenOptions o;
    o.read_only = true;
    o.lock = OpenOptions::Lock::Shared;
    return Store::open(p, o);
}

}  // namespace

TEST_CASE("copy: every row of a file into an empty file, ids and bytes kept, a second run copies nothing",
          "[db][copy][file]") {
    TempDir t;
    Made m;
    {
        Store s = Store::open(t / "a.db");
        m = fill(s);
    }
    Store from = open_source(t / "a.db");
    CopyReport r;
    {
        Store to = Store::open(t / "b.db");
        std::vector<CopyProgress> seen;
        r = copy_store(from, to, [&](const CopyProgress& p) { seen.push_back(p); });
        CHECK(r.copied.patients == 3);  // the erased one is gone from the source
        CHECK(r.copied.consultations == 4);
        CHECK(r.copied.revisions == 6);  // 3 of the amended one, 1 each of the follow-up, withdrawn, printed
        CHECK(r.copied.drafts == 1);
        CHECK(r.copied.audit == static_cast<std::int64_t>(from.audit(std::nullopt, 500).size()));
        CHECK(r.already_there.total() == 0);
        CHECK(r.verified_consultations == 4);
        // A progress call after each patient while copying, counting consultations.
        std::vector<std::int64_t> copying;
        for (const auto& p : seen)
            if (p.stage == CopyProgress::Stage::Copying) copying.push_back(p.done);
        CHECK(copying == std::vector<std::int64_t>{2, 3, 4});
        CHECK(seen.back().stage == CopyProgress::Stage::Verifying);
        CHECK(seen.back().done == 4);
        CHECK(seen.back().total == 4);
        same_stores(from, to);
        CHECK(to.integrity_check() == "ok");
        CHECK(to.check().ok());
    }
    // Reopened (the file's own open-time probe: schema, latest_revision of each consultation).
    Store to = Store::open(t / "b.db");
    same_stores(from, to);
    // The erased patient's id-only rows are there, and their id is not anyone's.
    bool erased_row = false;
    for (const auto& e : to.audit(std::nullopt, 500))
        if (e.action == AuditAction::Erased) erased_row = e.patient == m.erased_patient;
    CHECK(erased_row);
    CHECK(kind_thrown([&] { to.get(m.erased); }) == K::NotFound);
    const Consultation fu = to.get(m.follow_up);
    CHECK(fu.summary.follow_up_of == m.amended);
    CHECK(fu.summary.visit_number == 2);
    CHECK(fu.autosave.has_value());
    CHECK(to.get(m.withdrawn).summary.status == Status::EnteredInError);
    CHECK(to.get(m.amended).latest.overrides.size() == 1);
    // New rows in the copy get ids of their own, past the copied ones.
    const auto next = to.start_consultation(to.get(m.printed).patient.id, pack1(), answers(man()), "dr z");
    CHECK(next > m.printed);

    SECTION("a second run finds everything already there and changes nothing") {
        Store again = Store::open(t / "c.db");
        CopyReport first = copy_store(from, again);
        const auto audit_before = again.audit(std::nullopt, 500).size();
        const CopyReport second = copy_store(from, again);
        CHECK(second.copied.total() == 0);
        CHECK(second.already_there.patients == first.copied.patients);
        CHECK(second.already_there.consultations == first.copied.consultations);
        CHECK(second.already_there.revisions == first.copied.revisions);
        CHECK(second.already_there.drafts == first.copied.drafts);
        CHECK(second.already_there.audit == first.copied.audit);
        CHECK(second.verified_consultations == 4);
        CHECK(again.audit(std::nullopt, 500).size() == audit_before);
        same_stores(from, again);
    }
}

TEST_CASE("copy: a target that differs is refused and left byte for byte as it was", "[db][copy][file]") {
    TempDir t;
    Made m;
    {
        Store s = Store::open(t / "a.db");
        m = fill(s);
    }
    SECTION("a consultation changed in the source since the last copy") {
        {
            Store from = open_source(t / "a.db");
            Store to = Store::open(t / "b.db");
            copy_store(from, to);
        }
        {
            Store s = Store::open(t / "a.db");
            s.save(m.follow_up, pack1(), answers(man("2")), {}, "dr a");  // consultation differs now
        }
        const std::string before = file_bytes(t / "b.db");
        REQUIRE_FALSE(before.empty());
        {
            Store from = open_source(t / "a.db");
            Store to = Store::open(t / "b.db");
            try {
                copy_store(from, to);
                FAIL("the copy was not refused");
            } catch (const StoreError& e) {
                CHECK(e.kind() == K::Duplicate);
                CHECK(std::string(e.what()) == "The target already holds consultation " + std::to_string(m.follow_up) +
                                                   ", which differs from the source's; nothing of patient " +
                                                   std::to_string(from.get(m.follow_up).patient.id) + " was copied.");
            }
        }
        CHECK(file_bytes(t / "b.db") == before);
    }
    SECTION("another store's patient under a copied id") {
        {
            Store to = Store::open(t / "b.db");
            to.add_patient({"Somebody Else", "", ""});
        }
        const std::string before = file_bytes(t / "b.db");
        {
            Store from = open_source(t / "a.db");
            Store to = Store::open(t / "b.db");
            CHECK(kind_thrown([&] { copy_store(from, to); }) == K::Duplicate);
            CHECK(to.list({}).rows.empty());
        }
        CHECK(file_bytes(t / "b.db") == before);
    }
    SECTION("a store into itself") {
        Store s = Store::open(t / "a.db");
        CHECK(kind_thrown([&] { copy_store(s, s); }) == K::InvalidInput);
    }
}

TEST_CASE("copy: stopped after the second patient, run again, completes and verifies", "[db][copy][file]") {
    TempDir t;
    {
        Store s = Store::open(t / "a.db");
        fill(s);
    }
    Store from = open_source(t / "a.db");
    Store to = Store::open(t / "b.db");
    int patients = 0;
    CHECK_THROWS_AS(copy_store(from, to,
                               [&](const CopyProgress& p) {
                                   if (p.stage == CopyProgress::Stage::Copying && ++patients == 2)
                                       throw std::runtime_error("stopped");
                               }),
                    std::runtime_error);
    // Two patients with their consultations are there, nothing of the third, no audit yet.
    CHECK(to.list({}).rows.size() == 3);
    CHECK(to.audit().empty());
    const CopyReport r = copy_store(from, to);
    CHECK(r.already_there.patients == 2);
    CHECK(r.already_there.consultations == 3);
    CHECK(r.copied.patients == 1);
    CHECK(r.copied.consultations == 1);
    CHECK(r.verified_consultations == 4);
    same_stores(from, to);
}

TEST_CASE("copy: a patient erased in the source leaves its ids unused in the copy", "[db][copy][file]") {
    TempDir t;
    Erased e;
    {
        Store s = Store::open(t / "a.db");
        e = erase_newest(s, fill(s).amended);
    }
    Store from = open_source(t / "a.db");
    Store to = Store::open(t / "b.db");
    CHECK(copy_store(from, to).copied.consultations == 4);
    new_ids_past(to, e);
}

#ifdef HC_STORE_SERVER
// A file into a database of its own on the test server and back into a new file: every row
// keeps its id and bytes on the way (the audit authors too: the tests' login owns the tables),
// and neither the server nor the file copied back from it hands out an erased patient's ids.
TEST_CASE("copy: a file into a server and back keeps every row and no erased id is given out again",
          "[db][copy][server]") {
    TempDir t;
    Made m;
    Erased e;
    {
        Store s = Store::open(t / "a.db");
        m = fill(s);
        e = erase_newest(s, m.amended);
    }
    Store from = open_source(t / "a.db");
    Store server = Store::open(fresh_store(t, "copy"));
    const CopyReport r = copy_store(from, server);
    CHECK(r.copied.consultations == 4);
    CHECK(r.verified_consultations == 4);
    same_stores(from, server);
    CHECK(copy_store(from, server).copied.total() == 0);
    Store back = Store::open(t / "back.db");
    CHECK(copy_store(server, back).verified_consultations == 4);
    same_stores(from, back);
    CHECK(back.integrity_check() == "ok");
    CHECK(server.integrity_check() == "ok");
    new_ids_past(server, e);
    new_ids_past(back, e);
}

// Read by a login that may read the tables but not the id sequences, a server's counters say
// nothing: the ids the copied audit log names are what keeps the newest erased patient's ids
// (a consultation started and saved again, each of its ids named by an audit row) unused.
TEST_CASE("copy: from a server whose id counters cannot be read, the ids its audit log names stay unused",
          "[db][copy][server]") {
    TempDir t;
    const std::string uri = fresh_store(t, "copy_reader");
    Erased e;
    {
        Store s = Store::open(uri);
        fill(s);
        e.patient = s.add_patient({"Newest Erased", "MRN-ERASED", ""});
        e.consultation = s.start_consultation(e.patient, pack1(), answers(man()), "dr a");
        e.revision = s.save(e.consultation, pack1(), answers(man("4")), {}, "dr a");
        s.erase_patient(e.patient, "dr a");
    }
    CHECK(raw_exec(uri, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hc_copy_reader') THEN "
                        "CREATE ROLE hc_copy_reader LOGIN; END IF; END $$") == "ran");
    CHECK(raw_exec(uri, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO hc_copy_reader") == "ran");
    OpenOptions o;
    o.read_only = true;
    Store from = Store::open(hc::test_server::with_param(uri, "user", "hc_copy_reader"), o);
    Store to = Store::open(t / "b.db");
    CHECK(copy_store(from, to).verified_consultations == 4);
    new_ids_past(to, e);
}
#endif
