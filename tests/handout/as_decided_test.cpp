// handout::as_decided_or_today() and decided_choice(): the one rule the app and the CLI use for a
// saved consultation's handout. As decided with the same pack; another pack id or version, or a
// result that does not resolve or cannot be read, is today's pack with a note (never a refusal);
// the clinician's decisions change the default choice in result order, and never list an
// unproven option or one the result does not speak of.
#include <catch2/catch.hpp>

#include "engine/stored_result.h"
#include "handout/as_decided.h"
#include "support.h"

using namespace hc;
using namespace hc::handout;
using namespace hc::handout::test;
using Catch::Contains;
using nlohmann::json;

namespace {

// A woman asking about regenerative treatments: first-line, consider, not-now, trial-only
// (unproven) and avoid options in one result.
SavedRevision saved(std::vector<OptionDecision> decisions = {}) {
    const auto doc = read_json_file(std::filesystem::path(HC_SOURCE_DIR) / "tests" / "acceptance" / "vignettes" /
                                    "a31-regenerative-interest-in-a-woman-who-could-become-.json");
    SavedRevision s;
    s.pack_id = pack().id;
    s.pack_version = pack().version;
    s.answers = answers_from_json(pack().questionnaire, doc.at("answers"));
    const Answers eff = effective_answers(pack().questionnaire, s.answers).answers;
    s.result_json = to_json(pack(), eff, evaluate(pack(), eff)).dump();
    s.decisions = std::move(decisions);
    return s;
}

}  // namespace

TEST_CASE("as decided with the same pack: the stored result, not today's evaluation", "[handout][as_decided]") {
    SavedRevision s = saved();
    // The stored order of two options swapped (as an older evaluation might have kept them): the
    // handout follows the stored result.
    json stored = json::parse(s.result_json);
    REQUIRE(stored["options"].size() >= 3);
    std::swap(stored["options"][1], stored["options"][2]);
    s.result_json = stored.dump();
    const AsDecided d = as_decided_or_today(pack(), s);
    CHECK(d.as_decided);
    CHECK(d.note.empty());
    CHECK(to_json(pack(), d.answers, d.result) == stored);
    CHECK(d.chosen == default_choice(pack(), d.answers, d.result));
}

TEST_CASE("another pack id or version, or a result that cannot be used: today's pack, with a note", "[handout][as_decided]") {
    SavedRevision other_id = saved();
    other_id.pack_id = "another-pack";
    const AsDecided a = as_decided_or_today(pack(), other_id);
    CHECK_FALSE(a.as_decided);
    CHECK_THAT(a.note, Contains("decided with pack another-pack " + pack().version));
    CHECK_THAT(a.note, Contains("the handout uses today's pack " + pack().id + " " + pack().version));
    CHECK(to_json(pack(), a.answers, a.result) == to_json(pack(), a.answers, evaluate(pack(), a.answers)));

    SavedRevision other_version = saved();
    other_version.pack_version = "1999.1.0";
    CHECK_THAT(as_decided_or_today(pack(), other_version).note, Contains("decided with pack 1999.1.0"));

    SavedRevision unresolved = saved();
    json j = json::parse(unresolved.result_json);
    j["options"][0]["id"] = "no_such_option";
    unresolved.result_json = j.dump();
    const AsDecided u = as_decided_or_today(pack(), unresolved);
    CHECK_FALSE(u.as_decided);
    CHECK_THAT(u.note, Contains("no longer fits today's pack"));
    CHECK_THAT(u.note, Contains("no_such_option"));

    SavedRevision wrong_shape = saved();
    j = json::parse(wrong_shape.result_json);
    j["options"][0]["verdict"] = 3;
    wrong_shape.result_json = j.dump();
    const AsDecided w = as_decided_or_today(pack(), wrong_shape);
    CHECK_FALSE(w.as_decided);
    CHECK_THAT(w.note, Contains("cannot be read"));
    CHECK_THAT(w.note, Contains("/options/0/verdict"));
    CHECK_FALSE(w.result.options.empty());
}

TEST_CASE("decided choice: declined out, accepted in, in result order, never unproven or unlisted", "[handout][as_decided]") {
    const SavedRevision plain = saved();
    const AsDecided base = as_decided_or_today(pack(), plain);
    const std::vector<std::string> defaults = base.chosen;
    REQUIRE(defaults.size() >= 2);
    std::vector<std::string> listed;
    for (const auto& r : base.result.options) listed.push_back(pack().options[static_cast<std::size_t>(r.option)].id);
    const auto pos = [&](const std::string& id) { return std::find(listed.begin(), listed.end(), id) - listed.begin(); };

    // Pick from the result: a not-now option, an unproven one, an avoided one, and one the result
    // does not list at all.
    std::string not_now, unproven, avoided, unlisted;
    for (const auto& r : base.result.options) {
        const Option& o = pack().options[static_cast<std::size_t>(r.option)];
        if (o.unproven && unproven.empty()) unproven = o.id;
        else if (!o.unproven && r.verdict == Verdict::NotNow && not_now.empty()) not_now = o.id;
        else if (!o.unproven && r.verdict == Verdict::Avoid && avoided.empty()) avoided = o.id;
    }
    for (const auto& o : pack().options)
        if (std::find(listed.begin(), listed.end(), o.id) == listed.end()) unlisted = o.id;
    REQUIRE_FALSE(not_now.empty());
    REQUIRE_FALSE(unproven.empty());
    REQUIRE_FALSE(avoided.empty());
    REQUIRE_FALSE(unlisted.empty());

    const AsDecided d = as_decided_or_today(
        pack(), saved({{defaults[0], false}, {avoided, true}, {not_now, true}, {unproven, true}, {unlisted, true}}));
    std::vector<std::string> expected(defaults.begin() + 1, defaults.end());
    expected.push_back(not_now);
    expected.push_back(avoided);
    std::sort(expected.begin(), expected.end(), [&](const std::string& x, const std::string& y) { return pos(x) < pos(y); });
    CHECK(d.chosen == expected);

    // The last decision about an option is the one that counts.
    const AsDecided again = as_decided_or_today(pack(), saved({{defaults[0], false}, {defaults[0], true}}));
    CHECK(again.chosen == defaults);
}
