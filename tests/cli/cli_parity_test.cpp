// The CLI is a thin front end: `hairconsult-cli evaluate --answers FILE --format json` must
// print exactly the JSON the library gives for the same pack and answers, for every vignette.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/answers.h"
#include "engine/evaluate.h"
#include "engine/json_input.h"
#include "engine/pack.h"
#include "engine/result.h"
#include "tests/acceptance/vignette_check.h"
#include "tests/acceptance/vignette_dirs.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;

namespace {

using hc::test_support::quote;
using hc::test_support::TempDir;

struct Run {
    int status = -1;
    std::string out;
    std::string err;
};

// Runs the CLI with stdout captured and stderr kept in a file for the failure message.
Run run_cli(const std::string& args, const fs::path& err_file) {
    const std::string cmd = quote(HC_CLI_PATH) + " " + args + " 2>" + quote(err_file);
    Run r;
    FILE* pipe = ::popen(cmd.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
    const int raw = ::pclose(pipe);
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    std::ifstream in(err_file);
    std::stringstream ss;
    ss << in.rdbuf();
    r.err = ss.str();
    return r;
}

std::vector<fs::path> all_vignettes() {
    auto files = hc::acceptance::vignette_files(hc::acceptance::shared_vignette_dir());
    const auto own = hc::acceptance::vignette_files(hc::acceptance::own_vignette_dir());
    files.insert(files.end(), own.begin(), own.end());
    return files;
}

}  // namespace

TEST_CASE("CLI evaluate prints the library's JSON for every vignette", "[acceptance][cli]") {
    const hc::Pack pack = hc::load_pack(HC_PACK_DIR);
    TempDir tmp;
    const auto files = all_vignettes();
    REQUIRE(files.size() >= 20);
    for (const auto& file : files) {
        const auto v = hc::acceptance::load_vignette(file);
        const hc::Answers answers = hc::answers_from_json(pack.questionnaire, v.answers);
        const nlohmann::json expected = hc::to_json(pack, answers, hc::evaluate(pack, answers));

        const fs::path answers_file = tmp.path / (v.id + ".json");
        std::ofstream(answers_file) << v.answers.dump(2);
        const Run r = run_cli("--pack " + quote(HC_PACK_DIR) + " evaluate --answers " + quote(answers_file) +
                                  " --format json",
                              tmp.path / "stderr.txt");
        INFO(v.id << " (" << file.filename().string() << "): exit " << r.status << ", stderr: " << r.err);
        REQUIRE(r.status == 0);
        nlohmann::json printed;
        REQUIRE_NOTHROW(printed = hc::parse_json(r.out, "hairconsult-cli output"));
        if (printed != expected) {
            FAIL_CHECK(v.id << ": CLI JSON differs from the library's.\nCLI:     " << printed.dump()
                            << "\nlibrary: " << expected.dump());
        }
    }
}

TEST_CASE("CLI evaluate refuses an answers file with an unknown code, naming it", "[acceptance][cli]") {
    TempDir tmp;
    const fs::path bad = tmp.path / "bad.json";
    std::ofstream(bad) << R"({"age_years": 30, "sex_at_birth": "male", "norwood_stage": "9"})";
    const Run r = run_cli("--pack " + quote(HC_PACK_DIR) + " evaluate --answers " + quote(bad) + " --format json",
                          tmp.path / "stderr.txt");
    CHECK(r.status == 1);
    CHECK(r.out.empty());
    CHECK(r.err.find("norwood_stage") != std::string::npos);
}
