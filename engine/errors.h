// Typed errors the engine throws. Callers (CLI, app) catch these at their boundary and show
// the message; nothing in the engine prints or exits.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace hc {

// One problem found in a content pack: which file, where in it (a JSON pointer such as
// "/item/3/answerOption/0", or a rule id with a column), and what is wrong.
struct PackProblem {
    std::string file;
    std::string path;
    std::string message;
    std::string str() const;  // "rules.json /rules/4 (rule gp_tirz, column 17): unknown linkId 'foo'"
};

// A pack that cannot be used. Carries every problem found, not only the first.
class PackError : public std::runtime_error {
public:
    explicit PackError(std::vector<PackProblem> problems);
    const std::vector<PackProblem>& problems() const { return problems_; }
private:
    std::vector<PackProblem> problems_;
};

// Answers that do not fit the questionnaire: unknown linkId, a code not offered, wrong type,
// out of range, a list for a single choice, a malformed file. `link_id` is empty when the
// problem is with the file as a whole.
class AnswersError : public std::runtime_error {
public:
    AnswersError(std::string link_id, const std::string& message);
    const std::string& link_id() const { return link_id_; }
private:
    std::string link_id_;
};

// JSON text that is refused before it is used: not JSON, too deep, too large, duplicate keys,
// control characters. `where` names the file or source.
class JsonInputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace hc
