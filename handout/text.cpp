#include "handout/text.h"

#include <array>
#include <cstdint>

namespace hc::handout {
namespace {

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 when it is invalid
// (overlong, surrogate, beyond U+10FFFF, truncated).
std::size_t decode(std::string_view s, std::size_t i, char32_t& cp) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    char32_t min = 0;
    if (b0 < 0x80) { cp = b0; return 1; }
    if ((b0 & 0xE0) == 0xC0) { n = 2; cp = b0 & 0x1F; min = 0x80; }
    else if ((b0 & 0xF0) == 0xE0) { n = 3; cp = b0 & 0x0F; min = 0x800; }
    else if ((b0 & 0xF8) == 0xF0) { n = 4; cp = b0 & 0x07; min = 0x10000; }
    else return 0;
    if (i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
}

}  // namespace

std::string clean_text(std::string_view s, bool single_line) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        char32_t cp = 0;
        const std::size_t n = decode(s, i, cp);
        if (n == 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD
            ++i;
            continue;
        }
        if (cp == '\n' || cp == '\t' || cp == '\r') {
            if (single_line || cp != '\n') out += ' ';
            else out += '\n';
        } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
            // dropped: control characters have no place on paper and Pango may warn on them
        } else {
            out.append(s.substr(i, n));
        }
        i += n;
    }
    const auto first = out.find_first_not_of(" \n");
    if (first == std::string::npos) return {};
    const auto last = out.find_last_not_of(" \n");
    return out.substr(first, last - first + 1);
}

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (const char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string format_date(std::string_view iso) {
    static constexpr std::array<const char*, 12> months = {
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December"};
    auto digits = [&](std::size_t from, std::size_t n, int& v) {
        v = 0;
        for (std::size_t k = from; k < from + n; ++k) {
            if (iso[k] < '0' || iso[k] > '9') return false;
            v = v * 10 + (iso[k] - '0');
        }
        return true;
    };
    int y = 0, m = 0, d = 0;
    if (iso.size() == 10 && iso[4] == '-' && iso[7] == '-' && digits(0, 4, y) && digits(5, 2, m) &&
        digits(8, 2, d) && m >= 1 && m <= 12 && d >= 1) {
        static constexpr std::array<int, 12> days = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        const int max = (m == 2 && !leap) ? 28 : days[static_cast<std::size_t>(m - 1)];
        if (d <= max) return std::to_string(d) + " " + months[static_cast<std::size_t>(m - 1)] + " " + std::to_string(y);
    }
    return clean_text(iso, true);
}

std::string bidi_isolate(std::string_view s) {
    if (s.empty()) return {};
    return "\u2068" + std::string(s) + "\u2069";
}

std::string evidence_reviewed_line(std::string_view facts_checked) {
    if (facts_checked.empty()) return {};
    return "Advice reviewed against the evidence on " + format_date(facts_checked) + ".";
}

}  // namespace hc::handout
