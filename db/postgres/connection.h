// Inside db/ only: sql::Connection over one libpqxx connection (see db/sql.h). The shared SQL's
// `?` / `?N` parameters become `$N`; values go to the server as text and come back as text.
// Every libpqxx exception becomes a StoreError here, naming the server (password taken out).
// Only db/postgres/ includes libpqxx.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <pqxx/connection>
#include <pqxx/transaction>

#include "db/sql.h"
#include "db/store.h"


namespace hc::db {

// `?` (numbered in order of appearance) and `?N` as `$N`, outside '...' strings, "..."
// identifiers and -- comments. Throws std::invalid_argument for `?0` or a `?N` past 65535.
std::string pg_placeholders(std::string_view sql);

// The URI as it may be shown: `user:password@` becomes `user@`, a `password=` parameter goes.
std::string uri_without_password(std::string_view uri);

// The StoreError for what the server (or libpq) reported while `doing` something at `location`:
// SQLSTATE 08xxx / 28xxx / 57P0x and a lost connection -> Unreachable, 23505 -> Duplicate,
// 40001 / 40P01 -> Conflict, 42501 / 25006 -> ReadOnly, 55P03 -> Locked, 53100 -> DiskFull,
// anything else (our triggers' P0001 included) -> Internal. The message is one sentence with
// the server's own text and the SQLSTATE. Call only from inside a catch block.
[[noreturn]] void rethrow_pg(const std::string& location, std::string_view doing);

class PgConnection final : public sql::Connection {
public:
    // Connects to `uri` (a libpq URI). Throws StoreError(Unreachable) naming `location` (the URI
    // without its password) when the server cannot be reached or refuses the login.
    explicit PgConnection(const std::string& uri);
    ~PgConnection() override;
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    // Plan::Kept statements are prepared on the server once per connection (it may keep one
    // plan for all values after five runs); Plan::EachRun ones are sent with their values each
    // time, unnamed, so the server plans them for those values.
    std::unique_ptr<sql::Cursor> prepare(const std::string& sql, sql::Plan plan) override;
    // Runs `sql` (one or more statements, no parameters) inside the open transaction if any.
    void exec(const std::string& sql) override;

    // One transaction at a time: statements run inside it until commit() or rollback(); without
    // one, each statement commits by itself. begin() throws std::logic_error when one is open.
    // `snapshot`: a read-only transaction whose statements all see the database as it was at
    // its first one (REPEATABLE READ), for reads that must agree with each other.
    void begin(bool snapshot = false);
    void commit();               // StoreError (Unreachable when the outcome is unknown)
    void rollback() noexcept;    // no-op without a transaction
    bool in_transaction() const { return tx_ != nullptr; }

    const std::string& location() const { return location_; }
    int backend_pid() const;

    // For the cursors of this connection (and nothing outside db/postgres/).
    pqxx::connection& raw() { return *conn_; }
    pqxx::transaction_base* transaction() { return tx_.get(); }
    // The name the statement `pg_sql` (already rewritten) is prepared under on this connection.
    const std::string& prepared_name(const std::string& pg_sql);

private:
    std::string location_;
    std::unique_ptr<pqxx::connection> conn_;
    std::unique_ptr<pqxx::transaction_base> tx_;
    std::unordered_map<std::string, std::string> prepared_;
};

}  // namespace hc::db
