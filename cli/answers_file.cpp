#include "cli/answers_file.h"

#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "engine/json_input.h"

namespace hc::cli {

Answers read_answers(const std::string& file, const Questionnaire& q) {
    nlohmann::json doc;
    if (file == "-") {
        const std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
        doc = parse_json(text, "standard input");
    } else {
        doc = read_json_file(file);
    }
    // A case file wraps the answers with an id, a story and expectations; a questionnaire with
    // an item called "answers" would make that ambiguous, so then the file is taken as written.
    if (doc.is_object() && !doc.contains("resourceType") && q.find("answers") < 0) {
        const auto it = doc.find("answers");
        if (it != doc.end() && it->is_object()) return answers_from_json(q, *it);
    }
    return answers_from_json(q, doc);
}

}  // namespace hc::cli
