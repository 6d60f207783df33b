#include "tests/acceptance/vignette_check.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "engine/json_input.h"

namespace hc::acceptance {
namespace {

using nlohmann::json;

std::string join(const std::vector<std::string>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
    return s + "]";
}

std::vector<std::string> strings(const json& j, const std::string& where) {
    if (!j.is_array()) throw std::runtime_error(where + " is not a list");
    std::vector<std::string> out;
    for (const auto& x : j) {
        if (!x.is_string()) throw std::runtime_error(where + " holds a non-string");
        out.push_back(x.get<std::string>());
    }
    return out;
}

// Ids of the entries of result[section] (each an object with "id").
std::set<std::string> ids_in(const json& result, const char* section) {
    std::set<std::string> ids;
    if (result.contains(section) && result[section].is_array())
        for (const auto& e : result[section])
            if (e.is_object() && e.contains("id") && e["id"].is_string()) ids.insert(e["id"].get<std::string>());
    return ids;
}

// The verdict of option `id` in the result, or "" when it does not appear.
std::string verdict_of(const json& result, const std::string& id) {
    if (!result.contains("options") || !result["options"].is_array()) return {};
    for (const auto& o : result["options"])
        if (o.is_object() && o.value("id", "") == id) return o.value("verdict", "?");
    return {};
}

}  // namespace

Vignette load_vignette(const std::filesystem::path& file) {
    const json doc = read_json_file(file);
    if (!doc.is_object()) throw std::runtime_error(file.filename().string() + ": not a JSON object");
    Vignette v;
    v.file = file;
    v.id = doc.contains("id") && doc["id"].is_string() ? doc["id"].get<std::string>() : file.stem().string();
    v.answers = doc.value("answers", json::object());
    v.expect = doc.value("expect", json::object());
    if (!v.answers.is_object()) throw std::runtime_error(file.filename().string() + ": 'answers' is not an object");
    if (!v.expect.is_object()) throw std::runtime_error(file.filename().string() + ": 'expect' is not an object");
    return v;
}

std::vector<std::filesystem::path> vignette_files(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) return files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<std::string> check_expect(const json& expect, const json& result) {
    std::vector<std::string> problems;
    static const std::set<std::string> known = {"assessments", "red_flags", "workup", "not_assessments",
                                                "not_red_flags", "not_workup", "options", "never", "missing"};
    // Checked on the handout and the texts, not on the result: the shared runner does that
    // through the CLI (tests/acceptance/CMakeLists.txt), and handout tests check the markup.
    static const std::set<std::string> handout_keys = {"handout_options", "handout_not_options", "handout_asked",
                                                       "text_must_not"};
    for (const auto& [key, value] : expect.items()) {
        if (handout_keys.count(key)) continue;
        if (!known.count(key)) {
            problems.push_back("expect has an unknown key '" + key + "'");
            continue;
        }
        try {
            if (key == "assessments" || key == "red_flags" || key == "workup") {
                const auto have = ids_in(result, key.c_str());
                for (const auto& id : strings(value, key))
                    if (!have.count(id)) problems.push_back(key + ": expected " + id + ", not in the result");
            } else if (key.rfind("not_", 0) == 0) {
                const std::string section = key.substr(4);
                const auto have = ids_in(result, section.c_str());
                for (const auto& id : strings(value, key))
                    if (have.count(id)) problems.push_back(key + ": " + id + " is in the result but must not be");
            } else if (key == "options" || key == "never") {
                if (!value.is_object()) throw std::runtime_error(key + " is not an object");
                for (const auto& [id, verdicts_json] : value.items()) {
                    const auto verdicts = strings(verdicts_json, key + "." + id);
                    const std::string got = verdict_of(result, id);
                    const bool listed = std::find(verdicts.begin(), verdicts.end(), got) != verdicts.end();
                    if (key == "options" && got.empty())
                        problems.push_back("options " + id + ": not in the result, allowed " + join(verdicts));
                    else if (key == "options" && !listed)
                        problems.push_back("options " + id + ": got " + got + ", allowed " + join(verdicts));
                    else if (key == "never" && !got.empty() && listed)
                        problems.push_back("never " + id + ": got " + got + ", which is never allowed " + join(verdicts));
                }
            } else if (key == "missing") {
                std::set<std::string> asked;
                if (result.contains("missing") && result["missing"].is_array())
                    for (const auto& m : result["missing"])
                        if (m.is_string()) asked.insert(m.get<std::string>());
                for (const auto& id : strings(value, key))
                    if (!asked.count(id)) problems.push_back("missing: expected the result to ask for " + id);
            }
        } catch (const std::exception& e) {
            problems.push_back("expect." + key + ": " + e.what());
        }
    }
    return problems;
}

}  // namespace hc::acceptance
