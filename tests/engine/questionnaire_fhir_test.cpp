// The questionnaire as a FHIR R4 Questionnaire and as text: standard extensions instead of our
// readable keys, help as itemControl help display items, enableWhen exactly as written.
#include "engine/questionnaire_fhir.h"

#include <catch2/catch.hpp>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "test_util.h"

using namespace hc;
using nlohmann::json;
using Catch::Contains;

namespace {

const Pack& hair_loss() {
    static const Pack p = load_pack(HC_PACK_DIR);
    return p;
}

// Every item of a FHIR or pack questionnaire by linkId.
std::map<std::string, json> by_link_id(const json& doc) {
    std::map<std::string, json> out;
    std::function<void(const json&)> walk = [&](const json& items) {
        for (const auto& i : items) {
            CHECK(out.count(i["linkId"].get<std::string>()) == 0);  // linkIds unique (que-2)
            out[i["linkId"].get<std::string>()] = i;
            if (i.contains("item")) walk(i["item"]);
        }
    };
    walk(doc["item"]);
    return out;
}

const json* extension(const json& item, const char* url) {
    if (!item.contains("extension")) return nullptr;
    for (const auto& e : item["extension"])
        if (e["url"] == url) return &e;
    return nullptr;
}

}  // namespace

TEST_CASE("FHIR Questionnaire: resource, canonical, items nested as in the pack", "[questionnaire][fhir]") {
    const json f = questionnaire_to_fhir(test::mini().questionnaire);
    CHECK(f["resourceType"] == "Questionnaire");
    CHECK(f["url"] == "https://hairconsult.example/Questionnaire/mini");
    CHECK(f["version"] == "1.0.0");
    CHECK(f["status"] == "active");
    CHECK(f["title"] == "Mini questionnaire");
    CHECK(f["subjectType"] == json::array({"Patient"}));
    CHECK(f["meta"]["profile"][0] == fhir_url::kSdcProfile);

    const json pack = test::read(test::mini_dir() / "questionnaire.json");
    const auto ours = by_link_id(pack);
    const auto theirs = by_link_id(f);
    for (const auto& [id, item] : ours) {
        INFO(id);
        REQUIRE(theirs.count(id) == 1);
        const json& t = theirs.at(id);
        CHECK(t["type"] == item["type"]);
        CHECK(t["text"] == item["text"]);
        CHECK(t.value("required", false) == item.value("required", false));
        CHECK(t.value("repeats", false) == item.value("repeats", false));
        // enableWhen and enableBehavior exactly as written (answerCoding gains a display).
        CHECK(t.contains("enableWhen") == item.contains("enableWhen"));
        if (item.contains("enableWhen")) {
            json ew = t["enableWhen"];
            for (auto& e : ew)
                if (e.contains("answerCoding")) e["answerCoding"].erase("display");
            CHECK(ew == item["enableWhen"]);
            CHECK(t.value("enableBehavior", "") == item.value("enableBehavior", ""));
        }
        // Our readable keys are gone; nothing but FHIR.
        for (const char* key : {"help", "shortText", "unit", "extension_min", "extension_max", "widget"}) CHECK_FALSE(t.contains(key));
        if (item.contains("answerOption")) {
            REQUIRE(t["answerOption"].size() == item["answerOption"].size());
            for (std::size_t i = 0; i < item["answerOption"].size(); ++i)
                CHECK(t["answerOption"][i]["valueCoding"] == item["answerOption"][i]["valueCoding"]);
        }
        // Children in the same order, after the help item if any.
        if (item.contains("item")) {
            std::vector<std::string> a, b;
            for (const auto& c : item["item"]) a.push_back(c["linkId"]);
            for (const auto& c : t["item"])
                if (c["linkId"] != help_link_id(id)) b.push_back(c["linkId"]);
            CHECK(a == b);
        }
    }
    // Only the help items are new.
    for (const auto& [id, item] : theirs)
        if (!ours.count(id)) CHECK(id.substr(id.size() - 5) == ".help");
}

TEST_CASE("FHIR Questionnaire: SDC and core extensions for unit, limits, short text, help", "[questionnaire][fhir]") {
    const auto items = by_link_id(questionnaire_to_fhir(test::mini().questionnaire));
    const json& age = items.at("age_years");
    REQUIRE(extension(age, fhir_url::kShortText));
    CHECK((*extension(age, fhir_url::kShortText))["valueString"] == "Age");
    REQUIRE(extension(age, fhir_url::kUnit));
    CHECK((*extension(age, fhir_url::kUnit))["valueCoding"] ==
          json({{"system", "http://unitsofmeasure.org"}, {"code", "a"}, {"display", "years"}}));
    CHECK((*extension(age, fhir_url::kMinValue))["valueInteger"] == 0);
    CHECK((*extension(age, fhir_url::kMaxValue))["valueInteger"] == 120);
    // A decimal item's limits are decimals; an open range has one limit only.
    const json& kg = items.at("weight_loss_kg");
    CHECK((*extension(kg, fhir_url::kMaxValue))["valueDecimal"] == 300.0);
    CHECK((*extension(kg, fhir_url::kUnit))["valueCoding"]["code"] == "kg");
    const json& dur = items.at("duration_months");
    CHECK((*extension(dur, fhir_url::kUnit))["valueCoding"]["code"] == "mo");
    CHECK(extension(dur, fhir_url::kMinValue));
    CHECK_FALSE(extension(dur, fhir_url::kMaxValue));
    CHECK_FALSE(extension(items.at("sex_at_birth"), fhir_url::kUnit));
    // Help: a display child with itemControl help, first among the children.
    REQUIRE(age.contains("item"));
    const json& help = age["item"][0];
    CHECK(help["linkId"] == "age_years.help");
    CHECK(help["type"] == "display");
    CHECK(help["text"] == "Age in whole years.");
    const json* ctl = extension(help, fhir_url::kItemControl);
    REQUIRE(ctl);
    CHECK((*ctl)["valueCodeableConcept"]["coding"][0]["system"] == "http://hl7.org/fhir/questionnaire-item-control");
    CHECK((*ctl)["valueCodeableConcept"]["coding"][0]["code"] == "help");
    CHECK_FALSE(items.at("sex_at_birth").contains("item"));  // no help, no children
    CHECK_FALSE(items.at("intro").contains("item"));         // display items have no children (que-1)
}

TEST_CASE("FHIR Questionnaire: option help joins the item's help", "[questionnaire][fhir]") {
    const auto& q = hair_loss().questionnaire;
    const auto items = by_link_id(questionnaire_to_fhir(q));
    const Item& sex = q.items[static_cast<std::size_t>(q.find("sex_at_birth"))];
    const AnswerOption* with_help = nullptr;
    for (const auto& o : sex.options)
        if (!o.help.empty()) with_help = &o;
    REQUIRE(with_help);
    const json& help = items.at("sex_at_birth.help");
    CHECK_THAT(help["text"].get<std::string>(), Contains(with_help->display + ": " + with_help->help));
    // Every linkId of the shipped pack is there, and nothing else but help items.
    for (const auto& it : q.items) CHECK(items.count(it.link_id) == 1);
}

TEST_CASE("questionnaire as text: pages, questions, enableWhen in words", "[questionnaire]") {
    const std::string t = questionnaire_to_text(test::mini().questionnaire);
    CHECK_THAT(t, Contains("https://hairconsult.example/Questionnaire/mini|1.0.0"));
    CHECK_THAT(t, Contains("Page 1: About the patient [page_about]"));
    CHECK_THAT(t, Contains("age_years (integer, required, 0..120 years): Age"));
    CHECK_THAT(t, Contains("shown when sex_at_birth is answered and sex_at_birth != male (Male)"));
    CHECK_THAT(t, Contains("shown when recent_triggers = rapid_weight_loss (Rapid weight loss) or glp1_agonist = semaglutide"));
    CHECK_THAT(t, Contains("recent_triggers (choice, several answers): Recent triggers"));
    CHECK_THAT(t, Contains("    - male: Male"));
}
