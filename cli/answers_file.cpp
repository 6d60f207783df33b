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
    return answers_from_file_document(q, doc);
}

}  // namespace hc::cli
