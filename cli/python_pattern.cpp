#include "cli/python_pattern.h"

#include <algorithm>
#include <vector>

namespace hc::cli {

namespace {

enum class Group { Capture, NonCapture, AheadYes, AheadNo, BehindYes, BehindNo };

struct Span {
    std::size_t begin, end;  // [begin, end] including both parentheses
};

// The index just past the character class or escape that starts at `i` (one "atom" that
// matches a single character), or npos when it is not one.
std::size_t single_char_atom_end(const std::string& p, std::size_t i) {
    if (i >= p.size()) return std::string::npos;
    if (p[i] == '\\') return i + 2 <= p.size() ? i + 2 : std::string::npos;
    if (p[i] != '[') return p[i] == '(' || p[i] == ')' || p[i] == '|' ? std::string::npos : i + 1;
    std::size_t k = i + 1;
    if (k < p.size() && p[k] == '^') ++k;
    if (k < p.size() && p[k] == ']') ++k;  // a ']' first in a class is a literal
    for (; k < p.size(); ++k) {
        if (p[k] == '\\') ++k;
        else if (p[k] == ']') return k + 1;
    }
    return std::string::npos;
}

struct Scan {
    std::string unsupported;             // why, empty when fine
    std::vector<Span> lookbehinds;       // at positive polarity: may be set aside
    std::vector<std::size_t> top_level_bars;
};

// Walks the pattern once: groups and their kinds, character classes, escapes, quantifiers.
Scan scan(const std::string& p) {
    Scan s;
    struct Open { std::size_t at; Group kind; };
    std::vector<Open> stack;
    bool after_quantifier = false;
    auto refuse = [&](std::string why) {
        if (s.unsupported.empty()) s.unsupported = std::move(why);
    };
    for (std::size_t i = 0; i < p.size(); ++i) {
        const char c = p[i];
        if (c == '\\') {
            if (i + 1 < p.size() && (p[i + 1] == 'A' || p[i + 1] == 'Z' || p[i + 1] == 'z' || p[i + 1] == 'g'))
                refuse(std::string("Python-only escape \\") + p[i + 1]);
            ++i;
            after_quantifier = false;
            continue;
        }
        if (c == '[') {
            const std::size_t end = single_char_atom_end(p, i);
            if (end == std::string::npos) return refuse("unclosed character class"), s;
            i = end - 1;
            after_quantifier = false;
            continue;
        }
        if (c == '(') {
            Group kind = Group::Capture;
            if (i + 1 < p.size() && p[i + 1] == '?') {
                const std::string head = p.substr(i, 4);
                if (head.rfind("(?:", 0) == 0) kind = Group::NonCapture;
                else if (head.rfind("(?=", 0) == 0) kind = Group::AheadYes;
                else if (head.rfind("(?!", 0) == 0) kind = Group::AheadNo;
                else if (head == "(?<=") kind = Group::BehindYes;
                else if (head == "(?<!") kind = Group::BehindNo;
                else refuse("Python-only group '" + head + "' (named group, inline flag, comment, atomic or conditional)");
            }
            if (kind == Group::BehindYes || kind == Group::BehindNo) {
                for (const auto& o : stack)
                    if (o.kind == Group::AheadNo || o.kind == Group::BehindNo) refuse("a lookbehind inside a negative lookaround");
            }
            stack.push_back({i, kind});
            after_quantifier = false;
            continue;
        }
        if (c == ')') {
            if (stack.empty()) return refuse("unbalanced ')'"), s;
            const Open o = stack.back();
            stack.pop_back();
            if (o.kind == Group::BehindYes || o.kind == Group::BehindNo) {
                if (i + 1 < p.size() && (p[i + 1] == '*' || p[i + 1] == '+' || p[i + 1] == '?' || p[i + 1] == '{'))
                    refuse("a quantified lookbehind");
                s.lookbehinds.push_back({o.at, i});
            }
            after_quantifier = false;
            continue;
        }
        if (c == '|' && stack.empty()) s.top_level_bars.push_back(i);
        if (c == '{' && i + 1 < p.size() && p[i + 1] == ',') refuse("Python-only quantifier '{,n}'");
        if (c == '+' && after_quantifier) refuse("possessive quantifier");
        after_quantifier = c == '*' || c == '+' || c == '?' || c == '}';
        if (c == '?' && i > 0 && p[i - 1] == '(') after_quantifier = false;
    }
    if (!stack.empty()) refuse("unbalanced '('");
    return s;
}

// Python reads a ']' first in a class ("[]a]", "[^]a]") as a literal; ECMAScript reads "[]" as
// an empty class. Escaping it means the same to both.
std::string escape_leading_brackets(const std::string& p) {
    std::string out;
    bool in_class = false;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const char c = p[i];
        out += c;
        if (c == '\\' && i + 1 < p.size()) {
            out += p[++i];
        } else if (!in_class && c == '[') {
            in_class = true;
            if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
            if (i + 1 < p.size() && p[i + 1] == ']') {
                out += "\\]";
                ++i;
            }
        } else if (in_class && c == ']') {
            in_class = false;
        }
    }
    return out;
}

}  // namespace

PythonPattern::PythonPattern(const std::string& pattern) {
    const std::string python_pattern = escape_leading_brackets(pattern);
    Scan s = scan(python_pattern);
    if (!s.unsupported.empty()) {
        unsupported_ = s.unsupported;
        return;
    }
    // A sentence-start anchor at the very front: "(?:^|(?<=X))" or "(?<=X)", X one character.
    std::size_t rest = 0;
    std::string cls;
    bool caret = false;
    for (const char* lead : {"(?:^|(?<=", "(?<="}) {
        const std::string l = lead;
        if (python_pattern.compare(0, l.size(), l) != 0) continue;
        const std::size_t end = single_char_atom_end(python_pattern, l.size());
        const std::string close = l.size() == 9 ? "))" : ")";
        if (end == std::string::npos || python_pattern.compare(end, close.size(), close) != 0) break;
        cls = python_pattern.substr(l.size(), end - l.size());
        caret = l.size() == 9;
        rest = end + close.size();
        break;
    }
    // The anchor belongs to the whole pattern only when nothing after it is a top-level
    // alternative; otherwise it is an ordinary lookbehind, set aside like the others.
    for (std::size_t bar : s.top_level_bars)
        if (bar >= rest) rest = 0;
    std::sort(s.lookbehinds.begin(), s.lookbehinds.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
    std::string translated;
    std::size_t from = rest;
    for (const auto& lb : s.lookbehinds) {
        if (lb.begin < rest) continue;  // inside the anchor
        if (lb.begin < from) continue;  // nested in one already removed
        translated += python_pattern.substr(from, lb.begin - from);
        from = lb.end + 1;
        relaxed_ = true;
    }
    translated += python_pattern.substr(from);
    try {
        const auto flags = std::regex::ECMAScript | std::regex::icase;
        re_ = std::regex(translated, flags);
        if (rest > 0) {
            // The class is one character wide: which bytes it holds is worked out once.
            const std::regex start(cls, flags);
            for (int b = 0; b < 256; ++b)
                starts_after_[static_cast<std::size_t>(b)] = std::regex_match(std::string(1, static_cast<char>(b)), start);
            anchored_ = true;
            start_at_text_begin_ = caret;
        }
    } catch (const std::regex_error& e) {
        unsupported_ = std::string("not a pattern std::regex accepts (") + e.what() + ")";
    }
}

PythonPattern::Found PythonPattern::search(const std::string& text) const {
    if (unsupported_) return {Outcome::Unsupported, *unsupported_};
    const Outcome hit = relaxed_ ? Outcome::Undecided : Outcome::Match;
    try {
        std::smatch m;
        if (!anchored_) {
            if (std::regex_search(text, m, re_)) return {hit, m.str(0)};
            return {};
        }
        for (std::size_t p = 0; p <= text.size(); ++p) {
            const bool start = p == 0 ? start_at_text_begin_ : starts_after_[static_cast<unsigned char>(text[p - 1])];
            if (!start) continue;
            auto flags = std::regex_constants::match_continuous;
            if (p > 0) flags |= std::regex_constants::match_prev_avail;  // \b and ^ see the character before
            if (std::regex_search(text.begin() + static_cast<std::ptrdiff_t>(p), text.end(), m, re_, flags)) return {hit, m.str(0)};
        }
        return {};
    } catch (const std::regex_error& e) {
        return {Outcome::Unsupported, std::string("std::regex gave up on this text (") + e.what() + ")"};
    }
}

}  // namespace hc::cli
