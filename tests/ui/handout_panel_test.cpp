// The handout panel's actions on a real SQLite file and real files: which options are offered
// and ticked, toggling and paper (the preview re-renders, the consultation does not change),
// Save PDF (a real PDF named by id and date, mode 0600, audit row without names), printing with
// no CUPS server (one clear message, Save PDF offered, no crash, no audit row), and settings.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

#include "handout/handout.h"
#include "ui/actions.h"
#include "ui/handout_actions.h"
#include "ui/settings.h"
#include "ui_test_support.h"

using namespace hc;
using namespace hc::ui;
using namespace hc::ui::test;

namespace {
const char* kComplete = "a03-man-planning-to-father-a-child-norwood-3-vertex";
const std::string kPatient = "Kim O'Brien <b>Zoë";

struct Fixture {
    TempDir dir;
    std::optional<db::Store> store;
    Services svc;
    AppState s = fresh_state();
    double now = 100.0;
    Fixture() {
        store.emplace(db::Store::open(dir.path / "c.db"));
        svc.store = &*store;
        svc.handout_dir = dir.path / "handouts";
        svc.settings_path = dir.path / "config" / "settings.json";
        svc.preview_pixels_per_point = 0.5;  // small pages: the tests need their count, not their detail
        // Never the user's own print server: a socket that does not exist.
        s.settings.cups_server = (dir.path / "no-cups.sock").string();
    }
    void act(const Action& a) { apply(s, a, svc, now); }
    // A saved consultation of a named patient with a complete vignette's answers.
    void consultation() {
        act(act::AddPatient{kPatient, "", ""});
        act(act::StartConsultation{s.start.selected_patient});
        const Answers a = vignette_answers(kComplete);
        for (std::size_t i = 0; i < a.size(); ++i)
            if (a.answered(static_cast<Slot>(i))) act(act::SetAnswer{static_cast<Slot>(i), a.get(static_cast<Slot>(i))});
        act(act::SaveNow{});
        REQUIRE(s.draft->consultation_id > 0);
    }
    std::vector<db::AuditEntry> audit(db::AuditAction action) {
        std::vector<db::AuditEntry> out;
        for (auto& e : store->audit(s.draft->consultation_id))
            if (e.action == action) out.push_back(e);
        return out;
    }
};


int mode_of(const std::filesystem::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return static_cast<int>(st.st_mode & 0777);
}

struct EnvVar {
    std::string name;
    std::optional<std::string> old;
    EnvVar(std::string n, const std::string& value) : name(std::move(n)) {
        if (const char* v = std::getenv(name.c_str())) old = v;
        ::setenv(name.c_str(), value.c_str(), 1);
    }
    ~EnvVar() {
        if (old) ::setenv(name.c_str(), old->c_str(), 1);
        else ::unsetenv(name.c_str());
    }
};
}  // namespace

TEST_CASE("the panel offers first-line and consider options ticked, the rest of the plausible ones not", "[ui][handout]") {
    Fixture f;
    f.consultation();
    f.act(act::OpenHandout{});
    const auto& h = f.s.handout;
    REQUIRE(h.open);
    REQUIRE_FALSE(h.choices.empty());
    const auto defaults = handout::default_choice(*f.s.pack, effective_answers(f.s.pack->questionnaire, f.s.draft->answers).answers, f.s.draft->result);
    CHECK(chosen_ids(h) == defaults);
    for (const auto& c : h.choices) {
        INFO(c.option_id);
        // Ticked exactly as every front end's default rule ticks it; only plausible ones offered.
        CHECK(c.chosen == (std::find(defaults.begin(), defaults.end(), c.option_id) != defaults.end()));
        if (c.chosen) CHECK((c.verdict == Verdict::FirstLine || c.verdict == Verdict::Consider));
        CHECK(c.verdict != Verdict::Avoid);
        CHECK(c.verdict != Verdict::NotAvailable);
        CHECK_FALSE(f.s.pack->options[static_cast<std::size_t>(f.s.pack->find_option(c.option_id))].unproven);
    }
    REQUIRE(h.render_error.empty());
    REQUIRE_FALSE(h.pages.empty());
    for (const auto& p : h.pages) {
        CHECK(p.width > 0);
        CHECK(p.rgba.size() == static_cast<std::size_t>(p.width) * static_cast<std::size_t>(p.height) * 4);
    }
    CHECK(h.page_width_pt == Approx(595.28).margin(0.1));
}

TEST_CASE("toggling an option and the paper re-renders the preview and leaves the consultation alone", "[ui][handout]") {
    Fixture f;
    f.consultation();
    const auto decisions = f.s.draft->overrides;
    const auto revisions = f.s.draft->revisions;
    f.act(act::OpenHandout{});
    auto& h = f.s.handout;
    const auto first = h.choices.front();
    REQUIRE(first.chosen);
    const int g0 = h.generation;
    f.act(act::ToggleHandoutOption{0});
    CHECK_FALSE(h.choices.front().chosen);
    CHECK(h.generation != g0);
    const auto ids = chosen_ids(h);
    CHECK(std::find(ids.begin(), ids.end(), first.option_id) == ids.end());
    f.act(act::ToggleHandoutOption{99});  // out of range: ignored
    f.act(act::ToggleHandoutOption{-1});
    const int g1 = h.generation;
    f.act(act::SetHandoutPaper{handout::Paper::Letter});
    CHECK(h.generation != g1);
    CHECK(h.page_width_pt == Approx(612.0));
    CHECK(h.page_height_pt == Approx(792.0));
    // Not part of the clinical record: no decision, no save, nothing dirty.
    CHECK(f.s.draft->overrides.size() == decisions.size());
    CHECK(f.s.draft->revisions == revisions);
    CHECK(f.s.save.state == SaveState::Saved);

    // The saved PDF follows the panel: the unticked option is not explained.
    f.act(act::SaveHandoutPdf{});
    REQUIRE(h.status);
    REQUIRE(h.status->kind == Message::Kind::Info);
    const auto audit = f.audit(db::AuditAction::Exported);
    REQUIRE(audit.size() == 1);
    CHECK(audit[0].detail.find(first.option_id) == std::string::npos);
    CHECK(audit[0].detail.find("Letter") != std::string::npos);

    f.act(act::CloseHandout{});
    CHECK_FALSE(h.open);
    CHECK(h.pages.empty());
}

TEST_CASE("a decision in the consultation sets the default tick, an accepted not-now option is offered ticked", "[ui][handout]") {
    const Pack& pk = *test::pack();
    Fixture f;
    f.consultation();
    const Result& r = f.s.draft->result;
    std::string first_line, not_now;
    for (const auto& o : r.options) {
        const auto& opt = pk.options[static_cast<std::size_t>(o.option)];
        if (opt.unproven) continue;
        if (o.verdict == Verdict::FirstLine && first_line.empty()) first_line = opt.id;
        if ((o.verdict == Verdict::Avoid || o.verdict == Verdict::NotNow) && not_now.empty()) not_now = opt.id;
    }
    REQUIRE_FALSE(first_line.empty());
    REQUIRE_FALSE(not_now.empty());
    const std::vector<db::Override> decisions{{first_line, db::Override::Decision::Decline, "patient prefers not"},
                                              {not_now, db::Override::Decision::Accept, "discussed"}};
    const auto choices = handout_choices(pk, effective_answers(pk.questionnaire, f.s.draft->answers).answers, r, decisions);
    auto find = [&](const std::string& id) {
        return std::find_if(choices.begin(), choices.end(), [&](const HandoutChoice& c) { return c.option_id == id; });
    };
    REQUIRE(find(first_line) != choices.end());
    CHECK_FALSE(find(first_line)->chosen);
    REQUIRE(find(not_now) != choices.end());
    CHECK(find(not_now)->chosen);
}

TEST_CASE("Save PDF writes a real PDF named by consultation id and date, 0600, and an audit row without names", "[ui][handout]") {
    Fixture f;
    f.consultation();
    f.act(act::OpenHandout{});
    f.act(act::SaveHandoutPdf{});
    const auto& h = f.s.handout;
    REQUIRE(h.status);
    INFO(h.status->text);
    REQUIRE(h.status->kind == Message::Kind::Info);
    const std::filesystem::path path = h.saved_path;
    const std::string id = std::to_string(f.s.draft->consultation_id);
    CHECK(path.filename() == "handout-" + id + "-" + handout::today_iso() + ".pdf");
    CHECK(path.parent_path() == f.svc.handout_dir);
    CHECK(h.status->text.find(path.filename().string()) != std::string::npos);  // says where it went
    CHECK(h.status->text.find(f.svc.handout_dir.string()) != std::string::npos);
    CHECK(mode_of(path) == 0600);
    CHECK(mode_of(f.svc.handout_dir) == 0700);
    const std::string bytes = read_file(path);
    REQUIRE(bytes.rfind("%PDF-", 0) == 0);
    CHECK(bytes.find("%%EOF") != std::string::npos);
    const std::string text = pdf_text(path);
    CHECK(text.find("Kim O'Brien <b>Zoë") != std::string::npos);  // the patient is in the handout...
    CHECK(path.string().find("Kim") == std::string::npos);       // ...never in its file name

    // A second save the same day does not overwrite the first.
    f.act(act::SaveHandoutPdf{});
    CHECK(std::filesystem::path(h.saved_path).filename() == "handout-" + id + "-" + handout::today_iso() + "-2.pdf");
    CHECK(std::filesystem::exists(path));

    const auto rows = f.audit(db::AuditAction::Exported);
    REQUIRE(rows.size() == 2);
    for (const auto& r : rows) {
        CHECK(r.detail.rfind("handout pdf", 0) == 0);
        CHECK(r.detail.find("Kim") == std::string::npos);
        CHECK(r.author == "tester");
    }
}

TEST_CASE("Save PDF of typed but unsaved answers saves the consultation first, so the file has its id", "[ui][handout]") {
    Fixture f;
    f.act(act::AddPatient{"Ada", "", ""});
    f.act(act::StartConsultation{f.s.start.selected_patient});
    f.act(act::SetAnswer{f.s.pack->questionnaire.find("age_years"), Value{std::int64_t{41}}});
    REQUIRE(f.s.draft->consultation_id == 0);
    f.act(act::OpenHandout{});
    f.act(act::SaveHandoutPdf{});
    REQUIRE(f.s.draft->consultation_id > 0);
    CHECK(std::filesystem::path(f.s.handout.saved_path).filename().string().rfind(
              "handout-" + std::to_string(f.s.draft->consultation_id) + "-", 0) == 0);
    CHECK(f.audit(db::AuditAction::Exported).size() == 1);
}

TEST_CASE("Save PDF into an unusable folder says so in the panel and on a banner, and writes no audit row", "[ui][handout]") {
    Fixture f;
    f.consultation();
    std::ofstream(f.dir.path / "not-a-folder") << "x";
    f.svc.handout_dir = f.dir.path / "not-a-folder";
    f.act(act::OpenHandout{});
    f.act(act::SaveHandoutPdf{});
    REQUIRE(f.s.handout.status);
    CHECK(f.s.handout.status->kind == Message::Kind::Error);
    CHECK(f.s.handout.status->text.find("could not be saved") != std::string::npos);
    REQUIRE_FALSE(f.s.messages.empty());
    CHECK(f.s.messages.back().kind == Message::Kind::Error);
    CHECK(f.audit(db::AuditAction::Exported).empty());
    CHECK(f.s.handout.open);  // the panel stays, so Save PDF can be tried again
}

TEST_CASE("with no CUPS server (settings) printing gives one clear message and offers Save PDF, no crash", "[ui][handout][print]") {
    Fixture f;
    f.consultation();
    f.act(act::OpenHandout{});
    f.act(act::RefreshPrinters{});
    const auto& h = f.s.handout;
    CHECK(h.printers_listed);
    CHECK(h.no_print_service);
    CHECK(h.printers.empty());
    CHECK(h.print_problem.find("No printing service") != std::string::npos);
    CHECK(h.print_problem.find("PDF") != std::string::npos);
    f.act(act::PrintHandout{});
    REQUIRE(h.status);
    CHECK(h.status->kind == Message::Kind::Error);
    CHECK(f.audit(db::AuditAction::Printed).empty());
    // Save PDF still works from the same panel.
    f.act(act::SaveHandoutPdf{});
    CHECK(h.status->kind == Message::Kind::Info);
}

TEST_CASE("with no CUPS server (CUPS_SERVER) printing straight away gives the clear message", "[ui][handout][print]") {
    Fixture f;
    f.consultation();
    f.s.settings.cups_server.clear();
    const EnvVar env("CUPS_SERVER", (f.dir.path / "missing" / "cups.sock").string());
    f.act(act::OpenHandout{});
    f.act(act::ChoosePrinter{"some-printer"});
    f.act(act::PrintHandout{});
    const auto& h = f.s.handout;
    REQUIRE(h.status);
    CHECK(h.status->kind == Message::Kind::Error);
    CHECK(h.status->text.find("No printing service (CUPS)") != std::string::npos);
    CHECK(h.no_print_service);
    CHECK(f.audit(db::AuditAction::Printed).empty());
}

TEST_CASE("the handout panel needs a consultation, closing drops the pages", "[ui][handout]") {
    Fixture f;
    f.act(act::OpenHandout{});
    CHECK_FALSE(f.s.handout.open);
    REQUIRE_FALSE(f.s.messages.empty());
    CHECK(f.s.messages.back().kind == Message::Kind::Warning);
}

TEST_CASE("settings: defaults, round trip with mode 0600, bad files and out-of-range values", "[ui][settings]") {
    TempDir dir;
    const auto path = dir.path / "cfg" / "settings.json";
    SECTION("a missing file gives the defaults and no problem") {
        const auto l = load_settings(path);
        CHECK(l.problems.empty());
        CHECK(l.settings.clinic_name == "Hair clinic");
        CHECK(l.settings.margin_mm == 18.0);
    }
    SECTION("round trip") {
        AppSettings s;
        s.clinic_name = "Klinik Ærø – Haar";
        s.clinician_name = "Dr Ødegård";
        s.paper = handout::Paper::Letter;
        s.margin_mm = 25;
        s.handout_dir = (dir.path / "out").string();
        save_settings(path, s);
        CHECK(mode_of(path) == 0600);
        const auto l = load_settings(path);
        CHECK(l.problems.empty());
        CHECK(l.settings.clinic_name == s.clinic_name);
        CHECK(l.settings.clinician_name == s.clinician_name);
        CHECK(l.settings.paper == handout::Paper::Letter);
        CHECK(l.settings.margin_mm == 25);
        CHECK(l.settings.handout_dir == s.handout_dir);
    }
    SECTION("malformed JSON: defaults and one problem") {
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path) << "{\"clinic_name\": ";
        const auto l = load_settings(path);
        REQUIRE(l.problems.size() == 1);
        CHECK(l.settings.clinic_name == "Hair clinic");
    }
    SECTION("wrong types and out of range values are replaced or clamped, each with a problem line") {
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path) << R"({"clinic_name": 7, "paper": "A3", "margin_mm": 400, "handout_dir": "relative/dir",
                                  "clinician_name": ")" << std::string(500, 'x') << "\"}";
        const auto l = load_settings(path);
        CHECK(l.problems.size() == 5);
        CHECK(l.settings.clinic_name == "Hair clinic");
        CHECK(l.settings.paper == handout::Paper::A4);
        CHECK(l.settings.margin_mm == kMaxMarginMm);
        CHECK(l.settings.handout_dir.empty());
        CHECK(l.settings.clinician_name.size() == kMaxSettingText);
    }
}

TEST_CASE("Save settings applies them to the handout and writes the file", "[ui][settings]") {
    Fixture f;
    f.consultation();
    f.act(act::Navigate{Screen::Settings});
    AppSettings e = f.s.settings_edit;
    e.clinic_name = "Riverside Hair Clinic";
    e.clinician_name = "Dr Sam Example";
    e.margin_mm = 2;  // clamped
    f.act(act::EditSettings{e});
    CHECK(f.s.settings.clinic_name != "Riverside Hair Clinic");  // not applied until saved
    f.act(act::SaveSettings{});
    CHECK(f.s.settings.clinic_name == "Riverside Hair Clinic");
    CHECK(f.s.settings.margin_mm == kMinMarginMm);
    REQUIRE(std::filesystem::exists(f.svc.settings_path));
    CHECK(read_file(f.svc.settings_path).find(kPatient) == std::string::npos);
    f.act(act::Navigate{Screen::Consultation});
    f.act(act::OpenHandout{});
    f.act(act::SaveHandoutPdf{});
    const std::string text = pdf_text(f.s.handout.saved_path);
    CHECK(text.find("Riverside Hair Clinic") != std::string::npos);
    CHECK(text.find("Dr Sam Example") != std::string::npos);
}
