#include "ui/settings.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include "base/paths.h"
#include "base/private_file.h"
#include "db/store.h"

namespace hc::ui {

namespace fs = std::filesystem;

namespace {

// Keeps printable text only (control characters out, tabs and newlines become spaces) and cuts
// at kMaxSettingText bytes on a UTF-8 character boundary.
std::string clean(const std::string& in, bool& changed) {
    std::string out;
    out.reserve(in.size());
    for (char c : in) {
        const auto u = static_cast<unsigned char>(c);
        if (u == '\t' || u == '\n' || u == '\r') out.push_back(' ');
        else if (u < 0x20 || u == 0x7f) continue;
        else out.push_back(c);
    }
    if (out.size() > kMaxSettingText) {
        std::size_t cut = kMaxSettingText;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
        out.resize(cut);
    }
    changed = out != in;
    return out;
}

// "postgresql://user:secret@host/db" or "...?password=secret": a password written in the address.
bool uri_has_password(const std::string& uri) {
    const std::size_t start = uri.find("://");
    if (start == std::string::npos) return false;
    const std::size_t end = uri.find_first_of("/?", start + 3);
    const std::string authority = uri.substr(start + 3, end == std::string::npos ? std::string::npos : end - start - 3);
    const std::size_t at = authority.rfind('@');
    if (at != std::string::npos && authority.substr(0, at).find(':') != std::string::npos) return true;
    const std::size_t q = uri.find('?');
    return q != std::string::npos && (uri.find("?password=", q) != std::string::npos || uri.find("&password=", q) != std::string::npos);
}

}  // namespace

std::string room_name(const AppSettings& s, const std::string& override_name) {
    if (!override_name.empty()) return override_name;
    if (!s.room_name.empty()) return s.room_name;
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) == 0 && host[0]) return host;
    return "this room";
}

fs::path settings_path() {
    const fs::path dir = base::config_dir();
    return dir.empty() ? dir : dir / "settings.json";
}

handout::Settings handout_settings(const AppSettings& s) {
    handout::Settings h;
    h.clinic_name = s.clinic_name;
    h.clinic_contact = s.clinic_contact;
    h.clinician_name = s.clinician_name;
    h.paper = s.paper;
    h.margin_mm = s.margin_mm;
    return h;
}

std::vector<std::string> sanitise(AppSettings& s) {
    std::vector<std::string> why;
    const std::pair<std::string*, const char*> texts[] = {
        {&s.clinic_name, "clinic name"}, {&s.clinic_contact, "clinic contact"}, {&s.clinician_name, "clinician name"},
        {&s.handout_dir, "handout folder"}, {&s.printer, "printer"}, {&s.cups_server, "print server"},
        {&s.database, "database"}, {&s.room_name, "room name"},
    };
    for (auto& [field, name] : texts) {
        bool changed = false;
        *field = clean(*field, changed);
        if (changed)
            why.push_back(std::string("The ") + name + " had control characters or was longer than " +
                          std::to_string(kMaxSettingText) + " bytes; it was shortened.");
    }
    if (!std::isfinite(s.margin_mm)) {
        s.margin_mm = AppSettings{}.margin_mm;
        why.push_back("The handout margin was not a number; it is back to its default.");
    } else if (s.margin_mm < kMinMarginMm || s.margin_mm > kMaxMarginMm) {
        s.margin_mm = std::clamp(s.margin_mm, kMinMarginMm, kMaxMarginMm);
        why.push_back("The handout margin must be 10 to 40 mm; it is now " + std::to_string(static_cast<int>(s.margin_mm)) + " mm.");
    }
    if (s.paper != handout::Paper::A4 && s.paper != handout::Paper::Letter) {
        s.paper = handout::Paper::A4;
        why.push_back("Unknown paper size; A4 is used.");
    }
    if (!s.database.empty() && !db::is_server_uri(s.database) && fs::path(s.database).is_relative()) {
        why.push_back("The database must be a full file path or a postgresql:// address; the default file is used.");
        s.database.clear();
    }
    if (db::is_server_uri(s.database) && uri_has_password(s.database)) {
        // Settings are plain JSON: a password there would be one more copy of it on the disk.
        why.push_back("The database address held a password; it was not kept. Put the password in the .pgpass "
                      "file instead (see the README).");
        s.database.clear();
    }
    if (!s.handout_dir.empty() && fs::path(s.handout_dir).is_relative()) {
        why.push_back("The handout folder must be a full path; the default folder is used.");
        s.handout_dir.clear();
    }
    return why;
}

nlohmann::json to_json(const AppSettings& s) {
    return {
        {"clinic_name", s.clinic_name},
        {"clinic_contact", s.clinic_contact},
        {"clinician_name", s.clinician_name},
        {"paper", s.paper == handout::Paper::Letter ? "letter" : "a4"},
        {"margin_mm", s.margin_mm},
        {"handout_dir", s.handout_dir},
        {"printer", s.printer},
        {"cups_server", s.cups_server},
        {"database", s.database},
        {"room_name", s.room_name},
    };
}

LoadedSettings load_settings(const fs::path& path) {
    LoadedSettings out;
    if (path.empty()) return out;
    std::error_code ec;
    if (!fs::exists(path, ec)) return out;
    const std::string where = " (" + path.filename().string() + " in the settings folder)";
    nlohmann::json doc;
    try {
        if (fs::file_size(path) > 64 * 1024) throw std::runtime_error("larger than 64 KiB");
        std::ifstream in(path, std::ios::binary);
        if (!in) throw std::runtime_error("cannot be read");
        std::stringstream ss;
        ss << in.rdbuf();
        doc = nlohmann::json::parse(ss.str());
        if (!doc.is_object()) throw std::runtime_error("is not a JSON object");
    } catch (const std::exception& e) {
        out.problems.push_back(std::string("The settings file cannot be used") + where + ": " + e.what() +
                               ". Default settings are used until you save new ones.");
        return out;
    }
    AppSettings& s = out.settings;
    auto text = [&](const char* key, std::string& field) {
        if (!doc.contains(key)) return;
        if (doc[key].is_string()) field = doc[key].get<std::string>();
        else out.problems.push_back(std::string("Setting '") + key + "' is not text; its default is used.");
    };
    text("clinic_name", s.clinic_name);
    text("clinic_contact", s.clinic_contact);
    text("clinician_name", s.clinician_name);
    text("handout_dir", s.handout_dir);
    text("printer", s.printer);
    text("cups_server", s.cups_server);
    text("database", s.database);
    text("room_name", s.room_name);
    if (doc.contains("paper")) {
        const auto& p = doc["paper"];
        if (p == "a4") s.paper = handout::Paper::A4;
        else if (p == "letter") s.paper = handout::Paper::Letter;
        else out.problems.push_back("Setting 'paper' must be \"a4\" or \"letter\"; A4 is used.");
    }
    if (doc.contains("margin_mm")) {
        if (doc["margin_mm"].is_number()) s.margin_mm = doc["margin_mm"].get<double>();
        else out.problems.push_back("Setting 'margin_mm' is not a number; its default is used.");
    }
    for (auto& p : sanitise(s)) out.problems.push_back(std::move(p));
    return out;
}

void save_settings(const fs::path& path, const AppSettings& settings) {
    if (path.empty()) throw std::runtime_error("there is no settings folder (neither XDG_CONFIG_HOME nor HOME is set)");
    AppSettings s = settings;
    sanitise(s);
    if (!base::make_private_dir(path.parent_path()))
        throw std::runtime_error("cannot create the settings folder " + path.parent_path().string());
    base::write_private_file(path, to_json(s).dump(2) + "\n");
}

}  // namespace hc::ui
