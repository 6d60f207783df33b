// Loads the FHIR-Questionnaire subset of docs/pack-format.md into a flat item list. Every
// problem is collected with its JSON path; a questionnaire that loads has unique linkIds,
// resolved enableWhen references and no enableWhen cycles.
#include "engine/questionnaire.h"

#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>

#include "engine/internal/json_check.h"

namespace hc {

using nlohmann::json;
using detail::ptr;

std::string_view to_string(ItemType t) {
    switch (t) {
        case ItemType::Group: return "group";
        case ItemType::Display: return "display";
        case ItemType::Boolean: return "boolean";
        case ItemType::Choice: return "choice";
        case ItemType::OpenChoice: return "open-choice";
        case ItemType::Integer: return "integer";
        case ItemType::Decimal: return "decimal";
        case ItemType::Date: return "date";
        case ItemType::String: return "string";
        case ItemType::Text: return "text";
    }
    return "display";
}

std::string_view to_string(EnableWhen::Op op) {
    switch (op) {
        case EnableWhen::Op::Exists: return "exists";
        case EnableWhen::Op::Eq: return "=";
        case EnableWhen::Op::Ne: return "!=";
        case EnableWhen::Op::Gt: return ">";
        case EnableWhen::Op::Lt: return "<";
        case EnableWhen::Op::Ge: return ">=";
        case EnableWhen::Op::Le: return "<=";
    }
    return "=";
}

int Item::option_index(std::string_view code) const {
    for (std::size_t i = 0; i < options.size(); ++i)
        if (options[i].code == code) return static_cast<int>(i);
    return -1;
}

Slot Questionnaire::find(std::string_view link_id) const {
    for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i].link_id == link_id) return static_cast<Slot>(i);
    return -1;
}

namespace {

bool type_from_string(std::string_view s, ItemType& out) {
    for (ItemType t : {ItemType::Group, ItemType::Display, ItemType::Boolean, ItemType::Choice, ItemType::OpenChoice,
                       ItemType::Integer, ItemType::Decimal, ItemType::Date, ItemType::String, ItemType::Text}) {
        if (to_string(t) == s) {
            out = t;
            return true;
        }
    }
    return false;
}

bool is_numeric(ItemType t) { return t == ItemType::Integer || t == ItemType::Decimal; }

// FHIR date: YYYY, YYYY-MM or YYYY-MM-DD.
bool is_fhir_date(std::string_view s) {
    auto digits = [&](std::size_t from, std::size_t n) {
        for (std::size_t i = from; i < from + n; ++i)
            if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
        return true;
    };
    if (s.size() == 4) return digits(0, 4);
    if (s.size() == 7) return digits(0, 4) && s[4] == '-' && digits(5, 2) && s.substr(5, 2) >= "01" && s.substr(5, 2) <= "12";
    if (s.size() == 10)
        return digits(0, 4) && s[4] == '-' && digits(5, 2) && s[7] == '-' && digits(8, 2) && s.substr(5, 2) >= "01" &&
               s.substr(5, 2) <= "12" && s.substr(8, 2) >= "01" && s.substr(8, 2) <= "31";
    return false;
}

struct Loader {
    detail::Checker& ck;
    Questionnaire& q;
    std::vector<std::string> paths;          // JSON pointer of each slot
    std::vector<const json*> enable_json;    // raw enableWhen array per slot (or nullptr)

    void item(const json& j, const std::string& path, Slot parent, int page) {
        if (!ck.is_object(j, path)) return;
        ck.keys(j, path,
                {"linkId", "type", "text", "item", "answerOption", "required", "repeats", "enableWhen",
                 "enableBehavior", "help", "shortText", "unit", "extension_min", "extension_max", "widget"},
                {"readOnly", "initial", "answerValueSet", "maxLength", "code", "definition", "prefix", "extension",
                 "modifierExtension", "id", "enableWhenExpression", "answerExpression"});
        const Slot slot = static_cast<Slot>(q.items.size());
        q.items.emplace_back();
        paths.push_back(path);
        enable_json.push_back(nullptr);
        Item it;
        it.parent = parent;
        it.page = page;
        it.link_id = ck.str(j, "linkId", path, true);
        if (!it.link_id.empty()) {
            if (!detail::is_identifier(it.link_id))
                ck.add(ptr(path, "linkId"), "linkId '" + it.link_id +
                                                "' must start with a letter or '_' and hold only letters, digits, "
                                                "'_', '.', '-' (it is used in rule conditions)");
            else if (detail::is_keyword(it.link_id))
                ck.add(ptr(path, "linkId"), "linkId '" + it.link_id + "' is a word of the condition language");
        }
        const std::string type = ck.str(j, "type", path, true);
        bool type_ok = false;
        if (!type.empty()) {
            type_ok = type_from_string(type, it.type);
            if (!type_ok) ck.add(ptr(path, "type"), "unknown type '" + type + "'");
        }
        it.text = ck.str(j, "text", path, true);
        it.help = ck.str(j, "help", path, false);
        it.short_text = ck.str(j, "shortText", path, false);
        it.widget = ck.str(j, "widget", path, false);
        it.required = ck.boolean(j, "required", path, false);
        it.repeats = ck.boolean(j, "repeats", path, false);
        const bool answerable = type_ok && it.is_answerable();

        if (parent < 0 && type_ok && it.type != ItemType::Group)
            ck.add(path, "top-level items must be groups (each group is one page)");
        if (type_ok && !answerable && j.contains("required") && it.required)
            ck.add(ptr(path, "required"), std::string("a ") + std::string(to_string(it.type)) +
                                              " item cannot be required (FHIR que-6)");
        if (type_ok && j.contains("repeats") && it.repeats && it.type != ItemType::Choice)
            ck.add(ptr(path, "repeats"), it.type == ItemType::Display || it.type == ItemType::Group
                                             ? "a display or group item cannot repeat (FHIR que-6)"
                                             : "repeats is only supported for choice items");

        // Options: only choice and open-choice (FHIR que-5); choice needs at least one.
        if (const json* opts = ck.array(j, "answerOption", path, false)) {
            if (type_ok && it.type != ItemType::Choice && it.type != ItemType::OpenChoice)
                ck.add(ptr(path, "answerOption"), "only choice and open-choice items can have answerOption (FHIR que-5)");
            for (std::size_t i = 0; i < opts->size(); ++i) option(it, (*opts)[i], ptr(ptr(path, "answerOption"), i));
        }
        if (type_ok && it.type == ItemType::Choice && it.options.empty())
            ck.add(path, "choice item '" + it.link_id + "' has no answerOption");

        // Numeric range and unit.
        for (const char* key : {"extension_min", "extension_max"}) {
            auto f = j.find(key);
            if (f == j.end()) continue;
            if (type_ok && !is_numeric(it.type)) {
                ck.add(ptr(path, key), std::string(key) + " is only for integer and decimal items");
                continue;
            }
            if (!f->is_number() || (it.type == ItemType::Integer && !f->is_number_integer())) {
                ck.add(ptr(path, key), it.type == ItemType::Integer ? "must be a whole number" : "must be a number");
                continue;
            }
            (std::string_view(key) == "extension_min" ? it.min_value : it.max_value) = f->get<double>();
        }
        if (it.min_value && it.max_value && *it.min_value > *it.max_value)
            ck.add(ptr(path, "extension_min"), "extension_min is greater than extension_max");
        it.unit = ck.str(j, "unit", path, false);
        if (!it.unit.empty() && type_ok && !is_numeric(it.type))
            ck.add(ptr(path, "unit"), "unit is only for integer and decimal items");

        // enableWhen is resolved once every linkId is known.
        if (const json* ew = ck.array(j, "enableWhen", path, false)) {
            if (ew->empty()) ck.add(ptr(path, "enableWhen"), "must not be empty");
            enable_json[static_cast<std::size_t>(slot)] = ew;
        }
        if (auto eb = j.find("enableBehavior"); eb != j.end()) {
            if (!eb->is_string() || (*eb != "all" && *eb != "any"))
                ck.add(ptr(path, "enableBehavior"), "must be 'all' or 'any'");
            else
                it.enable_all = *eb == "all";
        } else if (j.contains("enableWhen") && j["enableWhen"].is_array() && j["enableWhen"].size() > 1) {
            ck.add(path, "enableBehavior is required when there is more than one enableWhen (FHIR que-12)");
        }

        q.items[static_cast<std::size_t>(slot)] = std::move(it);
        const ItemType t = q.items[static_cast<std::size_t>(slot)].type;
        if (parent < 0 && type_ok && t == ItemType::Group) {
            page = static_cast<int>(q.pages.size());
            q.pages.push_back(slot);
            q.items[static_cast<std::size_t>(slot)].page = page;
        }

        // Children (FHIR que-1: groups have items, display items have none).
        const json* kids = ck.array(j, "item", path, false);
        if (type_ok && t == ItemType::Group && (!kids || kids->empty()))
            ck.add(path, "group '" + q.items[static_cast<std::size_t>(slot)].link_id + "' has no items (FHIR que-1)");
        if (kids && !kids->empty() && type_ok && t != ItemType::Group) {
            ck.add(ptr(path, "item"), t == ItemType::Display ? "display items cannot have nested items (FHIR que-1)"
                                                             : "items nested under a question are not supported");
            return;
        }
        if (kids) {
            for (std::size_t i = 0; i < kids->size(); ++i) {
                const Slot child = static_cast<Slot>(q.items.size());
                q.items[static_cast<std::size_t>(slot)].children.push_back(child);
                item((*kids)[i], ptr(ptr(path, "item"), i), slot, page);
            }
        }
    }

    void option(Item& it, const json& o, const std::string& path) {
        if (!ck.is_object(o, path)) return;
        ck.keys(o, path, {"valueCoding", "help"},
                {"valueInteger", "valueDate", "valueTime", "valueString", "valueReference", "initialSelected",
                 "extension"});
        AnswerOption ao;
        ao.help = ck.str(o, "help", path, false);
        auto vc = o.find("valueCoding");
        if (vc == o.end()) {
            ck.add(path, "missing 'valueCoding'");
            return;
        }
        const std::string vpath = ptr(path, "valueCoding");
        if (!ck.is_object(*vc, vpath)) return;
        ck.keys(*vc, vpath, {"code", "display", "system"}, {"version", "userSelected"});
        ao.code = ck.str(*vc, "code", vpath, true);
        ao.display = ck.str(*vc, "display", vpath, true);
        if (ao.code.empty()) return;
        if (it.option_index(ao.code) >= 0) {
            ck.add(ptr(vpath, "code"), "duplicate code '" + ao.code + "' in item '" + it.link_id + "'");
            return;
        }
        it.options.push_back(std::move(ao));
    }

    // Resolves one enableWhen entry against the (now complete) item list.
    void enable_when(Slot slot, const json& e, const std::string& path) {
        Item& it = q.items[static_cast<std::size_t>(slot)];
        if (!ck.is_object(e, path)) return;
        ck.keys(e, path,
                {"question", "operator", "answerBoolean", "answerInteger", "answerDecimal", "answerString",
                 "answerDate", "answerCoding"},
                {"answerDateTime", "answerTime", "answerQuantity", "answerReference"});
        EnableWhen ew;
        const std::string qid = ck.str(e, "question", path, true);
        const std::string op = ck.str(e, "operator", path, true);
        bool ok = !qid.empty() && !op.empty();
        static const std::pair<const char*, EnableWhen::Op> ops[] = {
            {"exists", EnableWhen::Op::Exists}, {"=", EnableWhen::Op::Eq}, {"!=", EnableWhen::Op::Ne},
            {">", EnableWhen::Op::Gt},          {"<", EnableWhen::Op::Lt}, {">=", EnableWhen::Op::Ge},
            {"<=", EnableWhen::Op::Le}};
        if (!op.empty()) {
            bool found = false;
            for (const auto& [name, o] : ops)
                if (op == name) {
                    ew.op = o;
                    found = true;
                }
            if (!found) {
                ck.add(ptr(path, "operator"), "unknown operator '" + op + "' (exists, =, !=, >, <, >=, <=)");
                ok = false;
            }
        }
        const Item* target = nullptr;
        if (!qid.empty()) {
            ew.question = q.find(qid);
            if (ew.question < 0) {
                ck.add(ptr(path, "question"), "enableWhen refers to unknown item '" + qid + "'");
                ok = false;
            } else if (ew.question == slot) {
                ck.add(ptr(path, "question"), "item '" + qid + "' cannot depend on itself");
                ok = false;
            } else {
                target = &q.items[static_cast<std::size_t>(ew.question)];
                if (!target->is_answerable()) {
                    ck.add(ptr(path, "question"), "enableWhen refers to '" + qid + "', a " +
                                                      std::string(to_string(target->type)) + " item with no answer");
                    ok = false;
                }
            }
        }
        // Exactly one answer[x].
        const char* answer_key = nullptr;
        int count = 0;
        for (const char* k : {"answerBoolean", "answerInteger", "answerDecimal", "answerString", "answerDate",
                              "answerCoding"}) {
            if (e.contains(k)) {
                ++count;
                answer_key = k;
            }
        }
        if (count != 1) {
            ck.add(path, count == 0 ? "enableWhen needs one answer (answerBoolean, answerCoding, ...)"
                                    : "enableWhen has more than one answer[x]");
            return;
        }
        const json& a = e[answer_key];
        const std::string apath = ptr(path, answer_key);
        const std::string_view key(answer_key);
        if (ok && ew.op == EnableWhen::Op::Exists && key != "answerBoolean") {
            ck.add(apath, "operator 'exists' needs answerBoolean (FHIR que-7)");
            return;
        }
        // Decode the literal.
        using K = EnableWhen::Kind;
        ew.kind = key == "answerBoolean" ? K::Boolean : key == "answerInteger" ? K::Integer
                : key == "answerDecimal" ? K::Decimal : key == "answerString" ? K::String
                : key == "answerDate"    ? K::Date : K::Coding;
        if (key == "answerBoolean") {
            if (!a.is_boolean()) return ck.add(apath, "must be true or false");
            ew.answer = a.get<bool>();
        } else if (key == "answerInteger") {
            if (!a.is_number_integer()) return ck.add(apath, "must be a whole number");
            ew.answer = a.get<std::int64_t>();
        } else if (key == "answerDecimal") {
            if (!a.is_number()) return ck.add(apath, "must be a number");
            ew.answer = a.get<double>();
        } else if (key == "answerString") {
            if (!a.is_string()) return ck.add(apath, "must be a string");
            ew.answer = a.get<std::string>();
        } else if (key == "answerDate") {
            if (!a.is_string() || !is_fhir_date(a.get_ref<const std::string&>()))
                return ck.add(apath, "must be a date (YYYY, YYYY-MM or YYYY-MM-DD)");
            ew.answer = a.get<std::string>();
        } else {  // answerCoding
            if (!a.is_object()) return ck.add(apath, "must be an object with a code");
            ck.keys(a, apath, {"code", "display", "system"});
            const std::string code = ck.str(a, "code", apath, true);
            if (code.empty()) return;
            ew.answer = code;
        }
        if (!ok || !target) return;
        // The literal must fit the question it tests.
        const ItemType t = target->type;
        const bool ordering = ew.op == EnableWhen::Op::Gt || ew.op == EnableWhen::Op::Lt ||
                              ew.op == EnableWhen::Op::Ge || ew.op == EnableWhen::Op::Le;
        if (ew.op != EnableWhen::Op::Exists) {
            bool fits = false;
            if (key == "answerBoolean") fits = t == ItemType::Boolean;
            else if (key == "answerInteger" || key == "answerDecimal") fits = is_numeric(t);
            else if (key == "answerDate") fits = t == ItemType::Date;
            else if (key == "answerString") fits = t == ItemType::String || t == ItemType::Text || t == ItemType::OpenChoice;
            else fits = t == ItemType::Choice || t == ItemType::OpenChoice;
            if (!fits) {
                ck.add(apath, std::string(answer_key) + " does not fit '" + target->link_id + "', a " +
                                  std::string(to_string(t)) + " item");
                return;
            }
            if (ordering && !is_numeric(t) && t != ItemType::Date) {
                ck.add(ptr(path, "operator"), "operator '" + op + "' needs a number or date item, and '" +
                                                  target->link_id + "' is " + std::string(to_string(t)));
                return;
            }
            if (key == "answerCoding" && target->option_index(std::get<std::string>(ew.answer)) < 0 &&
                t == ItemType::Choice) {
                ck.add(ptr(apath, "code"), "item '" + target->link_id + "' has no code '" +
                                               std::get<std::string>(ew.answer) + "'");
                return;
            }
        }
        it.enable_when.push_back(std::move(ew));
    }
};

}  // namespace

Questionnaire load_questionnaire(const json& doc, const std::string& file) {
    std::vector<PackProblem> problems;
    detail::Checker ck(file, problems);
    Questionnaire q;
    if (!ck.is_object(doc, "")) throw PackError(std::move(problems));
    ck.keys(doc, "", {"resourceType", "id", "url", "version", "name", "title", "status", "date", "publisher",
                      "description", "item"},
            {"meta", "text", "contained", "extension", "identifier", "derivedFrom", "subjectType", "code",
             "experimental", "contact", "useContext", "jurisdiction", "purpose", "copyright", "approvalDate",
             "lastReviewDate", "effectivePeriod", "language", "implicitRules", "modifierExtension"});
    if (doc.value("resourceType", json()) != "Questionnaire") ck.add("/resourceType", "resourceType must be 'Questionnaire'");
    q.url = ck.str(doc, "url", "", true);
    q.version = ck.str(doc, "version", "", false);
    q.title = ck.str(doc, "title", "", true);
    const std::string status = ck.str(doc, "status", "", true);
    q.status = status;
    q.id = ck.str(doc, "id", "", false);
    q.name = ck.str(doc, "name", "", false);
    q.publisher = ck.str(doc, "publisher", "", false);
    q.description = ck.str(doc, "description", "", false);
    if (!status.empty() && status != "draft" && status != "active" && status != "retired" && status != "unknown")
        ck.add("/status", "status must be draft, active, retired or unknown");

    Loader ld{ck, q, {}, {}};
    if (const json* items = ck.array(doc, "item", "", true)) {
        if (items->empty()) ck.add("/item", "a questionnaire needs at least one page (group)");
        for (std::size_t i = 0; i < items->size(); ++i) ld.item((*items)[i], ptr("/item", i), -1, -1);
    }
    // linkIds are unique across the whole questionnaire (FHIR que-2).
    for (std::size_t i = 0; i < q.items.size(); ++i) {
        const std::string& id = q.items[i].link_id;
        if (id.empty()) continue;
        for (std::size_t k = 0; k < i; ++k)
            if (q.items[k].link_id == id) {
                ck.add(ptr(ld.paths[i], "linkId"), "duplicate linkId '" + id + "' (also at " + ld.paths[k] + ") (FHIR que-2)");
                break;
            }
    }
    for (std::size_t i = 0; i < q.items.size(); ++i) {
        const json* ew = ld.enable_json[i];
        if (!ew) continue;
        for (std::size_t k = 0; k < ew->size(); ++k)
            ld.enable_when(static_cast<Slot>(i), (*ew)[k], ptr(ptr(ld.paths[i], "enableWhen"), k));
    }
    // An item's visibility depends on its enableWhen questions and on its parent group; a
    // cycle in that graph has no answer, so it is refused.
    if (problems.empty()) {
        std::vector<int> state(q.items.size(), 0);  // 0 new, 1 on stack, 2 done
        std::function<bool(Slot)> visit = [&](Slot s) -> bool {
            auto& st = state[static_cast<std::size_t>(s)];
            if (st == 1) return false;
            if (st == 2) return true;
            st = 1;
            const Item& it = q.items[static_cast<std::size_t>(s)];
            bool ok = it.parent < 0 || visit(it.parent);
            for (const auto& e : it.enable_when) ok = ok && visit(e.question);
            st = 2;
            return ok;
        };
        for (std::size_t i = 0; i < q.items.size(); ++i) {
            std::fill(state.begin(), state.end(), 0);
            if (!visit(static_cast<Slot>(i))) {
                ck.add(ptr(ld.paths[i], "enableWhen"),
                       "item '" + q.items[i].link_id + "' depends on itself through enableWhen (a cycle)");
                break;
            }
        }
    }
    if (!problems.empty()) throw PackError(std::move(problems));
    return q;
}

}  // namespace hc
