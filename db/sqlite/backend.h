// Inside db/ only: the SQLite file backend (db/backend.h). One writer connection, a second one
// for checkpoints, the advisory window lock, the probe that decides whether the file may be
// written at all, the write-ahead log checks, and the file's own schema and migrations.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "db/backend.h"
#include "db/sqlite/connection.h"

namespace hc::db {

struct SqliteBackend final : Backend {
    std::filesystem::path path;
    std::string path_text;  // path as text: location()
    OpenOptions options;
    std::unique_ptr<SQLite::Database> db;
    std::unique_ptr<SqliteConnection> connection;  // over `db`, once open
    bool made_lock_file = false;  // we created "<file>.lock" (removed again if open fails)
    int lock_fd = -1;        // holds the advisory lock (Lock::Exclusive) for the Store's life
    bool elsewhere = false;  // another window holds the file (Lock::Shared only)
    int version = 0;
    // WAL checkpoints are ours, not SQLite's: an automatic one runs inside the COMMIT that
    // crosses 1000 pages and was the save's slowest part (0.5 s at 100k consultations). Our WAL
    // hook replaces it and only records the WAL's size after each commit (wal_frames).
    // Checkpoints run on their own connection (checkpoint_db), so Store::checkpoint() can be
    // called from another thread while this Store saves and reads. They never run at the same
    // time as a write of this Store: `writing` is held by each write transaction and by each
    // checkpoint (a checkpoint racing a write on another connection is what SQLite's WAL-reset bug
    // needs; Debian's 3.40.1 has no fix). A write that finds a checkpoint running interrupts it
    // (the copy loop stops at the next page; what it copied is simply copied again next time), so
    // a save waits at most for one page write or the checkpoint's closing sync.
    std::unique_ptr<SQLite::Database> checkpoint_db;  // null when read-only
    std::mutex writing;
    std::unique_lock<std::mutex> write_lock;  // held by the open write transaction
    std::atomic<std::thread::id> write_owner{};  // the thread holding write_lock, if any
    std::atomic<bool> checkpointing{false};
    std::atomic<int> wal_frames{0};
    std::atomic<int> safety_net_at{0};  // see after_commit()
    std::vector<std::string> notes_;  // notes(): what the caller must tell the user
    std::string read_only_why;        // set when open chose read-only itself (damaged log)

    SqliteBackend() = default;
    SqliteBackend(const SqliteBackend&) = delete;
    SqliteBackend& operator=(const SqliteBackend&) = delete;
    ~SqliteBackend() override;

    // Backend
    sql::Connection& conn() override { return *connection; }
    const std::string& location() const override { return path_text; }
    bool shared() const override { return false; }
    void require_writable() const override;
    void begin_write() override;
    void commit_write() override;
    void rollback_write() noexcept override;
    void begin_read() override;
    void end_read() noexcept override;
    const char* lock_row() const override { return ""; }
    const std::vector<std::string>& notes() const override { return notes_; }
    bool read_only() const override { return options.read_only; }
    bool already_open_elsewhere() const override { return elsewhere; }
    int schema_version() const override { return version; }
    std::string integrity_check() override;
    bool checkpoint() noexcept override { return checkpoint_passive(); }
    bool checkpoint_due() const override;
    PatientIdsQuery patients_matching(const std::string& folded) const override;
    void after_unindex() override;
    void erase_patient_rows(PatientId id) override;
    void after_erase() noexcept override;
    // One window per file (the advisory lock): nobody else edits, nobody else announces.
    std::optional<Lease> lease_of(ConsultationId) override { return std::nullopt; }
    Lease take_lease(ConsultationId id, const std::string& room, const std::string& clinician, bool take_over) override;
    void release_lease(ConsultationId) noexcept override {}
    void check_lease_for_write(ConsultationId) override {}
    void announce_change(ConsultationId) override {}
    std::unique_ptr<ChangeFeed> open_change_feed() override { return nullptr; }
    std::string kind() override;
    int latest_schema_version() const override;
    std::vector<Guarantee> guarantees() override;
    IdCounters id_counters() override;
    void end_copy_in(const IdCounters& at_least) override;

    // PASSIVE checkpoint on checkpoint_db (never waits for readers, never throws); true when the
    // whole WAL reached the file. Safe from any one thread at a time besides the Store's own.
    bool checkpoint_passive() noexcept;
    // The safety net: a commit that leaves the WAL at kSafetyNetFrames or more checkpoints by
    // itself, so the log stays bounded when nobody calls Store::checkpoint().
    void after_commit() noexcept;
};

// Runs `f`, turning SQLiteCpp exceptions into StoreError (for the backend's own SQLiteCpp calls;
// the shared code goes through SqliteConnection, which does this itself).
template <class F>
auto guarded(const SqliteBackend& s, F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const SQLite::Exception& e) {
        rethrow_sqlite(e, s.path);
    }
}

// WAL size (pages) past which a save checkpoints by itself (~64 MB; at human pace the app's idle
// checkpoint keeps the log far below it).
constexpr int kSafetyNetFrames = 16384;
// WAL size (pages) from which checkpoint_due() says so (SQLite's automatic checkpoint default).
constexpr int kCheckpointDueFrames = 1000;
// What the WAL file is cut back to when it is reused after a checkpoint (journal_size_limit).
constexpr std::int64_t kWalKeepBytes = 16ll << 20;

// A write-ahead log checked against SQLite's documented format (wal_check.cpp). `damaged`:
// frames past the point where SQLite stops reading were written later (or the header is bad), so
// committed transactions would be skipped without a word. Offsets are byte lengths of the log
// up to its last valid frame and its last valid commit.
struct WalCheck {
    bool damaged = false;
    std::string why;  // one phrase, when damaged
    std::size_t valid_end = 0, commit_end = 0;
};
WalCheck check_wal(const std::filesystem::path& wal);

// Schema (schema.cpp).
int latest_version();
// Creates the schema of `version` (1..latest) in an empty database exactly as migrate() would
// have left it at that version, with no rows: for tests and benchmarks that need a file made by
// an older hairconsult.
void create_schema_at(SQLite::Database& db, int version);
int application_id();  // ours, in PRAGMA application_id
void migrate(SqliteBackend& s);  // from s.version to latest, one BEGIN IMMEDIATE transaction
// "" when the file's tables, columns, indexes and triggers are exactly those our migrations
// make for `version`; else what differs first (one phrase). Read only.
std::string check_schema(SQLite::Database& db, int version);
// "" when erase_guard is empty and every consultation's latest_revision is its newest; else the
// first problem. Read only.
std::string check_invariants(SQLite::Database& db);

}  // namespace hc::db
