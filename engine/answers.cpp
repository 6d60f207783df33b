// Answers: every value is checked against its item on the way in, so everything downstream
// (conditions, results, the store) can trust the types.
#include "engine/answers.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>

#include "engine/internal/json_check.h"
#include "engine/json_input.h"

namespace hc {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxString = 10000;    // one-line answers
constexpr std::size_t kMaxText = 100000;     // free-text notes

const Item& item_at(const Questionnaire& q, Slot s) {
    if (s < 0 || static_cast<std::size_t>(s) >= q.items.size())
        throw AnswersError("", "no item at slot " + std::to_string(s));
    return q.items[static_cast<std::size_t>(s)];
}

[[noreturn]] void fail(const Item& it, const std::string& what) {
    throw AnswersError(it.link_id, "'" + it.link_id + "': " + what);
}

std::string codes_list(const Item& it) {
    std::string s;
    for (std::size_t i = 0; i < it.options.size() && i < 12; ++i) {
        if (i) s += ", ";
        s += it.options[i].code;
    }
    if (it.options.size() > 12) s += ", ...";
    return s;
}

std::string format_number(double d) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", d);
    return buf;
}

void check_range(const Item& it, double v) {
    if ((it.min_value && v < *it.min_value) || (it.max_value && v > *it.max_value)) {
        std::string range;
        if (it.min_value && it.max_value) range = format_number(*it.min_value) + " to " + format_number(*it.max_value);
        else if (it.min_value) range = "at least " + format_number(*it.min_value);
        else range = "at most " + format_number(*it.max_value);
        fail(it, format_number(v) + " is out of range (" + range + ")");
    }
}

bool valid_date(std::string_view s) {
    auto digits = [&](std::size_t from, std::size_t n) {
        for (std::size_t i = from; i < from + n; ++i)
            if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
        return true;
    };
    auto month_ok = [&] { return s.substr(5, 2) >= "01" && s.substr(5, 2) <= "12"; };
    if (s.size() == 4) return digits(0, 4);
    if (s.size() == 7) return digits(0, 4) && s[4] == '-' && digits(5, 2) && month_ok();
    if (s.size() == 10)
        return digits(0, 4) && s[4] == '-' && digits(5, 2) && s[7] == '-' && digits(8, 2) && month_ok() &&
               s.substr(8, 2) >= "01" && s.substr(8, 2) <= "31";
    return false;
}

const char* value_kind(const Value& v) {
    switch (v.index()) {
        case 1: return "true/false";
        case 2: return "a whole number";
        case 3: return "a decimal number";
        case 4: return "text";
        case 5: return "a list";
        default: return "nothing";
    }
}

// One enableWhen test on a question with no answer (or a disabled one). FHIR R4
// (QuestionnaireItemOperator): `exists` compares "an answer exists" with its boolean; `!=` is
// true when no answer equals the value, so it holds when there is no answer at all; `=` and
// the orderings need an answer that satisfies them, so they are false.
bool test_unanswered(const EnableWhen& ew) {
    using Op = EnableWhen::Op;
    if (ew.op == Op::Exists) return !std::get<bool>(ew.answer);
    return ew.op == Op::Ne;
}

// One enableWhen test on an answered question. `=` and the orderings hold when at least one
// answer satisfies them; `!=` when no answer equals the value (for a repeating item: the code
// is not among those chosen).
bool test_enable(const EnableWhen& ew, const Value& v) {
    using Op = EnableWhen::Op;
    auto order = [&](auto cmp) {  // cmp(<0,0,>0)
        switch (ew.op) {
            case Op::Eq: return cmp == 0;
            case Op::Ne: return cmp != 0;
            case Op::Gt: return cmp > 0;
            case Op::Lt: return cmp < 0;
            case Op::Ge: return cmp >= 0;
            case Op::Le: return cmp <= 0;
            case Op::Exists: return true;
        }
        return false;
    };
    if (ew.op == Op::Exists) return std::get<bool>(ew.answer);
    if (const auto* codes = std::get_if<Codes>(&v)) {
        const auto* code = std::get_if<std::string>(&ew.answer);
        if (!code) return false;
        const bool has = std::find(codes->begin(), codes->end(), *code) != codes->end();
        return ew.op == Op::Eq ? has : ew.op == Op::Ne ? !has : false;
    }
    if (const auto* b = std::get_if<bool>(&v)) {
        const auto* lit = std::get_if<bool>(&ew.answer);
        if (!lit) return false;
        return ew.op == Op::Eq ? *b == *lit : ew.op == Op::Ne ? *b != *lit : false;
    }
    if (const auto* s = std::get_if<std::string>(&v)) {
        const auto* lit = std::get_if<std::string>(&ew.answer);
        if (!lit) return false;
        const int c = s->compare(*lit);
        return order(c < 0 ? -1 : c > 0 ? 1 : 0);
    }
    double x = 0;
    if (const auto* i = std::get_if<std::int64_t>(&v)) x = static_cast<double>(*i);
    else if (const auto* d = std::get_if<double>(&v)) x = *d;
    else return false;
    double y = 0;
    if (const auto* i = std::get_if<std::int64_t>(&ew.answer)) y = static_cast<double>(*i);
    else if (const auto* d = std::get_if<double>(&ew.answer)) y = *d;
    else return false;
    return order(x < y ? -1 : x > y ? 1 : 0);
}

// QuestionnaireResponse.status, FHIR R4 (required binding).
bool is_response_status(const std::string& s) {
    return s == "in-progress" || s == "completed" || s == "amended" || s == "entered-in-error" || s == "stopped";
}

void check_size(const Questionnaire& q, const Answers& a) {
    if (a.size() != q.items.size())
        throw AnswersError("", "these answers were not made for this questionnaire (" + std::to_string(a.size()) +
                                   " slots, the questionnaire has " + std::to_string(q.items.size()) + " items)");
}

}  // namespace

nlohmann::json value_to_json(const Value& v) {
    switch (v.index()) {
        case 1: return std::get<bool>(v);
        case 2: return std::get<std::int64_t>(v);
        case 3: return std::get<double>(v);
        case 4: return std::get<std::string>(v);
        case 5: return std::get<Codes>(v);
        default: return nullptr;
    }
}

bool Answers::answered(Slot s) const {
    const Value& v = get(s);
    if (std::holds_alternative<std::monostate>(v)) return false;
    if (const auto* c = std::get_if<Codes>(&v)) return !c->empty();
    return true;
}

void Answers::set(const Questionnaire& q, Slot s, Value v) {
    const Item& it = item_at(q, s);
    if (values_.size() != q.items.size()) values_.resize(q.items.size());
    auto& slot = values_[static_cast<std::size_t>(s)];
    if (std::holds_alternative<std::monostate>(v)) {
        slot = std::monostate{};
        return;
    }
    if (!it.is_answerable()) fail(it, "a " + std::string(to_string(it.type)) + " item takes no answer");
    auto wrong = [&](const char* expected) {
        fail(it, std::string("expects ") + expected + ", got " + value_kind(v));
    };
    switch (it.type) {
        case ItemType::Boolean:
            if (!std::holds_alternative<bool>(v)) wrong("true or false");
            break;
        case ItemType::Integer:
            if (!std::holds_alternative<std::int64_t>(v)) wrong("a whole number");
            check_range(it, static_cast<double>(std::get<std::int64_t>(v)));
            break;
        case ItemType::Decimal:
            if (const auto* i = std::get_if<std::int64_t>(&v)) v = static_cast<double>(*i);
            if (!std::holds_alternative<double>(v)) wrong("a number");
            if (!std::isfinite(std::get<double>(v))) fail(it, "the number is not finite");
            check_range(it, std::get<double>(v));
            break;
        case ItemType::Date:
            if (!std::holds_alternative<std::string>(v)) wrong("a date (YYYY-MM-DD)");
            if (!valid_date(std::get<std::string>(v)))
                fail(it, "'" + std::get<std::string>(v) + "' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
            break;
        case ItemType::String:
        case ItemType::Text:
        case ItemType::OpenChoice: {
            if (!std::holds_alternative<std::string>(v)) wrong("text");
            const auto& str = std::get<std::string>(v);
            if (has_forbidden_control(str)) fail(it, "the text contains a control character");
            const std::size_t cap = it.type == ItemType::Text ? kMaxText : kMaxString;
            if (str.size() > cap) fail(it, "the text is longer than " + std::to_string(cap) + " bytes");
            if (str.empty()) {
                slot = std::monostate{};
                return;
            }
            break;
        }
        case ItemType::Choice: {
            if (!it.repeats) {
                if (auto* c = std::get_if<Codes>(&v)) {
                    if (c->size() > 1)
                        fail(it, "only one answer is allowed, got " + std::to_string(c->size()));
                    if (c->empty()) {
                        slot = std::monostate{};
                        return;
                    }
                    v = std::string((*c)[0]);
                }
                if (!std::holds_alternative<std::string>(v)) wrong("a code");
                const auto& code = std::get<std::string>(v);
                if (it.option_index(code) < 0) fail(it, "code '" + code + "' is not offered (" + codes_list(it) + ")");
                break;
            }
            if (auto* one = std::get_if<std::string>(&v)) v = Codes{*one};
            if (!std::holds_alternative<Codes>(v)) wrong("a list of codes");
            const auto& codes = std::get<Codes>(v);
            // Store in option order without repeats, so equal answers compare equal.
            std::vector<char> seen(it.options.size(), 0);
            for (const auto& code : codes) {
                const int k = it.option_index(code);
                if (k < 0) fail(it, "code '" + code + "' is not offered (" + codes_list(it) + ")");
                seen[static_cast<std::size_t>(k)] = 1;
            }
            Codes ordered;
            for (std::size_t k = 0; k < it.options.size(); ++k)
                if (seen[k]) ordered.push_back(it.options[k].code);
            if (ordered.empty()) {
                slot = std::monostate{};
                return;
            }
            v = std::move(ordered);
            break;
        }
        case ItemType::Group:
        case ItemType::Display: break;
    }
    slot = std::move(v);
}

namespace {

// One JSON value for an item, as written in a plain answers file.
Value value_from_json(const Item& it, const json& j) {
    if (j.is_null()) return std::monostate{};
    auto wrong = [&](const char* expected) -> Value {
        fail(it, std::string("expects ") + expected + ", got " + detail::type_name(j));
    };
    switch (it.type) {
        case ItemType::Boolean:
            if (!j.is_boolean()) return wrong("true or false");
            return j.get<bool>();
        case ItemType::Integer:
            if (j.is_number_unsigned() && j.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
                fail(it, "the number is out of range");
            if (!j.is_number_integer()) return wrong("a whole number");
            return j.get<std::int64_t>();
        case ItemType::Decimal:
            if (!j.is_number()) return wrong("a number");
            return j.get<double>();
        case ItemType::Choice:
            if (j.is_array()) {
                Codes c;
                for (const auto& e : j) {
                    if (!e.is_string()) fail(it, std::string("expects codes (strings) in the list, got ") + detail::type_name(e));
                    c.push_back(e.get<std::string>());
                }
                if (!it.repeats && c.size() > 1)
                    fail(it, "several values (" + std::to_string(c.size()) + ") for a single choice");
                return c;
            }
            if (!j.is_string()) return wrong(it.repeats ? "a list of codes" : "a code");
            return j.get<std::string>();
        default:
            if (!j.is_string()) return wrong(it.type == ItemType::Date ? "a date string" : "a string");
            return j.get<std::string>();
    }
}


// One FHIR answer[] entry -> a Value for the item; `codes` gathers repeats.
Value fhir_answer(const Item& it, const json& ans) {
    if (!ans.is_object()) fail(it, "each answer must be an object");
    const json* val = nullptr;
    std::string key;
    for (auto e = ans.begin(); e != ans.end(); ++e) {
        if (e.key().rfind("value", 0) == 0) {
            if (val) fail(it, "an answer has more than one value[x]");
            val = &e.value();
            key = e.key();
        } else if (e.key() == "item") {
            fail(it, "items nested under an answer are not supported");
        }
    }
    if (!val) fail(it, "an answer has no value[x]");
    const json& j = *val;
    if (key == "valueCoding") {
        if (!j.is_object() || !j.contains("code") || !j["code"].is_string())
            fail(it, "valueCoding needs a code");
        if (it.type != ItemType::Choice && it.type != ItemType::OpenChoice)
            fail(it, "a " + std::string(to_string(it.type)) + " item cannot take valueCoding");
        return j["code"].get<std::string>();
    }
    if (key == "valueBoolean" && it.type == ItemType::Boolean) return value_from_json(it, j);
    if (key == "valueInteger" && (it.type == ItemType::Integer || it.type == ItemType::Decimal)) return value_from_json(it, j);
    if (key == "valueDecimal" && it.type == ItemType::Decimal) return value_from_json(it, j);
    if (key == "valueDate" && it.type == ItemType::Date) return value_from_json(it, j);
    if (key == "valueString" && (it.type == ItemType::String || it.type == ItemType::Text || it.type == ItemType::OpenChoice))
        return value_from_json(it, j);
    fail(it, "a " + std::string(to_string(it.type)) + " item cannot take " + key);
}

// The help display item a FHIR form gives `parent` ("<linkId>.help", see questionnaire_fhir.h);
// another tool may echo it, without an answer, in its response.
bool is_help_item(const Questionnaire& q, const std::string& id, Slot parent) {
    const std::string suffix = ".help";
    if (id.size() <= suffix.size() || id.compare(id.size() - suffix.size(), suffix.size(), suffix) != 0) return false;
    const Slot base = q.find(std::string_view(id).substr(0, id.size() - suffix.size()));
    return base >= 0 && (base == parent || q.items[static_cast<std::size_t>(base)].parent == parent);
}

// One level of a response's items; `parent` is the group they sit in (-1: the top level).
// FHIR R4: the response nests items as the questionnaire does, an item holds answers or items
// but not both (qrs-1), and each question appears once with all its answers (qrs-2).
void fhir_items(const Questionnaire& q, const json& items, Slot parent, Answers& a, std::vector<char>& seen) {
    if (!items.is_array()) throw AnswersError("", "QuestionnaireResponse: 'item' must be an array");
    for (const auto& e : items) {
        if (!e.is_object() || !e.contains("linkId") || !e["linkId"].is_string())
            throw AnswersError("", "QuestionnaireResponse: every item needs a linkId");
        const std::string& id = e["linkId"].get_ref<const std::string&>();
        const Slot s = q.find(id);
        if (s < 0) {
            if (is_help_item(q, id, parent) && !e.contains("answer") && !e.contains("item")) continue;
            throw AnswersError(id, "unknown linkId '" + id + "'");
        }
        const Item& it = q.items[static_cast<std::size_t>(s)];
        if (it.parent != parent) {
            const std::string where = it.parent < 0 ? "at the top level"
                                                    : "in group '" + q.items[static_cast<std::size_t>(it.parent)].link_id + "'";
            const std::string here = parent < 0 ? "at the top level"
                                                : "in group '" + q.items[static_cast<std::size_t>(parent)].link_id + "'";
            fail(it, "belongs " + where + ", not " + here +
                         " (a QuestionnaireResponse nests items as the questionnaire does)");
        }
        if (seen[static_cast<std::size_t>(s)]) fail(it, "appears more than once");
        seen[static_cast<std::size_t>(s)] = 1;
        if (e.contains("item") && e.contains("answer")) fail(it, "an item cannot hold both answers and items (FHIR qrs-1)");
        if (auto sub = e.find("item"); sub != e.end()) {
            if (it.type != ItemType::Group) fail(it, "items nested under a question are not supported");
            fhir_items(q, *sub, s, a, seen);
        }
        auto ans = e.find("answer");
        if (ans == e.end()) continue;
        if (!ans->is_array()) fail(it, "'answer' must be an array");
        if (!it.is_answerable()) {
            if (!ans->empty()) fail(it, "a " + std::string(to_string(it.type)) + " item takes no answer");
            continue;
        }
        if (ans->size() > 1 && !it.repeats) fail(it, "several values (" + std::to_string(ans->size()) + ") for a single choice");
        if (it.repeats) {
            Codes c;
            for (const auto& x : *ans) c.push_back(std::get<std::string>(fhir_answer(it, x)));
            a.set(q, s, std::move(c));
        } else if (!ans->empty()) {
            a.set(q, s, fhir_answer(it, (*ans)[0]));
        }
    }
}

// "none" in a multi-select means none of the others: beside another code the file contradicts
// itself (a hand edit or a generator bug), and the rules would see both.
const Answers& refuse_none_with_others(const Questionnaire& q, const Answers& a) {
    for (std::size_t i = 0; i < q.items.size(); ++i) {
        const Item& it = q.items[i];
        if (it.type != ItemType::Choice || !it.repeats) continue;
        const auto* codes = std::get_if<Codes>(&a.get(static_cast<Slot>(i)));
        if (codes && codes->size() > 1 && std::find(codes->begin(), codes->end(), "none") != codes->end())
            fail(it, "'none' cannot be given together with other answers");
    }
    return a;
}

}  // namespace

Answers answers_from_json(const Questionnaire& q, const json& doc) {
    if (!doc.is_object())
        throw AnswersError("", "answers must be a JSON object {linkId: value} or a FHIR QuestionnaireResponse");
    Answers a(q);
    if (auto rt = doc.find("resourceType"); rt != doc.end()) {
        if (*rt != "QuestionnaireResponse")
            throw AnswersError("", "resourceType must be 'QuestionnaireResponse' (or give a plain {linkId: value} object)");
        const auto st = doc.find("status");
        if (st == doc.end() || !st->is_string() || !is_response_status(st->get_ref<const std::string&>()))
            throw AnswersError("", "QuestionnaireResponse: status must be in-progress, completed, amended, entered-in-error "
                                   "or stopped (FHIR R4)");
        if (auto qu = doc.find("questionnaire"); qu != doc.end() && qu->is_string() && !q.url.empty()) {
            std::string url = qu->get<std::string>();
            url = url.substr(0, url.find('|'));
            if (url != q.url)
                throw AnswersError("", "this QuestionnaireResponse answers '" + url + "', not '" + q.url + "'");
            // Another version of the questionnaire may share linkIds but not their meaning.
            const std::string full = qu->get<std::string>();
            const auto bar = full.find('|');
            if (bar != std::string::npos && !q.version.empty() && full.substr(bar + 1) != q.version)
                throw AnswersError("", "this QuestionnaireResponse answers version " + full.substr(bar + 1) +
                                           " of the questionnaire; this pack has version " + q.version);
        }
        std::vector<char> seen(q.items.size(), 0);
        if (auto items = doc.find("item"); items != doc.end()) fhir_items(q, *items, -1, a, seen);
        return refuse_none_with_others(q, a);
    }
    for (auto e = doc.begin(); e != doc.end(); ++e) {
        const Slot s = q.find(e.key());
        if (s < 0) throw AnswersError(e.key(), "unknown linkId '" + e.key() + "'");
        const Item& it = q.items[static_cast<std::size_t>(s)];
        if (!it.is_answerable()) {
            if (e.value().is_null()) continue;
            fail(it, "a " + std::string(to_string(it.type)) + " item takes no answer");
        }
        a.set(q, s, value_from_json(it, e.value()));
    }
    return refuse_none_with_others(q, a);
}

json answers_to_json(const Questionnaire& q, const Answers& a) {
    check_size(q, a);
    json out = json::object();
    for (std::size_t i = 0; i < q.items.size(); ++i)
        if (a.answered(static_cast<Slot>(i))) out[q.items[i].link_id] = value_to_json(a.get(static_cast<Slot>(i)));
    return out;
}

namespace {

json fhir_value(const Item& it, const Value& v) {
    json arr = json::array();
    auto coding = [&](const std::string& code) {
        const int k = it.option_index(code);
        if (k < 0) return json{{"valueString", code}};  // open-choice free text
        return json{{"valueCoding", {{"code", code}, {"display", it.options[static_cast<std::size_t>(k)].display}}}};
    };
    switch (it.type) {
        case ItemType::Boolean: arr.push_back({{"valueBoolean", std::get<bool>(v)}}); break;
        case ItemType::Integer: arr.push_back({{"valueInteger", std::get<std::int64_t>(v)}}); break;
        case ItemType::Decimal: arr.push_back({{"valueDecimal", std::get<double>(v)}}); break;
        case ItemType::Date: arr.push_back({{"valueDate", std::get<std::string>(v)}}); break;
        case ItemType::String:
        case ItemType::Text: arr.push_back({{"valueString", std::get<std::string>(v)}}); break;
        case ItemType::Choice:
        case ItemType::OpenChoice:
            if (const auto* c = std::get_if<Codes>(&v))
                for (const auto& code : *c) arr.push_back(coding(code));
            else
                arr.push_back(coding(std::get<std::string>(v)));
            break;
        default: break;
    }
    return arr;
}

// The item and its answered descendants; null when nothing below it is answered.
json fhir_item(const Questionnaire& q, const Answers& a, Slot s) {
    const Item& it = q.items[static_cast<std::size_t>(s)];
    json out{{"linkId", it.link_id}};
    if (!it.text.empty()) out["text"] = it.text;
    if (it.type == ItemType::Group) {
        json kids = json::array();
        for (Slot c : it.children) {
            json k = fhir_item(q, a, c);
            if (!k.is_null()) kids.push_back(std::move(k));
        }
        if (kids.empty()) return nullptr;
        out["item"] = std::move(kids);
        return out;
    }
    if (!it.is_answerable() || !a.answered(s)) return nullptr;
    out["answer"] = fhir_value(it, a.get(s));
    return out;
}

}  // namespace

json answers_to_fhir(const Questionnaire& q, const Answers& a, const std::string& status) {
    check_size(q, a);
    if (!is_response_status(status))
        throw AnswersError("", "QuestionnaireResponse status must be in-progress, completed, amended, entered-in-error or "
                               "stopped, not '" + status + "'");
    json out{{"resourceType", "QuestionnaireResponse"}, {"status", status}};
    if (!q.url.empty()) out["questionnaire"] = q.version.empty() ? q.url : q.url + "|" + q.version;
    json items = json::array();
    for (std::size_t i = 0; i < q.items.size(); ++i) {
        if (q.items[i].parent >= 0) continue;
        json k = fhir_item(q, a, static_cast<Slot>(i));
        if (!k.is_null()) items.push_back(std::move(k));
    }
    if (!items.empty()) out["item"] = std::move(items);  // FHIR JSON has no empty arrays
    return out;
}

std::string display_value(const Questionnaire& q, Slot s, const Value& v) {
    const Item& it = item_at(q, s);
    auto code_display = [&](const std::string& code) {
        const int k = it.option_index(code);
        return k < 0 ? code : it.options[static_cast<std::size_t>(k)].display;
    };
    auto with_unit = [&](std::string n) { return it.unit.empty() ? n : n + " " + it.unit; };
    switch (v.index()) {
        case 1: return std::get<bool>(v) ? "yes" : "no";
        case 2: return with_unit(std::to_string(std::get<std::int64_t>(v)));
        case 3: return with_unit(format_number(std::get<double>(v)));
        case 4:
            return (it.type == ItemType::Choice || it.type == ItemType::OpenChoice) ? code_display(std::get<std::string>(v))
                                                                                    : std::get<std::string>(v);
        case 5: {
            std::string out;
            for (const auto& c : std::get<Codes>(v)) {
                if (!out.empty()) out += ", ";
                out += code_display(c);
            }
            return out;
        }
        default: return "";
    }
}

std::vector<bool> enabled_items(const Questionnaire& q, const Answers& a) {
    check_size(q, a);
    const std::size_t n = q.items.size();
    std::vector<bool> en(n, true);
    // One pass in document order settles every enableWhen that looks back; an enableWhen on a
    // later item may need another pass. The loader refuses cycles, so this stops within n passes.
    for (std::size_t pass = 0; pass <= n; ++pass) {
        bool changed = false, looks_ahead = false;
        for (std::size_t i = 0; i < n; ++i) {
            const Item& it = q.items[i];
            bool e = it.parent < 0 || en[static_cast<std::size_t>(it.parent)];
            if (e && !it.enable_when.empty()) {
                bool acc = it.enable_all;
                for (const auto& ew : it.enable_when) {
                    const auto qs = static_cast<std::size_t>(ew.question);
                    looks_ahead = looks_ahead || qs >= i;
                    // FHIR R4: a question that is disabled counts as not valued.
                    const bool present = en[qs] && a.answered(ew.question);
                    const bool t = present ? test_enable(ew, a.get(ew.question)) : test_unanswered(ew);
                    if (it.enable_all && !t) { acc = false; break; }
                    if (!it.enable_all && t) { acc = true; break; }
                }
                e = acc;
            }
            if (en[i] != e) {
                en[i] = e;
                changed = true;
            }
        }
        // Without an enableWhen on a later item, one pass in document order is final.
        if (!changed || !looks_ahead) break;
    }
    return en;
}

Effective effective_answers(const Questionnaire& q, const Answers& a) {
    const auto en = enabled_items(q, a);
    Effective out{a, {}};
    for (std::size_t i = 0; i < q.items.size(); ++i) {
        if (!en[i] && a.answered(static_cast<Slot>(i))) {
            out.answers.clear(static_cast<Slot>(i));
            out.dropped.push_back(q.items[i].link_id);
        }
    }
    return out;
}

Completeness complete(const Questionnaire& q, const Answers& a) {
    const auto en = enabled_items(q, a);
    Completeness c;
    for (std::size_t i = 0; i < q.items.size(); ++i) {
        const Item& it = q.items[i];
        if (en[i] && it.required && it.is_answerable() && !a.answered(static_cast<Slot>(i)))
            c.unanswered_required.push_back(it.link_id);
    }
    c.complete = c.unanswered_required.empty();
    return c;
}

Answers answers_from_file_document(const Questionnaire& q, const nlohmann::json& doc) {
    if (doc.is_object() && !doc.contains("resourceType") && q.find("answers") < 0) {
        const auto it = doc.find("answers");
        if (it != doc.end() && it->is_object()) return answers_from_json(q, *it);
    }
    return answers_from_json(q, doc);
}

}  // namespace hc
