// Parsing untrusted JSON with limits. The parser callback sees every object, array, key and
// value as it is read, so depth and duplicate keys are refused before the deep or ambiguous
// document exists in memory.
#include "engine/json_input.h"

#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/errors.h"

namespace hc {

bool has_forbidden_control(std::string_view s) {
    for (unsigned char c : s) {
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return true;
        if (c == 0x7f) return true;
    }
    return false;
}

namespace {

// Thrown from inside the parser callback; turned into JsonInputError with the source name.
struct Refused {
    std::string message;
};

}  // namespace

nlohmann::json parse_json(std::string_view text, std::string_view source, JsonLimits limits) {
    const std::string src(source.empty() ? "JSON input" : source);
    if (text.size() > limits.max_bytes) {
        throw JsonInputError(src + ": too large (" + std::to_string(text.size()) + " bytes; the limit is " +
                             std::to_string(limits.max_bytes) + ")");
    }
    // Keys seen so far in each open object; arrays push an empty marker so pops stay paired.
    std::vector<std::set<std::string>> open;
    int depth = 0;
    auto cb = [&](int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) -> bool {
        using E = nlohmann::json::parse_event_t;
        switch (event) {
            case E::object_start:
            case E::array_start:
                if (++depth > limits.max_depth) {
                    throw Refused{"nested deeper than " + std::to_string(limits.max_depth) + " levels"};
                }
                open.emplace_back();
                break;
            case E::object_end:
            case E::array_end:
                --depth;
                if (!open.empty()) open.pop_back();
                break;
            case E::key: {
                const auto& k = parsed.get_ref<const std::string&>();
                if (has_forbidden_control(k)) throw Refused{"a key contains a control character"};
                if (!open.empty() && !open.back().insert(k).second) {
                    throw Refused{"duplicate key '" + k + "'"};
                }
                break;
            }
            case E::value:
                if (parsed.is_string() && has_forbidden_control(parsed.get_ref<const std::string&>())) {
                    throw Refused{"a string contains a control character"};
                }
                break;
        }
        return true;
    };
    try {
        return nlohmann::json::parse(text.begin(), text.end(), cb, /*allow_exceptions=*/true,
                                     /*ignore_comments=*/false);
    } catch (const Refused& r) {
        throw JsonInputError(src + ": " + r.message);
    } catch (const nlohmann::json::out_of_range& e) {
        throw JsonInputError(src + ": a number is out of range");
    } catch (const nlohmann::json::exception& e) {
        // nlohmann's messages carry "[json.exception.parse_error.101] parse error at line 1,
        // column 2: ..."; keep the part after the bracketed id.
        std::string m = e.what();
        if (auto p = m.find("] "); p != std::string::npos) m = m.substr(p + 2);
        throw JsonInputError(src + ": not valid JSON: " + m);
    }
}

nlohmann::json read_json_file(const std::filesystem::path& path, JsonLimits limits) {
    const std::string name = path.string();
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw JsonInputError(name + ": is a folder, not a file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw JsonInputError(name + ": cannot be read (missing or no permission)");
    std::string text;
    // Read at most one byte over the limit so a huge file is refused without reading it all.
    text.resize(limits.max_bytes + 1);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (in.bad()) throw JsonInputError(name + ": read error");
    return parse_json(text, name, limits);
}

}  // namespace hc
