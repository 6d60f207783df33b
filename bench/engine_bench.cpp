// Engine benchmark: pack load + validation, and evaluation per answers file (median and p99).
// Usage: engine_bench [PACK_DIR [ANSWERS_DIR_OR_FILE...]]; defaults to the shipped pack and the
// case files beside it in tests (any JSON with an "answers" object, or plain answers).
// Aims: load+validate < 5 ms; evaluate < 10 us median, < 50 us p99.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/evaluate.h"
#include "engine/json_input.h"
#include "engine/lint.h"
#include "engine/pack.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Stats {
    double median, p99, max;
};

Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))]; };
    return {at(0.5), at(0.99), v.back()};
}

void collect(const std::filesystem::path& p, std::vector<std::filesystem::path>& out) {
    if (std::filesystem::is_directory(p)) {
        for (const auto& e : std::filesystem::directory_iterator(p))
            if (e.path().extension() == ".json") out.push_back(e.path());
    } else if (std::filesystem::exists(p)) {
        out.push_back(p);
    }
}

}  // namespace

int main(int argc, char** argv) {
    const std::filesystem::path dir = argc > 1 ? std::filesystem::path(argv[1]) : hc::default_pack_dir();
    std::vector<std::filesystem::path> files;
    for (int i = 2; i < argc; ++i) collect(argv[i], files);
    if (argc <= 2) collect(std::filesystem::path(HC_SOURCE_DIR) / "tests" / "acceptance" / "vignettes", files);
    std::sort(files.begin(), files.end());

    // Load + validate (every file read, parsed, checked; every condition parsed).
    std::vector<double> load_ms;
    for (int i = 0; i < 200; ++i) {
        const auto t0 = Clock::now();
        const hc::Pack p = hc::load_pack(dir);
        load_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    const hc::Pack pack = hc::load_pack(dir);
    const Stats ls = stats(load_ms);
    std::printf("pack %s %s: %zu items, %zu rules, %zu options\n", pack.id.c_str(), pack.version.c_str(),
                pack.questionnaire.items.size(), pack.rules.size(), pack.options.size());
    std::printf("load+validate     median %8.3f ms   p99 %8.3f ms   max %8.3f ms   (200 runs)\n", ls.median, ls.p99, ls.max);
    {
        std::vector<double> lint_ms;
        for (int i = 0; i < 20; ++i) {
            const auto t0 = Clock::now();
            const auto l = hc::lint_pack(pack);
            lint_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        }
        const Stats s = stats(lint_ms);
        std::printf("lint_pack         median %8.3f ms   p99 %8.3f ms   (20 runs, validate only)\n", s.median, s.p99);
    }

    constexpr int kRuns = 20000;
    std::vector<double> all_us;
    std::printf("\n%-70s %10s %10s %10s\n", "evaluate(pack, answers)", "median us", "p99 us", "max us");
    for (const auto& f : files) {
        hc::Answers a;
        try {
            nlohmann::json doc = hc::read_json_file(f);
            if (doc.is_object() && doc.contains("answers") && doc["answers"].is_object()) doc = doc["answers"];
            a = hc::answers_from_json(pack.questionnaire, doc);
        } catch (const std::exception& e) {
            std::printf("%-70s skipped: %s\n", f.filename().string().substr(0, 70).c_str(), e.what());
            continue;
        }
        std::vector<double> us;
        us.reserve(kRuns);
        std::size_t sink = 0;
        for (int i = 0; i < kRuns; ++i) {
            const auto t0 = Clock::now();
            const hc::Result r = hc::evaluate(pack, a);
            us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
            sink += r.options.size() + r.missing.size();
        }
        all_us.insert(all_us.end(), us.begin(), us.end());
        const Stats s = stats(us);
        std::printf("%-70s %10.2f %10.2f %10.2f%s\n", f.filename().string().substr(0, 70).c_str(), s.median, s.p99, s.max,
                    sink == 0 ? " (empty result)" : "");
    }
    if (!all_us.empty()) {
        const Stats s = stats(all_us);
        std::printf("%-70s %10.2f %10.2f %10.2f\n", "ALL FILES", s.median, s.p99, s.max);
    }
    return 0;
}
