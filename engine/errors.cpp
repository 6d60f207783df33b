// Typed engine errors: messages are built once, here, so every front end shows the same text.
#include "engine/errors.h"

namespace hc {

std::string PackProblem::str() const {
    std::string s = file;
    if (!path.empty()) {
        if (!s.empty()) s += ' ';
        s += path;
    }
    if (!s.empty()) s += ": ";
    s += message;
    return s;
}

namespace {
// One line for callers that print what(): the first problem, and how many more there are.
std::string summary(const std::vector<PackProblem>& problems) {
    if (problems.empty()) return "pack refused";
    if (problems.size() == 1) return problems.front().str();
    return problems.front().str() + " (and " + std::to_string(problems.size() - 1) + " more problem" +
           (problems.size() == 2 ? "" : "s") + ")";
}
}  // namespace

PackError::PackError(std::vector<PackProblem> problems)
    : std::runtime_error(summary(problems)), problems_(std::move(problems)) {}

AnswersError::AnswersError(std::string link_id, const std::string& message)
    : std::runtime_error(message), link_id_(std::move(link_id)) {}

StoredResultError::StoredResultError(std::string id, const std::string& message, std::string path)
    : std::runtime_error(message), id_(std::move(id)), path_(std::move(path)) {}

}  // namespace hc
