// Errors, names, time and input checks, whichever backend holds the record.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "base/paths.h"
#include "db/internal.h"
#include "engine/iso_date.h"
#include "engine/json_input.h"

namespace hc::db {

StoreError::StoreError(Kind kind, int sqlite_code, const std::string& message)
    : std::runtime_error(message), kind_(kind), code_(sqlite_code) {}

std::string_view to_string(StoreError::Kind k) {
    using K = StoreError::Kind;
    switch (k) {
        case K::NotOurs: return "not_ours";
        case K::NewerSchema: return "newer_schema";
        case K::Corrupt: return "corrupt";
        case K::ReadOnly: return "read_only";
        case K::Locked: return "locked";
        case K::AlreadyOpen: return "already_open";
        case K::DiskFull: return "disk_full";
        case K::Io: return "io";
        case K::CannotOpen: return "cannot_open";
        case K::NotFound: return "not_found";
        case K::WrongState: return "wrong_state";
        case K::Incomplete: return "incomplete";
        case K::InvalidInput: return "invalid_input";
        case K::Duplicate: return "duplicate";
        case K::Leased: return "leased";
        case K::Conflict: return "conflict";
        case K::Unreachable: return "unreachable";
        case K::Internal: return "internal";
    }
    return "internal";
}

std::string_view to_string(Status s) {
    switch (s) {
        case Status::InProgress: return "in-progress";
        case Status::Completed: return "completed";
        case Status::Amended: return "amended";
        case Status::EnteredInError: return "entered-in-error";
    }
    return "in-progress";
}

bool status_from_string(std::string_view s, Status& out) {
    for (Status v : {Status::InProgress, Status::Completed, Status::Amended, Status::EnteredInError}) {
        if (to_string(v) == s) {
            out = v;
            return true;
        }
    }
    return false;
}

std::string_view to_string(Override::Decision d) {
    return d == Override::Decision::Accept ? "accept" : "decline";
}

std::string_view to_string(AuditAction a) {
    switch (a) {
        case AuditAction::Created: return "created";
        case AuditAction::Opened: return "opened";
        case AuditAction::Saved: return "saved";
        case AuditAction::Finalised: return "finalised";
        case AuditAction::Amended: return "amended";
        case AuditAction::Withdrawn: return "withdrawn";
        case AuditAction::Exported: return "exported";
        case AuditAction::Printed: return "printed";
        case AuditAction::Imported: return "imported";
        case AuditAction::Erased: return "erased";
    }
    return "opened";
}

std::filesystem::path default_path() {
    if (const auto dir = base::data_dir(); !dir.empty()) return dir / "consultations.db";
    throw StoreError(StoreError::Kind::CannotOpen, 0,
                     "Cannot find the data folder: neither XDG_DATA_HOME nor HOME is set; use --db PATH.");
}

std::string now_utc() {
    using namespace std::chrono;
    const auto now = system_clock::now();
    const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count();
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    return buf;
}

// Names, record numbers, authors and reasons are one line each: a line break, tab or other
// control character in one would forge rows in a list or a terminal. Returns what was found
// (for the message) or nullptr. C0, DEL, C1 (U+0080..U+009F) and the Unicode line and paragraph
// separators; bidirectional marks are allowed (names in right-to-left scripts use them) and are
// isolated where names are drawn.
const char* control_in(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '\n') return "a line break";
        if (c == '\r') return "a carriage return";
        if (c == '\t') return "a tab";
        if (c < 0x20 || c == 0x7f) return "a control character";
        const auto next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
        if (c == 0xc2 && next >= 0x80 && next <= 0x9f) return "a control character";
        if (c == 0xe2 && next == 0x80 && i + 2 < s.size() &&
            (static_cast<unsigned char>(s[i + 2]) == 0xa8 || static_cast<unsigned char>(s[i + 2]) == 0xa9))
            return "a line separator";
    }
    return nullptr;
}

void check_text(const std::string& s, const char* what, std::size_t max_len, bool required) {
    using K = StoreError::Kind;
    if (required && s.find_first_not_of(" \t\r\n") == std::string::npos)
        throw StoreError(K::InvalidInput, 0, std::string(what) + " is required.");
    if (s.size() > max_len)
        throw StoreError(K::InvalidInput, 0,
                         std::string(what) + " is too long (at most " + std::to_string(max_len) + " bytes).");
    if (const char* c = control_in(s))
        throw StoreError(K::InvalidInput, 0,
                         std::string(what) + " contains a control character (" + c +
                             "); it must be one line of plain text.");
    // Invalid UTF-8 would later break JSON export: refuse it here.
    try {
        (void)nlohmann::json(s).dump();
    } catch (const nlohmann::json::exception&) {
        throw StoreError(K::InvalidInput, 0, std::string(what) + " is not valid UTF-8 text.");
    }
}

void check_date(const std::string& s, const char* what) {
    if (s.empty()) return;
    const auto d = parse_iso_date(s);  // the engine's one reading of a calendar date
    if (!d || d->year < 1850 || d->year > 2200)
        throw StoreError(StoreError::Kind::InvalidInput, 0, std::string(what) + " must be a date YYYY-MM-DD.");
}

// Every write names who made it: the audit log must never hold an anonymous change.
void check_author(const std::string& author) { check_text(author, "The author", 200, true); }

void check_birth_date(const std::string& s) {
    check_date(s, "The birth date");
    if (!s.empty() && s > now_utc().substr(0, 10))
        throw StoreError(StoreError::Kind::InvalidInput, 0, "The birth date " + s + " is in the future.");
}

std::string overrides_to_json(const std::vector<Override>& o) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& x : o)
        a.push_back({{"option", x.option_id}, {"decision", std::string(to_string(x.decision))}, {"reason", x.reason}});
    return a.dump();
}

std::vector<Override> overrides_from_json(const std::string& text) {
    std::vector<Override> out;
    nlohmann::json a;
    try {
        a = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception&) {
        throw StoreError(StoreError::Kind::Corrupt, 0, "A stored override list is not valid JSON.");
    }
    for (const auto& x : a) {
        Override o;
        o.option_id = x.value("option", "");
        o.decision = x.value("decision", "") == "decline" ? Override::Decision::Decline : Override::Decision::Accept;
        o.reason = x.value("reason", "");
        out.push_back(std::move(o));
    }
    return out;
}

void check_overrides(const std::vector<Override>& o, const hc::Pack* pack) {
    for (const auto& x : o) {
        check_text(x.option_id, "An override's option", 100, true);
        check_text(x.reason, ("The reason for overriding " + x.option_id).c_str(), 2000, true);
        if (pack && pack->find_option(x.option_id) < 0)
            throw StoreError(StoreError::Kind::InvalidInput, 0,
                             "Override names an option the pack does not have: '" + x.option_id + "'.");
    }
}

}  // namespace hc::db
