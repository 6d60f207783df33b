#include "ui/handout_actions.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "base/paths.h"
#include "engine/errors.h"
#include "engine/evaluate.h"
#include "handout/handout.h"
#include "handout/output.h"
#include "handout/pdf.h"
#include "handout/print.h"

namespace hc::ui {

namespace fs = std::filesystem;

namespace {

bool offered_by_default(Verdict v) {
    return v == Verdict::FirstLine || v == Verdict::Consider || v == Verdict::NotNow || v == Verdict::TrialOnly;
}

handout::Handout compose_for(const AppState& s) {
    if (s.handout.open && s.handout.review) {
        const ReviewHandout& r = *s.handout.review;
        handout::Input in;
        in.pack = r.pack.get();
        in.answers = &r.answers;
        in.result = &r.result;
        in.patient_name = r.patient_label;
        in.date = r.date;
        in.settings = handout_settings(s.settings);
        in.settings.paper = s.handout.paper;
        in.chosen_options = chosen_ids(s.handout);
        return handout::compose(in);
    }
    if (!s.draft || !s.pack) throw std::runtime_error("no consultation is open");
    const Effective eff = effective_answers(s.pack->questionnaire, s.draft->answers);
    handout::Input in;
    in.pack = s.pack.get();
    in.answers = &eff.answers;
    in.result = &s.draft->result;
    in.patient_name = s.draft->patient_label;
    in.date = handout::today_iso();
    in.settings = handout_settings(s.settings);
    in.settings.paper = s.handout.paper;
    if (s.handout.open) {
        in.chosen_options = chosen_ids(s.handout);
    } else {
        HandoutPanel defaults;
        defaults.choices = handout_choices(*s.pack, eff.answers, s.draft->result, s.draft->decisions);
        in.chosen_options = chosen_ids(defaults);
    }
    return handout::compose(in);
}

}  // namespace

fs::path default_handout_dir() {
    if (const fs::path d = base::documents_dir(); !d.empty()) return d / "hairconsult-handouts";
    if (const fs::path d = base::data_dir(); !d.empty()) return d / "handouts";
    return fs::temp_directory_path() / "hairconsult-handouts";
}

fs::path handout_folder(const AppSettings& settings, const fs::path& override_dir) {
    if (!override_dir.empty()) return override_dir;
    if (!settings.handout_dir.empty()) return settings.handout_dir;
    return default_handout_dir();
}

std::vector<HandoutChoice> handout_choices(const Pack& pack, const Answers& answers, const Result& result,
                                           const std::vector<db::Override>& decisions) {
    // The same default rule as every other front end (handout::default_choice); the
    // clinician's recorded decisions then override it option by option.
    const std::vector<std::string> defaults = handout::default_choice(pack, answers, result);
    const auto decided = [&](const std::string& id) -> const db::Override* {
        for (const auto& d : decisions)
            if (d.option_id == id) return &d;
        return nullptr;
    };
    std::vector<HandoutChoice> out;
    for (const auto& r : result.options) {
        if (r.option < 0 || static_cast<std::size_t>(r.option) >= pack.options.size()) continue;
        const Option& o = pack.options[static_cast<std::size_t>(r.option)];
        if (o.unproven) continue;
        const db::Override* d = decided(o.id);
        const bool accepted = d && d->decision == db::Override::Decision::Accept;
        if (!offered_by_default(r.verdict) && !accepted) continue;
        bool chosen = std::find(defaults.begin(), defaults.end(), o.id) != defaults.end();
        if (d) chosen = accepted;
        out.push_back({o.id, o.title, r.verdict, chosen});
    }
    return out;
}

std::vector<std::string> chosen_ids(const HandoutPanel& p) {
    std::vector<std::string> ids;
    for (const auto& c : p.choices)
        if (c.chosen) ids.push_back(c.option_id);
    return ids;
}

ReviewHandout review_handout(std::shared_ptr<const Pack> pack, const db::Consultation& c, const db::Revision& rev) {
    if (!pack) throw std::runtime_error("no pack is loaded");
    ReviewHandout r;
    r.consultation_id = c.summary.id;
    r.revision = rev.info.number;
    r.patient_label = c.summary.patient_name;
    r.date = c.summary.started_at.substr(0, 10);
    r.decisions = rev.overrides;
    r.answers = effective_answers(pack->questionnaire, db::answers_of(rev, *pack)).answers;
    const bool same_id = rev.info.pack_id == pack->id;
    const std::string today = same_id ? pack->version : pack->id + " " + pack->version;
    if (!same_id || rev.info.pack_version != pack->version) {
        const std::string then = same_id ? rev.info.pack_version : rev.info.pack_id + " " + rev.info.pack_version;
        r.note = "This consultation was decided with pack " + then + "; the handout uses today's pack " + today +
                 " on the saved answers.";
    } else {
        try {
            r.result = result_from_json(*pack, r.answers, nlohmann::json::parse(rev.result_json));
            r.as_decided = true;
        } catch (const StoredResultError& e) {
            r.note = std::string("The result saved with this consultation no longer fits today's pack ") + today + " (" +
                     e.what() + "); the handout uses today's evaluation of the saved answers.";
        } catch (const nlohmann::json::exception&) {
            r.note = "The result saved with this consultation cannot be read; the handout uses today's pack " + today +
                     " on the saved answers.";
        }
    }
    if (!r.as_decided) r.result = evaluate(*pack, r.answers);
    r.pack = std::move(pack);
    return r;
}

long long handout_consultation_id(const AppState& s) {
    if (s.handout.open && s.handout.review) return static_cast<long long>(s.handout.review->consultation_id);
    return s.draft ? static_cast<long long>(s.draft->consultation_id) : 0;
}

std::string handout_date(const AppState& s) {
    if (s.handout.open && s.handout.review) return s.handout.review->date;
    return handout::today_iso();
}

void open_handout_panel(AppState& s, double pixels_per_point, std::optional<ReviewHandout> review) {
    HandoutPanel p;
    p.open = true;
    p.paper = s.settings.paper;
    p.printer = s.settings.printer;
    p.generation = s.handout.generation + 1;
    if (review) {
        p.choices = handout_choices(*review->pack, review->answers, review->result, review->decisions);
        p.review = std::move(review);
    } else if (s.draft && s.pack) {
        p.choices = handout_choices(*s.pack, effective_answers(s.pack->questionnaire, s.draft->answers).answers,
                                    s.draft->result, s.draft->decisions);
    }
    s.handout = std::move(p);
    render_handout_preview(s, pixels_per_point);
}

void render_handout_preview(AppState& s, double pixels_per_point) {
    auto& p = s.handout;
    ++p.generation;
    p.pages.clear();
    p.render_error.clear();
    try {
        const handout::Document doc(compose_for(s));
        p.page_width_pt = doc.page_width_pt();
        p.page_height_pt = doc.page_height_pt();
        const double ppp = std::clamp(pixels_per_point, 0.5, 4.0);
        for (int i = 0; i < doc.page_count(); ++i) p.pages.push_back(doc.render_page(i, ppp));
    } catch (const std::exception& e) {
        p.pages.clear();
        p.render_error = std::string("The preview could not be made: ") + e.what();
    }
}

std::string handout_pdf(const AppState& s) { return handout::Document(compose_for(s)).pdf(); }

std::string handout_file_name(long long consultation_id, const std::string& date, int attempt) {
    std::string safe_date;
    for (char c : date)
        if ((c >= '0' && c <= '9') || c == '-') safe_date.push_back(c);
    std::string name = "handout-" + (consultation_id > 0 ? std::to_string(consultation_id) : std::string("unsaved")) +
                       "-" + safe_date;
    if (attempt > 1) name += "-" + std::to_string(attempt);
    return name + ".pdf";
}

fs::path save_handout_pdf(const AppState& s, const fs::path& dir) {
    const std::string bytes = handout_pdf(s);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw std::runtime_error("the folder " + dir.string() + " cannot be created (" + ec.message() + ")");
    ::chmod(dir.c_str(), 0700);
    const long long id = handout_consultation_id(s);
    const std::string date = handout_date(s);
    for (int attempt = 1; attempt <= 200; ++attempt) {
        const fs::path path = dir / handout_file_name(id, date, attempt);
        if (fs::symlink_status(path, ec).type() != fs::file_type::not_found) continue;
        handout::write_private_file(path, bytes);  // O_EXCL: a race loses cleanly, never overwrites
        return path;
    }
    throw std::runtime_error("there are already 200 handouts of this consultation dated " + date + " in " + dir.string());
}

void refresh_printers(AppState& s) {
    auto& p = s.handout;
    p.printers_listed = true;
    p.printers.clear();
    p.no_print_service = false;
    p.print_problem.clear();
    try {
        p.printers = handout::list_printers(s.settings.cups_server);
    } catch (const handout::PrintError& e) {
        p.no_print_service = e.kind() == handout::PrintError::Kind::NoServer;
        p.print_problem = e.what();
        return;
    } catch (const std::exception& e) {
        p.print_problem = std::string("The printers cannot be listed: ") + e.what();
        return;
    }
    if (p.printers.empty()) {
        p.print_problem = "The printing service has no printer set up. Save the handout as PDF instead.";
        return;
    }
    const bool known = std::any_of(p.printers.begin(), p.printers.end(),
                                   [&](const handout::Printer& x) { return x.name == p.printer; });
    if (!known) {
        p.printer = p.printers.front().name;
        for (const auto& x : p.printers)
            if (x.is_default) p.printer = x.name;
    }
}

std::string print_handout(const AppState& s) {
    const auto& p = s.handout;
    if (p.printer.empty())
        throw handout::PrintError(handout::PrintError::Kind::NoPrinter, "Choose a printer first, or save the handout as PDF.");
    const long long id = handout_consultation_id(s);
    const std::string tag = id > 0 ? std::to_string(id) : "unsaved";
    const int job = handout::print_pdf(handout_pdf(s), p.printer, s.settings.cups_server, tag);
    return "Sent to " + p.printer + " (print job " + std::to_string(job) + ").";
}

std::string audit_detail(const std::string& kind, const AppState& s) {
    std::string d = "handout " + kind + ", " + (s.handout.paper == handout::Paper::Letter ? "Letter" : "A4") + ", options: ";
    const auto ids = s.handout.open ? chosen_ids(s.handout) : std::vector<std::string>{};
    if (ids.empty()) d += "none";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const std::string next = (i ? "," : "") + ids[i];
        if (d.size() + next.size() > 196) {
            d += ",...";
            break;
        }
        d += next;
    }
    return d;
}

}  // namespace hc::ui
