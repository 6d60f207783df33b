// Text hygiene for everything that reaches a page: valid UTF-8, no control characters,
// HTML escaping, and dates in words.
#pragma once

#include <string>
#include <string_view>

namespace hc::handout {

// Valid UTF-8 with every invalid sequence replaced by U+FFFD and every control character
// removed (U+0000..U+001F, U+007F, U+0080..U+009F), except that newlines are kept when
// `single_line` is false. In single-line mode tabs and newlines become spaces. Leading and
// trailing spaces are trimmed. Never throws (except std::bad_alloc).
std::string clean_text(std::string_view s, bool single_line = false);

// Escapes & < > " ' for HTML text and attribute values.
std::string html_escape(std::string_view s);

// `s` between U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL ISOLATE: a name in another
// direction, or one holding an unterminated override (U+202E), cannot reorder the text around
// it (the date beside it in the footer). Empty stays empty. The Pango counterpart of HTML <bdi>.
std::string bidi_isolate(std::string_view s);

// "2026-11-21" -> "21 November 2026"; anything that is not a valid ISO date is returned
// cleaned but otherwise unchanged.
std::string format_date(std::string_view iso);

// "Advice reviewed against the evidence on 21 November 2026." for a pack's facts_checked date;
// empty when there is no date.
std::string evidence_reviewed_line(std::string_view facts_checked);

}  // namespace hc::handout
