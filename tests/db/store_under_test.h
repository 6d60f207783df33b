// Where the store contract tests run (store_write_test, store_read_test, exchange_test): each is
// built twice, once against a new SQLite file in the test's temp folder (hc_db_tests) and once,
// with HC_STORE_SERVER, against a new empty database on the private PostgreSQL test cluster
// (hc_db_server_tests, needing the pg_cluster fixture). What only a file has (its bytes, its
// WAL, max_page_count) is tagged [file] and left out of the server build.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <unistd.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include "db/store.h"
#include "tests/support/test_support.h"

#ifdef HC_STORE_SERVER
#include "db/postgres/connection.h"
#include "tests/pg/test_server.h"
#endif

namespace hc::db::test {

#ifdef HC_STORE_SERVER
constexpr bool kServer = true;
#else
constexpr bool kServer = false;
#endif

// A new, empty store for one test: a file `name`.db in `t`, or a new database on the test server.
inline std::string fresh_store(const hc::test_support::TempDir& t, const std::string& name) {
#ifdef HC_STORE_SERVER
    static std::atomic<int> n{0};
    (void)t;
    // CTest runs cases in parallel processes: the process id keeps their databases apart.
    return hc::test_server::fresh_db("hc_contract_" + name + "_" + std::to_string(::getpid()) + "_" + std::to_string(++n));
#else
    return (t / (name + ".db")).string();
#endif
}

// Another program with its own connection to the store, playing by no rules of ours: runs `sql`
// and returns "ran" or the database's message (a trigger's text, a permission error).
inline std::string raw_exec(const std::string& location, const std::string& sql) {
#ifdef HC_STORE_SERVER
    try {
        PgConnection c(hc::test_server::as_admin(location));
        c.exec(sql);
        return "ran";
    } catch (const StoreError& e) {
        return e.what();
    }
#else
    SQLite::Database raw(location, SQLite::OPEN_READWRITE);
    raw.setBusyTimeout(2000);
    try {
        raw.exec(sql);
        return "ran";
    } catch (const SQLite::Exception& e) {
        return e.what();
    }
#endif
}

// Every column of every row `sql` returns, as text (NULL as ""), read by that other program.
inline std::vector<std::string> raw_cells(const std::string& location, const std::string& sql) {
    std::vector<std::string> out;
#ifdef HC_STORE_SERVER
    PgConnection c(hc::test_server::as_admin(location));
    sql::Statement q(c, sql);
    while (q.step())
        for (int i = 0;; ++i) {
            try {
                out.push_back(q.text_or_empty(i));
            } catch (const std::out_of_range&) {
                break;  // past the last column
            }
        }
#else
    SQLite::Database raw(location, SQLite::OPEN_READONLY);
    SQLite::Statement q(raw, sql);
    while (q.executeStep())
        for (int i = 0; i < q.getColumnCount(); ++i) out.push_back(q.getColumn(i).getString());
#endif
    return out;
}

inline std::int64_t raw_count(const std::string& location, const std::string& sql) {
    const auto cells = raw_cells(location, sql);
    return cells.empty() ? 0 : std::stoll(cells.front());
}

}  // namespace hc::db::test
