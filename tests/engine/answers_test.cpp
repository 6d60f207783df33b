// Answers: validation with the linkId named, visibility, dropping hidden answers, completeness,
// JSON and FHIR QuestionnaireResponse in and out.
#include "engine/answers.h"

#include <catch2/catch.hpp>
#include <functional>

#include "engine/errors.h"
#include "test_util.h"

using namespace hc;
using Catch::Contains;
using hc::test::answers;
using hc::test::mini;

namespace {
const Questionnaire& q() { return mini().questionnaire; }
Slot slot(const char* id) { return q().find(id); }

void refused(const std::string& json_text, const std::string& link_id, const std::string& message) {
    INFO(json_text);
    try {
        answers(json_text);
        FAIL("expected AnswersError");
    } catch (const AnswersError& e) {
        CHECK(e.link_id() == link_id);
        CHECK_THAT(e.what(), Contains(message));
    }
}
}  // namespace

TEST_CASE("plain answers are typed and stored by slot", "[answers]") {
    const Answers a = answers(R"({"age_years": 40, "sex_at_birth": "female", "recent_triggers": ["severe_stress", "high_fever_or_illness", "severe_stress"],
        "weight_loss_kg": 20, "scalp_pain": true, "last_visit": "2024-05", "referrer": "GP", "clinician_notes": null})");
    CHECK(std::get<std::int64_t>(a.get(slot("age_years"))) == 40);
    CHECK(std::get<std::string>(a.get(slot("sex_at_birth"))) == "female");
    // Repeats are kept in option order without duplicates.
    CHECK(std::get<Codes>(a.get(slot("recent_triggers"))) == Codes{"high_fever_or_illness", "severe_stress"});
    CHECK(std::get<double>(a.get(slot("weight_loss_kg"))) == 20.0);  // an integer for a decimal item
    CHECK(std::get<bool>(a.get(slot("scalp_pain"))));
    CHECK(a.answered(slot("last_visit")));
    CHECK_FALSE(a.answered(slot("clinician_notes")));
    CHECK_FALSE(a.answered(slot("duration_months")));
}

TEST_CASE("every answers error names the linkId", "[answers]") {
    refused(R"({"foo": 1})", "foo", "unknown linkId 'foo'");
    refused(R"({"sex_at_birth": "alien"})", "sex_at_birth", "'sex_at_birth': code 'alien' is not offered (female, male, intersex)");
    refused(R"({"recent_triggers": ["none", "flu"]})", "recent_triggers", "code 'flu' is not offered");
    refused(R"({"sex_at_birth": ["male", "female"]})", "sex_at_birth", "several values (2) for a single choice");
    refused(R"({"age_years": "40"})", "age_years", "'age_years': expects a whole number, got a string");
    refused(R"({"age_years": 40.5})", "age_years", "expects a whole number, got a decimal number");
    refused(R"({"age_years": 121})", "age_years", "'age_years': 121 is out of range (0 to 120)");
    refused(R"({"age_years": -1})", "age_years", "out of range");
    refused(R"({"age_years": 18446744073709551615})", "age_years", "out of range");
    refused(R"({"duration_months": -3})", "duration_months", "-3 is out of range (at least 0)");
    refused(R"({"weight_loss_kg": 301})", "weight_loss_kg", "out of range (0 to 300)");
    refused(R"({"weight_loss_kg": "a lot"})", "weight_loss_kg", "expects a number");
    refused(R"({"scalp_pain": "yes"})", "scalp_pain", "expects true or false");
    refused(R"({"sex_at_birth": 1})", "sex_at_birth", "expects a code");
    refused(R"({"recent_triggers": [1]})", "recent_triggers", "expects codes (strings)");
    refused(R"({"last_visit": "yesterday"})", "last_visit", "is not a date");
    refused(R"({"last_visit": "2024-13-01"})", "last_visit", "is not a date");
    refused(R"({"referrer": 7})", "referrer", "expects a string");
    refused(R"({"page_about": 1})", "page_about", "a group item takes no answer");
    refused(R"({"intro": "x"})", "intro", "a display item takes no answer");
    refused(R"([1, 2])", "", "must be a JSON object");
    refused(R"({"resourceType": "Patient"})", "", "resourceType must be 'QuestionnaireResponse'");
}

TEST_CASE("Answers::set validates like the file loader", "[answers]") {
    Answers a(q());
    CHECK_THROWS_WITH(a.set(q(), slot("referrer"), std::string("a\0b", 3)), Contains("control character"));
    CHECK_THROWS_WITH(a.set(q(), slot("weight_loss_kg"), std::nan("")), Contains("not finite"));
    CHECK_THROWS_WITH(a.set(q(), slot("referrer"), std::string(10001, 'x')), Contains("longer than"));
    CHECK_THROWS_WITH(a.set(q(), 999, true), Contains("no item at slot 999"));
    a.set(q(), slot("sex_at_birth"), Codes{"male"});  // a one-element list for a single choice
    CHECK(std::get<std::string>(a.get(slot("sex_at_birth"))) == "male");
    a.set(q(), slot("recent_triggers"), std::string("none"));  // one code for a repeating item
    CHECK(std::get<Codes>(a.get(slot("recent_triggers"))) == Codes{"none"});
    a.set(q(), slot("recent_triggers"), Codes{});
    CHECK_FALSE(a.answered(slot("recent_triggers")));
    a.set(q(), slot("referrer"), std::string());
    CHECK_FALSE(a.answered(slot("referrer")));
    a.set(q(), slot("sex_at_birth"), std::monostate{});
    CHECK_FALSE(a.answered(slot("sex_at_birth")));
}

TEST_CASE("enableWhen: =, !=, any/all, unanswered questions, nested groups", "[answers]") {
    auto shown = [](const std::string& json_text, const char* id) {
        const Answers a = answers(json_text);
        return static_cast<bool>(enabled_items(q(), a)[static_cast<std::size_t>(slot(id))]);
    };
    // reproductive_status says "answered and not male" in FHIR terms (exists + !=, all).
    CHECK_FALSE(shown("{}", "reproductive_status"));
    CHECK(shown(R"({"sex_at_birth": "female"})", "reproductive_status"));
    CHECK_FALSE(shown(R"({"sex_at_birth": "male"})", "reproductive_status"));
    CHECK(shown(R"({"sex_at_birth": "male"})", "planning_conception"));
    CHECK(shown(R"({"pattern_type": "male_pattern"})", "norwood_stage"));
    // enableBehavior any, with a repeating question (= means "has") and a later item.
    CHECK_FALSE(shown("{}", "weight_loss_kg"));
    CHECK(shown(R"({"recent_triggers": ["severe_stress", "rapid_weight_loss"]})", "weight_loss_kg"));
    CHECK_FALSE(shown(R"({"recent_triggers": ["severe_stress"]})", "weight_loss_kg"));
    CHECK(shown(R"({"glp1_agonist": "semaglutide"})", "weight_loss_kg"));
    CHECK_FALSE(shown(R"({"glp1_agonist": "none"})", "weight_loss_kg"));
    CHECK(shown("{}", "page_about"));
}

TEST_CASE("enableWhen operators on numbers, exists, and hidden groups", "[answers]") {
    const auto doc = test::read(test::mini_dir() / "questionnaire.json");
    auto with = [&](nlohmann::json ew, const char* behavior = nullptr) {
        auto d = doc;
        auto& item = d["item"][1]["item"][2];  // duration_months
        REQUIRE(item["linkId"] == "duration_months");
        item["enableWhen"] = std::move(ew);
        if (behavior) item["enableBehavior"] = behavior;
        return load_questionnaire(d, "questionnaire.json");
    };
    auto shown = [](const Questionnaire& qq, const std::string& json_text) {
        const Answers a = answers_from_json(qq, parse_json(json_text, "t"));
        return static_cast<bool>(enabled_items(qq, a)[static_cast<std::size_t>(qq.find("duration_months"))]);
    };
    using nlohmann::json;
    auto ew = [](const char* op, json v, const char* key = "answerInteger") {
        return json::array({{{"question", "age_years"}, {"operator", op}, {key, v}}});
    };
    const std::string a40 = R"({"age_years": 40})";
    CHECK(shown(with(ew(">", 39)), a40));
    CHECK_FALSE(shown(with(ew(">", 40)), a40));
    CHECK(shown(with(ew(">=", 40)), a40));
    CHECK(shown(with(ew("<", 41)), a40));
    CHECK_FALSE(shown(with(ew("<", 40)), a40));
    CHECK(shown(with(ew("<=", 40)), a40));
    CHECK(shown(with(ew("=", 40)), a40));
    CHECK(shown(with(ew("!=", 41)), a40));
    CHECK(shown(with(ew("<", 40.5, "answerDecimal")), a40));
    CHECK(shown(with(ew("exists", true, "answerBoolean")), a40));
    CHECK_FALSE(shown(with(ew("exists", true, "answerBoolean")), "{}"));
    CHECK(shown(with(ew("exists", false, "answerBoolean")), "{}"));
    CHECK_FALSE(shown(with(ew("exists", false, "answerBoolean")), a40));
    CHECK(shown(with(ew("!=", 41)), "{}"));  // unanswered: no answer equals 41 (FHIR)
    // all / any
    json two = json::array({{{"question", "age_years"}, {"operator", ">"}, {"answerInteger", 30}},
                            {{"question", "scalp_pain"}, {"operator", "="}, {"answerBoolean", true}}});
    CHECK_FALSE(shown(with(two, "all"), a40));
    CHECK(shown(with(two, "all"), R"({"age_years": 40, "scalp_pain": true})"));
    CHECK(shown(with(two, "any"), a40));
    // An item whose question is hidden sees no answer: chained hiding.
    json chain = json::array({{{"question", "norwood_stage"}, {"operator", "exists"}, {"answerBoolean", true}}});
    CHECK_FALSE(shown(with(chain), R"({"pattern_type": "female_pattern", "norwood_stage": "5"})"));
    CHECK(shown(with(chain), R"({"pattern_type": "male_pattern", "norwood_stage": "5"})"));
    // Items in a hidden group are hidden.
    auto d = doc;
    d["item"][1]["enableWhen"] = json::array({{{"question", "sex_at_birth"}, {"operator", "exists"}, {"answerBoolean", true}}});
    const auto qg = load_questionnaire(d, "q");
    CHECK_FALSE(shown(qg, R"({"duration_months": 3})"));
    CHECK(shown(qg, R"({"duration_months": 3, "sex_at_birth": "male"})"));
}

TEST_CASE("answers to hidden items are dropped and named", "[answers]") {
    const Answers a = answers(R"({"sex_at_birth": "male", "reproductive_status": "pregnant", "pattern_type": "female_pattern",
                                  "norwood_stage": "3", "age_years": 30})");
    const Effective e = effective_answers(q(), a);
    CHECK(e.dropped == std::vector<std::string>{"reproductive_status", "norwood_stage"});
    CHECK_FALSE(e.answers.answered(slot("reproductive_status")));
    CHECK_FALSE(e.answers.answered(slot("norwood_stage")));
    CHECK(e.answers.answered(slot("age_years")));
    CHECK(effective_answers(q(), answers(R"({"age_years": 30})")).dropped.empty());
}

TEST_CASE("complete: every enabled required item answered", "[answers]") {
    auto c = complete(q(), answers("{}"));
    CHECK_FALSE(c.complete);
    CHECK(c.unanswered_required == std::vector<std::string>{"age_years", "sex_at_birth"});
    c = complete(q(), answers(R"({"age_years": 30, "sex_at_birth": "female"})"));
    CHECK(c.unanswered_required == std::vector<std::string>{"reproductive_status"});  // now shown and required
    c = complete(q(), answers(R"({"age_years": 30, "sex_at_birth": "male"})"));
    CHECK(c.complete);
    CHECK(c.unanswered_required.empty());
}

TEST_CASE("display_value reads like a clinician writes", "[answers]") {
    const Answers a = answers(R"({"age_years": 40, "sex_at_birth": "female", "recent_triggers": ["severe_stress", "high_fever_or_illness"],
                                  "scalp_pain": false, "glp1_agonist": "semaglutide", "weight_loss_kg": 12.5, "referrer": "GP"})");
    CHECK(display_value(q(), slot("age_years"), a.get(slot("age_years"))) == "40 years");
    CHECK(display_value(q(), slot("sex_at_birth"), a.get(slot("sex_at_birth"))) == "Female");
    CHECK(display_value(q(), slot("recent_triggers"), a.get(slot("recent_triggers"))) == "High fever or illness, Severe stress");
    CHECK(display_value(q(), slot("scalp_pain"), a.get(slot("scalp_pain"))) == "no");
    CHECK(display_value(q(), slot("weight_loss_kg"), a.get(slot("weight_loss_kg"))) == "12.5 kg");
    CHECK(display_value(q(), slot("referrer"), a.get(slot("referrer"))) == "GP");
    CHECK(display_value(q(), slot("duration_months"), Value{}).empty());
}

TEST_CASE("JSON round trip", "[answers]") {
    const std::string text = R"({"age_years": 40, "sex_at_birth": "female", "reproductive_status": "pregnant",
        "recent_triggers": ["rapid_weight_loss", "severe_stress"], "weight_loss_kg": 12.5, "scalp_pain": false,
        "last_visit": "2024-05-01", "referrer": "Dr O'Brien & Sons <b>", "clinician_notes": "ünïcödé\nline 2"})";
    const Answers a = answers(text);
    const auto j = answers_to_json(q(), a);
    CHECK(j["recent_triggers"] == nlohmann::json::array({"rapid_weight_loss", "severe_stress"}));
    CHECK(answers_from_json(q(), j) == a);
    CHECK(answers_to_json(q(), answers_from_json(q(), j)).dump() == j.dump());
    CHECK(answers_to_json(q(), Answers(q())).empty());
}

TEST_CASE("FHIR QuestionnaireResponse out and back in", "[answers][fhir]") {
    const Answers a = answers(R"({"age_years": 40, "sex_at_birth": "female", "reproductive_status": "pregnant",
        "recent_triggers": ["rapid_weight_loss", "severe_stress"], "weight_loss_kg": 12.5, "scalp_pain": false,
        "last_visit": "2024-05-01", "referrer": "GP", "clinician_notes": "note"})");
    const auto qr = answers_to_fhir(q(), a, "completed");
    CHECK(qr["resourceType"] == "QuestionnaireResponse");
    CHECK(qr["status"] == "completed");
    CHECK(qr["questionnaire"] == "https://hairconsult.example/Questionnaire/mini|1.0.0");
    // Nested as in the questionnaire: pages, then questions.
    REQUIRE(qr["item"].size() == 2);
    CHECK(qr["item"][0]["linkId"] == "page_about");
    CHECK(qr["item"][0]["item"][0]["linkId"] == "age_years");
    CHECK(qr["item"][0]["item"][0]["answer"][0]["valueInteger"] == 40);
    CHECK(qr["item"][0]["item"][1]["answer"][0]["valueCoding"]["code"] == "female");
    CHECK(qr["item"][0]["item"][1]["answer"][0]["valueCoding"]["display"] == "Female");
    const auto& hist = qr["item"][1]["item"];
    CHECK(hist[0]["linkId"] == "recent_triggers");
    CHECK(hist[0]["answer"].size() == 2);
    CHECK(hist[1]["answer"][0]["valueDecimal"] == 12.5);
    CHECK(hist[2]["answer"][0]["valueBoolean"] == false);
    CHECK(hist[3]["answer"][0]["valueDate"] == "2024-05-01");
    CHECK(hist[4]["answer"][0]["valueString"] == "GP");
    CHECK(answers_from_json(q(), qr) == a);
    CHECK_THROWS_WITH(answers_to_fhir(q(), a, "done"), Contains("status must be"));
    // FHIR JSON has no empty arrays: nothing answered, no item.
    const auto empty = answers_to_fhir(q(), Answers(q()), "in-progress");
    CHECK_FALSE(empty.contains("item"));
    CHECK(answers_from_json(q(), empty) == Answers(q()));
    CHECK(answers_to_fhir(q(), a, "stopped")["status"] == "stopped");
    // qrs-1 everywhere: groups hold items only, questions answers only.
    std::function<void(const nlohmann::json&)> qrs1 = [&](const nlohmann::json& items) {
        for (const auto& i : items) {
            CHECK(i.contains("item") != i.contains("answer"));
            if (i.contains("item")) qrs1(i["item"]);
        }
    };
    qrs1(qr["item"]);
}

TEST_CASE("FHIR QuestionnaireResponse errors", "[answers][fhir]") {
    // A response as FHIR R4 wants it: a status, items nested in their groups.
    auto qr = [](const std::string& about_items, const std::string& extra = "") {
        return R"({"resourceType": "QuestionnaireResponse", "status": "completed", )" + extra +
               R"("item": [{"linkId": "page_about", "item": [)" + about_items + "]}]}";
    };
    refused(qr(R"({"linkId": "nope", "answer": [{"valueBoolean": true}]})"), "nope", "unknown linkId 'nope'");
    refused(R"({"resourceType": "QuestionnaireResponse", "status": "completed", "item": [{"linkId": "page_history", "item": [
                {"linkId": "scalp_pain", "answer": [{"valueBoolean": true}]},
                {"linkId": "scalp_pain", "answer": [{"valueBoolean": false}]}]}]})", "scalp_pain", "appears more than once");
    refused(qr(R"({"linkId": "sex_at_birth", "answer": [{"valueCoding": {"code": "male"}}, {"valueCoding": {"code": "female"}}]})"),
            "sex_at_birth", "several values (2)");
    refused(qr(R"({"linkId": "sex_at_birth", "answer": [{"valueCoding": {"code": "x"}}]})"), "sex_at_birth", "code 'x' is not offered");
    refused(qr(R"({"linkId": "age_years", "answer": [{"valueString": "40"}]})"), "age_years", "cannot take valueString");
    refused(qr(R"({"linkId": "age_years", "answer": [{}]})"), "age_years", "no value[x]");
    refused(qr(R"({"text": "no id"})"), "", "every item needs a linkId");
    refused(R"({"resourceType": "QuestionnaireResponse", "status": "completed", "item": {}})", "", "'item' must be an array");
    refused(qr("", R"("questionnaire": "https://other/Q|1", )"), "", "answers 'https://other/Q', not");
    refused(qr(R"({"linkId": "age_years", "answer": [{"valueInteger": 40}], "item": [{"linkId": "scalp_pain"}]})"), "age_years",
            "both answers and items (FHIR qrs-1)");
    refused(qr(R"({"linkId": "age_years", "item": [{"linkId": "scalp_pain"}]})"), "age_years", "nested under a question");
    // Nesting as in the questionnaire: a question outside its group, or in another group.
    refused(R"({"resourceType": "QuestionnaireResponse", "status": "completed",
                "item": [{"linkId": "age_years", "answer": [{"valueInteger": 40}]}]})",
            "age_years", "'age_years': belongs in group 'page_about', not at the top level");
    refused(qr(R"({"linkId": "scalp_pain", "answer": [{"valueBoolean": true}]})"), "scalp_pain",
            "belongs in group 'page_history', not in group 'page_about'");
    // status is required, and one of FHIR's codes.
    refused(R"({"resourceType": "QuestionnaireResponse", "item": []})", "", "status must be in-progress, completed");
    refused(R"({"resourceType": "QuestionnaireResponse", "status": "final"})", "", "status must be");
    // Extra FHIR keys, an unversioned canonical, every status, an echoed help item: accepted.
    for (const char* st : {"in-progress", "completed", "amended", "entered-in-error", "stopped"}) {
        const Answers a = answers(R"({"resourceType": "QuestionnaireResponse", "id": "x", "status": ")" + std::string(st) + R"(",
            "questionnaire": "https://hairconsult.example/Questionnaire/mini", "authored": "2026-01-02T10:00:00Z",
            "item": [{"linkId": "page_about", "text": "About", "item": [{"linkId": "age_years.help", "text": "Age in whole years."},
                     {"linkId": "age_years", "answer": [{"valueInteger": 40}]}]}]})");
        CHECK(a.answered(slot("age_years")));
    }
    // A help item carries no answer; one that does is not a help item.
    refused(qr(R"({"linkId": "age_years.help", "answer": [{"valueString": "x"}]})"), "age_years.help", "unknown linkId");
}

TEST_CASE("answers made for another questionnaire are refused", "[answers]") {
    Answers empty;
    CHECK_THROWS_WITH(answers_to_json(q(), empty), Contains("not made for this questionnaire"));
    CHECK_THROWS_AS(enabled_items(q(), empty), AnswersError);
}

// FHIR R4 enableWhen, operator by operator, on an unanswered, an answered and (for a repeating
// item) a multi-answer question, with answers of every type the loader accepts.
namespace {
struct EwCase {
    Questionnaire q;
    Slot target;
    bool shown(const std::string& json_text) const {
        const Answers a = answers_from_json(q, parse_json(json_text, "t"));
        return static_cast<bool>(enabled_items(q, a)[static_cast<std::size_t>(target)]);
    }
};
// The mini questionnaire with one enableWhen on `question` put on duration_months.
EwCase ew_case(const char* question, const char* op, const char* key, nlohmann::json value) {
    auto d = test::read(test::mini_dir() / "questionnaire.json");
    auto& item = d["item"][1]["item"][2];
    REQUIRE(item["linkId"] == "duration_months");
    item["enableWhen"] = nlohmann::json::array({{{"question", question}, {"operator", op}, {key, std::move(value)}}});
    EwCase c{load_questionnaire(d, "questionnaire.json"), -1};
    c.target = c.q.find("duration_months");
    return c;
}
}  // namespace

TEST_CASE("enableWhen exists: answered or not, whatever the type", "[answers][enableWhen]") {
    const std::pair<const char*, const char*> answered[] = {
        {"age_years", R"({"age_years": 0})"},            {"weight_loss_kg", R"({"recent_triggers": ["rapid_weight_loss"], "weight_loss_kg": 0})"},
        {"scalp_pain", R"({"scalp_pain": false})"},      {"sex_at_birth", R"({"sex_at_birth": "male"})"},
        {"recent_triggers", R"({"recent_triggers": ["none", "severe_stress"]})"},
        {"last_visit", R"({"last_visit": "2024"})"},     {"referrer", R"({"referrer": "GP"})"},
        {"clinician_notes", R"({"clinician_notes": "x"})"}};
    for (const auto& [id, with_answer] : answered) {
        INFO(id);
        const auto yes = ew_case(id, "exists", "answerBoolean", true);
        const auto no = ew_case(id, "exists", "answerBoolean", false);
        CHECK_FALSE(yes.shown("{}"));
        CHECK(no.shown("{}"));
        CHECK(yes.shown(with_answer));
        CHECK_FALSE(no.shown(with_answer));
    }
    // An empty string or an empty list is no answer.
    CHECK(ew_case("referrer", "exists", "answerBoolean", false).shown(R"({"referrer": ""})"));
    CHECK(ew_case("recent_triggers", "exists", "answerBoolean", false).shown(R"({"recent_triggers": []})"));
}

TEST_CASE("enableWhen = and != on every answer type, unanswered included", "[answers][enableWhen]") {
    struct Row {
        const char* question;
        const char* key;
        nlohmann::json value;
        const char* equal;    // answers where the question's answer equals `value`
        const char* differ;   // answers where it is answered with something else
    };
    const Row rows[] = {
        {"age_years", "answerInteger", 40, R"({"age_years": 40})", R"({"age_years": 41})"},
        {"age_years", "answerDecimal", 40.0, R"({"age_years": 40})", R"({"age_years": 39})"},
        {"weight_loss_kg", "answerDecimal", 2.5, R"({"recent_triggers": ["rapid_weight_loss"], "weight_loss_kg": 2.5})",
         R"({"recent_triggers": ["rapid_weight_loss"], "weight_loss_kg": 2.25})"},
        {"weight_loss_kg", "answerInteger", 3, R"({"recent_triggers": ["rapid_weight_loss"], "weight_loss_kg": 3.0})",
         R"({"recent_triggers": ["rapid_weight_loss"], "weight_loss_kg": 3.5})"},
        {"scalp_pain", "answerBoolean", false, R"({"scalp_pain": false})", R"({"scalp_pain": true})"},
        {"sex_at_birth", "answerCoding", {{"code", "male"}}, R"({"sex_at_birth": "male"})", R"({"sex_at_birth": "female"})"},
        {"last_visit", "answerDate", "2024-05-01", R"({"last_visit": "2024-05-01"})", R"({"last_visit": "2024-05-02"})"},
        {"referrer", "answerString", "GP", R"({"referrer": "GP"})", R"({"referrer": "gp"})"},
        {"clinician_notes", "answerString", "none", R"({"clinician_notes": "none"})", R"({"clinician_notes": "some"})"},
    };
    for (const auto& r : rows) {
        INFO(r.question << " " << r.key << " " << r.value.dump());
        const auto eq = ew_case(r.question, "=", r.key, r.value);
        const auto ne = ew_case(r.question, "!=", r.key, r.value);
        CHECK_FALSE(eq.shown("{}"));  // unanswered: no answer equals the value
        CHECK(ne.shown("{}"));        // ... so != holds (FHIR R4)
        CHECK(eq.shown(r.equal));
        CHECK_FALSE(ne.shown(r.equal));
        CHECK_FALSE(eq.shown(r.differ));
        CHECK(ne.shown(r.differ));
    }
}

TEST_CASE("enableWhen = and != on a repeating question: any answer / no answer", "[answers][enableWhen]") {
    const auto eq = ew_case("recent_triggers", "=", "answerCoding", {{"code", "severe_stress"}});
    const auto ne = ew_case("recent_triggers", "!=", "answerCoding", {{"code", "severe_stress"}});
    CHECK_FALSE(eq.shown("{}"));
    CHECK(ne.shown("{}"));
    CHECK(eq.shown(R"({"recent_triggers": ["severe_stress"]})"));
    CHECK_FALSE(ne.shown(R"({"recent_triggers": ["severe_stress"]})"));
    // Several answers, one of them the value: = holds, != does not (no answer may equal it).
    CHECK(eq.shown(R"({"recent_triggers": ["high_fever_or_illness", "severe_stress", "none"]})"));
    CHECK_FALSE(ne.shown(R"({"recent_triggers": ["high_fever_or_illness", "severe_stress", "none"]})"));
    // Several answers, none of them the value.
    CHECK_FALSE(eq.shown(R"({"recent_triggers": ["high_fever_or_illness", "rapid_weight_loss"]})"));
    CHECK(ne.shown(R"({"recent_triggers": ["high_fever_or_illness", "rapid_weight_loss"]})"));
}

TEST_CASE("enableWhen orderings on integer, decimal and date answers, unanswered false", "[answers][enableWhen]") {
    struct Row {
        const char* question;
        const char* op;
        const char* key;
        nlohmann::json value;
        const char* below;  // answer below the value
        const char* at;     // equal
        const char* above;  // above
    };
    const char* kg_lo = R"({"recent_triggers": ["rapid_weight_loss"], "weight_loss_kg": 4.99})";
    const char* kg_at = R"({"recent_triggers": ["rapid_weight_loss"], "weight_loss_kg": 5})";
    const char* kg_hi = R"({"recent_triggers": ["rapid_weight_loss"], "weight_loss_kg": 5.01})";
    const char* age_lo = R"({"age_years": 17})";
    const char* age_at = R"({"age_years": 18})";
    const char* age_hi = R"({"age_years": 19})";
    const char* d_lo = R"({"last_visit": "2024-04-30"})";
    const char* d_at = R"({"last_visit": "2024-05-01"})";
    const char* d_hi = R"({"last_visit": "2024-05-02"})";
    struct Expect { const char* op; bool below, at, above; };
    const Expect expect[] = {{">", false, false, true}, {">=", false, true, true}, {"<", true, false, false}, {"<=", true, true, false}};
    const Row rows[] = {{"age_years", "", "answerInteger", 18, age_lo, age_at, age_hi},
                        {"age_years", "", "answerDecimal", 18.0, age_lo, age_at, age_hi},
                        {"weight_loss_kg", "", "answerDecimal", 5.0, kg_lo, kg_at, kg_hi},
                        {"weight_loss_kg", "", "answerInteger", 5, kg_lo, kg_at, kg_hi},
                        {"last_visit", "", "answerDate", "2024-05-01", d_lo, d_at, d_hi}};
    for (const auto& r : rows)
        for (const auto& e : expect) {
            INFO(r.question << " " << e.op << " " << r.value.dump());
            const auto c = ew_case(r.question, e.op, r.key, r.value);
            CHECK_FALSE(c.shown("{}"));
            CHECK(c.shown(r.below) == e.below);
            CHECK(c.shown(r.at) == e.at);
            CHECK(c.shown(r.above) == e.above);
        }
}

TEST_CASE("enableWhen on a hidden question sees no answer, for every operator", "[answers][enableWhen]") {
    // weight_loss_kg is hidden unless rapid_weight_loss or a GLP-1 medicine is given; its answer
    // stays in the file but counts as not valued (FHIR R4).
    const char* hidden = R"({"recent_triggers": ["none"], "weight_loss_kg": 5})";
    const char* shown_ = R"({"recent_triggers": ["rapid_weight_loss"], "weight_loss_kg": 5})";
    CHECK_FALSE(ew_case("weight_loss_kg", "exists", "answerBoolean", true).shown(hidden));
    CHECK(ew_case("weight_loss_kg", "exists", "answerBoolean", true).shown(shown_));
    CHECK(ew_case("weight_loss_kg", "exists", "answerBoolean", false).shown(hidden));
    CHECK_FALSE(ew_case("weight_loss_kg", "=", "answerDecimal", 5.0).shown(hidden));
    CHECK(ew_case("weight_loss_kg", "=", "answerDecimal", 5.0).shown(shown_));
    CHECK(ew_case("weight_loss_kg", "!=", "answerDecimal", 5.0).shown(hidden));
    CHECK_FALSE(ew_case("weight_loss_kg", "!=", "answerDecimal", 5.0).shown(shown_));
    CHECK_FALSE(ew_case("weight_loss_kg", ">", "answerDecimal", 1.0).shown(hidden));
    CHECK(ew_case("weight_loss_kg", ">", "answerDecimal", 1.0).shown(shown_));
}

TEST_CASE("exists + != with enableBehavior all says 'answered and not X'", "[answers][enableWhen]") {
    auto shown = [](const std::string& json_text) {
        return static_cast<bool>(enabled_items(q(), answers(json_text))[static_cast<std::size_t>(slot("reproductive_status"))]);
    };
    CHECK_FALSE(shown("{}"));
    CHECK_FALSE(shown(R"({"sex_at_birth": "male"})"));
    CHECK(shown(R"({"sex_at_birth": "female"})"));
    CHECK(shown(R"({"sex_at_birth": "intersex"})"));
    // The same two tests with enableBehavior any: shown before sex is given, as FHIR says.
    auto d = test::read(test::mini_dir() / "questionnaire.json");
    auto& item = d["item"][0]["item"][3];
    REQUIRE(item["linkId"] == "reproductive_status");
    item["enableBehavior"] = "any";
    const auto qa = load_questionnaire(d, "q");
    const auto s = static_cast<std::size_t>(qa.find("reproductive_status"));
    CHECK(enabled_items(qa, answers_from_json(qa, parse_json("{}", "t")))[s]);
    CHECK(enabled_items(qa, answers_from_json(qa, parse_json(R"({"sex_at_birth": "male"})", "t")))[s]);
    // And a lone != enables an unanswered question's dependant.
    item.erase("enableBehavior");
    item["enableWhen"].erase(0);
    const auto qn = load_questionnaire(d, "q");
    CHECK(enabled_items(qn, answers_from_json(qn, parse_json("{}", "t")))[s]);
    CHECK_FALSE(enabled_items(qn, answers_from_json(qn, parse_json(R"({"sex_at_birth": "male"})", "t")))[s]);
}

TEST_CASE("shipped pack: 'answered and not X' items wait for the answer", "[answers][enableWhen][pack]") {
    static const Pack hl = load_pack(HC_PACK_DIR);
    const Questionnaire& hq = hl.questionnaire;
    auto shown = [&](const std::string& json_text, const char* id) {
        const Answers a = answers_from_json(hq, parse_json(json_text, "t"));
        REQUIRE(hq.find(id) >= 0);
        return static_cast<bool>(enabled_items(hq, a)[static_cast<std::size_t>(hq.find(id))]);
    };
    // Pregnancy and fertility: not before sex at birth is given, not for a man.
    CHECK_FALSE(shown("{}", "reproductive_status"));
    CHECK_FALSE(shown(R"({"sex_at_birth": "male"})", "reproductive_status"));
    CHECK(shown(R"({"sex_at_birth": "female"})", "reproductive_status"));
    CHECK(shown(R"({"sex_at_birth": "intersex"})", "reproductive_status"));
    // GLP-1 start and weight lost: not before the GLP-1 answer, not for "none".
    for (const char* id : {"glp1_start_months_ago", "weight_loss_kg"}) {
        INFO(id);
        CHECK_FALSE(shown("{}", id));
        CHECK_FALSE(shown(R"({"glp1_agonist": "none"})", id));
        const Item& glp1 = hq.items[static_cast<std::size_t>(hq.find("glp1_agonist"))];
        for (const auto& o : glp1.options) {
            INFO(o.code);
            CHECK(shown(R"({"glp1_agonist": ")" + o.code + R"("})", id) == (o.code != "none"));
        }
    }
    CHECK(shown(R"({"recent_triggers": ["rapid_weight_loss"]})", "weight_loss_kg"));
    CHECK(shown(R"({"recent_triggers": ["rapid_weight_loss"], "glp1_agonist": "none"})", "weight_loss_kg"));
    CHECK_FALSE(shown(R"({"recent_triggers": ["rapid_weight_loss"]})", "glp1_start_months_ago"));
}

TEST_CASE("a QuestionnaireResponse written by LHC-Forms imports", "[answers][fhir]") {
    // Produced by LHC-Forms 40.1.3 from `hairconsult-cli questionnaire` for the mini pack (the
    // conformance test in tests/fhir makes hundreds like it): its own meta, tag and authored,
    // its own order of a repeating item's answers.
    const auto doc = test::read(std::filesystem::path(HC_TEST_DATA) / "fhir" / "lhc-forms-response.json");
    REQUIRE(doc["meta"]["tag"][0]["code"] == "lformsVersion: 40.1.3");
    const Answers a = answers_from_json(q(), doc);
    const Answers expected = answers(R"({"age_years": 31, "sex_at_birth": "female", "reproductive_status": "planning_pregnancy",
        "pattern_type": "male_pattern", "norwood_stage": "2", "duration_months": 3,
        "recent_triggers": ["severe_stress", "rapid_weight_loss", "none"], "weight_loss_kg": 51.2, "glp1_agonist": "none",
        "scalp_pain": false, "last_visit": "2011-06-13", "referrer": "free text 920", "clinician_notes": "free text 155"})");
    CHECK(a == expected);
    CHECK(effective_answers(q(), a).dropped.empty());
    // And back out: the same answers, nested the same way, with our questionnaire canonical.
    const auto out = answers_to_fhir(q(), a, "completed");
    CHECK(out["questionnaire"] == doc["questionnaire"]);
    CHECK(answers_from_json(q(), out) == a);
    REQUIRE(out["item"].size() == doc["item"].size());
    for (std::size_t g = 0; g < doc["item"].size(); ++g) {
        REQUIRE(out["item"][g]["item"].size() == doc["item"][g]["item"].size());
        for (std::size_t i = 0; i < doc["item"][g]["item"].size(); ++i) {
            const auto& theirs = doc["item"][g]["item"][i];
            const auto& ours = out["item"][g]["item"][i];
            CHECK(ours["linkId"] == theirs["linkId"]);
            if (theirs["linkId"] != "recent_triggers") CHECK(ours["answer"] == theirs["answer"]);
        }
    }
}
