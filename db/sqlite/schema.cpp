// The schema and its migrations, keyed on PRAGMA user_version. Every step of a migration runs in
// one BEGIN IMMEDIATE transaction, so a migration killed half-way leaves the old version intact.
#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <tuple>

#include <SQLiteCpp/Transaction.h>

#include <stdexcept>

#include "db/internal.h"
#include "db/sqlite/backend.h"

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

// Step 3: REPLACE cannot get past the append-only triggers. REPLACE (and INSERT OR REPLACE)
// deletes the row it collides with without firing a DELETE trigger unless the connection turned
// on recursive_triggers, which ours do but another program's need not. A BEFORE INSERT trigger
// refusing a row that would collide fires whatever that setting. Revisions also record whether
// their result was checked against the pack they name (an import with that pack unavailable
// cannot be: shown "not verifiable", never "as decided").
constexpr const char* kStep3 = R"sql(
CREATE TRIGGER revisions_no_replace BEFORE INSERT ON revisions
WHEN EXISTS (SELECT 1 FROM revisions WHERE id = NEW.id OR (consultation_id = NEW.consultation_id AND number = NEW.number))
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit
WHEN EXISTS (SELECT 1 FROM audit WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER consultations_no_replace BEFORE INSERT ON consultations
WHEN EXISTS (SELECT 1 FROM consultations WHERE id = NEW.id OR uid = NEW.uid)
BEGIN SELECT RAISE(ABORT, 'consultations are never replaced'); END;
CREATE TRIGGER patients_no_replace BEFORE INSERT ON patients
WHEN EXISTS (SELECT 1 FROM patients WHERE id = NEW.id OR record_number = NEW.record_number)
BEGIN SELECT RAISE(ABORT, 'patients are never replaced'); END;
CREATE TRIGGER erase_guard_no_update BEFORE UPDATE ON erase_guard
BEGIN SELECT RAISE(ABORT, 'the erase guard is not updated'); END;
ALTER TABLE revisions ADD COLUMN result_verified INTEGER NOT NULL DEFAULT 1 CHECK (result_verified IN (0, 1));
)sql";

// Step 4: search that ignores accents and case, and each visit's place in its follow-up chain.
// patient_search is rebuilt to hold names and record numbers folded (fold_for_search: Zoë is
// found by "zoe", Łukasz by "lukasz"). patient_grams holds every one- and two-character piece of
// the same folded text, for searches too short for trigrams ("王", "王芳", "le"): one index
// lookup instead of reading every patient. visit_number is 1 for a first visit and one more than
// its predecessor's for a follow-up, set when the consultation starts, so the list shows it
// without walking the chain. The rows are filled by fill_step4.
constexpr const char* kStep4 = R"sql(
DROP TABLE patient_search;
CREATE VIRTUAL TABLE patient_search USING fts5(name, record_number, tokenize = 'trigram');
CREATE TABLE patient_grams(
  gram       TEXT NOT NULL,
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  PRIMARY KEY (gram, patient_id)
) WITHOUT ROWID;
ALTER TABLE consultations ADD COLUMN visit_number INTEGER NOT NULL DEFAULT 1 CHECK (visit_number >= 1);
)sql";

void fill_step4(SQLite::Database& db) {
    // Mostly gram inserts in no particular order (1.5 million at 40,000 patients): a page cache
    // that holds the whole new index for the length of the fill, then back to the default.
    const auto cache = db.execAndGet("PRAGMA cache_size").getInt64();
    db.exec("PRAGMA cache_size = -131072");
    SqliteConnection conn(db, db.getFilename());
    SearchIndexer index(conn);
    SQLite::Statement q(db, "SELECT id, name, COALESCE(record_number, '') FROM patients ORDER BY id");
    while (q.executeStep()) index.add(q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString());
    db.exec("PRAGMA cache_size = " + std::to_string(cache));
    // Down each chain from its first visit (follow_up_of always names an earlier consultation).
    db.exec(R"sql(
        WITH RECURSIVE chain(id, n) AS (
          SELECT id, 1 FROM consultations WHERE follow_up_of IS NULL
          UNION ALL SELECT c.id, chain.n + 1 FROM consultations c JOIN chain ON c.follow_up_of = chain.id)
        UPDATE consultations SET visit_number = chain.n FROM chain
        WHERE chain.id = consultations.id AND chain.n > 1)sql");
}

// A step's schema (SQL) and, for a step that derives rows in C++, what fills them.
struct Step {
    const char* sql;
    void (*fill)(SQLite::Database&);
};
const Step kSteps[] = {{kStep1, nullptr}, {kStep2, nullptr}, {kStep3, nullptr}, {kStep4, fill_step4}};

// (type, name, table, sql) of every schema object a file at `version` must hold exactly.
using SchemaRow = std::tuple<std::string, std::string, std::string, std::string>;

std::vector<SchemaRow> read_schema(SQLite::Database& db) {
    // sqlite_stat* tables appear after ANALYZE (by any tool) and change nothing we rely on.
    SQLite::Statement q(db, "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema "
                            "WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name");
    std::vector<SchemaRow> out;
    while (q.executeStep())
        out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                         q.getColumn(3).getString());
    return out;
}

// The schema our own steps make, built once per version in a private in-memory database (so
// the comparison is with exactly what migrate() writes, column by column, trigger by trigger).
const std::vector<SchemaRow>& expected_schema(int version) {
    static std::mutex m;
    static std::map<int, std::vector<SchemaRow>> cache;
    std::lock_guard<std::mutex> lock(m);
    auto it = cache.find(version);
    if (it != cache.end()) return it->second;
    SQLite::Database mem(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    for (int v = 0; v < version; ++v) mem.exec(kSteps[v].sql);
    return cache.emplace(version, read_schema(mem)).first->second;
}

std::string describe(const SchemaRow& r) { return std::get<0>(r) + " " + std::get<1>(r); }

}  // namespace

std::string check_schema(SQLite::Database& db, int version) {
    if (version < 1 || version > latest_version()) return "schema version " + std::to_string(version) + " is unknown";
    const auto& want = expected_schema(version);
    const auto got = read_schema(db);
    for (const auto& w : want) {
        const auto same_name = std::find_if(got.begin(), got.end(), [&](const SchemaRow& g) {
            return std::get<0>(g) == std::get<0>(w) && std::get<1>(g) == std::get<1>(w);
        });
        if (same_name == got.end()) return describe(w) + " is missing";
        if (*same_name != w) return describe(w) + " was changed";
    }
    for (const auto& g : got)
        if (std::find(want.begin(), want.end(), g) == want.end()) return describe(g) + " was added";
    return "";
}

std::string check_invariants(SQLite::Database& db) {
    if (db.execAndGet("SELECT count(*) FROM erase_guard").getInt() != 0)
        return "an erase guard row was left behind (it would let history be deleted)";
    // Each consultation shows its newest revision "as decided": latest_revision must be it.
    // One probe of the (consultation_id, number) index per consultation.
    SQLite::Statement q(db, "SELECT c.id FROM consultations c WHERE c.revision_count > 0 AND c.latest_revision IS NOT "
                            "(SELECT r.id FROM revisions r WHERE r.consultation_id = c.id ORDER BY r.number DESC LIMIT 1) "
                            "LIMIT 1");
    if (q.executeStep())
        return "consultation " + q.getColumn(0).getString() + " does not point at its newest revision";
    return "";
}

int latest_version() { return static_cast<int>(std::size(kSteps)); }

int application_id() { return kApplicationId; }

void create_schema_at(SQLite::Database& db, int version) {
    if (version < 1 || version > latest_version()) throw std::invalid_argument("create_schema_at: unknown version");
    SQLite::Transaction tx(db);
    for (int v = 0; v < version; ++v) db.exec(kSteps[v].sql);
    db.exec("PRAGMA user_version = " + std::to_string(version));
    db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    tx.commit();
}

void migrate(SqliteBackend& s) {
    if (s.version >= latest_version()) return;
    s.begin_write();
    try {
        guarded(s, [&] {
            // Another process may have migrated between our probe and our write lock.
            int v = s.db->execAndGet("PRAGMA user_version").getInt();
            if (v < 0 || v > latest_version())
                throw StoreError(StoreError::Kind::NewerSchema, 0,
                                 s.path_text + " was written by a newer hairconsult; this version will not change it.");
            for (; v < latest_version(); ++v) {
                s.db->exec(kSteps[v].sql);
                if (kSteps[v].fill) kSteps[v].fill(*s.db);
                s.db->exec("PRAGMA user_version = " + std::to_string(v + 1));
                if (s.options.after_migration_step) s.options.after_migration_step(v + 1);
            }
            s.db->exec("PRAGMA application_id = " + std::to_string(kApplicationId));
        });
        s.commit_write();
    } catch (...) {
        s.rollback_write();  // killed or refused half-way: the file keeps the version it had
        throw;
    }
    s.version = latest_version();
}

}  // namespace hc::db
