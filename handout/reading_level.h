// Reading level of patient text: the Flesch-Kincaid grade, with a syllable heuristic.
// Used by the tests to keep the pack's handout wording plain (about grade 8 or below).
#pragma once

#include <string_view>

namespace hc::handout {

struct ReadingLevel {
    int words = 0;
    int sentences = 0;
    int syllables = 0;
    // 0.39 * words/sentence + 11.8 * syllables/word - 15.59; 0 for text without words.
    double grade() const;
};

// Counts words (runs of letters, digits, apostrophes and inner hyphens), sentences (ends at
// . ! ? or a line break after text; at least one when there are words) and syllables (vowel
// groups, a silent final "e" dropped, at least one per word; a word of digits counts one).
ReadingLevel measure_reading_level(std::string_view text);

// Syllables in one English word by the same heuristic (exposed for tests).
int count_syllables(std::string_view word);

}  // namespace hc::handout
