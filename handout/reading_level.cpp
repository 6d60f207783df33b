#include "handout/reading_level.h"

#include <cctype>
#include <string>

namespace hc::handout {
namespace {

bool is_vowel(char c) {
    switch (c) {
        case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': return true;
        default: return false;
    }
}

bool word_char(unsigned char c) { return std::isalnum(c) != 0 || c == '\'' || c >= 0x80; }

}  // namespace

double ReadingLevel::grade() const {
    if (words == 0) return 0;
    const int s = sentences > 0 ? sentences : 1;
    return 0.39 * words / s + 11.8 * static_cast<double>(syllables) / words - 15.59;
}

int count_syllables(std::string_view raw) {
    std::string w;
    for (const char c : raw) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalpha(u)) w += static_cast<char>(std::tolower(u));
    }
    if (w.empty()) return 1;  // digits, symbols: read as one unit ("5%", "12")
    int groups = 0;
    bool prev = false;
    for (const char c : w) {
        const bool v = is_vowel(c);
        if (v && !prev) ++groups;
        prev = v;
    }
    // Silent final e ("make", "use"), but not "-le" after a consonant ("little") or "ee".
    if (w.size() > 2 && w.back() == 'e' && !is_vowel(w[w.size() - 2]) &&
        !(w[w.size() - 2] == 'l' && !is_vowel(w[w.size() - 3]))) {
        --groups;
    }
    // "-ed" after a consonant other than t/d is usually silent ("stopped", "used").
    if (w.size() > 3 && w.ends_with("ed") && w[w.size() - 3] != 't' && w[w.size() - 3] != 'd' &&
        !is_vowel(w[w.size() - 3])) {
        --groups;
    }
    return groups < 1 ? 1 : groups;
}

ReadingLevel measure_reading_level(std::string_view text) {
    ReadingLevel r;
    bool open_sentence = false;  // words seen since the last sentence end
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (word_char(c)) {
            std::size_t j = i;
            // A word: letters/digits with inner apostrophes, hyphens and decimal points.
            while (j < text.size()) {
                const auto d = static_cast<unsigned char>(text[j]);
                if (word_char(d)) { ++j; continue; }
                if ((d == '-' || d == '.' || d == ',') && j + 1 < text.size() && j > i &&
                    std::isalnum(static_cast<unsigned char>(text[j + 1])) &&
                    (d == '-' || std::isdigit(static_cast<unsigned char>(text[j - 1])))) {
                    ++j;
                    continue;
                }
                break;
            }
            const std::string_view word = text.substr(i, j - i);
            ++r.words;
            // A hyphenated compound is read as its parts.
            std::size_t start = 0;
            while (start <= word.size()) {
                std::size_t end = word.find('-', start);
                if (end == std::string_view::npos) end = word.size();
                if (end > start) r.syllables += count_syllables(word.substr(start, end - start));
                start = end + 1;
            }
            open_sentence = true;
            i = j;
            continue;
        }
        if ((c == '.' || c == '!' || c == '?' || c == '\n') && open_sentence) {
            ++r.sentences;
            open_sentence = false;
        }
        ++i;
    }
    if (open_sentence) ++r.sentences;
    return r;
}

}  // namespace hc::handout
