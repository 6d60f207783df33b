// Tier 2: the real screens in an ImGui context with no window (as ImGui's example_null):
// every screen draws for realistic states without tripping ImGui's asserts, shortcuts become
// actions, and nothing of the patient reaches imgui.ini.
#include <catch2/catch.hpp>
#include <imgui.h>

#include <cstdint>
#include <utility>

#include "ui/fonts.h"
#include "ui/handout_actions.h"
#include "ui/keys.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui_test_support.h"

#include "headless.h"
#include "ui/audit.h"

using namespace hc;
using namespace hc::ui;
using namespace hc::ui::test;


TEST_CASE("every screen draws a red-flag consultation, with every why expanded in light and dark", "[ui][screens]") {
    Headless h;
    AppState s = fresh_state();
    open_draft(s, 7, "Zoë Ünal", vignette_answers("a07-biopsy-proven-active-lichen-planopilaris-wanting-a"));
    REQUIRE_FALSE(s.draft->result.red_flags.empty());
    for (const auto& o : s.draft->result.options) s.view.why_open.push_back(o.option);
    s.messages.push_back({Message::Kind::Error, "Not saved: disk full"});
    for (bool dark : {false, true}) {
        apply_theme(dark, 1.0f);
        s.dark = dark;
        for (Screen sc : {Screen::Start, Screen::Consultation, Screen::Review, Screen::Sessions, Screen::About, Screen::Settings}) {
            s.screen = sc;
            for (int page = 0; page < page_count(s); ++page) {
                s.view.page = page;
                for (int i = 0; i < 3; ++i) h.frame(s);
                if (sc != Screen::Consultation) break;
            }
        }
    }
    s.modal = Message{Message::Kind::Warning, "Cannot finalise yet"};
    s.screen = Screen::Consultation;
    h.frame(s);
    const Actions a = h.frame(s);
    (void)a;
    SUCCEED();
}

TEST_CASE("keyboard shortcuts become actions", "[ui][screens]") {
    Headless h;
    AppState s = fresh_state();
    open_draft(s, 7, "x", Answers(s.pack->questionnaire));
    h.frame(s);
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = true;
    io.KeysDown[keys::S] = true;
    CHECK(has<act::SaveNow>(h.frame(s)));
    io.KeysDown[keys::S] = false;
    h.frame(s);
    io.KeysDown[keys::Enter] = true;
    CHECK(has<act::AskFinalise>(h.frame(s)));
    io.KeysDown[keys::Enter] = false;
    io.KeysDown[keys::Equal] = true;
    CHECK(has<act::Zoom>(h.frame(s)));
    io.KeysDown[keys::Equal] = false;
    io.KeyCtrl = false;
    h.frame(s);
    io.KeysDown[keys::PageDown] = true;
    const Actions a = h.frame(s);
    io.KeysDown[keys::PageDown] = false;
    bool next = false;
    for (const auto& x : a)
        if (const auto* g = std::get_if<act::GotoPage>(&x)) next = g->page == s.view.page + 1;
    CHECK(next);
}

TEST_CASE("no patient name reaches imgui.ini", "[ui][screens]") {
    Headless h;
    AppState s = fresh_state();
    open_draft(s, 7, "Secretname Patient", Answers(s.pack->questionnaire));
    for (int i = 0; i < 4; ++i) h.frame(s);
    const std::string ini = ImGui::SaveIniSettingsToMemory();
    CHECK(ini.find("Secretname") == std::string::npos);
}

TEST_CASE("a missing font folder falls back to the built-in font with a warning", "[ui][fonts]") {
    ImGui::CreateContext();
    setenv("HAIRCONSULT_FONT_DIR", "/nonexistent-font-dir", 1);
    const FontSet f = load_fonts(ImGui::GetIO(), 15.0f, nullptr);
    unsetenv("HAIRCONSULT_FONT_DIR");
    CHECK(f.fallback);
    CHECK(f.warning.find("DejaVu") != std::string::npos);
    unsigned char* px = nullptr;
    int w = 0, hgt = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&px, &w, &hgt);
    CHECK(w > 0);
    ImGui::DestroyContext();
}

TEST_CASE("DejaVu covers Latin Extended names and the pack's punctuation", "[ui][fonts]") {
    ImGui::CreateContext();
    const FontSet f = load_fonts(ImGui::GetIO(), 15.0f, pack().get());
    unsigned char* px = nullptr;
    int w = 0, hgt = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&px, &w, &hgt);
    REQUIRE_FALSE(f.fallback);
    for (ImWchar c : {ImWchar(0x0141) /* Ł */, ImWchar(0x0159) /* ř */, ImWchar(0x2013) /* – */, ImWchar(0x2264) /* ≤ */,
                      ImWchar(0x2192) /* → */})
        CHECK(f.body->FindGlyphNoFallback(c) != nullptr);
    ImGui::DestroyContext();
}

TEST_CASE("the handout panel draws over the consultation with and without preview textures, and yields to a message modal", "[ui][screens][handout]") {
    Headless h;
    AppState s = fresh_state();
    open_draft(s, 7, "Zoë Ünal", vignette_answers("a03-man-planning-to-father-a-child-norwood-3-vertex"));
    open_handout_panel(s, 0.3);
    REQUIRE(s.handout.open);
    REQUIRE_FALSE(s.handout.pages.empty());
    s.handout.no_print_service = true;
    s.handout.printers_listed = true;
    s.handout.print_problem = "No printing service (CUPS) is running on this computer.";
    s.handout.status = Message{Message::Kind::Error, "Not printed."};
    for (int i = 0; i < 3; ++i) CHECK_FALSE(has<act::CloseHandout>(h.frame(s)));
    // Fake texture ids: the window-less renderer never dereferences them.
    PreviewTextures tex;
    tex.generation = s.handout.generation;
    for (const auto& p : s.handout.pages) tex.pages.push_back({reinterpret_cast<ImTextureID>(std::uintptr_t{1}), p.width, p.height});
    for (int i = 0; i < 3; ++i) {
        Actions out;
        ImGui::NewFrame();
        draw_frame(s, out, &tex);
        ImGui::Render();
    }
    s.modal = Message{Message::Kind::Error, "Something else went wrong"};
    for (int i = 0; i < 3; ++i) h.frame(s);
    CHECK(ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel));
}

namespace {
bool drawn(const std::string& prefix) {
    for (const auto& i : audit::items())
        if (i.label.rfind(prefix, 0) == 0) return true;
    return false;
}
void audited_frames(Headless& h, const AppState& s) {
    audit::set_enabled(true);
    for (int i = 0; i < 3; ++i) {
        audit::clear();
        h.frame(s);
    }
    audit::set_enabled(false);
}
}  // namespace

TEST_CASE("'Nothing yet' is never shown while options are listed, an open amendment never shows 'Saved'", "[ui][screens]") {
    Headless h;
    AppState s = fresh_state();
    Answers a(s.pack->questionnaire);
    const auto& q = s.pack->questionnaire;
    a.set(q, q.find("age_years"), Value{std::int64_t{30}});
    a.set(q, q.find("sex_at_birth"), Value{std::string("male")});
    a.set(q, q.find("goals"), Value{Codes{"regenerative_interest"}});
    open_draft(s, 7, "Finn Options", a);
    REQUIRE(s.draft->result.assessments.empty());
    REQUIRE_FALSE(s.draft->result.options.empty());
    audited_frames(h, s);
    CHECK_FALSE(drawn("Nothing yet"));
    CHECK(drawn("No assessment stands out"));

    open_draft(s, 7, "Finn Options", Answers(q));
    audited_frames(h, s);
    CHECK(drawn("Nothing yet"));

    s.draft->mode = Draft::Mode::Amending;
    s.draft->consultation_id = 3;
    s.save.state = SaveState::Saved;
    audited_frames(h, s);
    CHECK_FALSE(drawn("\u2713 Saved"));
    CHECK(drawn("Amending"));
    CHECK(drawn("Discard amendment"));
    s.draft->amendment_changed = true;
    audited_frames(h, s);
    CHECK(drawn("Amendment not saved yet"));
}

namespace {
// A screen that fails halfway: a window, a child, a pushed colour and id left open.
void throwing_draw(const AppState&, Actions& out, const PreviewTextures*) {
    out.push_back(act::SaveNow{});
    ImGui::Begin("###main");
    ImGui::BeginChild("##half");
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0, 0, 1));
    ImGui::PushID("x");
    throw std::runtime_error("bad data in a stored result");
}
}  // namespace

TEST_CASE("a frame that throws shows the error, keeps the consultation, and the next frame draws", "[ui][screens]") {
    Headless h;
    AppState s = fresh_state();
    open_draft(s, 7, "Hana Guard", vignette_answers("a03-man-planning-to-father-a-child-norwood-3-vertex"));
    const Answers before = s.draft->answers;
    Actions out;
    ImGui::NewFrame();
    guarded_frame(s, out, nullptr, throwing_draw);
    ImGui::Render();  // ImGui's stacks were closed: this does not assert
    REQUIRE(out.size() == 1);
    REQUIRE(std::holds_alternative<act::FrameFailed>(out[0]));
    Services svc;
    apply(s, out[0], svc, 1);
    REQUIRE_FALSE(s.messages.empty());
    CHECK(s.messages.back().text.find("bad data in a stored result") != std::string::npos);
    REQUIRE(s.draft);
    CHECK(s.draft->answers == before);
    for (int i = 0; i < 3; ++i) CHECK_FALSE(has<act::FrameFailed>(h.frame(s)));
}

TEST_CASE("frames that keep failing save the consultation and stop the app instead of looping", "[ui][screens]") {
    Headless h;
    TempDir dir;
    auto store = db::Store::open(dir.path / "f.db");
    Services svc;
    svc.store = &store;
    AppState s = fresh_state();
    apply(s, act::AddPatient{"Hana Guard", "", ""}, svc, 1);
    apply(s, act::StartConsultation{s.start.selected_patient}, svc, 1);
    const Slot age = s.pack->questionnaire.find("age_years");
    apply(s, act::SetAnswer{age, Value{std::int64_t{52}}}, svc, 2);  // typed, not yet autosaved
    REQUIRE(s.save.state == SaveState::Unsaved);
    for (int i = 0; i < 3 && !s.quit; ++i) {
        Actions out;
        ImGui::NewFrame();
        guarded_frame(s, out, nullptr, throwing_draw);
        ImGui::Render();
        for (const auto& a : out) apply(s, a, svc, 3 + i);
    }
    CHECK(s.quit);
    CHECK(s.fatal.find("bad data in a stored result") != std::string::npos);
    CHECK(s.fatal.find("is saved") != std::string::npos);
    const auto page = store.list(db::ListFilter{});
    REQUIRE(page.rows.size() == 1);
    const auto c = store.get(page.rows[0].id);
    const std::string& saved = c.autosave ? c.autosave->answers_json : c.latest.answers_json;
    CHECK(saved.find("52") != std::string::npos);
}

TEST_CASE("a name in any script is drawn: missing characters join the atlas at the next rebuild", "[ui][fonts]") {
    Headless h;
    AppState s = fresh_state();
    db::Patient p;
    p.id = 1;
    p.name = "\u738b\u82b3";  // 王芳
    s.start.patients.push_back(p);
    db::Patient q;
    q.id = 2;
    q.name = "\u674e\u82b3";  // 李芳: another patient, another first character
    s.start.patients.push_back(q);
    const auto missing_for = [&](const std::string& name) {
        audit::set_enabled(true);
        audit::clear();
        h.frame(s);
        audit::set_enabled(false);
        for (const auto& i : audit::items())
            if (i.label.find(name) != std::string::npos) return i.missing_glyphs;
        return std::string("(not drawn)");
    };
    CHECK(missing_for(p.name) == p.name);  // drawn as fallback glyphs before the rebuild
    CHECK(glyphs_wanted());
    h.set_zoom(1.0f, false);               // the rebuild the app does between frames
    CHECK_FALSE(glyphs_wanted());
    CHECK(missing_for(p.name).empty());
    CHECK(missing_for(q.name).empty());
}

TEST_CASE("stage tiles spell the stage as the questionnaire, the lists and the review do", "[ui][screens]") {
    Headless h;
    AppState s = fresh_state();
    open_draft(s, 7, "Jon Stage", vignette_answers("a03-man-planning-to-father-a-child-norwood-3-vertex"));
    const Slot norwood = s.pack->questionnaire.find("norwood_stage");
    s.view.page = s.pack->questionnaire.items[static_cast<std::size_t>(norwood)].page;
    audited_frames(h, s);
    CHECK(drawn("Norwood 2"));
    CHECK_FALSE(drawn("Norwood II"));
}
