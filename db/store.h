// The consultation store: patients, consultations, their append-only revision history and an
// audit log, kept in one local SQLite file (a single desk) or on a clinic's PostgreSQL server
// (several rooms, see "Rooms"). The app and the CLI share this API; nothing here names either
// library (db/sqlite/ includes SQLiteCpp, db/postgres/ libpqxx). What follows under "File
// safety" is the file's; the server keeps the same history rules with triggers, privileges and
// a guarded erase function (db/postgres/schema.cpp).
//
// File safety (what open() promises)
//   - The directory is created 0700 and a new file 0600 (its -wal/-shm copy that mode).
//   - Right after opening, before anything is written, the file is probed: application_id is
//     ours (or the file is empty and new), user_version is one this program knows (negative or
//     newer refused), quick_check says "ok", the schema (tables, columns, indexes, triggers) is
//     exactly what our migrations make for that version, erase_guard is empty, every
//     consultation's latest_revision is its newest, the file is writable. A file that fails the
//     probe is never written to (not even a checkpoint on close): open() throws StoreError and
//     the file's bytes are left exactly as they were.
//   - Before SQLite reads the WAL it is checked against the documented format; valid frames
//     past a damaged one (committed saves SQLite would skip without a word) make open() keep a
//     copy "<file>-wal.damaged-<time>", say so in notes() and open read-only, unless
//     OpenOptions::discard_damaged_log says the clinician chose to go on from the last commit
//     that can be read. A symlinked file, or a -wal/-shm that is not a plain file, is refused
//     by name. A file or the default data folder open to other accounts is tightened (noted).
//   - Then: WAL, synchronous=FULL and foreign_keys=ON (each read back and asserted),
//     busy_timeout, trusted_schema=OFF, defensive mode, cell_size_check, no mmap, secure_delete.
//   - Schema migrations run on PRAGMA user_version in one BEGIN IMMEDIATE transaction: killed
//     half-way, the file is left at the version it had.
//   - Checkpoints are not part of a save: see checkpoint(). SQLite's automatic checkpoint is
//     replaced by the store's own WAL hook (it only measures the log).
//   - One writer connection per Store. Every write is one BEGIN IMMEDIATE transaction that rolls
//     back unless it completes, so a call either happens completely or not at all. A method that
//     returns has committed (synchronous=FULL: it survives a crash or power cut).
//   - An advisory lock beside the file ("<file>.lock") tells a second app window that the file
//     is already open elsewhere (StoreError::Kind::AlreadyOpen). The CLI opens with
//     Lock::Shared and still works while the app has the file open.
//
// History (what is kept, and how)
//   - Revisions are append-only in the file itself: BEFORE UPDATE/DELETE triggers abort any
//     change, whoever makes it, and BEFORE INSERT triggers refuse a row that would collide with
//     one already there (REPLACE / INSERT OR REPLACE delete the old row without firing DELETE
//     triggers on a connection without recursive_triggers; ours turn it on). The audit log
//     likewise; consultations and patients cannot be REPLACEd either. The one sanctioned exception is
//     erase_patient(), which removes every row of that patient inside one transaction that
//     first records a guard row the triggers check; the guard never outlives the transaction.
//   - Drafts: save_draft() keeps what is being typed in a separate one-row-per-consultation
//     draft (overwritten on each call, cheap). It is a scratch pad, not history: it is shown
//     when the consultation is reopened and is discarded once a revision is saved. Every
//     revision (save, finalise, amend) is a new immutable row; nothing that was saved as a
//     revision is ever changed.
//   - Status follows FHIR QuestionnaireResponse: in-progress -> completed (finalise, only when
//     hc::complete() says every enabled required item is answered) -> amended (each later
//     change, with a reason) ; any -> entered-in-error (withdraw: kept, never deleted).
//   - A revision stores the effective answers (hidden items removed) as {linkId: value} JSON,
//     the contract result JSON of evaluate(), the clinician's overrides, the pack id and
//     version, author, reason and time. It reopens exactly as decided: the stored bytes.
//   - The audit log holds actions, ids, author and time; never names or clinical content. The
//     author is required; names, record numbers, authors and reasons are one line (no control
//     characters, no line or paragraph separators).
//
// Errors: every method throws StoreError (kind + SQLite code + one plain sentence) for
// anything that goes wrong in the store; hc::AnswersError / hc::JsonInputError only where a
// method says so. Not thread-safe: use one Store from one thread (checkpoint() excepted).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/answers.h"
#include "engine/pack.h"

namespace hc::db {

// ---------------------------------------------------------------------------------------------
// Errors

class StoreError : public std::runtime_error {
public:
    enum class Kind {
        NotOurs,       // the file is not a hairconsult database (other app's SQLite, random bytes)
        NewerSchema,   // written by a newer hairconsult; this version will not touch it
        Corrupt,       // damaged (malformed, quick_check failed)
        ReadOnly,      // the file or its folder cannot be written (or the store was opened read-only)
        Locked,        // another program holds a lock on the file longer than the busy timeout
        AlreadyOpen,   // another hairconsult window has this file open (advisory lock)
        DiskFull,      // no space left (or the file hit its size limit); nothing was saved
        Io,            // the operating system reported an I/O error; nothing was saved
        CannotOpen,    // the path cannot be opened or created (missing permission, not a file)
        NotFound,      // no such patient / consultation / revision
        WrongState,    // e.g. saving a draft of a finalised consultation, amending a withdrawn one
        Incomplete,    // finalise() while required items are unanswered (listed in the message)
        InvalidInput,  // bad text (control characters, too long, empty name), bad import file
        Duplicate,     // a record number or an imported consultation that already exists
        Leased,        // another room is editing this consultation (the message names it)
        Conflict,      // the consultation changed in another room since the caller read it
        Unreachable,   // the server cannot be reached, or refused the login
        Internal,      // anything else the database reported
    };
    StoreError(Kind kind, int sqlite_code, const std::string& message);
    Kind kind() const { return kind_; }
    int sqlite_code() const { return code_; }  // extended SQLite result code, 0 if none

private:
    Kind kind_;
    int code_;
};
std::string_view to_string(StoreError::Kind);

// ---------------------------------------------------------------------------------------------
// Domain

using PatientId = std::int64_t;
using ConsultationId = std::int64_t;
using RevisionId = std::int64_t;

// FHIR QuestionnaireResponse.status values we use.
enum class Status { InProgress, Completed, Amended, EnteredInError };
std::string_view to_string(Status);                      // "in-progress", "completed", ...
bool status_from_string(std::string_view, Status& out);  // false if not one of the four

// Times are UTC, ISO 8601 with milliseconds: "2026-03-01T09:30:00.123Z". Dates "YYYY-MM-DD".

struct NewPatient {
    std::string name;           // required, 1..200 characters, no control characters
    std::string record_number;  // optional (empty = none); unique when given
    std::string birth_date;     // optional "YYYY-MM-DD"
};

struct Patient {
    PatientId id = 0;
    std::string name;
    std::string record_number;
    std::string birth_date;
    std::string created_at;
};

// The clinician accepts or declines one suggested option, with a reason.
struct Override {
    enum class Decision { Accept, Decline };
    std::string option_id;  // an option id of the pack
    Decision decision = Decision::Accept;
    std::string reason;     // required
    bool operator==(const Override&) const = default;
};
std::string_view to_string(Override::Decision);  // "accept" / "decline"

struct RevisionInfo {
    RevisionId id = 0;
    int number = 0;  // 1, 2, 3 ... within its consultation
    Status status = Status::InProgress;  // the status this revision was saved with
    std::string pack_id, pack_version;
    std::string author;
    std::string reason;   // empty for in-progress saves and finalise; required for amendments
    std::string created_at;
    // False only for an imported revision whose result could not be checked because the pack it
    // names was not available: show it "not verifiable", never "as decided".
    bool result_verified = true;
};

// One revision exactly as it was saved.
struct Revision {
    RevisionInfo info;
    ConsultationId consultation = 0;
    std::string answers_json;  // effective answers {linkId: value}, as stored
    std::string result_json;   // the contract result JSON of evaluate(), as stored
    std::vector<Override> overrides;
};

// What is being typed, not yet a revision: the autosave row (see "Drafts" above).
struct Autosave {
    std::string answers_json;  // the answers as typed (hidden items' answers kept)
    std::vector<Override> overrides;
    std::string pack_id, pack_version;
    std::string author;
    std::string saved_at;
};

struct ConsultationSummary {  // one row of the list
    ConsultationId id = 0;
    PatientId patient_id = 0;
    std::string patient_name;
    std::string record_number;
    Status status = Status::InProgress;
    std::string started_at;            // the consultation date; the list is ordered by it
    std::string updated_at;
    std::optional<ConsultationId> follow_up_of;  // set: this visit is a follow-up (the list marks it)
    int visit_number = 1;  // place in its follow-up chain: 1 first visit, 2 its follow-up, ...
    std::string pack_id, pack_version;  // of the latest revision
    std::vector<std::string> headline_ids;  // assessment ids of the latest revision's result, in its order
    int revision_count = 0;
    bool has_draft = false;
};

struct Consultation {
    ConsultationSummary summary;
    Patient patient;
    std::string uid;                      // stable across export/import
    std::string finalised_at;             // empty until finalised
    std::string withdrawn_reason;         // set when entered-in-error
    std::vector<RevisionInfo> revisions;  // oldest first
    Revision latest;                      // the newest revision, complete
    std::optional<Autosave> autosave;     // unsaved typing newer than `latest`, if any
};

// ---------------------------------------------------------------------------------------------
// Rooms (a clinic's shared store on a server; a file has one window at a time)

// Who is editing a consultation: another room holds it until it lets go, takes another, or its
// connection ends (a crashed desk never locks a patient out).
struct Lease {
    std::string room;       // the room's name, as that desk gave it
    std::string clinician;  // who is at that desk
    std::string since;      // UTC ISO 8601, when it took the lease
};

// What another room changed: a consultation saved (or its lease taken or let go).
struct Change {
    enum class Kind { Saved, Lease };
    Kind kind = Kind::Saved;
    ConsultationId consultation = 0;
};

// Other rooms' changes as they happen, on a connection of its own (so one thread can wait on it
// while another uses the Store). Nothing is polled: wait() sleeps until the server sends.
class ChangeFeed {
public:
    virtual ~ChangeFeed() = default;
    // Returns what changed since the last call, waiting up to `timeout` for something; empty
    // when nothing came or wake() was called. Throws StoreError(Unreachable) when the server went away.
    virtual std::vector<Change> wait(int timeout_ms) = 0;
    // From any thread: a wait() in progress returns now (to stop the thread that waits).
    virtual void wake() noexcept = 0;
};

// ---------------------------------------------------------------------------------------------
// Listing

struct ListFilter {
    // Name or record number, substring, ignoring case and accents: "zoe" finds Zoë, "lukasz"
    // Łukasz, "MULLER" Müller; one or two characters ("王", "王芳") are searched too ("" = any).
    std::string text;
    std::string date_from;   // consultation date >= "YYYY-MM-DD" ("" = open)
    std::string date_to;     // consultation date <= "YYYY-MM-DD" ("" = open)
    std::string assessment;  // assessment id in the latest revision's result ("" = any)
    std::string option;      // option id in the latest revision's result ("" = any)
    std::string verdict;     // with `option`: only rows where it has this verdict ("" = any)
    std::optional<Status> status;
    std::optional<PatientId> patient;
    bool include_withdrawn = true;  // false hides entered-in-error
};

// Keyset position: the last row of the previous page (never OFFSET). Rows are ordered by
// consultation date, newest first, then id; the order does not change while paging.
struct PageCursor {
    std::string started_at;
    ConsultationId id = 0;
};

struct Page {
    std::vector<ConsultationSummary> rows;
    std::optional<PageCursor> next;  // set when more rows may follow
};

// ---------------------------------------------------------------------------------------------
// Comparing

struct AnswerChange {
    std::string link_id;
    nlohmann::json before;  // null when unanswered before
    nlohmann::json after;   // null when unanswered after
};
// An assessment that came, went, or changed likelihood: one entry per assessment id.
struct AssessmentChange {
    std::string assessment_id;
    std::optional<hc::Likelihood> before;  // nullopt: not assessed before
    std::optional<hc::Likelihood> after;   // nullopt: no longer assessed
};
struct VerdictChange {
    std::string option_id;
    std::optional<hc::Verdict> before;  // nullopt: the option was not in the result
    std::optional<hc::Verdict> after;
};
// Both results are read with hc::read_stored_result; every change is typed, nothing to parse.
struct ResultDiff {
    std::vector<AssessmentChange> assessments;  // the later result's order, then those it dropped
    std::vector<std::string> red_flags_added, red_flags_removed;  // red flag ids
    std::vector<VerdictChange> verdicts;        // the later result's order, then those it dropped
    bool empty() const;
};
struct RevisionDiff {
    std::vector<AnswerChange> answers;  // questionnaire order as stored, then new keys
    ResultDiff result;
    bool empty() const { return answers.empty() && result.empty(); }
};

// Pure: compares two stored answer/result JSON texts (Revision::answers_json/result_json).
// Throws StoreError(InvalidInput) if either answers text is not a JSON object, and
// hc::StoredResultError (naming the JSON path) if either result is not the shape to_json writes.
RevisionDiff diff_revisions(const Revision& before, const Revision& after);
ResultDiff diff_results(const std::string& result_before_json, const std::string& result_after_json);

// One visit of a follow-up chain, with the items a follow-up is about.
struct ChainEntry {
    ConsultationSummary consultation;
    RevisionId revision = 0;  // its latest revision
    // Values of the follow-up items in that revision (null when unanswered): norwood_stage,
    // ludwig_stage, shedding_increase, progression, pull_test, current_treatments,
    // treatment_duration_months, treatment_response.
    nlohmann::json key_values;
    RevisionDiff since_previous;  // against the previous entry (empty for the first)
};

// "As decided" beside "what today's pack says" for a revision saved with an older pack.
struct Reevaluation {
    bool same_pack = false;            // pack id and version equal: results are identical
    std::string today_result_json;     // empty when the answers no longer fit today's pack
    std::vector<std::string> problems; // why they do not fit (AnswersError messages)
    ResultDiff changes;                // stored result -> today's result
};

// Turns a stored revision's answers back into Answers for `pack` (to continue or amend).
// Throws hc::AnswersError if they no longer fit that pack's questionnaire.
hc::Answers answers_of(const Revision& rev, const hc::Pack& pack);
hc::Answers answers_of(const Autosave& autosave, const hc::Pack& pack);

// Evaluates a stored revision's answers with `today` (on request, never automatically). A stored
// result that cannot be read is one of `problems` (nothing to compare it with), not an exception.
Reevaluation reevaluate(const Revision& rev, const hc::Pack& today);

// ---------------------------------------------------------------------------------------------
// Administration

// One guarantee of the store and whether it holds where this connection looks (e.g. "revisions
// are append-only": the triggers are there and this role cannot UPDATE, DELETE or TRUNCATE them).
struct Guarantee {
    std::string what;
    bool holds = false;
    std::string detail;  // how it was checked, or why it does not hold
};

struct StoreCheck {
    std::string location;     // as Store::location()
    std::string kind;         // "SQLite file" / "PostgreSQL 15.18 server, database hc, role room1"
    int schema_version = 0;
    int latest_schema_version = 0;
    std::string integrity;    // "ok" or the first problems
    std::vector<Guarantee> guarantees;
    bool ok() const;          // integrity "ok" and every guarantee holds
};

// --- copying a store (db/copy.cpp; hairconsult-cli store copy) -------------------------------
// Rows of one table: copied now, or found already there (identical) from an earlier run.
struct CopyCounts {
    std::int64_t patients = 0, consultations = 0, revisions = 0, drafts = 0, audit = 0;
    std::int64_t total() const { return patients + consultations + revisions + drafts + audit; }
};
struct CopyReport {
    CopyCounts copied, already_there;
    std::int64_t verified_consultations = 0;  // source and target hash alike after the copy
};
// Where a copy is: checking the target for conflicts, copying patients, copying the audit
// log, verifying. `done`/`total` count consultations, audit rows while copying the audit log.
struct CopyProgress {
    enum class Stage { Checking, Copying, Audit, Verifying };
    Stage stage = Stage::Checking;
    std::int64_t done = 0, total = 0;
    std::int64_t patients_done = 0, patients_total = 0;
};
// --- end of copying a store ------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// The store

// consultations.db in base::data_dir(): $XDG_DATA_HOME/hairconsult, else ~/.local/share/hairconsult
// (a relative XDG_DATA_HOME is ignored). Throws StoreError(CannotOpen) when neither gives a folder.
std::filesystem::path default_path();
// True when `location` names a PostgreSQL server (postgresql:// or postgres://) rather than a file.
bool is_server_uri(std::string_view location);

struct OpenOptions {
    enum class Lock {
        Exclusive,  // the app: throw AlreadyOpen if another window holds the file
        Shared,     // the CLI: work alongside; already_open_elsewhere() tells
    };
    Lock lock = Lock::Exclusive;
    bool read_only = false;       // SQLITE_OPEN_READONLY: every write throws ReadOnly
    bool create = true;           // create the file (and folder) when missing
    int busy_timeout_ms = 5000;   // wait this long for another writer before Locked
    std::int64_t max_pages = 0;   // cap on the file size in pages (0 = none); DiskFull past it
    // The clinician's decision about a damaged write-ahead log (see notes()): cut it back to its
    // last commit that can be read, then open as usual. Without it such a file opens read-only.
    bool discard_damaged_log = false;
    // Test hook: called inside the migration transaction after each schema step (its number).
    std::function<void(int)> after_migration_step;
};

enum class AuditAction { Created, Opened, Saved, Finalised, Amended, Withdrawn, Exported, Printed, Imported, Erased };
std::string_view to_string(AuditAction);

struct AuditEntry {
    std::int64_t id = 0;
    std::string at;
    AuditAction action = AuditAction::Opened;
    std::optional<PatientId> patient;
    std::optional<ConsultationId> consultation;
    std::optional<RevisionId> revision;
    std::string author;
    std::string detail;  // e.g. export format; never clinical content
};

class Store {
public:
    // Opens (creating if allowed) and probes the file as described at the top, or connects to
    // the server a `postgresql://` / `postgres://` URI names (db/postgres/: the same rules kept by the server). Throws
    // StoreError: NotOurs, NewerSchema, Corrupt, ReadOnly, Locked, AlreadyOpen, CannotOpen,
    // Unreachable.
    static Store open(const std::string& location, OpenOptions options = {});
    static Store open(const std::filesystem::path& path, OpenOptions options = {}) {
        return open(path.string(), std::move(options));
    }
    static Store open(const char* location, OpenOptions options = {}) { return open(std::string(location), std::move(options)); }

    Store(Store&&) noexcept;
    Store& operator=(Store&&) noexcept;
    ~Store();

    // The file, or the server's URI (a password in it taken out): what the user is shown.
    const std::string& location() const;
    // True on a server several rooms write at once; false for a file (one window at a time).
    bool shared() const;
    // True when another hairconsult window holds the file (only with Lock::Shared).
    bool already_open_elsewhere() const;
    // Things open() did or found that the user must be told, one sentence each: a damaged
    // write-ahead log (a copy kept beside the file; the store was opened read-only), modes
    // tightened to 0600/0700. Empty normally.
    const std::vector<std::string>& notes() const;
    // Opened read-only: asked for, or chosen by open() itself (a damaged log, see notes()).
    bool read_only() const;
    int schema_version() const;
    static int latest_schema_version();
    // Full PRAGMA integrity_check; "ok" or the first problems found. Read only.
    std::string integrity_check() const;

    // Copies committed pages from the write-ahead log into the file (a PASSIVE checkpoint: never
    // waits for a reader). Saves do not do this themselves (it was their slowest part), so the
    // app calls it when idle, off the UI thread: this is the one method that may be called from
    // another thread while the Store is in use (one such thread at a time; the Store must outlive
    // the call). It runs on the store's own second connection and never at the same time as one
    // of this Store's writes: a write that comes while it runs stops it at the next page (what
    // was copied is copied again next time) and waits at most for that page or its closing sync.
    // It also runs on close, and a save runs it itself once the log has grown past ~64 MB because
    // nobody called it. Durability does not depend on it: every commit is synced to the log
    // first. Returns true when the whole log reached the file (false while another connection
    // still reads older pages, or a write stopped it). Never throws; a no-op when read-only.
    bool checkpoint();
    // True once the log holds about 1000 pages (~4 MB; SQLite's own automatic checkpoint would
    // have run inside a save here): the app then queues checkpoint() off the UI thread without
    // waiting to be idle, so the log is reused in place rather than grown. Safe from any thread.
    bool checkpoint_due() const;

    // Runs `work` (calls to this store's write methods, and anything else the caller must do
    // before the writes count, e.g. printing the new id) as one transaction: every write inside
    // joins it, and it commits only when `work` returns. An exception from `work` rolls all of
    // it back and propagates: nothing of a refused call is left behind.
    void in_one_transaction(const std::function<void()>& work);

    // --- patients -------------------------------------------------------------------------
    // Throws InvalidInput (empty/long name, control characters, bad date), Duplicate (record number).
    PatientId add_patient(const NewPatient& p);
    Patient patient(PatientId id) const;                                     // NotFound
    std::optional<Patient> patient_by_record_number(std::string_view rn) const;
    // Name or record number contains `text` (ignoring case and accents, as ListFilter::text), at
    // most `limit`, by name.
    std::vector<Patient> find_patients(std::string_view text, int limit = 20) const;

    // --- consultations ----------------------------------------------------------------------
    // Several rooms: save, finalise and amend take `based_on`, the number of the latest revision
    // the caller's copy was read at; when another room has saved since, the write is refused
    // with Conflict and nothing changes (the caller keeps its text). On a server, every write to
    // a consultation is refused with Leased while another live room holds its lease.
    //
    // Every write below evaluates `answers` with `pack` itself (effective answers, result JSON),
    // so what is stored always matches what evaluate() says for it. Overrides must name options
    // of the pack and carry a reason (InvalidInput). Each returns only after commit.

    // A new in-progress consultation with revision 1 holding `answers` (may be empty).
    // follow_up_of must be an earlier consultation of the same patient (InvalidInput).
    ConsultationId start_consultation(PatientId patient, const hc::Pack& pack, const hc::Answers& answers,
                                      const std::string& author,
                                      std::optional<ConsultationId> follow_up_of = std::nullopt,
                                      const std::vector<Override>& overrides = {});
    // Overwrites the autosave row of an in-progress consultation (WrongState otherwise).
    void autosave(ConsultationId id, const hc::Pack& pack, const hc::Answers& answers,
                  const std::vector<Override>& overrides, const std::string& author);
    // Appends an in-progress revision and drops the draft (WrongState unless in-progress).
    RevisionId save(ConsultationId id, const hc::Pack& pack, const hc::Answers& answers,
                    const std::vector<Override>& overrides, const std::string& author,
                    std::optional<int> based_on = std::nullopt);
    // Appends the completed revision and locks the consultation. Incomplete when complete()
    // finds enabled required items unanswered (named in the message); WrongState unless in-progress.
    RevisionId finalise(ConsultationId id, const hc::Pack& pack, const hc::Answers& answers,
                        const std::vector<Override>& overrides, const std::string& author,
                        std::optional<int> based_on = std::nullopt);
    // A change after finalising: appends an amended revision; `reason` required (InvalidInput).
    // WrongState unless completed or amended. Incomplete as for finalise.
    RevisionId amend(ConsultationId id, const hc::Pack& pack, const hc::Answers& answers,
                     const std::vector<Override>& overrides, const std::string& author,
                     const std::string& reason, std::optional<int> based_on = std::nullopt);
    // Marks entered-in-error (withdrawn): kept with all revisions, never deleted. Reason required.
    void withdraw(ConsultationId id, const std::string& author, const std::string& reason);

    // Reads. get() does not write; open() also records "opened" in the audit log (skipped
    // when the store is read-only). NotFound for an unknown id.
    Consultation get(ConsultationId id) const;
    Consultation open_consultation(ConsultationId id, const std::string& author);
    Revision revision(RevisionId id) const;
    RevisionDiff diff(RevisionId before, RevisionId after) const;
    // From the first visit of the chain to the last, through `id`, by consultation date.
    std::vector<ChainEntry> follow_up_chain(ConsultationId id) const;

    // Newest first; at most `limit` rows (1..500); `after` = the previous page's `next`.
    Page list(const ListFilter& filter, const std::optional<PageCursor>& after = std::nullopt,
              int limit = 50) const;

    // --- exchange ---------------------------------------------------------------------------
    // The whole consultation (patient, status, every revision as stored) as JSON, format
    // "hairconsult-consultation" version 1. Records "exported" (skipped when the store is
    // read-only, as for open_consultation(); the caller tells the user, see the CLI).
    nlohmann::json export_json(ConsultationId id, const std::string& author);
    // A FHIR R4 QuestionnaireResponse of one revision (default: the latest), status as the
    // consultation's. Throws hc::AnswersError if the answers no longer fit `pack`. Records
    // "exported" (skipped when the store is read-only).
    nlohmann::json export_fhir(ConsultationId id, const hc::Pack& pack, const std::string& author,
                               std::optional<RevisionId> revision = std::nullopt);
    // Imports an export_json() document: validated completely first (shape, text, a status
    // history the store could have written, pack ids/versions that are plain tokens; answers and
    // result re-evaluated with `pack` when a revision names it, refused if they differ), then
    // written in one transaction. A revision naming another pack is kept with
    // result_verified = false ("not verifiable").
    // A bad file changes nothing: throws InvalidInput (or Duplicate when the consultation uid
    // is already here). Patient matched by record number (same name required) else created.
    ConsultationId import_json(const nlohmann::json& doc, const hc::Pack& pack, const std::string& author);
    // Reads with hc::read_json_file (size and depth limits, duplicate keys refused); a bad file
    // is StoreError(InvalidInput) naming the problem.
    ConsultationId import_file(const std::filesystem::path& file, const hc::Pack& pack,
                               const std::string& author);

    // Records a handout print (or any other export the caller performed) in the audit log.
    void record(AuditAction action, std::optional<ConsultationId> id, const std::string& author,
                const std::string& detail = {});
    std::vector<AuditEntry> audit(std::optional<ConsultationId> id = std::nullopt, int limit = 200) const;

    // Removes the patient, every consultation, revision and draft of theirs, and their search
    // entries, in one transaction; then checkpoints so the bytes leave the WAL too
    // (secure_delete overwrites freed pages). The audit log keeps id-only rows and gains "erased".
    void erase_patient(PatientId id, const std::string& author);

    // --- rooms (see Lease) --------------------------------------------------------------------
    // Who else is editing `id` now (nullopt: nobody else; always nullopt on a file).
    std::optional<Lease> lease_of(ConsultationId id) const;
    // This desk starts editing `id`. Leased (naming room, clinician, since) when another live
    // room holds it, unless `take_over`: then the lease moves here and that room is told (its
    // next write is refused with Leased; its unsaved text stays on its screen to copy).
    Lease take_lease(ConsultationId id, const std::string& room, const std::string& clinician,
                     bool take_over = false);
    void release_lease(ConsultationId id) noexcept;
    // Other rooms' saves and lease changes as they happen; nullptr on a file (nobody else writes).
    std::unique_ptr<ChangeFeed> open_change_feed();

    // --- administration (hairconsult-cli store check / store copy) ---------------------------
    // What this store is and whether its guarantees hold here. Read only.
    StoreCheck check();

    struct Impl;

private:
    friend Impl& impl_of(Store&);  // db/copy.cpp: reads and writes rows of two stores
    explicit Store(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// --- copying a store (db/copy.cpp) -----------------------------------------------------------
// Copies every patient, consultation, revision, draft and audit row of `from` into `to` with
// their ids and bytes (audit rows about erased patients included), on any pair of backends;
// consultation tags are copied as rows, search entries made again in `to`. `from` is only read.
//   - First every row is checked against `to`: a row whose id is already there with the same
//     content is skipped (counted in already_there: a run that stopped is resumed by running it
//     again); the same id with other content, a consultation uid or a record number held under
//     another id, throws StoreError(Duplicate) naming it before anything is written.
//   - Then one write transaction of `to` per patient (with all their consultations), then the
//     audit log in transactions of 1000 rows; each is checked again inside its transaction.
//   - Then verified: every source consultation (its row, revisions in number order, draft and
//     tags) hashes alike in both stores, every patient and audit row is there and the same;
//     otherwise StoreError(Internal) naming the first that is not.
// `progress` is called after each patient and audit batch (and while checking and verifying);
// an exception from it stops the copy there and propagates (what was committed stays: run
// again to resume). Throws StoreError(InvalidInput) when `from` and `to` are one Store,
// ReadOnly when `to` is read-only, and whatever the stores throw. Not inside in_one_transaction().
// Copying into a store with other rows may not be possible: ids are kept, so they must be free.
// Afterwards (and after each transaction) `to` hands out new ids past every id `from` gave out,
// as its id counters and its audit log tell: an erased patient's ids are never anyone's again.
CopyReport copy_store(Store& from, Store& to, const std::function<void(const CopyProgress&)>& progress = {});
// --- end of copying a store ------------------------------------------------------------------

}  // namespace hc::db
