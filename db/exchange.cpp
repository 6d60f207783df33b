// Export to our JSON format and to a FHIR QuestionnaireResponse; validated import.
// An import is checked completely before the first write, then written in one transaction.

#include "db/internal.h"
#include "engine/evaluate.h"
#include "engine/json_input.h"
#include "engine/result.h"

namespace hc::db {
namespace {

using K = StoreError::Kind;
using nlohmann::json;

constexpr const char* kFormat = "hairconsult-consultation";
constexpr int kFormatVersion = 1;

[[noreturn]] void bad(const std::string& where, const std::string& what) {
    throw StoreError(K::InvalidInput, 0, "Import refused: " + where + ": " + what + ". Nothing was changed.");
}

const json& member(const json& o, const char* key, const std::string& where) {
    const auto it = o.find(key);
    if (it == o.end()) bad(where, std::string("'") + key + "' is missing");
    return *it;
}

std::string str(const json& o, const char* key, const std::string& where, bool required, std::size_t max_len = 2000) {
    const auto it = o.find(key);
    if (it == o.end() || it->is_null()) {
        if (required) bad(where, std::string("'") + key + "' is missing");
        return {};
    }
    if (!it->is_string()) bad(where, std::string("'") + key + "' must be text");
    const std::string s = it->get<std::string>();
    try {
        check_text(s, key, max_len, required);
    } catch (const StoreError& e) {
        bad(where, e.what());
    }
    return s;
}

bool is_timestamp(const std::string& s) {
    // "YYYY-MM-DDThh:mm:ss.mmmZ" as written by now_utc().
    if (s.size() != 24 || s[10] != 'T' || s[23] != 'Z') return false;
    try {
        check_date(s.substr(0, 10), "date");
    } catch (const StoreError&) {
        return false;
    }
    static const char* shape = "dd:dd:dd.ddd";
    for (int i = 0; i < 12; ++i) {
        const char c = s[11 + i];
        if (shape[i] == 'd' ? (c < '0' || c > '9') : c != shape[i]) return false;
    }
    return true;
}

std::string timestamp(const json& o, const char* key, const std::string& where, bool required) {
    const std::string s = str(o, key, where, required, 40);
    if (!s.empty() && !is_timestamp(s)) bad(where, std::string("'") + key + "' is not a time like 2026-03-01T09:30:00.000Z");
    return s;
}

Status status_of(const json& o, const std::string& where) {
    Status st;
    if (!status_from_string(str(o, "status", where, true, 40), st)) bad(where, "unknown status");
    return st;
}

void check_answer_shape(const json& answers, const std::string& where) {
    if (!answers.is_object()) bad(where, "'answers' must be an object {linkId: value}");
    for (const auto& [k, v] : answers.items()) {
        if (k.empty() || k.size() > 100 || hc::has_forbidden_control(k)) bad(where, "a linkId is not valid");
        const bool scalar = v.is_boolean() || v.is_number() || v.is_string();
        bool list = v.is_array();
        if (list)
            for (const auto& x : v) list = list && x.is_string();
        if (!scalar && !list) bad(where, "the answer to '" + k + "' is neither a value nor a list of codes");
    }
}

// The result as every reader will read it (hc::read_stored_result): a shape it refuses is refused
// here, before anything is written.
hc::StoredResult check_result_shape(const json& result, const std::string& where) {
    try {
        return hc::read_stored_result(result);
    } catch (const hc::StoredResultError& e) {
        bad(where, e.what());
    }
}

std::vector<Override> overrides_of(const json& rev, const std::string& where) {
    std::vector<Override> out;
    const auto it = rev.find("overrides");
    if (it == rev.end()) return out;
    if (!it->is_array()) bad(where, "'overrides' must be a list");
    for (const auto& o : *it) {
        if (!o.is_object()) bad(where, "an override is not an object");
        Override x;
        x.option_id = str(o, "option", where, true, 100);
        const std::string d = str(o, "decision", where, true, 20);
        if (d != "accept" && d != "decline") bad(where, "an override's decision must be accept or decline");
        x.decision = d == "accept" ? Override::Decision::Accept : Override::Decision::Decline;
        x.reason = str(o, "reason", where, true);
        out.push_back(std::move(x));
    }
    return out;
}

// Everything strings may carry is checked in one walk: no control characters anywhere.
void check_strings(const json& j, int depth = 0) {
    if (depth > 64) bad("file", "nested too deeply");
    if (j.is_string()) {
        if (hc::has_forbidden_control(j.get_ref<const std::string&>())) bad("file", "text contains a control character");
    } else if (j.is_object()) {
        for (const auto& [k, v] : j.items()) {
            if (hc::has_forbidden_control(k)) bad("file", "a key contains a control character");
            check_strings(v, depth + 1);
        }
    } else if (j.is_array()) {
        for (const auto& v : j) check_strings(v, depth + 1);
    }
}

struct ImportedRevision {
    int number = 0;
    Status status = Status::InProgress;
    std::string answers, result, overrides, pack_id, pack_version, author, reason, created_at;
    hc::StoredResult stored;  // `result` as read
    bool verified = false;  // re-evaluated with the pack it names and found identical
};

struct Imported {
    std::string uid;
    NewPatient patient;
    Status status = Status::InProgress;
    std::string started_at, finalised_at, withdrawn_reason;
    std::vector<ImportedRevision> revisions;
};

// Only histories the store itself can make: in-progress saves, then one completed revision,
// then amendments; finalised_at exactly when something was finalised.
void check_history(const Imported& im) {
    bool finalised = false;
    for (std::size_t i = 0; i < im.revisions.size(); ++i) {
        const std::string where = "revision " + std::to_string(i + 1);
        const Status st = im.revisions[i].status;
        if (st == Status::InProgress && finalised) bad(where, "is in progress after the consultation was finalised");
        if (st == Status::Completed && finalised) bad(where, "finalises a consultation that was already finalised");
        if (st == Status::Amended && !finalised) bad(where, "is an amendment of a consultation never finalised");
        if (st == Status::Completed || st == Status::Amended) finalised = true;
    }
    if (finalised && im.finalised_at.empty()) bad("file", "a finalised consultation needs 'finalised_at'");
    if (!finalised && !im.finalised_at.empty()) bad("file", "'finalised_at' is set but no revision was finalised");
}

Imported validate(const json& doc, const hc::Pack& pack) {
    if (!doc.is_object()) bad("file", "not a hairconsult consultation (expected a JSON object)");
    check_strings(doc);
    if (doc.value("format", "") != kFormat) bad("file", std::string("'format' is not '") + kFormat + "'");
    const json& fv = member(doc, "format_version", "file");
    if (!fv.is_number_integer() || fv.get<std::int64_t>() != kFormatVersion)
        bad("file", "format_version " + fv.dump() + " is not one this version reads (1)");
    Imported im;
    im.uid = str(doc, "uid", "file", true, 64);
    if (im.uid.size() < 8 || im.uid.find_first_not_of("0123456789abcdef") != std::string::npos)
        bad("file", "'uid' is not a consultation id of ours");
    const json& p = member(doc, "patient", "file");
    if (!p.is_object()) bad("patient", "must be an object");
    im.patient.name = str(p, "name", "patient", true, 200);
    im.patient.record_number = str(p, "record_number", "patient", false, 64);
    im.patient.birth_date = str(p, "birth_date", "patient", false, 10);
    try {
        check_birth_date(im.patient.birth_date);
    } catch (const StoreError& e) {
        bad("patient", e.what());
    }
    im.status = status_of(doc, "file");
    im.started_at = timestamp(doc, "started_at", "file", true);
    im.finalised_at = timestamp(doc, "finalised_at", "file", false);
    im.withdrawn_reason = str(doc, "withdrawn_reason", "file", false);
    if (im.status == Status::EnteredInError && im.withdrawn_reason.empty()) bad("file", "a withdrawn consultation needs its reason");

    const json& revs = member(doc, "revisions", "file");
    if (!revs.is_array() || revs.empty()) bad("file", "'revisions' must be a non-empty list");
    if (revs.size() > 10000) bad("file", "too many revisions");
    for (std::size_t i = 0; i < revs.size(); ++i) {
        const std::string where = "revision " + std::to_string(i + 1);
        const json& r = revs[i];
        if (!r.is_object()) bad(where, "must be an object");
        ImportedRevision ir;
        const json& n = member(r, "number", where);
        if (!n.is_number_integer() || n.get<std::int64_t>() != static_cast<std::int64_t>(i + 1))
            bad(where, "revisions must be numbered 1, 2, 3 ... in order");
        ir.number = static_cast<int>(i + 1);
        ir.status = status_of(r, where);
        if (ir.status == Status::EnteredInError) bad(where, "a revision cannot be entered-in-error");
        const json& pk = member(r, "pack", where);
        if (!pk.is_object()) bad(where, "'pack' must be an object");
        ir.pack_id = str(pk, "id", where, true, 100);
        ir.pack_version = str(pk, "version", where, true, 100);
        // Pack ids and versions are plain tokens; anything else (" 2026.11.0 ") would only serve
        // to look like a pack while escaping the check below.
        for (const std::string* t : {&ir.pack_id, &ir.pack_version})
            if (t->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+-") !=
                std::string::npos)
                bad(where, "the pack id or version '" + *t + "' is not a pack id or version");
        ir.author = str(r, "author", where, false, 200);
        ir.reason = str(r, "reason", where, false);
        if (ir.status == Status::Amended && ir.reason.empty()) bad(where, "an amendment needs its reason");
        ir.created_at = timestamp(r, "created_at", where, true);
        const json& answers = member(r, "answers", where);
        check_answer_shape(answers, where);
        const json& result = member(r, "result", where);
        ir.stored = check_result_shape(result, where);
        const auto overrides = overrides_of(r, where);
        ir.verified = ir.pack_id == pack.id && ir.pack_version == pack.version;
        if (ir.verified) {
            // Same pack as today: the answers must fit it and the result must be what it says.
            try {
                check_overrides(overrides, &pack);
                const auto a = hc::answers_from_json(pack.questionnaire, answers);
                const auto eff = hc::effective_answers(pack.questionnaire, a);
                if (hc::to_json(pack, eff.answers, hc::evaluate(pack, eff.answers)) != result)
                    bad(where, "the stored result is not what pack " + pack.version + " gives for its answers");
            } catch (const hc::AnswersError& e) {
                bad(where, e.what());
            }
        }
        try {
            ir.answers = answers.dump();
            ir.result = result.dump();
        } catch (const json::exception& e) {
            bad(where, e.what());
        }
        ir.overrides = overrides_to_json(overrides);
        if (i > 0 && ir.created_at < im.revisions.back().created_at) bad(where, "is older than the revision before it");
        im.revisions.push_back(std::move(ir));
    }
    check_history(im);
    const Status last = im.revisions.back().status;
    if (im.status != Status::EnteredInError && im.status != last)
        bad("file", "the status does not match the last revision's");
    if (im.revisions.front().created_at < im.started_at) bad("file", "a revision is older than the consultation");
    return im;
}

json revision_json(const Revision& r) {
    json out = {{"number", r.info.number},
                {"status", std::string(to_string(r.info.status))},
                {"pack", {{"id", r.info.pack_id}, {"version", r.info.pack_version}}},
                {"author", r.info.author},
                {"reason", r.info.reason},
                {"created_at", r.info.created_at},
                {"answers", json::parse(r.answers_json)},
                {"result", json::parse(r.result_json)},
                {"overrides", json::parse(overrides_to_json(r.overrides))}};
    return out;
}

}  // namespace

json Store::export_json(ConsultationId id, const std::string& author) {
    const Consultation c = get(id);
    json doc = {{"format", kFormat},
                {"format_version", kFormatVersion},
                {"uid", c.uid},
                {"patient",
                 {{"name", c.patient.name}, {"record_number", c.patient.record_number}, {"birth_date", c.patient.birth_date}}},
                {"status", std::string(to_string(c.summary.status))},
                {"started_at", c.summary.started_at},
                {"finalised_at", c.finalised_at},
                {"withdrawn_reason", c.withdrawn_reason},
                {"revisions", json::array()}};
    try {
        for (const auto& info : c.revisions) doc["revisions"].push_back(revision_json(revision(info.id)));
    } catch (const json::exception&) {
        throw StoreError(K::Corrupt, 0, "A stored revision of consultation " + std::to_string(id) + " is not valid JSON.");
    }
    if (!impl_->backend->read_only()) record(AuditAction::Exported, id, author, "json");
    return doc;
}

json Store::export_fhir(ConsultationId id, const hc::Pack& pack, const std::string& author,
                        std::optional<RevisionId> revision_id) {
    const Consultation c = get(id);
    const Revision rev = revision_id ? revision(*revision_id) : c.latest;
    if (rev.consultation != id)
        throw StoreError(K::InvalidInput, 0,
                         "Revision " + std::to_string(rev.info.id) + " is not part of consultation " + std::to_string(id) + ".");
    const hc::Answers answers = answers_of(rev, pack);  // AnswersError if the pack changed too much
    // The consultation's status for its latest revision; an older revision was later amended.
    std::string status = std::string(to_string(c.summary.status));
    if (revision_id && rev.info.id != c.latest.info.id && c.summary.status != Status::EnteredInError)
        status = std::string(to_string(rev.info.status));
    json qr = hc::answers_to_fhir(pack.questionnaire, answers, status);
    qr["identifier"] = {{"system", "urn:hairconsult:consultation"}, {"value", c.uid}};
    qr["authored"] = rev.info.created_at;
    if (!pack.questionnaire.url.empty() && !qr.contains("questionnaire"))
        qr["questionnaire"] = pack.questionnaire.url + (pack.questionnaire.version.empty() ? "" : "|" + pack.questionnaire.version);
    json subject = {{"display", c.patient.name}};
    if (!c.patient.record_number.empty()) subject["identifier"] = {{"value", c.patient.record_number}};
    qr["subject"] = subject;
    if (!rev.info.author.empty()) qr["author"] = {{"display", rev.info.author}};
    if (!impl_->backend->read_only()) record(AuditAction::Exported, id, author, "fhir");
    return qr;
}

ConsultationId Store::import_json(const json& doc, const hc::Pack& pack, const std::string& author) {
    check_author(author);
    const Imported im = validate(doc, pack);
    auto& s = *impl_;
    WriteTransaction tx(s);
    const ConsultationId cid = [&] {
        {
            sql::Statement q(s.conn(), "SELECT id FROM consultations WHERE uid = ?");
            q.bind(1, im.uid);
            if (q.step())
                throw StoreError(K::Duplicate, 0,
                                 "Import refused: this consultation is already here as consultation " +
                                     std::to_string(q.int64(0)) + ". Nothing was changed.");
        }
        PatientId pid = 0;
        if (!im.patient.record_number.empty()) {
            sql::Statement q(s.conn(), "SELECT id, name FROM patients WHERE record_number = ?");
            q.bind(1, im.patient.record_number);
            if (q.step()) {
                if (q.text(1) != im.patient.name)
                    throw StoreError(K::Duplicate, 0,
                                     "Import refused: record number " + im.patient.record_number +
                                         " belongs to a patient with another name here. Nothing was changed.");
                pid = q.int64(0);
            }
        }
        const std::string at = now_utc();
        if (pid == 0) {
            pid = insert_patient(s, im.patient, at);
        }
        const auto& last = im.revisions.back();
        sql::Statement c(s.conn(), "INSERT INTO consultations(uid, patient_id, status, started_at, updated_at, finalised_at, "
                            "withdrawn_reason, revision_count, pack_id, pack_version) VALUES(?,?,?,?,?,?,?,?,?,?) RETURNING id");
        c.bind(1, im.uid);
        c.bind(2, static_cast<std::int64_t>(pid));
        c.bind(3, std::string(to_string(im.status)));
        c.bind(4, im.started_at);
        c.bind(5, last.created_at);
        if (im.finalised_at.empty()) c.bind_null(6); else c.bind(6, im.finalised_at);
        if (im.withdrawn_reason.empty()) c.bind_null(7); else c.bind(7, im.withdrawn_reason);
        c.bind(8, static_cast<int>(im.revisions.size()));
        c.bind(9, last.pack_id);
        c.bind(10, last.pack_version);
        const ConsultationId id = c.run_returning_id();
        sql::Statement r(s.conn(), "INSERT INTO revisions(consultation_id, number, status, answers, result, overrides, pack_id, "
                            "pack_version, author, reason, created_at, result_verified) VALUES(?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
        RevisionId last_rev = 0;
        for (const auto& ir : im.revisions) {
            r.bind(1, static_cast<std::int64_t>(id));
            r.bind(2, ir.number);
            r.bind(3, std::string(to_string(ir.status)));
            r.bind(4, ir.answers);
            r.bind(5, ir.result);
            r.bind(6, ir.overrides);
            r.bind(7, ir.pack_id);
            r.bind(8, ir.pack_version);
            r.bind(9, ir.author);
            r.bind(10, ir.reason);
            r.bind(11, ir.created_at);
            r.bind(12, ir.verified ? 1 : 0);
            last_rev = r.run_returning_id();
            r.reset();
        }
        // Search tags and headline from the last revision, as the writers make them.
        const std::string headline = write_tags(s, id, last.stored);
        sql::Statement u(s.conn(), "UPDATE consultations SET latest_revision = ?, headline = ? WHERE id = ?");
        u.bind(1, static_cast<std::int64_t>(last_rev));
        u.bind(2, headline);
        u.bind(3, static_cast<std::int64_t>(id));
        u.run();
        sql::Statement a(s.conn(), "INSERT INTO audit(at, action, patient_id, consultation_id, author) VALUES(?, 'imported', ?, ?, ?)");
        a.bind(1, at);
        a.bind(2, static_cast<std::int64_t>(pid));
        a.bind(3, static_cast<std::int64_t>(id));
        a.bind(4, author);
        a.run();
        s.backend->announce_change(id);
        return id;
    }();
    tx.commit();
    return cid;
}

ConsultationId Store::import_file(const std::filesystem::path& file, const hc::Pack& pack, const std::string& author) {
    json doc;
    try {
        doc = hc::read_json_file(file);
    } catch (const hc::JsonInputError& e) {
        throw StoreError(K::InvalidInput, 0, std::string("Import refused: ") + e.what() + ". Nothing was changed.");
    }
    return import_json(doc, pack, author);
}

}  // namespace hc::db
