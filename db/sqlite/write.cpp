// The file's write transactions and checkpoints, and SQLite's error codes in the store's terms.
#include <sqlite3.h>

#include "db/sqlite/backend.h"

namespace hc::db {

StoreError::Kind kind_of_sqlite(int code) {
    using K = StoreError::Kind;
    switch (code & 0xff) {
        case SQLITE_NOTADB: return K::NotOurs;
        case SQLITE_CORRUPT: return K::Corrupt;
        case SQLITE_FULL: return K::DiskFull;
        case SQLITE_IOERR: return K::Io;
        case SQLITE_READONLY: return K::ReadOnly;
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return K::Locked;
        case SQLITE_CANTOPEN:
        case SQLITE_PERM:
        case SQLITE_AUTH: return K::CannotOpen;
        default: return K::Internal;
    }
}

void rethrow_sqlite(const SQLite::Exception& e, const std::filesystem::path& path) {
    const int code = e.getExtendedErrorCode() > 0 ? e.getExtendedErrorCode() : e.getErrorCode();
    const auto kind = kind_of_sqlite(code);
    const std::string f = path.string();
    using K = StoreError::Kind;
    std::string msg;
    switch (kind) {
        case K::NotOurs: msg = f + " is not a hairconsult database (not an SQLite file); it was left untouched."; break;
        case K::Corrupt: msg = f + " is damaged (SQLite reports it malformed); nothing was written. Restore it from a backup."; break;
        case K::DiskFull: msg = "The disk holding " + f + " is full; nothing was saved. Free some space and save again."; break;
        case K::Io: msg = "The system reported an error writing " + f + " (disk full or failing?); nothing was saved."; break;
        case K::ReadOnly: msg = f + " cannot be written (read-only file, folder or disk); nothing was saved."; break;
        case K::Locked: msg = f + " is locked by another program; try again in a moment."; break;
        case K::CannotOpen: msg = "Cannot open " + f + " (missing folder or no permission)."; break;
        default: msg = "Database error in " + f + ": " + e.what(); break;
    }
    throw StoreError(kind, code, msg);
}

void SqliteBackend::require_writable() const {
    if (options.read_only && !read_only_why.empty())
        throw StoreError(StoreError::Kind::ReadOnly, SQLITE_READONLY, read_only_why);
    if (options.read_only)
        throw StoreError(StoreError::Kind::ReadOnly, SQLITE_READONLY,
                         path_text + " was opened read-only; nothing was saved.");
}

// Takes `writing` for this Store's write transactions. A checkpoint holding it is told to stop
// (sqlite3_interrupt is the one SQLite call made for use from another thread); the copy loop
// checks at every page, so the wait is one page write or the checkpoint's closing sync.
static void lock_for_write(SqliteBackend& s) {
    std::unique_lock<std::mutex> lock(s.writing, std::try_to_lock);
    if (!lock.owns_lock()) {
        if (s.checkpointing.load() && s.checkpoint_db) sqlite3_interrupt(s.checkpoint_db->getHandle());
        lock.lock();
    }
    s.write_lock = std::move(lock);
    s.write_owner = std::this_thread::get_id();
}

static void unlock_for_write(SqliteBackend& s) {
    s.write_owner = std::thread::id();
    s.write_lock.unlock();
}

void SqliteBackend::begin_write() {
    lock_for_write(*this);
    try {
        guarded(*this, [&] { db->exec("BEGIN IMMEDIATE"); });
    } catch (...) {
        unlock_for_write(*this);
        throw;
    }
}

void SqliteBackend::rollback_write() noexcept {
    // Rolling back can only fail if SQLite already rolled back (e.g. after SQLITE_FULL); either
    // way nothing of this transaction stays.
    (void)db->tryExec("ROLLBACK");
    unlock_for_write(*this);
}

void SqliteBackend::commit_write() {
    guarded(*this, [&] { db->exec("COMMIT"); });  // a failed COMMIT is rolled back by rollback_write()
    unlock_for_write(*this);
    after_commit();
}

// A deferred BEGIN: the first SELECT fixes the snapshot every later one reads, whatever another
// program commits meanwhile. The one connection is this program's UI thread's (checkpoints run
// on their own connection), so no lock is taken; a checkpoint meanwhile just stops at the
// reader's snapshot and copies the rest next time.
void SqliteBackend::begin_read() {
    guarded(*this, [&] { db->exec("BEGIN"); });
}

void SqliteBackend::end_read() noexcept {
    if (db->tryExec("COMMIT") == SQLITE_OK) return;
    (void)db->tryExec("ROLLBACK");
}

bool SqliteBackend::checkpoint_passive() noexcept {
    if (!checkpoint_db || options.read_only) return true;
    // Called inside one of this Store's own transactions (in_one_transaction): waiting for the
    // lock this thread holds would never end, and the transaction is not committed yet anyway.
    if (write_owner.load() == std::this_thread::get_id()) return false;
    std::lock_guard<std::mutex> lock(writing);
    sqlite3* h = checkpoint_db->getHandle();
    // An interrupt meant for an earlier checkpoint may still be pending on this connection (it
    // came after that one had left its copy loop); a statement starting with none active
    // clears it.
    (void)checkpoint_db->tryExec("SELECT 1");
    checkpointing = true;
    int log = 0, done = 0;
    const int rc = sqlite3_wal_checkpoint_v2(h, "main", SQLITE_CHECKPOINT_PASSIVE, &log, &done);
    checkpointing = false;
    const bool complete = rc == SQLITE_OK && done >= log;
    // A reader still on older pages (or a save that interrupted): the safety net tries again a
    // quarter further on rather than on every commit.
    safety_net_at = complete ? kSafetyNetFrames : wal_frames + kSafetyNetFrames / 4;
    if (complete) wal_frames = 0;
    return complete;
}

void SqliteBackend::after_commit() noexcept {
    // The commit is durable already (synchronous=FULL syncs the WAL); a checkpoint failing
    // here must not turn a saved consultation into an error, so its result is not reported.
    if (wal_frames >= safety_net_at) (void)checkpoint_passive();
}

// AUTOINCREMENT keeps in sqlite_sequence the largest id each table ever had, and never gives
// it out again: the counters a copy carries over.
IdCounters SqliteBackend::id_counters() {
    IdCounters out;
    sql::Statement q(*connection, "SELECT seq FROM sqlite_sequence WHERE name = ?");
    for (const auto& c : kIdCounters) {
        q.reset();
        q.bind(1, c.table);
        if (q.step() && !q.is_null(0)) out.*c.field = q.int64(0);
    }
    return out;
}

void SqliteBackend::end_copy_in(const IdCounters& at_least) {
    // Rows inserted with their ids already moved each counter past them; an id no copied row
    // holds (an erased patient's, named only by the audit log) must be set here. A table that
    // never had a row has no sqlite_sequence row yet.
    sql::Statement up(*connection, "UPDATE sqlite_sequence SET seq = ?2 WHERE name = ?1 AND seq < ?2");
    sql::Statement add(*connection, "INSERT INTO sqlite_sequence(name, seq) SELECT ?1, ?2 "
                                    "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?1)");
    for (const auto& c : kIdCounters) {
        const std::int64_t n = at_least.*c.field;
        if (n <= 0) continue;
        for (sql::Statement* q : {&up, &add}) {
            q->reset();
            q->bind(1, c.table).bind(2, n).run();
        }
    }
}

}  // namespace hc::db
