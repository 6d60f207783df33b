#include "base/paths.h"

#include <sys/stat.h>

#include <cstdlib>
#include <string_view>
#include <system_error>

namespace hc::base {

namespace fs = std::filesystem;

namespace {

// An absolute folder from the environment variable `name`, or empty. The XDG spec: "If an
// implementation encounters a relative path in any of these variables it should consider the
// path invalid and ignore it."
fs::path absolute_env(const char* name) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0' || v[0] != '/') return {};
    return fs::path(v);
}

// $XDG_<var>, else $HOME/<fallback>, else empty.
fs::path xdg_base(const char* var, std::string_view fallback) {
    if (fs::path p = absolute_env(var); !p.empty()) return p;
    if (fs::path home = absolute_env("HOME"); !home.empty()) return home / fallback;
    return {};
}

}  // namespace

fs::path data_dir() {
    const fs::path base = xdg_base("XDG_DATA_HOME", ".local/share");
    return base.empty() ? base : base / "hairconsult";
}

fs::path config_dir() {
    const fs::path base = xdg_base("XDG_CONFIG_HOME", ".config");
    return base.empty() ? base : base / "hairconsult";
}

fs::path documents_dir() { return xdg_base("XDG_DOCUMENTS_DIR", "Documents"); }

bool make_private_dir(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir, ec)) return false;
    ::chmod(dir.c_str(), 0700);  // best effort: a folder of another owner keeps its mode
    return true;
}

}  // namespace hc::base
