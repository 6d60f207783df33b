// The layout audit over every screen and questionnaire page, at 1280x720, 1440x900 and
// 1920x1080, zoom 1, 1.5 and 2, light and dark: no two interactive items overlap (a click
// always lands on what it looks like it lands on) and no text is cut. One process renders all
// configurations window-less, so the whole sweep stays fast.
#include <catch2/catch.hpp>

#include <optional>
#include <sstream>

#include "headless.h"
#include "ui/audit.h"
#include "ui/handout_actions.h"

using namespace hc;
using namespace hc::ui;
using namespace hc::ui::test;

namespace {

// A store with one finalised consultation and a follow-up of it open, so Review, the lists and
// the "since the last visit" block all have content.
struct World {
    TempDir dir;
    std::optional<db::Store> store;
    Services svc;
    AppState s = fresh_state();
    db::ConsultationId first = 0;
    explicit World(const char* stem = "a07-biopsy-proven-active-lichen-planopilaris-wanting-a") {
        store.emplace(db::Store::open(dir.path / "c.db"));
        svc.store = &*store;
        apply(s, act::AddPatient{"Łukasz Żółć-Wiśniewski", "1980-02-03", "MRN-000123"}, svc, 1);
        const auto pid = s.start.selected_patient;
        open_draft(s, pid, "Łukasz Żółć-Wiśniewski", vignette_answers(stem));
        apply(s, act::SaveNow{}, svc, 2);
        first = s.draft->consultation_id;
        apply(s, act::Finalise{}, svc, 3);
        apply(s, act::QuerySessions{db::ListFilter{}}, svc, 4);
        refresh_start(s, svc);
    }
};

std::string describe(const audit::Item& i) {
    std::ostringstream o;
    o << '"' << i.label << "\" at " << i.x << ',' << i.y << ' ' << i.w << 'x' << i.h;
    return o.str();
}

// Draws a few frames (layout settles), audits the last one; returns the problems found.
std::vector<std::string> audit_view(Headless& h, const AppState& s, const std::string& where) {
    audit::set_enabled(true);
    for (int i = 0; i < 3; ++i) {
        audit::clear();
        h.frame(s);
    }
    audit::set_enabled(false);
    std::vector<std::string> bad;
    const auto& items = audit::items();
    for (const auto& i : items)
        if (i.clipped) bad.push_back(where + ": cut: " + describe(i));
    for (const auto& [a, b] : audit::overlaps(items))
        bad.push_back(where + ": overlap: " + describe(items[static_cast<std::size_t>(a)]) + " and " +
                      describe(items[static_cast<std::size_t>(b)]));
    return bad;
}

}  // namespace

TEST_CASE("layout audit: no overlap, nothing cut, on every page at three sizes, three zooms, both themes", "[ui][layout]") {
    World w;
    AppState& s = w.s;
    REQUIRE(w.first > 0);
    apply(s, act::OpenConsultation{w.first}, w.svc, 5);
    REQUIRE(s.screen == Screen::Review);
    // A follow-up of the finalised visit, red flag showing, every "why" open, a message banner.
    apply(s, act::StartFollowUp{w.first}, w.svc, 5);
    REQUIRE(s.draft);
    REQUIRE(s.draft->previous);
    s.draft->answers.set(s.pack->questionnaire, s.pack->questionnaire.find("sex_at_birth"), Value{std::string("female")});
    refresh_result(s);
    REQUIRE_FALSE(s.draft->result.red_flags.empty());
    for (const auto& o : s.draft->result.options) s.view.why_open.push_back(o.option);
    open_handout_panel(s, 6);
    REQUIRE(s.handout.open);
    s.handout.open = false;
    s.messages.push_back({Message::Kind::Error, "Not saved: the disk is full. Everything is kept in memory."});

    Headless h;
    std::vector<std::string> bad;
    int views = 0;
    for (float zoom : {1.0f, 1.5f, 2.0f}) {
        for (bool dark : {false, true}) {
            h.set_zoom(zoom, dark);
            s.dark = dark;
            for (const ImVec2 size : {ImVec2(1280, 720), ImVec2(1440, 900), ImVec2(1920, 1080)}) {
                ImGui::GetIO().DisplaySize = size;
                std::ostringstream cfg;
                cfg << size.x << 'x' << size.y << " zoom " << zoom << (dark ? " dark" : " light");
                auto check = [&](const std::string& view) {
                    const auto b = audit_view(h, s, cfg.str() + " " + view);
                    bad.insert(bad.end(), b.begin(), b.end());
                    ++views;
                };
                for (Screen sc : {Screen::Start, Screen::Sessions, Screen::Review, Screen::About, Screen::Settings}) {
                    s.screen = sc;
                    check(std::string(screen_name(sc)));
                }
                // Lists kept in place after other rooms saved, with "Show the latest".
                s.start.stale = s.sessions.stale = true;
                for (Screen sc : {Screen::Start, Screen::Sessions}) {
                    s.screen = sc;
                    check(std::string(screen_name(sc)) + " with other rooms' saves waiting");
                }
                s.start.stale = s.sessions.stale = false;
                s.screen = Screen::Consultation;
                for (int page = 0; page < page_count(s); ++page) {
                    s.view.page = page;
                    check("consultation page " + std::to_string(page + 1));
                }
                s.handout.open = true;
                check("handout panel");
                s.handout.open = false;
                // Opened from an answers file: no patient yet, the header asks for one.
                const auto pid = s.draft->patient_id;
                s.draft->patient_id = 0;
                s.view.page = 0;
                check("consultation without a patient");
                s.draft->patient_id = pid;
                // An amendment open.
                s.draft->mode = Draft::Mode::Amending;
                s.draft->amendment_changed = true;
                check("amendment");
                s.draft->mode = Draft::Mode::InProgress;
                // Several rooms: watched read-only while another room edits it, then after that
                // room took it over from this one, the typing kept to copy.
                s.draft->room.watching = true;
                s.draft->room.holder = db::Lease{"Consultation room 2 (first floor)", "Dr Ada Example-Longname",
                                                 "2026-12-01T10:02:00.000Z"};
                check("watched from another room");
                s.draft->room.lost_why = "Consultation room 2 (first floor) (Dr Ada Example-Longname) took over this "
                                         "consultation at 10:02.";
                s.draft->room.lost_text = "Notes: patient reports shedding since March after starting semaglutide; "
                                          "pull test positive at the vertex and both temples\nAge: 52\n"
                                          "Reason for the amendment: ferritin result came back";
                check("taken over, typing kept");
                s.draft->room.holder.reset();
                check("nobody editing it now");
                s.draft->room = RoomLock{};
            }
        }
    }
    INFO(bad.size() << " problems in " << views << " views");
    for (std::size_t i = 0; i < std::min<std::size_t>(bad.size(), 60); ++i) UNSCOPED_INFO(bad[i]);
    CHECK(bad.empty());
    CHECK(views >= 18 * 14);
}

TEST_CASE("layout audit reports a label wider than its button as cut, and overlapping check boxes", "[ui][layout]") {
    Headless h;
    audit::set_enabled(true);
    audit::clear();
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(600, 300));
    ImGui::Begin("t");
    ax::Button("A label much wider than its button", ImVec2(40, 0));
    bool a = false, b = false;
    ax::Checkbox("First option with a long label##1", &a);
    ImGui::SameLine(60);
    ax::Checkbox("Second##2", &b);
    ImGui::End();
    ImGui::Render();
    audit::set_enabled(false);
    const auto& items = audit::items();
    REQUIRE(items.size() == 3);
    CHECK(items[0].clipped);
    CHECK(items[1].label == "First option with a long label");
    CHECK(audit::overlaps(items).size() == 1);
}

namespace {
// The audit record of the first item whose label starts with `prefix` (null when not drawn).
const audit::Item* find_item(const std::string& prefix) {
    for (const auto& i : audit::items())
        if (i.label.rfind(prefix, 0) == 0) return &i;
    return nullptr;
}
}  // namespace

TEST_CASE("a red flag, a message or a change since the last visit appearing moves nothing under the pointer", "[ui][layout]") {
    World w("a03-man-planning-to-father-a-child-norwood-3-vertex");
    AppState& s = w.s;
    apply(s, act::StartFollowUp{w.first}, w.svc, 5);
    REQUIRE(s.draft);
    REQUIRE(s.draft->previous);
    const Slot scar = s.pack->questionnaire.find("scarring_signs");
    const Slot pull = s.pack->questionnaire.find("pull_test");
    // Start from the same visit without its scarring signs: no red flag, no change listed.
    s.draft->answers.set(s.pack->questionnaire, scar, Value{Codes{"none"}});
    s.draft->previous = s.draft->answers;
    refresh_result(s);
    REQUIRE(s.draft->result.red_flags.empty());
    s.view.page = s.pack->questionnaire.items[static_cast<std::size_t>(scar)].page;
    s.screen = Screen::Consultation;
    s.view.focus_item = scar;  // scrolled into view, as when the clinician is there
    s.view.page_opened = false;  // the page is already open (this test draws without applying actions)
    s.messages.clear();

    Headless h;
    const auto positions = [&] {
        audit::set_enabled(true);
        for (int i = 0; i < 3; ++i) {
            audit::clear();
            h.frame(s);
        }
        audit::set_enabled(false);
        std::vector<std::pair<std::string, float>> ys;
        for (Slot sl : {scar, pull})
            for (const auto& o : s.pack->questionnaire.items[static_cast<std::size_t>(sl)].options)
                if (const auto* i = find_item(o.display)) ys.emplace_back(o.display, i->y);
        if (const auto* i = find_item("Next page")) ys.emplace_back("Next page", i->y);
        return ys;
    };
    const auto before = positions();
    REQUIRE(before.size() >= 3);

    // Tick a scarring sign (a red flag and a change since the last visit appear) and a message comes.
    apply(s, act::SetAnswer{scar, Value{Codes{"tufting"}}}, w.svc, 6);
    REQUIRE_FALSE(s.draft->result.red_flags.empty());
    s.messages.push_back({Message::Kind::Warning, "Not saved: give the reason for the amendment first."});
    s.messages.push_back({Message::Kind::Error, "A second message, to stack."});
    const auto after = positions();
    REQUIRE(after.size() == before.size());
    for (std::size_t i = 0; i < before.size(); ++i) {
        INFO(before[i].first);
        CHECK(after[i].second == Approx(before[i].second).margin(0.5));
    }
}
