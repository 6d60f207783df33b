// hairconsult-cli sessions ...: saved consultations from the terminal, on the same store as the
// app (db/store.h). new and import print the new consultation id only after it is committed.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>

#include "base/identity.h"
#include "cli/checks.h"
#include "cli/answers_file.h"
#include "cli/commands.h"
#include "db/store.h"
#include "engine/errors.h"
#include "engine/json_input.h"
#include "engine/stored_result.h"
#include "engine/pack.h"

namespace hc::cli {
namespace {

using db::Store;

struct Args {
    // shared
    std::string author;
    std::string format;
    // new / amend / finalise
    std::string patient, record_number, birth_date, answers_file, reason;
    std::int64_t follow_up_of = 0;
    bool finalise = false;
    // list
    std::string text, from, to, assessment, option, verdict, status, after;
    bool hide_withdrawn = false;
    int limit = 50;
    // show / export / others
    std::int64_t id = 0, revision = 0, other = 0;
    std::string out, file;
    bool yes = false;
    bool discard_damaged_log = false;
    // finalise / amend: the revision number the change was made from (as `show` printed it); 0:
    // not checked. Refused (nothing written) when another room has saved a newer one since.
    int based_on = 0;
};

std::optional<int> based_on(const Args& a) { return a.based_on > 0 ? std::optional<int>(a.based_on) : std::nullopt; }

// --author, else the operating-system account: the one rule of base/identity.h.
std::string author_of(const Args& a) { return base::acting_clinician(a.author); }

// What the store found at open that the user must hear (a damaged log, modes tightened).
void tell_notes(const Store& s) {
    for (const auto& n : s.notes()) std::cerr << "hairconsult-cli: note: " << n << '\n';
}

Pack load(const Common& common) {
    return load_pack(common.pack_dir.empty() ? default_pack_dir() : std::filesystem::path(common.pack_dir));
}

std::filesystem::path db_path(const Common& common) {
    return common.db_path.empty() ? db::default_path() : std::filesystem::path(common.db_path);
}

// For the verbs that change the file (new, import, finalise, amend, withdraw, erase-patient).
Store open_store(const Common& common, bool discard_damaged_log = false) {
    db::OpenOptions o;
    o.discard_damaged_log = discard_damaged_log;
    o.lock = db::OpenOptions::Lock::Shared;  // the CLI works beside an open app window
    Store s = Store::open(db_path(common), o);
    tell_notes(s);
    if (s.already_open_elsewhere())
        std::cerr << "hairconsult-cli: note: this database is also open in the app; changes made here show there after a refresh\n";
    return s;
}

// For list, diff and chain: SQLITE_OPEN_READONLY, so they work on a read-only disk and never
// create, migrate or lock anything. Only a file that needs a schema upgrade (which a read-only
// open refuses) is opened for writing instead, as before, so an upgrade still happens.
Store open_store_read_only(const Common& common) {
    db::OpenOptions o;
    o.lock = db::OpenOptions::Lock::Shared;
    o.read_only = true;
    try {
        Store s = Store::open(db_path(common), o);
        tell_notes(s);
        return s;
    } catch (const db::StoreError& e) {
        if (e.kind() != db::StoreError::Kind::ReadOnly) throw;
        return open_store(common);  // on a read-only disk this fails with the read-only message
    }
}

// For show and export, which are reads the audit log records ("opened", "exported"): opened for
// writing so the row is kept; where the file cannot be written (read-only disk or file) the read
// still happens from a read-only open, without the row, and one note on stderr says so.
Store open_store_audited(const Common& common, const char* what) {
    try {
        return open_store(common);
    } catch (const db::StoreError& e) {
        if (e.kind() != db::StoreError::Kind::ReadOnly) throw;
    }
    db::OpenOptions o;
    o.lock = db::OpenOptions::Lock::Shared;
    o.read_only = true;
    Store s = Store::open(db_path(common), o);
    tell_notes(s);
    std::cerr << "hairconsult-cli: note: the database cannot be written here; this " << what
              << " was not recorded in its audit log\n";
    return s;
}

void print_line(const std::string& s) {
    std::cout << s << '\n';
    std::cout.flush();
    if (!std::cout) throw Failure("cannot write to standard output");
}

// Writes a new file 0600, refusing to replace one that exists (exports hold patient data).
void write_new_file(const std::string& path, const std::string& text) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) throw Failure("cannot create " + path + ": " + std::strerror(errno));
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const std::string why = std::strerror(errno);
            ::close(fd);
            ::unlink(path.c_str());
            throw Failure("cannot write " + path + ": " + why);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        ::unlink(path.c_str());
        throw Failure("cannot write " + path + ": " + std::strerror(errno));
    }
}

void cmd_new(const Args& a, const Common& c) {
    require_one_line(a.patient, "the patient's name");
    require_one_line(a.record_number, "the record number");
    require_one_line(a.author, "the author");
    if (!a.birth_date.empty()) require_date(a.birth_date, "the birth date");
    const Pack pack = load(c);
    const Answers answers = read_answers(a.answers_file, pack.questionnaire);
    if (a.finalise) {
        const auto done = complete(pack.questionnaire, effective_answers(pack.questionnaire, answers).answers);
        if (!done.complete) {
            std::string list;
            for (const auto& l : done.unanswered_required) list += (list.empty() ? "" : ", ") + l;
            throw Failure("cannot finalise: required items unanswered: " + list + " (nothing was saved)");
        }
    }
    Store s = open_store(c, a.discard_damaged_log);
    // One transaction for the whole call: the patient, the consultation, its finalising and the
    // id on stdout. Whatever fails (a bad author, a full disk, stdout closed) leaves nothing.
    s.in_one_transaction([&] {
        db::PatientId pid = 0;
        if (!a.record_number.empty()) {
            if (const auto p = s.patient_by_record_number(a.record_number)) {
                if (p->name != a.patient)
                    throw Failure("record number " + a.record_number + " belongs to another patient (" +
                                  std::to_string(p->id) + "; nothing was saved)");
                pid = p->id;
            }
        }
        std::optional<db::ConsultationId> follow;
        if (a.follow_up_of > 0) {
            // A follow-up is the same patient.
            const db::Patient earlier = s.get(a.follow_up_of).patient;
            if (pid == 0 && earlier.name == a.patient && a.record_number.empty()) pid = earlier.id;
            if (pid != earlier.id)
                throw Failure("consultation " + std::to_string(a.follow_up_of) +
                              " belongs to another patient (nothing was saved)");
            follow = a.follow_up_of;
        }
        if (pid == 0) pid = s.add_patient({a.patient, a.record_number, a.birth_date});
        const auto id = s.start_consultation(pid, pack, answers, author_of(a), follow);
        if (a.finalise) s.finalise(id, pack, answers, {}, author_of(a));
        // Printed before the commit so that a closed stdout refuses the call; the commit after it
        // fails only on a disk error, which then says so.
        print_line(std::to_string(id));
    });
}

bool parse_cursor(const std::string& s, db::PageCursor& out) {
    const auto comma = s.rfind(',');
    if (comma == std::string::npos) return false;
    out.started_at = s.substr(0, comma);
    try {
        out.id = std::stoll(s.substr(comma + 1));
    } catch (const std::exception&) {
        return false;
    }
    return true;
}

// The assessment ids of a row, ", "-joined (the list's text and JSON output as before).
std::string headline_text(const db::ConsultationSummary& r) {
    std::string out;
    for (const auto& id : r.headline_ids) out += (out.empty() ? "" : ", ") + id;
    return out;
}

void cmd_list(const Args& a, const Common& c) {
    db::ListFilter f;
    f.text = a.text;
    f.date_from = a.from;
    f.date_to = a.to;
    f.assessment = a.assessment;
    f.option = a.option;
    f.verdict = a.verdict;
    f.include_withdrawn = !a.hide_withdrawn;
    if (!a.verdict.empty() && a.option.empty())
        throw Failure("--verdict needs --option (the verdict of which option?)");
    if (!a.from.empty()) require_date(a.from, "--from");
    if (!a.to.empty()) require_date(a.to, "--to");
    if (!a.status.empty()) {
        db::Status st;
        if (!db::status_from_string(a.status, st))
            throw Failure("unknown status '" + a.status + "' (in-progress, completed, amended, entered-in-error)");
        f.status = st;
    }
    std::optional<db::PageCursor> after;
    if (!a.after.empty()) {
        db::PageCursor cur;
        if (!parse_cursor(a.after, cur)) throw Failure("--after expects the value printed as 'next page' by list");
        after = cur;
    }
    Store s = open_store_read_only(c);
    const db::Page page = s.list(f, after, a.limit);
    if (a.format == "json") {
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& r : page.rows)
            rows.push_back({{"id", r.id},
                            {"patient_id", r.patient_id},
                            {"patient", r.patient_name},
                            {"record_number", r.record_number},
                            {"status", std::string(db::to_string(r.status))},
                            {"started_at", r.started_at},
                            {"updated_at", r.updated_at},
                            {"follow_up_of", r.follow_up_of ? nlohmann::json(*r.follow_up_of) : nlohmann::json()},
                            {"pack", {{"id", r.pack_id}, {"version", r.pack_version}}},
                            {"assessments", headline_text(r)},
                            {"revisions", r.revision_count},
                            {"draft", r.has_draft}});
        nlohmann::json doc = {{"rows", rows}};
        if (page.next) doc["next"] = page.next->started_at + "," + std::to_string(page.next->id);
        print_line(doc.dump(2));
        return;
    }
    for (const auto& r : page.rows) {
        std::string line = std::to_string(r.id) + "  " + r.started_at.substr(0, 16) + "  " +
                           std::string(db::to_string(r.status)) + "  " + r.patient_name;
        if (!r.record_number.empty()) line += " [" + r.record_number + "]";
        if (!r.headline_ids.empty()) line += "  " + headline_text(r);
        if (r.follow_up_of) line += "  (follow-up of " + std::to_string(*r.follow_up_of) + ")";
        print_line(line);
    }
    if (page.rows.empty()) print_line("no consultations match");
    if (page.next) print_line("next page: --after " + page.next->started_at + "," + std::to_string(page.next->id));
}

hc::StoredResult stored_result_of(const db::Revision& rev) {
    try {
        return hc::read_stored_result(rev.result_json);
    } catch (const hc::StoredResultError& e) {
        throw Failure("the saved result of revision " + std::to_string(rev.info.number) + " (id " + std::to_string(rev.info.id) +
                      ") cannot be read: " + e.what());
    }
}

// Read before anything is printed: a saved result that is not the shape it was written in is one
// line on stderr (hc::StoredResultError, naming where) and exit 1, not half a listing.
void print_result_summary(const hc::StoredResult& r) {
    for (const auto& x : r.assessments) print_line("  assessment  " + x.id + " (" + std::string(hc::to_string(x.likelihood)) + ")");
    for (const auto& x : r.red_flags) print_line("  red flag    " + x.id);
    for (const auto& x : r.options) print_line("  option      " + x.id + ": " + std::string(hc::to_string(x.verdict)));
    for (const auto& x : r.workup) print_line("  workup      " + x.id);
    if (!r.missing.empty()) print_line("  missing     " + nlohmann::json(r.missing).dump());
}

std::string verdict_or_dash(const std::optional<hc::Verdict>& v) { return v ? std::string(hc::to_string(*v)) : "-"; }

void cmd_show(const Args& a, const Common& c) {
    Store s = open_store_audited(c, "viewing");
    const db::Consultation con = s.open_consultation(a.id, author_of(a));
    const db::Revision rev = a.revision > 0 ? s.revision(a.revision) : con.latest;
    if (rev.consultation != con.summary.id)
        throw Failure("revision " + std::to_string(a.revision) + " is not part of consultation " + std::to_string(a.id));
    const hc::StoredResult result = stored_result_of(rev);
    if (a.format == "json") {
        nlohmann::json revs = nlohmann::json::array();
        for (const auto& r : con.revisions)
            revs.push_back({{"id", r.id}, {"number", r.number}, {"status", std::string(db::to_string(r.status))},
                            {"created_at", r.created_at}, {"author", r.author}, {"reason", r.reason},
                            {"result_verified", r.result_verified},
                            {"pack", {{"id", r.pack_id}, {"version", r.pack_version}}}});
        nlohmann::json ov = nlohmann::json::array();
        for (const auto& o : rev.overrides)
            ov.push_back({{"option", o.option_id}, {"decision", std::string(db::to_string(o.decision))}, {"reason", o.reason}});
        print_line(nlohmann::json{{"id", con.summary.id},
                                  {"status", std::string(db::to_string(con.summary.status))},
                                  {"patient", {{"id", con.patient.id}, {"name", con.patient.name},
                                               {"record_number", con.patient.record_number},
                                               {"birth_date", con.patient.birth_date}}},
                                  {"started_at", con.summary.started_at},
                                  {"finalised_at", con.finalised_at},
                                  {"withdrawn_reason", con.withdrawn_reason},
                                  {"revisions", revs},
                                  {"revision", rev.info.id},
                                  {"answers", nlohmann::json::parse(rev.answers_json)},
                                  {"result", hc::parse_json(rev.result_json, "stored result")},
                                  {"overrides", ov},
                                  {"draft", con.autosave.has_value()}}
                       .dump(2));
        return;
    }
    std::string head = "consultation " + std::to_string(con.summary.id) + "  " +
                       std::string(db::to_string(con.summary.status)) + "  " + con.patient.name;
    if (!con.patient.record_number.empty()) head += " [" + con.patient.record_number + "]";
    print_line(head);
    print_line("started " + con.summary.started_at + (con.finalised_at.empty() ? "" : ", finalised " + con.finalised_at));
    if (con.summary.follow_up_of) print_line("follow-up of " + std::to_string(*con.summary.follow_up_of));
    if (!con.withdrawn_reason.empty()) print_line("withdrawn: " + con.withdrawn_reason);
    print_line("revisions:");
    for (const auto& r : con.revisions) {
        std::string line = "  #" + std::to_string(r.number) + " (id " + std::to_string(r.id) + ") " +
                           std::string(db::to_string(r.status)) + "  " + r.created_at + "  " + r.author + "  pack " +
                           r.pack_id + " " + r.pack_version;
        if (!r.reason.empty()) line += "  reason: " + r.reason;
        print_line(line);
    }
    if (con.autosave) print_line("unsaved draft from " + con.autosave->saved_at);
    if (rev.info.result_verified)
        print_line("result of revision #" + std::to_string(rev.info.number) + " as decided (pack " + rev.info.pack_version + "):");
    else
        print_line("result of revision #" + std::to_string(rev.info.number) + " NOT VERIFIABLE: imported, and pack " +
                   rev.info.pack_id + " " + rev.info.pack_version + " was not available to check it:");
    print_result_summary(result);
    for (const auto& o : rev.overrides)
        print_line("  override    " + o.option_id + ": " + std::string(db::to_string(o.decision)) + " (" + o.reason + ")");
}

void cmd_export(const Args& a, const Common& c) {
    // Refused before the store records "exported": the audit log must not claim an export that
    // never reached a file. (write_new_file still refuses with O_EXCL if one appears meanwhile.)
    const bool to_file = !a.out.empty() && a.out != "-";
    std::error_code ec;
    const auto type = to_file ? std::filesystem::symlink_status(a.out, ec).type() : std::filesystem::file_type::not_found;
    if (type != std::filesystem::file_type::not_found && type != std::filesystem::file_type::none)
        throw Failure(a.out + " already exists; it was not replaced (choose another --out)");
    Store s = open_store_audited(c, "export");
    nlohmann::json doc;
    if (a.format == "fhir") {
        const Pack pack = load(c);
        std::optional<db::RevisionId> rev;
        if (a.revision > 0) rev = a.revision;
        doc = s.export_fhir(a.id, pack, author_of(a), rev);
    } else {
        doc = s.export_json(a.id, author_of(a));
    }
    const std::string text = doc.dump(2) + "\n";
    if (!to_file) {
        std::cout << text;
        std::cout.flush();
        if (!std::cout) throw Failure("cannot write to standard output");
    } else {
        write_new_file(a.out, text);
    }
}

void cmd_import(const Args& a, const Common& c) {
    const Pack pack = load(c);
    Store s = open_store(c, a.discard_damaged_log);
    print_line(std::to_string(s.import_file(a.file, pack, author_of(a))));
}

Answers current_answers(const Store& s, const Args& a, const Pack& pack) {
    if (!a.answers_file.empty()) return read_answers(a.answers_file, pack.questionnaire);
    const db::Consultation con = s.get(a.id);
    return con.autosave ? db::answers_of(*con.autosave, pack) : db::answers_of(con.latest, pack);
}

void cmd_finalise(const Args& a, const Common& c) {
    const Pack pack = load(c);
    Store s = open_store(c, a.discard_damaged_log);
    const Answers answers = current_answers(s, a, pack);
    const auto rev = s.finalise(a.id, pack, answers, s.get(a.id).latest.overrides, author_of(a), based_on(a));
    print_line("finalised consultation " + std::to_string(a.id) + " (revision " + std::to_string(rev) + ")");
}

void cmd_amend(const Args& a, const Common& c) {
    require_one_line(a.reason, "the reason");
    const Pack pack = load(c);
    Store s = open_store(c, a.discard_damaged_log);
    const Answers answers = read_answers(a.answers_file, pack.questionnaire);
    const auto rev = s.amend(a.id, pack, answers, s.get(a.id).latest.overrides, author_of(a), a.reason, based_on(a));
    print_line("amended consultation " + std::to_string(a.id) + " (revision " + std::to_string(rev) + ")");
}

void cmd_withdraw(const Args& a, const Common& c) {
    require_one_line(a.reason, "the reason");
    Store s = open_store(c, a.discard_damaged_log);
    s.withdraw(a.id, author_of(a), a.reason);
    print_line("consultation " + std::to_string(a.id) + " marked entered-in-error (kept)");
}

void cmd_diff(const Args& a, const Common& c) {
    Store s = open_store_read_only(c);
    const db::RevisionDiff d = s.diff(a.id, a.other);
    for (const auto& ch : d.answers)
        print_line("answer   " + ch.link_id + ": " + (ch.before.is_null() ? "-" : ch.before.dump()) + " -> " +
                   (ch.after.is_null() ? "-" : ch.after.dump()));
    auto likelihood = [](const std::optional<hc::Likelihood>& l) { return l ? std::string(hc::to_string(*l)) : "-"; };
    for (const auto& x : d.result.assessments)
        print_line("assessment  " + x.assessment_id + ": " + likelihood(x.before) + " -> " + likelihood(x.after));
    for (const auto& x : d.result.red_flags_added) print_line("red flag added      " + x);
    for (const auto& x : d.result.red_flags_removed) print_line("red flag removed    " + x);
    for (const auto& v : d.result.verdicts)
        print_line("verdict  " + v.option_id + ": " + verdict_or_dash(v.before) + " -> " + verdict_or_dash(v.after));
    if (d.empty()) print_line("no differences");
}

void cmd_chain(const Args& a, const Common& c) {
    Store s = open_store_read_only(c);
    for (const auto& e : s.follow_up_chain(a.id)) {
        print_line(std::to_string(e.consultation.id) + "  " + e.consultation.started_at.substr(0, 10) + "  " +
                   std::string(db::to_string(e.consultation.status)) + "  " + e.key_values.dump());
        for (const auto& ch : e.since_previous.answers)
            print_line("    changed " + ch.link_id + ": " + (ch.before.is_null() ? "-" : ch.before.dump()) + " -> " +
                       (ch.after.is_null() ? "-" : ch.after.dump()));
        for (const auto& v : e.since_previous.result.verdicts)
            print_line("    verdict " + v.option_id + ": " + verdict_or_dash(v.before) + " -> " + verdict_or_dash(v.after));
    }
}

void cmd_erase(const Args& a, const Common& c) {
    if (!a.yes) throw Failure("erasing a patient removes every consultation of theirs for good; add --yes to confirm");
    Store s = open_store(c, a.discard_damaged_log);
    const auto p = s.patient(a.id);
    s.erase_patient(a.id, author_of(a));
    print_line("patient " + std::to_string(p.id) + " erased with all their consultations");
}

}  // namespace

void add_sessions_command(CLI::App& app, Common& common) {
    auto a = std::make_shared<Args>();
    CLI::App* sessions = app.add_subcommand("sessions", "Saved consultations: new, list, show, export, import, ...");
    sessions->require_subcommand(1);
    sessions->add_flag("--discard-damaged-log", a->discard_damaged_log,
                       "The database's write-ahead log was reported damaged: go on from its last commit that can "
                       "be read (a copy of the damaged log was kept)");
    sessions->add_option("--author", a->author, "Who is making the change (default: the operating-system account name)");

    auto* n = sessions->add_subcommand("new", "Save a new consultation; prints its id once committed");
    n->add_option("--patient", a->patient, "Patient name")->required();
    n->add_option("--answers", a->answers_file, "Answers JSON ({linkId: value} or FHIR QuestionnaireResponse; '-' for stdin)")
        ->required();
    n->add_option("--record-number", a->record_number, "Record number (an existing patient with it is reused; without one a new patient is added)");
    n->add_option("--birth-date", a->birth_date, "Birth date YYYY-MM-DD");
    n->add_option("--follow-up-of", a->follow_up_of, "Id of the earlier consultation this follows up");
    n->add_flag("--finalise", a->finalise, "Finalise at once (every required item must be answered)");
    n->callback([a, &common] { cmd_new(*a, common); });

    auto* l = sessions->add_subcommand("list", "List consultations, newest first");
    l->add_option("--text", a->text, "Name or record number contains");
    l->add_option("--from", a->from, "Consultation date on or after YYYY-MM-DD");
    l->add_option("--to", a->to, "Consultation date on or before YYYY-MM-DD");
    l->add_option("--assessment", a->assessment, "Assessment id in the result");
    l->add_option("--option", a->option, "Option id in the result");
    l->add_option("--verdict", a->verdict, "With --option: only this verdict");
    l->add_option("--status", a->status, "in-progress, completed, amended or entered-in-error");
    l->add_flag("--hide-withdrawn", a->hide_withdrawn, "Leave out entered-in-error consultations");
    l->add_option("--limit", a->limit, "Rows per page (1-500)")->check(CLI::Range(1, 500));
    l->add_option("--after", a->after, "Continue after this position (printed as 'next page')");
    l->add_option("--format", a->format, "text or json")->check(CLI::IsMember({"text", "json"}));
    l->callback([a, &common] { cmd_list(*a, common); });

    auto* s = sessions->add_subcommand("show", "Show one consultation: revisions and the result as decided");
    s->add_option("ID", a->id, "Consultation id")->required();
    s->add_option("--revision", a->revision, "Show this revision's result instead of the latest");
    s->add_option("--format", a->format, "text or json")->check(CLI::IsMember({"text", "json"}));
    s->callback([a, &common] { cmd_show(*a, common); });

    auto* e = sessions->add_subcommand("export", "Export a consultation as JSON or a FHIR QuestionnaireResponse");
    e->add_option("ID", a->id, "Consultation id")->required();
    e->add_option("--format", a->format, "json (everything, re-importable) or fhir")->check(CLI::IsMember({"json", "fhir"}));
    e->add_option("--revision", a->revision, "With fhir: this revision instead of the latest");
    e->add_option("--out", a->out, "Write to this new file (mode 0600; never overwrites) instead of stdout");
    e->callback([a, &common] { cmd_export(*a, common); });

    auto* i = sessions->add_subcommand("import", "Import an exported consultation; prints its new id once committed");
    i->add_option("FILE", a->file, "A file written by 'sessions export --format json'")->required();
    i->callback([a, &common] { cmd_import(*a, common); });

    auto* f = sessions->add_subcommand("finalise", "Finalise an in-progress consultation (locks it)");
    f->add_option("ID", a->id, "Consultation id")->required();
    f->add_option("--answers", a->answers_file, "Final answers (default: the draft or the latest revision)");
    f->add_option("--based-on", a->based_on, "The revision number you read; refused if another room saved since")
        ->check(CLI::PositiveNumber);
    f->callback([a, &common] { cmd_finalise(*a, common); });

    auto* m = sessions->add_subcommand("amend", "Change a finalised consultation, with a reason");
    m->add_option("ID", a->id, "Consultation id")->required();
    m->add_option("--answers", a->answers_file, "The amended answers")->required();
    m->add_option("--reason", a->reason, "Why it is amended")->required();
    m->add_option("--based-on", a->based_on, "The revision number you read; refused if another room saved since")
        ->check(CLI::PositiveNumber);
    m->callback([a, &common] { cmd_amend(*a, common); });

    auto* w = sessions->add_subcommand("withdraw", "Mark a consultation entered-in-error (it is kept)");
    w->add_option("ID", a->id, "Consultation id")->required();
    w->add_option("--reason", a->reason, "Why")->required();
    w->callback([a, &common] { cmd_withdraw(*a, common); });

    auto* d = sessions->add_subcommand("diff", "What changed between two revisions (ids from show)");
    d->add_option("REVISION_A", a->id, "Earlier revision id")->required();
    d->add_option("REVISION_B", a->other, "Later revision id")->required();
    d->callback([a, &common] { cmd_diff(*a, common); });

    auto* ch = sessions->add_subcommand("chain", "The follow-up chain of a consultation and what changed");
    ch->add_option("ID", a->id, "Consultation id")->required();
    ch->callback([a, &common] { cmd_chain(*a, common); });

    auto* x = sessions->add_subcommand("erase-patient", "Erase a patient and all their consultations for good");
    x->add_option("PATIENT_ID", a->id, "Patient id")->required();
    x->add_flag("--yes", a->yes, "Confirm");
    x->callback([a, &common] { cmd_erase(*a, common); });
}

}  // namespace hc::cli
