// The questionnaire model: the FHIR-Questionnaire-shaped subset described in docs/pack-format.md.
// Items are kept flat in document order; each item's index is its "slot", which answers,
// conditions and results use instead of string look-ups.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/errors.h"

namespace hc {

using Slot = int;  // index into Questionnaire::items; -1 means "none"

enum class ItemType { Group, Display, Boolean, Choice, OpenChoice, Integer, Decimal, Date, String, Text };
std::string_view to_string(ItemType);

struct AnswerOption {
    std::string code;
    std::string display;
    std::string help;  // optional short explanation shown beside the choice
};

// A value as written in the file for comparisons in enableWhen: boolean, number or code/text.
using Literal = std::variant<bool, std::int64_t, double, std::string>;

struct EnableWhen {
    enum class Op { Exists, Eq, Ne, Gt, Lt, Ge, Le };
    // Which answer[x] the file gave: a code, a date and a string are all held as text.
    enum class Kind { Boolean, Integer, Decimal, String, Date, Coding };
    Slot question = -1;
    Op op = Op::Eq;
    Literal answer;  // for Exists: the bool expected
    Kind kind = Kind::Boolean;
};
std::string_view to_string(EnableWhen::Op);

struct Item {
    std::string link_id;
    std::string text;
    std::string help;         // help text a junior clinician would need
    std::string short_text;   // label for compact views (result "because", review); falls back to text
    ItemType type = ItemType::Display;
    bool required = false;
    bool repeats = false;
    std::vector<AnswerOption> options;           // Choice / OpenChoice
    std::optional<double> min_value, max_value;  // Integer / Decimal
    std::string unit;                            // "months", "kg", ...
    std::string widget;                          // optional UI hint, e.g. "norwood_diagram"
    std::vector<EnableWhen> enable_when;
    bool enable_all = true;                      // enableBehavior: all (true) or any (false)
    Slot parent = -1;                            // enclosing group, -1 at top level
    std::vector<Slot> children;                  // Group only
    int page = -1;                               // index into Questionnaire::pages

    // Index of `code` in options, or -1.
    int option_index(std::string_view code) const;
    bool is_answerable() const { return type != ItemType::Group && type != ItemType::Display; }
};

struct Questionnaire {
    std::string url, title, version;
    std::string id, name, status, publisher, description;  // as written; id, name etc. may be empty
    std::vector<Item> items;  // document order
    std::vector<Slot> pages;  // the top-level groups, in order

    // Slot of `link_id`, or -1. Used at load and at the edges (files, UI), not on the hot path.
    Slot find(std::string_view link_id) const;
};

// Builds a questionnaire from parsed JSON. Collects every problem (duplicate linkId,
// enableWhen on an unknown item or code, choice without options, unknown type, unsupported
// keys, FHIR invariants que-1..que-13 that apply) and throws PackError with all of them, each
// with its JSON path. `file` is the name used in messages.
Questionnaire load_questionnaire(const nlohmann::json& doc, const std::string& file);

}  // namespace hc
