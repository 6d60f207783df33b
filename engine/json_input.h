// Safe parsing of JSON that comes from outside (answers files, imports, packs).
// nlohmann::json parses very deep documents but crashes copying them, keeps the last of
// duplicate keys silently and throws out_of_range for 1e400; this wrapper refuses all of those
// with one clear message instead.
#pragma once

#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string_view>

namespace hc {

struct JsonLimits {
    std::size_t max_bytes = 8u << 20;  // 8 MiB: far above any pack or consultation
    int max_depth = 64;                // deeper input is refused, not parsed
};

// Parses `text`; throws JsonInputError naming `source` on bad syntax, depth over the limit,
// size over the limit, a duplicate key in any object, or a number out of range.
nlohmann::json parse_json(std::string_view text, std::string_view source, JsonLimits limits = {});

// Reads and parses a file with the same checks; a missing or unreadable file is a JsonInputError.
nlohmann::json read_json_file(const std::filesystem::path& path, JsonLimits limits = {});

// True when `s` holds a control character other than tab, newline or carriage return
// (such as U+0000), which must not reach SQL, Pango, HTML or file names.
bool has_forbidden_control(std::string_view s);

}  // namespace hc
