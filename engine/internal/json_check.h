// Internal to the engine (not part of the API): helpers the pack and questionnaire loaders use
// to read JSON while collecting every problem with its JSON path, instead of stopping at the first.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/errors.h"

namespace hc::detail {

// Appends JSON-pointer segments, escaping '~' and '/' as RFC 6901 asks.
inline std::string ptr(const std::string& base, std::string_view key) {
    std::string s = base + '/';
    for (char c : key) {
        if (c == '~') s += "~0";
        else if (c == '/') s += "~1";
        else s += c;
    }
    return s;
}
inline std::string ptr(const std::string& base, std::size_t index) { return base + '/' + std::to_string(index); }

inline const char* type_name(const nlohmann::json& j) {
    switch (j.type()) {
        case nlohmann::json::value_t::null: return "null";
        case nlohmann::json::value_t::object: return "an object";
        case nlohmann::json::value_t::array: return "an array";
        case nlohmann::json::value_t::string: return "a string";
        case nlohmann::json::value_t::boolean: return "a boolean";
        case nlohmann::json::value_t::number_integer:
        case nlohmann::json::value_t::number_unsigned: return "an integer";
        case nlohmann::json::value_t::number_float: return "a decimal number";
        default: return "an unsupported value";
    }
}

class Checker {
public:
    Checker(std::string file, std::vector<PackProblem>& out) : file_(std::move(file)), out_(out) {}

    const std::string& file() const { return file_; }
    void add(const std::string& path, std::string message) { out_.push_back({file_, path, std::move(message)}); }

    bool is_object(const nlohmann::json& j, const std::string& path) {
        if (j.is_object()) return true;
        add(path, std::string("must be an object, not ") + type_name(j));
        return false;
    }

    // Refuses keys not in `allowed` (keys starting with '_' are comments). `unsupported` names
    // keys that mean something elsewhere (FHIR) but that this loader does not implement.
    void keys(const nlohmann::json& j, const std::string& path, std::initializer_list<std::string_view> allowed,
              std::initializer_list<std::string_view> unsupported = {}) {
        if (!j.is_object()) return;
        for (auto it = j.begin(); it != j.end(); ++it) {
            const std::string& k = it.key();
            if (!k.empty() && k[0] == '_') continue;
            bool ok = false;
            for (auto a : allowed) ok = ok || a == k;
            if (ok) continue;
            bool known = false;
            for (auto u : unsupported) known = known || u == k;
            add(ptr(path, k), known ? "'" + k + "' is not supported" : "unknown key '" + k + "'");
        }
    }

    // A string member; a missing optional member gives "". Wrong type is a problem.
    std::string str(const nlohmann::json& obj, const char* key, const std::string& path, bool required,
                    bool non_empty = true) {
        auto it = obj.find(key);
        if (it == obj.end()) {
            if (required) add(path, std::string("missing '") + key + "'");
            return {};
        }
        if (!it->is_string()) {
            add(ptr(path, key), std::string("must be a string, not ") + type_name(*it));
            return {};
        }
        const auto& s = it->get_ref<const std::string&>();
        if (required && non_empty && s.empty()) add(ptr(path, key), "must not be empty");
        return s;
    }

    bool boolean(const nlohmann::json& obj, const char* key, const std::string& path, bool fallback) {
        auto it = obj.find(key);
        if (it == obj.end()) return fallback;
        if (!it->is_boolean()) {
            add(ptr(path, key), std::string("must be true or false, not ") + type_name(*it));
            return fallback;
        }
        return it->get<bool>();
    }

    // An array of strings; `required` means present and non-empty.
    std::vector<std::string> strings(const nlohmann::json& obj, const char* key, const std::string& path,
                                     bool required) {
        std::vector<std::string> out;
        auto it = obj.find(key);
        if (it == obj.end()) {
            if (required) add(path, std::string("missing '") + key + "'");
            return out;
        }
        if (!it->is_array()) {
            add(ptr(path, key), std::string("must be an array of strings, not ") + type_name(*it));
            return out;
        }
        if (required && it->empty()) add(ptr(path, key), "must not be empty");
        for (std::size_t i = 0; i < it->size(); ++i) {
            const auto& e = (*it)[i];
            if (!e.is_string() || e.get_ref<const std::string&>().empty()) {
                add(ptr(ptr(path, key), i), "must be a non-empty string");
                continue;
            }
            out.push_back(e.get<std::string>());
        }
        return out;
    }

    // An array member (missing -> nullptr, with a problem when required).
    const nlohmann::json* array(const nlohmann::json& obj, const char* key, const std::string& path, bool required) {
        auto it = obj.find(key);
        if (it == obj.end()) {
            if (required) add(path, std::string("missing '") + key + "'");
            return nullptr;
        }
        if (!it->is_array()) {
            add(ptr(path, key), std::string("must be an array, not ") + type_name(*it));
            return nullptr;
        }
        return &*it;
    }

private:
    std::string file_;
    std::vector<PackProblem>& out_;
};

// Ids and linkIds: usable inside conditions without quoting.
inline bool is_identifier(std::string_view s) {
    if (s.empty() || s.size() > 128) return false;
    auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (!alpha(s[0])) return false;
    for (char c : s)
        if (!alpha(c) && !digit(c) && c != '.' && c != '-') return false;
    return true;
}

// Words of the condition language, which cannot be linkIds.
inline bool is_keyword(std::string_view s) {
    for (std::string_view k : {"and", "or", "not", "in", "has", "any", "all", "answered", "true", "false"})
        if (k == s) return true;
    return false;
}

}  // namespace hc::detail
