// Several rooms on one clinic store (issue 12), as the clinicians in them meet it: two rooms'
// app states, each with its own Store on one database of the private test server, driven by the
// actions their screens send. Room A edits; room B opens the same consultation and sees who has
// it and A's latest typing, read-only; B takes over and A keeps what it had not saved, to copy;
// a stale save is refused with nothing lost; other rooms' saves reach the lists and screens
// through the real change feed (LISTEN/NOTIFY). On a file, none of this shows.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <thread>
#include <unistd.h>

#include "headless.h"
#include "tests/pg/test_server.h"
#include "ui/actions.h"
#include "ui/room_feed.h"
#include "ui/rooms.h"
#include "ui_test_support.h"

using namespace hc;
using namespace hc::ui;
using namespace hc::ui::test;

namespace {

std::string fresh_clinic(const std::string& name) {
    static int n = 0;
    return test_server::fresh_db("hc_rooms_" + name + "_" + std::to_string(::getpid()) + "_" + std::to_string(++n));
}

// One room: its own connection to the clinic's store, its own screen state.
struct Room {
    std::optional<db::Store> store;
    Services svc;
    AppState s = fresh_state();
    double now = 100.0;
    Room(const std::string& location, const std::string& room, const std::string& clinician) {
        store.emplace(db::Store::open(location));
        svc.store = &*store;
        s.room = room;
        s.author = clinician;
    }
    void act(const Action& a) { apply(s, a, svc, now); }
    Slot slot(const char* id) const { return s.pack->questionnaire.find(id); }
    void type_notes(const std::string& text) { act(act::SetAnswer{slot("clinician_notes"), Value{text}}); }
    std::string notes() const {
        const Value& v = s.draft->answers.get(slot("clinician_notes"));
        return std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : std::string();
    }
    // Time passes without typing: autosave runs as it would in the window.
    void pause(double seconds = 10) {
        now += seconds;
        tick(s, svc, now);
    }
    bool said(const std::string& words) const {
        for (const auto& m : s.messages)
            if (m.text.find(words) != std::string::npos) return true;
        return false;
    }
};

// Room 1 (Dr Amara Diallo) and Room 2 (Dr Ben Kowalski) on one new clinic database.
struct TwoRooms {
    std::string clinic;
    Room a, b;
    explicit TwoRooms(const std::string& name)
        : clinic(fresh_clinic(name)), a(clinic, "Room 1", "Dr Amara Diallo"), b(clinic, "Room 2", "Dr Ben Kowalski") {}
};

// Room A starts a consultation for a new patient (a complete public case), saves a revision and
// keeps typing (autosaved).
db::ConsultationId start_in(Room& a) {
    a.act(act::AddPatient{"Ada Okafor", "1980-02-03", ""});
    a.act(act::StartConsultation{a.s.start.selected_patient});
    const Answers answers = vignette_answers("a03-man-planning-to-father-a-child-norwood-3-vertex");
    for (std::size_t i = 0; i < answers.size(); ++i)
        if (answers.answered(static_cast<Slot>(i))) a.act(act::SetAnswer{static_cast<Slot>(i), answers.get(static_cast<Slot>(i))});
    a.act(act::SaveNow{});
    REQUIRE(a.s.draft->consultation_id > 0);
    a.type_notes("Shedding since March; started semaglutide in January.");
    a.pause();
    REQUIRE(a.s.save.state == SaveState::Saved);
    return a.s.draft->consultation_id;
}

// What the other room's feed brought within a few seconds, applied as the app applies it.
void hear(Room& r, db::ChangeFeed& feed, db::Change::Kind kind, db::ConsultationId id) {
    std::vector<db::Change> got;
    for (int i = 0; i < 50; ++i) {
        for (const auto& c : feed.wait(100)) got.push_back(c);
        for (const auto& c : got)
            if (c.kind == kind && c.consultation == id) {
                r.act(act::StoreChanged{got, false});
                return;
            }
    }
    FAIL("the change never arrived through the feed");
}

// B opens the consultation from its list, as on screen: Review, then Edit.
void open_for_edit(Room& b, db::ConsultationId id) {
    b.act(act::OpenConsultation{id});
    REQUIRE(b.s.screen == Screen::Review);
    b.act(act::EditSaved{});
    REQUIRE(b.s.draft);
    REQUIRE(b.s.draft->consultation_id == id);
}

}  // namespace

TEST_CASE("a second room sees who is editing, that room's latest typing, and cannot change it", "[ui][rooms]") {
    TwoRooms rooms("watch");
    Room& a = rooms.a;
    Room& b = rooms.b;
    const auto id = start_in(a);
    CHECK(a.s.draft->room.held);

    open_for_edit(b, id);
    const Draft& d = *b.s.draft;
    CHECK(d.room.watching);
    CHECK_FALSE(d.room.held);
    REQUIRE(d.room.holder);
    CHECK(d.room.holder->room == "Room 1");
    CHECK(d.room.holder->clinician == "Dr Amara Diallo");
    // The words the clinician in room 2 reads.
    CHECK_THAT(lease_words(*d.room.holder), Catch::StartsWith("Being edited in Room 1 by Dr Amara Diallo since "));
    // A's autosaved typing, not its last revision.
    CHECK(b.notes() == "Shedding since March; started semaglutide in January.");
    CHECK_FALSE(draft_editable(b.s));

    // Typing, deciding, saving and finalising are all refused, and the record is untouched.
    b.type_notes("Room 2 was here");
    CHECK(b.notes() == "Shedding since March; started semaglutide in January.");
    CHECK(b.said("Being edited in Room 1 by Dr Amara Diallo"));
    b.act(act::SaveNow{});
    b.act(act::AskFinalise{});
    CHECK_FALSE(b.s.view.confirm_finalise);
    b.pause();
    const auto stored = b.store->get(id);
    CHECK(stored.summary.revision_count == 1);
    CHECK(stored.autosave->answers_json.find("Room 2 was here") == std::string::npos);

    // A's next save reaches B's screen through the feed, on the page B is looking at.
    auto feed = b.store->open_change_feed();
    REQUIRE(feed);
    b.act(act::GotoPage{2});
    a.type_notes("Shedding since March; started semaglutide in January. Pull test positive at the vertex.");
    a.pause();
    hear(b, *feed, db::Change::Kind::Saved, id);
    CHECK(b.notes() == "Shedding since March; started semaglutide in January. Pull test positive at the vertex.");
    CHECK(b.s.view.page == 2);
    CHECK(b.s.draft->room.watching);
}

TEST_CASE("looking at, printing and following up a consultation another room is editing are never refused", "[ui][rooms]") {
    TwoRooms rooms("refer");
    Room& a = rooms.a;
    Room& b = rooms.b;
    const auto id = start_in(a);
    REQUIRE(a.s.draft->room.held);
    // Opening it for review writes an "opened" audit row; that does not change the consultation.
    b.act(act::OpenConsultation{id});
    CHECK(b.s.screen == Screen::Review);
    CHECK(b.s.messages.empty());
    CHECK_NOTHROW(b.store->record(db::AuditAction::Printed, id, "Dr Ben Kowalski", "print"));
    // A follow-up is a new consultation that refers to this one.
    b.act(act::StartFollowUp{id});
    REQUIRE(b.s.draft);
    b.type_notes("Six weeks later.");
    b.act(act::SaveNow{});
    CHECK(b.s.draft->consultation_id > id);
    CHECK(b.s.draft->room.held);
    CHECK(b.store->get(b.s.draft->consultation_id).summary.follow_up_of == id);
    // And the consultation itself is still A's alone to change.
    CHECK_THROWS_AS(b.store->autosave(id, *b.s.pack, b.s.draft->answers, {}, "Dr Ben Kowalski"), db::StoreError);
}

TEST_CASE("taking over: the first room is told through the feed and keeps its unsaved typing to copy", "[ui][rooms]") {
    TwoRooms rooms("takeover");
    Room& a = rooms.a;
    Room& b = rooms.b;
    const auto id = start_in(a);
    auto a_feed = a.store->open_change_feed();
    open_for_edit(b, id);
    REQUIRE(b.s.draft->room.watching);

    // A is typing when B takes over: these words never reached the store.
    a.type_notes("Shedding since March; started semaglutide in January. Scalp biopsy booked for Friday.");
    a.act(act::SetAnswer{a.slot("age_years"), Value{std::int64_t{52}}});
    b.act(act::TakeOver{true});
    CHECK(b.s.draft->room.held);
    CHECK_FALSE(b.s.draft->room.watching);
    CHECK(draft_editable(b.s));
    CHECK(b.notes() == "Shedding since March; started semaglutide in January.");  // the record, not A's unsaved words

    hear(a, *a_feed, db::Change::Kind::Lease, id);
    const RoomLock& lost = a.s.draft->room;
    CHECK(lost.watching);
    CHECK_FALSE(lost.held);
    REQUIRE(lost.holder);
    CHECK(lost.holder->room == "Room 2");
    CHECK_THAT(lost.lost_why, Catch::StartsWith("Room 2 (Dr Ben Kowalski) took over this consultation at "));
    // Every word A typed and had not saved, in full, and what it changed.
    CHECK_THAT(lost.lost_text, Catch::Contains("Scalp biopsy booked for Friday."));
    CHECK_THAT(lost.lost_text, Catch::Contains("Age: 52"));
    // Only what was not saved: the notes and the age, not the answers saved before.
    CHECK(std::count(lost.lost_text.begin(), lost.lost_text.end(), '\n') == 1);
    // A's screen now shows the record, read-only; its autosave cannot overwrite B's.
    CHECK(a.notes() == "Shedding since March; started semaglutide in January.");
    CHECK_FALSE(draft_editable(a.s));
    CHECK(a.said("took over this consultation"));
    a.pause();

    // B edits and saves; the record is B's, with none of A's lost words.
    b.type_notes("Reviewed by Dr Kowalski.");
    b.act(act::SaveNow{});
    CHECK_FALSE(b.said("Not saved"));
    const auto stored = b.store->get(id);
    CHECK(stored.summary.revision_count == 2);
    CHECK(stored.latest.answers_json.find("Reviewed by Dr Kowalski.") != std::string::npos);
    CHECK(stored.latest.answers_json.find("booked for Friday") == std::string::npos);

    // A hides the kept text once copied; taking it back later works the same way.
    a.act(act::DismissLostText{});
    CHECK(a.s.draft->room.lost_text.empty());
}

TEST_CASE("a room whose write is refused because another took over keeps its typing, without the feed", "[ui][rooms]") {
    TwoRooms rooms("refused");
    Room& a = rooms.a;
    Room& b = rooms.b;
    const auto id = start_in(a);
    open_for_edit(b, id);
    b.act(act::TakeOver{true});
    REQUIRE(b.s.draft->room.held);

    // A never heard (no feed): it types, autosave runs and is refused with Leased.
    a.type_notes("Family history: father bald at 30.");
    a.pause();
    CHECK(a.s.draft->room.watching);
    CHECK_THAT(a.s.draft->room.lost_text, Catch::Contains("Family history: father bald at 30."));
    CHECK(a.s.save.state == SaveState::Saved);  // no retries against B's lease
    CHECK(tick(a.s, a.svc, a.now + 100) > 1e6);
    const auto stored = a.store->get(id);
    CHECK(stored.autosave->answers_json.find("father bald") == std::string::npos);
}

TEST_CASE("a save based on a revision another room has replaced is refused, and nothing typed is lost", "[ui][rooms]") {
    TwoRooms rooms("stale");
    Room& a = rooms.a;
    Room& b = rooms.b;
    const auto id = start_in(a);
    a.act(act::Finalise{});
    REQUIRE(a.s.draft->finalised());
    CHECK_FALSE(a.s.draft->room.held);  // finalised: let go at once
    const int finalised_at = a.store->get(id).summary.revision_count;

    // B starts an amendment (it holds the lease), then its session's lease is lost (as when its
    // connection to the server is reset), and A amends meanwhile.
    open_for_edit(b, id);
    REQUIRE(b.s.draft->mode == Draft::Mode::Amending);
    REQUIRE(b.s.draft->room.held);
    b.type_notes("Amended by room 2: ferritin 12.");
    b.act(act::EditAmendReason{"ferritin result came back"});
    b.store->release_lease(id);
    a.act(act::OpenConsultation{id});
    a.act(act::EditSaved{});
    REQUIRE(a.s.draft->room.held);
    a.type_notes("Amended by room 1: TSH normal.");
    a.act(act::EditAmendReason{"thyroid result"});
    a.act(act::SaveNow{});
    REQUIRE(a.s.draft->finalised());

    // B's amendment was based on the finalised revision: refused, B's words kept to copy.
    b.act(act::SaveNow{});
    CHECK(b.s.draft->room.watching);
    CHECK_THAT(b.s.draft->room.lost_text, Catch::Contains("Amended by room 2: ferritin 12."));
    CHECK_THAT(b.s.draft->room.lost_text, Catch::Contains("Reason for the amendment: ferritin result came back"));
    CHECK(b.notes() == "Amended by room 1: TSH normal.");  // the record as it now is
    const auto stored = b.store->get(id);
    CHECK(stored.summary.revision_count == finalised_at + 1);
    CHECK(stored.latest.answers_json.find("ferritin") == std::string::npos);
    // Nobody holds it now, and still nothing of B's goes in until B takes it: Ctrl+S does nothing.
    CHECK_FALSE(b.s.draft->room.holder);
    b.act(act::SaveNow{});
    b.pause();
    CHECK(b.store->get(id).summary.revision_count == finalised_at + 1);
    // "Edit here" takes it, and B can enter its change again.
    b.act(act::TakeOver{false});
    CHECK(b.s.draft->room.held);
    CHECK(draft_editable(b.s));
    CHECK_THAT(b.s.draft->room.lost_text, Catch::Contains("ferritin 12"));  // still there to copy
}

TEST_CASE("leases are let go when the room is done: finalised, another consultation opened, app closed", "[ui][rooms]") {
    TwoRooms rooms("letgo");
    Room& a = rooms.a;
    Room& b = rooms.b;
    const auto first = start_in(a);
    CHECK(b.store->lease_of(first));
    a.act(act::StartConsultation{a.s.draft->patient_id});  // on to another consultation
    CHECK_FALSE(b.store->lease_of(first));

    open_for_edit(b, first);
    CHECK(b.s.draft->room.held);
    CHECK(a.store->lease_of(first));
    b.act(act::Quit{});
    CHECK(b.s.quit);
    CHECK_FALSE(a.store->lease_of(first));
}

TEST_CASE("other rooms' saves refresh the lists and the review in place, through the app's feed thread", "[ui][rooms]") {
    TwoRooms rooms("refresh");
    Room& a = rooms.a;
    Room& b = rooms.b;
    std::atomic<int> wakes{0};
    RoomWatch watch(&*b.store, [&] { ++wakes; });
    b.svc.rooms = &watch;
    CHECK_FALSE(watch.pump(b.s, b.svc, b.now));  // starts the feed; nothing to show yet
    const auto id = start_in(a);

    // Applies what the feed brings until B shows `seen`, at most 5 s. One step of A's can send
    // several notifications (a lease let go, a lease taken, the save) that arrive apart, so
    // waiting for the first wake only would race with the rest.
    const auto heard = [&](const std::function<bool()>& seen) {
        for (int i = 0; i < 500; ++i) {
            if (wakes.exchange(0) > 0) watch.pump(b.s, b.svc, b.now);
            if (seen()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    };
    const auto recent_has = [&](db::ConsultationId c) {
        for (const auto& r : b.s.start.recent)
            if (r.id == c) return true;
        return false;
    };
    REQUIRE(heard([&] { return b.s.start.stale || recent_has(id); }));
    // The sessions list B is on shows A's consultation without B asking.
    b.act(act::Navigate{Screen::Sessions});
    a.act(act::SaveNow{});
    REQUIRE(heard([&] { return !b.s.sessions.rows.empty() && b.s.sessions.rows[0].revision_count == 2; }));
    CHECK(b.s.sessions.rows[0].id == id);
    CHECK(b.s.sessions.rows[0].revision_count == 2);

    // On the Review screen, a save elsewhere shows the new revision; no "opened" audit row per refresh.
    b.act(act::OpenConsultation{id});
    const auto opened_rows = b.store->audit(id).size();
    a.type_notes("Second thoughts.");
    a.act(act::SaveNow{});
    REQUIRE(heard([&] { return b.s.review.saved && b.s.review.saved->summary.revision_count == 3; }));
    CHECK(b.s.screen == Screen::Review);
    CHECK(b.store->audit(id).size() == opened_rows + 1);  // A's save, nothing from B's refresh

    // B is reading the first revision in the history when A saves again: it stays on it.
    const db::RevisionId first = b.s.review.saved->revisions.front().id;
    b.act(act::ViewRevision{first});
    REQUIRE(b.s.review.shown.info.id == first);
    a.type_notes("Third thoughts.");
    a.act(act::SaveNow{});
    REQUIRE(heard([&] { return b.s.review.saved->summary.revision_count == 4; }));
    CHECK(b.s.review.shown.info.id == first);

    // A consultation of another patient would go on top and push every row down under the
    // pointer: the rows stay where they are, the list says so, and "Show the latest" reads it.
    b.act(act::Navigate{Screen::Sessions});
    const auto before = b.s.sessions.rows;
    a.act(act::AddPatient{"Bruno Silva", "", ""});
    a.act(act::StartConsultation{a.s.start.selected_patient});
    a.type_notes("New patient, diffuse thinning.");
    a.act(act::SaveNow{});
    REQUIRE(heard([&] { return b.s.sessions.stale; }));
    REQUIRE(b.s.sessions.rows.size() == before.size());
    CHECK(b.s.sessions.rows[0].id == id);
    b.act(act::ShowLatest{});
    CHECK_FALSE(b.s.sessions.stale);
    REQUIRE(b.s.sessions.rows.size() == before.size() + 1);
    CHECK(b.s.sessions.rows[0].id == a.s.draft->consultation_id);
    // The start screen's lists the same way.
    b.act(act::Navigate{Screen::Start});
    const auto recent = b.s.start.recent;
    a.act(act::StartConsultation{a.s.draft->patient_id});
    a.type_notes("Same patient, second opinion.");
    a.act(act::SaveNow{});
    REQUIRE(heard([&] { return b.s.start.stale; }));
    REQUIRE(b.s.start.recent.size() == recent.size());
    for (std::size_t i = 0; i < recent.size(); ++i) CHECK(b.s.start.recent[i].id == recent[i].id);
    b.act(act::ShowLatest{});
    CHECK_FALSE(b.s.start.stale);
    CHECK(b.s.start.recent.front().id == a.s.draft->consultation_id);
}

TEST_CASE("when the feed's connection is cut the app says so and comes back by itself", "[ui][rooms]") {
    const auto clinic = fresh_clinic("lost");
    Room b(clinic, "Room 2", "Dr Ben Kowalski");
    std::atomic<int> wakes{0};
    RoomWatch watch(&*b.store, [&] { ++wakes; });
    watch.pump(b.s, b.svc, b.now);
    CHECK(watch.due(b.now) >= 1e8);  // working: no timer of its own
    // The feed's session ends, as when the server restarts or the network drops it.
    db::PgConnection(clinic)
        .exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = current_database()");
    for (int i = 0; i < 500 && wakes.load() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    REQUIRE(wakes.load() > 0);
    CHECK(watch.pump(b.s, b.svc, b.now));
    CHECK_THAT(b.s.feed_problem, Catch::Contains("Trying again"));
    const double wait = watch.due(b.now);
    CHECK(wait > 0);
    CHECK(wait < 60);
    b.now += wait;
    CHECK(watch.pump(b.s, b.svc, b.now));
    CHECK(b.s.feed_problem.empty());
    CHECK(watch.due(b.now) >= 1e8);
}

TEST_CASE("the consultation screen of a watching room: who has it, Take over, and nothing that edits", "[ui][rooms][screen]") {
    TwoRooms rooms("screen");
    Room& a = rooms.a;
    Room& b = rooms.b;
    const auto id = start_in(a);
    open_for_edit(b, id);
    b.s.draft->room.lost_text = "Notes: words typed before\nAge: 52";
    b.s.draft->room.lost_why = "Room 1 (Dr Amara Diallo) took over this consultation at 10:05.";

    Headless h;
    audit::set_enabled(true);
    for (int i = 0; i < 3; ++i) {
        audit::clear();  // the last frame's items only, as the app's layout audit
        h.frame(b.s);
    }
    const auto& items = audit::items();
    const auto find = [&](const std::string& words) -> const audit::Item* {
        for (const auto& it : items)
            if (it.label.find(words) != std::string::npos) return &it;
        return nullptr;
    };
    CHECK(find("Being edited in Room 1 by Dr Amara Diallo since "));
    CHECK(find("Read-only \u2013 in Room 1"));
    const audit::Item* take = find("Take over");
    REQUIRE(take);
    CHECK(take->interactive);
    CHECK_FALSE(find("Save revision"));
    CHECK_FALSE(find("Finalise (Ctrl+Enter)"));
    CHECK(find("took over this consultation at 10:05. Typed here, not saved:"));
    CHECK(find("Copy all"));
    // No two things the clinician can click overlap.
    for (const auto& [x, y] : audit::overlaps(items))
        FAIL_CHECK("overlap: '" << items[static_cast<std::size_t>(x)].label << "' and '" << items[static_cast<std::size_t>(y)].label << "'");

    // Whether a click on `item` (as a mouse makes it) asks for an action of type T.
    const auto click_asks = [&](const audit::Item item, auto type_tag) {
        using T = decltype(type_tag);
        bool asked = false;
        click_item(item, [&] {
            audit::clear();
            for (const auto& a : h.frame(b.s)) asked = asked || std::holds_alternative<T>(a);
        });
        return asked;
    };
    // Clicking an answer on the read-only questionnaire changes nothing.
    const audit::Item* option = nullptr;
    for (const auto& it : items)
        if (it.interactive && it.label.find("Female") != std::string::npos) option = &it;
    REQUIRE(option);
    CHECK_FALSE(click_asks(*option, act::SetAnswer{}));
    // Take over is one click.
    CHECK(click_asks(*take, act::TakeOver{}));
    audit::set_enabled(false);
}

TEST_CASE("on a file nothing of rooms shows: no lease, no watching, no feed", "[ui][rooms][file]") {
    TempDir t;
    Room a((t.path / "c.db").string(), "Room 1", "Dr Amara Diallo");
    const auto id = start_in(a);
    CHECK_FALSE(a.s.draft->room.held);
    a.act(act::OpenConsultation{id});
    a.act(act::EditSaved{});
    CHECK_FALSE(a.s.draft->room.watching);
    CHECK(draft_editable(a.s));
    std::atomic<int> wakes{0};
    RoomWatch watch(&*a.store, [&] { ++wakes; });
    CHECK_FALSE(watch.pump(a.s, a.svc, a.now));
    CHECK(watch.due(a.now) >= 1e8);
    CHECK(a.s.feed_problem.empty());
}
