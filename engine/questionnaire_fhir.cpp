// FHIR R4 and text forms of the questionnaire (see questionnaire_fhir.h).
#include "engine/questionnaire_fhir.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace hc {

using nlohmann::json;

std::string help_link_id(const std::string& link_id) { return link_id + ".help"; }

namespace {

struct UcumUnit {
    const char* unit;  // as written in the pack
    const char* code;  // UCUM
};
constexpr UcumUnit kUcumUnits[] = {
    {"years", "a"}, {"year", "a"}, {"months", "mo"}, {"month", "mo"}, {"weeks", "wk"}, {"days", "d"},
    {"kg", "kg"},   {"g", "g"},    {"cm", "cm"},     {"mm", "mm"},    {"%", "%"},      {"mg", "mg"},
};

json unit_coding(const std::string& unit) {
    for (const auto& u : kUcumUnits)
        if (unit == u.unit) return {{"system", fhir_url::kUcum}, {"code", u.code}, {"display", unit}};
    return {{"display", unit}};  // not a UCUM unit we know: the words only
}

std::string number_text(double d) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", d);
    return buf;
}

json limit(const Item& it, const char* url, double v) {
    if (it.type == ItemType::Integer) return {{"url", url}, {"valueInteger", static_cast<std::int64_t>(std::llround(v))}};
    return {{"url", url}, {"valueDecimal", v}};
}

std::string help_text(const Item& it) {
    std::string text = it.help;
    for (const auto& o : it.options) {
        if (o.help.empty()) continue;
        if (!text.empty()) text += "\n";
        text += o.display + ": " + o.help;
    }
    return text;
}

json enable_when(const Questionnaire& q, const EnableWhen& ew) {
    json out{{"question", q.items[static_cast<std::size_t>(ew.question)].link_id}, {"operator", std::string(to_string(ew.op))}};
    using K = EnableWhen::Kind;
    switch (ew.kind) {
        case K::Boolean: out["answerBoolean"] = std::get<bool>(ew.answer); break;
        case K::Integer: out["answerInteger"] = std::get<std::int64_t>(ew.answer); break;
        case K::Decimal: out["answerDecimal"] = std::get<double>(ew.answer); break;
        case K::String: out["answerString"] = std::get<std::string>(ew.answer); break;
        case K::Date: out["answerDate"] = std::get<std::string>(ew.answer); break;
        case K::Coding: {
            const std::string& code = std::get<std::string>(ew.answer);
            json coding{{"code", code}};
            const Item& target = q.items[static_cast<std::size_t>(ew.question)];
            if (const int k = target.option_index(code); k >= 0)
                coding["display"] = target.options[static_cast<std::size_t>(k)].display;
            out["answerCoding"] = std::move(coding);
            break;
        }
    }
    return out;
}

json fhir_item(const Questionnaire& q, Slot s) {
    const Item& it = q.items[static_cast<std::size_t>(s)];
    json out{{"linkId", it.link_id}};
    if (!it.text.empty()) out["text"] = it.text;
    out["type"] = std::string(to_string(it.type));
    json ext = json::array();
    if (!it.short_text.empty()) ext.push_back({{"url", fhir_url::kShortText}, {"valueString", it.short_text}});
    if (!it.unit.empty()) ext.push_back({{"url", fhir_url::kUnit}, {"valueCoding", unit_coding(it.unit)}});
    if (it.min_value) ext.push_back(limit(it, fhir_url::kMinValue, *it.min_value));
    if (it.max_value) ext.push_back(limit(it, fhir_url::kMaxValue, *it.max_value));
    if (!ext.empty()) out["extension"] = std::move(ext);
    if (!it.enable_when.empty()) {
        json ews = json::array();
        for (const auto& ew : it.enable_when) ews.push_back(enable_when(q, ew));
        out["enableWhen"] = std::move(ews);
        if (it.enable_when.size() > 1) out["enableBehavior"] = it.enable_all ? "all" : "any";
    }
    if (it.required) out["required"] = true;
    if (it.repeats) out["repeats"] = true;
    if (!it.options.empty()) {
        json opts = json::array();
        for (const auto& o : it.options) opts.push_back({{"valueCoding", {{"code", o.code}, {"display", o.display}}}});
        out["answerOption"] = std::move(opts);
    }
    json kids = json::array();
    // Help first, as SDC renderers expect it among the item's children. A display item has no
    // children (que-1), so its help is left out.
    const std::string help = help_text(it);
    if (!help.empty() && it.type != ItemType::Display) {
        kids.push_back({{"linkId", help_link_id(it.link_id)},
                        {"text", help},
                        {"type", "display"},
                        {"extension", json::array({{{"url", fhir_url::kItemControl},
                                                    {"valueCodeableConcept",
                                                     {{"coding", json::array({{{"system", fhir_url::kItemControlSystem},
                                                                               {"code", "help"},
                                                                               {"display", "Help-Button"}}})}}}}})}});
    }
    for (Slot c : it.children) kids.push_back(fhir_item(q, c));
    if (!kids.empty()) out["item"] = std::move(kids);
    return out;
}

}  // namespace

json questionnaire_to_fhir(const Questionnaire& q) {
    json out{{"resourceType", "Questionnaire"}};
    if (!q.id.empty()) out["id"] = q.id;
    out["meta"] = {{"profile", json::array({fhir_url::kSdcProfile})}};
    out["url"] = q.url;
    if (!q.version.empty()) out["version"] = q.version;
    if (!q.name.empty()) out["name"] = q.name;
    out["title"] = q.title;
    out["status"] = q.status.empty() ? "unknown" : q.status;
    out["subjectType"] = json::array({"Patient"});
    if (!q.publisher.empty()) out["publisher"] = q.publisher;
    if (!q.description.empty()) out["description"] = q.description;
    json items = json::array();
    for (Slot p : q.pages) items.push_back(fhir_item(q, p));
    out["item"] = std::move(items);
    return out;
}

namespace {

std::string literal_text(const Questionnaire& q, const EnableWhen& ew) {
    if (const auto* b = std::get_if<bool>(&ew.answer)) return *b ? "true" : "false";
    if (const auto* i = std::get_if<std::int64_t>(&ew.answer)) return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&ew.answer)) return number_text(*d);
    const std::string& s = std::get<std::string>(ew.answer);
    if (ew.kind == EnableWhen::Kind::Coding) {
        const Item& t = q.items[static_cast<std::size_t>(ew.question)];
        const int k = t.option_index(s);
        return k < 0 ? s : s + " (" + t.options[static_cast<std::size_t>(k)].display + ")";
    }
    return "'" + s + "'";
}

std::string condition_text(const Questionnaire& q, const EnableWhen& ew) {
    const std::string& id = q.items[static_cast<std::size_t>(ew.question)].link_id;
    if (ew.op == EnableWhen::Op::Exists) return id + (std::get<bool>(ew.answer) ? " is answered" : " is not answered");
    return id + " " + std::string(to_string(ew.op)) + " " + literal_text(q, ew);
}

void item_text(const Questionnaire& q, Slot s, int depth, std::string& out) {
    const Item& it = q.items[static_cast<std::size_t>(s)];
    const std::string pad(static_cast<std::size_t>(depth) * 2, ' ');
    if (it.type == ItemType::Group && it.parent < 0) {
        out += (s == q.pages.front() ? "" : "\n");
        out += "Page " + std::to_string(it.page + 1) + ": " + it.text + " [" + it.link_id + "]\n";
    } else {
        out += pad + it.link_id + " (" + std::string(to_string(it.type));
        if (it.repeats) out += ", several answers";
        if (it.required) out += ", required";
        if (it.min_value || it.max_value) {
            out += ", ";
            out += it.min_value ? number_text(*it.min_value) : "";
            out += "..";
            out += it.max_value ? number_text(*it.max_value) : "";
        }
        if (!it.unit.empty()) out += " " + it.unit;
        out += "): " + it.text + "\n";
    }
    if (!it.enable_when.empty()) {
        std::string cond;
        const char* join = it.enable_all ? " and " : " or ";
        for (std::size_t i = 0; i < it.enable_when.size(); ++i) {
            if (i) cond += join;
            cond += condition_text(q, it.enable_when[i]);
        }
        out += pad + "    shown when " + cond + "\n";
    }
    for (const auto& o : it.options) out += pad + "    - " + o.code + ": " + o.display + "\n";
    for (Slot c : it.children) item_text(q, c, it.parent < 0 ? depth : depth + 1, out);
}

}  // namespace

std::string questionnaire_to_text(const Questionnaire& q) {
    std::string out = q.title + "\n" + q.url + (q.version.empty() ? "" : "|" + q.version) + "\n\n";
    for (Slot p : q.pages) item_text(q, p, 1, out);
    return out;
}

}  // namespace hc
