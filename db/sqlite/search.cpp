// Name search on a file: FTS5's trigram index for three characters or more, patient_grams for less.
#include "db/sqlite/backend.h"

namespace hc::db {
namespace {

// FTS5 phrase for a substring search: the text in double quotes, quotes doubled.
std::string fts_phrase(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

// Trigram FTS needs 3 characters (not bytes: "王芳" is two characters in six bytes, which the
// trigram index cannot match); shorter text is looked up in patient_grams instead.
bool use_fts(std::string_view text) {
    std::size_t chars = 0;
    for (char c : text) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // UTF-8 lead bytes
    return chars >= 3;
}

}  // namespace

Backend::PatientIdsQuery SqliteBackend::patients_matching(const std::string& folded) const {
    if (use_fts(folded)) return {"SELECT rowid FROM patient_search WHERE patient_search MATCH ?1", fts_phrase(folded)};
    return {"SELECT patient_id FROM patient_grams WHERE gram = ?1", folded};
}

// FTS5 keeps deleted terms in older index segments until they merge; merge now so an erased
// name leaves the file.
void SqliteBackend::after_unindex() { connection->exec("INSERT INTO patient_search(patient_search) VALUES('optimize')"); }

}  // namespace hc::db
