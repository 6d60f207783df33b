// Inside db/ only: the one way the store's shared code (store_read.cpp, store_write.cpp,
// exchange.cpp) speaks SQL, whichever server holds the record. The SQLite backend implements it
// over SQLiteCpp (db/sqlite/), the PostgreSQL backend over libpqxx (db/postgres/).
//
// SQL text is written once, in the subset both servers read the same way:
//   - parameters are `?` (numbered in order of appearance) or `?N` (N from 1; may repeat); the
//     PostgreSQL backend rewrites them to `$N` (outside quoted text);
//   - new ids come back through `INSERT ... RETURNING id`;
//   - upserts are `INSERT ... ON CONFLICT (...) DO ...`;
//   - `COLLATE NOCASE` (the server keeps a case-insensitive collation of that name);
//   - a parameter whose type the statement alone does not fix is cast: `CAST(? AS TEXT)`.
// What differs (full-text search, the erase path, row locks) is asked of the backend (backend.h).
//
// Errors: every call throws StoreError, already mapped by the backend (kind, code, one sentence
// that names the store's location), never a library exception.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "db/store.h"

namespace hc::db::sql {

// One prepared statement of a backend: bind, then step through its rows.
class Cursor {
public:
    virtual ~Cursor() = default;
    virtual void bind(int index, std::int64_t value) = 0;  // index from 1
    virtual void bind(int index, std::string_view value) = 0;
    virtual void bind_null(int index) = 0;
    // Runs the statement on the first call; true while a row is there to read.
    virtual bool step() = 0;
    virtual bool is_null(int column) const = 0;  // column from 0
    // A boolean column (PostgreSQL's EXISTS) reads as 0/1.
    virtual std::int64_t int64(int column) const = 0;
    virtual std::string text(int column) const = 0;
    // Forgets the rows and the bindings: ready to bind and run again.
    virtual void reset() = 0;
};

// How a server may plan a statement a connection runs again and again.
enum class Plan {
    Kept,     // once, the plan kept for every run: lookups by id, writes (the usual)
    EachRun,  // afresh with each run's values, because the best plan depends on them: a search
              // (how many patients its text matches), a list's filters. A plan kept for every
              // value walked all of a million consultations for a rare name (~5 s).
};

class Connection {
public:
    virtual ~Connection() = default;
    // SQLite's planner does not look at bound values: a file ignores `plan`.
    virtual std::unique_ptr<Cursor> prepare(const std::string& sql, Plan plan) = 0;
    // One or more statements without parameters or rows (schema steps, BEGIN/COMMIT).
    virtual void exec(const std::string& sql) = 0;
};

// A statement of `conn`, used the way SQLiteCpp's is: bind, then step() (or run()).
class Statement {
public:
    Statement(Connection& conn, const std::string& sql, Plan plan = Plan::Kept) : c_(conn.prepare(sql, plan)) {}

    Statement& bind(int index, std::int64_t v) { c_->bind(index, v); return *this; }
    Statement& bind(int index, int v) { c_->bind(index, static_cast<std::int64_t>(v)); return *this; }
    Statement& bind(int index, std::string_view v) { c_->bind(index, v); return *this; }
    Statement& bind(int index, const std::string& v) { c_->bind(index, std::string_view(v)); return *this; }
    Statement& bind(int index, const char* v) { c_->bind(index, std::string_view(v)); return *this; }
    Statement& bind_null(int index) { c_->bind_null(index); return *this; }

    bool step() { return c_->step(); }
    // Runs to the end (a write, or a query whose rows do not matter).
    void run() { while (c_->step()) {} }
    void reset() { c_->reset(); }
    // Runs an `INSERT ... RETURNING id` to its end and gives the id (SQLite rolls the whole
    // transaction back if such a statement is finalised before it has finished).
    std::int64_t run_returning_id() {
        if (!c_->step()) throw StoreError(StoreError::Kind::Internal, 0, "An insert returned no id.");
        const std::int64_t id = c_->int64(0);
        while (c_->step()) {}
        return id;
    }

    bool is_null(int column) const { return c_->is_null(column); }
    std::int64_t int64(int column) const { return c_->int64(column); }
    int int32(int column) const { return static_cast<int>(c_->int64(column)); }
    std::string text(int column) const { return c_->text(column); }
    std::string text_or_empty(int column) const { return is_null(column) ? std::string() : text(column); }

private:
    std::unique_ptr<Cursor> c_;
};

// Inserts `rows` rows of `width` values each with `head` ("INSERT INTO t(a, b) VALUES"), up to
// 64 rows a statement: one round trip to a server for a consultation's ~40 tags or a patient's
// ~25 search grams, not one a row. `bind(statement, row, first)` binds row `row`'s values to the
// parameters from `first` on.
inline void insert_rows(Connection& conn, const std::string& head, std::size_t width, std::size_t rows,
                        const std::function<void(Statement&, std::size_t, int)>& bind) {
    constexpr std::size_t kRowsPerInsert = 64;
    for (std::size_t from = 0; from < rows; from += kRowsPerInsert) {
        const std::size_t n = std::min(kRowsPerInsert, rows - from);
        std::string text = head;
        for (std::size_t i = 0; i < n; ++i) {
            text += i ? ", (" : " (";
            for (std::size_t k = 0; k < width; ++k) text += k ? ",?" : "?";
            text += ")";
        }
        Statement ins(conn, text);
        for (std::size_t i = 0; i < n; ++i) bind(ins, from + i, static_cast<int>(1 + i * width));
        ins.run();
    }
}

// The first column of the first row of a query without parameters (count(*), max(id)...).
inline std::int64_t query_int64(Connection& conn, const std::string& sql) {
    Statement q(conn, sql);
    return q.step() && !q.is_null(0) ? q.int64(0) : 0;
}

}  // namespace hc::db::sql
