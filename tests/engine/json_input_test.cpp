// Safe JSON input: depth, size, duplicate keys, bad numbers and control characters are refused
// with one message naming the source.
#include "engine/json_input.h"

#include <catch2/catch.hpp>

#include "engine/errors.h"
#include "test_util.h"

using namespace hc;
using Catch::Contains;

TEST_CASE("ordinary JSON parses", "[json_input]") {
    const auto j = parse_json(R"({"a": [1, 2.5, "x", true, null], "b": {"c": {}}})", "t");
    CHECK(j["a"][1] == 2.5);
    CHECK(j["b"]["c"].is_object());
}

TEST_CASE("100k-deep nesting is refused without crashing", "[json_input]") {
    const std::string deep_arrays = std::string(100000, '[') + std::string(100000, ']');
    CHECK_THROWS_WITH(parse_json(deep_arrays, "deep.json"), Contains("deep.json: nested deeper than 64 levels"));
    std::string deep_objects;
    for (int i = 0; i < 100000; ++i) deep_objects += "{\"a\":";
    deep_objects += "1" + std::string(100000, '}');
    CHECK_THROWS_AS(parse_json(deep_objects, "x"), JsonInputError);
    // 64 levels are fine, 65 are not.
    CHECK_NOTHROW(parse_json(std::string(64, '[') + std::string(64, ']'), "x"));
    CHECK_THROWS_AS(parse_json(std::string(65, '[') + std::string(65, ']'), "x"), JsonInputError);
}

TEST_CASE("duplicate keys are refused at any depth", "[json_input]") {
    CHECK_THROWS_WITH(parse_json(R"({"a": 1, "a": 2})", "answers.json"), "answers.json: duplicate key 'a'");
    CHECK_THROWS_WITH(parse_json(R"({"x": [{"b": 1, "c": 2, "b": 3}]})", "f"), Contains("duplicate key 'b'"));
    // The same key in sibling objects is fine.
    CHECK_NOTHROW(parse_json(R"([{"a": 1}, {"a": 2}, {"x": {"a": 3}}])", "f"));
}

TEST_CASE("size limit, bad syntax, numbers out of range, control characters", "[json_input]") {
    CHECK_THROWS_WITH(parse_json(std::string(100, ' ') + "1", "big", JsonLimits{50, 64}), Contains("big: too large"));
    CHECK_THROWS_WITH(parse_json("{\"a\": }", "bad.json"), Contains("bad.json: not valid JSON"));
    CHECK_THROWS_WITH(parse_json("", "empty"), Contains("not valid JSON"));
    CHECK_THROWS_WITH(parse_json("[1e400]", "n"), "n: a number is out of range");
    CHECK_THROWS_WITH(parse_json(R"({"a": "x\u0000y"})", "c"), Contains("control character"));
    CHECK_THROWS_WITH(parse_json(R"({"a\u0001": 1})", "c"), Contains("control character"));
    CHECK_NOTHROW(parse_json(R"({"a": "tab\there\nnewline"})", "c"));
}

TEST_CASE("has_forbidden_control", "[json_input]") {
    CHECK_FALSE(has_forbidden_control("plain text, tabs\tand\r\nnewlines, ünïcödé"));
    CHECK(has_forbidden_control(std::string("a\0b", 3)));
    CHECK(has_forbidden_control("bell\a"));
    CHECK(has_forbidden_control("del\x7f"));
}

TEST_CASE("read_json_file names the file", "[json_input]") {
    test::TempDir t;
    CHECK_THROWS_WITH(read_json_file(t.path / "none.json"), Contains("none.json: cannot be read"));
    CHECK_THROWS_WITH(read_json_file(t.path), Contains("is a folder"));
    test::write(t.path / "dup.json", R"({"k": 1, "k": 1})");
    CHECK_THROWS_WITH(read_json_file(t.path / "dup.json"), Contains("dup.json: duplicate key 'k'"));
    test::write(t.path / "big.json", std::string(200, ' ') + "{}");
    CHECK_THROWS_WITH(read_json_file(t.path / "big.json", JsonLimits{100, 64}), Contains("too large"));
    test::write(t.path / "ok.json", R"({"k": [1]})");
    CHECK(read_json_file(t.path / "ok.json")["k"][0] == 1);
}
