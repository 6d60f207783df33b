#include "ui/startup.h"

#include <nlohmann/json.hpp>

#include "base/identity.h"
#include "engine/examples.h"
#include "engine/json_input.h"
#include "ui/settings.h"

namespace hc::ui {

namespace fs = std::filesystem;

void load_startup_settings(AppState& s, Services& svc) {
    // Settings are only read here; a bad file is one banner, never a refusal to start.
    svc.settings_path = settings_path();
    auto loaded = load_settings(svc.settings_path);
    s.settings = loaded.settings;
    s.settings_edit = loaded.settings;
    for (auto& p : loaded.problems) s.messages.push_back({Message::Kind::Warning, "Settings: " + p});
    s.author = base::acting_clinician(s.settings.clinician_name);
    s.room = room_name(s.settings);
}

void take_pack(AppState& s, const std::function<Pack()>& load) {
    try {
        s.pack = std::make_shared<const Pack>(load());
    } catch (const PackError& e) {
        std::string text = "The content pack cannot be used, so no consultation can be evaluated:";
        for (const auto& p : e.problems()) text += "\n  \u2022 " + p.str();
        s.modal = Message{Message::Kind::Error, text};
    } catch (const std::exception& e) {
        s.modal = Message{Message::Kind::Error, std::string("The content pack cannot be used: ") + e.what()};
    }
    if (!s.pack) return;
    try {
        s.examples = load_examples(*s.pack);
    } catch (const std::exception& e) {  // the examples are a convenience: the app works without them
        s.messages.push_back({Message::Kind::Warning, std::string("The pack's examples cannot be shown: ") + e.what()});
    }
}

void open_startup_store(AppState& s, Services& svc, std::optional<db::Store>& store, const std::string& given) {
    try {
        // --db, else the settings' database, else the default file.
        const std::string location = !given.empty() ? given : !s.settings.database.empty() ? s.settings.database
                                                                                           : db::default_path().string();
        const fs::path path = location;
        try {
            store.emplace(db::Store::open(location));
        } catch (const db::StoreError& e) {
            if (e.kind() != db::StoreError::Kind::AlreadyOpen) throw;
            db::OpenOptions ro;
            ro.lock = db::OpenOptions::Lock::Shared;
            ro.read_only = true;
            store.emplace(db::Store::open(path, ro));
            s.read_only = true;
            s.read_only_reason = "this database is already open in another hairconsult window. "
                                 "This copy can look, but it does not save; use the other window to make changes.";
        }
        // What the store found at open (a damaged log kept aside, modes tightened) is said once;
        // a store that chose read-only itself is shown read-only like a second window.
        for (const auto& note : store->notes()) s.messages.push_back({Message::Kind::Warning, note});
        if (store->read_only() && !s.read_only) {
            s.read_only = true;
            s.read_only_reason = "its write-ahead log is damaged (see the message above); nothing is saved until "
                                 "that is dealt with.";
        }
        svc.store = &*store;
        s.database_in_use = store->location();
    } catch (const std::exception& e) {
        s.messages.push_back({Message::Kind::Error, std::string("The database cannot be opened: ") + e.what() +
                                                        ". Consultations can be typed but not saved."});
    }
}

void apply_start_options(AppState& s, Services& svc, const AppOptions& o, double now) {
    if (!o.room.empty()) s.room = o.room;
    if (!s.pack) return;
    refresh_start(s, svc);
    if (!o.answers.empty()) {
        try {
            open_draft(s, 0, "", answers_from_file_document(s.pack->questionnaire, read_json_file(o.answers)));
        } catch (const std::exception& e) {
            s.messages.push_back({Message::Kind::Error, "Cannot use " + o.answers + ": " + e.what()});
        }
    }
    if (o.open_id) apply(s, act::OpenConsultation{o.open_id}, svc, now);
    if (o.open_id && o.edit) apply(s, act::EditSaved{}, svc, now);
    if (o.screen == "handout") {
        // Over the consultation; with --open, over the Review screen (the revision as decided).
        if (s.screen != Screen::Review) apply(s, act::Navigate{Screen::Consultation}, svc, now);
        apply(s, act::OpenHandout{}, svc, now);
    } else if (!o.screen.empty()) {
        Screen sc;
        if (screen_from_name(o.screen, sc)) apply(s, act::Navigate{sc}, svc, now);
        else s.messages.push_back({Message::Kind::Warning, "Unknown screen '" + o.screen + "'"});
    }
    if (o.page > 0) apply(s, act::GotoPage{o.page - 1}, svc, now);
    if (!o.expand_why.empty()) {
        const int i = s.pack->find_option(o.expand_why);
        if (i >= 0) apply(s, act::ToggleWhy{i}, svc, now);
    }
}

}  // namespace hc::ui
