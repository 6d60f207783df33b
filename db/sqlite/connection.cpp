#include "db/sqlite/connection.h"

namespace hc::db {
namespace {

class SqliteCursor final : public sql::Cursor {
public:
    SqliteCursor(SQLite::Database& db, const std::string& sql, const std::filesystem::path& path)
        : path_(path), q_(make(db, sql, path)) {}

    void bind(int index, std::int64_t value) override {
        guard([&] { q_.bind(index, value); });
    }
    void bind(int index, std::string_view value) override {
        guard([&] { q_.bind(index, std::string(value)); });  // text (the pointer overload binds a blob)
    }
    void bind_null(int index) override {
        guard([&] { q_.bind(index); });
    }
    bool step() override {
        return guard([&] { return q_.executeStep(); });
    }
    bool is_null(int column) const override { return q_.isColumnNull(column); }
    std::int64_t int64(int column) const override { return q_.getColumn(column).getInt64(); }
    std::string text(int column) const override { return q_.getColumn(column).getString(); }
    void reset() override {
        guard([&] {
            q_.reset();
            q_.clearBindings();
        });
    }

private:
    static SQLite::Statement make(SQLite::Database& db, const std::string& sql, const std::filesystem::path& path) {
        try {
            return SQLite::Statement(db, sql);
        } catch (const SQLite::Exception& e) {
            rethrow_sqlite(e, path);
        }
    }
    template <class F>
    auto guard(F&& f) -> decltype(f()) {
        try {
            return f();
        } catch (const SQLite::Exception& e) {
            rethrow_sqlite(e, path_);
        }
    }

    const std::filesystem::path& path_;
    SQLite::Statement q_;
};

}  // namespace

std::unique_ptr<sql::Cursor> SqliteConnection::prepare(const std::string& sql, sql::Plan) {
    return std::make_unique<SqliteCursor>(db_, sql, path_);
}

void SqliteConnection::exec(const std::string& sql) {
    try {
        db_.exec(sql);
    } catch (const SQLite::Exception& e) {
        rethrow_sqlite(e, path_);
    }
}

}  // namespace hc::db
