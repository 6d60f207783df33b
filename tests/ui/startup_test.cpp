// ui/startup: what the app does before its first frame, without a window: the acting clinician
// from the settings, a pack that cannot be used, the store with its read-only fallback, and the
// first screen the command line asks for.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <stdexcept>

#include "base/identity.h"
#include "ui/actions.h"
#include "ui/settings.h"
#include "ui/startup.h"
#include "ui_test_support.h"

using namespace hc;
using namespace hc::ui;
using namespace hc::ui::test;

namespace {

// XDG_CONFIG_HOME pointed at a folder for one test; restored after.
struct ConfigHome {
    std::optional<std::string> old;
    explicit ConfigHome(const std::filesystem::path& dir) {
        if (const char* v = std::getenv("XDG_CONFIG_HOME")) old = v;
        ::setenv("XDG_CONFIG_HOME", dir.c_str(), 1);
    }
    ~ConfigHome() {
        if (old) ::setenv("XDG_CONFIG_HOME", old->c_str(), 1);
        else ::unsetenv("XDG_CONFIG_HOME");
    }
};

}  // namespace

TEST_CASE("the acting clinician is the settings' clinician name, else the login name", "[ui][startup]") {
    TempDir t;
    const ConfigHome home(t.path);
    {
        AppState s;
        Services svc;
        load_startup_settings(s, svc);
        CHECK(svc.settings_path == t.path / "hairconsult" / "settings.json");
        CHECK(s.author == base::login_name());
        CHECK(s.messages.empty());
    }
    std::filesystem::create_directories(t.path / "hairconsult");
    std::ofstream(t.path / "hairconsult" / "settings.json") << R"({"clinician_name": "Dr Sam Example"})";
    AppState s;
    Services svc;
    load_startup_settings(s, svc);
    CHECK(s.author == "Dr Sam Example");

    // Saving other settings later makes the new name the author from then on.
    s.pack = pack();
    AppSettings e = s.settings;
    e.clinician_name = "Dr Ana Ruiz";
    apply(s, act::EditSettings{e}, svc, 1.0);
    apply(s, act::SaveSettings{}, svc, 1.0);
    CHECK(s.author == "Dr Ana Ruiz");
    e.clinician_name = "";
    apply(s, act::EditSettings{e}, svc, 2.0);
    apply(s, act::SaveSettings{}, svc, 2.0);
    CHECK(s.author == base::login_name());
}

TEST_CASE("a pack that cannot be used becomes the modal, not a crash", "[ui][startup]") {
    AppState s;
    take_pack(s, []() -> Pack { throw std::runtime_error("disk on fire"); });
    CHECK_FALSE(s.pack);
    REQUIRE(s.modal);
    CHECK(s.modal->text.find("disk on fire") != std::string::npos);

    AppState ok;
    take_pack(ok, [] { return load_pack(HC_PACK_DIR); });
    CHECK(ok.pack);
    CHECK_FALSE(ok.modal);
}

TEST_CASE("a second window on the same database opens it read-only and says why", "[ui][startup]") {
    TempDir t;
    AppState first = fresh_state();
    Services svc1;
    std::optional<db::Store> store1;
    open_startup_store(first, svc1, store1, t.path / "c.db");
    REQUIRE(svc1.store == &*store1);
    CHECK_FALSE(first.read_only);

    AppState second = fresh_state();
    Services svc2;
    std::optional<db::Store> store2;
    open_startup_store(second, svc2, store2, t.path / "c.db");
    REQUIRE(svc2.store == &*store2);
    CHECK(second.read_only);
    CHECK(second.read_only_reason.find("already open in another hairconsult window") != std::string::npos);
}

TEST_CASE("a database that cannot be opened is one message, and typing still works", "[ui][startup]") {
    TempDir t;
    std::ofstream(t.path / "not-a-db") << "this is not SQLite";
    AppState s = fresh_state();
    Services svc;
    std::optional<db::Store> store;
    open_startup_store(s, svc, store, t.path / "not-a-db");
    CHECK(svc.store == nullptr);
    REQUIRE(s.messages.size() == 1);
    CHECK(s.messages[0].text.find("The database cannot be opened") == 0);
}

TEST_CASE("the first screen follows --answers, --screen and --page", "[ui][startup]") {
    TempDir t;
    AppState s = fresh_state();
    Services svc;
    std::optional<db::Store> store;
    open_startup_store(s, svc, store, t.path / "c.db");
    AppOptions o;
    o.answers = vignette("a03-man-planning-to-father-a-child-norwood-3-vertex");
    o.page = 2;
    apply_start_options(s, svc, o, 1.0);
    REQUIRE(s.draft);
    CHECK(s.screen == Screen::Consultation);
    CHECK(s.view.page == 1);

    AppState other = fresh_state();
    AppOptions bad;
    bad.screen = "nowhere";
    apply_start_options(other, svc, bad, 1.0);
    REQUIRE_FALSE(other.messages.empty());
    CHECK(other.messages.back().text == "Unknown screen 'nowhere'");
}

TEST_CASE("the database comes from --db, else the settings, and a bad one in the settings is refused and said", "[ui][startup][settings]") {
    TempDir t;
    const ConfigHome home(t.path / "config");
    AppSettings saved;
    saved.database = (t.path / "clinic.db").string();
    saved.room_name = "Room 3";
    save_settings(settings_path(), saved);

    AppState s = fresh_state();
    Services svc;
    load_startup_settings(s, svc);
    CHECK(s.room == "Room 3");
    std::optional<db::Store> store;
    open_startup_store(s, svc, store, "");
    REQUIRE(svc.store);
    CHECK(svc.store->location() == (t.path / "clinic.db").string());
    CHECK(std::filesystem::exists(t.path / "clinic.db"));

    // --db wins over the settings, and --room over the room name.
    AppState other = fresh_state();
    Services svc2;
    std::optional<db::Store> store2;
    load_startup_settings(other, svc2);
    open_startup_store(other, svc2, store2, (t.path / "given.db").string());
    CHECK(svc2.store->location() == (t.path / "given.db").string());
    AppOptions o;
    o.room = "Front desk";
    apply_start_options(other, svc2, o, 1.0);
    CHECK(other.room == "Front desk");

    // A password typed into the address is not kept (the settings are plain JSON on the disk);
    // a relative path is not guessed at. Each is said.
    AppSettings bad;
    bad.database = "postgresql://room1:s3cret@clinic-db/hairconsult";
    auto why = sanitise(bad);
    CHECK(bad.database.empty());
    REQUIRE(why.size() == 1);
    CHECK_THAT(why[0], Catch::Contains(".pgpass"));
    bad.database = "postgresql://clinic-db/hairconsult?sslmode=verify-full&password=s3cret";
    CHECK(sanitise(bad).size() == 1);
    CHECK(bad.database.empty());
    bad.database = "consultations.db";
    CHECK(sanitise(bad).size() == 1);
    CHECK(bad.database.empty());
    // Without a password the address is kept as typed.
    bad.database = "postgresql://room1@clinic-db/hairconsult?sslmode=verify-full";
    CHECK(sanitise(bad).empty());
    CHECK(bad.database == "postgresql://room1@clinic-db/hairconsult?sslmode=verify-full");

    // Saving a new database says when it is used; this window stays on the one it has open.
    s.settings_edit = s.settings;
    s.settings_edit.database = (t.path / "other.db").string();
    apply(s, act::SaveSettings{}, svc, 2.0);
    REQUIRE_FALSE(s.messages.empty());
    CHECK_THAT(s.messages.back().text, Catch::Contains("used from the next start"));
    CHECK(svc.store->location() == (t.path / "clinic.db").string());
    CHECK(load_settings(settings_path()).settings.database == (t.path / "other.db").string());
}

TEST_CASE("the room name: --room, else the setting, else the computer's name", "[ui][settings]") {
    AppSettings s;
    CHECK_FALSE(room_name(s).empty());
    CHECK(room_name(s) != "Room 2");
    s.room_name = "Room 2";
    CHECK(room_name(s) == "Room 2");
    CHECK(room_name(s, "Front desk") == "Front desk");
}
