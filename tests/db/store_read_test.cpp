// Listing with filters and keyset paging, search, follow-up chains, diffs, re-evaluation.
#include <catch2/catch.hpp>

#include <cctype>
#include <cstdio>
#include <map>
#include <set>

#include "engine/errors.h"
#include "store_under_test.h"
#include "test_util.h"

using namespace hc::db;
using namespace hc::db::test;
using K = StoreError::Kind;
using nlohmann::json;

namespace {
struct Fixture {
    TempDir t;
    Store s = Store::open(fresh_store(t, "c"));
};
}  // namespace

TEST_CASE("keyset paging returns every row once, newest first, stable while rows are added", "[db][list]") {
    Fixture f;
    const auto pid = f.s.add_patient({"Pat Pager", "", ""});
    std::vector<ConsultationId> ids;
    for (int i = 0; i < 130; ++i) ids.push_back(f.s.start_consultation(pid, pack1(), answers(man()), "dr a"));
    std::vector<ConsultationId> seen;
    std::optional<PageCursor> cursor;
    int pages = 0;
    do {
        const Page p = f.s.list({}, cursor, 50);
        for (const auto& r : p.rows) seen.push_back(r.id);
        cursor = p.next;
        if (++pages == 1) f.s.start_consultation(pid, pack1(), answers(man()), "dr a");  // lands before page 1
    } while (cursor);
    CHECK(pages == 3);
    std::vector<ConsultationId> expected(ids.rbegin(), ids.rend());
    CHECK(seen == expected);
    CHECK(kind_thrown([&] { f.s.list(lf([&](ListFilter& l) { l.date_from = "2026-13-01"; })); }) == K::InvalidInput);
}

TEST_CASE("list filters: text, record number, dates, assessment, option, verdict, status", "[db][list]") {
    Fixture f;
    const auto smith = f.s.add_patient({"John Smithson", "MRN-100", ""});
    const auto jones = f.s.add_patient({"Mary Jones", "MRN-200", ""});
    const auto al = f.s.add_patient({"Al Bo", "", ""});
    const auto c1 = f.s.start_consultation(smith, pack1(), answers(man()), "dr a");
    const auto c2 = f.s.start_consultation(jones, pack1(), answers(woman()), "dr a");
    const auto c3 = f.s.start_consultation(al, pack1(), answers({{"pattern_type", "other"}}), "dr a");
    f.s.finalise(c2, pack1(), answers(woman()), {}, "dr a");

    auto ids = [&](const ListFilter& flt) {
        std::set<ConsultationId> out;
        for (const auto& r : f.s.list(flt).rows) out.insert(r.id);
        return out;
    };
    using S = std::set<ConsultationId>;
    CHECK(ids({}) == S{c1, c2, c3});
    CHECK(ids(lf([&](ListFilter& l) { l.text = "smith"; })) == S{c1});        // substring, any case (trigram FTS)
    CHECK(ids(lf([&](ListFilter& l) { l.text = "SON"; })) == S{c1});
    CHECK(ids(lf([&](ListFilter& l) { l.text = "ry Jo"; })) == S{c2});
    CHECK(ids(lf([&](ListFilter& l) { l.text = "MRN-2"; })) == S{c2});        // record number
    CHECK(ids(lf([&](ListFilter& l) { l.text = "Bo"; })) == S{c3});           // two letters: LIKE fallback
    CHECK(ids(lf([&](ListFilter& l) { l.text = "\"quoted\" OR x"; })).empty());  // FTS syntax is taken literally
    CHECK(ids(lf([&](ListFilter& l) { l.text = "50%"; })).empty());
    CHECK(ids(lf([&](ListFilter& l) { l.assessment = "androgenetic_alopecia_male"; })) == S{c1});
    CHECK(ids(lf([&](ListFilter& l) { l.option = "oral_finasteride"; })) == S{c1, c2});
    CHECK(ids(lf([&](ListFilter& l) { l.option = "oral_finasteride"; l.verdict = "avoid"; })) == S{c2});
    CHECK(ids(lf([&](ListFilter& l) { l.status = Status::Completed; })) == S{c2});
    CHECK(ids(lf([&](ListFilter& l) { l.patient = al; })) == S{c3});
    const std::string today = f.s.get(c1).summary.started_at.substr(0, 10);
    CHECK(ids(lf([&](ListFilter& l) { l.date_from = today; l.date_to = today; })) == S{c1, c2, c3});
    CHECK(ids(lf([&](ListFilter& l) { l.date_to = "2000-01-01"; })).empty());
    CHECK(ids(lf([&](ListFilter& l) { l.date_from = "2199-01-01"; })).empty());
    f.s.withdraw(c3, "dr a", "test entry");
    CHECK(ids(lf([&](ListFilter& l) { l.include_withdrawn = false; })) == S{c1, c2});
    CHECK(ids(lf([&](ListFilter& l) { l.status = Status::EnteredInError; })) == S{c3});

    const auto rows = f.s.list(lf([&](ListFilter& l) { l.text = "smith"; })).rows;
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].patient_name == "John Smithson");
    CHECK(rows[0].record_number == "MRN-100");
    CHECK(rows[0].headline_ids == std::vector<std::string>{"androgenetic_alopecia_male"});
    CHECK(rows[0].revision_count == 1);
    CHECK(f.s.find_patients("jones").at(0).id == jones);
}

TEST_CASE("diff of two revisions: answers and verdicts that changed", "[db][diff]") {
    Fixture f;
    const auto pid = f.s.add_patient({"Dee Diff", "", ""});
    const auto cid = f.s.start_consultation(pid, pack1(), answers(man("3")), "dr a");
    const auto r1 = f.s.get(cid).latest.info.id;
    json later = {{"age_years", 34}, {"sex_at_birth", "male"}, {"pattern_type", "other"}, {"shedding_increase", true}};
    const auto r2 = f.s.save(cid, pack1(), answers(later), {}, "dr a");
    const RevisionDiff d = f.s.diff(r1, r2);
    std::map<std::string, std::pair<json, json>> changed;
    for (const auto& c : d.answers) changed[c.link_id] = {c.before, c.after};
    CHECK(changed.size() == 3);
    CHECK(changed["pattern_type"] == std::make_pair(json("male_pattern"), json("other")));
    CHECK(changed["norwood_stage"] == std::make_pair(json("3"), json(nullptr)));
    CHECK(changed["shedding_increase"] == std::make_pair(json(nullptr), json(true)));
    REQUIRE(d.result.assessments.size() == 1);
    CHECK(d.result.assessments[0].assessment_id == "androgenetic_alopecia_male");
    CHECK(d.result.assessments[0].before == hc::Likelihood::Likely);
    CHECK_FALSE(d.result.assessments[0].after);
    CHECK(d.result.red_flags_added == std::vector<std::string>{"refer_dermatology_biopsy"});
    REQUIRE_FALSE(d.result.verdicts.empty());
    for (const auto& v : d.result.verdicts) CHECK_FALSE(v.after);  // both options dropped out
    CHECK(f.s.diff(r1, r1).empty());
}

TEST_CASE("follow-up chain: first visit to last, with stage, shedding and response", "[db][chain]") {
    Fixture f;
    const auto pid = f.s.add_patient({"Cy Chain", "", ""});
    json v1 = man("3");
    v1["shedding_increase"] = true;
    const auto c1 = f.s.start_consultation(pid, pack1(), answers(v1), "dr a");
    json v2 = man("3");
    v2["shedding_increase"] = false;
    v2["current_treatments"] = json::array({"finasteride"});
    v2["treatment_response"] = "improved";
    const auto c2 = f.s.start_consultation(pid, pack1(), answers(v2), "dr a", c1);
    json v3 = v2;
    v3["norwood_stage"] = "4";
    v3["treatment_response"] = "worse";
    const auto c3 = f.s.start_consultation(pid, pack1(), answers(v3), "dr a", c2);
    const auto other = f.s.start_consultation(pid, pack1(), answers(man()), "dr a");  // not in the chain

    for (ConsultationId from : {c1, c2, c3}) {
        const auto chain = f.s.follow_up_chain(from);
        REQUIRE(chain.size() == 3);
        CHECK(chain[0].consultation.id == c1);
        CHECK(chain[1].consultation.id == c2);
        CHECK(chain[2].consultation.id == c3);
        CHECK(chain[0].key_values["shedding_increase"] == true);
        CHECK(chain[1].key_values["treatment_response"] == "improved");
        CHECK(chain[2].key_values["norwood_stage"] == "4");
        CHECK(chain[0].since_previous.empty());
        std::set<std::string> changed;
        for (const auto& c : chain[2].since_previous.answers) changed.insert(c.link_id);
        CHECK(changed == std::set<std::string>{"norwood_stage", "treatment_response"});
    }
    CHECK(f.s.follow_up_chain(other).size() == 1);
    CHECK(kind_thrown([&] { f.s.follow_up_chain(999); }) == K::NotFound);
}

TEST_CASE("a revision decided with an older pack opens as decided, today's pack beside it", "[db][reevaluate]") {
    Fixture f;
    const auto pid = f.s.add_patient({"Old Pack", "", ""});
    const auto cid = f.s.start_consultation(pid, pack1(), answers(man()), "dr a");
    f.s.finalise(cid, pack1(), answers(man()), {}, "dr a");
    const Revision decided = f.s.get(cid).latest;
    CHECK(decided.info.pack_version == "1.0.0");
    CHECK(json::parse(decided.result_json)["options"][0]["verdict"] == "first_line");

    const Reevaluation same = reevaluate(decided, pack1());
    CHECK(same.same_pack);
    CHECK(same.changes.empty());
    CHECK(same.today_result_json == decided.result_json);

    const Reevaluation today = reevaluate(decided, pack2());
    CHECK_FALSE(today.same_pack);
    CHECK(today.problems.empty());
    REQUIRE(today.changes.verdicts.size() == 1);
    CHECK(today.changes.verdicts[0].option_id == "oral_finasteride");
    CHECK(today.changes.verdicts[0].before == hc::Verdict::FirstLine);
    CHECK(today.changes.verdicts[0].after == hc::Verdict::Consider);
    // Re-evaluating changed nothing stored.
    CHECK(f.s.get(cid).latest.result_json == decided.result_json);
    CHECK(f.s.get(cid).revisions.size() == 2);

    // Answers the new pack no longer accepts are reported, not thrown.
    Revision odd = decided;
    odd.answers_json = R"({"norwood_stage":"9"})";
    const Reevaluation bad = reevaluate(odd, pack2());
    CHECK_FALSE(bad.problems.empty());
    CHECK(bad.today_result_json.empty());
    CHECK_THROWS_AS(answers_of(odd, pack2()), hc::AnswersError);
}

TEST_CASE("diff of stored results is typed: a likelihood that changed is one change, before and after",
          "[db][diff][stored]") {
    Fixture f;
    const auto pid = f.s.add_patient({"Lee Likely", "", ""});
    const auto cid = f.s.start_consultation(pid, pack1(), answers(man("3")), "dr a");
    const std::string before = f.s.get(cid).latest.result_json;
    json after = json::parse(before);
    REQUIRE(after["assessments"][0]["likelihood"] == "likely");
    after["assessments"][0]["likelihood"] = "possible";
    after["options"][0]["verdict"] = "not_now";
    const ResultDiff d = diff_results(before, after.dump());
    REQUIRE(d.assessments.size() == 1);
    CHECK(d.assessments[0].assessment_id == "androgenetic_alopecia_male");
    CHECK(d.assessments[0].before == hc::Likelihood::Likely);
    CHECK(d.assessments[0].after == hc::Likelihood::Possible);
    CHECK(d.red_flags_added.empty());
    CHECK(d.red_flags_removed.empty());
    REQUIRE(d.verdicts.size() == 1);
    CHECK(d.verdicts[0].option_id == after["options"][0]["id"].get<std::string>());
    CHECK(d.verdicts[0].before == hc::Verdict::FirstLine);
    CHECK(d.verdicts[0].after == hc::Verdict::NotNow);

    // A result that is not the shape to_json writes: the reader's error, with where.
    json wrong = json::parse(before);
    wrong["options"][0]["verdict"] = 7;
    try {
        diff_results(before, wrong.dump());
        FAIL("compared");
    } catch (const hc::StoredResultError& e) {
        CHECK(e.path() == "/options/0/verdict");
        CHECK_THAT(e.what(), Catch::Contains("/options/0/verdict must be a string, not an integer"));
    }
    // ... and reevaluate() reports it rather than throwing.
    Revision rev = f.s.get(cid).latest;
    rev.result_json = wrong.dump();
    const Reevaluation r = reevaluate(rev, pack2());
    REQUIRE(r.problems.size() == 1);
    CHECK_THAT(r.problems[0], Catch::Contains("cannot be read"));
}

TEST_CASE("search ignores accents and case, one- and two-character names are found", "[db][list][search]") {
    Fixture f;
    const auto zoe = f.s.add_patient({"Zoë Adams", "", ""});
    const auto lukasz = f.s.add_patient({"Łukasz Nowak", "", ""});
    const auto muller = f.s.add_patient({"Hans Müller", "ÄB-77", ""});
    const auto wang_fang = f.s.add_patient({"王芳", "", ""});
    const auto wang = f.s.add_patient({"王", "", ""});
    const auto strasse = f.s.add_patient({"Anna Straße", "", ""});
    const auto plain = f.s.add_patient({"Zoe Baker", "", ""});
    auto found = [&](const std::string& text) {
        std::set<PatientId> out;
        for (const auto& p : f.s.find_patients(text, 50)) out.insert(p.id);
        return out;
    };
    using S = std::set<PatientId>;
    CHECK(found("zoe") == S{zoe, plain});     // trigram FTS over folded names
    CHECK(found("Zoë") == S{zoe, plain});     // the query is folded the same way
    CHECK(found("ZOË AD") == S{zoe});
    CHECK(found("lukasz") == S{lukasz});      // Ł has no decomposition: spelled L
    CHECK(found("MULLER") == S{muller});
    CHECK(found("strasse") == S{strasse});    // ß -> ss
    CHECK(found("ab-7") == S{muller});        // record numbers folded too
    CHECK(found("王") == S{wang_fang, wang});  // one character: the folded table, not trigrams
    CHECK(found("王芳") == S{wang_fang});      // two characters in six bytes
    CHECK(found("ÜL") == S{muller});          // short and accented: folded to "ul"
    CHECK(found("zz").empty());
    // Names come back as they were written, not folded.
    REQUIRE(f.s.find_patients("lukasz").size() == 1);
    CHECK(f.s.find_patients("lukasz")[0].name == "Łukasz Nowak");

    const auto c_zoe = f.s.start_consultation(zoe, pack1(), answers(woman()), "dr a");
    const auto c_wang = f.s.start_consultation(wang_fang, pack1(), answers(man()), "dr a");
    auto listed = [&](const std::string& text) {
        std::set<ConsultationId> out;
        for (const auto& r : f.s.list(lf([&](ListFilter& l) { l.text = text; })).rows) out.insert(r.id);
        return out;
    };
    CHECK(listed("zoe adams") == std::set<ConsultationId>{c_zoe});
    CHECK(listed("王芳") == std::set<ConsultationId>{c_wang});
    CHECK(listed("müll").empty());  // Müller has no consultation
}

TEST_CASE("a common name: the page is the newest matches, in order, and pages on", "[db][list][search]") {
    Fixture f;
    std::vector<ConsultationId> smiths;
    for (int i = 0; i < 12; ++i) {
        const auto p = f.s.add_patient({"Jo Smith-" + std::to_string(i), "", ""});
        const auto other = f.s.add_patient({"Al Jones-" + std::to_string(i), "", ""});
        smiths.push_back(f.s.start_consultation(p, pack1(), answers(man()), "dr a"));
        f.s.start_consultation(other, pack1(), answers(man()), "dr a");
    }
    std::vector<ConsultationId> seen;
    std::optional<PageCursor> cursor;
    do {
        const Page p = f.s.list(lf([](ListFilter& l) { l.text = "smith"; }), cursor, 5);
        for (const auto& r : p.rows) {
            seen.push_back(r.id);
            CHECK(r.patient_name.rfind("Jo Smith-", 0) == 0);
        }
        cursor = p.next;
    } while (cursor);
    CHECK(seen == std::vector<ConsultationId>(smiths.rbegin(), smiths.rend()));
}

// A server finds a text's matches by walking the newest rows first and, when they are not
// there, by looking them up (a file counts them first): either way every page must be the
// newest matches, in order. 3 rows a page walks 256 rows before it looks up instead.
TEST_CASE("list search: each page is the newest matches, whether they are dense, old or rare", "[db][list][search]") {
    Fixture f;
    std::vector<std::pair<ConsultationId, std::string>> all;  // oldest first
    f.s.in_one_transaction([&] {
        for (int i = 0; i < 500; ++i) {
            // The oldest 150 are the only "Old Zed"s; after them every 3rd is a Smith.
            const std::string name = i < 150  ? "Old Zed-" + std::to_string(i)
                                     : i % 3 == 0 ? "Jo Smith-" + std::to_string(i)
                                     : i == 151  ? "Una Rare"
                                                 : "Al Bo-" + std::to_string(i);
            const auto p = f.s.add_patient({name, "RN-" + std::to_string(1000 + i), ""});
            all.emplace_back(f.s.start_consultation(p, pack1(), answers(man()), "dr a"), name);
        }
    });
    const auto lower = [](std::string t) {  // the names here are ASCII: folding is lower case
        for (auto& ch : t) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return t;
    };
    const auto expected = [&](const std::string& needle) {
        std::vector<ConsultationId> out;
        for (auto it = all.rbegin(); it != all.rend(); ++it)
            if (lower(it->second).find(needle) != std::string::npos) out.push_back(it->first);
        return out;
    };
    const auto paged = [&](const std::string& text, const std::string& date_from, const std::string& date_to = "") {
        std::vector<ConsultationId> seen;
        std::optional<PageCursor> cursor;
        for (int pages = 0; pages < 200; ++pages) {
            const Page p = f.s.list(lf([&](ListFilter& l) {
                                        l.text = text;
                                        l.date_from = date_from;
                                        l.date_to = date_to;
                                    }),
                                    cursor, 3);
            for (const auto& r : p.rows) seen.push_back(r.id);
            cursor = p.next;
            if (!cursor) break;
        }
        return seen;
    };
    CHECK(paged("SMITH", "") == expected("smith"));      // dense among the newest: walked
    CHECK(paged("old zed", "") == expected("old zed"));  // only among the oldest: looked up
    CHECK(paged("una rare", "") == expected("una rare"));
    CHECK(paged("zed-14", "") == expected("zed-14"));     // few and old
    CHECK(paged("o", "") == expected("o"));               // one letter: nearly every row
    CHECK(paged("zzz", "").empty());
    CHECK(paged("smith", "2000-01-01") == expected("smith"));  // dates bound the walk itself
    CHECK(paged("smith", "", "2000-01-01").empty());
}

TEST_CASE("the list shows each visit's number in its follow-up chain", "[db][list][chain]") {
    Fixture f;
    const auto pid = f.s.add_patient({"Pat Visits", "", ""});
    const auto c1 = f.s.start_consultation(pid, pack1(), answers(man()), "dr a");
    const auto c2 = f.s.start_consultation(pid, pack1(), answers(man()), "dr a", c1);
    const auto c3 = f.s.start_consultation(pid, pack1(), answers(man()), "dr a", c2);
    const auto c2b = f.s.start_consultation(pid, pack1(), answers(man()), "dr a", c1);  // a second branch
    const auto other = f.s.start_consultation(pid, pack1(), answers(man()), "dr a");
    std::map<ConsultationId, ConsultationSummary> rows;
    for (const auto& r : f.s.list({}).rows) rows[r.id] = r;
    CHECK(rows.at(c1).visit_number == 1);
    CHECK_FALSE(rows.at(c1).follow_up_of);
    CHECK(rows.at(c2).visit_number == 2);
    CHECK(rows.at(c2).follow_up_of == c1);
    CHECK(rows.at(c3).visit_number == 3);
    CHECK(rows.at(c2b).visit_number == 2);
    CHECK(rows.at(other).visit_number == 1);
    CHECK(f.s.get(c3).summary.visit_number == 3);
    // A withdrawn visit keeps its place; its follow-up still counts from it.
    f.s.withdraw(c3, "dr a", "wrong patient");
    const auto c4 = f.s.start_consultation(pid, pack1(), answers(man()), "dr a", c3);
    CHECK(f.s.get(c4).summary.visit_number == 4);
}

TEST_CASE("find_patients: the first matches by name, whether matches are many, few or bunched", "[db][search]") {
    Fixture f;
    f.s.in_one_transaction([&] {
        char name[64];
        for (int i = 0; i < 300; ++i) {
            std::snprintf(name, sizeof name, "Al Bo-%03d", i);
            f.s.add_patient({name, "", ""});
        }
        for (int i = 99; i >= 0; --i) {  // added in reverse: the id order is not the name order
            std::snprintf(name, sizeof name, "Zoë Zed-%03d", i);
            f.s.add_patient({name, "", ""});
        }
        f.s.add_patient({"Ada Zoer", "", ""});
    });
    auto names = [&](const std::string& text, int limit) {
        std::vector<std::string> out;
        for (const auto& p : f.s.find_patients(text, limit)) out.push_back(p.name);
        return out;
    };
    using V = std::vector<std::string>;
    CHECK(names("al b", 3) == V{"Al Bo-000", "Al Bo-001", "Al Bo-002"});  // many, spread from the start
    CHECK(names("zoe", 2) == V{"Ada Zoer", "Zoë Zed-000"});                // many, bunched at the end
    CHECK(names("ZED-09", 3) == V{"Zoë Zed-090", "Zoë Zed-091", "Zoë Zed-092"});  // few
    CHECK(names("o", 2) == V{"Ada Zoer", "Al Bo-000"});                    // one letter, nearly everyone
    CHECK(names("d-", 2) == V{"Zoë Zed-000", "Zoë Zed-001"});              // two characters, bunched
}
