// Inside db/ only: the connection behind a Store, the write transaction guard, and helpers
// shared by the store's source files. SQLiteCpp is included here and nowhere outside db/.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <string>
#include <vector>

#include "db/store.h"
#include "engine/stored_result.h"

namespace hc::db {

struct Store::Impl {
    std::filesystem::path path;
    OpenOptions options;
    std::unique_ptr<SQLite::Database> db;
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
    std::unique_lock<std::mutex> write_lock;  // held by the outermost WriteTransaction
    std::atomic<std::thread::id> write_owner{};  // the thread holding write_lock, if any
    std::atomic<bool> checkpointing{false};
    std::atomic<int> wal_frames{0};
    std::atomic<int> safety_net_at{0};  // see after_commit()
    int tx_depth = 0;                // WriteTransactions open (inner ones join the outermost)
    std::vector<std::string> notes;  // Store::notes(): what the caller must tell the user
    std::string read_only_why;       // set when open() chose read-only itself (damaged log)

    Impl() = default;
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    ~Impl();

    void require_writable() const;  // ReadOnly when opened read-only
    // PASSIVE checkpoint on checkpoint_db (never waits for readers, never throws); true when the
    // whole WAL reached the file. Safe from any one thread at a time besides the Store's own.
    bool checkpoint_passive() noexcept;
    // The safety net: a commit that leaves the WAL at kSafetyNetFrames or more checkpoints by
    // itself, so the log stays bounded when nobody calls Store::checkpoint().
    void after_commit() noexcept;
};

// WAL size (pages) past which a save checkpoints by itself (~64 MB; at human pace the app's idle
// checkpoint keeps the log far below it).
constexpr int kSafetyNetFrames = 16384;
// WAL size (pages) from which checkpoint_due() says so (SQLite's automatic checkpoint default).
constexpr int kCheckpointDueFrames = 1000;
// What the WAL file is cut back to when it is reused after a checkpoint (journal_size_limit).
constexpr std::int64_t kWalKeepBytes = 16ll << 20;

// BEGIN IMMEDIATE now; ROLLBACK in the destructor unless commit() returned. Taking the write
// lock up front is what keeps two writers from failing with SQLITE_BUSY mid-transaction.
class WriteTransaction {
public:
    explicit WriteTransaction(Store::Impl& s);
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;
    ~WriteTransaction();
    void commit();

private:
    Store::Impl& s_;
    bool open_ = false;
    bool nested_ = false;  // inside Store::in_one_transaction(): BEGIN/COMMIT are the outer one's
};

// Maps a SQLite error to a StoreError with one plain sentence about `path`.
[[noreturn]] void rethrow_sqlite(const SQLite::Exception& e, const std::filesystem::path& path);
StoreError::Kind kind_of_sqlite(int extended_code);

// Runs `f`, turning SQLiteCpp exceptions into StoreError.
template <class F>
auto guarded(const Store::Impl& s, F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const SQLite::Exception& e) {
        rethrow_sqlite(e, s.path);
    }
}

std::string now_utc();  // "2026-03-01T09:30:00.123Z"

// Input checks; throw StoreError(InvalidInput) naming `what`.
const char* control_in(std::string_view s);  // nullptr, or what control character s holds
void check_text(const std::string& s, const char* what, std::size_t max_len, bool required);
void check_author(const std::string& author);  // required, one line, at most 200 bytes
void check_birth_date(const std::string& s);   // "" or a real date, not in the future
void check_date(const std::string& s, const char* what);  // "" or a real YYYY-MM-DD

// Overrides <-> JSON text.
std::string overrides_to_json(const std::vector<Override>& o);
std::vector<Override> overrides_from_json(const std::string& text);
void check_overrides(const std::vector<Override>& o, const hc::Pack* pack);

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

// Replaces a consultation's search tags with those of `result` (its assessments with their
// likelihood, options with their verdict, red flags) and returns its headline column: the
// assessment ids in result order, ", "-joined. store_write.cpp; import uses it too.
std::string write_tags(Store::Impl& s, ConsultationId id, const hc::StoredResult& result);
// The headline column back as ids (the one reader of what write_tags writes).
std::vector<std::string> headline_ids(const std::string& column);
// The folded form search compares (fold.cpp): lower case, Latin letters without accents and
// spelled in ASCII (Zoë -> zoe, Łukasz -> lukasz, Müller -> muller, Straße -> strasse); other
// scripts unchanged apart from case (王芳 stays 王芳). patient_search holds names and record
// numbers folded; every query is folded the same way. Throws StoreError(Internal) without ICU data.
std::string fold_for_search(std::string_view text);
// Adds the patient's folded name and record number to the search tables (patient_search,
// rowid = patient id; patient_grams), and takes them out again.
void index_patient(SQLite::Database& db, PatientId id, const std::string& name, const std::string& record_number);
void unindex_patient(SQLite::Database& db, PatientId id);
// index_patient() for many patients in a row (the migration, the bench's bulk build): the
// statements are prepared once.
class SearchIndexer {
public:
    explicit SearchIndexer(SQLite::Database& db);
    void add(PatientId id, const std::string& name, const std::string& record_number);

private:
    SQLite::Statement fts_, grams_;
};

// Schema (schema.cpp).
int latest_version();
// Creates the schema of `version` (1..latest) in an empty database exactly as migrate() would
// have left it at that version, with no rows: for tests and benchmarks that need a file made by
// an older hairconsult.
void create_schema_at(SQLite::Database& db, int version);
int application_id();  // ours, in PRAGMA application_id
void migrate(Store::Impl& s);  // from s.version to latest, one BEGIN IMMEDIATE transaction
// "" when the file's tables, columns, indexes and triggers are exactly those our migrations
// make for `version`; else what differs first (one phrase). Read only.
std::string check_schema(SQLite::Database& db, int version);
// "" when erase_guard is empty and every consultation's latest_revision is its newest; else the
// first problem. Read only.
std::string check_invariants(SQLite::Database& db);

}  // namespace hc::db
