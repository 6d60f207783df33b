// Case-insensitive search with a regular expression written for Python's `re` (the cases'
// `text_must_not`), on std::regex (ECMAScript), which has no lookbehind.
//
// What is checked and how sure the answer is:
// - A pattern that starts with a sentence-start anchor `(?:^|(?<=[...]))` or `(?<=[...])`
//   (one character class) is searched exactly: only at the start of the text or right after
//   a character of that class.
// - Any other lookbehind `(?<=...)` / `(?<!...)` that does not sit inside a negative lookahead
//   is set aside. Dropping a guard can only add matches, so "no match" is still a sound answer;
//   a match is reported as undecided, for a person to read.
// - Python-only syntax that ECMAScript would read differently or not at all (named groups,
//   inline flags, atomic groups, possessive quantifiers, \A \Z, {,n}, a lookbehind inside a
//   negative lookahead) makes the pattern unsupported: the tool says so instead of guessing.
// Known small differences: \w \d \s \b are ASCII here (Python's are Unicode); `$` matches only
// at the very end (Python's also before a final newline).
#pragma once

#include <array>
#include <optional>
#include <regex>
#include <string>

namespace hc::cli {

class PythonPattern {
public:
    enum class Outcome { NoMatch, Match, Undecided, Unsupported };
    struct Found {
        Outcome outcome = Outcome::NoMatch;
        std::string text;  // the matched text (Match, Undecided) or why (Unsupported)
    };

    explicit PythonPattern(const std::string& pattern);

    // Never throws for a pattern or text problem: a std::regex failure becomes Unsupported.
    Found search(const std::string& text) const;

    bool supported() const { return !unsupported_; }
    const std::string& why_unsupported() const { return *unsupported_; }
    // True when lookbehind guards were set aside (a match is then only undecided).
    bool relaxed() const { return relaxed_; }

private:
    std::optional<std::string> unsupported_;
    std::array<bool, 256> starts_after_{};  // bytes of the sentence-start class ("[.!?;\n]")
    bool start_at_text_begin_ = false;      // `^` was one of the start alternatives
    bool anchored_ = false;                 // a sentence-start anchor was found and removed
    bool relaxed_ = false;
    std::regex re_;
};

}  // namespace hc::cli
