#include "cli/review_checks.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "cli/commands.h"
#include "cli/python_pattern.h"
#include "engine/json_input.h"

namespace hc::cli {

namespace {

using nlohmann::json;

const std::set<std::string> kListKeys = {"assessments",     "red_flags",     "workup",        "not_assessments",
                                         "not_red_flags",   "not_workup",    "missing",       "handout_options",
                                         "handout_not_options", "handout_asked", "text_must_not"};
const std::set<std::string> kMapKeys = {"options", "never"};

bool strings_only(const json& j) {
    return j.is_array() && std::all_of(j.begin(), j.end(), [](const json& x) { return x.is_string(); });
}

std::vector<std::string> strings(const json& j) {
    std::vector<std::string> out;
    for (const auto& x : j) out.push_back(x.get<std::string>());
    return out;
}

std::string joined(const std::vector<std::string>& v, const char* sep) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
    return s;
}

std::set<std::string> ids_in(const json& result, const std::string& section) {
    std::set<std::string> ids;
    if (auto it = result.find(section); it != result.end() && it->is_array())
        for (const auto& e : *it)
            if (e.is_object() && e.contains("id") && e["id"].is_string()) ids.insert(e["id"].get<std::string>());
    return ids;
}

Check pass(std::string what) { return {std::move(what), Check::Status::Pass, {}}; }
Check fail(std::string what, std::string detail) { return {std::move(what), Check::Status::Fail, std::move(detail)}; }

// Every value of attr="..." in the HTML (the runner's regex attr="([^"]+)").
std::set<std::string> marked(const std::string& html, const std::string& attr) {
    std::set<std::string> out;
    const std::string key = attr + "=\"";
    for (std::size_t at = html.find(key); at != std::string::npos; at = html.find(key, at + 1)) {
        const std::size_t from = at + key.size(), to = html.find('"', from);
        if (to != std::string::npos && to > from) out.insert(html.substr(from, to - from));
    }
    return out;
}

void utf8(std::string& out, unsigned long cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace

CaseFile read_case(const std::filesystem::path& file) {
    const std::string name = file.filename().string();
    json doc;
    try {
        doc = read_json_file(file);
    } catch (const std::exception& e) {
        throw Failure(std::string(e.what()));
    }
    auto bad = [&](const std::string& what) { return Failure(name + ": " + what); };
    if (!doc.is_object()) throw bad("not a JSON object");
    CaseFile c;
    c.file = file;
    c.id = file.stem().string();
    for (const char* key : {"id", "title", "picture"}) {
        if (!doc.contains(key)) continue;
        if (!doc[key].is_string()) throw bad(std::string("'") + key + "' is not a string");
    }
    if (doc.contains("id")) c.id = doc["id"].get<std::string>();
    c.title = doc.value("title", std::string());
    c.picture = doc.value("picture", std::string());
    if (!doc.contains("answers") || !doc["answers"].is_object()) throw bad("'answers' is missing or not an object");
    c.answers = doc["answers"];
    c.expect = doc.value("expect", json::object());
    if (!c.expect.is_object()) throw bad("'expect' is not an object");
    for (const auto& [key, value] : c.expect.items()) {
        if (kListKeys.count(key) && !strings_only(value)) throw bad("expect." + key + " is not a list of strings");
        if (kMapKeys.count(key)) {
            if (!value.is_object()) throw bad("expect." + key + " is not an object");
            for (const auto& [id, verdicts] : value.items())
                if (!strings_only(verdicts)) throw bad("expect." + key + "." + id + " is not a list of verdicts");
        }
    }
    for (const char* key : {"must_appear", "must_not_appear"}) {
        if (!doc.contains(key)) continue;
        if (!strings_only(doc[key])) throw bad(std::string("'") + key + "' is not a list of strings");
        (key[5] == 'a' ? c.must_appear : c.must_not_appear) = strings(doc[key]);
    }
    return c;
}

std::vector<Check> check_result(const json& expect, const json& result) {
    std::vector<Check> out;
    for (const auto& [key, value] : expect.items()) {
        if (key == "assessments" || key == "red_flags" || key == "workup") {
            const std::string what = key == "assessments" ? "assessment" : key == "red_flags" ? "red flag" : "workup";
            const auto have = ids_in(result, key);
            for (const auto& id : strings(value))
                out.push_back(have.count(id) ? pass(what + " " + id + " appears") : fail(what + " " + id + " appears", "not in the result"));
        } else if (key == "not_assessments" || key == "not_red_flags" || key == "not_workup") {
            const std::string section = key.substr(4);
            const auto have = ids_in(result, section);
            for (const auto& id : strings(value))
                out.push_back(!have.count(id) ? pass(section + " " + id + " does not appear")
                                              : fail(section + " " + id + " does not appear", "it is in the result"));
        } else if (key == "options" || key == "never") {
            std::map<std::string, std::string> verdicts;
            if (auto it = result.find("options"); it != result.end() && it->is_array())
                for (const auto& o : *it)
                    if (o.is_object() && o.contains("id") && o["id"].is_string())
                        verdicts[o["id"].get<std::string>()] = o.value("verdict", "?");
            for (const auto& [id, list] : value.items()) {
                const auto allowed = strings(list);
                const auto got = verdicts.find(id);
                const bool listed = got != verdicts.end() && std::find(allowed.begin(), allowed.end(), got->second) != allowed.end();
                if (key == "options") {
                    const std::string what = "option " + id + " is " + joined(allowed, " or ");
                    out.push_back(listed ? pass(what) : fail(what, got == verdicts.end() ? "absent from the result" : "it is " + got->second));
                } else {
                    const std::string what = "option " + id + " is never " + joined(allowed, " or ");
                    out.push_back(!listed ? pass(what) : fail(what, "it is " + got->second));
                }
            }
        } else if (key == "missing") {
            std::set<std::string> asked;
            if (auto it = result.find("missing"); it != result.end() && it->is_array())
                for (const auto& m : *it)
                    if (m.is_string()) asked.insert(m.get<std::string>());
            for (const auto& id : strings(value))
                out.push_back(asked.count(id) ? pass("the result asks for " + id) : fail("the result asks for " + id, "not in its missing list"));
        } else if (!kListKeys.count(key)) {
            out.push_back(fail("expectation '" + key + "'", "no such expectation key (a typo?)"));
        }
    }
    return out;
}

std::vector<Check> check_handout(const json& expect, const std::string& handout_html) {
    std::vector<Check> out;
    const auto offered = marked(handout_html, "data-option"), asked = marked(handout_html, "data-asked");
    if (auto it = expect.find("handout_options"); it != expect.end())
        for (const auto& id : strings(*it))
            out.push_back(offered.count(id) ? pass("handout offers " + id) : fail("handout offers " + id, "no data-option=\"" + id + "\""));
    if (auto it = expect.find("handout_not_options"); it != expect.end())
        for (const auto& id : strings(*it))
            out.push_back(!offered.count(id) ? pass("handout does not offer " + id)
                                             : fail("handout does not offer " + id, "it is offered as a choice"));
    if (auto it = expect.find("handout_asked"); it != expect.end())
        for (const auto& id : strings(*it))
            out.push_back(asked.count(id) ? pass("handout answers the question about " + id)
                                          : fail("handout answers the question about " + id, "no data-asked=\"" + id + "\""));
    return out;
}

std::vector<Check> check_text(const json& expect, const std::string& clinician_text, const std::string& handout_text) {
    std::vector<Check> out;
    auto it = expect.find("text_must_not");
    if (it == expect.end()) return out;
    for (const auto& rx : strings(*it)) {
        const PythonPattern pattern(rx);
        for (const auto& [where, text] : {std::pair<const char*, const std::string*>{"clinician's view", &clinician_text},
                                          {"handout", &handout_text}}) {
            const std::string what = std::string("the ") + where + " does not say /" + rx + "/";
            const auto found = pattern.search(*text);
            switch (found.outcome) {
                case PythonPattern::Outcome::NoMatch: out.push_back(pass(what)); break;
                case PythonPattern::Outcome::Match: out.push_back(fail(what, "it says '" + found.text.substr(0, 120) + "'")); break;
                case PythonPattern::Outcome::Undecided:
                    out.push_back({what, Check::Status::ReadByHand,
                                   "with its lookbehind guards set aside the pattern matches '" + found.text.substr(0, 120) +
                                       "': read whether the guard excuses it"});
                    break;
                case PythonPattern::Outcome::Unsupported:
                    out.push_back({what, Check::Status::NotChecked, "not checked by this tool: " + found.text});
                    break;
            }
        }
    }
    return out;
}

std::string handout_plain_text(const std::string& html) {
    std::string stripped;
    stripped.reserve(html.size());
    for (std::size_t i = 0; i < html.size(); ++i) {
        // A tag is '<', at least one character that is not '>', then '>' (as the runner's <[^>]+>).
        if (html[i] == '<') {
            const std::size_t close = html.find('>', i + 1);
            if (close != std::string::npos && close > i + 1) {
                stripped += ' ';
                i = close;
                continue;
            }
        }
        stripped += html[i];
    }
    return decode_html_entities(stripped);
}

std::string decode_html_entities(const std::string& stripped) {
    std::string out;
    out.reserve(stripped.size());
    static const std::pair<const char*, const char*> named[] = {
        {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xC2\xA0"}};
    for (std::size_t i = 0; i < stripped.size(); ++i) {
        if (stripped[i] == '&') {
            const std::size_t semi = stripped.find(';', i + 1);
            if (semi != std::string::npos && semi - i <= 10) {
                const std::string ent = stripped.substr(i + 1, semi - i - 1);
                bool done = false;
                if (ent.size() > 1 && ent[0] == '#') {
                    const bool hex = ent[1] == 'x' || ent[1] == 'X';
                    const std::string digits = ent.substr(hex ? 2 : 1);
                    const bool ok = !digits.empty() && std::all_of(digits.begin(), digits.end(), [&](char c) {
                        return hex ? std::isxdigit(static_cast<unsigned char>(c)) != 0 : std::isdigit(static_cast<unsigned char>(c)) != 0;
                    });
                    if (ok) {
                        const unsigned long cp = std::stoul(digits, nullptr, hex ? 16 : 10);
                        if (cp > 0 && cp <= 0x10FFFF) {
                            utf8(out, cp);
                            done = true;
                        }
                    }
                } else {
                    for (const auto& [n, v] : named)
                        if (ent == n) {
                            out += v;
                            done = true;
                        }
                }
                if (done) {
                    i = semi;
                    continue;
                }
            }
        }
        out += stripped[i];
    }
    return out;
}

}  // namespace hc::cli
