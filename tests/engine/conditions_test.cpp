// The condition language: every operator, precedence, three-valued logic, hidden items, and
// every parse and meaning error with its column.
#include "engine/conditions.h"

#include <catch2/catch.hpp>

#include "test_util.h"

using namespace hc;
using hc::test::mini;

namespace {

// Evaluates `cond` on the answers in `json_text` (mini pack questionnaire).
Tri eval(const std::string& cond, const std::string& json_text, std::vector<Slot>* unknowns = nullptr,
         std::vector<Slot>* read = nullptr) {
    const auto& q = mini().questionnaire;
    const Condition c = Condition::parse(cond, q);
    const Answers a = test::answers(json_text);
    std::vector<Slot> r;
    const auto out = c.evaluate(a, enabled_items(q, a), r);
    if (unknowns) *unknowns = out.unknowns;
    if (read) *read = r;
    return out.value;
}

Slot slot(const char* id) { return mini().questionnaire.find(id); }

void parse_fails(const std::string& cond, int column, const std::string& message) {
    INFO(cond);
    try {
        Condition::parse(cond, mini().questionnaire);
        FAIL("expected ConditionError");
    } catch (const ConditionError& e) {
        CHECK(e.column() == column);
        CHECK_THAT(e.what(), Catch::Contains(message));
    }
}

}  // namespace

TEST_CASE("comparison operators on integers", "[conditions]") {
    const std::string a = R"({"age_years": 40})";
    CHECK(eval("age_years == 40", a) == Tri::True);
    CHECK(eval("age_years == 41", a) == Tri::False);
    CHECK(eval("age_years != 41", a) == Tri::True);
    CHECK(eval("age_years != 40", a) == Tri::False);
    CHECK(eval("age_years < 41", a) == Tri::True);
    CHECK(eval("age_years < 40", a) == Tri::False);
    CHECK(eval("age_years <= 40", a) == Tri::True);
    CHECK(eval("age_years <= 39", a) == Tri::False);
    CHECK(eval("age_years > 39", a) == Tri::True);
    CHECK(eval("age_years > 40", a) == Tri::False);
    CHECK(eval("age_years >= 40", a) == Tri::True);
    CHECK(eval("age_years >= 41", a) == Tri::False);
    CHECK(eval("age_years > 39.5", a) == Tri::True);
    CHECK(eval("age_years < 40.5", a) == Tri::True);
    CHECK(eval("age_years == 40.0", a) == Tri::True);
    CHECK(eval("age_years in [30, 40, 50]", a) == Tri::True);
    CHECK(eval("age_years in [30, 50]", a) == Tri::False);
}

TEST_CASE("comparison operators on decimals", "[conditions]") {
    const std::string a = R"({"recent_triggers": ["rapid_weight_loss"], "weight_loss_kg": 12.5})";
    CHECK(eval("weight_loss_kg > 12", a) == Tri::True);
    CHECK(eval("weight_loss_kg >= 12.5", a) == Tri::True);
    CHECK(eval("weight_loss_kg < 12.5", a) == Tri::False);
    CHECK(eval("weight_loss_kg <= -1", a) == Tri::False);
    CHECK(eval("weight_loss_kg == 12.5", a) == Tri::True);
    CHECK(eval("weight_loss_kg != 12.5", a) == Tri::False);
    CHECK(eval("weight_loss_kg > 1e1", a) == Tri::True);
}

TEST_CASE("codes, booleans, strings and dates", "[conditions]") {
    const std::string a =
        R"({"sex_at_birth": "male", "scalp_pain": false, "referrer": "Dr O'Brien", "last_visit": "2024-05-01"})";
    CHECK(eval("sex_at_birth == 'male'", a) == Tri::True);
    CHECK(eval("sex_at_birth != 'male'", a) == Tri::False);
    CHECK(eval("sex_at_birth in ['female', 'intersex']", a) == Tri::False);
    CHECK(eval("sex_at_birth in ['female', 'male']", a) == Tri::True);
    CHECK(eval("scalp_pain == false", a) == Tri::True);
    CHECK(eval("scalp_pain != false", a) == Tri::False);
    CHECK(eval("scalp_pain == true", a) == Tri::False);
    CHECK(eval("referrer == 'Dr O\\'Brien'", a) == Tri::True);
    CHECK(eval("last_visit == '2024-05-01'", a) == Tri::True);
    CHECK(eval("answered(referrer)", a) == Tri::True);
    CHECK(eval("answered(duration_months)", a) == Tri::False);
    CHECK(eval("answered(clinician_notes)", a) == Tri::False);
}

TEST_CASE("has, has any, has all on repeating items", "[conditions]") {
    const std::string a = R"({"recent_triggers": ["severe_stress", "high_fever_or_illness"]})";
    CHECK(eval("recent_triggers has 'severe_stress'", a) == Tri::True);
    CHECK(eval("recent_triggers has 'none'", a) == Tri::False);
    CHECK(eval("recent_triggers has any ['none', 'severe_stress']", a) == Tri::True);
    CHECK(eval("recent_triggers has any ['none', 'rapid_weight_loss']", a) == Tri::False);
    CHECK(eval("recent_triggers has all ['severe_stress', 'high_fever_or_illness']", a) == Tri::True);
    CHECK(eval("recent_triggers has all ['severe_stress', 'none']", a) == Tri::False);
    CHECK(eval("not recent_triggers has 'none'", a) == Tri::True);
}

TEST_CASE("precedence: not binds tighter than and, and tighter than or", "[conditions]") {
    const std::string a = R"({"age_years": 40, "sex_at_birth": "male", "scalp_pain": true})";
    // or of (false) and (true): a and b or c == (a and b) or c
    CHECK(eval("age_years == 1 and sex_at_birth == 'male' or scalp_pain == true", a) == Tri::True);
    // a or b and c == a or (b and c), not (a or b) and c
    CHECK(eval("age_years == 40 or sex_at_birth == 'female' and scalp_pain == false", a) == Tri::True);
    CHECK(eval("(age_years == 40 or sex_at_birth == 'female') and scalp_pain == false", a) == Tri::False);
    // not a and b == (not a) and b
    CHECK(eval("not age_years == 1 and scalp_pain == true", a) == Tri::True);
    CHECK(eval("not (age_years == 40 and scalp_pain == true)", a) == Tri::False);
    CHECK(eval("not age_years == 40 or scalp_pain == true", a) == Tri::True);
    CHECK(eval("not not scalp_pain == true", a) == Tri::True);
    CHECK(eval("((((scalp_pain == true))))", a) == Tri::True);
    // Keywords are lower case only, whitespace is free.
    CHECK(eval("  age_years==40\tand\nscalp_pain==true  ", a) == Tri::True);
}

TEST_CASE("three-valued logic (Kleene)", "[conditions]") {
    const std::string a = R"({"age_years": 40})";  // duration_months unanswered, shown
    CHECK(eval("duration_months > 3", a) == Tri::Unknown);
    CHECK(eval("not duration_months > 3", a) == Tri::Unknown);
    CHECK(eval("duration_months > 3 and age_years == 1", a) == Tri::False);   // false and unknown
    CHECK(eval("age_years == 1 and duration_months > 3", a) == Tri::False);
    CHECK(eval("duration_months > 3 and age_years == 40", a) == Tri::Unknown);  // true and unknown
    CHECK(eval("duration_months > 3 or age_years == 40", a) == Tri::True);    // true or unknown
    CHECK(eval("age_years == 40 or duration_months > 3", a) == Tri::True);
    CHECK(eval("duration_months > 3 or age_years == 1", a) == Tri::Unknown);  // false or unknown
    CHECK(eval("duration_months > 3 or scalp_pain == true", a) == Tri::Unknown);
    CHECK(eval("answered(duration_months)", a) == Tri::False);                // answered() is never unknown
}

TEST_CASE("unknowns list the unanswered items that could change the value", "[conditions]") {
    std::vector<Slot> unknowns, read;
    const std::string a = R"({"age_years": 40})";
    CHECK(eval("scalp_pain == true or duration_months > 3 or age_years == 1", a, &unknowns) == Tri::Unknown);
    CHECK(unknowns == std::vector<Slot>{slot("duration_months"), slot("scalp_pain")});  // questionnaire order
    CHECK(eval("duration_months > 3 and age_years == 1", a, &unknowns) == Tri::False);
    CHECK(unknowns.empty());
    CHECK(eval("duration_months > 3 or age_years == 40", a, &unknowns, &read) == Tri::True);
    CHECK(unknowns.empty());
    CHECK(read == std::vector<Slot>{slot("age_years")});
}

TEST_CASE("read lists only the answers that decided the value", "[conditions]") {
    std::vector<Slot> read;
    const std::string a = R"({"age_years": 40, "sex_at_birth": "male", "scalp_pain": true})";
    CHECK(eval("age_years == 1 or scalp_pain == true", a, nullptr, &read) == Tri::True);
    CHECK(read == std::vector<Slot>{slot("scalp_pain")});
    CHECK(eval("age_years == 40 and sex_at_birth == 'male'", a, nullptr, &read) == Tri::True);
    CHECK(read == std::vector<Slot>{slot("age_years"), slot("sex_at_birth")});
    CHECK(eval("not (age_years == 40 and sex_at_birth == 'female')", a, nullptr, &read) == Tri::True);
    CHECK(read == std::vector<Slot>{slot("sex_at_birth")});
}

TEST_CASE("hidden items are not applicable: every comparison is false", "[conditions]") {
    // norwood_stage shows only for male_pattern; answered here but hidden.
    const std::string a = R"({"pattern_type": "female_pattern", "norwood_stage": "5", "sex_at_birth": "female"})";
    std::vector<Slot> unknowns, read;
    CHECK(eval("norwood_stage == '5'", a) == Tri::False);
    CHECK(eval("norwood_stage != '5'", a) == Tri::False);
    CHECK(eval("norwood_stage in ['5', '6']", a) == Tri::False);
    CHECK(eval("answered(norwood_stage)", a) == Tri::False);
    CHECK(eval("not norwood_stage in ['5', '6']", a, &unknowns, &read) == Tri::True);
    CHECK(unknowns.empty());
    CHECK(read.empty());  // the hidden answer is never read
    // A hidden, unanswered item is false, not unknown: it is never "missing".
    CHECK(eval("planning_conception == true", a, &unknowns) == Tri::False);
    CHECK(unknowns.empty());
    // Hidden repeating item (weight_loss_kg needs a trigger or GLP-1).
    CHECK(eval("weight_loss_kg > 1", R"({"weight_loss_kg": 20})") == Tri::False);
}

TEST_CASE("slots lists each item once in order of mention", "[conditions]") {
    const auto c = Condition::parse("scalp_pain == true or age_years > 3 and scalp_pain == false", mini().questionnaire);
    CHECK(c.slots() == std::vector<Slot>{slot("scalp_pain"), slot("age_years")});
    CHECK(c.text() == "scalp_pain == true or age_years > 3 and scalp_pain == false");
}

TEST_CASE("syntax errors carry the column", "[conditions]") {
    parse_fails("", 1, "empty");
    parse_fails("   ", 1, "empty");
    parse_fails("age_years = 3", 11, "use ==");
    parse_fails("age_years == ", 14, "expected a value");
    parse_fails("age_years == 3 and", 19, "expected a linkId");
    parse_fails("(age_years == 3", 16, "expected ')'");
    parse_fails("age_years == 3)", 15, "expected and, or or the end");
    parse_fails("sex_at_birth == \"male\"", 17, "single quotes");
    parse_fails("sex_at_birth == 'male", 17, "not closed");
    parse_fails("age_years == 3 && scalp_pain == true", 16, "and, or, not");
    parse_fails("age_years == 3 AND scalp_pain == true", 16, "expected and, or or the end");
    parse_fails("sex_at_birth in []", 18, "expected a value");
    parse_fails("sex_at_birth in ['male' 'female']", 25, "expected ',' or ']'");
    parse_fails("age_years == 99999999999999999999", 14, "out of range");
    parse_fails("age_years == 3x", 15, "runs into letters");
    parse_fails("age_years == 3 # comment", 16, "unexpected character '#'");
    parse_fails("answered age_years", 10, "expected '(' after answered");
    parse_fails("answered(age_years", 19, "expected ')'");
    parse_fails("and == 3", 1, "expected a linkId");
    parse_fails("age_years", 1, "expected ==, !=, <, <=, >, >=, in or has");
    parse_fails("'male' == sex_at_birth", 1, "expected a linkId");
    parse_fails("referrer == 'a\\b'", 15, "escapes");
    parse_fails(std::string(70, '(') + "age_years == 3" + std::string(70, ')'), 65, "nested more than 64");
    parse_fails(std::string(8200, ' '), 1, "longer than");
}

TEST_CASE("meaning errors: unknown items and codes, types that do not fit", "[conditions]") {
    parse_fails("age_years == 3 and foo == 'x'", 20, "unknown linkId 'foo'");
    parse_fails("sex_at_birth == 'alien'", 17, "item 'sex_at_birth' has no code 'alien'");
    parse_fails("sex_at_birth in ['male', 'alien']", 26, "has no code 'alien'");
    parse_fails("recent_triggers has 'flu'", 21, "has no code 'flu'");
    parse_fails("age_years == 'forty'", 14, "is a number item");
    parse_fails("sex_at_birth == 3", 17, "a number compared with 'sex_at_birth'");
    parse_fails("scalp_pain == 1", 15, "a number compared with 'scalp_pain'");
    parse_fails("scalp_pain == 'yes'", 15, "compare it with true or false");
    parse_fails("age_years == true", 14, "true/false compared with 'age_years'");
    parse_fails("sex_at_birth < 'male'", 16, "for numbers only");
    parse_fails("scalp_pain > false", 14, "for numbers only");
    parse_fails("sex_at_birth has 'male'", 14, "takes one answer; use == or in, not has");
    parse_fails("recent_triggers == 'none'", 17, "takes several answers; use has");
    parse_fails("recent_triggers in ['none']", 17, "takes several answers");
    parse_fails("page_about == 'x'", 1, "is a group item and has no answer");
    parse_fails("answered(intro)", 10, "is a display item");
    parse_fails("clinician_notes == 'x'", 1, "free text");
}

TEST_CASE("a default condition never fires", "[conditions]") {
    Condition c;
    std::vector<Slot> read;
    Answers a(mini().questionnaire);
    CHECK(c.evaluate(a, enabled_items(mini().questionnaire, a), read).value == Tri::False);
}

// ---- Comparing two items ---------------------------------------------------------------------

TEST_CASE("two items compared: numbers with numbers, every operator", "[conditions][items]") {
    const std::string a = R"({"age_years": 40, "duration_months": 50})";
    CHECK(eval("duration_months > age_years", a) == Tri::True);
    CHECK(eval("duration_months >= age_years", a) == Tri::True);
    CHECK(eval("duration_months < age_years", a) == Tri::False);
    CHECK(eval("duration_months <= age_years", a) == Tri::False);
    CHECK(eval("duration_months == age_years", a) == Tri::False);
    CHECK(eval("duration_months != age_years", a) == Tri::True);
    CHECK(eval("age_years < duration_months", a) == Tri::True);
    const std::string same = R"({"age_years": 40, "duration_months": 40})";
    CHECK(eval("duration_months == age_years", same) == Tri::True);
    CHECK(eval("duration_months >= age_years", same) == Tri::True);
    CHECK(eval("duration_months <= age_years", same) == Tri::True);
    CHECK(eval("duration_months > age_years", same) == Tri::False);
    CHECK(eval("duration_months != age_years", same) == Tri::False);
    // A literal still works beside an item comparison.
    CHECK(eval("duration_months > age_years and age_years == 40", a) == Tri::True);
}

TEST_CASE("two items compared: an integer with a decimal", "[conditions][items]") {
    const std::string shown = R"({"recent_triggers": ["rapid_weight_loss"], "glp1_agonist": "semaglutide", "weight_loss_kg": 12.5)";
    CHECK(eval("weight_loss_kg > age_years", shown + R"(, "age_years": 12})") == Tri::True);
    CHECK(eval("weight_loss_kg > age_years", shown + R"(, "age_years": 13})") == Tri::False);
    CHECK(eval("age_years < weight_loss_kg", shown + R"(, "age_years": 12})") == Tri::True);
    const std::string whole = R"({"recent_triggers": ["rapid_weight_loss"], "glp1_agonist": "semaglutide", "weight_loss_kg": 12.0, "age_years": 12})";
    CHECK(eval("weight_loss_kg == age_years", whole) == Tri::True);
}

TEST_CASE("two items compared: truth table with unknown and hidden sides", "[conditions][items]") {
    std::vector<Slot> unknowns, read;
    // Both answered: both are read (for `because`).
    CHECK(eval("duration_months > age_years", R"({"age_years": 40, "duration_months": 50})", &unknowns, &read) == Tri::True);
    CHECK(unknowns.empty());
    CHECK(read == std::vector<Slot>{slot("duration_months"), slot("age_years")});
    CHECK(eval("duration_months > age_years", R"({"age_years": 40, "duration_months": 30})", &unknowns, &read) == Tri::False);
    CHECK(read.size() == 2);
    // One side shown and unanswered: unknown, and that side is missing.
    CHECK(eval("duration_months > age_years", R"({"age_years": 40})", &unknowns, &read) == Tri::Unknown);
    CHECK(unknowns == std::vector<Slot>{slot("duration_months")});
    CHECK(eval("duration_months > age_years", R"({"duration_months": 40})", &unknowns) == Tri::Unknown);
    CHECK(unknowns == std::vector<Slot>{slot("age_years")});
    // Both shown and unanswered: unknown, both missing.
    CHECK(eval("duration_months > age_years", "{}", &unknowns) == Tri::Unknown);
    CHECK(unknowns == std::vector<Slot>{slot("age_years"), slot("duration_months")});
    // A hidden side: false (not applicable), whatever the operator, and nothing missing.
    for (const char* op : {"==", "!=", "<", "<=", ">", ">="}) {
        const std::string cond = std::string("weight_loss_kg ") + op + " age_years";
        INFO(cond);
        CHECK(eval(cond, R"({"age_years": 40})", &unknowns, &read) == Tri::False);
        CHECK(unknowns.empty());
        CHECK(read.empty());
        CHECK(eval(cond, "{}", &unknowns) == Tri::False);  // hidden beats unanswered on the other side
        CHECK(unknowns.empty());
        const std::string rev = std::string("age_years ") + op + " weight_loss_kg";
        CHECK(eval(rev, "{}", &unknowns) == Tri::False);
        CHECK(unknowns.empty());
    }
    CHECK(eval("not (weight_loss_kg > age_years)", R"({"age_years": 40})") == Tri::True);
    // Kleene logic around it.
    CHECK(eval("not (duration_months > age_years)", R"({"age_years": 40})") == Tri::Unknown);
    CHECK(eval("duration_months > age_years or scalp_pain == true", R"({"scalp_pain": true})", &unknowns, &read) == Tri::True);
    CHECK(unknowns.empty());
    CHECK(read == std::vector<Slot>{slot("scalp_pain")});
    CHECK(eval("duration_months > age_years and scalp_pain == true", R"({"scalp_pain": false})", &unknowns) == Tri::False);
    CHECK(unknowns.empty());
    CHECK(eval("duration_months > age_years and scalp_pain == true", R"({"scalp_pain": true, "age_years": 3})", &unknowns) ==
          Tri::Unknown);
    CHECK(unknowns == std::vector<Slot>{slot("duration_months")});
}

TEST_CASE("two items compared: yes/no items", "[conditions][items]") {
    const std::string man = R"({"sex_at_birth": "male", "scalp_pain": true)";
    CHECK(eval("scalp_pain == planning_conception", man + R"(, "planning_conception": true})") == Tri::True);
    CHECK(eval("scalp_pain != planning_conception", man + R"(, "planning_conception": true})") == Tri::False);
    CHECK(eval("scalp_pain == planning_conception", man + R"(, "planning_conception": false})") == Tri::False);
    CHECK(eval("scalp_pain == planning_conception", man + "}") == Tri::Unknown);
    // planning_conception is hidden for a woman.
    CHECK(eval("scalp_pain != planning_conception", R"({"sex_at_birth": "female", "scalp_pain": true})") == Tri::False);
}

TEST_CASE("two items compared: choice items that share codes", "[conditions][items]") {
    const Questionnaire q = load_questionnaire(nlohmann::json::parse(R"({
      "resourceType": "Questionnaire", "url": "https://hairconsult.example/q", "version": "1", "title": "Q",
      "status": "active", "item": [
        {"linkId": "p", "type": "group", "text": "P", "item": [
          {"linkId": "before", "type": "choice", "text": "Before",
           "answerOption": [{"valueCoding": {"code": "low", "display": "LOW"}}, {"valueCoding": {"code": "mid", "display": "MID"}}]},
          {"linkId": "after", "type": "choice", "text": "After",
           "answerOption": [{"valueCoding": {"code": "mid", "display": "MID"}}, {"valueCoding": {"code": "high", "display": "HIGH"}}]},
          {"linkId": "other", "type": "choice", "text": "Other", "answerOption": [{"valueCoding": {"code": "x", "display": "X"}}]},
          {"linkId": "many", "type": "choice", "text": "Many", "repeats": true, "answerOption": [{"valueCoding": {"code": "mid", "display": "MID"}}]}
        ]}]})"), "q.json");
    auto run = [&](const std::string& cond, const std::string& answers) {
        const Condition c = Condition::parse(cond, q);
        const Answers a = answers_from_json(q, nlohmann::json::parse(answers));
        std::vector<Slot> read;
        return c.evaluate(a, enabled_items(q, a), read).value;
    };
    CHECK(run("before == after", R"({"before": "mid", "after": "mid"})") == Tri::True);
    CHECK(run("before == after", R"({"before": "low", "after": "mid"})") == Tri::False);
    CHECK(run("before != after", R"({"before": "low", "after": "mid"})") == Tri::True);
    CHECK(run("before != after", R"({"before": "low"})") == Tri::Unknown);
    auto fails = [&](const std::string& cond, int column, const std::string& message) {
        INFO(cond);
        try {
            Condition::parse(cond, q);
            FAIL("expected ConditionError");
        } catch (const ConditionError& e) {
            CHECK(e.column() == column);
            CHECK_THAT(e.what(), Catch::Contains(message));
        }
    };
    fails("before == other", 11, "'before' and 'other' share no code");
    fails("other != after", 10, "share no code");
    fails("before < after", 10, "for numbers only");
    fails("before == many", 11, "'many' takes several answers");
    fails("many == before", 6, "takes several answers; use has");
}

TEST_CASE("two items compared: errors name the column of the second item", "[conditions][items]") {
    parse_fails("age_years > sex_at_birth", 13, "'age_years' (a number item) cannot be compared with 'sex_at_birth' (a choice item)");
    parse_fails("sex_at_birth == age_years", 17, "cannot be compared");
    parse_fails("scalp_pain == age_years", 15, "cannot be compared");
    parse_fails("age_years > last_visit", 13, "cannot be compared");
    parse_fails("referrer == last_visit", 13, "cannot be compared");
    parse_fails("age_years > no_such_item", 13, "unknown linkId 'no_such_item'");
    parse_fails("sex_at_birth == recent_triggers", 17, "'recent_triggers' takes several answers");
    parse_fails("sex_at_birth == pattern_type", 17, "'sex_at_birth' and 'pattern_type' share no code");
    parse_fails("scalp_pain < planning_conception", 14, "for numbers only");
    parse_fails("age_years == clinician_notes", 14, "free text");
    parse_fails("age_years == page_about", 14, "has no answer");
    parse_fails("age_years in [duration_months]", 15, "expected a value");
    parse_fails("age_years > and", 13, "expected a value ('code', number, true or false) or a linkId");
}

TEST_CASE("two items compared: slots and compared_items", "[conditions][items]") {
    const Condition c = Condition::parse("duration_months > age_years and age_years < 50 or scalp_pain == true", mini().questionnaire);
    CHECK(c.slots() == std::vector<Slot>{slot("duration_months"), slot("age_years"), slot("scalp_pain")});
    CHECK(c.compared_items(slot("age_years")) == std::vector<Slot>{slot("duration_months")});
    CHECK(c.compared_items(slot("duration_months")) == std::vector<Slot>{slot("age_years")});
    CHECK(c.compared_items(slot("scalp_pain")).empty());
    CHECK(c.literals(slot("age_years")) == std::vector<Literal>{Literal(std::int64_t{50})});
}
