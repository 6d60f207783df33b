// Inside db/ only: what one kind of store (a SQLite file, a PostgreSQL server) does its own way.
// Store::open() picks the backend from the location (a `postgresql://` or `postgres://` URI is a
// server, anything else a file); the store's reads and writes are written once over sql.h and
// ask the backend only for what this header lists.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "db/sql.h"
#include "db/store.h"

namespace hc::db {

// For each table whose ids a store hands out, the largest id it must never hand out again: one
// it handed out (even if that row is gone now: an erased patient's ids stay in the audit log).
struct IdCounters {
    std::int64_t patients = 0, consultations = 0, revisions = 0, audit = 0;
};

// Each counter with the table it counts, for walking them all: both backends read and set the
// same four, each its own way (sqlite_sequence, the tables' id sequences).
struct IdCounter {
    const char* table;
    std::int64_t IdCounters::*field;
};
inline constexpr IdCounter kIdCounters[] = {{"patients", &IdCounters::patients},
                                            {"consultations", &IdCounters::consultations},
                                            {"revisions", &IdCounters::revisions},
                                            {"audit", &IdCounters::audit}};

class Backend {
public:
    virtual ~Backend() = default;

    virtual sql::Connection& conn() = 0;
    // The file path, or the URI with any password taken out: what messages and screens show.
    virtual const std::string& location() const = 0;
    virtual bool shared() const = 0;  // several rooms may write at once (a server)

    // --- the write transaction (WriteTransaction calls these; they are never nested) ---------
    // Throws StoreError(ReadOnly) with the reason when the store cannot be written.
    virtual void require_writable() const = 0;
    virtual void begin_write() = 0;
    virtual void commit_write() = 0;
    virtual void rollback_write() noexcept = 0;
    // Reads that must agree with each other (ReadSnapshot), outside a write transaction, in one
    // snapshot: other rooms save all the time on a server, and on a file a second window or the
    // command line reads while the first window saves.
    virtual void begin_read() {}
    virtual void end_read() noexcept {}
    // Appended to the SELECT a write reads a consultation's row with, so that two rooms writing
    // the same consultation take turns (" FOR UPDATE" on a server; "" where the file has one
    // writer at a time anyway).
    virtual const char* lock_row() const = 0;

    // --- what open() found -------------------------------------------------------------------
    virtual const std::vector<std::string>& notes() const = 0;
    virtual bool read_only() const = 0;
    virtual bool already_open_elsewhere() const = 0;
    virtual int schema_version() const = 0;
    virtual std::string integrity_check() = 0;  // "ok" or the first problems
    virtual bool checkpoint() noexcept = 0;      // any thread; true when nothing is left to do
    virtual bool checkpoint_due() const = 0;     // any thread

    // --- search (names and record numbers, folded by fold_for_search) ------------------------
    // A subquery of the ids of patients whose folded name or record number holds `folded` (not
    // empty), with its one parameter written ?1, and the value to bind there.
    struct PatientIdsQuery {
        std::string sql;
        std::string arg;
    };
    virtual PatientIdsQuery patients_matching(const std::string& folded) const = 0;
    // The condition that keeps a row whose patient column is `patient` when a list walks rows
    // in its page's order looking for the patients of `ids` (a patients_matching subquery; many
    // match, so the next one is never far): `+patient IN (ids)`, the '+' keeping the patient
    // index out of it. A backend with row_search() walks its rows' own copies instead.
    virtual std::string walk_keeps(const std::string& patient, const std::string& ids) const {
        return "+" + patient + " IN (" + ids + ")";
    }
    // Where each row holds its own copy of its patient's folded texts (a server), a search may
    // walk rows in the order it shows and test that copy, reading one index and nothing else:
    // cheap per row, so cheap wherever matches are dense. nullopt on a file, whose FTS5 table
    // hands over every match cheaply enough to sort them.
    struct RowSearch {
        std::string arg;  // bound to ?1
        // An expression on consultations c, true when its patient matches.
        std::string consultation_hit;
        // The matching patients among the first ?2 in name order (name COLLATE NOCASE, id),
        // at most ?3 of them, in that order.
        std::string patients_walk;
        // patients_matching(), for looking the matches up rather than walking.
        PatientIdsQuery matching;
        // The matching patients counted up to ?2 and, when fewer, the first ?3 of them by name:
        // rows of id, name, record_number, birth_date, created_at (all NULL when none is
        // given) and the count. Its ?1 is bound to `matching.arg`.
        std::string patients_few;
    };
    virtual std::optional<RowSearch> row_search(const std::string& folded) const {
        (void)folded;
        return std::nullopt;
    }
    // After patients were removed from the search tables: let the index tidy itself.
    virtual void after_unindex() = 0;

    // --- erasing a patient: the one sanctioned way past the append-only rules -----------------
    // Inside the caller's write transaction: every row of the patient goes (revisions, drafts,
    // tags, consultations, search entries, the patient), audit rows keep only ids.
    virtual void erase_patient_rows(PatientId id) = 0;
    // After the transaction committed: make sure the erased bytes leave logs too.
    virtual void after_erase() noexcept = 0;

    // --- rooms -------------------------------------------------------------------------------
    // Who edits `id` now, other than this connection (nullopt: nobody, or this connection).
    virtual std::optional<Lease> lease_of(ConsultationId id) = 0;
    // Takes the lease for this connection (in its own transaction). Throws StoreError(Leased)
    // naming the holder when another live room holds it and `take_over` is false.
    virtual Lease take_lease(ConsultationId id, const std::string& room, const std::string& clinician,
                             bool take_over) = 0;
    virtual void release_lease(ConsultationId id) noexcept = 0;
    // Inside a write transaction that changes `id`: StoreError(Leased) when another live room
    // holds its lease (it was taken over from us, or we never took it while someone else has).
    virtual void check_lease_for_write(ConsultationId id) = 0;
    // Tells other rooms that `id` changed (delivered when the transaction commits).
    virtual void announce_change(ConsultationId id) = 0;
    // A feed of other rooms' changes on its own connection (nullptr where nobody else writes).
    virtual std::unique_ptr<ChangeFeed> open_change_feed() = 0;

    // --- administration ----------------------------------------------------------------------
    // What this store is (StoreCheck::kind) and the guarantees only this backend can check
    // (Store::check() adds integrity and the schema version).
    virtual std::string kind() { return "store"; }
    virtual int latest_schema_version() const { return schema_version(); }
    virtual std::vector<Guarantee> guarantees() { return {}; }
    // The largest ids this store's counters have handed out, as far as it can tell (a file's
    // sqlite_sequence; a server's sequences, where this login may read them); 0 where it cannot.
    // Read only. A copy carries them over, with the ids its audit rows name (db/copy.cpp).
    virtual IdCounters id_counters() = 0;
    // Around rows copied in with their own ids (db/copy.cpp), inside its write transaction:
    // begin lets audit rows keep the authors they were written with (a server otherwise stamps
    // the session's); end moves the id counters past the copied ids and past `at_least`, never
    // back, so that no new row gets an id the source gave out (an erased patient's included).
    virtual void begin_copy_in() {}
    virtual void end_copy_in(const IdCounters& at_least) = 0;
};

std::unique_ptr<Backend> open_sqlite_backend(const std::filesystem::path& file, const OpenOptions& options);
std::unique_ptr<Backend> open_postgres_backend(const std::string& uri, const OpenOptions& options);

}  // namespace hc::db
