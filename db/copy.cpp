// copy_store(): every row of one store into another with its ids and bytes, on any pair of
// backends (a file into a server, a server into a file, a file into a file). Written over
// sql.h only, with SQL both backends read the same way: plain SELECTs and
// `INSERT INTO t(cols) VALUES(?,...)` with explicit ids (no INSERT OR ..., no RETURNING).
//
// Three passes over the source: check (nothing is written while any row conflicts), copy (one
// target transaction per patient, then the audit log in batches, each moving the target's id
// counters past every id the source gave out), verify (hashes per consultation, every patient
// and audit row compared). The source is read through the same
// code as the target, one patient at a time, so memory does not grow with the store.
#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "db/internal.h"

namespace hc::db {

// The one way in: Store::impl_ is private; copy needs both stores' connections and backends.
Store::Impl& impl_of(Store& s) { return *s.impl_; }

namespace {

using K = StoreError::Kind;

// A column's value as read: integers as their decimal text (so rows compare and hash alike
// whichever backend they came from), NULL as nullopt.
using Value = std::optional<std::string>;
using Row = std::vector<Value>;

struct Column {
    const char* name;
    bool integer;
};

// The tables copied, with every column both schemas have (the file's v4 and the server's).
struct Table {
    const char* name;
    std::vector<Column> columns;

    std::string column_list() const {
        std::string out;
        for (const auto& c : columns) out += (out.empty() ? "" : ", ") + std::string(c.name);
        return out;
    }
    std::string select(const std::string& where) const {
        return "SELECT " + column_list() + " FROM " + name + " " + where;
    }
    // "INSERT INTO t(a, b) VALUES", before one row's marks or sql::insert_rows' many.
    std::string insert_head() const { return std::string("INSERT INTO ") + name + "(" + column_list() + ") VALUES"; }
    std::string insert() const {
        std::string marks;
        for (std::size_t i = 0; i < columns.size(); ++i) marks += i ? ",?" : "?";
        return insert_head() + "(" + marks + ")";
    }
};

const Table kPatients{"patients",
                      {{"id", true}, {"name", false}, {"record_number", false}, {"birth_date", false}, {"created_at", false}}};
const Table kConsultations{"consultations",
                           {{"id", true},
                            {"uid", false},
                            {"patient_id", true},
                            {"follow_up_of", true},
                            {"status", false},
                            {"started_at", false},
                            {"updated_at", false},
                            {"finalised_at", false},
                            {"withdrawn_reason", false},
                            {"latest_revision", true},
                            {"revision_count", true},
                            {"pack_id", false},
                            {"pack_version", false},
                            {"headline", false},
                            {"visit_number", true}}};
const Table kRevisions{"revisions",
                       {{"id", true},
                        {"consultation_id", true},
                        {"number", true},
                        {"status", false},
                        {"answers", false},
                        {"result", false},
                        {"overrides", false},
                        {"pack_id", false},
                        {"pack_version", false},
                        {"author", false},
                        {"reason", false},
                        {"created_at", false},
                        {"result_verified", true}}};
const Table kDrafts{"drafts",
                    {{"consultation_id", true},
                     {"answers", false},
                     {"overrides", false},
                     {"pack_id", false},
                     {"pack_version", false},
                     {"author", false},
                     {"saved_at", false}}};
const Table kTags{"consultation_tags", {{"kind", false}, {"tag", false}, {"consultation_id", true}, {"verdict", false}}};
const Table kAudit{"audit",
                   {{"id", true},
                    {"at", false},
                    {"action", false},
                    {"patient_id", true},
                    {"consultation_id", true},
                    {"revision_id", true},
                    {"author", false},
                    {"detail", false}}};

constexpr int kAuditBatch = 1000;

Row read_row(const sql::Statement& q, const Table& t) {
    Row r;
    r.reserve(t.columns.size());
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const int c = static_cast<int>(i);
        if (q.is_null(c))
            r.emplace_back(std::nullopt);
        else if (t.columns[i].integer)
            r.emplace_back(std::to_string(q.int64(c)));
        else
            r.emplace_back(q.text(c));
    }
    return r;
}

// Binds row `r` of `t` to the parameters from `first` on, in column order.
void bind_row(sql::Statement& ins, const Table& t, const Row& r, int first) {
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const int p = first + static_cast<int>(i);
        if (!r[i])
            ins.bind_null(p);
        else if (t.columns[i].integer)
            ins.bind(p, static_cast<std::int64_t>(std::stoll(*r[i])));
        else
            ins.bind(p, *r[i]);
    }
}

void insert_row(sql::Statement& ins, const Table& t, const Row& r) {
    ins.reset();
    bind_row(ins, t, r, 1);
    ins.run();
}

std::int64_t id_of(const Row& r) { return std::stoll(*r[0]); }  // every table here but tags and drafts leads with its id

// 64-bit FNV-1a over values, each marked (NULL / value) and length-prefixed so that no two
// different rows feed it the same bytes. Stable: the same on every machine and run.
class Fnv {
public:
    void bytes(const void* p, std::size_t n) {
        const auto* b = static_cast<const unsigned char*>(p);
        for (std::size_t i = 0; i < n; ++i) h_ = (h_ ^ b[i]) * 0x100000001b3ULL;
    }
    void value(const Value& v) {
        const unsigned char mark = v ? 1 : 0;
        bytes(&mark, 1);
        if (!v) return;
        std::uint64_t n = v->size();
        unsigned char len[8];
        for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(n >> (8 * i));
        bytes(len, 8);
        bytes(v->data(), v->size());
    }
    void row(const Row& r) {
        for (const auto& v : r) value(v);
    }
    std::uint64_t get() const { return h_; }

private:
    std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

// One consultation as stored: its row, revisions in number order, draft, tags (in byte order:
// a server's collation may sort them otherwise).
struct Consult {
    Row row;
    std::vector<Row> revisions;
    std::optional<Row> draft;
    std::vector<Row> tags;

    ConsultationId id() const { return id_of(row); }
    // What the source holds of it; tags are derived (compared by verify's hash only).
    bool same_content(const Consult& o) const { return row == o.row && revisions == o.revisions && draft == o.draft; }
    std::uint64_t hash() const {
        Fnv h;
        h.row(row);
        for (const auto& r : revisions) h.row(r);
        h.value(draft ? Value("draft") : std::nullopt);
        if (draft) h.row(*draft);
        for (const auto& t : tags) h.row(t);
        return h.get();
    }
};

struct PatientRows {
    Row patient;
    std::vector<Consult> consultations;  // by id
};

// The statements copy needs of one store, prepared once and reused for every patient.
class Rows {
public:
    explicit Rows(Store::Impl& s)
        : s_(s),
          patient_(s.conn(), kPatients.select("WHERE id = ?")),
          patient_by_rn_(s.conn(), "SELECT id FROM patients WHERE record_number = ?"),
          consultations_of_(s.conn(), "SELECT id FROM consultations WHERE patient_id = ? ORDER BY id"),
          consultation_(s.conn(), kConsultations.select("WHERE id = ?")),
          consultation_by_uid_(s.conn(), "SELECT id FROM consultations WHERE uid = ?"),
          revisions_(s.conn(), kRevisions.select("WHERE consultation_id = ? ORDER BY number")),
          revision_owner_(s.conn(), "SELECT consultation_id FROM revisions WHERE id = ?"),
          draft_(s.conn(), kDrafts.select("WHERE consultation_id = ?")),
          tags_(s.conn(), kTags.select("WHERE consultation_id = ?")) {}

    Store::Impl& store() { return s_; }

    std::optional<Row> patient(PatientId id) { return one(patient_, kPatients, id); }
    std::optional<std::int64_t> patient_with_record_number(const std::string& rn) { return id_by(patient_by_rn_, rn); }
    std::optional<std::int64_t> consultation_with_uid(const std::string& uid) { return id_by(consultation_by_uid_, uid); }
    std::optional<std::int64_t> revision_owner(RevisionId id) {
        revision_owner_.reset();
        revision_owner_.bind(1, static_cast<std::int64_t>(id));
        std::optional<std::int64_t> out;
        if (revision_owner_.step()) out = revision_owner_.int64(0);
        revision_owner_.reset();
        return out;
    }

    std::optional<Consult> consultation(ConsultationId id) {
        auto row = one(consultation_, kConsultations, id);
        if (!row) return std::nullopt;
        Consult c;
        c.row = std::move(*row);
        c.revisions = all(revisions_, kRevisions, id);
        c.draft = one(draft_, kDrafts, id);
        c.tags = all(tags_, kTags, id);
        std::sort(c.tags.begin(), c.tags.end());
        return c;
    }

    // The patient and every consultation of theirs; nullopt when the patient is not there.
    std::optional<PatientRows> patient_rows(PatientId id) {
        auto row = patient(id);
        if (!row) return std::nullopt;
        PatientRows p;
        p.patient = std::move(*row);
        std::vector<ConsultationId> ids;
        consultations_of_.reset();
        consultations_of_.bind(1, static_cast<std::int64_t>(id));
        while (consultations_of_.step()) ids.push_back(consultations_of_.int64(0));
        consultations_of_.reset();
        for (const ConsultationId c : ids)
            if (auto got = consultation(c)) p.consultations.push_back(std::move(*got));
        return p;
    }

private:
    static std::optional<Row> one(sql::Statement& q, const Table& t, std::int64_t id) {
        q.reset();
        q.bind(1, id);
        std::optional<Row> out;
        if (q.step()) out = read_row(q, t);
        q.reset();
        return out;
    }
    static std::vector<Row> all(sql::Statement& q, const Table& t, std::int64_t id) {
        q.reset();
        q.bind(1, id);
        std::vector<Row> out;
        while (q.step()) out.push_back(read_row(q, t));
        q.reset();
        return out;
    }
    static std::optional<std::int64_t> id_by(sql::Statement& q, const std::string& key) {
        q.reset();
        q.bind(1, key);
        std::optional<std::int64_t> out;
        if (q.step()) out = q.int64(0);
        q.reset();
        return out;
    }

    Store::Impl& s_;
    sql::Statement patient_, patient_by_rn_, consultations_of_, consultation_, consultation_by_uid_, revisions_,
        revision_owner_, draft_, tags_;
};

// What of one source patient the target lacks. Throws StoreError(Duplicate) on a conflict.
struct Plan {
    bool insert_patient = false;
    std::vector<const Consult*> insert;
    CopyCounts already;
};

[[noreturn]] void refuse(const std::string& what, PatientId patient) {
    throw StoreError(K::Duplicate, 0,
                     "The target already holds " + what + "; nothing of patient " + std::to_string(patient) +
                         " was copied.");
}

Plan plan(const PatientRows& src, Rows& target) {
    Plan p;
    const PatientId pid = id_of(src.patient);
    if (const auto there = target.patient(pid)) {
        if (*there != src.patient) refuse("patient " + std::to_string(pid) + ", which differs from the source's", pid);
        p.already.patients = 1;
    } else {
        p.insert_patient = true;
        if (const auto& rn = src.patient[2])
            if (const auto other = target.patient_with_record_number(*rn))
                refuse("record number " + *rn + " as patient " + std::to_string(*other) + " (patient " +
                           std::to_string(pid) + " in the source)",
                       pid);
    }
    for (const auto& c : src.consultations) {
        const ConsultationId cid = c.id();
        if (const auto there = target.consultation(cid)) {
            if (!there->same_content(c))
                refuse("consultation " + std::to_string(cid) + ", which differs from the source's", pid);
            p.already.consultations += 1;
            p.already.revisions += static_cast<std::int64_t>(c.revisions.size());
            p.already.drafts += c.draft ? 1 : 0;
            continue;
        }
        if (const auto other = target.consultation_with_uid(*c.row[1]))
            refuse("consultation " + std::to_string(cid) + " of the source (uid " + *c.row[1] + ") as consultation " +
                       std::to_string(*other),
                   pid);
        for (const auto& r : c.revisions)
            if (const auto owner = target.revision_owner(id_of(r)))
                refuse("revision " + std::to_string(id_of(r)) + " (of its consultation " + std::to_string(*owner) +
                           ", the source's is of consultation " + std::to_string(cid) + ")",
                       pid);
        p.insert.push_back(&c);
    }
    return p;
}

// The target's statements that insert rows, prepared once.
struct Inserts {
    explicit Inserts(sql::Connection& c)
        : patient(c, kPatients.insert()),
          consultation(c, kConsultations.insert()),
          revision(c, kRevisions.insert()),
          draft(c, kDrafts.insert()),
          audit(c, kAudit.insert()),
          search(c),
          conn(c) {}
    sql::Statement patient, consultation, revision, draft, audit;
    SearchIndexer search;
    sql::Connection& conn;
};

CopyCounts write(const PatientRows& src, const Plan& p, Inserts& ins) {
    CopyCounts n;
    if (p.insert_patient) {
        insert_row(ins.patient, kPatients, src.patient);
        ins.search.add(id_of(src.patient), *src.patient[1], src.patient[2].value_or(""));
        n.patients = 1;
    }
    for (const Consult* c : p.insert) {  // by id: a follow-up comes after the visit it follows
        insert_row(ins.consultation, kConsultations, c->row);
        for (const auto& r : c->revisions) insert_row(ins.revision, kRevisions, r);
        if (c->draft) insert_row(ins.draft, kDrafts, *c->draft);
        sql::insert_rows(ins.conn, kTags.insert_head(), kTags.columns.size(), c->tags.size(),
                         [&](sql::Statement& st, std::size_t row, int first) { bind_row(st, kTags, c->tags[row], first); });
        n.consultations += 1;
        n.revisions += static_cast<std::int64_t>(c->revisions.size());
        n.drafts += c->draft ? 1 : 0;
    }
    return n;
}

void add(CopyCounts& to, const CopyCounts& n) {
    to.patients += n.patients;
    to.consultations += n.consultations;
    to.revisions += n.revisions;
    to.drafts += n.drafts;
    to.audit += n.audit;
}

std::vector<PatientId> all_ids(Store::Impl& s, const char* table) {
    std::vector<PatientId> out;
    sql::Statement q(s.conn(), std::string("SELECT id FROM ") + table + " ORDER BY id");
    while (q.step()) out.push_back(q.int64(0));
    return out;
}

// The audit log a batch at a time, in id order.
class AuditBatches {
public:
    explicit AuditBatches(Store::Impl& s)
        : q_(s.conn(), kAudit.select("WHERE id > ? ORDER BY id LIMIT " + std::to_string(kAuditBatch))) {}
    // The next batch after `after` (empty at the end).
    std::vector<Row> next(std::int64_t after) {
        q_.reset();
        q_.bind(1, after);
        std::vector<Row> out;
        while (q_.step()) out.push_back(read_row(q_, kAudit));
        q_.reset();
        return out;
    }

private:
    sql::Statement q_;
};

// The target's audit rows with ids in [first, last], by id.
std::map<std::int64_t, Row> audit_rows(Store::Impl& s, std::int64_t first, std::int64_t last) {
    sql::Statement q(s.conn(), kAudit.select("WHERE id >= ? AND id <= ? ORDER BY id"));
    q.bind(1, first).bind(2, last);
    std::map<std::int64_t, Row> out;
    while (q.step()) {
        Row r = read_row(q, kAudit);
        const auto id = id_of(r);
        out.emplace(id, std::move(r));
    }
    return out;
}

// The rows of `batch` the target lacks; throws Duplicate for one it holds otherwise.
std::vector<const Row*> audit_plan(const std::vector<Row>& batch, Store::Impl& target, std::int64_t& already) {
    std::vector<const Row*> missing;
    if (batch.empty()) return missing;
    const auto there = audit_rows(target, id_of(batch.front()), id_of(batch.back()));
    for (const auto& r : batch) {
        const auto it = there.find(id_of(r));
        if (it == there.end()) {
            missing.push_back(&r);
        } else if (it->second != r) {
            throw StoreError(K::Duplicate, 0,
                             "The target already holds audit row " + std::to_string(id_of(r)) +
                                 ", which differs from the source's; no audit row from " + std::to_string(id_of(r)) +
                                 " on was copied.");
        } else {
            ++already;
        }
    }
    return missing;
}

// Every id the target must never hand out: each the source's counters gave out (where it can
// read them), and each its audit log names. An erased patient's patient, consultation and
// revision ids are in no row left to copy, so the target's counters would otherwise give them to
// someone new, and the audit rows copied over would then seem to speak of that someone.
IdCounters ids_given_out(Store::Impl& s) {
    IdCounters n = s.backend->id_counters();
    sql::Statement q(s.conn(), "SELECT max(id), max(patient_id), max(consultation_id), max(revision_id) FROM audit");
    if (q.step()) {
        const auto at_least = [&](std::int64_t& to, int column) {
            if (!q.is_null(column)) to = std::max(to, q.int64(column));
        };
        at_least(n.audit, 0);
        at_least(n.patients, 1);
        at_least(n.consultations, 2);
        at_least(n.revisions, 3);
    }
    return n;
}

[[noreturn]] void mismatch(const std::string& what) {
    throw StoreError(K::Internal, 0, "The copy does not match its source: " + what + ".");
}

}  // namespace

CopyReport copy_store(Store& from, Store& to, const std::function<void(const CopyProgress&)>& progress) {
    if (&from == &to) throw StoreError(K::InvalidInput, 0, "A store cannot be copied into itself.");
    Store::Impl& src_store = impl_of(from);
    Store::Impl& dst_store = impl_of(to);
    dst_store.backend->require_writable();
    if (dst_store.tx_depth > 0)
        throw StoreError(K::InvalidInput, 0, "A store is copied in transactions of its own, not inside another.");

    Rows src(src_store), dst(dst_store);
    const std::vector<PatientId> patients = all_ids(src_store, "patients");
    CopyProgress at;
    at.total = sql::query_int64(src_store.conn(), "SELECT count(*) FROM consultations");
    at.patients_total = static_cast<std::int64_t>(patients.size());
    const std::int64_t audit_total = sql::query_int64(src_store.conn(), "SELECT count(*) FROM audit");
    const auto tell = [&](CopyProgress::Stage stage, std::int64_t done, std::int64_t patients_done) {
        if (!progress) return;
        at.stage = stage;
        at.done = done;
        at.patients_done = patients_done;
        progress(at);
    };
    const auto tell_audit = [&](std::int64_t done) {
        if (!progress) return;
        CopyProgress a = at;
        a.stage = CopyProgress::Stage::Audit;
        a.done = done;
        a.total = audit_total;
        progress(a);
    };

    // 1. Check everything first: a conflicting target gets nothing.
    {
        std::int64_t consultations = 0, done = 0;
        for (const PatientId id : patients) {
            const auto rows = src.patient_rows(id);
            if (!rows) continue;  // erased in the source meanwhile
            plan(*rows, dst);
            consultations += static_cast<std::int64_t>(rows->consultations.size());
            tell(CopyProgress::Stage::Checking, consultations, ++done);
        }
        AuditBatches batches(src_store);
        std::int64_t last = 0, already = 0;
        for (auto batch = batches.next(last); !batch.empty(); batch = batches.next(last)) {
            audit_plan(batch, dst_store, already);
            last = id_of(batch.back());
        }
    }

    const IdCounters given_out = ids_given_out(src_store);
    CopyReport report;
    // 2. Each patient with all their consultations in one transaction of the target, checked
    // again inside it (the target is the one being written; the check above read it unlocked).
    {
        Inserts ins(dst_store.conn());
        std::int64_t consultations = 0, done = 0;
        for (const PatientId id : patients) {
            const auto rows = src.patient_rows(id);
            if (!rows) continue;
            WriteTransaction tx(dst_store);
            const Plan p = plan(*rows, dst);
            if (p.insert_patient || !p.insert.empty()) {
                dst_store.backend->begin_copy_in();
                add(report.copied, write(*rows, p, ins));
                dst_store.backend->end_copy_in(given_out);
                tx.commit();
            }
            add(report.already_there, p.already);
            consultations += static_cast<std::int64_t>(rows->consultations.size());
            tell(CopyProgress::Stage::Copying, consultations, ++done);
        }

        // The audit log last, in batches: it names ids of the rows above (and of erased ones).
        AuditBatches batches(src_store);
        std::int64_t last = 0, audit_done = 0;
        for (auto batch = batches.next(last); !batch.empty(); batch = batches.next(last)) {
            WriteTransaction tx(dst_store);
            const auto missing = audit_plan(batch, dst_store, report.already_there.audit);
            if (!missing.empty()) {
                dst_store.backend->begin_copy_in();
                for (const Row* r : missing) insert_row(ins.audit, kAudit, *r);
                dst_store.backend->end_copy_in(given_out);
                tx.commit();
            }
            report.copied.audit += static_cast<std::int64_t>(missing.size());
            last = id_of(batch.back());
            audit_done += static_cast<std::int64_t>(batch.size());
            tell_audit(audit_done);
        }

        // The counters once more on their own: a run that found every row already there (or a
        // source with no rows, only audit) still leaves them past every id the source gave out.
        WriteTransaction tx(dst_store);
        dst_store.backend->end_copy_in(given_out);
        tx.commit();
    }

    // 3. Verify what the target holds now against the source, row for row and by hash.
    {
        std::int64_t consultations = 0, done = 0;
        for (const PatientId id : patients) {
            const auto rows = src.patient_rows(id);
            if (!rows) continue;
            const auto there = dst.patient(id);
            if (!there) mismatch("patient " + std::to_string(id) + " is missing from the target");
            if (*there != rows->patient) mismatch("patient " + std::to_string(id) + " differs in the target");
            for (const auto& c : rows->consultations) {
                const auto copy = dst.consultation(c.id());
                if (!copy) mismatch("consultation " + std::to_string(c.id()) + " is missing from the target");
                if (copy->revisions.size() != c.revisions.size() || copy->tags.size() != c.tags.size() ||
                    copy->draft.has_value() != c.draft.has_value())
                    mismatch("consultation " + std::to_string(c.id()) +
                             " has another number of revisions, tags or drafts in the target");
                if (copy->hash() != c.hash()) mismatch("consultation " + std::to_string(c.id()) + " differs in the target");
                ++report.verified_consultations;
            }
            consultations += static_cast<std::int64_t>(rows->consultations.size());
            tell(CopyProgress::Stage::Verifying, consultations, ++done);
        }
        AuditBatches batches(src_store);
        std::int64_t last = 0;
        for (auto batch = batches.next(last); !batch.empty(); batch = batches.next(last)) {
            const auto there = audit_rows(dst_store, id_of(batch.front()), id_of(batch.back()));
            for (const auto& r : batch) {
                const auto it = there.find(id_of(r));
                if (it == there.end()) mismatch("audit row " + std::to_string(id_of(r)) + " is missing from the target");
                if (it->second != r) mismatch("audit row " + std::to_string(id_of(r)) + " differs in the target");
            }
            last = id_of(batch.back());
        }
    }
    return report;
}

}  // namespace hc::db
