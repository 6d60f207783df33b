// Errors, names, time, input checks and the write transaction guard.
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "base/paths.h"
#include "db/internal.h"
#include "engine/iso_date.h"
#include "engine/json_input.h"

namespace hc::db {

StoreError::StoreError(Kind kind, int sqlite_code, const std::string& message)
    : std::runtime_error(message), kind_(kind), code_(sqlite_code) {}

std::string_view to_string(StoreError::Kind k) {
    using K = StoreError::Kind;
    switch (k) {
        case K::NotOurs: return "not_ours";
        case K::NewerSchema: return "newer_schema";
        case K::Corrupt: return "corrupt";
        case K::ReadOnly: return "read_only";
        case K::Locked: return "locked";
        case K::AlreadyOpen: return "already_open";
        case K::DiskFull: return "disk_full";
        case K::Io: return "io";
        case K::CannotOpen: return "cannot_open";
        case K::NotFound: return "not_found";
        case K::WrongState: return "wrong_state";
        case K::Incomplete: return "incomplete";
        case K::InvalidInput: return "invalid_input";
        case K::Duplicate: return "duplicate";
        case K::Internal: return "internal";
    }
    return "internal";
}

std::string_view to_string(Status s) {
    switch (s) {
        case Status::InProgress: return "in-progress";
        case Status::Completed: return "completed";
        case Status::Amended: return "amended";
        case Status::EnteredInError: return "entered-in-error";
    }
    return "in-progress";
}

bool status_from_string(std::string_view s, Status& out) {
    for (Status v : {Status::InProgress, Status::Completed, Status::Amended, Status::EnteredInError}) {
        if (to_string(v) == s) {
            out = v;
            return true;
        }
    }
    return false;
}

std::string_view to_string(Override::Decision d) {
    return d == Override::Decision::Accept ? "accept" : "decline";
}

std::string_view to_string(AuditAction a) {
    switch (a) {
        case AuditAction::Created: return "created";
        case AuditAction::Opened: return "opened";
        case AuditAction::Saved: return "saved";
        case AuditAction::Finalised: return "finalised";
        case AuditAction::Amended: return "amended";
        case AuditAction::Withdrawn: return "withdrawn";
        case AuditAction::Exported: return "exported";
        case AuditAction::Printed: return "printed";
        case AuditAction::Imported: return "imported";
        case AuditAction::Erased: return "erased";
    }
    return "opened";
}

std::filesystem::path default_path() {
    if (const auto dir = base::data_dir(); !dir.empty()) return dir / "consultations.db";
    throw StoreError(StoreError::Kind::CannotOpen, 0,
                     "Cannot find the data folder: neither XDG_DATA_HOME nor HOME is set; use --db PATH.");
}

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

void Store::Impl::require_writable() const {
    if (options.read_only && !read_only_why.empty())
        throw StoreError(StoreError::Kind::ReadOnly, SQLITE_READONLY, read_only_why);
    if (options.read_only)
        throw StoreError(StoreError::Kind::ReadOnly, SQLITE_READONLY,
                         path.string() + " was opened read-only; nothing was saved.");
}

// Takes `writing` for this Store's write transactions. A checkpoint holding it is told to stop
// (sqlite3_interrupt is the one SQLite call made for use from another thread); the copy loop
// checks at every page, so the wait is one page write or the checkpoint's closing sync.
static void lock_for_write(Store::Impl& s) {
    std::unique_lock<std::mutex> lock(s.writing, std::try_to_lock);
    if (!lock.owns_lock()) {
        if (s.checkpointing.load() && s.checkpoint_db) sqlite3_interrupt(s.checkpoint_db->getHandle());
        lock.lock();
    }
    s.write_lock = std::move(lock);
    s.write_owner = std::this_thread::get_id();
}

static void unlock_for_write(Store::Impl& s) {
    s.write_owner = std::thread::id();
    s.write_lock.unlock();
}

WriteTransaction::WriteTransaction(Store::Impl& s) : s_(s) {
    s_.require_writable();
    nested_ = s_.tx_depth > 0;
    if (!nested_) {
        lock_for_write(s_);
        try {
            guarded(s_, [&] { s_.db->exec("BEGIN IMMEDIATE"); });
        } catch (...) {
            unlock_for_write(s_);
            throw;
        }
    }
    ++s_.tx_depth;
    open_ = true;
}

WriteTransaction::~WriteTransaction() {
    if (!open_) return;
    --s_.tx_depth;
    // A nested one that did not complete leaves the rollback to the outermost, which sees the
    // same exception on its way out.
    if (!nested_) {
        // Rolling back can only fail if SQLite already rolled back (e.g. after SQLITE_FULL);
        // either way nothing of this transaction stays.
        (void)s_.db->tryExec("ROLLBACK");
        unlock_for_write(s_);
    }
}

void WriteTransaction::commit() {
    if (nested_) {
        --s_.tx_depth;
        open_ = false;
        return;
    }
    guarded(s_, [&] { s_.db->exec("COMMIT"); });
    open_ = false;
    --s_.tx_depth;
    unlock_for_write(s_);
    s_.after_commit();
}

void Store::in_one_transaction(const std::function<void()>& work) {
    WriteTransaction tx(*impl_);
    work();
    tx.commit();
}

bool Store::Impl::checkpoint_passive() noexcept {
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

void Store::Impl::after_commit() noexcept {
    // The commit is durable already (synchronous=FULL syncs the WAL); a checkpoint failing
    // here must not turn a saved consultation into an error, so its result is not reported.
    if (wal_frames >= safety_net_at) (void)checkpoint_passive();
}

std::string now_utc() {
    using namespace std::chrono;
    const auto now = system_clock::now();
    const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count();
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    return buf;
}

// Names, record numbers, authors and reasons are one line each: a line break, tab or other
// control character in one would forge rows in a list or a terminal. Returns what was found
// (for the message) or nullptr. C0, DEL, C1 (U+0080..U+009F) and the Unicode line and paragraph
// separators; bidirectional marks are allowed (names in right-to-left scripts use them) and are
// isolated where names are drawn.
const char* control_in(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '\n') return "a line break";
        if (c == '\r') return "a carriage return";
        if (c == '\t') return "a tab";
        if (c < 0x20 || c == 0x7f) return "a control character";
        const auto next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
        if (c == 0xc2 && next >= 0x80 && next <= 0x9f) return "a control character";
        if (c == 0xe2 && next == 0x80 && i + 2 < s.size() &&
            (static_cast<unsigned char>(s[i + 2]) == 0xa8 || static_cast<unsigned char>(s[i + 2]) == 0xa9))
            return "a line separator";
    }
    return nullptr;
}

void check_text(const std::string& s, const char* what, std::size_t max_len, bool required) {
    using K = StoreError::Kind;
    if (required && s.find_first_not_of(" \t\r\n") == std::string::npos)
        throw StoreError(K::InvalidInput, 0, std::string(what) + " is required.");
    if (s.size() > max_len)
        throw StoreError(K::InvalidInput, 0,
                         std::string(what) + " is too long (at most " + std::to_string(max_len) + " bytes).");
    if (const char* c = control_in(s))
        throw StoreError(K::InvalidInput, 0,
                         std::string(what) + " contains a control character (" + c +
                             "); it must be one line of plain text.");
    // Invalid UTF-8 would later break JSON export: refuse it here.
    try {
        (void)nlohmann::json(s).dump();
    } catch (const nlohmann::json::exception&) {
        throw StoreError(K::InvalidInput, 0, std::string(what) + " is not valid UTF-8 text.");
    }
}

void check_date(const std::string& s, const char* what) {
    if (s.empty()) return;
    const auto d = parse_iso_date(s);  // the engine's one reading of a calendar date
    if (!d || d->year < 1850 || d->year > 2200)
        throw StoreError(StoreError::Kind::InvalidInput, 0, std::string(what) + " must be a date YYYY-MM-DD.");
}

// Every write names who made it: the audit log must never hold an anonymous change.
void check_author(const std::string& author) { check_text(author, "The author", 200, true); }

void check_birth_date(const std::string& s) {
    check_date(s, "The birth date");
    if (!s.empty() && s > now_utc().substr(0, 10))
        throw StoreError(StoreError::Kind::InvalidInput, 0, "The birth date " + s + " is in the future.");
}

std::string overrides_to_json(const std::vector<Override>& o) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& x : o)
        a.push_back({{"option", x.option_id}, {"decision", std::string(to_string(x.decision))}, {"reason", x.reason}});
    return a.dump();
}

std::vector<Override> overrides_from_json(const std::string& text) {
    std::vector<Override> out;
    nlohmann::json a;
    try {
        a = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception&) {
        throw StoreError(StoreError::Kind::Corrupt, 0, "A stored override list is not valid JSON.");
    }
    for (const auto& x : a) {
        Override o;
        o.option_id = x.value("option", "");
        o.decision = x.value("decision", "") == "decline" ? Override::Decision::Decline : Override::Decision::Accept;
        o.reason = x.value("reason", "");
        out.push_back(std::move(o));
    }
    return out;
}

void check_overrides(const std::vector<Override>& o, const hc::Pack* pack) {
    for (const auto& x : o) {
        check_text(x.option_id, "An override's option", 100, true);
        check_text(x.reason, ("The reason for overriding " + x.option_id).c_str(), 2000, true);
        if (pack && pack->find_option(x.option_id) < 0)
            throw StoreError(StoreError::Kind::InvalidInput, 0,
                             "Override names an option the pack does not have: '" + x.option_id + "'.");
    }
}

}  // namespace hc::db
