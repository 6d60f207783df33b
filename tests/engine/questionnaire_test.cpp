// The questionnaire loader: the model it builds, and every problem it reports (with JSON path),
// all at once.
#include "engine/questionnaire.h"

#include <catch2/catch.hpp>

#include "test_util.h"

using namespace hc;
using Catch::Contains;
using nlohmann::json;

namespace {

json base() { return test::read(test::mini_dir() / "questionnaire.json"); }

// Problems after `edit`; fails the test if the questionnaire still loads.
std::string problems(const std::function<void(json&)>& edit) {
    json d = base();
    edit(d);
    try {
        load_questionnaire(d, "questionnaire.json");
    } catch (const PackError& e) {
        return test::joined(e.problems());
    }
    FAIL("questionnaire loaded");
    return {};
}

json& item(json& d, const char* link_id) {
    for (auto& page : d["item"])
        for (auto& it : page["item"])
            if (it["linkId"] == link_id) return it;
    throw std::runtime_error("no item");
}

}  // namespace

TEST_CASE("the questionnaire model: flat slots, pages, parents, options, enableWhen", "[questionnaire]") {
    const Questionnaire q = load_questionnaire(base(), "questionnaire.json");
    CHECK(q.title == "Mini questionnaire");
    CHECK(q.version == "1.0.0");
    REQUIRE(q.pages.size() == 2);
    CHECK(q.items[static_cast<std::size_t>(q.pages[0])].link_id == "page_about");
    const Slot age = q.find("age_years");
    const Item& a = q.items[static_cast<std::size_t>(age)];
    CHECK(a.type == ItemType::Integer);
    CHECK(a.required);
    CHECK(*a.min_value == 0);
    CHECK(*a.max_value == 120);
    CHECK(a.unit == "years");
    CHECK(a.help == "Age in whole years.");
    CHECK(a.parent == q.pages[0]);
    CHECK(a.page == 0);
    const Item& sex = q.items[static_cast<std::size_t>(q.find("sex_at_birth"))];
    CHECK(sex.option_index("male") == 1);
    CHECK(sex.option_index("x") == -1);
    const Item& w = q.items[static_cast<std::size_t>(q.find("weight_loss_kg"))];
    REQUIRE(w.enable_when.size() == 3);
    CHECK_FALSE(w.enable_all);
    CHECK(w.enable_when[1].question == q.find("glp1_agonist"));  // a later item resolves too
    CHECK(w.enable_when[1].op == EnableWhen::Op::Eq);
    const Item& r = q.items[static_cast<std::size_t>(q.find("reproductive_status"))];
    REQUIRE(r.enable_when.size() == 2);
    CHECK(r.enable_all);
    CHECK(r.enable_when[0].op == EnableWhen::Op::Exists);
    CHECK(r.enable_when[1].op == EnableWhen::Op::Ne);
    CHECK(w.page == 1);
    CHECK(q.items[static_cast<std::size_t>(q.find("recent_triggers"))].repeats);
    CHECK(q.items[static_cast<std::size_t>(q.find("norwood_stage"))].widget == "norwood_diagram");
    CHECK(q.find("nope") == -1);
    CHECK(to_string(ItemType::OpenChoice) == "open-choice");
}

TEST_CASE("questionnaire document errors", "[questionnaire]") {
    CHECK_THAT(problems([](json& d) { d = json::array(); }), Contains("must be an object, not an array"));
    CHECK_THAT(problems([](json& d) { d["resourceType"] = "Patient"; }), Contains("/resourceType: resourceType must be 'Questionnaire'"));
    CHECK_THAT(problems([](json& d) { d.erase("url"); }), Contains("questionnaire.json: missing 'url'"));
    CHECK_THAT(problems([](json& d) { d["status"] = "live"; }), Contains("/status: status must be draft, active"));
    CHECK_THAT(problems([](json& d) { d["colour"] = 1; }), Contains("/colour: unknown key 'colour'"));
    CHECK_THAT(problems([](json& d) { d["meta"] = json::object(); }), Contains("/meta: 'meta' is not supported"));
    CHECK_THAT(problems([](json& d) { d["item"] = json::array(); }), Contains("/item: a questionnaire needs at least one page"));
    CHECK_THAT(problems([](json& d) { d["item"] = 3; }), Contains("/item: must be an array, not an integer"));
    // Comments (keys starting with _) are allowed anywhere.
    json d = base();
    d["_note"] = "x";
    item(d, "age_years")["_why"] = "y";
    CHECK_NOTHROW(load_questionnaire(d, "q"));
}

TEST_CASE("item structure errors (FHIR que-1, que-2, que-5, que-6)", "[questionnaire]") {
    CHECK_THAT(problems([](json& d) { d["item"].push_back({{"linkId", "loose"}, {"type", "boolean"}, {"text", "x"}}); }),
               Contains("/item/2: top-level items must be groups"));
    CHECK_THAT(problems([](json& d) { d["item"].push_back({{"linkId", "empty"}, {"type", "group"}, {"text", "x"}}); }),
               Contains("/item/2: group 'empty' has no items (FHIR que-1)"));
    CHECK_THAT(problems([](json& d) { item(d, "intro")["item"] = json::array({{{"linkId", "k"}, {"type", "display"}, {"text", "t"}}}); }),
               Contains("/item/0/item/0/item: display items cannot have nested items (FHIR que-1)"));
    CHECK_THAT(problems([](json& d) { item(d, "age_years")["item"] = json::array({{{"linkId", "k"}, {"type", "display"}, {"text", "t"}}}); }),
               Contains("items nested under a question are not supported"));
    CHECK_THAT(problems([](json& d) { item(d, "scalp_pain")["linkId"] = "age_years"; }),
               Contains("/item/1/item/6/linkId: duplicate linkId 'age_years' (also at /item/0/item/1) (FHIR que-2)"));
    CHECK_THAT(problems([](json& d) { item(d, "scalp_pain")["linkId"] = "scalp pain"; }), Contains("linkId 'scalp pain' must start with a letter"));
    CHECK_THAT(problems([](json& d) { item(d, "scalp_pain")["linkId"] = "and"; }), Contains("is a word of the condition language"));
    CHECK_THAT(problems([](json& d) { item(d, "scalp_pain").erase("linkId"); }), Contains("/item/1/item/6: missing 'linkId'"));
    CHECK_THAT(problems([](json& d) { item(d, "scalp_pain")["type"] = "slider"; }), Contains("/item/1/item/6/type: unknown type 'slider'"));
    CHECK_THAT(problems([](json& d) { item(d, "scalp_pain").erase("text"); }), Contains("missing 'text'"));
    CHECK_THAT(problems([](json& d) { item(d, "intro")["required"] = true; }), Contains("a display item cannot be required (FHIR que-6)"));
    CHECK_THAT(problems([](json& d) { item(d, "intro")["repeats"] = true; }), Contains("a display or group item cannot repeat (FHIR que-6)"));
    CHECK_THAT(problems([](json& d) { item(d, "age_years")["repeats"] = true; }), Contains("repeats is only supported for choice items"));
    CHECK_THAT(problems([](json& d) { item(d, "age_years")["required"] = "yes"; }), Contains("/required: must be true or false, not a string"));
    CHECK_THAT(problems([](json& d) { item(d, "age_years")["answerOption"] = json::array({{{"valueCoding", {{"code", "a"}, {"display", "A"}}}}}); }),
               Contains("only choice and open-choice items can have answerOption (FHIR que-5)"));
}

TEST_CASE("unsupported and unknown item keys are refused, not ignored", "[questionnaire]") {
    for (const char* key : {"readOnly", "initial", "answerValueSet", "maxLength", "code", "prefix", "extension"}) {
        INFO(key);
        CHECK_THAT(problems([&](json& d) { item(d, "age_years")[key] = true; }),
                   Contains("/item/0/item/1/" + std::string(key) + ": '" + key + "' is not supported"));
    }
    CHECK_THAT(problems([](json& d) { item(d, "age_years")["hepl"] = "typo"; }), Contains("/item/0/item/1/hepl: unknown key 'hepl'"));
}

TEST_CASE("answer option errors", "[questionnaire]") {
    CHECK_THAT(problems([](json& d) { item(d, "sex_at_birth")["answerOption"] = json::array(); }),
               Contains("choice item 'sex_at_birth' has no answerOption"));
    CHECK_THAT(problems([](json& d) { item(d, "sex_at_birth")["answerOption"][1]["valueCoding"]["code"] = "female"; }),
               Contains("/answerOption/1/valueCoding/code: duplicate code 'female' in item 'sex_at_birth'"));
    CHECK_THAT(problems([](json& d) { item(d, "sex_at_birth")["answerOption"][0] = {{"help", "x"}}; }), Contains("missing 'valueCoding'"));
    CHECK_THAT(problems([](json& d) { item(d, "sex_at_birth")["answerOption"][0]["valueCoding"].erase("display"); }),
               Contains("/answerOption/0/valueCoding: missing 'display'"));
    CHECK_THAT(problems([](json& d) { item(d, "sex_at_birth")["answerOption"][0]["valueCoding"]["code"] = ""; }), Contains("must not be empty"));
    CHECK_THAT(problems([](json& d) { item(d, "sex_at_birth")["answerOption"][0] = {{"valueString", "x"}}; }),
               Contains("'valueString' is not supported"));
}

TEST_CASE("numeric range and unit errors", "[questionnaire]") {
    CHECK_THAT(problems([](json& d) { item(d, "sex_at_birth")["extension_min"] = 1; }),
               Contains("extension_min is only for integer and decimal items"));
    CHECK_THAT(problems([](json& d) { item(d, "age_years")["extension_max"] = 1.5; }), Contains("/extension_max: must be a whole number"));
    CHECK_THAT(problems([](json& d) { item(d, "weight_loss_kg")["extension_max"] = "a"; }), Contains("/extension_max: must be a number"));
    CHECK_THAT(problems([](json& d) { item(d, "age_years")["extension_min"] = 200; }), Contains("extension_min is greater than extension_max"));
    CHECK_THAT(problems([](json& d) { item(d, "sex_at_birth")["unit"] = "kg"; }), Contains("unit is only for integer and decimal items"));
}

TEST_CASE("enableWhen errors (FHIR que-7, que-12)", "[questionnaire]") {
    auto ew = [](json e) { return [e](json& d) { item(d, "duration_months")["enableWhen"] = json::array({e}); }; };
    const std::string p = "/item/1/item/2/enableWhen/0";
    CHECK_THAT(problems(ew({{"question", "nope"}, {"operator", "exists"}, {"answerBoolean", true}})),
               Contains(p + "/question: enableWhen refers to unknown item 'nope'"));
    CHECK_THAT(problems(ew({{"question", "duration_months"}, {"operator", "exists"}, {"answerBoolean", true}})),
               Contains("cannot depend on itself"));
    CHECK_THAT(problems(ew({{"question", "intro"}, {"operator", "exists"}, {"answerBoolean", true}})),
               Contains("a display item with no answer"));
    CHECK_THAT(problems(ew({{"question", "age_years"}, {"operator", "~"}, {"answerInteger", 1}})),
               Contains(p + "/operator: unknown operator '~'"));
    CHECK_THAT(problems(ew({{"question", "sex_at_birth"}, {"operator", "exists"}, {"answerCoding", {{"code", "male"}}}})),
               Contains("operator 'exists' needs answerBoolean (FHIR que-7)"));
    CHECK_THAT(problems(ew({{"question", "age_years"}, {"operator", "="}})), Contains("enableWhen needs one answer"));
    CHECK_THAT(problems(ew({{"question", "age_years"}, {"operator", "="}, {"answerInteger", 1}, {"answerDecimal", 1.5}})),
               Contains("more than one answer[x]"));
    CHECK_THAT(problems(ew({{"question", "sex_at_birth"}, {"operator", "="}, {"answerCoding", {{"code", "alien"}}}})),
               Contains(p + "/answerCoding/code: item 'sex_at_birth' has no code 'alien'"));
    CHECK_THAT(problems(ew({{"question", "sex_at_birth"}, {"operator", "="}, {"answerBoolean", true}})),
               Contains("answerBoolean does not fit 'sex_at_birth', a choice item"));
    CHECK_THAT(problems(ew({{"question", "sex_at_birth"}, {"operator", ">"}, {"answerCoding", {{"code", "male"}}}})),
               Contains("operator '>' needs a number or date item"));
    CHECK_THAT(problems(ew({{"question", "age_years"}, {"operator", "="}, {"answerInteger", "1"}})), Contains("must be a whole number"));
    CHECK_THAT(problems(ew({{"question", "last_visit"}, {"operator", ">"}, {"answerDate", "soon"}})), Contains("must be a date"));
    CHECK_THAT(problems(ew({{"question", "age_years"}, {"operator", "="}, {"answerQuantity", 1}})),
               Contains("'answerQuantity' is not supported"));
    CHECK_THAT(problems([](json& d) { item(d, "duration_months")["enableWhen"] = json::array(); }), Contains("/enableWhen: must not be empty"));
    CHECK_THAT(problems([](json& d) { item(d, "weight_loss_kg").erase("enableBehavior"); }),
               Contains("enableBehavior is required when there is more than one enableWhen (FHIR que-12)"));
    CHECK_THAT(problems([](json& d) { item(d, "weight_loss_kg")["enableBehavior"] = "some"; }), Contains("must be 'all' or 'any'"));
}

TEST_CASE("enableWhen cycles are refused", "[questionnaire]") {
    CHECK_THAT(problems([](json& d) {
                   item(d, "scalp_pain")["enableWhen"] = json::array({{{"question", "referrer"}, {"operator", "exists"}, {"answerBoolean", true}}});
                   item(d, "referrer")["enableWhen"] = json::array({{{"question", "scalp_pain"}, {"operator", "exists"}, {"answerBoolean", true}}});
               }),
               Contains("depends on itself through enableWhen (a cycle)"));
    // Through a parent group: the page depends on an item inside it.
    CHECK_THAT(problems([](json& d) {
                   d["item"][1]["enableWhen"] = json::array({{{"question", "scalp_pain"}, {"operator", "exists"}, {"answerBoolean", true}}});
               }),
               Contains("a cycle"));
}

TEST_CASE("every problem is reported at once", "[questionnaire]") {
    json d = base();
    item(d, "age_years")["type"] = "slider";
    item(d, "sex_at_birth")["answerOption"] = json::array();
    item(d, "scalp_pain")["readOnly"] = true;
    item(d, "duration_months")["enableWhen"] = json::array({{{"question", "nope"}, {"operator", "exists"}, {"answerBoolean", true}}});
    try {
        load_questionnaire(d, "questionnaire.json");
        FAIL("loaded");
    } catch (const PackError& e) {
        const auto all = test::joined(e.problems());
        INFO(all);
        CHECK_THAT(all, Contains("unknown type 'slider'"));
        CHECK_THAT(all, Contains("has no answerOption"));
        CHECK_THAT(all, Contains("'readOnly' is not supported"));
        CHECK_THAT(all, Contains("unknown item 'nope'"));
        CHECK_THAT(e.what(), Contains("more problems)"));
        for (const auto& p : e.problems()) CHECK(p.file == "questionnaire.json");
    }
}
