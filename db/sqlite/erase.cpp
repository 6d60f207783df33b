// Erasing a patient from a file: the one path past the append-only triggers (see schema.cpp).
#include <sqlite3.h>

#include "db/internal.h"
#include "db/sqlite/backend.h"

namespace hc::db {

void SqliteBackend::erase_patient_rows(PatientId id) {
    auto run = [&](const char* sql) { sql::Statement(*connection, sql).bind(1, static_cast<std::int64_t>(id)).run(); };
    // The guard row is what the append-only triggers check; it is deleted again below, in this
    // same transaction, so no other connection ever sees it.
    run("INSERT INTO erase_guard(patient_id) VALUES(?)");
    run("DELETE FROM drafts WHERE consultation_id IN (SELECT id FROM consultations WHERE patient_id = ?)");
    run("DELETE FROM consultation_tags WHERE consultation_id IN (SELECT id FROM consultations WHERE patient_id = ?)");
    run("DELETE FROM revisions WHERE consultation_id IN (SELECT id FROM consultations WHERE patient_id = ?)");
    // A follow-up points at an earlier visit of the same patient: clear the links first.
    run("UPDATE consultations SET follow_up_of = NULL WHERE patient_id = ?");
    run("DELETE FROM consultations WHERE patient_id = ?");
    unindex_patient(*connection, id);
    after_unindex();
    run("DELETE FROM patients WHERE id = ?");
    run("DELETE FROM erase_guard WHERE patient_id = ?");
}

void SqliteBackend::after_erase() noexcept {
    // Move the freed (zeroed, secure_delete) pages into the file and empty the WAL, so the
    // erased rows do not linger in it. Best effort: a reader may hold the WAL for now. On the
    // writer connection, holding `writing` so no checkpoint of ours runs beside it. Inside
    // in_one_transaction() nothing is committed yet: the next checkpoint takes it.
    if (write_owner.load() == std::this_thread::get_id()) return;
    std::lock_guard<std::mutex> lock(writing);
    (void)db->tryExec("PRAGMA wal_checkpoint(TRUNCATE)");
}

}  // namespace hc::db
