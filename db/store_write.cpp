// Writes: patients, consultations and their revisions, drafts, withdrawal, audit, erasure.
// Each public call is one WriteTransaction (BEGIN IMMEDIATE ... COMMIT).
#include <algorithm>
#include <array>
#include <random>

#include "db/internal.h"
#include "engine/evaluate.h"
#include "engine/json_input.h"
#include "engine/result.h"
#include "engine/stored_result.h"

namespace hc::db {
namespace {

using K = StoreError::Kind;

// What a revision stores, computed from the pack and the answers by the store itself.
struct Evaluated {
    std::string answers_json;
    std::string result_json;
    hc::StoredResult result;  // result_json as every reader sees it (tags and headline come from it)
    Completeness completeness;
};

Evaluated evaluate_for_store(const hc::Pack& pack, const hc::Answers& answers) {
    Evaluated e;
    const auto eff = hc::effective_answers(pack.questionnaire, answers);
    const auto res = hc::evaluate(pack, eff.answers);
    try {
        const nlohmann::json result = hc::to_json(pack, eff.answers, res);
        e.result_json = result.dump();
        e.result = hc::read_stored_result(result);
        e.answers_json = hc::answers_to_json(pack.questionnaire, eff.answers).dump();
    } catch (const nlohmann::json::exception& ex) {
        throw StoreError(K::InvalidInput, 0, std::string("The answers cannot be stored as text: ") + ex.what());
    }
    if (hc::has_forbidden_control(e.answers_json))
        throw StoreError(K::InvalidInput, 0, "An answer contains a control character.");
    e.completeness = hc::complete(pack.questionnaire, eff.answers);
    return e;
}

std::string new_uid() {
    std::random_device rd;
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 8; ++i) {
        const unsigned v = rd();
        for (int j = 0; j < 4; ++j) out += hex[(v >> (j * 4)) & 0xf];
    }
    return out;
}

struct Row {
    Status status = Status::InProgress;
    PatientId patient = 0;
    int visit_number = 1;
    int revisions = 0;  // the number of its latest revision
};

// Refuses a write based on an older revision than the latest (another room saved since).
void check_based_on(const Row& r, ConsultationId id, std::optional<int> based_on) {
    if (!based_on || *based_on == r.revisions) return;
    throw StoreError(K::Conflict, 0,
                     "Consultation " + std::to_string(id) + " was saved elsewhere (revision " + std::to_string(r.revisions) +
                         ") since you opened it at revision " + std::to_string(*based_on) +
                         "; nothing was saved here. Your text is still on screen: reopen the consultation to see the "
                         "newer answers, then enter your changes again.");
}

// What a write does to the consultation it names: changes it (refused with Leased while another
// room edits it), or only refers to it (an audit row of it being opened, printed or exported; a
// follow-up of it), which any room may do while another edits it.
enum class Use { Change, Refer };

// The consultation a write is about to change or refer to, its row locked until the transaction
// ends (two rooms writing one consultation take turns).
Row consultation_row(Store::Impl& s, ConsultationId id, Use use = Use::Change) {
    sql::Statement q(s.conn(), std::string("SELECT status, patient_id, visit_number, revision_count FROM consultations "
                                           "WHERE id = ?") + s.backend->lock_row());
    q.bind(1, static_cast<std::int64_t>(id));
    if (!q.step())
        throw StoreError(K::NotFound, 0, "There is no consultation " + std::to_string(id) + ".");
    Row r;
    status_from_string(q.text(0), r.status);
    r.patient = q.int64(1);
    r.visit_number = q.int32(2);
    r.revisions = q.int32(3);
    if (use == Use::Change) s.backend->check_lease_for_write(id);
    return r;
}

void write_audit(Store::Impl& s, AuditAction action, std::optional<PatientId> patient, std::optional<ConsultationId> c,
           std::optional<RevisionId> rev, const std::string& author, const std::string& detail, const std::string& at) {
    sql::Statement q(s.conn(), "INSERT INTO audit(at, action, patient_id, consultation_id, revision_id, author, detail) "
                        "VALUES(?,?,?,?,?,?,?)");
    q.bind(1, at);
    q.bind(2, std::string(to_string(action)));
    if (patient) q.bind(3, static_cast<std::int64_t>(*patient)); else q.bind_null(3);
    if (c) q.bind(4, static_cast<std::int64_t>(*c)); else q.bind_null(4);
    if (rev) q.bind(5, static_cast<std::int64_t>(*rev)); else q.bind_null(5);
    q.bind(6, author);
    q.bind(7, detail);
    q.run();
}

}  // namespace

PatientId insert_patient(Store::Impl& s, const NewPatient& p, const std::string& at) {
    sql::Statement q(s.conn(), "INSERT INTO patients(name, record_number, birth_date, created_at) VALUES(?,?,?,?) RETURNING id");
    q.bind(1, p.name);
    if (p.record_number.empty()) q.bind_null(2); else q.bind(2, p.record_number);
    if (p.birth_date.empty()) q.bind_null(3); else q.bind(3, p.birth_date);
    q.bind(4, at);
    const PatientId id = q.run_returning_id();
    SearchIndexer(s.conn()).add(id, p.name, p.record_number);
    return id;
}

// See internal.h. Pack ids are identifiers (no ',' or ' '), so headline_ids() splits them back.
std::string write_tags(Store::Impl& s, ConsultationId id, const hc::StoredResult& result) {
    sql::Statement del(s.conn(), "DELETE FROM consultation_tags WHERE consultation_id = ?");
    del.bind(1, static_cast<std::int64_t>(id));
    del.run();
    struct Tag {
        const char* kind;
        std::string tag;
        std::string verdict;
    };
    std::vector<Tag> tags;
    // One row per (kind, tag); a repeated id keeps its last verdict, as the upsert did.
    auto put = [&](const char* kind, const std::string& tag, std::string_view verdict) {
        for (auto& t : tags)
            if (t.tag == tag && std::string_view(t.kind) == kind) {
                t.verdict = std::string(verdict);
                return;
            }
        tags.push_back({kind, tag, std::string(verdict)});
    };
    std::string headline;
    for (const auto& a : result.assessments) {
        put("a", a.id, hc::to_string(a.likelihood));
        if (!headline.empty()) headline += ", ";
        headline += a.id;
    }
    for (const auto& o : result.options) put("o", o.id, hc::to_string(o.verdict));
    for (const auto& r : result.red_flags) put("r", r.id, "");
    sql::insert_rows(s.conn(), "INSERT INTO consultation_tags(kind, tag, consultation_id, verdict) VALUES", 4, tags.size(),
                     [&](sql::Statement& ins, std::size_t row, int at) {
                         const Tag& t = tags[row];
                         ins.bind(at, t.kind).bind(at + 1, t.tag).bind(at + 2, static_cast<std::int64_t>(id)).bind(at + 3, t.verdict);
                     });
    return headline;
}

namespace {

RevisionId append_revision(Store::Impl& s, ConsultationId id, PatientId patient, Status status, const Evaluated& e,
                           const std::vector<Override>& overrides, const hc::Pack& pack, const std::string& author,
                           const std::string& reason, AuditAction action, const std::string& at) {
    sql::Statement ins(s.conn(), "INSERT INTO revisions(consultation_id, number, status, answers, result, overrides, pack_id, "
                          "pack_version, author, reason, created_at) VALUES(?1, (SELECT COALESCE(MAX(number), 0) + 1 "
                          "FROM revisions WHERE consultation_id = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id");
    ins.bind(1, static_cast<std::int64_t>(id));
    ins.bind(2, std::string(to_string(status)));
    ins.bind(3, e.answers_json);
    ins.bind(4, e.result_json);
    ins.bind(5, overrides_to_json(overrides));
    ins.bind(6, pack.id);
    ins.bind(7, pack.version);
    ins.bind(8, author);
    ins.bind(9, reason);
    ins.bind(10, at);
    const RevisionId rev = ins.run_returning_id();

    const std::string headline = write_tags(s, id, e.result);
    sql::Statement up(s.conn(), "UPDATE consultations SET status = ?2, updated_at = ?3, latest_revision = ?4, "
                         "revision_count = revision_count + 1, pack_id = ?5, pack_version = ?6, headline = ?7, "
                         "finalised_at = CASE WHEN ?2 = 'completed' THEN ?3 ELSE finalised_at END WHERE id = ?1");
    up.bind(1, static_cast<std::int64_t>(id));
    up.bind(2, std::string(to_string(status)));
    up.bind(3, at);
    up.bind(4, static_cast<std::int64_t>(rev));
    up.bind(5, pack.id);
    up.bind(6, pack.version);
    up.bind(7, headline);
    up.run();
    sql::Statement dd(s.conn(), "DELETE FROM drafts WHERE consultation_id = ?");
    dd.bind(1, static_cast<std::int64_t>(id));
    dd.run();
    write_audit(s, action, patient, id, rev, author, "", at);
    s.backend->announce_change(id);
    return rev;
}

void require_complete(const Evaluated& e) {
    if (e.completeness.complete) return;
    std::string list;
    for (const auto& l : e.completeness.unanswered_required) list += (list.empty() ? "" : ", ") + l;
    throw StoreError(K::Incomplete, 0, "Cannot finalise: required items unanswered: " + list + ".");
}

// What differs between save(), finalise() and amend(): the statuses a consultation may be in,
// the wording when it is not ("Consultation N is <before><status><after>"), the status and
// audit action of the new revision, whether a reason is required (and how it is named), and
// whether every required item must be answered.
struct Transition {
    std::array<std::optional<Status>, 2> from;
    const char* before_status;
    const char* after_status;
    Status to;
    AuditAction action;
    const char* reason_name;  // nullptr: no reason taken
    bool needs_complete;
};

// The shared body: checks the input, evaluates the answers, then in one write transaction checks
// the consultation's status and appends the revision.
RevisionId append_checked(Store::Impl& s, const Transition& t, ConsultationId id, const hc::Pack& pack,
                          const hc::Answers& answers, const std::vector<Override>& overrides,
                          const std::string& author, const std::string& reason, std::optional<int> based_on) {
    check_author(author);
    if (t.reason_name) check_text(reason, t.reason_name, 2000, true);
    check_overrides(overrides, &pack);
    const Evaluated e = evaluate_for_store(pack, answers);
    WriteTransaction tx(s);
    const RevisionId rev = [&] {
        const Row r = consultation_row(s, id);
        check_based_on(r, id, based_on);
        if (std::find(t.from.begin(), t.from.end(), r.status) == t.from.end())
            throw StoreError(K::WrongState, 0,
                             "Consultation " + std::to_string(id) + " is " + t.before_status +
                                 std::string(to_string(r.status)) + t.after_status);
        if (t.needs_complete) require_complete(e);
        return append_revision(s, id, r.patient, t.to, e, overrides, pack, author, reason,
                               t.action, now_utc());
    }();
    tx.commit();
    return rev;
}

}  // namespace

PatientId Store::add_patient(const NewPatient& p) {
    check_text(p.name, "The patient's name", 200, true);
    check_text(p.record_number, "The record number", 64, false);
    check_birth_date(p.birth_date);
    auto& s = *impl_;
    WriteTransaction tx(s);
    const PatientId id = [&] {
        if (!p.record_number.empty()) {
            sql::Statement dup(s.conn(), "SELECT 1 FROM patients WHERE record_number = ?");
            dup.bind(1, p.record_number);
            if (dup.step())
                throw StoreError(K::Duplicate, 0, "Another patient already has record number " + p.record_number + ".");
        }
        return insert_patient(s, p, now_utc());
    }();
    tx.commit();
    return id;
}

ConsultationId Store::start_consultation(PatientId patient, const hc::Pack& pack, const hc::Answers& answers,
                                         const std::string& author, std::optional<ConsultationId> follow_up_of,
                                         const std::vector<Override>& overrides) {
    check_author(author);
    check_overrides(overrides, &pack);
    const Evaluated e = evaluate_for_store(pack, answers);
    auto& s = *impl_;
    WriteTransaction tx(s);
    const ConsultationId id = [&] {
        {
            sql::Statement p(s.conn(), "SELECT 1 FROM patients WHERE id = ?");
            p.bind(1, static_cast<std::int64_t>(patient));
            if (!p.step()) throw StoreError(K::NotFound, 0, "There is no patient " + std::to_string(patient) + ".");
        }
        int visit = 1;
        if (follow_up_of) {
            const Row earlier = consultation_row(s, *follow_up_of, Use::Refer);
            if (earlier.patient != patient)
                throw StoreError(K::InvalidInput, 0,
                                 "Consultation " + std::to_string(*follow_up_of) + " belongs to another patient.");
            visit = earlier.visit_number + 1;
        }
        const std::string at = now_utc();
        sql::Statement q(s.conn(), "INSERT INTO consultations(uid, patient_id, follow_up_of, status, started_at, updated_at, "
                            "visit_number) VALUES(?,?,?, 'in-progress', ?, ?, ?) RETURNING id");
        q.bind(1, new_uid());
        q.bind(2, static_cast<std::int64_t>(patient));
        if (follow_up_of) q.bind(3, static_cast<std::int64_t>(*follow_up_of)); else q.bind_null(3);
        q.bind(4, at);
        q.bind(5, at);
        q.bind(6, visit);
        const ConsultationId cid = q.run_returning_id();
        write_audit(s, AuditAction::Created, patient, cid, std::nullopt, author, "", at);
        append_revision(s, cid, patient, Status::InProgress, e, overrides, pack, author, "", AuditAction::Saved, at);
        return cid;
    }();
    tx.commit();
    return id;
}

void Store::autosave(ConsultationId id, const hc::Pack& pack, const hc::Answers& answers,
                     const std::vector<Override>& overrides, const std::string& author) {
    check_author(author);
    check_overrides(overrides, &pack);
    std::string answers_json;
    try {
        answers_json = hc::answers_to_json(pack.questionnaire, answers).dump();
    } catch (const nlohmann::json::exception& ex) {
        throw StoreError(K::InvalidInput, 0, std::string("The answers cannot be stored as text: ") + ex.what());
    }
    if (hc::has_forbidden_control(answers_json))
        throw StoreError(K::InvalidInput, 0, "An answer contains a control character.");
    auto& s = *impl_;
    WriteTransaction tx(s);
    {
        if (consultation_row(s, id).status != Status::InProgress)
            throw StoreError(K::WrongState, 0,
                             "Consultation " + std::to_string(id) + " is finalised; change it with an amendment.");
        sql::Statement q(s.conn(), "INSERT INTO drafts(consultation_id, answers, overrides, pack_id, pack_version, author, "
                                   "saved_at) VALUES(?,?,?,?,?,?,?) ON CONFLICT (consultation_id) DO UPDATE SET "
                                   "answers = excluded.answers, overrides = excluded.overrides, pack_id = excluded.pack_id, "
                                   "pack_version = excluded.pack_version, author = excluded.author, saved_at = excluded.saved_at");
        q.bind(1, static_cast<std::int64_t>(id));
        q.bind(2, answers_json);
        q.bind(3, overrides_to_json(overrides));
        q.bind(4, pack.id);
        q.bind(5, pack.version);
        q.bind(6, author);
        q.bind(7, now_utc());
        q.run();
        s.backend->announce_change(id);  // a room watching it read-only sees the latest typing
    }
    tx.commit();
}

RevisionId Store::save(ConsultationId id, const hc::Pack& pack, const hc::Answers& answers,
                       const std::vector<Override>& overrides, const std::string& author, std::optional<int> based_on) {
    static constexpr Transition kSave{{Status::InProgress}, "", "; a change to it is an amendment with a reason.",
                                      Status::InProgress, AuditAction::Saved, nullptr, false};
    return append_checked(*impl_, kSave, id, pack, answers, overrides, author, "", based_on);
}

RevisionId Store::finalise(ConsultationId id, const hc::Pack& pack, const hc::Answers& answers,
                           const std::vector<Override>& overrides, const std::string& author,
                           std::optional<int> based_on) {
    static constexpr Transition kFinalise{{Status::InProgress}, "already ", ".",
                                          Status::Completed, AuditAction::Finalised, nullptr, true};
    return append_checked(*impl_, kFinalise, id, pack, answers, overrides, author, "", based_on);
}

RevisionId Store::amend(ConsultationId id, const hc::Pack& pack, const hc::Answers& answers,
                        const std::vector<Override>& overrides, const std::string& author, const std::string& reason,
                        std::optional<int> based_on) {
    static constexpr Transition kAmend{{Status::Completed, Status::Amended}, "",
                                       "; only a finalised consultation is amended.",
                                       Status::Amended, AuditAction::Amended, "The reason for the amendment", true};
    return append_checked(*impl_, kAmend, id, pack, answers, overrides, author, reason, based_on);
}

void Store::withdraw(ConsultationId id, const std::string& author, const std::string& reason) {
    check_author(author);
    check_text(reason, "The reason for withdrawing", 2000, true);
    auto& s = *impl_;
    WriteTransaction tx(s);
    {
        const Row r = consultation_row(s, id);
        if (r.status == Status::EnteredInError)
            throw StoreError(K::WrongState, 0, "Consultation " + std::to_string(id) + " is already withdrawn.");
        const std::string at = now_utc();
        sql::Statement q(s.conn(), "UPDATE consultations SET status = 'entered-in-error', withdrawn_reason = ?, updated_at = ? "
                            "WHERE id = ?");
        q.bind(1, reason);
        q.bind(2, at);
        q.bind(3, static_cast<std::int64_t>(id));
        q.run();
        sql::Statement dd(s.conn(), "DELETE FROM drafts WHERE consultation_id = ?");
        dd.bind(1, static_cast<std::int64_t>(id));
        dd.run();
        write_audit(s, AuditAction::Withdrawn, r.patient, id, std::nullopt, author, "", at);
        s.backend->announce_change(id);
    }
    tx.commit();
}

void Store::record(AuditAction action, std::optional<ConsultationId> id, const std::string& author,
                   const std::string& detail) {
    check_author(author);
    check_text(detail, "The audit detail", 200, false);
    auto& s = *impl_;
    WriteTransaction tx(s);
    {
        std::optional<PatientId> patient;
        if (id) patient = consultation_row(s, *id, Use::Refer).patient;
        write_audit(s, action, patient, id, std::nullopt, author, detail, now_utc());
    }
    tx.commit();
}

void Store::erase_patient(PatientId id, const std::string& author) {
    check_author(author);
    auto& s = *impl_;
    WriteTransaction tx(s);
    {
        {
            sql::Statement p(s.conn(), "SELECT 1 FROM patients WHERE id = ?");
            p.bind(1, static_cast<std::int64_t>(id));
            if (!p.step()) throw StoreError(K::NotFound, 0, "There is no patient " + std::to_string(id) + ".");
        }
        s.backend->erase_patient_rows(id);
        write_audit(s, AuditAction::Erased, id, std::nullopt, std::nullopt, author, "", now_utc());
    }
    tx.commit();
    s.backend->after_erase();
}

}  // namespace hc::db
