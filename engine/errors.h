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

// A stored result (to_json output) that cannot be rebuilt against a pack: an assessment,
// option, rule, linkId ... it names does not resolve, a rule does not say what the result says
// it did, an answer under `because` differs from the answers given, or the JSON is not shaped
// as to_json writes it. `id` names the first thing that does not resolve ("" when the problem
// is the shape); the message says where.
// `path` is the JSON pointer of the problem in the stored result ("" when it is the whole text).
class StoredResultError : public std::runtime_error {
public:
    StoredResultError(std::string id, const std::string& message, std::string path = {});
    const std::string& id() const { return id_; }
    const std::string& path() const { return path_; }
private:
    std::string id_;
    std::string path_;
};

// JSON text that is refused before it is used: not JSON, too deep, too large, duplicate keys,
// control characters. `where` names the file or source.
class JsonInputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace hc
