// PythonPattern: Python `re` patterns (the cases' text_must_not) searched with std::regex. The
// expected outcomes are what Python's re.search(pattern, text, re.I) gives.
#include "cli/python_pattern.h"

#include <catch2/catch.hpp>

using hc::cli::PythonPattern;
using Outcome = PythonPattern::Outcome;

namespace {

// The shape every shared case uses: a sentence start, no question, no hedging word before
// the claim. This one is v10's advice to stop an anticoagulant.
const std::string kStopApixaban =
    R"((?:^|(?<=[.!?;\n]))(?![^.!?\n]*\?)(?:(?!\b(?:not|no|never|nothing|nobody|whether|if|when|where|once|until|unless|after|before|assume|assumes|claims?|says?|said|suggest|mean|means|make|makes|imply|implies|read|heard|told|myth|feel|feels|think|worry|as\s+long\s+as|while)\b)[^.!?;\n])*?\b((you|he|the\s+patient)\s+(should|must|can|could|may|need\s+to|will\s+need\s+to)|it\s+is\s+(safe|fine|ok|okay)\s+to)\s+(temporarily\s+|briefly\s+)?(pause|stop|hold|interrupt|skip)\s+(taking\s+)?(your\s+|his\s+|the\s+)?(apixaban|eliquis|anticoagulant|blood[- ]thinner))";

// v05's, with two negative lookbehind guards in the middle.
const std::string kLimitedAa =
    R"((?:^|(?<=[.!?;\n]))(?![^.!?\n]*\?)(?:(?!\b(?:not|no|never|whether|if)\b)[^.!?;\n])*?(?<!\bthat\s)(?<!\bthat\s\s)\b(your|his|her|this|the)\s+(alopecia\s+areata|aa|hair\s+loss)\s+(is|looks|seems|appears)\s+(only\s+)?(limited|mild)\b(?!\s+(or|to)\b))";

Outcome outcome(const std::string& rx, const std::string& text) { return PythonPattern(rx).search(text).outcome; }

}  // namespace

TEST_CASE("sentence-start patterns are searched exactly", "[review][pattern]") {
    CHECK(outcome(kStopApixaban, "You should stop your apixaban.") == Outcome::Match);
    CHECK(outcome(kStopApixaban, "Fine. It is safe to pause your blood-thinner before PRP.") == Outcome::Match);
    CHECK(outcome(kStopApixaban, "Plans\nHe may briefly hold his Eliquis") == Outcome::Match);
    // Hedged, negated or asked: no match, as in Python.
    CHECK(outcome(kStopApixaban, "We never say you should stop your apixaban.") == Outcome::NoMatch);
    CHECK(outcome(kStopApixaban, "Do you think you should stop your apixaban?") == Outcome::NoMatch);
    CHECK(outcome(kStopApixaban, "Ask before you should stop your apixaban.") == Outcome::NoMatch);
    // The match is reported as found.
    const auto found = PythonPattern(kStopApixaban).search("PRP is not advised. You must stop your anticoagulant first.");
    CHECK(found.outcome == Outcome::Match);
    CHECK(found.text == " You must stop your anticoagulant");
}

TEST_CASE("the sentence-start anchor holds only at the start or after the class", "[review][pattern]") {
    const std::string rx = R"((?:^|(?<=[.;]))\s*stop\b)";
    CHECK(outcome(rx, "stop now") == Outcome::Match);
    CHECK(outcome(rx, "ok. Stop now") == Outcome::Match);
    CHECK(outcome(rx, "please stop now") == Outcome::NoMatch);  // Python: no sentence start before "stop"
    CHECK(outcome(R"((?<=[.])stop)", "stop.") == Outcome::NoMatch);  // no `^` alternative: not at the start
    CHECK(outcome(R"((?<=[.])stop)", "a.stop") == Outcome::Match);
    // \b and ^ see the character before the search start.
    CHECK(outcome(R"((?<=[.])\bfoo)", "a.foo") == Outcome::Match);
    CHECK(outcome(R"((?:^|(?<=[.]))^foo)", "a.foo") == Outcome::NoMatch);
    // A top-level alternative after the anchor: the anchor is not the whole pattern's, so it
    // is an ordinary guard, set aside (a match is then undecided).
    CHECK(outcome(R"((?<=[.])abc|xyz)", "an xyz") == Outcome::Undecided);
    CHECK(outcome(R"((?<=[.])abc|xyz)", "nothing here") == Outcome::NoMatch);
}

TEST_CASE("other lookbehind guards are set aside: no match is sound, a match undecided", "[review][pattern]") {
    CHECK(PythonPattern(kLimitedAa).relaxed());
    CHECK(outcome(kLimitedAa, "Your alopecia areata is limited.") == Outcome::Undecided);
    CHECK(outcome(kLimitedAa, "Severity not recorded; treat as extensive until measured.") == Outcome::NoMatch);
    CHECK(outcome(kLimitedAa, "Your alopecia areata is limited or extensive.") == Outcome::NoMatch);
    CHECK_FALSE(PythonPattern(kStopApixaban).relaxed());
}

TEST_CASE("Python-only syntax is reported, not guessed", "[review][pattern]") {
    for (const char* rx : {"(?P<x>a)", "(?<name>a)", "(?i)abc", "(?#note)a", "(?>a+)b", "a++", "a*+", "\\Aabc", "abc\\Z", "a{,3}",
                           "(?!(?<=a)b)c", "(?<!x(?<=y))z", "(?<=a)*b", "(abc", "abc)", "[abc"}) {
        INFO(rx);
        const PythonPattern p(rx);
        CHECK_FALSE(p.supported());
        CHECK(p.search("abc").outcome == Outcome::Unsupported);
    }
    // Plain ECMAScript-compatible patterns are fine.
    CHECK(outcome(R"(\bmenopaus(e|al)\s+status\W{0,3}post-?menopausal)", "Menopausal status: postmenopausal") == Outcome::Match);
    CHECK(outcome(R"([]a]b)", "]b") == Outcome::Match);
}
