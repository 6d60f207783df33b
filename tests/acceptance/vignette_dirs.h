// Where the acceptance vignettes live: the shared clinical folder beside the repository
// (or HAIRCONSULT_VIGNETTES), and this project's own cases under tests/acceptance/vignettes.
#pragma once

#include <cstdlib>
#include <filesystem>

namespace hc::acceptance {

// HAIRCONSULT_VIGNETTES when set and not empty, else <source>/../shared/clinical/vignettes.
inline std::filesystem::path shared_vignette_dir() {
    if (const char* env = std::getenv("HAIRCONSULT_VIGNETTES"); env != nullptr && *env != '\0') return env;
    return std::filesystem::path(HC_SOURCE_DIR) / ".." / "shared" / "clinical" / "vignettes";
}

inline bool shared_dir_from_env() {
    const char* env = std::getenv("HAIRCONSULT_VIGNETTES");
    return env != nullptr && *env != '\0';
}

inline std::filesystem::path own_vignette_dir() { return std::filesystem::path(HC_TEST_DATA) / "vignettes"; }

}  // namespace hc::acceptance
