// For tests that play another program writing into a real database file: appends a revision
// whose stored result is not the shape to_json writes, the way any SQLite client could (a plain
// INSERT and a pointer update, which the append-only triggers allow), and folds the log into the
// file. The store opens such a file (it is sound SQLite and our schema); readers must cope.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace hc::test {

// `edit` changes a copy of the latest revision's stored result; the copy becomes a new latest
// revision of consultation `id`. Returns the new revision's id.
inline std::int64_t append_wrong_shape(const std::filesystem::path& db, std::int64_t id,
                                       const std::function<void(nlohmann::json&)>& edit) {
    std::int64_t rev = 0;
    {
        SQLite::Database raw(db.string(), SQLite::OPEN_READWRITE);
        nlohmann::json result;
        {
            SQLite::Statement latest(raw, "SELECT r.result FROM revisions r JOIN consultations c ON c.latest_revision = r.id "
                                          "WHERE c.id = ?");
            latest.bind(1, static_cast<std::int64_t>(id));
            if (!latest.executeStep()) throw std::runtime_error("no such consultation");
            result = nlohmann::json::parse(latest.getColumn(0).getString());
        }
        edit(result);
        SQLite::Transaction tx(raw);
        SQLite::Statement ins(raw,
                              "INSERT INTO revisions(consultation_id, number, status, answers, result, overrides, pack_id, "
                              "pack_version, author, reason, created_at) SELECT consultation_id, number + 1, status, answers, ?, "
                              "overrides, pack_id, pack_version, 'someone-else', 'edited elsewhere', created_at FROM revisions "
                              "WHERE id = (SELECT latest_revision FROM consultations WHERE id = ?)");
        ins.bind(1, result.dump());
        ins.bind(2, static_cast<std::int64_t>(id));
        ins.exec();
        rev = raw.getLastInsertRowid();
        SQLite::Statement up(raw, "UPDATE consultations SET latest_revision = ?, revision_count = revision_count + 1 WHERE id = ?");
        up.bind(1, static_cast<std::int64_t>(rev));
        up.bind(2, static_cast<std::int64_t>(id));
        up.exec();
        tx.commit();
        raw.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    return rev;
}

}  // namespace hc::test
