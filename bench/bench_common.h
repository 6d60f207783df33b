// What the store benchmarks share (db_bench: a file, server_bench: a server): timing and the
// percentile line, the shipped pack's answer sets that give different results, and the names
// the bulk builds draw from (so both stores hold the same kind of names to search).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hc::bench {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

// The value at fraction `q` (0.5: the median, 0.99: p99) of `v` once sorted; 0 when empty.
inline double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(static_cast<double>(v.size()) * q))];
}

inline void report(const std::string& what, const std::vector<double>& us) {
    if (us.empty()) return;
    const double med = percentile(us, 0.5), p99 = percentile(us, 0.99), max = *std::max_element(us.begin(), us.end());
    std::printf("%-48s n=%-5zu p50 %8.3f ms   p99 %8.3f ms   max %8.3f ms\n", what.c_str(), us.size(), med / 1000.0,
                p99 / 1000.0, max / 1000.0);
    std::fflush(stdout);
}

inline std::vector<double> timed(int n, const std::function<void(int)>& f) {
    std::vector<double> us;
    us.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        const auto t0 = Clock::now();
        f(i);
        us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    }
    return us;
}

// Answer sets of the shipped pack that give different results.
inline std::vector<json> templates() {
    json man = {{"age_years", 34}, {"sex_at_birth", "male"}, {"planning_conception", false},
                {"chief_complaint", "gradual_thinning"}, {"pattern_type", "male_pattern"}, {"norwood_stage", "3"},
                {"duration_months", 48}, {"progression", "worsening"}, {"shedding_increase", false},
                {"pull_test", "negative"}, {"recent_triggers", {"none"}}, {"glp1_agonist", "none"},
                {"other_medications", {"none"}}, {"current_treatments", {"none"}}, {"scarring_signs", {"none"}},
                {"scalp_symptoms", {"none"}}, {"biopsy", "not_done"}, {"traction_hairstyles", false},
                {"family_history", "yes"}, {"medical_history", {"none"}}, {"labs_done", {"not_done"}},
                {"donor_density", "good"}, {"goals", {"stop_progression"}}};
    json man5 = man;
    man5["norwood_stage"] = "5";
    man5["goals"] = {"restore_hairline"};
    json woman = man;
    woman.erase("planning_conception");
    woman.erase("norwood_stage");
    woman["sex_at_birth"] = "female";
    woman["reproductive_status"] = "no_childbearing_potential";
    woman["pattern_type"] = "female_pattern";
    woman["ludwig_stage"] = "2";
    json shed = woman;
    shed["pattern_type"] = "diffuse_unpatterned";
    shed.erase("ludwig_stage");
    shed["shedding_increase"] = true;
    shed["recent_triggers"] = {"rapid_weight_loss"};
    shed["glp1_agonist"] = "semaglutide";
    shed["glp1_start_months_ago"] = 5;
    shed["weight_loss_kg"] = 18.0;
    shed["weight_loss_period_months"] = 5;
    return {man, man5, woman, shed};
}

inline const char* const kFirst[] = {"James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
                              "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas",
                              "Sarah", "Chris", "Karen", "Aiko", "Chen", "Fatima", "Olu", "Zoë", "Łukasz", "芳"};
inline const char* const kLast[] = {"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
                             "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
                             "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White",
                             "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young",
                             "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Müller", "王"};

}  // namespace hc::bench
