// db/postgres/ against a real server: the connection (parameters, NULLs, booleans, RETURNING,
// transactions, errors), the schema (migration, refusals, privileges, the audit author) and the
// rooms (leases, the change feed). Each test case makes a database of its own (see CMakeLists).
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "db/backend.h"
#include "db/postgres/connection.h"
#include "db/postgres/schema.h"

using namespace hc::db;
using K = StoreError::Kind;

namespace {

// The server the fixture started (or HAIRCONSULT_TEST_PG): its admin URI.
std::string admin_uri() {
    if (const char* env = std::getenv("HAIRCONSULT_TEST_PG"); env && *env) return env;
    std::ifstream in(HC_PG_URI_FILE);
    std::string uri;
    std::getline(in, uri);
    if (uri.empty()) FAIL("no test server: run the pg_cluster fixture or set HAIRCONSULT_TEST_PG");
    return uri;
}

// `uri` with its query parameter `key` set to `value`.
std::string with_param(const std::string& uri, const std::string& key, const std::string& value) {
    const auto q = uri.find('?');
    if (q == std::string::npos) return uri + "?" + key + "=" + value;
    std::string out = uri.substr(0, q + 1);
    bool done = false;
    std::size_t i = q + 1;
    while (i <= uri.size()) {
        std::size_t amp = uri.find('&', i);
        if (amp == std::string::npos) amp = uri.size();
        std::string p = uri.substr(i, amp - i);
        if (p.rfind(key + "=", 0) == 0) {
            p = key + "=" + value;
            done = true;
        }
        if (!p.empty()) out += (out.back() == '?' ? "" : "&") + p;
        i = amp + 1;
    }
    if (!done) out += "&" + key + "=" + value;
    return out;
}

// `uri` naming database `db` instead.
std::string with_db(const std::string& uri, const std::string& db) {
    const auto start = uri.find('/', uri.find("://") + 3);
    const auto end = uri.find('?');
    if (start == std::string::npos || (end != std::string::npos && start > end))
        return uri.substr(0, end) + "/" + db + (end == std::string::npos ? "" : uri.substr(end));
    return uri.substr(0, start + 1) + db + (end == std::string::npos ? "" : uri.substr(end));
}

// A new, empty database for one test case; its URI (as the admin).
std::string fresh_db(const std::string& name) {
    PgConnection admin(admin_uri());
    admin.exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    admin.exec("CREATE DATABASE " + name);
    return with_db(admin_uri(), name);
}

// A login role in the rooms' group (roles belong to the whole cluster: made once).
std::string room_role(PgConnection& admin, const std::string& role) {
    admin.exec("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN CREATE ROLE " +
               role + " LOGIN IN ROLE hairconsult_room; END IF; END $$");
    return role;
}

std::int64_t one(PgConnection& c, const std::string& sql) { return hc::db::sql::query_int64(c, sql); }

std::string text(PgConnection& c, const std::string& sql) {
    hc::db::sql::Statement q(c, sql);
    return q.step() ? q.text_or_empty(0) : "<no row>";
}

K kind_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const StoreError& e) {
        return e.kind();
    }
    FAIL("no StoreError");
    return K::Internal;
}

// A patient with one consultation and one revision; the consultation's id.
std::int64_t seed(PgConnection& c, const std::string& uid = "c-1") {
    hc::db::sql::Statement p(c, "INSERT INTO patients(name, created_at) VALUES(?, '2026-01-01T00:00:00.000Z') RETURNING id");
    p.bind(1, "Ada Lovelace").step();
    const auto pid = p.int64(0);
    hc::db::sql::Statement k(c, "INSERT INTO consultations(uid, patient_id, status, started_at, updated_at) "
                                "VALUES(?, ?, 'in-progress', '2026-01-01', '2026-01-01') RETURNING id");
    k.bind(1, uid).bind(2, pid).step();
    const auto cid = k.int64(0);
    hc::db::sql::Statement r(c, "INSERT INTO revisions(consultation_id, number, status, answers, result, overrides, "
                                "pack_id, pack_version, author, created_at) VALUES(?, 1, 'in-progress', '{}', '{}', '[]', "
                                "'hair-loss', '1', 'Dr A', '2026-01-01') RETURNING id");
    r.bind(1, cid).step();
    hc::db::sql::Statement u(c, "UPDATE consultations SET latest_revision = ?, revision_count = 1 WHERE id = ?");
    u.bind(1, r.int64(0)).bind(2, cid).run();
    return cid;
}

std::string migrated_db(const std::string& name) {
    const std::string uri = fresh_db(name);
    PgConnection c(uri);
    std::vector<std::string> notes;
    hc::db::pg::migrate(c, false, notes);
    return uri;
}

}  // namespace

TEST_CASE("? and ?N become $N outside quoted text and comments", "[pg]") {
    CHECK(pg_placeholders("SELECT ?") == "SELECT $1");
    CHECK(pg_placeholders("VALUES(?,?,?)") == "VALUES($1,$2,$3)");
    CHECK(pg_placeholders("a = ?2 OR b = ?1 OR c = ?2") == "a = $2 OR b = $1 OR c = $2");
    CHECK(pg_placeholders("?2, ?") == "$2, $3");  // SQLite: one past the highest so far
    CHECK(pg_placeholders("x = '?' AND y = ?") == "x = '?' AND y = $1");
    CHECK(pg_placeholders("x = 'it''s ?' AND y = ?") == "x = 'it''s ?' AND y = $1");
    CHECK(pg_placeholders("SELECT \"odd?name\" FROM t WHERE a = ?") == "SELECT \"odd?name\" FROM t WHERE a = $1");
    CHECK(pg_placeholders("SELECT 1 -- why?\nWHERE a = ?") == "SELECT 1 -- why?\nWHERE a = $1");
    CHECK_THROWS_AS(pg_placeholders("SELECT ?0"), std::invalid_argument);
}

TEST_CASE("A shown URI has no password", "[pg]") {
    CHECK(uri_without_password("postgresql://room1:s3cret@db.clinic/hairconsult") == "postgresql://room1@db.clinic/hairconsult");
    CHECK(uri_without_password("postgres://db/hc?password=s3cret&sslmode=require") == "postgres://db/hc?sslmode=require");
    CHECK(uri_without_password("postgresql://u@h/hc?sslmode=require&password=x") == "postgresql://u@h/hc?sslmode=require");
    CHECK(uri_without_password("postgresql:///hc?host=/tmp/x&user=a") == "postgresql:///hc?host=/tmp/x&user=a");
}

TEST_CASE("A server that is not there is Unreachable and named without its password", "[pg]") {
    try {
        PgConnection c("postgresql://u:topsecret@/hc?host=/nonexistent-hc-socket");
        FAIL("connected");
    } catch (const StoreError& e) {
        CHECK(e.kind() == K::Unreachable);
        const std::string m = e.what();
        CHECK(m.find("Cannot reach the clinic's database at postgresql://u@/hc?host=/nonexistent-hc-socket") == 0);
        CHECK(m.find("topsecret") == std::string::npos);
    }
}

TEST_CASE("Statements bind text and numbers and NULL and read booleans as 0/1", "[pg]") {
    PgConnection c(fresh_db("hc_t_basics"));
    c.exec("CREATE TABLE t(id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, s text, n integer, u text UNIQUE)");
    hc::db::sql::Statement ins(c, "INSERT INTO t(s, n) VALUES(?, ?) RETURNING id");
    ins.bind(1, "it's a '?'").bind(2, std::int64_t{42});
    REQUIRE(ins.step());
    const auto id1 = ins.int64(0);
    CHECK_FALSE(ins.step());
    ins.reset();
    ins.bind_null(1).bind_null(2);
    REQUIRE(ins.step());
    const auto id2 = ins.int64(0);
    CHECK(id2 == id1 + 1);

    hc::db::sql::Statement q(c, "SELECT s, n, '?' AS lit FROM t WHERE id = ?1 OR id = ?1 + 0");
    q.bind(1, id1);
    REQUIRE(q.step());
    CHECK(q.text(0) == "it's a '?'");
    CHECK(q.int64(1) == 42);
    CHECK(q.text(2) == "?");
    q.reset();
    q.bind(1, id2);
    REQUIRE(q.step());
    CHECK(q.is_null(0));
    CHECK(q.is_null(1));
    CHECK(q.text_or_empty(0).empty());

    CHECK(one(c, "SELECT EXISTS (SELECT 1 FROM t WHERE n = 42)") == 1);
    CHECK(one(c, "SELECT EXISTS (SELECT 1 FROM t WHERE n = 43)") == 0);
    CHECK(one(c, "SELECT 1 = 1") == 1);

    // Transactions: rolled back is gone, committed stays.
    c.begin();
    c.exec("INSERT INTO t(s) VALUES('gone')");
    c.rollback();
    CHECK(one(c, "SELECT count(*) FROM t WHERE s = 'gone'") == 0);
    c.begin();
    hc::db::sql::Statement(c, "INSERT INTO t(s) VALUES(?)").bind(1, "kept").run();
    c.commit();
    CHECK(one(c, "SELECT count(*) FROM t WHERE s = 'kept'") == 1);

    // Errors are StoreErrors of the right kind, naming the server and the SQLSTATE.
    c.exec("INSERT INTO t(u) VALUES('x')");
    try {
        c.exec("INSERT INTO t(u) VALUES('x')");
        FAIL("duplicate accepted");
    } catch (const StoreError& e) {
        CHECK(e.kind() == K::Duplicate);
        CHECK(std::string(e.what()).find("SQLSTATE 23505") != std::string::npos);
        CHECK(std::string(e.what()).find(c.location()) != std::string::npos);
    }
    CHECK(kind_of([&] { hc::db::sql::Statement(c, "SELEC 1").run(); }) == K::Internal);
    // The connection is usable after an error outside a transaction.
    CHECK(one(c, "SELECT 7") == 7);
}

TEST_CASE("A fresh database is migrated once and a second open changes nothing", "[pg]") {
    const std::string uri = fresh_db("hc_t_migrate");
    PgConnection c(uri);
    std::vector<std::string> notes;
    CHECK(hc::db::pg::migrate(c, false, notes) == 0);
    CHECK(hc::db::pg::read_version(c) == hc::db::pg::latest_version());
    CHECK(hc::db::pg::check(c, true).empty());
    const auto objects = one(c, "SELECT count(*) FROM pg_class");
    CHECK(hc::db::pg::migrate(c, false, notes) == hc::db::pg::latest_version());
    CHECK(one(c, "SELECT count(*) FROM pg_class") == objects);
    CHECK(one(c, "SELECT count(*) FROM schema_version") == 1);

    // The backend opens it as it is and says it is whole.
    auto b = open_postgres_backend(uri, {});
    CHECK(b->schema_version() == hc::db::pg::latest_version());
    CHECK(b->latest_schema_version() == hc::db::pg::latest_version());
    CHECK(b->integrity_check() == "ok");
    CHECK(b->shared());
    for (const Guarantee& g : b->guarantees()) {
        INFO(g.what << ": " << g.detail);
        CHECK(g.holds);
    }
    CHECK(b->guarantees()[1].detail.find("owns the tables") != std::string::npos);

    // Two rooms creating the same fresh database at once: one creates it, the other waits.
    const std::string uri2 = fresh_db("hc_t_migrate2");
    std::string other_error;
    std::thread other([&] {
        try {
            open_postgres_backend(uri2, {});
        } catch (const std::exception& e) {
            other_error = e.what();
        }
    });
    open_postgres_backend(uri2, {});
    other.join();
    CHECK(other_error.empty());
    PgConnection c2(uri2);
    CHECK(one(c2, "SELECT version FROM schema_version") == hc::db::pg::latest_version());
}

TEST_CASE("A newer or damaged or foreign database is refused untouched", "[pg]") {
    {
        const std::string uri = migrated_db("hc_t_newer");
        PgConnection c(uri);
        c.exec("UPDATE schema_version SET version = 99");
        CHECK(kind_of([&] { open_postgres_backend(uri, {}); }) == K::NewerSchema);
        CHECK(one(c, "SELECT version FROM schema_version") == 99);
        c.exec("UPDATE schema_version SET version = -1");
        CHECK(kind_of([&] { open_postgres_backend(uri, {}); }) == K::Corrupt);
        c.exec("DELETE FROM schema_version");
        CHECK(kind_of([&] { open_postgres_backend(uri, {}); }) == K::Corrupt);
    }
    {
        const std::string uri = fresh_db("hc_t_foreign");
        PgConnection c(uri);
        c.exec("CREATE TABLE invoices(id int)");
        CHECK(kind_of([&] { open_postgres_backend(uri, {}); }) == K::NotOurs);
        CHECK(one(c, "SELECT to_regclass('patients') IS NULL") == 1);
    }
    {
        const std::string uri = migrated_db("hc_t_damaged");
        PgConnection c(uri);
        c.exec("ALTER TABLE revisions DISABLE TRIGGER revisions_append_only_update");
        CHECK(kind_of([&] { open_postgres_backend(uri, {}); }) == K::Corrupt);
    }
    {
        const std::string uri = fresh_db("hc_t_readonly_new");
        OpenOptions o;
        o.read_only = true;
        CHECK(kind_of([&] { open_postgres_backend(uri, o); }) == K::ReadOnly);
    }
}

TEST_CASE("A store opened read-only refuses every write", "[pg]") {
    const std::string uri = migrated_db("hc_t_readonly");
    OpenOptions o;
    o.read_only = true;
    auto b = open_postgres_backend(uri, o);
    CHECK(b->read_only());
    CHECK(kind_of([&] { b->require_writable(); }) == K::ReadOnly);
    CHECK(kind_of([&] { hc::db::sql::Statement(b->conn(), "INSERT INTO patients(name, created_at) VALUES('A', 'x')").run(); }) ==
          K::ReadOnly);
    CHECK(b->integrity_check() == "ok");
}

TEST_CASE("History cannot be changed even by the owner and erasing goes through erase_patient", "[pg]") {
    PgConnection c(migrated_db("hc_t_triggers"));
    const auto cid = seed(c);
    try {
        c.exec("UPDATE revisions SET author = 'Mallory'");
        FAIL("revision changed");
    } catch (const StoreError& e) {
        CHECK(e.kind() == K::Internal);
        CHECK(std::string(e.what()).find("revisions are append-only") != std::string::npos);
        CHECK(std::string(e.what()).find("SQLSTATE P0001") != std::string::npos);
    }
    CHECK_THROWS_AS(c.exec("DELETE FROM revisions"), StoreError);
    CHECK_THROWS_AS(c.exec("TRUNCATE revisions"), StoreError);
    CHECK_THROWS_AS(c.exec("TRUNCATE audit"), StoreError);
    CHECK_THROWS_AS(c.exec("TRUNCATE consultations CASCADE"), StoreError);
    CHECK_THROWS_AS(c.exec("DELETE FROM consultations"), StoreError);
    CHECK_THROWS_AS(c.exec("DELETE FROM patients"), StoreError);
    c.exec("UPDATE consultations SET status = 'completed'");
    CHECK_THROWS_AS(c.exec("UPDATE consultations SET status = 'in-progress'"), StoreError);
    c.exec("UPDATE consultations SET status = 'entered-in-error'");
    CHECK_THROWS_AS(c.exec("UPDATE consultations SET status = 'amended'"), StoreError);
    CHECK(one(c, "SELECT count(*) FROM revisions") == 1);

    // The audit author is the login, whatever the app writes.
    c.exec("INSERT INTO audit(at, action, consultation_id, author) VALUES('2026-01-01', 'opened', 1, 'Mallory')");
    CHECK(text(c, "SELECT author FROM audit ORDER BY id DESC LIMIT 1") == "hc_admin");
    c.exec("INSERT INTO clinician_roles VALUES(session_user, 'Dr Ada')");
    c.exec("INSERT INTO audit(at, action, author) VALUES('2026-01-01', 'opened', 'Mallory')");
    CHECK(text(c, "SELECT author FROM audit ORDER BY id DESC LIMIT 1") == "Dr Ada");
    CHECK_THROWS_AS(c.exec("UPDATE audit SET author = 'x'"), StoreError);
    CHECK_THROWS_AS(c.exec("DELETE FROM audit"), StoreError);

    c.exec("INSERT INTO patient_search(rowid, name, record_number) SELECT patient_id, 'ada lovelace', '' FROM consultations");
    c.exec("INSERT INTO patient_grams(gram, patient_id) SELECT 'ad', patient_id FROM consultations");
    c.begin();
    hc::db::sql::Statement(c, "SELECT erase_patient(?)").bind(1, one(c, "SELECT patient_id FROM consultations")).run();
    c.commit();
    for (const char* t : {"patients", "consultations", "revisions", "patient_search", "patient_grams", "erase_guard"})
        CHECK(one(c, std::string("SELECT count(*) FROM ") + t) == 0);
    CHECK(one(c, "SELECT count(*) FROM audit") == 2);
    (void)cid;
}

TEST_CASE("A room may add history but not change or delete or truncate it", "[pg]") {
    const std::string uri = migrated_db("hc_t_room");
    PgConnection admin(uri);
    const auto cid = seed(admin);
    const std::string role = room_role(admin, "hc_t_room1");
    admin.exec("INSERT INTO clinician_roles VALUES('" + role + "', 'Dr Room One')");
    PgConnection room(with_param(uri, "user", role));
    CHECK(text(room, "SELECT session_user") == role);

    hc::db::sql::Statement r(room, "INSERT INTO revisions(consultation_id, number, status, answers, result, overrides, "
                                   "pack_id, pack_version, author, created_at) VALUES(?, 2, 'in-progress', '{}', '{}', "
                                   "'[]', 'hair-loss', '1', 'Dr A', '2026-01-02') RETURNING id");
    r.bind(1, cid);
    REQUIRE(r.step());
    CHECK(kind_of([&] { room.exec("UPDATE revisions SET author = 'x'"); }) == K::ReadOnly);
    CHECK(kind_of([&] { room.exec("DELETE FROM revisions"); }) == K::ReadOnly);
    CHECK(kind_of([&] { room.exec("TRUNCATE revisions"); }) == K::ReadOnly);
    CHECK(kind_of([&] { room.exec("UPDATE audit SET author = 'x'"); }) == K::ReadOnly);
    CHECK(kind_of([&] { room.exec("DELETE FROM audit"); }) == K::ReadOnly);
    CHECK(kind_of([&] { room.exec("DELETE FROM patients"); }) == K::ReadOnly);
    CHECK(kind_of([&] { room.exec("DELETE FROM consultations"); }) == K::ReadOnly);
    CHECK(kind_of([&] { room.exec("DELETE FROM erase_guard"); }) == K::ReadOnly);
    CHECK(kind_of([&] { room.exec("INSERT INTO clinician_roles VALUES(session_user, 'Dr Mallory')"); }) == K::ReadOnly);
    room.exec("INSERT INTO audit(at, action, consultation_id, author) VALUES('2026-01-02', 'saved', 1, 'Dr Mallory')");
    CHECK(text(admin, "SELECT author FROM audit ORDER BY id DESC LIMIT 1") == "Dr Room One");
    hc::db::sql::Statement(room, "UPDATE consultations SET latest_revision = ?, revision_count = 2 WHERE id = ?")
        .bind(1, r.int64(0)).bind(2, cid).run();
    CHECK(one(room, "SELECT id FROM consultations WHERE id = " + std::to_string(cid) + " FOR UPDATE") == cid);

    // The room's store opens the migrated database and may erase through the function.
    auto b = open_postgres_backend(with_param(uri, "user", role), {});
    CHECK(b->integrity_check() == "ok");
    CHECK(b->kind().find("PostgreSQL 15") == 0);
    CHECK(b->kind().find(", role " + role) != std::string::npos);
    for (const Guarantee& g : b->guarantees()) {
        INFO(g.what << ": " << g.detail);
        CHECK(g.holds);
        CHECK(g.detail.find("owns the tables") == std::string::npos);
    }
    CHECK(b->guarantees()[3].detail.find("Dr Room One") != std::string::npos);
    // A grant too many is seen.
    admin.exec("GRANT UPDATE ON revisions TO hairconsult_room");
    CHECK_FALSE(b->guarantees()[1].holds);
    CHECK(b->guarantees()[1].detail.find("UPDATE revisions") != std::string::npos);
    admin.exec("REVOKE UPDATE ON revisions FROM hairconsult_room");
    b->begin_write();
    b->erase_patient_rows(one(room, "SELECT patient_id FROM consultations"));
    b->commit_write();
    CHECK(one(admin, "SELECT count(*) FROM revisions") == 0);
}

TEST_CASE("A copy by the owner keeps its audit authors but a room's is stamped all the same", "[pg]") {
    const std::string uri = migrated_db("hc_t_copy");
    PgConnection admin(uri);
    admin.begin();
    hc::db::pg::begin_copy_in(admin);
    admin.exec("INSERT INTO audit(id, at, action, author) VALUES(10, 'x', 'created', 'Dr File')");
    hc::db::pg::end_copy_in(admin);
    admin.exec("INSERT INTO audit(at, action, author) VALUES('y', 'opened', 'Dr File')");
    admin.commit();
    CHECK(text(admin, "SELECT string_agg(id || ':' || author, ',' ORDER BY id) FROM audit") == "10:Dr File,11:hc_admin");
    CHECK_THROWS_AS(hc::db::pg::begin_copy_in(admin), std::logic_error);

    const std::string role = room_role(admin, "hc_t_copy_room");
    PgConnection room(with_param(uri, "user", role));
    room.begin();
    hc::db::pg::begin_copy_in(room);
    room.exec("INSERT INTO audit(at, action, author) VALUES('z', 'opened', 'Dr File')");
    room.commit();
    CHECK(text(admin, "SELECT author FROM audit ORDER BY id DESC LIMIT 1") == role);
}

TEST_CASE("Explicit ids are kept and the sequences move past them", "[pg]") {
    PgConnection c(migrated_db("hc_t_ids"));
    c.exec("INSERT INTO patients(id, name, created_at) VALUES(41, 'A', 'x')");
    hc::db::pg::advance_id_sequences(c);
    CHECK(one(c, "INSERT INTO patients(name, created_at) VALUES('B', 'x') RETURNING id") == 42);
    hc::db::pg::advance_id_sequences(c);  // never back
    CHECK(one(c, "INSERT INTO patients(name, created_at) VALUES('C', 'x') RETURNING id") == 43);
    CHECK(one(c, "INSERT INTO audit(at, action) VALUES('x', 'opened') RETURNING id") == 1);
}

TEST_CASE("Search finds by trigram or by one- and two-character pieces", "[pg]") {
    const std::string uri = migrated_db("hc_t_search");
    auto b = open_postgres_backend(uri, {});
    auto& c = b->conn();
    hc::db::sql::Statement(c, "INSERT INTO patients(id, name, created_at) VALUES(1, 'Zoë 100%', 'x'), (2, 'Bob', 'x')").run();
    hc::db::sql::Statement(c, "INSERT INTO patient_search(rowid, name, record_number) VALUES(?,?,?)").bind(1, 1).bind(2, "zoe 100%").bind(3, "rn_1").run();
    hc::db::sql::Statement(c, "INSERT INTO patient_search(rowid, name, record_number) VALUES(?,?,?)").bind(1, 2).bind(2, "bob").bind(3, "rnx1").run();
    hc::db::sql::Statement(c, "INSERT INTO patient_grams(gram, patient_id) VALUES('zo', 1), ('王', 2)").run();
    auto ids = [&](const std::string& folded) {
        const auto m = b->patients_matching(folded);
        hc::db::sql::Statement q(c, "SELECT count(*), min(x.id) FROM patients x WHERE x.id IN (" + m.sql + ")");
        q.bind(1, m.arg).step();
        return std::pair{q.int64(0), q.int64(1)};
    };
    CHECK(ids("zoe") == std::pair<std::int64_t, std::int64_t>{1, 1});
    CHECK(ids("0%") == std::pair<std::int64_t, std::int64_t>{0, 0});     // grams: none stored
    CHECK(ids("00%") == std::pair<std::int64_t, std::int64_t>{1, 1});    // % taken literally
    CHECK(ids("n_1") == std::pair<std::int64_t, std::int64_t>{1, 1});    // _ taken literally
    CHECK(ids("zo") == std::pair<std::int64_t, std::int64_t>{1, 1});
    CHECK(ids("王") == std::pair<std::int64_t, std::int64_t>{1, 2});
}

TEST_CASE("A lease holds while its room is connected and dies with it", "[pg]") {
    const std::string uri = migrated_db("hc_t_lease");
    std::int64_t cid = 0;
    {
        PgConnection c(uri);
        cid = seed(c);
    }
    auto a = open_postgres_backend(uri, {});
    auto b = open_postgres_backend(uri, {});
    const Lease taken = a->take_lease(cid, "Room 1", "Dr Ada", false);
    CHECK(taken.room == "Room 1");
    CHECK(taken.since.size() == 24);
    CHECK_FALSE(a->lease_of(cid));  // not someone else
    a->check_lease_for_write(cid);  // ours: allowed
    const auto seen = b->lease_of(cid);
    REQUIRE(seen);
    CHECK(seen->clinician == "Dr Ada");
    try {
        b->take_lease(cid, "Room 2", "Dr Bea", false);
        FAIL("took a live lease");
    } catch (const StoreError& e) {
        CHECK(e.kind() == K::Leased);
        const std::string m = e.what();
        CHECK(m.find("This consultation is being edited in Room 1 by Dr Ada since ") == 0);
        CHECK(m.find(" (UTC); take over to edit it here.") != std::string::npos);
    }
    CHECK(kind_of([&] { b->begin_write(); try { b->check_lease_for_write(cid); } catch (...) { b->rollback_write(); throw; } }) == K::Leased);

    // Taken over: now A's writes are refused.
    b->take_lease(cid, "Room 2", "Dr Bea", true);
    CHECK(kind_of([&] { a->check_lease_for_write(cid); }) == K::Leased);
    b->release_lease(cid);
    CHECK_FALSE(a->lease_of(cid));

    // A crashed desk: its connection goes, its lease with it.
    a->take_lease(cid, "Room 1", "Dr Ada", false);
    REQUIRE(b->lease_of(cid));
    a.reset();
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (b->lease_of(cid) && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    CHECK_FALSE(b->lease_of(cid));
    CHECK(b->take_lease(cid, "Room 2", "Dr Bea", false).room == "Room 2");
}

TEST_CASE("Another room's save reaches the change feed within a second", "[pg]") {
    const std::string uri = migrated_db("hc_t_feed");
    auto a = open_postgres_backend(uri, {});
    auto b = open_postgres_backend(uri, {});
    auto feed = b->open_change_feed();
    REQUIRE(feed);

    b->announce_change(5);  // our own: not reported
    a->begin_write();
    a->announce_change(7);
    a->commit_write();
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<Change> got;
    while (got.empty() && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1)) got = feed->wait(1000);
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1));
    REQUIRE(got.size() == 1);
    CHECK(got[0].kind == Change::Kind::Saved);
    CHECK(got[0].consultation == 7);

    // A rolled-back save says nothing.
    a->begin_write();
    a->announce_change(8);
    a->rollback_write();
    CHECK(feed->wait(100).empty());

    // wake() ends a wait at once.
    const auto t1 = std::chrono::steady_clock::now();
    std::thread waker([&] { std::this_thread::sleep_for(std::chrono::milliseconds(50)); feed->wake(); });
    CHECK(feed->wait(5000).empty());
    waker.join();
    CHECK(std::chrono::steady_clock::now() - t1 < std::chrono::seconds(2));

    // The server ends the feed's session: wait() says Unreachable.
    PgConnection admin(uri);
    admin.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
               "AND query LIKE 'LISTEN%'");
    CHECK(kind_of([&] { for (int i = 0; i < 50; ++i) feed->wait(100); }) == K::Unreachable);
}
