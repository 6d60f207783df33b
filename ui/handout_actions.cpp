#include "ui/handout_actions.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "base/paths.h"
#include "engine/errors.h"
#include "engine/evaluate.h"
#include "handout/as_decided.h"
#include "handout/handout.h"
#include "handout/output.h"
#include "handout/pdf.h"
#include "handout/print.h"
#include "ui/actions.h"
#include "ui/tasks.h"

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
        defaults.choices = handout_choices(*s.pack, eff.answers, s.draft->result, s.draft->overrides);
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

std::vector<handout::OptionDecision> option_decisions(const std::vector<db::Override>& overrides) {
    std::vector<handout::OptionDecision> out;
    for (const auto& o : overrides) out.push_back({o.option_id, o.decision == db::Override::Decision::Accept});
    return out;
}

std::vector<HandoutChoice> handout_choices(const Pack& pack, const Answers& answers, const Result& result,
                                           const std::vector<db::Override>& decisions) {
    // Ticked: the one rule every front end uses (handout::decided_choice: the default choice with
    // the clinician's decisions). Offered besides: the other options a clinician may add.
    const auto d = option_decisions(decisions);
    const std::vector<std::string> chosen = handout::decided_choice(pack, answers, result, d);
    std::vector<HandoutChoice> out;
    for (const auto& r : result.options) {
        if (r.option < 0 || static_cast<std::size_t>(r.option) >= pack.options.size()) continue;
        const Option& o = pack.options[static_cast<std::size_t>(r.option)];
        if (o.unproven) continue;
        const bool ticked = std::find(chosen.begin(), chosen.end(), o.id) != chosen.end();
        if (!offered_by_default(r.verdict) && !ticked) continue;
        out.push_back({o.id, o.title, r.verdict, ticked});
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
    r.overrides = rev.overrides;
    // The one rule for "this revision as decided, or today's pack with a note" (the CLI's too).
    handout::AsDecided d = handout::as_decided_or_today(
        *pack, {rev.info.pack_id, rev.info.pack_version, db::answers_of(rev, *pack), rev.result_json, option_decisions(rev.overrides)});
    r.answers = std::move(d.answers);
    r.result = std::move(d.result);
    r.as_decided = d.as_decided;
    r.note = std::move(d.note);
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

void open_handout_panel(AppState& s, double pixels_per_point, std::optional<ReviewHandout> review, Services* svc) {
    HandoutPanel p;
    p.open = true;
    p.paper = s.settings.paper;
    p.printer = s.settings.printer;
    p.generation = s.handout.generation + 1;
    if (review) {
        p.choices = handout_choices(*review->pack, review->answers, review->result, review->overrides);
        p.review = std::move(review);
    } else if (s.draft && s.pack) {
        p.choices = handout_choices(*s.pack, effective_answers(s.pack->questionnaire, s.draft->answers).answers,
                                    s.draft->result, s.draft->overrides);
    }
    s.handout = std::move(p);
    render_handout_preview(s, pixels_per_point, svc);
}

namespace {
struct Preview {
    std::vector<handout::Image> pages;
    double width_pt = 0, height_pt = 0;
    std::string error;
};
}  // namespace

void render_handout_preview(AppState& s, double pixels_per_point, Services* svc) {
    auto& p = s.handout;
    ++p.generation;
    p.pages.clear();
    p.render_error.clear();
    p.rendering = true;
    const int generation = p.generation;
    const double ppp = std::clamp(pixels_per_point, 0.5, 4.0);
    // Composed here (it reads the state); laid out and rasterised by the job, off the UI thread
    // when there is a task queue (Pango's default font map is per thread).
    std::shared_ptr<const handout::Handout> h;
    try {
        h = std::make_shared<const handout::Handout>(compose_for(s));
    } catch (const std::exception& e) {
        p.rendering = false;
        p.render_error = std::string("The preview could not be made: ") + e.what();
        return;
    }
    Services none;
    Services& use = svc ? *svc : none;
    run_or_now(use.tasks, s, use, [h, ppp, generation]() -> Tasks::Apply {
        auto out = std::make_shared<Preview>();
        try {
            const handout::Document doc(*h);
            out->width_pt = doc.page_width_pt();
            out->height_pt = doc.page_height_pt();
            for (int i = 0; i < doc.page_count(); ++i) out->pages.push_back(doc.render_page(i, ppp));
        } catch (const std::exception& e) {
            out->pages.clear();
            out->error = std::string("The preview could not be made: ") + e.what();
        }
        return [out, generation](AppState& st, Services&) {
            auto& panel = st.handout;
            if (!panel.open || panel.generation != generation) return;  // the panel moved on
            panel.rendering = false;
            panel.pages = std::move(out->pages);
            panel.page_width_pt = out->width_pt;
            panel.page_height_pt = out->height_pt;
            panel.render_error = out->error;
        };
    });
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

namespace {
// What the print service said about its printers (made on the worker, applied on the UI thread).
struct Listing {
    std::vector<handout::Printer> printers;
    bool no_server = false;
    std::string problem;
};

Listing list_printers_of(const std::string& server) {
    Listing l;
    try {
        l.printers = handout::list_printers(server);
    } catch (const handout::PrintError& e) {
        l.no_server = e.kind() == handout::PrintError::Kind::NoServer;
        l.problem = e.what();
        return l;
    } catch (const std::exception& e) {
        l.problem = std::string("The printers cannot be listed: ") + e.what();
        return l;
    }
    if (l.printers.empty()) l.problem = "The printing service has no printer set up. Save the handout as PDF instead.";
    return l;
}

void apply_listing(HandoutPanel& p, const Listing& l) {
    p.listing_printers = false;
    p.printers = l.printers;
    p.no_print_service = l.no_server;
    p.print_problem = l.problem;
    if (p.printers.empty()) return;
    const bool known = std::any_of(p.printers.begin(), p.printers.end(),
                                   [&](const handout::Printer& x) { return x.name == p.printer; });
    if (!known) {
        p.printer = p.printers.front().name;
        for (const auto& x : p.printers)
            if (x.is_default) p.printer = x.name;
    }
}
}  // namespace

void refresh_printers(AppState& s, Services* svc) {
    auto& p = s.handout;
    p.printers_listed = true;
    p.listing_printers = true;
    const std::string server = s.settings.cups_server;
    Services none;
    Services& use = svc ? *svc : none;
    run_or_now(use.tasks, s, use, [server]() -> Tasks::Apply {
        const Listing l = list_printers_of(server);
        return [l](AppState& st, Services&) {
            if (st.handout.open) apply_listing(st.handout, l);
        };
    });
}

PrintJob print_job(const AppState& s) {
    const auto& p = s.handout;
    const long long id = handout_consultation_id(s);
    return PrintJob{std::make_shared<const handout::Handout>(compose_for(s)), p.printer, s.settings.cups_server,
                    id > 0 ? std::to_string(id) : "unsaved"};
}

std::string send_print_job(const PrintJob& job) {
    std::string printer = job.printer;
    if (printer.empty()) {
        // Asked before the printers were listed: the service's default, else its first printer.
        const Listing l = list_printers_of(job.cups_server);
        if (l.no_server) throw handout::PrintError(handout::PrintError::Kind::NoServer, l.problem);
        for (const auto& x : l.printers)
            if (printer.empty() || x.is_default) printer = x.name;
    }
    if (printer.empty())
        throw handout::PrintError(handout::PrintError::Kind::NoPrinter, "Choose a printer first, or save the handout as PDF.");
    const int id = handout::print_pdf(handout::Document(*job.handout).pdf(), printer, job.cups_server, job.tag);
    return "Sent to " + printer + " (print job " + std::to_string(id) + ").";
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
