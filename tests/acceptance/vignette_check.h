// Acceptance vignettes (clinical/vignettes/README.md): finding them, and checking a result
// against a vignette's `expect` block.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace hc::acceptance {

struct Vignette {
    std::filesystem::path file;
    std::string id;          // "v01"; the file name when the vignette has no id
    nlohmann::json answers;  // {linkId: value}
    nlohmann::json expect;   // the expect block, {} when absent
};

// Reads one vignette file (through the engine's safe JSON reader). Throws JsonInputError for
// bad JSON and std::runtime_error naming the file when `answers` is not an object or
// `expect` is not an object.
Vignette load_vignette(const std::filesystem::path& file);

// Every *.json file directly in `dir`, sorted by name. Empty when `dir` does not exist.
std::vector<std::filesystem::path> vignette_files(const std::filesystem::path& dir);

// Compares a result in the contract JSON of DESIGN.md with an expect block:
// assessments / red_flags / workup must appear, not_* must not, options maps an id to the
// verdicts allowed (the option must appear with one of them), never maps an id to verdicts
// it must not have (only where it appears), missing lists linkIds the result must ask for.
// Returns one line per difference ("options prp: got consider, allowed [avoid, not_now]");
// empty when the result meets every expectation. An expect key it does not know is itself
// reported, so a typo in a vignette cannot pass silently.
std::vector<std::string> check_expect(const nlohmann::json& expect, const nlohmann::json& result);

}  // namespace hc::acceptance
