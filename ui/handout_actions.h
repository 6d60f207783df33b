// The handout panel's work: which options to explain, the preview pages, saving the PDF in the
// handout folder and printing through CUPS (handout/ library). Called by apply() in actions.cpp,
// which adds the audit rows; nothing here writes to the store.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "handout/as_decided.h"
#include "handout/handout.h"
#include "ui/app_state.h"

namespace hc::ui {

// $XDG_DOCUMENTS_DIR/hairconsult-handouts, else ~/Documents/hairconsult-handouts, else under
// $XDG_DATA_HOME (or ~/.local/share)/hairconsult/handouts.
std::filesystem::path default_handout_dir();

// The folder "Save PDF" writes to: `override_dir` when set, else the settings' folder, else
// default_handout_dir().
std::filesystem::path handout_folder(const AppSettings& settings, const std::filesystem::path& override_dir);

// The options the clinician may explain, in result order: first_line, consider, not_now and
// trial_only ones, never unproven ones (the handout has its own section for those). Ticked as
// handout::decided_choice() chooses (the CLI's rule too): the default choice, a declined option
// unticked, an accepted one ticked (and offered even when avoid or not available).
std::vector<HandoutChoice> handout_choices(const Pack& pack, const Answers& answers, const Result& result,
                                           const std::vector<db::Override>& decisions);

// The ids ticked in the panel, in the panel's order.
std::vector<std::string> chosen_ids(const HandoutPanel& p);

// The clinician's recorded decisions in the handout's terms.
std::vector<handout::OptionDecision> option_decisions(const std::vector<db::Override>& overrides);

// What a handout of revision `rev` of consultation `c` is made from, with `pack` (today's):
// handout::as_decided_or_today(), the one rule the CLI's handout --session follows too. The
// stored result as decided when `rev` was saved with this pack id and version; otherwise
// (another pack, or a stored result that no longer resolves or cannot be read) today's
// evaluation of the stored answers, with `note` saying so in plain words.
// Dated with the consultation's date. Throws std::exception (e.g. hc::AnswersError) when the
// stored answers do not fit today's questionnaire at all.
ReviewHandout review_handout(std::shared_ptr<const Pack> pack, const db::Consultation& c, const db::Revision& rev);

struct Services;

// Fills the panel (choices, paper from the settings) and renders the preview: from `review` when
// given (the Review screen), else from the open draft, dated today. With `svc` and its task
// queue the pages are made off the UI thread and arrive later (HandoutPanel::rendering).
void open_handout_panel(AppState& s, double pixels_per_point, std::optional<ReviewHandout> review = std::nullopt,
                        Services* svc = nullptr);

// Re-renders the preview pages after a change of options, paper or settings (bumps the
// generation; a result for an older generation is dropped). A failure leaves no pages and sets
// render_error; never throws. Off the UI thread as above.
void render_handout_preview(AppState& s, double pixels_per_point, Services* svc = nullptr);

// The handout's PDF bytes for the panel's choices. Throws std::exception with a plain message.
std::string handout_pdf(const AppState& s);

// The consultation a handout belongs to (0: an unsaved draft), and the date it carries.
long long handout_consultation_id(const AppState& s);
std::string handout_date(const AppState& s);

// File name for a saved handout: "handout-<consultation id>-<YYYY-MM-DD>.pdf" ("unsaved" for a
// draft without an id), "-2", "-3"... when that name is taken. Never the patient's name.
std::string handout_file_name(long long consultation_id, const std::string& date, int attempt);

// Writes the panel's handout into `dir` (created 0700) with mode 0600, never over an existing
// file; returns the path. Throws std::exception with a message a clinician can act on.
std::filesystem::path save_handout_pdf(const AppState& s, const std::filesystem::path& dir);

// Lists the printers into the panel (the settings' CUPS server), off the UI thread with a task
// queue (HandoutPanel::listing_printers meanwhile). With no CUPS server it sets
// no_print_service and print_problem; never throws.
void refresh_printers(AppState& s, Services* svc = nullptr);

// One print of the panel's handout, taken from the state on the UI thread and sent by the worker.
struct PrintJob {
    std::shared_ptr<const handout::Handout> handout;
    std::string printer;      // empty: the service's default printer
    std::string cups_server;
    std::string tag;          // the job's title: the consultation number, never a name
};
PrintJob print_job(const AppState& s);
// Sends it (any thread); returns a sentence for the panel. Throws handout::PrintError (no
// service, no printer, refused) or std::exception.
std::string send_print_job(const PrintJob& job);

// The audit detail for an export or print: kind, paper and option ids (never names), at most
// 200 bytes.
std::string audit_detail(const std::string& kind, const AppState& s);

}  // namespace hc::ui
