// Shared helpers for the engine tests: the mini pack under tests/packs, answers from JSON text,
// and scratch copies of a pack with one file changed (removed when the test ends).
#pragma once

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "engine/answers.h"
#include "engine/json_input.h"
#include "engine/pack.h"
#include "tests/support/test_support.h"

namespace hc::test {

using hc::test_support::TempDir;

inline std::filesystem::path packs_dir() { return std::filesystem::path(HC_SOURCE_DIR) / "tests" / "packs"; }
inline std::filesystem::path mini_dir() { return packs_dir() / "mini"; }

inline const Pack& mini() {
    static const Pack p = load_pack(mini_dir());
    return p;
}

inline Answers answers(const std::string& json_text, const Pack& p = mini()) {
    return answers_from_json(p.questionnaire, parse_json(json_text, "test"));
}

inline nlohmann::json read(const std::filesystem::path& f) { return read_json_file(f); }


inline void write(const std::filesystem::path& f, const std::string& text) {
    std::ofstream out(f, std::ios::binary | std::ios::trunc);
    out << text;
}

// Copies the mini pack to `dir`, then lets `edit` change one file's JSON.
inline void mini_copy(const std::filesystem::path& dir, const std::string& file,
                      const std::function<void(nlohmann::json&)>& edit) {
    std::filesystem::copy(mini_dir(), dir, std::filesystem::copy_options::recursive |
                                               std::filesystem::copy_options::overwrite_existing);
    if (file.empty()) return;
    nlohmann::json j = read(dir / file);
    edit(j);
    write(dir / file, j.dump(2));
}

// The problems load_pack reports for the mini pack with one file edited (empty if it loads).
inline std::vector<PackProblem> problems_after(const std::string& file, const std::function<void(nlohmann::json&)>& edit) {
    TempDir t;
    mini_copy(t.path, file, edit);
    try {
        load_pack(t.path);
    } catch (const PackError& e) {
        return e.problems();
    }
    return {};
}

// All problems as one string, for Contains checks.
inline std::string joined(const std::vector<PackProblem>& ps) {
    std::string s;
    for (const auto& p : ps) s += p.str() + "\n";
    return s;
}

}  // namespace hc::test
