// The schema and its migrations, keyed on PRAGMA user_version. Every step of a migration runs in
// one BEGIN IMMEDIATE transaction, so a migration killed half-way leaves the old version intact.
#include "db/internal.h"

namespace hc::db {
namespace {

// 'HCSD' — marks the file as ours (PRAGMA application_id).
constexpr int kApplicationId = 0x48435344;

// Step 1: the core tables and the append-only triggers.
constexpr const char* kStep1 = R"sql(
CREATE TABLE patients(
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  record_number TEXT,
  birth_date    TEXT,
  created_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX patients_record_number ON patients(record_number) WHERE record_number IS NOT NULL;
CREATE INDEX patients_name ON patients(name COLLATE NOCASE);

CREATE TABLE consultations(
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  uid              TEXT NOT NULL UNIQUE,
  patient_id       INTEGER NOT NULL REFERENCES patients(id),
  follow_up_of     INTEGER REFERENCES consultations(id),
  status           TEXT NOT NULL CHECK (status IN ('in-progress','completed','amended','entered-in-error')),
  started_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  finalised_at     TEXT,
  withdrawn_reason TEXT,
  latest_revision  INTEGER,
  revision_count   INTEGER NOT NULL DEFAULT 0,
  pack_id          TEXT NOT NULL DEFAULT '',
  pack_version     TEXT NOT NULL DEFAULT '',
  headline         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consultations_started ON consultations(started_at);
CREATE INDEX consultations_patient ON consultations(patient_id, started_at);
CREATE INDEX consultations_follow_up ON consultations(follow_up_of);
CREATE INDEX consultations_status ON consultations(status, started_at);

CREATE TABLE revisions(
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  consultation_id INTEGER NOT NULL REFERENCES consultations(id),
  number          INTEGER NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('in-progress','completed','amended','entered-in-error')),
  answers         TEXT NOT NULL,
  result          TEXT NOT NULL,
  overrides       TEXT NOT NULL,
  pack_id         TEXT NOT NULL,
  pack_version    TEXT NOT NULL,
  author          TEXT NOT NULL,
  reason          TEXT NOT NULL DEFAULT '',
  created_at      TEXT NOT NULL,
  UNIQUE (consultation_id, number)
);

CREATE TABLE drafts(
  consultation_id INTEGER PRIMARY KEY REFERENCES consultations(id),
  answers         TEXT NOT NULL,
  overrides       TEXT NOT NULL,
  pack_id         TEXT NOT NULL,
  pack_version    TEXT NOT NULL,
  author          TEXT NOT NULL,
  saved_at        TEXT NOT NULL
);

-- Ids, actions, author and time only: never names or clinical content. No foreign keys, so
-- that rows about an erased patient stay (they say nothing about who it was).
CREATE TABLE audit(
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  at              TEXT NOT NULL,
  action          TEXT NOT NULL CHECK (action IN ('created','opened','saved','finalised','amended',
                                                  'withdrawn','exported','printed','imported','erased')),
  patient_id      INTEGER,
  consultation_id INTEGER,
  revision_id     INTEGER,
  author          TEXT NOT NULL DEFAULT '',
  detail          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_consultation ON audit(consultation_id);

-- Holds a patient id only inside erase_patient()'s transaction; the triggers below let rows of
-- that patient go and nothing else.
CREATE TABLE erase_guard(patient_id INTEGER PRIMARY KEY);

CREATE TRIGGER revisions_append_only_update BEFORE UPDATE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER revisions_append_only_delete BEFORE DELETE ON revisions
WHEN NOT EXISTS (SELECT 1 FROM erase_guard g JOIN consultations c ON c.patient_id = g.patient_id
                 WHERE c.id = OLD.consultation_id)
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER consultations_kept BEFORE DELETE ON consultations
WHEN NOT EXISTS (SELECT 1 FROM erase_guard g WHERE g.patient_id = OLD.patient_id)
BEGIN SELECT RAISE(ABORT, 'consultations are never deleted (withdraw instead)'); END;
CREATE TRIGGER patients_kept BEFORE DELETE ON patients
WHEN NOT EXISTS (SELECT 1 FROM erase_guard g WHERE g.patient_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'patients are removed only by erasing them'); END;
CREATE TRIGGER consultations_no_reopen BEFORE UPDATE OF status ON consultations
WHEN OLD.status <> 'in-progress' AND NEW.status = 'in-progress'
BEGIN SELECT RAISE(ABORT, 'a finalised consultation cannot go back to in-progress'); END;
CREATE TRIGGER consultations_withdrawn_final BEFORE UPDATE OF status ON consultations
WHEN OLD.status = 'entered-in-error' AND NEW.status <> 'entered-in-error'
BEGIN SELECT RAISE(ABORT, 'a withdrawn consultation stays withdrawn'); END;
)sql";

// Step 2: what the list and search need. A trigram FTS5 index finds a name or record number by
// any part of it; a tag table holds the latest result's assessments, options and red flags.
constexpr const char* kStep2 = R"sql(
CREATE VIRTUAL TABLE patient_search USING fts5(name, record_number, tokenize = 'trigram');
CREATE TABLE consultation_tags(
  kind            TEXT NOT NULL CHECK (kind IN ('a','o','r')),
  tag             TEXT NOT NULL,
  consultation_id INTEGER NOT NULL REFERENCES consultations(id),
  verdict         TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (kind, tag, consultation_id)
) WITHOUT ROWID;
CREATE INDEX consultation_tags_by_consultation ON consultation_tags(consultation_id);
)sql";

const char* const kSteps[] = {kStep1, kStep2};

}  // namespace

int latest_version() { return static_cast<int>(std::size(kSteps)); }

int application_id() { return kApplicationId; }

void migrate(Store::Impl& s) {
    if (s.version >= latest_version()) return;
    WriteTransaction tx(s);
    guarded(s, [&] {
        // Another process may have migrated between our probe and our write lock.
        int v = s.db->execAndGet("PRAGMA user_version").getInt();
        if (v > latest_version())
            throw StoreError(StoreError::Kind::NewerSchema, 0,
                             s.path.string() + " was written by a newer hairconsult; this version will not change it.");
        for (; v < latest_version(); ++v) {
            s.db->exec(kSteps[v]);
            s.db->exec("PRAGMA user_version = " + std::to_string(v + 1));
            if (s.options.after_migration_step) s.options.after_migration_step(v + 1);
        }
        s.db->exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    });
    tx.commit();
    s.version = latest_version();
}

}  // namespace hc::db
