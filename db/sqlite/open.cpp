// Opening a store: folder and file modes, the advisory lock, the probe that decides whether the
// file may be written at all, then the pragmas (asserted) and migrations.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

#include "db/internal.h"
#include "db/sqlite/backend.h"

namespace hc::db {
namespace {

using K = StoreError::Kind;

// Creates each missing folder of `dir` with mode 0700 (existing folders are left as they are:
// the user may have pointed --db into a shared place on purpose).
void make_private_dirs(const std::filesystem::path& dir) {
    if (dir.empty()) return;
    std::error_code ec;
    if (std::filesystem::is_directory(dir, ec)) return;
    make_private_dirs(dir.parent_path());
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
        throw StoreError(K::CannotOpen, 0, "Cannot create the folder " + dir.string() + ": " + std::strerror(errno) + ".");
}

// Creates an empty file 0600 (umask cannot widen it later: -wal and -shm copy this mode).
void create_private_file(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        if (errno == EEXIST) return;  // another process created it first: fine
        const auto kind = (errno == EROFS || errno == EACCES) ? K::ReadOnly : K::CannotOpen;
        throw StoreError(kind, 0, "Cannot create " + file.string() + ": " + std::strerror(errno) + ".");
    }
    ::fchmod(fd, 0600);
    ::close(fd);
}

// One app window per file: an flock on "<file>.lock". Exclusive holds it for the Store's life;
// Shared only looks whether someone holds it.
void take_lock(SqliteBackend& s) {
    if (s.options.read_only) return;  // cannot create a lock file on a read-only disk; cannot write either
    const auto lock_path = s.path.string() + ".lock";
    int fd = ::open(lock_path.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd >= 0) s.made_lock_file = true;
    else if (errno == EEXIST) fd = ::open(lock_path.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        if (errno == EROFS || errno == EACCES)
            throw StoreError(K::ReadOnly, 0, s.path.string() + " is on a read-only disk or in a folder we cannot write.");
        throw StoreError(K::CannotOpen, 0, "Cannot open " + lock_path + ": " + std::strerror(errno) + ".");
    }
    if (s.options.lock == OpenOptions::Lock::Exclusive) {
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            ::close(fd);
            throw StoreError(K::AlreadyOpen, 0,
                             s.path.string() + " is already open in another hairconsult window. Close it there first.");
        }
        s.lock_fd = fd;
        return;
    }
    if (::flock(fd, LOCK_SH | LOCK_NB) != 0) s.elsewhere = true;
    ::close(fd);  // closing drops our shared lock, if we got it
}

bool schema_is_empty(SQLite::Database& db) {
    return db.execAndGet("SELECT count(*) FROM sqlite_schema").getInt() == 0;
}

// A check's report as part of one message line: SQLite puts several problems in one row,
// separated by newlines and headed "*** in database main ***".
std::string one_line(std::string text) {
    const std::string head = "*** in database main ***";
    if (text.rfind(head, 0) == 0) text.erase(0, head.size());
    std::string out;
    for (char c : text) {
        if (c == '\n' || c == '\r') {
            if (!out.empty() && out.back() != ' ') out += "; ";
        } else if (c != ' ' || (!out.empty() && out.back() != ' ')) {
            out += c;
        }
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == ';')) out.pop_back();
    if (out.size() > 160) out = out.substr(0, 157) + "...";
    return out.empty() ? "check failed" : out;
}

// quick_check of the whole file while it is small. A large file (mostly revision bodies: each
// holds its result JSON, ~8 KB) would take seconds, so there every table and index except the
// revisions and the derived search tables is checked at startup; those are still checked by
// SQLite's cell checks on every read (cell_size_check) and by integrity_check() on request.
std::string startup_check(SQLite::Database& db) {
    constexpr std::int64_t kFullCheckBytes = 64ll << 20;
    const std::int64_t bytes = db.execAndGet("PRAGMA page_count").getInt64() * db.execAndGet("PRAGMA page_size").getInt64();
    std::vector<std::string> targets;
    if (bytes <= kFullCheckBytes) {
        targets.push_back("PRAGMA quick_check");
    } else {
        // Derived search tables (tags, full-text index, grams) are left to integrity_check(): they can be
        // rebuilt from the consultations and would double the time.
        SQLite::Statement t(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT IN "
                                "('revisions', 'consultation_tags', 'patient_grams') AND name NOT LIKE 'patient_search%' "
                                "AND sql NOT LIKE 'CREATE VIRTUAL%'");
        while (t.executeStep()) targets.push_back("PRAGMA quick_check(\"" + t.getColumn(0).getString() + "\")");
    }
    for (const auto& sql : targets) {
        SQLite::Statement q(db, sql);
        std::string first;
        if (q.executeStep()) first = q.getColumn(0).getString();
        if (first != "ok") return one_line(first);
    }
    return "ok";
}

// Reads enough of the file to know whether it is ours and sound. Never writes.
void probe(SqliteBackend& s, bool fresh) {
    const std::string f = s.path.string();
    int app = 0, version = 0;
    try {
        app = s.db->execAndGet("PRAGMA application_id").getInt();
        version = s.db->execAndGet("PRAGMA user_version").getInt();
        if (app != application_id()) {
            // An empty file (new, or a first migration killed before it committed) is ours to set up.
            if (!(app == 0 && version == 0 && schema_is_empty(*s.db)))
                throw StoreError(K::NotOurs, 0, f + " is not a hairconsult database; it was left untouched.");
            fresh = true;
        }
        // user_version is a signed 32-bit field: a negative one (a flipped bit is enough) would
        // index the migration table from below.
        if (version < 0)
            throw StoreError(K::Corrupt, 0,
                             f + " has an impossible schema version (" + std::to_string(version) +
                                 "); it was left untouched. Restore it from a backup.");
        if (version > latest_version())
            throw StoreError(K::NewerSchema, 0,
                             f + " was written by a newer version of hairconsult (schema " + std::to_string(version) +
                                 ", this version knows " + std::to_string(latest_version()) +
                                 "); it was left untouched. Update hairconsult to open it.");
        if (!fresh) {
            const std::string first = startup_check(*s.db);
            if (first != "ok")
                throw StoreError(K::Corrupt, SQLITE_CORRUPT,
                                 f + " is damaged (" + first + "); it was left untouched. Restore it from a backup.");
            // What integrity_check cannot see: a dropped or edited trigger, a table or index
            // changed, a guard row left behind, a consultation pointed at an older revision.
            std::string wrong = version == 0 && schema_is_empty(*s.db) ? "" : check_schema(*s.db, version);
            if (wrong.empty() && version > 0) wrong = check_invariants(*s.db);
            if (!wrong.empty())
                throw StoreError(K::Corrupt, 0,
                                 f + " is not as hairconsult left it (" + wrong +
                                     "); it was left untouched. Restore it from a backup.");
        }
    } catch (const SQLite::Exception& e) {
        const int code = e.getExtendedErrorCode() > 0 ? e.getExtendedErrorCode() : e.getErrorCode();
        const auto kind = kind_of_sqlite(code);
        if (kind == K::NotOurs)
            throw StoreError(K::NotOurs, code, f + " is not a hairconsult database; it was left untouched.");
        if (kind == K::Corrupt)
            throw StoreError(K::Corrupt, code, f + " is damaged; it was left untouched. Restore it from a backup.");
        if (kind == K::Locked)
            throw StoreError(K::Locked, code, f + " is locked by another program; it was left untouched. Try again later.");
        rethrow_sqlite(e, s.path);
    }
    s.version = version;
    if (!s.options.read_only && sqlite3_db_readonly(s.db->getHandle(), "main") == 1)
        throw StoreError(K::ReadOnly, SQLITE_READONLY,
                         f + " cannot be written (read-only file, folder or disk); it was left untouched.");
}

// Called by SQLite after each commit with the WAL's size in pages; only records it (a
// checkpoint run from inside the hook would run inside the commit again).
int on_wal_commit(void* impl, sqlite3*, const char*, int pages) {
    static_cast<SqliteBackend*>(impl)->wal_frames = pages;
    return SQLITE_OK;
}

// Hardening for a file we may not have made: no schema-defined functions with side effects,
// no direct writes that could corrupt it, checked cells, no memory mapping.
void harden(SqliteBackend& s) {
    sqlite3* h = s.db->getHandle();
    sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    guarded(s, [&] {
        s.db->exec("PRAGMA trusted_schema = OFF");
        s.db->exec("PRAGMA cell_size_check = ON");
        s.db->exec("PRAGMA mmap_size = 0");
        // REPLACE deletes the row it collides with; only with this on do DELETE triggers see it.
        s.db->exec("PRAGMA recursive_triggers = ON");
    });
    // No checkpoint when this connection closes until the file has passed the probe (and never
    // for a read-only store): closing is a write, and a refused file or a WAL kept for the
    // clinician to decide about must stay exactly as it is.
    sqlite3_db_config(h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    s.connection = std::make_unique<SqliteConnection>(*s.db, s.path);
}

// The connection checkpoints run on (see Impl::checkpoint_db), opened once the file has passed
// the probe and is migrated. It only ever checkpoints; hardened like the writer all the same.
void open_checkpoint_connection(SqliteBackend& s) {
    try {
        s.checkpoint_db = std::make_unique<SQLite::Database>(s.path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_NOFOLLOW,
                                                             s.options.busy_timeout_ms);
        sqlite3* h = s.checkpoint_db->getHandle();
        sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
        sqlite3_db_config(h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
        // Never the last connection to close (the writer closes after it): no checkpoint of its own.
        sqlite3_db_config(h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
        s.checkpoint_db->exec("PRAGMA trusted_schema = OFF");
        s.checkpoint_db->exec("PRAGMA mmap_size = 0");
        s.checkpoint_db->exec("PRAGMA synchronous = FULL");
        s.checkpoint_db->exec("PRAGMA journal_size_limit = " + std::to_string(kWalKeepBytes));
        sqlite3_wal_autocheckpoint(h, 0);
    } catch (const SQLite::Exception& e) {
        rethrow_sqlite(e, s.path);
    }
}

bool on_read_only_disk(const std::filesystem::path& file) {
    struct statvfs v{};
    return ::statvfs(file.c_str(), &v) == 0 && (v.f_flag & ST_RDONLY) != 0;
}

// No write-ahead log with content beside the file (an immutable open would ignore it).
bool no_pending_log(const std::filesystem::path& file) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file.string() + "-wal", ec);
    return ec || size == 0;
}

// "file:" URI of `file` with immutable=1; every byte that could end the path is %-escaped.
std::string immutable_uri(const std::filesystem::path& file) {
    const std::string p = std::filesystem::absolute(file).string();
    std::string out = "file:";
    static const char* hex = "0123456789ABCDEF";
    for (unsigned char c : p) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~' || c >= 0x80) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xf];
        }
    }
    return out + "?immutable=1";
}

void require_pragma(SqliteBackend& s, const char* pragma, const std::string& expected, const char* what) {
    const std::string got = s.db->execAndGet(pragma).getString();
    if (got != expected)
        throw StoreError(K::Internal, 0,
                         "Cannot make " + s.path.string() + " safe to write: " + what + " is '" + got + "', not '" +
                             expected + "'.");
}

// The log, the shared-memory index and the lock beside the file must be plain files (or absent):
// a folder or device there makes SQLite fail with a message about permissions.
void check_companions(const std::filesystem::path& path) {
    for (const char* suffix : {"-wal", "-shm", ".lock"}) {
        const std::filesystem::path p = path.string() + suffix;
        std::error_code ec;
        const auto t = std::filesystem::symlink_status(p, ec).type();
        if (t == std::filesystem::file_type::not_found || t == std::filesystem::file_type::none ||
            t == std::filesystem::file_type::regular)
            continue;
        const char* what = t == std::filesystem::file_type::directory ? "a folder"
                           : t == std::filesystem::file_type::symlink ? "a symbolic link"
                                                                      : "not a plain file";
        throw StoreError(K::CannotOpen, 0,
                         p.string() + " is " + what + ", where the database keeps its " +
                             (suffix[1] == 'w' ? "write-ahead log" : suffix[1] == 's' ? "shared index" : "lock file") +
                             "; move it away. " + path.string() + " was left untouched.");
    }
}

// A damaged log (see wal_check.cpp): a copy beside the file, one note, and a read-only open so
// that no write resets the log until the clinician decides (restore a backup, or open with
// discard_damaged_log to go on from the last commit that can be read).
void handle_damaged_log(SqliteBackend& s) {
    const std::filesystem::path wal = s.path.string() + "-wal";
    WalCheck w = check_wal(wal);
    if (!w.damaged) return;
    // Another process may have been resetting the log while we read it (new header, old frames
    // still behind): look again after a moment; damage stays, a reset does not.
    ::usleep(50 * 1000);
    w = check_wal(wal);
    if (!w.damaged) return;
    const std::string f = s.path.string();
    if (s.options.discard_damaged_log) {
        if (::truncate(wal.c_str(), static_cast<off_t>(w.commit_end)) != 0)
            throw StoreError(K::CannotOpen, 0, "Cannot cut back the damaged log " + wal.string() + ": " + std::strerror(errno) + ".");
        s.notes_.push_back("The damaged part of " + wal.string() + " was discarded at your request; the saves before it were kept.");
        return;
    }
    std::string stamp = now_utc();
    for (char& c : stamp)
        if (c == ':') c = '-';
    const std::filesystem::path copy = wal.string() + ".damaged-" + stamp;
    std::string kept = "no copy could be made (" + std::string("read-only disk?") + ")";
    {
        std::error_code ec;
        const int out = ::open(copy.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (out >= 0) {
            ::close(out);
            std::filesystem::copy_file(wal, copy, std::filesystem::copy_options::overwrite_existing, ec);
            if (!ec) kept = "a copy was kept as " + copy.string();
        }
    }
    s.notes_.push_back(f + ": its write-ahead log is damaged (" + w.why +
                      "); saves recorded after the damage cannot be read and are not shown. " + kept +
                      ". Opened read-only so nothing more is lost: restore a backup, or go on from the last save "
                      "that can be read (hairconsult-cli sessions --discard-damaged-log).");
    s.options.read_only = true;
    s.read_only_why = f + " was opened read-only because its write-ahead log is damaged; nothing was saved.";
}

// A database left readable by others (made by an older version, or copied in) is narrowed to
// 0600, and our own data folder to 0700, with a note. A folder the user chose is left alone:
// tightening /tmp or a shared folder would break other people's work.
void tighten_modes(SqliteBackend& s) {
    struct stat st{};
    for (const char* suffix : {"", "-wal", "-shm"}) {
        const std::string p = s.path.string() + suffix;
        if (::lstat(p.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 077) == 0) continue;
        if (::chmod(p.c_str(), 0600) == 0 && *suffix == '\0')
            s.notes_.push_back(p + " was readable by other accounts; it is now private to you (mode 0600).");
    }
    std::error_code ec;
    std::filesystem::path ours;
    try {
        ours = default_path().parent_path();
    } catch (const StoreError&) {
        return;
    }
    const auto dir = s.path.parent_path();
    if (dir.empty() || !std::filesystem::equivalent(dir, ours, ec) || ec) return;
    if (::lstat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 077) != 0 &&
        ::chmod(dir.c_str(), 0700) == 0)
        s.notes_.push_back("The folder " + dir.string() + " was open to other accounts; it is now private to you (mode 0700).");
}

}  // namespace

std::unique_ptr<Backend> open_sqlite_backend(const std::filesystem::path& path, const OpenOptions& options) {
    auto impl = std::make_unique<SqliteBackend>();
    impl->options = options;
    impl->path = path;
    impl->path_text = path.string();
    SqliteBackend& s = *impl;
    const std::string f = path.string();

    std::error_code ec;
    const auto st = std::filesystem::symlink_status(path, ec);
    bool fresh = false;
    if (std::filesystem::is_symlink(st))
        throw StoreError(K::CannotOpen, 0,
                         f + " is a symbolic link; hairconsult opens its database only by its real path (so no link "
                             "can redirect it). Use --db with the file itself.");
    if (std::filesystem::exists(st)) {
        if (std::filesystem::is_directory(st)) throw StoreError(K::CannotOpen, 0, f + " is a folder, not a database file.");
        if (!std::filesystem::is_regular_file(st))
            throw StoreError(K::CannotOpen, 0, f + " is not a plain file (a device, pipe or socket); it was left untouched.");
        check_companions(path);
        handle_damaged_log(s);
    } else {
        if (s.options.read_only || !s.options.create)
            throw StoreError(K::CannotOpen, SQLITE_CANTOPEN, f + " does not exist.");
        make_private_dirs(path.parent_path());
        create_private_file(path);
        fresh = true;
    }

    take_lock(s);  // from here on, ~Impl closes the connection and lets go of the lock
    try {
        const int flags = s.options.read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE;
        try {
            s.db = std::make_unique<SQLite::Database>(f, flags | SQLite::OPEN_NOFOLLOW, s.options.busy_timeout_ms);
        } catch (const SQLite::Exception& e) {
            rethrow_sqlite(e, path);
        }
        harden(s);

        try {
            probe(s, fresh);
        } catch (const StoreError& e) {
            // A WAL file on a read-only disk cannot be read the usual way: SQLite needs to
            // create its -shm index beside it. With no log waiting to be replayed, nothing can
            // change the file there, so it is opened immutable (no -shm, no locks) instead.
            if (!(s.options.read_only && e.kind() == K::CannotOpen && on_read_only_disk(path) &&
                  no_pending_log(path)))
                throw;
            s.db.reset();
            try {
                s.db = std::make_unique<SQLite::Database>(immutable_uri(path), SQLite::OPEN_READONLY | SQLite::OPEN_URI |
                                                                                  SQLite::OPEN_NOFOLLOW,
                                                          s.options.busy_timeout_ms);
            } catch (const SQLite::Exception& again) {
                rethrow_sqlite(again, path);
            }
            harden(s);
            probe(s, fresh);
        }

        guarded(s, [&] {
            s.db->exec("PRAGMA foreign_keys = ON");
            require_pragma(s, "PRAGMA foreign_keys", "1", "foreign_keys");
            s.db->exec("PRAGMA synchronous = FULL");
            require_pragma(s, "PRAGMA synchronous", "2", "synchronous");
            s.db->exec("PRAGMA secure_delete = ON");
            if (s.options.max_pages > 0) s.db->exec("PRAGMA max_page_count = " + std::to_string(s.options.max_pages));
            if (!s.options.read_only) {
                // Writes the header (only now that the probe passed). Read back: a file on a
                // filesystem without shared memory would silently stay in rollback mode.
                const std::string mode = s.db->execAndGet("PRAGMA journal_mode = WAL").getString();
                if (mode != "wal")
                    throw StoreError(K::Internal, 0,
                                     "Cannot make " + f + " safe to write: journal_mode is '" + mode + "', not 'wal'.");
                // Checkpoints leave the commit path (see Impl::checkpoint_db): our hook
                // replaces SQLite's automatic checkpoint; a WAL grown by a burst is cut back on reuse.
                s.safety_net_at = kSafetyNetFrames;
                sqlite3_wal_hook(s.db->getHandle(), &on_wal_commit, &s);
                s.db->exec("PRAGMA journal_size_limit = " + std::to_string(kWalKeepBytes));
                sqlite3_db_config(s.db->getHandle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);
            }
        });

        if (!s.options.read_only) tighten_modes(s);
        if (s.version < latest_version()) {
            if (s.options.read_only)
                throw StoreError(K::ReadOnly, 0,
                                 f + " needs upgrading, which cannot be done read-only; it was left untouched.");
            migrate(s);
        }
        if (!s.options.read_only) open_checkpoint_connection(s);
    } catch (...) {
        // Leave no litter beside a file we refused (e.g. someone else's file).
        if (s.made_lock_file) ::unlink((path.string() + ".lock").c_str());
        throw;
    }
    return impl;
}

SqliteBackend::~SqliteBackend() {
    // Whatever this connection left in the WAL goes to the file now (SQLite does that itself
    // only when it is the last connection; the CLI often is not).
    if (wal_frames > 0) (void)checkpoint_passive();
    connection.reset();
    checkpoint_db.reset();
    db.reset();  // close SQLite first (the writer last), then let go of the window lock
    if (lock_fd >= 0) ::close(lock_fd);
}

int Store::latest_schema_version() { return latest_version(); }

bool SqliteBackend::checkpoint_due() const { return checkpoint_db && wal_frames.load() >= kCheckpointDueFrames; }

std::string SqliteBackend::integrity_check() {
    return guarded(*this, [&] {
        SQLite::Statement q(*db, "PRAGMA integrity_check");
        std::string out;
        while (q.executeStep()) {
            if (!out.empty()) out += "; ";
            out += q.getColumn(0).getString();
        }
        return out;
    });
}

std::string SqliteBackend::kind() { return std::string("SQLite ") + sqlite3_libversion() + " file"; }

int SqliteBackend::latest_schema_version() const { return latest_version(); }

// The file's own rules, looked at as they stand in the file: the schema our migrations made
// (append-only triggers included, nothing added or dropped), no guard row left behind, and a
// file only its owner can read.
std::vector<Guarantee> SqliteBackend::guarantees() {
    std::vector<Guarantee> out;
    const std::string schema = guarded(*this, [&] { return check_schema(*db, version); });
    out.push_back({"revisions and the audit log are append-only", schema.empty(),
                   schema.empty() ? "the file's triggers refuse UPDATE, DELETE and REPLACE of them" : schema});
    const std::string inv = guarded(*this, [&] { return check_invariants(*db); });
    out.push_back({"erasing a patient is the one way rows leave", inv.empty(),
                   inv.empty() ? "no erase guard row is left open" : inv});
    struct stat st{};
    const bool private_file = ::stat(path.c_str(), &st) == 0 && (st.st_mode & 077) == 0;
    out.push_back({"only its owner can read the file", private_file,
                   private_file ? "mode 0600" : "other accounts can read or write it (hairconsult-cli narrows it when it opens it for writing)"});
    return out;
}

Lease SqliteBackend::take_lease(ConsultationId, const std::string& room, const std::string& clinician, bool) {
    return Lease{room, clinician, now_utc()};
}

}  // namespace hc::db
