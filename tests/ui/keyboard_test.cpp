// Typing and keys through the real screens, window-less: Escape leaves a text field and keeps
// what was typed, finalising asks once (Enter confirms, Escape cancels) and never fires from
// inside a multi-line field.
#include <catch2/catch.hpp>

#include "headless.h"
#include "ui/audit.h"
#include "ui/keys.h"

#include <imgui_internal.h>
#include <optional>

using namespace hc;
using namespace hc::ui;
using namespace hc::ui::test;

namespace {

// Runs frames the way the app does: draw, then apply what the screens asked for.
struct Driver {
    Headless h;
    AppState s = fresh_state();
    Services svc;
    double now = 10;
    Actions last;
    Actions frame() {
        audit::set_enabled(true);
        audit::clear();
        last = h.frame(s);
        audit::set_enabled(false);
        for (const auto& a : last) apply(s, a, svc, now);
        now += 0.05;
        return last;
    }
    // Presses and releases a key (with Ctrl when asked); returns the actions of the press frame.
    Actions key(int k, bool ctrl = false) {
        ImGuiIO& io = ImGui::GetIO();
        io.KeyCtrl = ctrl;
        io.KeysDown[k] = true;
        Actions a = frame();
        io.KeysDown[k] = false;
        io.KeyCtrl = false;
        frame();
        return a;
    }
    void type(const std::string& text) {
        ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
        frame();
    }
    void click(const audit::Item& i) {
        click_item(i, [&] { frame(); });
    }
    // The notes field: the tallest interactive item on its page.
    audit::Item notes_field() {
        audit::Item best;
        for (const auto& i : audit::items())
            if (i.interactive && i.h > best.h) best = i;
        return best;
    }
    std::string notes() const {
        const auto* v = std::get_if<std::string>(&s.draft->answers.get(s.pack->questionnaire.find("clinician_notes")));
        return v ? *v : std::string();
    }
    // A consultation with `answers` open on the page of its Notes field; returns that field.
    Slot open_on_notes_page(Answers answers) {
        open_draft(s, 7, "Ana Ruiz", std::move(answers));
        s.screen = Screen::Consultation;
        const Slot notes = s.pack->questionnaire.find("clinician_notes");
        s.view.page = s.pack->questionnaire.items[static_cast<std::size_t>(notes)].page;
        return notes;
    }
};

}  // namespace

TEST_CASE("Escape in Notes leaves the field and keeps the sentence typed", "[ui][keyboard]") {
    Driver d;
    const Slot notes = d.open_on_notes_page(Answers(d.s.pack->questionnaire));
    d.s.view.focus_item = notes;
    for (int i = 0; i < 3; ++i) d.frame();
    d.click(d.notes_field());
    REQUIRE(ImGui::GetIO().WantTextInput);
    d.type("Shedding since March.");
    REQUIRE(d.notes() == "Shedding since March.");
    d.key(keys::Escape);
    d.frame();
    CHECK(d.notes() == "Shedding since March.");
    CHECK_FALSE(ImGui::GetIO().WantTextInput);
    // Typing again after Escape goes nowhere: the field was left.
    d.type("x");
    CHECK(d.notes() == "Shedding since March.");
}

TEST_CASE("Ctrl+Enter asks once, Enter confirms, Escape cancels, never from inside Notes", "[ui][keyboard]") {
    Driver d;
    const Slot notes = d.open_on_notes_page(vignette_answers("a03-man-planning-to-father-a-child-norwood-3-vertex"));
    d.s.view.focus_item = notes;
    for (int i = 0; i < 3; ++i) d.frame();

    // Inside Notes: Ctrl+Enter is the field's, nothing is finalised or asked.
    d.click(d.notes_field());
    REQUIRE(ImGui::GetIO().WantTextInput);
    d.type("Reviewed.");
    const Actions inside = d.key(keys::Enter, true);
    CHECK_FALSE(has<act::AskFinalise>(inside));
    CHECK_FALSE(has<act::Finalise>(inside));
    CHECK_FALSE(d.s.view.confirm_finalise);
    CHECK(d.notes() == "Reviewed.");

    // Outside a field: Ctrl+Enter asks, Escape cancels without finalising.
    d.key(keys::Escape);
    const Actions ask = d.key(keys::Enter, true);
    CHECK(has<act::AskFinalise>(ask));
    CHECK_FALSE(has<act::Finalise>(ask));
    REQUIRE(d.s.view.confirm_finalise);
    d.frame();
    const Actions cancel = d.key(keys::Escape);
    CHECK(has<act::CancelFinalise>(cancel));
    CHECK_FALSE(has<act::Finalise>(cancel));
    CHECK_FALSE(d.s.view.confirm_finalise);
    CHECK_FALSE(d.s.draft->finalised());

    // Asked again, Enter confirms: exactly one Finalise.
    d.key(keys::Enter, true);
    REQUIRE(d.s.view.confirm_finalise);
    d.frame();
    const Actions yes = d.key(keys::Enter);
    CHECK(std::count_if(yes.begin(), yes.end(), [](const Action& a) { return std::holds_alternative<act::Finalise>(a); }) == 1);
}

namespace {
struct StoreDriver : Driver {
    TempDir dir;
    std::optional<db::Store> store;
    StoreDriver() {
        store.emplace(db::Store::open(dir.path / "k.db"));
        svc.store = &*store;
        apply(s, act::AddPatient{"Gus Keys", "", ""}, svc, now);
    }
    Value answer(const char* id) const { return s.draft->answers.get(s.pack->questionnaire.find(id)); }
};
}  // namespace

TEST_CASE("keyboard: a new consultation starts in its first question, numbers and letters answer, Enter and Tab move on, PgDn lands on the next page's first question", "[ui][keyboard]") {
    StoreDriver d;
    for (int i = 0; i < 2; ++i) d.frame();
    d.key(keys::N, true);  // Ctrl+N
    REQUIRE(d.s.screen == Screen::Consultation);
    d.frame();
    d.frame();
    REQUIRE(ImGui::GetIO().WantTextInput);  // the age field has the keyboard
    d.type("41");
    CHECK(d.answer("age_years") == Value{std::int64_t{41}});
    d.key(keys::Tab);  // on to sex at birth
    d.frame();
    d.type("m");
    CHECK(d.answer("sex_at_birth") == Value{std::string("male")});
    d.key(keys::Enter);  // moves on: the next unanswered question takes the keys
    d.frame();
    d.type("2");
    const auto& planning = d.s.pack->questionnaire.items[static_cast<std::size_t>(d.s.pack->questionnaire.find("planning_conception"))];
    REQUIRE(planning.type == ItemType::Boolean);
    CHECK(d.answer("planning_conception") == Value{false});
    // Page answered: Enter goes to "Next page", Enter presses it; the next page's first
    // question has the keyboard.
    d.key(keys::Enter);
    d.frame();
    d.key(keys::Enter);
    REQUIRE(d.s.view.page == 1);
    d.frame();
    d.type("2");
    const Slot complaint = d.s.pack->questionnaire.find("chief_complaint");
    const auto& cc = d.s.pack->questionnaire.items[static_cast<std::size_t>(complaint)];
    CHECK(d.answer("chief_complaint") == Value{cc.options[1].code});
    // PgDn: page 3 opens at its top with its first unanswered question taking keys.
    d.key(keys::PageDown);
    REQUIRE(d.s.view.page == 2);
    d.frame();
    d.type("1");
    const Slot pattern = d.s.pack->questionnaire.find("pattern_type");
    CHECK(d.answer("pattern_type") == Value{d.s.pack->questionnaire.items[static_cast<std::size_t>(pattern)].options[0].code});
}

TEST_CASE("keyboard: Ctrl+F types into the consultation search, F6 goes to the result panel and back", "[ui][keyboard]") {
    StoreDriver d;
    for (int i = 0; i < 2; ++i) d.frame();
    d.key(keys::F, true);
    REQUIRE(d.s.screen == Screen::Sessions);
    d.frame();
    d.type("gus");
    CHECK(d.s.sessions.filter.text == "gus");

    open_draft(d.s, d.s.start.selected_patient, "Gus Keys", vignette_answers("a03-man-planning-to-father-a-child-norwood-3-vertex"));
    d.s.screen = Screen::Consultation;
    for (int i = 0; i < 2; ++i) d.frame();
    d.key(keys::F6);
    d.frame();
    ImGuiWindow* nav = GImGui->NavWindow;
    REQUIRE(nav);
    CHECK(std::string(nav->Name).find("##result") != std::string::npos);
    d.key(keys::F6);
    d.frame();
    REQUIRE(GImGui->NavWindow);
    CHECK(std::string(GImGui->NavWindow->Name).find("##result") == std::string::npos);
}

TEST_CASE("keyboard: Notes reached by keys, left with Escape, Ctrl+Enter then asks to finalise and does not enter the field again", "[ui][keyboard]") {
    Driver d;
    const Slot notes = d.open_on_notes_page(vignette_answers("a03-man-planning-to-father-a-child-norwood-3-vertex"));
    apply(d.s, act::FocusQuestion{notes}, d.svc, d.now);
    for (int i = 0; i < 3; ++i) d.frame();
    REQUIRE(ImGui::GetIO().WantTextInput);  // the keyboard is in Notes, by navigation
    d.type("Seen with his wife.");
    d.key(keys::Escape);
    d.frame();
    REQUIRE_FALSE(ImGui::GetIO().WantTextInput);
    const Actions ask = d.key(keys::Enter, true);
    CHECK(has<act::AskFinalise>(ask));
    CHECK(d.s.view.confirm_finalise);
    CHECK_FALSE(ImGui::GetIO().WantTextInput);
    d.frame();
    const Actions yes = d.key(keys::Enter);
    CHECK(has<act::Finalise>(yes));
    CHECK(d.notes() == "Seen with his wife.");  // no newline from the Enter keys
}
