// Reading level: the Flesch-Kincaid formula and syllable heuristic, then every patient text
// of the shipped pack measured. Plain-language guidance for patient material aims at about
// grade 8 or below.
#include <catch2/catch.hpp>

#include <algorithm>
#include <iomanip>
#include <iostream>

#include "handout/reading_level.h"
#include "support.h"

using namespace hc;
using namespace hc::handout;
using namespace hc::handout::test;

TEST_CASE("syllable heuristic on common words", "[handout][reading]") {
    CHECK(count_syllables("hair") == 1);
    CHECK(count_syllables("make") == 1);
    CHECK(count_syllables("little") == 2);
    CHECK(count_syllables("treatment") == 2);
    CHECK(count_syllables("medicine") == 3);
    CHECK(count_syllables("minoxidil") == 4);
    CHECK(count_syllables("stopped") == 1);
    CHECK(count_syllables("doctor") == 2);
    CHECK(count_syllables("the") == 1);
    CHECK(count_syllables("12") == 1);
}

TEST_CASE("Flesch-Kincaid grade follows the formula", "[handout][reading]") {
    const ReadingLevel r = measure_reading_level("The cat sat on the mat. The dog ran.");
    CHECK(r.words == 9);
    CHECK(r.sentences == 2);
    CHECK(r.syllables == 9);
    CHECK(r.grade() == Approx(0.39 * 4.5 + 11.8 * 1.0 - 15.59));
    CHECK(measure_reading_level("").grade() == 0);
    CHECK(measure_reading_level("no full stop here").sentences == 1);
    CHECK(measure_reading_level("Use 2.5 mg, twice a day.").words == 6);
    // Long words and long sentences read harder.
    CHECK(measure_reading_level("Androgenetic alopecia is characterised by progressive miniaturisation of follicles.").grade() >
          measure_reading_level("Your hair gets thinner over time. This is common.").grade());
}

TEST_CASE("the pack's patient texts read at about grade 8 or below", "[handout][reading][pack]") {
    struct Text {
        std::string where;
        std::string text;
        double grade;
    };
    std::vector<Text> texts;
    auto add = [&](const std::string& where, const std::string& t) {
        if (measure_reading_level(t).words >= 8) texts.push_back({where, t, measure_reading_level(t).grade()});
    };
    auto add_patient = [&](const std::string& where, const PatientText& p) {
        add(where + ".what", p.what);
        add(where + ".how", p.how);
        add(where + ".when_results", p.when_results);
        add(where + ".watch_for", p.watch_for);
        add(where + ".come_back", p.come_back);
    };
    const Pack& p = pack();
    for (const auto& o : p.options) add_patient("options.json " + o.id, o.patient);
    for (const auto& f : p.assessments) add_patient("catalogue.json assessments " + f.id, f.patient);
    for (const auto& f : p.red_flags) add_patient("catalogue.json red_flags " + f.id, f.patient);
    for (const auto& f : p.workup) add_patient("catalogue.json workup " + f.id, f.patient);
    for (const auto& [key, t] : p.handout_text) add("handout.json " + key, t);
    REQUIRE(texts.size() >= 40);

    std::sort(texts.begin(), texts.end(), [](const Text& a, const Text& b) { return a.grade > b.grade; });
    double sum = 0;
    for (const auto& t : texts) sum += t.grade;
    const double mean = sum / static_cast<double>(texts.size());
    std::cout << std::fixed << std::setprecision(1) << "Flesch-Kincaid grade of " << texts.size()
              << " patient texts: mean " << mean << ", worst:\n";
    for (std::size_t i = 0; i < std::min<std::size_t>(10, texts.size()); ++i) {
        std::cout << "  " << texts[i].grade << "  " << texts[i].where << '\n';
    }
    CHECK(mean <= 8.0);
    for (const auto& t : texts) {
        INFO(t.where << ": grade " << t.grade << ": " << t.text);
        CHECK(t.grade <= 10.0);
    }
}
