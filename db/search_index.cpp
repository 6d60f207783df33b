// The search tables' rows: each patient's folded name and record number in patient_search (a
// trigram index on either backend) and every one- and two-character piece of them in
// patient_grams (for searches too short for trigrams).
#include <set>
#include <vector>

#include "db/internal.h"

namespace hc::db {
namespace {

// Every distinct one- and two-character piece (code points, not bytes) of the folded texts.
std::set<std::string> grams_of(const std::string& name, const std::string& record_number) {
    std::set<std::string> out;
    for (const std::string* t : {&name, &record_number}) {
        std::vector<std::size_t> starts;  // byte offset of each character
        for (std::size_t i = 0; i < t->size(); ++i)
            if ((static_cast<unsigned char>((*t)[i]) & 0xC0) != 0x80) starts.push_back(i);
        starts.push_back(t->size());
        for (std::size_t k = 0; k + 1 < starts.size(); ++k) {
            out.insert(t->substr(starts[k], starts[k + 1] - starts[k]));
            if (k + 2 < starts.size()) out.insert(t->substr(starts[k], starts[k + 2] - starts[k]));
        }
    }
    return out;
}

}  // namespace

SearchIndexer::SearchIndexer(sql::Connection& conn)
    : conn_(conn), search_(conn, "INSERT INTO patient_search(rowid, name, record_number) VALUES(?,?,?)") {}

void SearchIndexer::add(PatientId id, const std::string& name, const std::string& record_number) {
    const std::string n = fold_for_search(name), r = fold_for_search(record_number);
    search_.bind(1, static_cast<std::int64_t>(id)).bind(2, n).bind(3, r).run();
    search_.reset();
    const std::set<std::string> set = grams_of(n, r);
    const std::vector<std::string> grams(set.begin(), set.end());
    sql::insert_rows(conn_, "INSERT INTO patient_grams(gram, patient_id) VALUES", 2, grams.size(),
                     [&](sql::Statement& ins, std::size_t row, int at) {
                         ins.bind(at, grams[row]).bind(at + 1, static_cast<std::int64_t>(id));
                     });
}

void unindex_patient(sql::Connection& conn, PatientId id) {
    sql::Statement(conn, "DELETE FROM patient_search WHERE rowid = ?").bind(1, static_cast<std::int64_t>(id)).run();
    // By the patient, not by the grams folded again now (a newer ICU might fold differently and
    // leave rows behind): a scan of the table, acceptable for something as rare as erasing.
    sql::Statement(conn, "DELETE FROM patient_grams WHERE patient_id = ?").bind(1, static_cast<std::int64_t>(id)).run();
}

}  // namespace hc::db
