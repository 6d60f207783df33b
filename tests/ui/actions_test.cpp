// The one place that changes AppState (ui/actions.cpp), driven without a window, on a real
// SQLite file in a temp folder: navigation, dirty tracking, autosave debounce, retries after a
// failed save, finalise rules, decisions, amendments, follow-ups, paging.
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <thread>

#include "engine/evaluate.h"
#include "ui/actions.h"
#include "ui/compare.h"
#include "ui_test_support.h"

using namespace hc;
using namespace hc::ui;
using namespace hc::ui::test;

namespace {
const char* kComplete = "a03-man-planning-to-father-a-child-norwood-3-vertex";
const char* kRedFlag = "a07-biopsy-proven-active-lichen-planopilaris-wanting-a";

struct Fixture {
    TempDir dir;
    std::optional<db::Store> store;
    Services svc;
    AppState s = fresh_state();
    double now = 100.0;
    Fixture() {
        store.emplace(db::Store::open(dir.path / "c.db"));
        svc.store = &*store;
    }
    void act(const Action& a) { apply(s, a, svc, now); }
    db::PatientId add(const std::string& name) {
        act(act::AddPatient{name, "", ""});
        return s.start.selected_patient;
    }
    Slot slot(const char* id) const { return s.pack->questionnaire.find(id); }
};
}  // namespace

TEST_CASE("adding a patient selects and lists them - an empty name is refused with a message", "[ui][actions]") {
    Fixture f;
    const auto id = f.add("Łukasz Żółć");
    REQUIRE(id > 0);
    REQUIRE(f.s.start.patients.size() == 1);
    CHECK(f.s.start.patients[0].name == "Łukasz Żółć");
    f.act(act::AddPatient{"   ", "", ""});
    REQUIRE_FALSE(f.s.messages.empty());
    CHECK(f.s.messages.back().kind == Message::Kind::Warning);
    CHECK(f.s.start.patients.size() == 1);
}

TEST_CASE("navigation: start -> consultation -> page keys clamp -> jump to a missing item", "[ui][actions]") {
    Fixture f;
    const auto id = f.add("Ada Example");
    f.act(act::StartConsultation{id});
    REQUIRE(f.s.screen == Screen::Consultation);
    REQUIRE(f.s.draft);
    CHECK(f.s.draft->patient_id == id);
    CHECK(f.s.save.state == SaveState::Saved);  // blank: nothing to save yet
    f.act(act::GotoPage{-3});
    CHECK(f.s.view.page == 0);
    f.act(act::GotoPage{999});
    CHECK(f.s.view.page == page_count(f.s) - 1);
    REQUIRE_FALSE(f.s.draft->result.missing.empty());
    const Slot m = f.s.draft->result.missing.front();
    f.act(act::JumpToItem{m});
    CHECK(f.s.view.focus_item == m);
    CHECK(f.s.view.page == f.s.pack->questionnaire.items[static_cast<std::size_t>(m)].page);
}

TEST_CASE("an answer makes the draft dirty and re-evaluates and enableWhen hides and shows items", "[ui][actions]") {
    Fixture f;
    f.act(act::StartConsultation{f.add("Bea")});
    const Slot sex = f.slot("sex_at_birth"), repro = f.slot("reproductive_status");
    f.act(act::SetAnswer{sex, Value{std::string("male")}});
    CHECK(f.s.save.state == SaveState::Unsaved);
    CHECK(f.s.save.first_unsaved_at == f.now);
    CHECK_FALSE(f.s.draft->enabled[static_cast<std::size_t>(repro)]);
    f.act(act::SetAnswer{sex, Value{std::string("female")}});
    CHECK(f.s.draft->enabled[static_cast<std::size_t>(repro)]);
    // A bad value is refused with a message; the answer stays as it was.
    f.act(act::SetAnswer{f.slot("age_years"), Value{std::int64_t{900}}});
    CHECK_FALSE(f.s.draft->answers.answered(f.slot("age_years")));
    CHECK(f.s.messages.back().kind == Message::Kind::Warning);
}

TEST_CASE("autosave waits for a pause in typing, but never longer than max_wait", "[ui][autosave]") {
    Fixture f;
    f.act(act::StartConsultation{f.add("Cem")});
    const Slot notes = f.slot("clinician_notes");
    std::string text;
    // Typing a character every 0.3 s: the debounce (0.8 s) never elapses...
    for (int i = 0; i < 10; ++i) {
        text += 'x';
        f.act(act::SetAnswer{notes, Value{text}});
        f.now += 0.3;
        tick(f.s, f.svc, f.now);
        if (f.now - 100.0 < f.s.autosave.max_wait_s) CHECK(f.s.save.state == SaveState::Unsaved);
    }
    // ...but max_wait (5 s) after the first keystroke forces a save while typing continues.
    for (int i = 0; i < 10 && f.s.save.state != SaveState::Saved; ++i) {
        text += 'y';
        f.act(act::SetAnswer{notes, Value{text}});
        f.now += 0.3;
        tick(f.s, f.svc, f.now);
    }
    CHECK(f.s.save.state == SaveState::Saved);
    CHECK(f.s.draft->consultation_id > 0);
    CHECK(f.now - 100.0 <= f.s.autosave.max_wait_s + 0.31);

    // After a pause of the debounce, the next change is saved (as the store's draft).
    text += 'z';
    f.act(act::SetAnswer{notes, Value{text}});
    CHECK(tick(f.s, f.svc, f.now + 0.1) == Approx(0.7).margin(1e-6));
    CHECK(f.s.save.state == SaveState::Unsaved);
    tick(f.s, f.svc, f.now + 0.81);
    CHECK(f.s.save.state == SaveState::Saved);
    const auto c = f.store->get(f.s.draft->consultation_id);
    REQUIRE(c.autosave);
    CHECK(c.autosave->answers_json.find(text) != std::string::npos);
}

TEST_CASE("after a save, the store's log is checkpointed once the clinician pauses", "[ui][autosave]") {
    Fixture f;
    f.act(act::StartConsultation{f.add("Eda")});
    f.act(act::SetAnswer{f.slot("clinician_notes"), Value{std::string("first words")}});
    tick(f.s, f.svc, f.now + 1.0);  // the debounce elapses: the draft is saved
    REQUIRE(f.s.save.state == SaveState::Saved);
    const auto id = f.s.draft->consultation_id;
    const double saved = f.s.save.saved_at;

    // The main file on its own (without its -wal) holds the saved consultation only after a
    // checkpoint has copied the log into it.
    const auto main_file_has_it = [&] {
        TempDir copy;
        std::filesystem::copy_file(f.dir.path / "c.db", copy.path / "copy.db");
        auto st = db::Store::open(copy.path / "copy.db");
        try {
            (void)st.get(id);
            return true;
        } catch (const db::StoreError&) {
            return false;  // NotFound: still only in the log
        }
    };
    CHECK(tick(f.s, f.svc, saved + 1.0) == Approx(f.s.autosave.checkpoint_idle_s - 1.0).margin(1e-6));
    CHECK(f.s.save.checkpoint_due);
    CHECK_FALSE(main_file_has_it());

    CHECK(tick(f.s, f.svc, saved + f.s.autosave.checkpoint_idle_s) > 1e6);  // nothing left to do
    CHECK_FALSE(f.s.save.checkpoint_due);
    CHECK(main_file_has_it());
}

TEST_CASE("a failing save keeps the consultation in memory, says so, and retries until it works", "[ui][autosave]") {
    Fixture f;
    const auto path = f.dir.path / "c.db";
    const auto pid = f.add("Dana");
    f.act(act::StartConsultation{pid});
    // The same file opened read-only: every write fails, as on a full or read-only disk.
    f.store.reset();
    db::OpenOptions ro;
    ro.read_only = true;
    ro.lock = db::OpenOptions::Lock::Shared;
    std::optional<db::Store> broken(db::Store::open(path, ro));
    f.svc.store = &*broken;

    f.act(act::SetAnswer{f.slot("age_years"), Value{std::int64_t{41}}});
    tick(f.s, f.svc, f.now + 1.0);
    REQUIRE(f.s.save.state == SaveState::Failed);
    CHECK_FALSE(f.s.save.error.empty());
    CHECK(f.s.save.failures == 1);
    CHECK(f.s.draft->answers.answered(f.slot("age_years")));  // nothing lost
    // Typing goes on while it fails; the state stays Failed (the banner stays up).
    f.act(act::SetAnswer{f.slot("age_years"), Value{std::int64_t{42}}});
    CHECK(f.s.save.state == SaveState::Failed);
    // Retries back off: 2 s, then 4 s.
    const double first_retry = f.s.save.retry_at;
    CHECK(first_retry == Approx(f.now + 1.0 + 2.0));
    tick(f.s, f.svc, first_retry - 0.1);
    CHECK(f.s.save.failures == 1);
    tick(f.s, f.svc, first_retry);
    CHECK(f.s.save.failures == 2);
    CHECK(f.s.save.retry_at == Approx(first_retry + 4.0));

    // The disk is back: the next retry saves everything typed.
    broken.reset();
    f.store.emplace(db::Store::open(path));
    f.svc.store = &*f.store;
    tick(f.s, f.svc, f.s.save.retry_at);
    CHECK(f.s.save.state == SaveState::Saved);
    CHECK(f.s.save.error.empty());
    const auto c = f.store->get(f.s.draft->consultation_id);
    CHECK(c.latest.answers_json.find("42") != std::string::npos);
}

TEST_CASE("a save that can never succeed (withdrawn elsewhere) is not retried, and nothing typed is lost", "[ui][autosave]") {
    Fixture f;
    const auto pid = f.add("Dana");
    f.act(act::StartConsultation{pid});
    f.act(act::SetAnswer{f.slot("age_years"), Value{std::int64_t{41}}});
    tick(f.s, f.svc, f.now + 1.0);
    REQUIRE(f.s.save.state == SaveState::Saved);
    // Another program (the CLI) withdraws the consultation while it is open here.
    f.store->withdraw(f.s.draft->consultation_id, "other-desk", "entered for the wrong patient");
    f.act(act::SetAnswer{f.slot("age_years"), Value{std::int64_t{42}}});
    tick(f.s, f.svc, f.now + 10.0);
    REQUIRE(f.s.save.state == SaveState::Failed);
    CHECK(f.s.save.hopeless);
    CHECK_FALSE(f.s.save.error.empty());
    // No timer of ours is due any more, and later ticks make no further attempt.
    CHECK(tick(f.s, f.svc, f.now + 100.0) > 1e6);
    tick(f.s, f.svc, f.now + 1000.0);
    CHECK(f.s.save.failures == 1);
    CHECK(f.s.draft->answers.answered(f.slot("age_years")));  // the typing is still there
}

TEST_CASE("finalise is refused with the reasons while required items are missing, then locks", "[ui][finalise]") {
    Fixture f;
    f.act(act::StartConsultation{f.add("Eve")});
    f.act(act::Finalise{});
    REQUIRE(f.s.modal);
    CHECK(f.s.modal->text.find("Required") != std::string::npos);
    CHECK_FALSE(f.s.draft->finalised());
    f.act(act::DismissModal{});
    CHECK_FALSE(f.s.modal);

    // Fill in a complete case and finalise.
    const Answers a = vignette_answers(kComplete);
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a.answered(static_cast<Slot>(i))) f.act(act::SetAnswer{static_cast<Slot>(i), a.get(static_cast<Slot>(i))});
    CHECK(finalise_blockers(f.s).empty());
    f.act(act::Finalise{});
    CHECK_FALSE(f.s.modal);
    CHECK(f.s.draft->finalised());
    CHECK(f.store->get(f.s.draft->consultation_id).summary.status == db::Status::Completed);
    // Locked: answers are refused, autosave has nothing to do.
    f.act(act::SetAnswer{f.slot("age_years"), Value{std::int64_t{50}}});
    CHECK(f.s.draft->answers.get(f.slot("age_years")) == a.get(f.slot("age_years")));
    CHECK(tick(f.s, f.svc, f.now + 100) > 1e6);
}

TEST_CASE("finalise is refused without a patient (a draft from --answers)", "[ui][finalise]") {
    Fixture f;
    open_draft(f.s, 0, "", vignette_answers(kComplete));
    const auto why = finalise_blockers(f.s);
    REQUIRE(why.size() == 1);
    CHECK(why[0].find("patient") != std::string::npos);
    CHECK(tick(f.s, f.svc, f.now + 10) > 1e6);  // nothing to save under
    // Naming the patient attaches the draft, and autosave then creates the consultation.
    f.act(act::AddPatient{"Fay", "", ""});
    CHECK(f.s.draft->patient_id > 0);
    tick(f.s, f.svc, f.now + 10);
    CHECK(f.s.save.state == SaveState::Saved);
    CHECK(f.s.draft->consultation_id > 0);
}

TEST_CASE("accepting or declining a suggestion needs a reason and is saved with the consultation", "[ui][actions]") {
    Fixture f;
    f.act(act::StartConsultation{f.add("Gus")});
    const Answers a = vignette_answers(kComplete);
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a.answered(static_cast<Slot>(i))) f.act(act::SetAnswer{static_cast<Slot>(i), a.get(static_cast<Slot>(i))});
    REQUIRE_FALSE(f.s.draft->result.options.empty());
    const int opt = f.s.draft->result.options.front().option;
    f.act(act::Decide{opt, false});
    CHECK(f.s.draft->overrides.empty());
    f.act(act::EditDecisionReason{opt, "prefers to wait a year"});
    f.act(act::Decide{opt, false});
    REQUIRE(f.s.draft->overrides.size() == 1);
    CHECK(f.s.draft->overrides[0].decision == db::Override::Decision::Decline);
    f.act(act::SaveNow{});
    CHECK(f.s.save.state == SaveState::Saved);
    const auto c = f.store->get(f.s.draft->consultation_id);
    REQUIRE(c.latest.overrides.size() == 1);
    CHECK(c.latest.overrides[0].reason == "prefers to wait a year");
}

TEST_CASE("review opens as saved and Amend needs a reason and appends a revision", "[ui][review]") {
    Fixture f;
    const auto pid = f.add("Hal");
    const auto cid = f.store->start_consultation(pid, *f.s.pack, vignette_answers(kRedFlag), "tester");
    f.store->finalise(cid, *f.s.pack, vignette_answers(kRedFlag), {}, "tester");
    f.act(act::OpenConsultation{cid});
    REQUIRE(f.s.screen == Screen::Review);
    REQUIRE(f.s.review.saved);
    REQUIRE(f.s.review.decided);
    CHECK(f.s.review.decided->red_flags.size() >= 1);
    CHECK_FALSE(f.s.review.reevaluated);  // same pack: nothing to compare

    f.act(act::EditSaved{});
    REQUIRE(f.s.draft);
    CHECK(f.s.draft->mode == Draft::Mode::Amending);
    CHECK(f.s.screen == Screen::Consultation);
    f.act(act::SetAnswer{f.slot("clinician_notes"), Value{std::string("biopsy booked")}});
    CHECK(tick(f.s, f.svc, f.now + 60) > 1e6);  // amendments are not autosaved
    f.act(act::SaveNow{});
    CHECK(f.s.save.state == SaveState::Failed);  // no reason yet
    CHECK(f.s.draft->answers.answered(f.slot("clinician_notes")));
    f.act(act::EditAmendReason{"added the biopsy date"});
    f.act(act::SaveNow{});
    CHECK(f.s.save.state == SaveState::Saved);
    const auto c = f.store->get(cid);
    CHECK(c.summary.status == db::Status::Amended);
    CHECK(c.revisions.back().reason == "added the biopsy date");
}

TEST_CASE("a follow-up starts from the last visit's answers, without its notes, and lists changes", "[ui][followup]") {
    Fixture f;
    const auto pid = f.add("Ivo");
    const Answers a = vignette_answers(kComplete);
    const auto cid = f.store->start_consultation(pid, *f.s.pack, a, "tester");
    f.act(act::StartFollowUp{cid});
    REQUIRE(f.s.draft);
    CHECK(f.s.draft->follow_up_of == cid);
    CHECK(f.s.draft->patient_id == pid);
    REQUIRE(f.s.draft->previous);
    CHECK_FALSE(f.s.draft->answers.answered(f.slot("clinician_notes")));
    CHECK(f.s.draft->answers.get(f.slot("age_years")) == a.get(f.slot("age_years")));
}

TEST_CASE("sessions paging walks pages by keyset and back", "[ui][sessions]") {
    Fixture f;
    const auto pid = f.add("Jo");
    for (int i = 0; i < 7; ++i) f.store->start_consultation(pid, *f.s.pack, Answers(f.s.pack->questionnaire), "tester");
    f.s.sessions.page_size = 3;
    f.act(act::Navigate{Screen::Sessions});
    CHECK(f.s.sessions.rows.size() == 3);
    const auto first = f.s.sessions.rows.front().id;
    f.act(act::SessionsNextPage{});
    f.act(act::SessionsNextPage{});
    CHECK(f.s.sessions.rows.size() == 1);
    CHECK_FALSE(f.s.sessions.next);
    f.act(act::SessionsPrevPage{});
    f.act(act::SessionsPrevPage{});
    CHECK(f.s.sessions.rows.front().id == first);
}

TEST_CASE("a read-only copy refuses edits with the reason and never writes", "[ui][actions]") {
    Fixture f;
    f.s.read_only = true;
    f.s.read_only_reason = "open in another window";
    open_draft(f.s, 1, "x", Answers(f.s.pack->questionnaire));
    f.act(act::SetAnswer{f.slot("age_years"), Value{std::int64_t{30}}});
    CHECK_FALSE(f.s.draft->answers.answered(f.slot("age_years")));
    CHECK(f.s.messages.back().text.find("another window") != std::string::npos);
}

TEST_CASE("zoom steps are bounded and Ctrl+0 resets", "[ui][actions]") {
    Fixture f;
    for (int i = 0; i < 40; ++i) f.act(act::Zoom{+1});
    CHECK(f.s.zoom == Approx(2.5f));
    f.act(act::Zoom{0});
    CHECK(f.s.zoom == 1.0f);
}

TEST_CASE("Save handout PDF writes a real PDF named by id, never by the patient", "[ui][handout]") {
    Fixture f;
    f.svc.handout_dir = f.dir.path / "handouts";
    f.act(act::StartConsultation{f.add("Kim O'Brien & Sons <span")});
    const Answers a = vignette_answers(kComplete);
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a.answered(static_cast<Slot>(i))) f.act(act::SetAnswer{static_cast<Slot>(i), a.get(static_cast<Slot>(i))});
    f.act(act::SaveNow{});
    f.act(act::SaveHandoutPdf{});
    REQUIRE(f.s.messages.back().kind == Message::Kind::Info);
    int pdfs = 0;
    for (const auto& e : std::filesystem::directory_iterator(f.svc.handout_dir)) {
        ++pdfs;
        const auto name = e.path().filename().string();
        CHECK(name.find("Kim") == std::string::npos);
        CHECK(name.find(std::to_string(f.s.draft->consultation_id)) != std::string::npos);
        std::ifstream in(e.path(), std::ios::binary);
        std::string head(5, '\0');
        in.read(head.data(), 5);
        CHECK(head == "%PDF-");
    }
    CHECK(pdfs == 1);
}

namespace {
void pause_ms() { std::this_thread::sleep_for(std::chrono::milliseconds(5)); }  // distinct store timestamps
bool says(const AppState& s, const std::string& part) {
    for (const auto& m : s.messages)
        if (m.text.find(part) != std::string::npos) return true;
    return false;
}
}  // namespace

TEST_CASE("a follow-up continued after the earlier visit was amended compares with the amendment and reports no change nobody made", "[ui][actions][followup]") {
    Fixture f;
    const auto pid = f.add("Carl Follow");
    const Slot family = f.slot("family_history"), age = f.slot("age_years");
    Answers first = vignette_answers(kComplete);
    first.set(f.s.pack->questionnaire, family, Value{std::string("yes")});
    open_draft(f.s, pid, "Carl Follow", first);
    f.act(act::SaveNow{});
    f.act(act::Finalise{});
    const auto visit1 = f.s.draft->consultation_id;
    REQUIRE(f.s.draft->finalised());
    pause_ms();

    f.act(act::StartFollowUp{visit1});
    f.act(act::SetAnswer{age, Value{std::int64_t{42}}});
    f.act(act::SaveNow{});
    const auto visit2 = f.s.draft->consultation_id;
    REQUIRE(visit2 != visit1);
    pause_ms();

    // Amend visit 1: family history Yes -> Not known. The header never says saved meanwhile,
    // and the "give the reason" banner goes once the amendment is saved.
    f.act(act::OpenConsultation{visit1});
    f.act(act::EditSaved{});
    REQUIRE(f.s.draft->mode == Draft::Mode::Amending);
    CHECK_FALSE(f.s.draft->amendment_changed);
    f.act(act::SetAnswer{family, Value{std::string("unknown")}});
    CHECK(f.s.draft->amendment_changed);
    f.act(act::SaveNow{});
    REQUIRE(says(f.s, "reason"));
    f.act(act::EditAmendReason{"family history was not known after all"});
    f.act(act::SaveNow{});
    CHECK(f.s.draft->finalised());
    CHECK_FALSE(says(f.s, "Not saved"));
    pause_ms();

    // Continue the follow-up: it compares with the amended visit, and the carried-over answer
    // follows the amendment, so no "Yes -> Not known" appears that nobody made.
    f.act(act::OpenConsultation{visit2});
    f.act(act::EditSaved{});
    REQUIRE(f.s.draft);
    REQUIRE(f.s.draft->consultation_id == visit2);
    REQUIRE(f.s.draft->previous);
    CHECK(f.s.draft->previous->get(family) == Value{std::string("unknown")});
    CHECK(f.s.draft->answers.get(family) == Value{std::string("unknown")});
    CHECK(f.s.draft->answers.get(age) == Value{std::int64_t{42}});  // typed in the follow-up: kept
    const auto lines = answer_changes(f.s.pack->questionnaire, *f.s.draft->previous, f.s.draft->answers);
    for (const auto& l : lines) CHECK(l.find("amily") == std::string::npos);
}

TEST_CASE("an amendment can be discarded: back to the review, the record unchanged", "[ui][actions][amend]") {
    Fixture f;
    const auto pid = f.add("Dora Discard");
    open_draft(f.s, pid, "Dora Discard", vignette_answers(kComplete));
    f.act(act::SaveNow{});
    f.act(act::Finalise{});
    const auto id = f.s.draft->consultation_id;
    const int revisions = f.store->get(id).summary.revision_count;
    f.act(act::OpenConsultation{id});
    f.act(act::EditSaved{});
    f.act(act::SetAnswer{f.slot("family_history"), Value{std::string("no")}});
    f.act(act::SaveNow{});  // no reason: refused, a banner about it
    REQUIRE(says(f.s, "Not saved"));
    f.act(act::DiscardAmendment{});
    CHECK_FALSE(f.s.draft);
    CHECK(f.s.screen == Screen::Review);
    CHECK_FALSE(says(f.s, "Not saved"));  // its cause is gone
    CHECK(f.store->get(id).summary.revision_count == revisions);
    // Closing the app is not held up by an amendment that no longer exists.
    f.act(act::Quit{});
    CHECK(f.s.quit);
}

TEST_CASE("news of what just happened goes with the screen, problems stay", "[ui][actions][messages]") {
    Fixture f;
    const auto pid = f.add("Eve News");
    open_draft(f.s, pid, "Eve News", vignette_answers(kComplete));
    f.act(act::SaveNow{});
    f.act(act::Finalise{});
    REQUIRE(says(f.s, "Finalised"));
    f.s.messages.push_back({Message::Kind::Error, "A real problem", false, ++f.s.message_seq});
    f.act(act::Navigate{Screen::Start});
    CHECK_FALSE(says(f.s, "Finalised"));
    CHECK(says(f.s, "A real problem"));
}

TEST_CASE("a likelihood that changed reads as one line", "[ui][compare]") {
    const auto p = pack();
    // Two stored results that differ only in that likelihood, compared as the store compares them.
    Answers a = vignette_answers("a03-man-planning-to-father-a-child-norwood-3-vertex");
    const Effective eff = effective_answers(p->questionnaire, a);
    nlohmann::json before = to_json(*p, eff.answers, evaluate(*p, eff.answers));
    REQUIRE_FALSE(before["assessments"].empty());
    REQUIRE(before["assessments"][0]["likelihood"] == "likely");
    nlohmann::json after = before;
    after["assessments"][0]["likelihood"] = "possible";
    const db::ResultDiff d = db::diff_results(before.dump(), after.dump());
    REQUIRE(d.assessments.size() == 1);
    CHECK(d.assessments[0].before == Likelihood::Likely);
    CHECK(d.assessments[0].after == Likelihood::Possible);
    const auto lines = result_changes(d, *p);
    REQUIRE(lines.size() == 1);
    const int i = p->find_assessment(before["assessments"][0]["id"].get<std::string>());
    REQUIRE(i >= 0);
    CHECK(lines[0] == p->assessments[static_cast<std::size_t>(i)].title + ": likely \u2192 possible");

    // An assessment that came or went says so with its likelihood; a verdict reads in one spelling.
    db::ResultDiff d2;
    d2.assessments.push_back({p->assessments.front().id, std::nullopt, Likelihood::Possible});
    d2.verdicts.push_back({p->options.front().id, Verdict::FirstLine, std::nullopt});
    const auto lines2 = result_changes(d2, *p);
    REQUIRE(lines2.size() == 2);
    CHECK(lines2[0] == "Now assessed: " + p->assessments.front().title + " (possible)");
    CHECK(lines2[1] == p->options.front().title + ": First line \u2192 (not listed)");
}

TEST_CASE("a status is spelled one way on every screen, with the follow-up marker in lists", "[ui][compare]") {
    CHECK(status_words(db::Status::Completed) == "finalised");
    CHECK(status_words(db::Status::InProgress) == "in progress");
    db::ConsultationSummary c;
    c.status = db::Status::Completed;
    c.follow_up_of = 12;
    CHECK(status_line(c) == "finalised \u00b7 follow-up of #12");
}

TEST_CASE("a one- or two-character Chinese name is found by the patient search", "[ui][actions][search]") {
    Fixture f;
    f.add("\u738b\u82b3");        // 王芳
    f.add("\u738b\u5efa\u56fd");  // 王建国
    f.add("Ada Example");
    f.act(act::SearchPatients{"\u738b\u82b3"});
    REQUIRE(f.s.start.patients.size() == 1);
    CHECK(f.s.start.patients[0].name == "\u738b\u82b3");
    f.act(act::SearchPatients{"\u738b"});
    CHECK(f.s.start.patients.size() == 2);
    db::ListFilter lf;
    lf.text = "\u738b\u82b3";
    CHECK(f.store->list(lf, std::nullopt, 10).rows.empty());  // no consultations yet, and no error
}

TEST_CASE("a second window shows an in-progress consultation's latest autosaved answers and their result, saying so", "[ui][actions][readonly]") {
    Fixture f;
    const auto pid = f.add("Ivy Second");
    f.act(act::StartConsultation{pid});
    f.act(act::SetAnswer{f.slot("age_years"), Value{std::int64_t{52}}});
    f.act(act::SaveNow{});  // revision 1: age only
    const auto id = f.s.draft->consultation_id;
    f.act(act::SetAnswer{f.slot("scarring_signs"), Value{Codes{"tufting"}}});
    f.now += 30;
    tick(f.s, f.svc, f.now);  // autosaved, not a revision
    REQUIRE(f.s.save.state == SaveState::Saved);
    REQUIRE_FALSE(f.s.draft->result.red_flags.empty());

    AppState other = fresh_state();  // the second window: read-only on the same file
    other.read_only = true;
    other.read_only_reason = "open in another window";
    apply(other, act::OpenConsultation{id}, f.svc, f.now);
    REQUIRE(other.screen == Screen::Review);
    CHECK_FALSE(other.review.autosave_at.empty());
    CHECK(other.review.answers.contains("scarring_signs"));
    REQUIRE(other.review.decided);
    CHECK_FALSE(other.review.decided->red_flags.empty());
}
