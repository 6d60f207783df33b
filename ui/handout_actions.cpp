#include "ui/handout_actions.h"

#include <cstdlib>
#include <ctime>
#include <sys/stat.h>

#include "handout/handout.h"
#include "handout/output.h"
#include "handout/pdf.h"
#include "handout/print.h"

namespace hc::ui {

namespace {

std::string today() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char b[16];
    std::strftime(b, sizeof b, "%Y-%m-%d", &tm);
    return b;
}

std::string pdf_bytes(const AppState& s) {
    if (!s.draft || !s.pack) throw std::runtime_error("no consultation is open");
    const Effective eff = effective_answers(s.pack->questionnaire, s.draft->answers);
    handout::Input in;
    in.pack = s.pack.get();
    in.answers = &eff.answers;
    in.result = &s.draft->result;
    in.patient_name = s.draft->patient_label;
    in.date = today();
    // The options the clinician accepted come first; declined ones are left out.
    std::vector<std::string> chosen = handout::default_choice(*s.pack, s.draft->result);
    for (const auto& d : s.draft->decisions) {
        std::erase(chosen, d.option_id);
        if (d.decision == db::Override::Decision::Accept) chosen.insert(chosen.begin(), d.option_id);
    }
    in.chosen_options = chosen;
    return handout::render_pdf(handout::compose(in));
}

}  // namespace

std::filesystem::path default_handout_dir() {
    std::filesystem::path base;
    if (const char* d = std::getenv("XDG_DOCUMENTS_DIR"); d && *d) base = d;
    else if (const char* h = std::getenv("HOME"); h && *h) base = std::filesystem::path(h) / "Documents";
    else base = std::filesystem::temp_directory_path();
    return base / "hairconsult-handouts";
}

std::filesystem::path save_handout_pdf(const AppState& s, const std::filesystem::path& dir) {
    const std::string bytes = pdf_bytes(s);
    std::filesystem::create_directories(dir);
    ::chmod(dir.c_str(), 0700);
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    const std::string id = s.draft->consultation_id ? std::to_string(s.draft->consultation_id) : std::string("draft");
    const auto path = dir / ("handout-" + id + "-" + stamp + ".pdf");
    handout::write_private_file(path, bytes);
    return path;
}

std::string print_handout(const AppState& s) {
    const auto printers = handout::list_printers();
    if (printers.empty()) throw std::runtime_error("no printer is set up. Save the handout as PDF instead.");
    const handout::Printer* p = &printers.front();
    for (const auto& x : printers)
        if (x.is_default) p = &x;
    const std::string tag = s.draft && s.draft->consultation_id ? std::to_string(s.draft->consultation_id) : "draft";
    const int job = handout::print_pdf(pdf_bytes(s), p->name, {}, tag);
    return "Handout sent to " + p->name + " (job " + std::to_string(job) + ").";
}

}  // namespace hc::ui
