// Inside db/ only: the store behind the public API (its backend and transaction depth), the
// write transaction guard, and helpers the store's shared source files use. Nothing here names
// a database library: the shared code speaks SQL through db/sql.h.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "db/backend.h"
#include "db/sql.h"
#include "db/store.h"
#include "engine/stored_result.h"

namespace hc::db {

struct Store::Impl {
    std::unique_ptr<Backend> backend;
    int tx_depth = 0;  // WriteTransactions open (inner ones join the outermost)
    bool reading = false;  // a ReadSnapshot is open (an inner one joins it)

    sql::Connection& conn() { return backend->conn(); }
};

// One write transaction, rolled back in the destructor unless commit() returned. On a file it
// takes the write lock up front (BEGIN IMMEDIATE), which keeps two writers from failing with
// SQLITE_BUSY mid-transaction; on a server the rows it changes are locked as it reads them.
class WriteTransaction {
public:
    explicit WriteTransaction(Store::Impl& s);
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;
    ~WriteTransaction();
    void commit();

private:
    Store::Impl& s_;
    bool open_ = false;
    bool nested_ = false;  // inside Store::in_one_transaction(): BEGIN/COMMIT are the outer one's
};

// Reads that must agree with each other, in one snapshot: a consultation's summary, revisions
// and draft read while another room's save commits between them would show a revision list one
// longer than its count. Inside a write transaction it is that transaction's view already.
class ReadSnapshot {
public:
    explicit ReadSnapshot(Store::Impl& s) : s_(s), own_(s.tx_depth == 0 && !s.reading) {
        if (!own_) return;
        s_.backend->begin_read();
        s_.reading = true;
    }
    ~ReadSnapshot() {
        if (!own_) return;
        s_.reading = false;
        s_.backend->end_read();
    }
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;

private:
    Store::Impl& s_;
    bool own_;
};

std::string now_utc();  // "2026-03-01T09:30:00.123Z"

// Input checks; throw StoreError(InvalidInput) naming `what`.
const char* control_in(std::string_view s);  // nullptr, or what control character s holds
void check_text(const std::string& s, const char* what, std::size_t max_len, bool required);
void check_author(const std::string& author);  // required, one line, at most 200 bytes
void check_birth_date(const std::string& s);   // "" or a real date, not in the future
void check_date(const std::string& s, const char* what);  // "" or a real YYYY-MM-DD

// Overrides <-> JSON text.
std::string overrides_to_json(const std::vector<Override>& o);
std::vector<Override> overrides_from_json(const std::string& text);
void check_overrides(const std::vector<Override>& o, const hc::Pack* pack);

// Inserts a patient (text already checked) with its search entries; returns the new id.
PatientId insert_patient(Store::Impl& s, const NewPatient& p, const std::string& at);

// Replaces a consultation's search tags with those of `result` (its assessments with their
// likelihood, options with their verdict, red flags) and returns its headline column: the
// assessment ids in result order, ", "-joined. store_write.cpp; import uses it too.
std::string write_tags(Store::Impl& s, ConsultationId id, const hc::StoredResult& result);
// The headline column back as ids (the one reader of what write_tags writes).
std::vector<std::string> headline_ids(const std::string& column);
// The folded form search compares (fold.cpp): lower case, Latin letters without accents and
// spelled in ASCII (Zoë -> zoe, Łukasz -> lukasz, Müller -> muller, Straße -> strasse); other
// scripts unchanged apart from case (王芳 stays 王芳). patient_search holds names and record
// numbers folded; every query is folded the same way. Throws StoreError(Internal) without ICU data.
std::string fold_for_search(std::string_view text);
// Adds patients' folded names and record numbers to the search tables (patient_search, keyed by
// the patient id in its `rowid` column; patient_grams), statements prepared once for many
// (the store's writes, the file's migration, the bench's bulk build).
class SearchIndexer {
public:
    explicit SearchIndexer(sql::Connection& conn);
    void add(PatientId id, const std::string& name, const std::string& record_number);

private:
    sql::Connection& conn_;
    sql::Statement search_;
};
// Takes a patient out of both search tables again.
void unindex_patient(sql::Connection& conn, PatientId id);

}  // namespace hc::db
