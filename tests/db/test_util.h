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

namespace hc::db::test {

// A fresh folder under the system temp dir, removed at the end.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "hc-db-test-XXXXXX").string();
        if (!::mkdtemp(tmpl.data())) std::abort();
        path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    std::filesystem::path operator/(const std::string& name) const { return path / name; }
};

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

inline std::string file_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

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
