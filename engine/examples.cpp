#include "engine/examples.h"

#include <filesystem>
#include <set>

#include "engine/errors.h"
#include "engine/internal/json_check.h"
#include "engine/json_input.h"
#include "engine/pack.h"

namespace hc {

std::vector<Example> load_examples(const Pack& pack) {
    using nlohmann::json;
    using detail::ptr;
    const auto file = pack.dir / "examples.json";
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return {};
    json j;
    try {
        j = read_json_file(file);
    } catch (const JsonInputError& e) {
        throw PackError({{"examples.json", "", e.what()}});
    }
    std::vector<PackProblem> problems;
    detail::Checker ck("examples.json", problems);
    std::vector<Example> out;
    const json* arr = nullptr;
    if (ck.is_object(j, "")) {
        ck.keys(j, "", {"examples"});
        arr = ck.array(j, "examples", "", true);
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; arr != nullptr && i < arr->size(); ++i) {
        const std::string path = ptr("/examples", i);
        const json& e = (*arr)[i];
        if (!ck.is_object(e, path)) continue;
        ck.keys(e, path, {"id", "title", "summary", "answers"});
        Example ex{ck.str(e, "id", path, true), ck.str(e, "title", path, true), ck.str(e, "summary", path, false),
                   Answers(pack.questionnaire)};
        if (!ex.id.empty() && !seen.insert(ex.id).second) ck.add(path + "/id", "duplicate id '" + ex.id + "'");
        const auto a = e.find("answers");
        if (a == e.end()) {
            ck.add(path, "missing 'answers'");
            continue;
        }
        try {
            ex.answers = answers_from_json(pack.questionnaire, *a);
        } catch (const AnswersError& err) {
            ck.add(path + "/answers", err.what());
            continue;
        }
        out.push_back(std::move(ex));
    }
    if (!problems.empty()) throw PackError(std::move(problems));
    return out;
}

}  // namespace hc
