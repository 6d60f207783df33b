#include <catch2/catch.hpp>

#include "handout/text.h"

using namespace hc::handout;

TEST_CASE("clean_text keeps Unicode and drops what paper cannot show", "[handout][text]") {
    CHECK(clean_text("Zo\xc3\xab \xe6\x9d\x8e") == "Zo\xc3\xab \xe6\x9d\x8e");
    CHECK(clean_text(std::string("a\0b", 3)) == "ab");
    CHECK(clean_text("a\x1b[31mb") == "a[31mb");
    CHECK(clean_text("line\nnext") == "line\nnext");
    CHECK(clean_text("line\nnext", true) == "line next");
    CHECK(clean_text("  \t padded \n") == "padded");
    CHECK(clean_text("\xc3") == "\xEF\xBF\xBD");                 // truncated sequence
    CHECK(clean_text("\xc0\xaf") == "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
    CHECK(clean_text("\xed\xa0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
    CHECK(clean_text("\xc2\x85next") == "next");                 // C1 control
}

TEST_CASE("html_escape escapes the five characters", "[handout][text]") {
    CHECK(html_escape("<a href=\"x\" title='y'>&</a>") == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    CHECK(html_escape("plain \xc3\xa9") == "plain \xc3\xa9");
}

TEST_CASE("format_date writes dates in words", "[handout][text]") {
    CHECK(format_date("2026-11-21") == "21 November 2026");
    CHECK(format_date("2024-02-29") == "29 February 2024");
    CHECK(format_date("2023-02-29") == "2023-02-29");
    CHECK(format_date("2026-13-01") == "2026-13-01");
    CHECK(format_date("") == "");
    CHECK(format_date("tomorrow") == "tomorrow");
}
