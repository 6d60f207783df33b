// Reads: patients, one consultation, revisions, the list with keyset paging, follow-up chains,
// the audit log. None of these writes, except open_consultation() recording "opened".
#include <algorithm>
#include <cmath>
#include <variant>

#include "db/internal.h"

namespace hc::db {

std::vector<std::string> headline_ids(const std::string& column) {
    std::vector<std::string> ids;
    std::size_t pos = 0;
    while (pos < column.size()) {
        const std::size_t end = std::min(column.find(", ", pos), column.size());
        if (end > pos) ids.push_back(column.substr(pos, end - pos));
        pos = end + 2;
    }
    return ids;
}

namespace {

using K = StoreError::Kind;

Patient read_patient(sql::Statement& q) {
    Patient p;
    p.id = q.int64(0);
    p.name = q.text(1);
    p.record_number = q.text_or_empty(2);
    p.birth_date = q.text_or_empty(3);
    p.created_at = q.text(4);
    return p;
}

constexpr const char* kSummaryColumns =
    "c.id, c.patient_id, p.name, p.record_number, c.status, c.started_at, c.updated_at, c.follow_up_of, "
    "c.pack_id, c.pack_version, c.headline, c.revision_count, "
    "EXISTS (SELECT 1 FROM drafts d WHERE d.consultation_id = c.id), c.visit_number";

ConsultationSummary read_summary(sql::Statement& q) {
    ConsultationSummary r;
    r.id = q.int64(0);
    r.patient_id = q.int64(1);
    r.patient_name = q.text(2);
    r.record_number = q.text_or_empty(3);
    status_from_string(q.text(4), r.status);
    r.started_at = q.text(5);
    r.updated_at = q.text(6);
    if (!q.is_null(7)) r.follow_up_of = q.int64(7);
    r.pack_id = q.text(8);
    r.pack_version = q.text(9);
    r.headline_ids = headline_ids(q.text(10));
    r.revision_count = q.int32(11);
    r.has_draft = q.int32(12) != 0;
    r.visit_number = q.int32(13);
    return r;
}

ConsultationSummary summary_of(Store::Impl& s, ConsultationId id) {
    sql::Statement q(s.conn(), std::string("SELECT ") + kSummaryColumns +
                                   " FROM consultations c JOIN patients p ON p.id = c.patient_id WHERE c.id = ?");
    q.bind(1, static_cast<std::int64_t>(id));
    if (!q.step()) throw StoreError(K::NotFound, 0, "There is no consultation " + std::to_string(id) + ".");
    return read_summary(q);
}

constexpr const char* kRevisionInfoColumns = "id, number, status, pack_id, pack_version, author, reason, created_at, result_verified";

RevisionInfo read_info(sql::Statement& q) {
    RevisionInfo r;
    r.id = q.int64(0);
    r.number = q.int32(1);
    status_from_string(q.text(2), r.status);
    r.pack_id = q.text(3);
    r.pack_version = q.text(4);
    r.author = q.text(5);
    r.reason = q.text(6);
    r.created_at = q.text(7);
    r.result_verified = q.int32(8) != 0;
    return r;
}

Revision read_revision(Store::Impl& s, RevisionId id) {
    sql::Statement q(s.conn(), std::string("SELECT ") + kRevisionInfoColumns +
                                   ", consultation_id, answers, result, overrides FROM revisions WHERE id = ?");
    q.bind(1, static_cast<std::int64_t>(id));
    if (!q.step()) throw StoreError(K::NotFound, 0, "There is no revision " + std::to_string(id) + ".");
    Revision r;
    r.info = read_info(q);
    r.consultation = q.int64(9);
    r.answers_json = q.text(10);
    r.result_json = q.text(11);
    r.overrides = overrides_from_json(q.text(12));
    return r;
}

// The patients whose folded name or record number holds `folded` (already folded, not empty):
// a subquery of their ids whose one parameter is ?1, the value to bind there, and whether they
// are so many that a page is best found by walking rows in the page's own order and keeping the
// matches (a name like Smith, or two letters) rather than by looking up every match and sorting.
struct PatientMatch {
    std::string ids;
    std::string arg;
    std::int64_t count = 0;  // matching patients (up to 100,000; see `full_count`)
    bool common = false;
};

// `full_count`: count every match (up to 100,000), for a caller that sizes its work by the
// count; else counting stops as soon as `common` is decided.
PatientMatch match_patients(Store::Impl& s, const std::string& folded, int page_rows, bool full_count) {
    PatientMatch m;
    auto q = s.backend->patients_matching(folded);
    m.ids = std::move(q.sql);
    m.arg = std::move(q.arg);
    // Counting the matches tells which way is cheaper: walking meets a match about every P/n
    // rows, so a page costs about page_rows * P / n rows; looking up the n matches costs about n
    // (and a sort). Walking rows is cheaper per row than a lookup, hence the factor 4 (measured
    // at 100,000 consultations): walk when n > sqrt(page_rows * P / 4). Counting reads every
    // match once (on a server each is rechecked in its table row: 12-20 ms for a name 1 patient
    // in 41 has, at 400,000 patients), so it stops one past that bound: enough to decide.
    const double patients = static_cast<double>(sql::query_int64(s.conn(), "SELECT COALESCE(max(id), 0) FROM patients"));
    const auto enough =
        full_count ? std::int64_t{100000} : static_cast<std::int64_t>(std::sqrt(page_rows * patients / 4)) + 1;
    sql::Statement c(s.conn(), "SELECT count(*) FROM (" + m.ids + " LIMIT ?2) AS matches", sql::Plan::EachRun);
    c.bind(1, m.arg);
    c.bind(2, enough);
    c.step();
    m.count = c.int64(0);
    const double n = static_cast<double>(m.count);
    m.common = n > 0 && page_rows * patients < 4 * n * n;
    return m;
}

}  // namespace

Patient Store::patient(PatientId id) const {
    auto& s = *impl_;
    sql::Statement q(s.conn(), "SELECT id, name, record_number, birth_date, created_at FROM patients WHERE id = ?");
    q.bind(1, static_cast<std::int64_t>(id));
    if (!q.step()) throw StoreError(K::NotFound, 0, "There is no patient " + std::to_string(id) + ".");
    return read_patient(q);
}

std::optional<Patient> Store::patient_by_record_number(std::string_view rn) const {
    auto& s = *impl_;
    sql::Statement q(s.conn(), "SELECT id, name, record_number, birth_date, created_at FROM patients WHERE record_number = ?");
    q.bind(1, std::string(rn));
    if (!q.step()) return std::nullopt;
    return read_patient(q);
}

std::vector<Patient> Store::find_patients(std::string_view text, int limit) const {
    check_text(std::string(text), "The search text", 200, false);
    auto& s = *impl_;
    limit = std::clamp(limit, 1, 500);
    const std::string folded = text.empty() ? std::string() : fold_for_search(text);
    constexpr const char* kColumns = "SELECT id, name, record_number, birth_date, created_at FROM patients ";
    std::vector<Patient> out;
    if (folded.empty()) {
        sql::Statement q(s.conn(), std::string(kColumns) + "ORDER BY name COLLATE NOCASE, id LIMIT ?");
        q.bind(1, limit);
        while (q.step()) out.push_back(read_patient(q));
        return out;
    }
    const auto read_ids = [&](const std::string& ids, auto&& bind) {
        sql::Statement q(s.conn(), std::string(kColumns) + "WHERE id IN (" + ids + ") ORDER BY name COLLATE NOCASE, id",
                         sql::Plan::EachRun);
        bind(q);
        while (q.step()) out.push_back(read_patient(q));
    };
    if (const auto rs = s.backend->row_search(folded)) {
        // Walk the first patients in name order testing their copies (index only): a name many
        // share is usually met soon. When it is not (they sit together further on, as all the
        // "Zoë"s do), look the matches up, taking at most `many`: fewer, they are all there and
        // the first `limit` by name are the answer (one trigram scan both counts and finds
        // them); more, walk on up to 16 times what looking up `many` would cost (there may be
        // far more), and sort them all only after that.
        const auto walk = [&](std::int64_t bound) {
            out.clear();
            read_ids(rs->patients_walk, [&](sql::Statement& q) { q.bind(1, rs->arg).bind(2, bound).bind(3, limit); });
            return static_cast<int>(out.size()) == limit;
        };
        const std::int64_t first = 64 * static_cast<std::int64_t>(limit);
        if (walk(first)) return out;
        const std::int64_t many = 10 * static_cast<std::int64_t>(limit);
        out.clear();
        sql::Statement few(s.conn(), rs->patients_few, sql::Plan::EachRun);
        few.bind(1, rs->matching.arg).bind(2, many).bind(3, limit);
        std::int64_t matches = 0;
        while (few.step()) {
            matches = few.int64(5);
            if (!few.is_null(0)) out.push_back(read_patient(few));
        }
        if (matches < many || walk(6 * 16 * many)) return out;
        out.clear();
        read_ids("SELECT id FROM patients WHERE id IN (" + rs->matching.sql + ") ORDER BY name COLLATE NOCASE, id LIMIT ?2",
                 [&](sql::Statement& q) { q.bind(1, rs->matching.arg).bind(2, limit); });
        return out;
    }
    // The full count: the stretch below is sized by it.
    const PatientMatch m = match_patients(s, folded, limit, true);
    if (m.common) {
        // Many match: the first names in name order are likely to hold `limit` of them. Walk
        // only that stretch of the name index (8 times what even spread would need); if it
        // holds `limit` matches they are the first ones. Names are not spread evenly, though
        // (all "Zoë ..." sit together near the end), so when it does not, fall through.
        const auto patients = sql::query_int64(s.conn(), "SELECT COALESCE(max(id), 0) FROM patients");
        const std::int64_t stretch = 8 * static_cast<std::int64_t>(limit) * patients / std::max<std::int64_t>(m.count, 1);
        sql::Statement q(s.conn(), std::string(kColumns) +
                                       "WHERE id IN (SELECT id FROM (SELECT id, name FROM patients ORDER BY name "
                                       "COLLATE NOCASE, id LIMIT ?2) AS stretch WHERE id IN (" + m.ids +
                                       ") ORDER BY name COLLATE NOCASE, id LIMIT ?3) ORDER BY name COLLATE NOCASE, id",
                         sql::Plan::EachRun);
        q.bind(1, m.arg);
        q.bind(2, stretch);
        q.bind(3, limit);
        while (q.step()) out.push_back(read_patient(q));
        if (static_cast<int>(out.size()) == limit) return out;
        out.clear();
    }
    // Few match (or they sit together): sort only (name, id) of the matches, then read `limit` rows.
    sql::Statement q(s.conn(), std::string(kColumns) + "WHERE id IN (SELECT id FROM patients WHERE id IN (" + m.ids +
                                   ") ORDER BY name COLLATE NOCASE, id LIMIT ?2) ORDER BY name COLLATE NOCASE, id",
                     sql::Plan::EachRun);
    q.bind(1, m.arg);
    q.bind(2, limit);
    while (q.step()) out.push_back(read_patient(q));
    return out;
}

Consultation Store::get(ConsultationId id) const {
    auto& s = *impl_;
    const ReadSnapshot snapshot(s);
    Consultation c;
    c.summary = summary_of(s, id);
    {
        sql::Statement q(s.conn(), "SELECT uid, COALESCE(finalised_at, ''), COALESCE(withdrawn_reason, ''), latest_revision "
                            "FROM consultations WHERE id = ?");
        q.bind(1, static_cast<std::int64_t>(id));
        q.step();
        c.uid = q.text(0);
        c.finalised_at = q.text(1);
        c.withdrawn_reason = q.text(2);
        c.latest = read_revision(s, q.int64(3));
    }
    {
        sql::Statement q(s.conn(), "SELECT id, name, record_number, birth_date, created_at FROM patients WHERE id = ?");
        q.bind(1, static_cast<std::int64_t>(c.summary.patient_id));
        q.step();
        c.patient = read_patient(q);
    }
    {
        sql::Statement q(s.conn(), std::string("SELECT ") + kRevisionInfoColumns +
                                       " FROM revisions WHERE consultation_id = ? ORDER BY number");
        q.bind(1, static_cast<std::int64_t>(id));
        while (q.step()) c.revisions.push_back(read_info(q));
    }
    {
        sql::Statement q(s.conn(), "SELECT answers, overrides, pack_id, pack_version, author, saved_at FROM drafts "
                            "WHERE consultation_id = ?");
        q.bind(1, static_cast<std::int64_t>(id));
        if (q.step()) {
            Autosave d;
            d.answers_json = q.text(0);
            d.overrides = overrides_from_json(q.text(1));
            d.pack_id = q.text(2);
            d.pack_version = q.text(3);
            d.author = q.text(4);
            d.saved_at = q.text(5);
            c.autosave = std::move(d);
        }
    }
    return c;
}

Consultation Store::open_consultation(ConsultationId id, const std::string& author) {
    Consultation c = get(id);
    if (!impl_->backend->read_only()) record(AuditAction::Opened, id, author);
    return c;
}

Revision Store::revision(RevisionId id) const {
    return read_revision(*impl_, id);
}

RevisionDiff Store::diff(RevisionId before, RevisionId after) const {
    return diff_revisions(revision(before), revision(after));
}

std::vector<ChainEntry> Store::follow_up_chain(ConsultationId id) const {
    auto& s = *impl_;
    std::vector<ConsultationId> ids = [&] {
        (void)summary_of(s, id);  // NotFound for an unknown id
        // Up to the first visit, then every visit that follows up on it, by date.
        sql::Statement q(s.conn(), R"sql(
            WITH RECURSIVE up(id, parent) AS (
              SELECT id, follow_up_of FROM consultations WHERE id = ?1
              UNION SELECT c.id, c.follow_up_of FROM consultations c JOIN up ON c.id = up.parent),
            root(id) AS (SELECT id FROM up WHERE parent IS NULL),
            down(id) AS (SELECT id FROM root
              UNION SELECT c.id FROM consultations c JOIN down ON c.follow_up_of = down.id)
            SELECT c.id FROM down JOIN consultations c ON c.id = down.id ORDER BY c.started_at, c.id)sql");
        q.bind(1, static_cast<std::int64_t>(id));
        std::vector<ConsultationId> out;
        while (q.step()) out.push_back(q.int64(0));
        return out;
    }();
    static const char* const kKeys[] = {"norwood_stage",     "ludwig_stage",       "shedding_increase",
                                        "progression",       "pull_test",          "current_treatments",
                                        "treatment_duration_months", "treatment_response"};
    std::vector<ChainEntry> chain;
    std::optional<Revision> previous;
    for (ConsultationId cid : ids) {
        Consultation c = get(cid);
        ChainEntry e;
        e.consultation = c.summary;
        e.revision = c.latest.info.id;
        nlohmann::json answers;
        try {
            answers = nlohmann::json::parse(c.latest.answers_json);
        } catch (const nlohmann::json::exception&) {
            throw StoreError(K::Corrupt, 0, "Stored answers of consultation " + std::to_string(cid) + " are not JSON.");
        }
        e.key_values = nlohmann::json::object();
        for (const char* k : kKeys) e.key_values[k] = answers.contains(k) ? answers[k] : nlohmann::json();
        if (previous) e.since_previous = diff_revisions(*previous, c.latest);
        previous = std::move(c.latest);
        chain.push_back(std::move(e));
    }
    return chain;
}

Page Store::list(const ListFilter& f, const std::optional<PageCursor>& after, int limit) const {
    check_text(f.text, "The search text", 200, false);
    check_date(f.date_from, "The first date");
    check_date(f.date_to, "The last date");
    limit = std::clamp(limit, 1, 500);
    auto& s = *impl_;
    using Bind = std::variant<std::string, std::int64_t>;
    // Every filter but the text, on consultations c, with plain ? in the order of `binds`.
    std::string conds;
    std::vector<Bind> binds;
    if (!f.date_from.empty()) {
        conds += " AND c.started_at >= ?";
        binds.push_back(f.date_from);
    }
    if (!f.date_to.empty()) {
        // Every "YYYY-MM-DDThh:..." of that day sorts before "YYYY-MM-DDU".
        conds += " AND c.started_at < ?";
        binds.push_back(f.date_to + "U");
    }
    if (f.status) {
        conds += " AND c.status = ?";
        binds.push_back(std::string(to_string(*f.status)));
    }
    if (!f.include_withdrawn) conds += " AND c.status <> 'entered-in-error'";
    if (f.patient) {
        conds += " AND c.patient_id = ?";
        binds.push_back(static_cast<std::int64_t>(*f.patient));
    }
    if (!f.assessment.empty()) {
        conds += " AND EXISTS (SELECT 1 FROM consultation_tags t WHERE t.kind = 'a' AND t.tag = ? "
                 "AND t.consultation_id = c.id)";
        binds.push_back(f.assessment);
    }
    if (!f.option.empty()) {
        conds += " AND EXISTS (SELECT 1 FROM consultation_tags t WHERE t.kind = 'o' AND t.tag = ? "
                 "AND t.consultation_id = c.id";
        binds.push_back(f.option);
        if (!f.verdict.empty()) {
            conds += " AND t.verdict = ?";
            binds.push_back(f.verdict);
        }
        conds += ")";
    }
    if (after) {
        // The first term alone bounds the index range; the second settles ties on the date.
        conds += " AND c.started_at <= ? AND (c.started_at < ? OR c.id < ?)";
        binds.push_back(after->started_at);
        binds.push_back(after->started_at);
        binds.push_back(static_cast<std::int64_t>(after->id));
    }
    const std::string order = " ORDER BY c.started_at DESC, c.id DESC";
    const std::string rows = std::to_string(limit + 1);
    // The page from a query of its ids (`ids`: ?1 is `text_arg` when given, then `binds`), from
    // consultations and their indexes alone (no row of a patient, draft or summary column is
    // read for a row that does not make the page), then the summary of just those rows: a
    // common name matches thousands of consultations, and building all their summaries to sort
    // them was most of its time. Planned with its values each time: which way is cheap
    // depends on the filters' values.
    const auto page_of = [&](const std::string& ids, const std::string* text_arg) {
        sql::Statement q(s.conn(),
                         std::string("SELECT ") + kSummaryColumns + " FROM consultations c JOIN patients p ON p.id = c.patient_id "
                                                                    "WHERE c.id IN (" + ids + ")" + order,
                         sql::Plan::EachRun);
        int i = 1;
        if (text_arg) q.bind(i++, *text_arg);
        for (const auto& b : binds) {
            if (const auto* t = std::get_if<std::string>(&b)) q.bind(i++, *t); else q.bind(i++, std::get<std::int64_t>(b));
        }
        Page page;
        while (q.step()) page.rows.push_back(read_summary(q));
        if (static_cast<int>(page.rows.size()) > limit) {
            page.rows.pop_back();
            page.next = PageCursor{page.rows.back().started_at, page.rows.back().id};
        }
        return page;
    };
    if (f.text.empty()) return page_of("SELECT c.id FROM consultations c WHERE TRUE" + conds + order + " LIMIT " + rows, nullptr);

    const std::string folded = fold_for_search(f.text);
    // The text is the one thing that thins the rows out (dates bound the walk itself): with a
    // status, tag or patient filter too, a walk would pass over many rows for each it keeps.
    const bool text_only = !f.status && !f.patient && f.assessment.empty() && f.option.empty();
    if (const auto rs = text_only ? s.backend->row_search(folded) : std::nullopt) {
        // Walk the newest rows (after the cursor, within the dates) testing each row's copy of
        // its patient's texts: a name many patients share fills the page within a few thousand
        // rows. Bounded, so that a rare name, which never fills it, costs little here; the
        // density seen then says whether walking on or looking the matches up is cheaper: a
        // walked row costs about a ninth of a looked-up match (measured at 1M consultations),
        // so walk on while rows needed < 9 x matches expected.
        const auto walk = [&](std::int64_t bound) {
            return page_of("SELECT id FROM (SELECT c.id, c.started_at, " + rs->consultation_hit +
                               " AS hit FROM consultations c WHERE TRUE" + conds + order + " LIMIT " + std::to_string(bound) +
                               ") AS c WHERE c.hit" + order + " LIMIT " + rows,
                           &rs->arg);
        };
        const std::int64_t first = 64 * (static_cast<std::int64_t>(limit) + 1);
        Page page = walk(first);
        if (page.next) return page;
        const double hits = static_cast<double>(page.rows.size());
        if (hits > 0) {
            const double total = static_cast<double>(sql::query_int64(s.conn(), "SELECT COALESCE(max(id), 0) FROM consultations"));
            const double needed = static_cast<double>(first) * (limit + 1) / hits;
            const double matches = hits * total / static_cast<double>(first);
            if (needed < 9 * matches) {
                page = walk(static_cast<std::int64_t>(2 * needed) + 1);
                if (page.next) return page;
            }
        }
        // Few match near the top: look each one up (below), without counting them first.
        const auto m = s.backend->patients_matching(folded);
        return page_of("SELECT c.id FROM consultations c WHERE c.patient_id IN (" + m.sql + ")" + conds + order + " LIMIT " + rows,
                       &m.arg);
    }
    // Many matches: walk consultations newest first and keep those of a match (the backend's
    // walk_keeps); few: each match's consultations by the patient index.
    PatientMatch m = match_patients(s, folded, limit, false);
    const bool walk = m.common && text_only;
    return page_of("SELECT c.id FROM consultations c WHERE " +
                       (walk ? s.backend->walk_keeps("c.patient_id", m.ids) : "c.patient_id IN (" + m.ids + ")") + conds +
                       order + " LIMIT " + rows,
                   &m.arg);
}

std::vector<AuditEntry> Store::audit(std::optional<ConsultationId> id, int limit) const {
    auto& s = *impl_;
    limit = std::clamp(limit, 1, 10000);
    sql::Statement q(s.conn(), std::string("SELECT id, at, action, patient_id, consultation_id, revision_id, author, detail "
                                    "FROM audit ") +
                            (id ? "WHERE consultation_id = ? " : "") + "ORDER BY id DESC LIMIT " +
                            std::to_string(limit));
    if (id) q.bind(1, static_cast<std::int64_t>(*id));
    std::vector<AuditEntry> out;
    while (q.step()) {
        AuditEntry e;
        e.id = q.int64(0);
        e.at = q.text(1);
        const std::string a = q.text(2);
        for (auto v : {AuditAction::Created, AuditAction::Opened, AuditAction::Saved, AuditAction::Finalised,
                       AuditAction::Amended, AuditAction::Withdrawn, AuditAction::Exported, AuditAction::Printed,
                       AuditAction::Imported, AuditAction::Erased})
            if (to_string(v) == a) e.action = v;
        if (!q.is_null(3)) e.patient = q.int64(3);
        if (!q.is_null(4)) e.consultation = q.int64(4);
        if (!q.is_null(5)) e.revision = q.int64(5);
        e.author = q.text(6);
        e.detail = q.text(7);
        out.push_back(std::move(e));
    }
    std::reverse(out.begin(), out.end());
    return out;
}

}  // namespace hc::db
