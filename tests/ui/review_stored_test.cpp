// The Review screen and the handout on stored results, on a real SQLite file: a revision whose
// saved result is not the shape it was written in (written by another program) shows a banner and
// never takes the app down; declined and accepted options are marked as such; and the CLI's
// handout --session and the app's Review handout of the same saved consultation are the same
// HTML (one function decides "as decided, or today's pack with a note" for both).
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "../db/wrong_shape.h"
#include "engine/evaluate.h"
#include "handout/html.h"
#include "ui/actions.h"
#include "ui/compare.h"
#include "ui/audit.h"
#include "ui/handout_actions.h"
#include "ui/settings.h"
#include "headless.h"
#include "ui_test_support.h"

using namespace hc;
using namespace hc::ui;
using namespace hc::ui::test;
using Catch::Contains;
using nlohmann::json;

namespace {
namespace fs = std::filesystem;

const char* kComplete = "a03-man-planning-to-father-a-child-norwood-3-vertex";
const char* kRegenerative = "a31-regenerative-interest-in-a-woman-who-could-become-";


struct Fixture {
    TempDir dir;
    fs::path file = dir.path / "c.db";
    std::optional<db::Store> store;
    Services svc;
    AppState s = fresh_state();
    double now = 100.0;
    db::PatientId patient = 0;

    Fixture() {
        store.emplace(db::Store::open(file));
        svc.store = &*store;
        svc.handout_dir = dir.path / "handouts";
        svc.preview_pixels_per_point = 0.5;
        s.settings.cups_server = (dir.path / "no-cups.sock").string();  // never the user's print server
        patient = store->add_patient({"Wren Example", "", ""});
    }
    void act(const Action& a) { apply(s, a, svc, now); }
    db::ConsultationId finalised(const char* vignette_stem, const std::vector<db::Override>& decisions = {},
                                 std::optional<db::ConsultationId> follow_up_of = std::nullopt) {
        const Answers a = vignette_answers(vignette_stem);
        const auto id = store->start_consultation(patient, *pack(), a, "dr-a", follow_up_of);
        store->finalise(id, *pack(), a, decisions, "dr-a");
        return id;
    }
};

bool drawn(const std::string& prefix) {
    for (const auto& i : audit::items())
        if (i.label.rfind(prefix, 0) == 0) return true;
    return false;
}

// Draws three frames of the current screen with the layout audit on (a tall display, so the
// whole Review screen is in view).
void audited_frames(Headless& h, const AppState& s) {
    ImGui::GetIO().DisplaySize = ImVec2(1600, 4000);
    audit::set_enabled(true);
    for (int i = 0; i < 3; ++i) {
        audit::clear();
        h.frame(s);
    }
    audit::set_enabled(false);
}

}  // namespace

TEST_CASE("Review: a revision whose saved result has the wrong shape is a banner, never a crash", "[ui][review][stored]") {
    Fixture f;
    const auto id = f.finalised(kComplete);
    // Another program appends a revision whose result has a red flag that is not an object
    // (the old Review screen threw nlohmann's type_error from inside the frame).
    hc::test::append_wrong_shape(f.file, id, [](json& r) { r["red_flags"] = json::array({"oops"}); });
    f.act(act::OpenConsultation{id});
    REQUIRE(f.s.screen == Screen::Review);
    REQUIRE(f.s.review.saved);
    CHECK(f.s.review.shown.info.number == 3);
    CHECK_FALSE(f.s.review.decided);
    CHECK_THAT(f.s.review.unreadable, Contains("The result saved with revision 3 cannot be read"));
    CHECK_THAT(f.s.review.unreadable, Contains("/red_flags/0 must be an object, not a string"));
    CHECK_FALSE(f.s.review.answers.empty());  // the answers are still shown

    Headless h;
    REQUIRE_NOTHROW(audited_frames(h, f.s));
    CHECK(drawn("The result saved with revision 3 cannot be read"));
    CHECK(drawn("Answers as saved"));

    // What today's pack says about it: a problem listed, not a crash.
    f.act(act::Reevaluate{});
    REQUIRE_NOTHROW(audited_frames(h, f.s));

    // The handout of that revision: today's evaluation of its answers, said plainly.
    f.act(act::OpenHandout{});
    REQUIRE(f.s.handout.review);
    CHECK_FALSE(f.s.handout.review->as_decided);
    CHECK_THAT(f.s.handout.review->note, Contains("cannot be read"));
    f.act(act::CloseHandout{});

    // The revision before it reads as decided, the banner gone.
    f.act(act::ViewRevision{f.s.review.saved->revisions[1].id});
    CHECK(f.s.review.shown.info.number == 2);
    REQUIRE(f.s.review.decided);
    CHECK(f.s.review.unreadable.empty());
    REQUIRE_NOTHROW(audited_frames(h, f.s));
    CHECK_FALSE(drawn("The result saved with revision"));
    CHECK(drawn("Options as decided"));
}

TEST_CASE("Review: a declined option reads declined with its reason, an accepted one accepted", "[ui][review][stored]") {
    Fixture f;
    const auto id = f.finalised(kComplete, {{"oral_finasteride", db::Override::Decision::Decline, "wants children soon"},
                                            {"prp", db::Override::Decision::Accept, "asked for it"}});
    f.act(act::OpenConsultation{id});
    REQUIRE(f.s.screen == Screen::Review);
    REQUIRE(f.s.review.decided);
    Headless h;
    audited_frames(h, f.s);
    CHECK(drawn(decision_mark(db::Override::Decision::Decline)));
    CHECK(drawn(decision_mark(db::Override::Decision::Accept)));
    CHECK(drawn("Declined: wants children soon"));
    CHECK(drawn("Accepted: asked for it"));
}

TEST_CASE("the CLI and the app print the same handout HTML for the same saved follow-up", "[ui][handout][stored][cli]") {
    Fixture f;
    const auto first = f.finalised(kRegenerative);
    // The follow-up: a default option declined, a not-now one accepted, an unproven one accepted
    // (it keeps its own "not proven" section; the old CLI listed it among the chosen options).
    const std::vector<db::Override> decisions = {
        {"oral_minoxidil_low_dose", db::Override::Decision::Decline, "prefers topical"},
        {"hair_transplant", db::Override::Decision::Accept, "wants to know about surgery"},
        {"stem_cell_injection", db::Override::Decision::Accept, "asked about it"}};
    const auto id = f.finalised(kRegenerative, decisions, first);
    REQUIRE(f.store->get(id).summary.follow_up_of == first);

    // The app: the Review screen's handout, composed as the panel composes it.
    f.act(act::OpenConsultation{id});
    REQUIRE(f.s.screen == Screen::Review);
    f.act(act::OpenHandout{});
    REQUIRE(f.s.handout.review);
    const ReviewHandout& r = *f.s.handout.review;
    CHECK(r.as_decided);
    CHECK(r.note.empty());
    const std::vector<std::string> chosen = chosen_ids(f.s.handout);
    CHECK(chosen == std::vector<std::string>{"topical_minoxidil", "spironolactone", "ketoconazole_shampoo", "hair_transplant"});
    handout::Input in;
    in.pack = r.pack.get();
    in.answers = &r.answers;
    in.result = &r.result;
    in.patient_name = r.patient_label;
    in.date = r.date;
    in.settings = handout_settings(f.s.settings);
    in.settings.paper = f.s.handout.paper;
    in.chosen_options = chosen;
    const std::string app_html = handout::render_html(handout::compose(in));

    // The CLI on the same file (it opens alongside the app's store).
    const fs::path html = f.dir.path / "cli.html", err = f.dir.path / "cli.err";
    const std::string cmd = quote(HC_CLI_PATH) + " --pack " + quote(HC_PACK_DIR) + " --db " + quote(f.file.string()) +
                            " handout --session " + std::to_string(id) + " --html " + quote(html.string()) + " 2>" +
                            quote(err.string()) + " </dev/null";
    const int status = std::system(cmd.c_str());
    INFO(read_file(err));
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    CHECK(read_file(err).find("note:") == std::string::npos);
    const std::string cli_html = read_file(html);
    CHECK(cli_html == app_html);
    CHECK(cli_html.find("Wren Example") != std::string::npos);
}
