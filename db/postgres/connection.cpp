#include "db/postgres/connection.h"

#include <pqxx/pqxx>

#include <charconv>
#include <stdexcept>
#include <vector>

namespace hc::db {
namespace {

// The first line of a libpq / server message, without "ERROR:  " and a trailing period (it is
// quoted inside our own sentence).
std::string first_line(std::string_view m) {
    for (std::string_view p : {"ERROR:  ", "FATAL:  "})
        if (m.substr(0, p.size()) == p) m.remove_prefix(p.size());
    m = m.substr(0, m.find('\n'));
    while (!m.empty() && (m.back() == '.' || m.back() == ' ' || m.back() == '\r')) m.remove_suffix(1);
    return std::string(m.empty() ? std::string_view("no reason given") : m);
}

StoreError::Kind kind_of_sqlstate(const std::string& s) {
    using K = StoreError::Kind;
    auto cls = [&](std::string_view c) { return s.compare(0, c.size(), c) == 0; };
    if (cls("08") || cls("28") || s == "57P01" || s == "57P02" || s == "57P03") return K::Unreachable;
    if (s == "23505") return K::Duplicate;
    if (s == "40001" || s == "40P01") return K::Conflict;
    if (s == "42501" || s == "25006") return K::ReadOnly;
    if (s == "55P03") return K::Locked;
    if (s == "53100") return K::DiskFull;
    return K::Internal;
}

// libpqxx 6 throws its own class for some SQLSTATEs and leaves sqlstate() empty in them.
std::string sqlstate_of(const pqxx::sql_error& e) {
    if (!e.sqlstate().empty()) return e.sqlstate();
    if (dynamic_cast<const pqxx::unique_violation*>(&e)) return "23505";
    if (dynamic_cast<const pqxx::foreign_key_violation*>(&e)) return "23503";
    if (dynamic_cast<const pqxx::not_null_violation*>(&e)) return "23502";
    if (dynamic_cast<const pqxx::check_violation*>(&e)) return "23514";
    if (dynamic_cast<const pqxx::restrict_violation*>(&e)) return "23001";
    if (dynamic_cast<const pqxx::integrity_constraint_violation*>(&e)) return "23000";
    if (dynamic_cast<const pqxx::insufficient_privilege*>(&e)) return "42501";
    if (dynamic_cast<const pqxx::undefined_column*>(&e)) return "42703";
    if (dynamic_cast<const pqxx::undefined_function*>(&e)) return "42883";
    if (dynamic_cast<const pqxx::undefined_table*>(&e)) return "42P01";
    if (dynamic_cast<const pqxx::syntax_error*>(&e)) return "42601";
    if (dynamic_cast<const pqxx::disk_full*>(&e)) return "53100";
    if (dynamic_cast<const pqxx::out_of_memory*>(&e)) return "53200";
    if (dynamic_cast<const pqxx::insufficient_resources*>(&e)) return "53000";
    if (dynamic_cast<const pqxx::plpgsql_raise*>(&e)) return "P0001";
    if (dynamic_cast<const pqxx::plpgsql_no_data_found*>(&e)) return "P0002";
    if (dynamic_cast<const pqxx::plpgsql_too_many_rows*>(&e)) return "P0003";
    if (dynamic_cast<const pqxx::plpgsql_error*>(&e)) return "P0000";
    if (dynamic_cast<const pqxx::data_exception*>(&e)) return "22000";
    if (dynamic_cast<const pqxx::feature_not_supported*>(&e)) return "0A000";
    if (dynamic_cast<const pqxx::invalid_cursor_state*>(&e)) return "24000";
    if (dynamic_cast<const pqxx::invalid_sql_statement_name*>(&e)) return "26000";
    if (dynamic_cast<const pqxx::invalid_cursor_name*>(&e)) return "34000";
    return "";
}

class PgCursor final : public sql::Cursor {
public:
    PgCursor(PgConnection& c, std::string pg_sql, sql::Plan plan) : c_(c), sql_(std::move(pg_sql)), plan_(plan) {}

    void bind(int index, std::int64_t value) override { slot(index) = std::to_string(value); }
    void bind(int index, std::string_view value) override { slot(index) = std::string(value); }
    void bind_null(int index) override { slot(index) = std::nullopt; }

    bool step() override {
        if (!ran_) {
            run();
            ran_ = true;
            row_ = 0;
        } else if (row_ < r_.size()) {
            ++row_;
        }
        return row_ < r_.size();
    }
    bool is_null(int column) const override { return field(column).is_null(); }
    std::int64_t int64(int column) const override {
        const pqxx::field f = field(column);
        if (f.is_null()) return 0;
        const char* s = f.c_str();
        if (s[0] == 't' && s[1] == '\0') return 1;  // a boolean (EXISTS, comparisons)
        if (s[0] == 'f' && s[1] == '\0') return 0;
        std::int64_t v = 0;
        const auto end = s + f.size();
        const auto [p, ec] = std::from_chars(s, end, v);
        if (ec != std::errc() || p != end)
            throw StoreError(StoreError::Kind::Internal, 0,
                             "The clinic's database at " + c_.location() + " returned \"" + std::string(s) +
                                 "\" where a whole number was expected.");
        return v;
    }
    std::string text(int column) const override {
        const pqxx::field f = field(column);
        return f.is_null() ? std::string() : std::string(f.c_str(), f.size());
    }
    void reset() override {
        params_.clear();
        r_ = pqxx::result();
        ran_ = false;
        row_ = 0;
    }

private:
    std::optional<std::string>& slot(int index) {
        if (index < 1 || index > 65535) throw std::out_of_range("PgCursor::bind: parameter index out of range");
        if (params_.size() < static_cast<std::size_t>(index)) params_.resize(index);
        return params_[index - 1];
    }
    pqxx::field field(int column) const {
        if (!ran_ || row_ >= r_.size() || column < 0 || column >= static_cast<int>(r_.columns()))
            throw std::out_of_range("PgCursor: no such row or column");
        return r_[static_cast<pqxx::result::size_type>(row_)][static_cast<pqxx::row::size_type>(column)];
    }
    void run() {
        // Text parameters; a null pointer is SQL NULL. The server infers each one's type from
        // the statement (the shared SQL casts where it cannot).
        std::vector<const char*> values;
        values.reserve(params_.size());
        for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
        try {
            const auto args = pqxx::prepare::make_dynamic_params(values);
            const auto run_in = [&](pqxx::transaction_base& t) {
                return plan_ == sql::Plan::EachRun ? t.exec_params(sql_, args) : t.exec_prepared(c_.prepared_name(sql_), args);
            };
            if (pqxx::transaction_base* tx = c_.transaction()) {
                r_ = run_in(*tx);
            } else {
                pqxx::nontransaction once(c_.raw());
                r_ = run_in(once);
            }
        } catch (...) {
            rethrow_pg(c_.location(), "a statement");
        }
    }

    PgConnection& c_;
    std::string sql_;
    sql::Plan plan_;
    std::vector<std::optional<std::string>> params_;
    pqxx::result r_;
    bool ran_ = false;
    pqxx::result::size_type row_ = 0;
};

}  // namespace

std::string pg_placeholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 8);
    int highest = 0;  // SQLite: a bare `?` is one more than the highest number used so far
    for (std::size_t i = 0; i < sql.size();) {
        const char c = sql[i];
        if (c == '\'' || c == '"') {  // copy the quoted text as is ('' and "" stay inside)
            std::size_t j = i + 1;
            while (j < sql.size() && sql[j] != c) ++j;
            j = std::min(j + 1, sql.size());
            out.append(sql.substr(i, j - i));
            i = j;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            const std::size_t j = std::min(sql.find('\n', i), sql.size());
            out.append(sql.substr(i, j - i));
            i = j;
        } else if (c == '?') {
            std::size_t j = i + 1;
            int n = 0;
            while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') {
                n = n * 10 + (sql[j] - '0');
                if (n > 65535) throw std::invalid_argument("pg_placeholders: parameter number too large");
                ++j;
            }
            if (j == i + 1) n = highest + 1;
            else if (n == 0) throw std::invalid_argument("pg_placeholders: ?0 is not a parameter");
            highest = std::max(highest, n);
            out += '$';
            out += std::to_string(n);
            i = j;
        } else {
            out += c;
            ++i;
        }
    }
    return out;
}

std::string uri_without_password(std::string_view uri) {
    std::string s(uri);
    // userinfo: scheme://user:password@host
    const auto scheme = s.find("://");
    if (scheme != std::string::npos) {
        const auto start = scheme + 3;
        const auto end_of_authority = s.find_first_of("/?", start);
        const auto at = s.rfind('@', end_of_authority == std::string::npos ? s.size() : end_of_authority);
        if (at != std::string::npos && at >= start) {
            const auto colon = s.find(':', start);
            if (colon != std::string::npos && colon < at) s.erase(colon, at - colon);
        }
    }
    // query parameter: ?password=...&...
    const auto q = s.find('?');
    if (q != std::string::npos) {
        std::string kept;
        std::size_t i = q + 1;
        while (i <= s.size()) {
            std::size_t amp = s.find('&', i);
            if (amp == std::string::npos) amp = s.size();
            const std::string_view param(s.data() + i, amp - i);
            if (!param.empty() && param.substr(0, 9) != "password=") {
                kept += kept.empty() ? "" : "&";
                kept += param;
            }
            i = amp + 1;
        }
        s.erase(q);
        if (!kept.empty()) s += "?" + kept;
    }
    return s;
}

[[noreturn]] void rethrow_pg(const std::string& location, std::string_view doing) {
    using K = StoreError::Kind;
    const std::string where = "the clinic's database at " + location;
    try {
        throw;
    } catch (const StoreError&) {
        throw;
    } catch (const pqxx::in_doubt_error& e) {
        throw StoreError(K::Unreachable, 0,
                         "The connection to " + where + " was lost while committing; whether the change was saved is unknown (" +
                             first_line(e.what()) + ").");
    } catch (const pqxx::broken_connection& e) {
        throw StoreError(K::Unreachable, 0, "The connection to " + where + " was lost: " + first_line(e.what()) + ".");
    } catch (const pqxx::serialization_failure& e) {
        throw StoreError(K::Conflict, 0, "The clinic's database at " + location + " refused " + std::string(doing) +
                                             " because another room changed the same rows at once: " + first_line(e.what()) +
                                             " (SQLSTATE 40001).");
    } catch (const pqxx::deadlock_detected& e) {
        throw StoreError(K::Conflict, 0, "The clinic's database at " + location + " refused " + std::string(doing) +
                                             " because another room was waiting for the same rows: " + first_line(e.what()) +
                                             " (SQLSTATE 40P01).");
    } catch (const pqxx::transaction_rollback& e) {
        throw StoreError(K::Conflict, 0, "The clinic's database at " + location + " rolled back " + std::string(doing) +
                                             ": " + first_line(e.what()) + ".");
    } catch (const pqxx::sql_error& e) {
        const std::string code = sqlstate_of(e);
        const std::string state = code.empty() ? "unknown" : code;
        // The server gives every error of its own a SQLSTATE; libpq's own errors have none, and
        // the one met here is the connection ending mid-statement ("server closed the connection
        // unexpectedly", as when the server is stopped): unreachable, not a refusal.
        const K kind = code.empty() ? K::Unreachable : kind_of_sqlstate(code);
        if (kind == K::Unreachable)
            throw StoreError(kind, 0, "Cannot reach " + where + ": " + first_line(e.what()) + " (SQLSTATE " + state + ").");
        throw StoreError(kind, 0, "The clinic's database at " + location + " refused " + std::string(doing) + ": " +
                                      first_line(e.what()) + " (SQLSTATE " + state + ").");
    } catch (const std::exception& e) {
        throw StoreError(K::Internal, 0, "The connection to " + where + " failed: " + first_line(e.what()) + ".");
    }
}

PgConnection::PgConnection(const std::string& uri) : location_(uri_without_password(uri)) {
    try {
        conn_ = std::make_unique<pqxx::connection>(uri);
        // A connection that broke stays broken: libpqxx 6 would otherwise reconnect silently on
        // the next statement, dropping the session's leases and transaction without a word.
        // (Deprecated because libpqxx 7 never reconnects; until then it is the only switch.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
        conn_->inhibit_reactivation(true);
#pragma GCC diagnostic pop
    } catch (const std::exception& e) {
        throw StoreError(StoreError::Kind::Unreachable, 0,
                         "Cannot reach the clinic's database at " + location_ + ": " + first_line(e.what()) + ".");
    }
}

PgConnection::~PgConnection() { rollback(); }

std::unique_ptr<sql::Cursor> PgConnection::prepare(const std::string& sql, sql::Plan plan) {
    try {
        return std::make_unique<PgCursor>(*this, pg_placeholders(sql), plan);
    } catch (const std::invalid_argument& e) {
        throw StoreError(StoreError::Kind::Internal, 0, std::string("A statement for ") + location_ + " is malformed: " + e.what() + ".");
    }
}

const std::string& PgConnection::prepared_name(const std::string& pg_sql) {
    auto it = prepared_.find(pg_sql);
    if (it != prepared_.end()) return it->second;
    // libpqxx prepares it on the server the first time it runs (again after a reconnect).
    std::string name = "hc" + std::to_string(prepared_.size() + 1);
    conn_->prepare(name, pg_sql);
    return prepared_.emplace(pg_sql, std::move(name)).first->second;
}

void PgConnection::exec(const std::string& sql) {
    try {
        if (tx_) {
            tx_->exec(sql);
        } else {
            pqxx::nontransaction once(*conn_);
            once.exec(sql);
        }
    } catch (...) {
        rethrow_pg(location_, "a statement");
    }
}

void PgConnection::begin(bool snapshot) {
    if (tx_) throw std::logic_error("PgConnection::begin: a transaction is already open");
    try {
        if (snapshot)
            tx_ = std::make_unique<pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>>(*conn_);
        else
            tx_ = std::make_unique<pqxx::work>(*conn_);
    } catch (...) {
        tx_.reset();
        rethrow_pg(location_, "to start a transaction");
    }
}

void PgConnection::commit() {
    if (!tx_) throw std::logic_error("PgConnection::commit: no transaction is open");
    auto tx = std::move(tx_);
    try {
        tx->commit();
    } catch (...) {
        rethrow_pg(location_, "the commit");
    }
}

void PgConnection::rollback() noexcept {
    if (!tx_) return;
    auto tx = std::move(tx_);
    try {
        tx->abort();
    } catch (...) {  // a lost connection has rolled it back already
    }
}

int PgConnection::backend_pid() const { return conn_->backendpid(); }

}  // namespace hc::db
