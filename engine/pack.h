// A content pack: questionnaire, catalogue, rules, references and handout wording, loaded
// from a folder (docs/pack-format.md) and checked as a whole.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/catalogue.h"
#include "engine/questionnaire.h"
#include "engine/rules.h"

namespace hc {

struct Pack {
    std::string id;       // "hair-loss"
    std::string version;  // recorded with every saved consultation
    std::string title;
    // The day the pack's facts were last checked against the evidence (YYYY-MM-DD): shown in
    // the app and the handout; the app warns when it is more than a year old.
    std::string facts_checked;
    std::filesystem::path dir;
    // linkId of the item recording the options the patient asked about (pack.json
    // "asked_item"); empty when the pack has none. Its codes are option ids.
    std::string asked_item;

    Questionnaire questionnaire;
    EvidenceScale scale;
    std::vector<Finding> assessments;
    std::vector<Finding> red_flags;
    std::vector<Finding> workup;
    std::vector<Option> options;
    std::vector<Reference> references;
    std::vector<Rule> rules;
    // Patient-facing wording of the handout that belongs to no option or finding: headings,
    // the "not proven" introduction, the disclaimer. Key -> text.
    std::map<std::string, std::string> handout_text;

    int find_assessment(std::string_view id) const;  // -1 if none
    int find_red_flag(std::string_view id) const;
    int find_workup(std::string_view id) const;
    int find_option(std::string_view id) const;
    const Reference* find_reference(std::string_view id) const;  // nullptr if none
};

// Loads and checks a pack folder. Every problem in every file is collected (with file, JSON
// path, rule id and column) and thrown together as one PackError; a pack that loads is
// internally consistent: every id, code and reference it uses resolves.
Pack load_pack(const std::filesystem::path& dir);

// The pack shipped with the program (compiled-in path, overridable with HAIRCONSULT_PACK).
std::filesystem::path default_pack_dir();

// lint_pack() and evidence_report() are declared in engine/lint.h.

}  // namespace hc
