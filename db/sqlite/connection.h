// Inside db/ only: sql::Connection over one SQLiteCpp database (see db/sql.h). SQLite reads the
// shared SQL as written; SQLiteCpp's exceptions become StoreError here, naming the file.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <filesystem>

#include "db/sql.h"
#include "db/store.h"

namespace hc::db {

// Maps a SQLite error to a StoreError with one plain sentence about `path`.
[[noreturn]] void rethrow_sqlite(const SQLite::Exception& e, const std::filesystem::path& path);
StoreError::Kind kind_of_sqlite(int extended_code);

class SqliteConnection final : public sql::Connection {
public:
    // `db` must outlive this connection.
    SqliteConnection(SQLite::Database& db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}
    std::unique_ptr<sql::Cursor> prepare(const std::string& sql, sql::Plan plan) override;
    void exec(const std::string& sql) override;
    SQLite::Database& db() { return db_; }

private:
    SQLite::Database& db_;
    std::filesystem::path path_;
};

}  // namespace hc::db
