// hairconsult-cli handout: the patient handout of an answers file or a saved consultation,
// as PDF and/or HTML, optionally printed through CUPS. Saved consultations get an audit row
// for every export and print.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <optional>

#include "cli/answers_file.h"
#include "cli/checks.h"
#include "cli/commands.h"
#include "db/store.h"
#include "engine/evaluate.h"
#include "engine/json_input.h"
#include "handout/as_decided.h"
#include "handout/handout.h"
#include "handout/html.h"
#include "handout/output.h"
#include "handout/pdf.h"
#include "handout/print.h"

namespace hc::cli {
namespace {

struct HandoutArgs {
    std::string answers_file;
    std::string patient;
    std::int64_t session = 0;
    std::string pdf_out, html_out;
    std::string printer;
    std::string cups_server;
    std::string paper = "a4";
    std::string date;
    std::string clinic, clinic_contact, clinician;
    std::vector<std::string> options;
    bool overwrite = false;
    bool list_printers = false;
};

std::string author() { return os_account_name(); }

// The consultation's answers, result and patient, ready to compose.
struct Source {
    Pack pack;
    Answers answers;
    Result result;
    std::string patient;
    std::string date;
    std::optional<std::vector<std::string>> chosen;
};

void load_from_answers(const HandoutArgs& a, Source& s) {
    const Answers raw = read_answers(a.answers_file, s.pack.questionnaire);
    s.answers = effective_answers(s.pack.questionnaire, raw).answers;
    s.result = evaluate(s.pack, s.answers);
    s.patient = a.patient;
}

// The latest revision of a saved consultation: handout::as_decided_or_today(), the one rule the
// app's Review screen follows too. As decided (the stored result, the clinician's accept/decline
// applied to the default choice) when saved with today's pack id and version; otherwise today's
// evaluation of the saved answers, with the note on stderr.
void load_from_session(const HandoutArgs& a, Source& s, db::Store& store) {
    const db::Consultation c = store.get(a.session);
    std::vector<handout::OptionDecision> decisions;
    for (const auto& o : c.latest.overrides) decisions.push_back({o.option_id, o.decision == db::Override::Decision::Accept});
    handout::AsDecided d = handout::as_decided_or_today(
        s.pack, {c.latest.info.pack_id, c.latest.info.pack_version, db::answers_of(c.latest, s.pack), c.latest.result_json,
                 std::move(decisions)});
    if (!d.note.empty()) std::cerr << "hairconsult-cli: note: " << d.note << '\n';
    s.answers = std::move(d.answers);
    s.result = std::move(d.result);
    s.patient = c.patient.name;
    s.date = c.summary.started_at.substr(0, 10);
    s.chosen = std::move(d.chosen);
}

void run(const HandoutArgs& a, const Common& common) {
    if (a.list_printers) {
        for (const auto& p : handout::list_printers(a.cups_server)) {
            std::cout << p.name << (p.is_default ? " (default)" : "") << (p.state.empty() ? "" : "  " + p.state)
                      << (p.info.empty() ? "" : "  " + p.info) << '\n';
        }
        return;
    }
    if (a.answers_file.empty() == (a.session == 0)) throw Failure("give either --answers FILE or --session ID");
    if (a.pdf_out.empty() && a.html_out.empty() && a.printer.empty()) {
        throw Failure("nothing to do: give --pdf OUT, --html OUT and/or --printer NAME");
    }
    if (a.session != 0 && !a.patient.empty()) throw Failure("--patient goes with --answers; a session has its patient");
    if (!a.date.empty()) require_date(a.date, "--date");
    require_one_line(a.patient, "the patient's name");
    require_one_line(a.clinic, "--clinic");
    require_one_line(a.clinician, "--clinician");

    Source s;
    s.pack = load_pack(common.pack_dir.empty() ? default_pack_dir() : std::filesystem::path(common.pack_dir));
    std::optional<db::Store> store;
    if (a.session != 0) {
        db::OpenOptions oo;
        oo.lock = db::OpenOptions::Lock::Shared;
        oo.create = false;
        store.emplace(db::Store::open(common.db_path.empty() ? db::default_path() : std::filesystem::path(common.db_path), oo));
        load_from_session(a, s, *store);
    } else {
        load_from_answers(a, s);
    }

    handout::Input in;
    in.pack = &s.pack;
    in.answers = &s.answers;
    in.result = &s.result;
    in.patient_name = s.patient;
    in.date = !a.date.empty() ? a.date : !s.date.empty() ? s.date : handout::today_iso();
    if (!a.clinic.empty()) in.settings.clinic_name = a.clinic;
    in.settings.clinic_contact = a.clinic_contact;
    in.settings.clinician_name = a.clinician;
    in.settings.paper = a.paper == "letter" ? handout::Paper::Letter : handout::Paper::A4;
    in.chosen_options = a.options.empty() ? s.chosen : std::optional(a.options);
    const handout::Handout h = handout::compose(in);

    const handout::Document doc(h);
    const std::string pdf = doc.pdf();
    const std::string pages = std::to_string(doc.page_count());
    auto audit = [&](db::AuditAction action, const std::string& detail) {
        if (store) store->record(action, a.session, author(), detail);
    };
    if (!a.pdf_out.empty()) {
        handout::write_private_file(a.pdf_out, pdf, a.overwrite);
        audit(db::AuditAction::Exported, "handout pdf, " + pages + " pages");
        std::cerr << "wrote " << a.pdf_out << " (" << pages << (doc.page_count() == 1 ? " page)\n" : " pages)\n");
    }
    if (!a.html_out.empty()) {
        handout::write_private_file(a.html_out, handout::render_html(h), a.overwrite);
        audit(db::AuditAction::Exported, "handout html");
        std::cerr << "wrote " << a.html_out << '\n';
    }
    if (!a.printer.empty()) {
        const std::string tag = a.session != 0 ? std::to_string(a.session) : std::string();
        const int job = handout::print_pdf(pdf, a.printer, a.cups_server, tag);
        audit(db::AuditAction::Printed, "handout to printer " + a.printer + ", job " + std::to_string(job) + ", " + pages + " pages");
        std::cerr << "sent to " << a.printer << " as job " << job << '\n';
    }
}

}  // namespace

void add_handout_command(CLI::App& app, Common& common) {
    auto args = std::make_shared<HandoutArgs>();
    CLI::App* cmd = app.add_subcommand("handout", "Patient handout (PDF, HTML, print) of an answers file or a saved consultation");
    auto* answers = cmd->add_option("--answers", args->answers_file, "Answers: {linkId: value} JSON, a FHIR QuestionnaireResponse or a case file ('-' for stdin)");
    auto* session = cmd->add_option("--session", args->session, "Saved consultation id (uses --db)");
    answers->excludes(session);
    cmd->add_option("--patient", args->patient, "Patient name to print (with --answers)")->needs(answers);
    cmd->add_option("--pdf", args->pdf_out, "Write the handout PDF here (refuses to overwrite unless --overwrite)");
    cmd->add_option("--html", args->html_out, "Write the handout HTML here");
    cmd->add_option("--printer", args->printer, "Print on this CUPS printer");
    cmd->add_option("--cups-server", args->cups_server, "CUPS server: host[:port] or a socket path (default: the system's)");
    cmd->add_flag("--list-printers", args->list_printers, "List the CUPS printers and exit");
    cmd->add_option("--paper", args->paper, "Paper size")->check(CLI::IsMember({"a4", "letter"}));
    cmd->add_option("--date", args->date, "Date on the handout, YYYY-MM-DD (default: consultation date or today)");
    cmd->add_option("--clinic", args->clinic, "Clinic name in the page header");
    cmd->add_option("--clinic-contact", args->clinic_contact, "Clinic address or phone, one line");
    cmd->add_option("--clinician", args->clinician, "Clinician's name");
    cmd->add_option("--options", args->options, "Option ids to explain, in order (default: first-line and consider)")
        ->delimiter(',');
    cmd->add_flag("--overwrite", args->overwrite, "Replace existing output files");
    cmd->callback([args, &common] { run(*args, common); });
}

}  // namespace hc::cli
