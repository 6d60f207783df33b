// Helpers for the store tests: a temp folder made at run time, the small test packs, answers.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "db/store.h"
#include "engine/answers.h"
#include "engine/pack.h"
#include "tests/support/test_support.h"

namespace hc::db::test {

using hc::test_support::TempDir;
using hc::test_support::quote;

inline const hc::Pack& pack1() {
    static const hc::Pack p = hc::load_pack(std::filesystem::path(HC_TEST_DATA) / "pack");
    return p;
}
inline const hc::Pack& pack2() {  // same questionnaire, finasteride demoted for men
    static const hc::Pack p = hc::load_pack(std::filesystem::path(HC_TEST_DATA) / "pack2");
    return p;
}

inline hc::Answers answers(const nlohmann::json& doc, const hc::Pack& p = pack1()) {
    return hc::answers_from_json(p.questionnaire, doc);
}

// A complete man with Norwood `stage`.
inline nlohmann::json man(const std::string& stage = "3") {
    return {{"age_years", 34}, {"sex_at_birth", "male"}, {"pattern_type", "male_pattern"}, {"norwood_stage", stage}};
}
inline nlohmann::json woman() {
    return {{"age_years", 41}, {"sex_at_birth", "female"}, {"pattern_type", "female_pattern"}};
}

// A file's bytes, to show a refused file was left exactly as it was.
inline std::string file_bytes(const std::filesystem::path& p) { return hc::test_support::read_file(p); }

inline void write_file(const std::filesystem::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << bytes;
}

inline unsigned mode_of(const std::filesystem::path& p) {
    struct stat st{};
    ::stat(p.c_str(), &st);
    return st.st_mode & 0777;
}

// Runs `f` and returns the StoreError kind it threw (fails the test if it threw none).
template <class F>
StoreError::Kind kind_thrown(F&& f) {
    try {
        f();
    } catch (const StoreError& e) {
        return e.kind();
    }
    throw std::runtime_error("expected a StoreError");
}

// A ListFilter built in place: lf([](ListFilter& f) { f.text = "ann"; }).
template <class F>
ListFilter lf(F&& set) {
    ListFilter l;
    set(l);
    return l;
}

}  // namespace hc::db::test
