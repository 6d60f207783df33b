// The pack's example consultations on the start screen of an empty database: clicked in the
// drawn screen, opened as a draft marked EXAMPLE, never saved or listed however long it stays
// open or whatever is changed, and kept only once the clinician names a real patient.
#include <catch2/catch.hpp>

#include "engine/examples.h"
#include "headless.h"
#include "ui/audit.h"

using namespace hc;
using namespace hc::ui;
using namespace hc::ui::test;

namespace {

struct ExampleDriver {
    Headless h;
    TempDir dir;
    std::optional<db::Store> store;
    AppState s = fresh_state();
    Services svc;
    double now = 10;
    ExampleDriver() {
        store.emplace(db::Store::open(dir.path / "e.db"));
        svc.store = &*store;
        s.examples = load_examples(*s.pack);
        refresh_start(s, svc);
    }
    // Draws one frame with the audit on, applies what it asked for, lets time pass.
    void frame(double seconds = 0.05) {
        audit::set_enabled(true);
        audit::clear();
        const Actions acts = h.frame(s);
        audit::set_enabled(false);
        for (const auto& a : acts) apply(s, a, svc, now);
        now += seconds;
        tick(s, svc, now);
    }
    std::optional<audit::Item> item(const std::string& label) const {
        for (const auto& i : audit::items())
            if (i.label == label) return i;
        return std::nullopt;
    }
    bool shows(const std::string& text) const {
        for (const auto& i : audit::items())
            if (i.label.find(text) != std::string::npos) return true;
        return false;
    }
    void click(const audit::Item& i) {
        click_item(i, [&] { frame(); });
    }
    std::size_t saved() const { return store->list(db::ListFilter{}).rows.size(); }
};

}  // namespace

TEST_CASE("an example opens from the empty start screen marked EXAMPLE and is never saved", "[ui][examples]") {
    ExampleDriver d;
    REQUIRE(d.s.examples.size() >= 3);
    d.frame();
    REQUIRE(d.shows("See how it works"));
    const Example& ex = d.s.examples[0];
    const auto title = d.item(ex.title);
    REQUIRE(title);
    REQUIRE(title->interactive);
    d.click(*title);

    REQUIRE(d.s.screen == Screen::Consultation);
    REQUIRE(d.s.draft);
    CHECK(d.s.draft->example == ex.title);
    CHECK(d.s.draft->patient_id == 0);
    CHECK(d.s.draft->answers == ex.answers);
    d.frame();
    CHECK(d.item("EXAMPLE"));
    CHECK(d.shows(ex.title));
    CHECK(d.shows("never saved"));

    // Changed and left open for a minute: nothing reaches the file, no patient appears.
    const Slot age = d.s.pack->questionnaire.find("age_years");
    apply(d.s, act::SetAnswer{age, Value{std::int64_t{52}}}, d.svc, d.now);
    for (int i = 0; i < 60; ++i) d.frame(1.0);
    CHECK(d.saved() == 0);
    CHECK(d.store->find_patients("").empty());
    apply(d.s, act::SaveNow{}, d.svc, d.now);
    apply(d.s, act::Finalise{}, d.svc, d.now);
    CHECK(d.saved() == 0);
    CHECK_FALSE(d.s.draft->finalised());

    // Back to the start screen without a question; still nothing listed, the examples still offered.
    apply(d.s, act::Navigate{Screen::Start}, d.svc, d.now);
    d.frame();
    CHECK(d.s.screen == Screen::Start);
    CHECK(d.s.start.recent.empty());
    CHECK(d.shows("See how it works"));
}

TEST_CASE("an example given a real patient's name becomes that patient's consultation", "[ui][examples]") {
    ExampleDriver d;
    apply(d.s, act::OpenExample{1}, d.svc, d.now);
    REQUIRE(d.s.draft);
    REQUIRE_FALSE(d.s.draft->example.empty());
    apply(d.s, act::AddPatient{"Maria Real", "", ""}, d.svc, d.now);
    CHECK(d.s.draft->example.empty());
    CHECK(d.s.draft->patient_label == "Maria Real");
    for (int i = 0; i < 10; ++i) d.frame(1.0);
    REQUIRE(d.saved() == 1);
    CHECK(d.store->list(db::ListFilter{}).rows[0].patient_name == "Maria Real");
    d.frame();
    CHECK_FALSE(d.item("EXAMPLE"));
    // With a consultation saved, the start screen no longer offers examples.
    apply(d.s, act::Navigate{Screen::Start}, d.svc, d.now);
    d.frame();
    CHECK_FALSE(d.shows("See how it works"));
}
