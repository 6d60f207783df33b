// The store on a PostgreSQL server: several rooms at once, each on its own connection. The
// shared SQL runs as written (connection.cpp rewrites its parameters); what a server does its
// own way is here: search with trigram indexes, erasing through erase_patient(), leases tied to
// the session that took them, and changes announced with NOTIFY.
#include <string>
#include <vector>

#include "db/backend.h"
#include "db/postgres/change_feed.h"
#include "db/postgres/connection.h"
#include "db/postgres/schema.h"

namespace hc::db {
namespace {

using K = StoreError::Kind;

// A lease row is alive while the session that took it is connected (pid and start time, so a
// pid the system has given to a new session does not count).
constexpr const char* kAlive =
    "EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = l.backend_pid AND a.backend_start = l.backend_start)";
constexpr const char* kOurs =
    "(l.backend_pid = pg_backend_pid() AND l.backend_start = "
    "(SELECT a.backend_start FROM pg_stat_activity a WHERE a.pid = pg_backend_pid()))";
constexpr const char* kNow = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

// "2026-11-30T10:02:00.123Z" as "2026-11-30 10:02 (UTC)".
std::string shown_time(const std::string& iso) {
    if (iso.size() < 16) return iso;
    return iso.substr(0, 10) + " " + iso.substr(11, 5) + " (UTC)";
}

[[noreturn]] void throw_leased(const Lease& l) {
    throw StoreError(K::Leased, 0,
                     "This consultation is being edited in " + l.room + " by " + l.clinician + " since " +
                         shown_time(l.since) + "; take over to edit it here.");
}

std::size_t code_points(const std::string& s) {
    std::size_t n = 0;
    for (const unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

// LIKE's own characters taken literally (backslash is LIKE's default escape on a server).
std::string like_escaped(const std::string& s) {
    std::string out;
    for (const char c : s) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

class PgBackend final : public Backend {
public:
    PgBackend(const std::string& uri, const OpenOptions& options) : uri_(uri), conn_(uri), read_only_(options.read_only) {
        conn_.exec("SET application_name = 'hairconsult'");
        // The store's queries read a few pages each, but the planner may pick a parallel plan
        // for one (a common name's search) whose workers cost ~40 ms to start on a 2-core
        // server, several times the query (docs/server-figures.md).
        conn_.exec("SET max_parallel_workers_per_gather = 0");
        if (options.busy_timeout_ms > 0)
            conn_.exec("SET lock_timeout = '" + std::to_string(options.busy_timeout_ms) + "ms'");
        if (!options.create && pg::read_version(conn_) == 0)
            throw StoreError(K::CannotOpen, 0, "The database at " + conn_.location() + " holds no hairconsult tables.");
        pg::migrate(conn_, read_only_, notes_);
        if (const std::string problem = pg::check(conn_, false); !problem.empty())
            throw StoreError(K::Corrupt, 0, "The clinic's database at " + conn_.location() + " is damaged: " + problem + ".");
        version_ = pg::latest_version();
        // After the migration: from here every transaction of this connection is read-only.
        if (read_only_) conn_.exec("SET default_transaction_read_only = on");
    }

    sql::Connection& conn() override { return conn_; }
    const std::string& location() const override { return conn_.location(); }
    bool shared() const override { return true; }

    void require_writable() const override {
        if (read_only_)
            throw StoreError(K::ReadOnly, 0, "The clinic's database at " + conn_.location() +
                                                 " was opened read-only; nothing can be changed.");
    }
    // READ COMMITTED: a write reads its consultation's row FOR UPDATE (lock_row), so two rooms
    // writing one consultation take turns and the second sees the first's revision.
    void begin_write() override { conn_.begin(); }
    void commit_write() override { conn_.commit(); }
    void rollback_write() noexcept override { conn_.rollback(); }
    void begin_read() override { conn_.begin(true); }
    void end_read() noexcept override { conn_.rollback(); }  // it wrote nothing: ending it is enough
    const char* lock_row() const override { return " FOR UPDATE"; }

    const std::vector<std::string>& notes() const override { return notes_; }
    bool read_only() const override { return read_only_; }
    bool already_open_elsewhere() const override { return false; }
    int schema_version() const override { return version_; }
    std::string integrity_check() override {
        const std::string problem = pg::check(conn_, true);
        return problem.empty() ? "ok" : problem;
    }
    bool checkpoint() noexcept override { return true; }  // the server keeps its own log
    bool checkpoint_due() const override { return false; }

    PatientIdsQuery patients_matching(const std::string& folded) const override {
        if (code_points(folded) >= 3)
            return {"SELECT rowid FROM patient_search WHERE name LIKE ?1 OR record_number LIKE ?1",
                    "%" + like_escaped(folded) + "%"};
        return {"SELECT patient_id FROM patient_grams WHERE gram = ?1", folded};
    }
    // The copies are schema 5's (schema.cpp); a hit is computed in the walk's select list so
    // that ?1 comes first in the text (a bare ? after it is numbered from there).
    std::optional<RowSearch> row_search(const std::string& folded) const override {
        RowSearch r;
        r.arg = "%" + like_escaped(folded) + "%";
        r.consultation_hit = "(c.search_name LIKE ?1 OR c.search_record_number LIKE ?1)";
        r.patients_walk =
            "SELECT rowid FROM (SELECT rowid, name_order, (name LIKE ?1 OR record_number LIKE ?1) AS hit "
            "FROM patient_search ORDER BY name_order, rowid LIMIT ?2) AS w WHERE hit ORDER BY name_order, rowid LIMIT ?3";
        // One trigram scan both counts and finds them; sorting by name is the costly part (the
        // case-blind collation), so the rows are joined and sorted only when they are few.
        r.matching = patients_matching(folded);
        r.patients_few = "WITH m AS MATERIALIZED (" + r.matching.sql + " LIMIT ?2), n AS (SELECT count(*) AS matches FROM m) "
                         "SELECT p.id, p.name, p.record_number, p.birth_date, p.created_at, n.matches FROM n "
                         "LEFT JOIN LATERAL (SELECT * FROM patients WHERE n.matches < ?2 AND id IN (SELECT * FROM m) "
                         "ORDER BY name COLLATE NOCASE, id LIMIT ?3) AS p ON TRUE";
        return r;
    }
    void after_unindex() override {}

    void erase_patient_rows(PatientId id) override { sql::Statement(conn_, "SELECT erase_patient(?)").bind(1, id).run(); }
    void after_erase() noexcept override {}

    std::optional<Lease> lease_of(ConsultationId id) override {
        sql::Statement q(conn_, std::string("SELECT room, clinician, since FROM leases l WHERE consultation_id = ? AND ") +
                                    kAlive + " AND NOT " + kOurs);
        q.bind(1, id);
        if (!q.step()) return std::nullopt;
        return Lease{q.text(0), q.text(1), q.text(2)};
    }

    Lease take_lease(ConsultationId id, const std::string& room, const std::string& clinician, bool take_over) override {
        const bool own = !conn_.in_transaction();
        if (own) conn_.begin();
        try {
            // One statement, so two rooms taking a free consultation at once cannot both get it:
            // the row they collide on is overwritten only when its holder is gone, is us, or
            // the caller takes over.
            sql::Statement q(conn_,
                             std::string("INSERT INTO leases AS l (consultation_id, room, clinician, since, backend_pid, "
                                         "backend_start) SELECT CAST(?1 AS bigint), CAST(?2 AS TEXT), CAST(?3 AS TEXT), ") +
                                 kNow +
                                 ", a.pid, a.backend_start FROM pg_stat_activity a WHERE a.pid = pg_backend_pid() "
                                 "ON CONFLICT (consultation_id) DO UPDATE SET room = EXCLUDED.room, clinician = "
                                 "EXCLUDED.clinician, since = EXCLUDED.since, backend_pid = EXCLUDED.backend_pid, "
                                 "backend_start = EXCLUDED.backend_start WHERE CAST(?4 AS integer) = 1 OR " +
                                 kOurs + " OR NOT " + kAlive + " RETURNING since");
            q.bind(1, id).bind(2, room).bind(3, clinician).bind(4, take_over ? 1 : 0);
            if (!q.step()) {
                const auto holder = lease_of(id);
                throw_leased(holder ? *holder : Lease{"another room", "someone", ""});
            }
            Lease taken{room, clinician, q.text(0)};
            notify("lease:" + std::to_string(id));
            if (own) conn_.commit();
            return taken;
        } catch (...) {
            if (own) conn_.rollback();
            throw;
        }
    }

    void release_lease(ConsultationId id) noexcept override {
        try {
            sql::Statement q(conn_, std::string("DELETE FROM leases l WHERE consultation_id = ? AND ") + kOurs + " RETURNING 1");
            q.bind(1, id);
            if (q.step()) notify("lease:" + std::to_string(id));
        } catch (...) {  // the session is gone, and with it the lease
        }
    }

    void check_lease_for_write(ConsultationId id) override {
        if (const auto holder = lease_of(id)) throw_leased(*holder);
    }

    void announce_change(ConsultationId id) override { notify("saved:" + std::to_string(id)); }

    std::unique_ptr<ChangeFeed> open_change_feed() override { return pg::open_change_feed(uri_, conn_.backend_pid()); }

    std::string kind() override {
        sql::Statement q(conn_, "SELECT current_setting('server_version'), current_database(), session_user, current_user");
        q.step();
        std::string v = q.text(0);
        v = v.substr(0, v.find(' '));  // "15.18 (Debian 15.18-0+deb12u1)"
        // An administrator acting as the owner (options=-c role=...) is shown as both.
        const std::string as = q.text(3) != q.text(2) ? " acting as " + q.text(3) : "";
        return "PostgreSQL " + v + " server, database " + q.text(1) + ", role " + q.text(2) + as;
    }
    int latest_schema_version() const override { return pg::latest_version(); }
    std::vector<Guarantee> guarantees() override { return pg::guarantees(conn_); }
    IdCounters id_counters() override { return pg::id_counters(conn_); }
    void begin_copy_in() override { pg::begin_copy_in(conn_); }
    void end_copy_in(const IdCounters& at_least) override { pg::end_copy_in(conn_, at_least); }

private:
    // Sent when the current transaction commits (at once outside one).
    void notify(const std::string& payload) {
        sql::Statement(conn_, std::string("SELECT pg_notify('") + pg::kChannel + "', CAST(? AS TEXT))").bind(1, payload).run();
    }

    std::string uri_;  // with its password: the change feed logs in the same way
    PgConnection conn_;
    bool read_only_;
    std::vector<std::string> notes_;
    int version_ = 0;
};

}  // namespace

std::unique_ptr<Backend> open_postgres_backend(const std::string& uri, const OpenOptions& options) {
    return std::make_unique<PgBackend>(uri, options);
}

}  // namespace hc::db
