// Shared by the ui tests: the shipped pack (loaded once), a temp folder, a vignette's answers.
#pragma once

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "engine/json_input.h"
#include "engine/pack.h"
#include "ui/app_state.h"

namespace hc::ui::test {

inline std::shared_ptr<const Pack> pack() {
    static const auto p = std::make_shared<const Pack>(load_pack(HC_PACK_DIR));
    return p;
}

// A fresh folder under the system temp dir, removed when the object goes.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::random_device rd;
        path = std::filesystem::temp_directory_path() / ("hc-ui-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

inline std::string vignette(const std::string& stem) {
    return std::string(HC_SOURCE_DIR) + "/tests/acceptance/vignettes/" + stem + ".json";
}

inline Answers vignette_answers(const std::string& stem) {
    const auto doc = read_json_file(vignette(stem));
    return answers_from_json(pack()->questionnaire, doc.at("answers"));
}

inline AppState fresh_state() {
    AppState s;
    s.pack = pack();
    s.author = "tester";
    return s;
}

}  // namespace hc::ui::test
