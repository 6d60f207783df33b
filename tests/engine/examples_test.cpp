// The pack's example consultations: each one loads, is a finished case the tool assesses, and
// every text it shows is true for that example; a broken examples.json is refused whole.
#include <catch2/catch.hpp>

#include "engine/claims.h"
#include "engine/evaluate.h"
#include "engine/examples.h"
#include "test_util.h"

using namespace hc;

TEST_CASE("every shipped example is a finished, assessed case whose shown texts hold", "[examples]") {
    const Pack pack = load_pack(HC_PACK_DIR);
    const auto examples = load_examples(pack);
    REQUIRE(examples.size() >= 3);
    const ShownTextChecker checker(pack);
    for (const auto& ex : examples) {
        INFO(ex.id);
        CHECK_FALSE(ex.title.empty());
        CHECK_FALSE(ex.summary.empty());
        const auto done = complete(pack.questionnaire, ex.answers);
        CHECK(done.unanswered_required.empty());
        const Result r = evaluate(pack, ex.answers);
        CHECK_FALSE(r.assessments.empty());
        CHECK(r.dropped.empty());  // no answer to a question the example's own answers hide
        CHECK(checker.check(ex.answers, r).empty());
    }
}

TEST_CASE("a pack without examples.json has no examples", "[examples]") {
    CHECK(load_examples(test::mini()).empty());
}

TEST_CASE("examples.json with a wrong answer or a repeated id is refused with every problem", "[examples]") {
    test::TempDir t;
    test::mini_copy(t.path, "", {});
    test::write(t.path / "examples.json", R"({"examples": [
        {"id": "a", "title": "One", "answers": {"age_years": 30}},
        {"id": "a", "title": "Two", "answers": {"age_years": 30}},
        {"id": "b", "title": "Three", "answers": {"sex_at_birth": "martian"}},
        {"id": "c", "answers": {}, "colour": "red"}
    ]})");
    const Pack pack = load_pack(t.path);
    try {
        load_examples(pack);
        FAIL("examples.json was accepted");
    } catch (const PackError& e) {
        std::string all;
        for (const auto& p : e.problems()) all += p.str() + "\n";
        INFO(all);
        CHECK(all.find("/examples/1/id") != std::string::npos);
        CHECK(all.find("duplicate id 'a'") != std::string::npos);
        CHECK(all.find("/examples/2/answers") != std::string::npos);
        CHECK(all.find("martian") != std::string::npos);
        CHECK(all.find("unknown key 'colour'") != std::string::npos);
        CHECK(all.find("title") != std::string::npos);
    }
}
