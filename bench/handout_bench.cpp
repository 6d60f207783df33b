// Time to compose a handout and render it to PDF (and one preview page), warm and cold.
// Cold samples each run in a fresh child process, so fontconfig and Pango start from nothing.
// Usage: handout_bench [PACK_DIR] [warm_iterations]
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/evaluate.h"
#include "engine/json_input.h"
#include "handout/handout.h"
#include "handout/html.h"
#include "handout/pdf.h"

namespace {

using Clock = std::chrono::steady_clock;

// A 32-year-old woman, Ludwig II, planning pregnancy (shared vignette v02): a three-page handout.
constexpr const char* kAnswers = R"({"age_years": 32, "sex_at_birth": "female",
  "reproductive_status": "planning_pregnancy", "chief_complaint": "gradual_thinning",
  "pattern_type": "female_pattern", "ludwig_stage": "2", "duration_months": 24,
  "progression": "worsening", "shedding_increase": false, "pull_test": "negative",
  "recent_triggers": ["none"], "glp1_agonist": "none", "other_medications": ["none"],
  "current_treatments": ["none"], "scarring_signs": ["none"], "scalp_symptoms": ["none"],
  "biopsy": "not_done", "traction_hairstyles": false, "family_history": "yes",
  "medical_history": ["none"], "labs_done": ["all_normal"], "donor_density": "good",
  "goals": ["stop_progression", "regrowth"]})";

struct Run {
    double ms = 0;
    int pages = 0;
    std::size_t bytes = 0;
};

Run once(const hc::Pack& pack, const hc::Answers& answers, const hc::Result& result) {
    const auto t0 = Clock::now();
    hc::handout::Input in;
    in.pack = &pack;
    in.answers = &answers;
    in.result = &result;
    in.patient_name = "Zoë Ångström-Müller";
    in.date = "2026-11-21";
    const hc::handout::Handout h = hc::handout::compose(in);
    const hc::handout::Document doc(h);
    const std::string pdf = doc.pdf();
    const auto t1 = Clock::now();
    return {std::chrono::duration<double, std::milli>(t1 - t0).count(), doc.page_count(), pdf.size()};
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

template <typename F>
std::vector<double> time_n(int n, F&& f) {
    std::vector<double> ms;
    for (int i = 0; i < n; ++i) {
        const auto t0 = Clock::now();
        f();
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    return ms;
}

void report(const char* what, const std::vector<double>& ms) {
    std::printf("%-34s n=%-4zu median %7.2f ms   p99 %7.2f ms\n", what, ms.size(), percentile(ms, 0.5), percentile(ms, 0.99));
}

}  // namespace

int main(int argc, char** argv) {
    const std::string pack_dir = argc > 1 ? argv[1] : hc::default_pack_dir().string();
    const int warm = argc > 2 ? std::max(10, std::atoi(argv[2])) : 200;
    const hc::Pack pack = hc::load_pack(pack_dir);
    const hc::Answers answers =
        hc::effective_answers(pack.questionnaire, hc::answers_from_json(pack.questionnaire, hc::parse_json(kAnswers, "bench"))).answers;
    const hc::Result result = hc::evaluate(pack, answers);

    // Cold: a fresh process per sample (fork before anything touched Pango or fontconfig).
    std::vector<double> cold;
    for (int i = 0; i < 10; ++i) {
        int fds[2];
        if (::pipe(fds) != 0) return 1;
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::close(fds[0]);
            const Run r = once(pack, answers, result);
            if (::write(fds[1], &r.ms, sizeof r.ms) != sizeof r.ms) ::_exit(1);
            ::_exit(0);
        }
        ::close(fds[1]);
        double ms = 0;
        if (::read(fds[0], &ms, sizeof ms) == sizeof ms) cold.push_back(ms);
        ::close(fds[0]);
        ::waitpid(pid, nullptr, 0);
    }

    const Run first = once(pack, answers, result);
    std::printf("handout: %d pages, %zu bytes of PDF (first run in this process %.1f ms)\n", first.pages, first.bytes, first.ms);
    report("cold: compose + layout + PDF", cold);

    std::vector<double> warm_ms;
    for (int i = 0; i < warm; ++i) warm_ms.push_back(once(pack, answers, result).ms);
    report("warm: compose + layout + PDF", warm_ms);

    hc::handout::Input in;
    in.pack = &pack;
    in.answers = &answers;
    in.result = &result;
    in.patient_name = "Zoë Ångström-Müller";
    const hc::handout::Handout h = hc::handout::compose(in);
    report("warm: compose only", time_n(warm, [&] { (void)hc::handout::compose(in); }));
    report("warm: layout only (Document)", time_n(warm, [&] { const hc::handout::Document d(h); }));
    const hc::handout::Document doc(h);
    report("warm: PDF of a laid-out handout", time_n(warm, [&] { (void)doc.pdf(); }));
    report("warm: preview page 1 at 2 px/pt", time_n(std::max(10, warm / 4), [&] { (void)doc.render_page(0, 2.0); }));
    report("warm: HTML", time_n(warm, [&] { (void)hc::handout::render_html(h); }));
    return 0;
}
