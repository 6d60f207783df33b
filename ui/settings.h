// The app's own settings: clinic and clinician names for the handout, paper, the handout folder
// and the printer last used. A plain struct with defaults, kept as JSON under the user's config
// directory. Never holds patient data.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "handout/handout.h"

namespace hc::ui {

struct AppSettings {
    std::string clinic_name = "Hair clinic";  // top of every handout page
    std::string clinic_contact;               // one line: address, phone, web
    std::string clinician_name;               // "Dr A. Example"
    handout::Paper paper = handout::Paper::A4;
    double margin_mm = 18.0;                  // 10..40
    std::string handout_dir;                  // empty: default_handout_dir()
    std::string printer;                      // last printer chosen; empty: the CUPS default
    std::string cups_server;                  // empty: the user's CUPS default (CUPS_SERVER, client.conf)
    // Where consultations are kept: a database file (full path) or the clinic's server
    // (postgresql://host/db, its password in ~/.pgpass, never here). Empty: the default file.
    // --db overrides it; a change is used from the next start.
    std::string database;
    // This desk's name, shown to other rooms editing the clinic's shared record ("Room 2").
    // Empty: the computer's name. --room overrides it.
    std::string room_name;
};

// Limits applied on load and on save.
constexpr std::size_t kMaxSettingText = 200;
constexpr double kMinMarginMm = 10.0;
constexpr double kMaxMarginMm = 40.0;

// settings.json in base::config_dir() ($XDG_CONFIG_HOME/hairconsult or ~/.config/hairconsult);
// empty when there is no such folder.
std::filesystem::path settings_path();

// The room name other rooms see: `override` (--room) when given, else the setting, else the
// computer's host name, else "this room".
std::string room_name(const AppSettings& s, const std::string& override_name = {});

// The handout part of the settings, as the handout library wants it.
handout::Settings handout_settings(const AppSettings& s);

// Brings every field into range (text trimmed to kMaxSettingText bytes with control characters
// removed, margin clamped, unknown paper -> A4). Returns one line per field it had to change.
std::vector<std::string> sanitise(AppSettings& s);

struct LoadedSettings {
    AppSettings settings;
    std::vector<std::string> problems;  // for a banner; empty when the file was fine or absent
};

// Reads `path`. A missing file gives the defaults silently; an unreadable or malformed file
// gives the defaults and one problem line; fields of the wrong type or out of range are
// replaced by their default (or clamped) with a problem line each. Never throws.
LoadedSettings load_settings(const std::filesystem::path& path);

// Writes `s` (after sanitise) to `path` atomically with mode 0600 (base::write_private_file),
// creating the folder 0700.
// Throws std::exception with the path and the reason.
void save_settings(const std::filesystem::path& path, const AppSettings& s);

nlohmann::json to_json(const AppSettings& s);

}  // namespace hc::ui
