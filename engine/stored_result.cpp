// read_stored_result(): the one reader of a saved result's JSON. Strict about what it uses (every
// key present, every value of its type, verdicts and likelihoods spelled as to_json writes them),
// silent about keys it does not use, so a result written by a later to_json with one more key
// still reads.
#include "engine/stored_result.h"

#include <algorithm>

#include "engine/errors.h"
#include "engine/internal/json_check.h"
#include "engine/json_input.h"

namespace hc {

using nlohmann::json;
using detail::ptr;
using detail::type_name;

namespace {

// `word`: the unknown verdict or likelihood, when that is the problem (the error's id).
[[noreturn]] void malformed(const std::string& path, const std::string& problem, const std::string& word = {}) {
    throw StoredResultError(word, "stored result" + (path.empty() ? std::string() : " " + path) + " " + problem, path);
}

const json& object(const json& j, const std::string& path) {
    if (!j.is_object()) malformed(path, std::string("must be an object, not ") + type_name(j));
    return j;
}

const json& member(const json& obj, const char* key, const std::string& path) {
    object(obj, path);
    const auto it = obj.find(key);
    if (it == obj.end()) malformed(path, std::string("has no '") + key + "'");
    return *it;
}

const json* optional_member(const json& obj, const char* key) {
    const auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
}

std::string string_of(const json& v, const std::string& path) {
    if (!v.is_string()) malformed(path, std::string("must be a string, not ") + type_name(v));
    return v.get<std::string>();
}

std::string str(const json& obj, const char* key, const std::string& path) {
    return string_of(member(obj, key, path), ptr(path, key));
}

// An id: a string that is not empty (everything else finds things by it).
std::string id_of(const json& obj, const char* key, const std::string& path) {
    std::string s = str(obj, key, path);
    if (s.empty()) malformed(ptr(path, key), "must not be empty");
    return s;
}

bool boolean(const json& obj, const char* key, const std::string& path) {
    const json& v = member(obj, key, path);
    if (!v.is_boolean()) malformed(ptr(path, key), std::string("must be true or false, not ") + type_name(v));
    return v.get<bool>();
}

const json& array(const json& obj, const char* key, const std::string& path) {
    const json& v = member(obj, key, path);
    if (!v.is_array()) malformed(ptr(path, key), std::string("must be an array, not ") + type_name(v));
    return v;
}

std::vector<std::string> strings(const json& obj, const char* key, const std::string& path) {
    const json& arr = array(obj, key, path);
    std::vector<std::string> out;
    out.reserve(arr.size());
    for (std::size_t i = 0; i < arr.size(); ++i) out.push_back(string_of(arr[i], ptr(ptr(path, key), i)));
    return out;
}

Verdict verdict(const json& obj, const std::string& path) {
    const std::string v = str(obj, "verdict", path);
    Verdict out{};
    if (!verdict_from_string(v, out)) malformed(ptr(path, "verdict"), "is '" + v + "', which is not a verdict", v);
    return out;
}

StoredBecause because(const json& b, const std::string& path) {
    StoredBecause out;
    out.rule = id_of(b, "rule", path);
    out.explain = str(b, "explain", path);
    const json& ans = member(b, "answers", path);
    object(ans, ptr(path, "answers"));
    for (const auto& [link_id, value] : ans.items()) out.answers.emplace_back(link_id, value);
    out.refs = strings(b, "refs", path);
    return out;
}

std::vector<StoredBecause> becauses(const json& entry, const std::string& path) {
    const json& list = array(entry, "because", path);
    std::vector<StoredBecause> out;
    for (std::size_t k = 0; k < list.size(); ++k) out.push_back(because(list[k], ptr(ptr(path, "because"), k)));
    return out;
}

std::vector<StoredFinding> findings(const json& stored, const char* key, bool with_action) {
    const json& list = array(stored, key, "");
    std::vector<StoredFinding> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string path = ptr(ptr("", key), i);
        StoredFinding f;
        f.id = id_of(list[i], "id", path);
        f.title = str(list[i], "title", path);
        if (with_action) f.action = str(list[i], "action", path);
        f.because = becauses(list[i], path);
        f.refs = strings(list[i], "refs", path);
        out.push_back(std::move(f));
    }
    return out;
}

}  // namespace

std::vector<std::string> StoredResult::assessment_ids() const {
    std::vector<std::string> ids;
    ids.reserve(assessments.size());
    for (const auto& a : assessments) ids.push_back(a.id);
    return ids;
}

const StoredOption* StoredResult::find_option(std::string_view id) const {
    const auto it = std::find_if(options.begin(), options.end(), [&](const StoredOption& o) { return o.id == id; });
    return it == options.end() ? nullptr : &*it;
}

StoredResult read_stored_result(const json& stored) {
    StoredResult r;
    object(stored, "");
    const json& pack = member(stored, "pack", "");
    r.pack_id = id_of(pack, "id", "/pack");
    r.pack_version = id_of(pack, "version", "/pack");
    if (const json* fc = optional_member(pack, "facts_checked")) r.facts_checked = string_of(*fc, "/pack/facts_checked");

    const json& assessments = array(stored, "assessments", "");
    for (std::size_t i = 0; i < assessments.size(); ++i) {
        const std::string path = ptr("/assessments", i);
        StoredAssessment a;
        a.id = id_of(assessments[i], "id", path);
        a.title = str(assessments[i], "title", path);
        const std::string lk = str(assessments[i], "likelihood", path);
        if (lk == "likely") a.likelihood = Likelihood::Likely;
        else if (lk == "possible") a.likelihood = Likelihood::Possible;
        else malformed(ptr(path, "likelihood"), "is '" + lk + "', which is neither likely nor possible", lk);
        a.because = becauses(assessments[i], path);
        a.refs = strings(assessments[i], "refs", path);
        r.assessments.push_back(std::move(a));
    }
    r.red_flags = findings(stored, "red_flags", true);

    const json& options = array(stored, "options", "");
    for (std::size_t i = 0; i < options.size(); ++i) {
        const std::string path = ptr("/options", i);
        const json& e = options[i];
        StoredOption o;
        o.id = id_of(e, "id", path);
        o.title = str(e, "title", path);
        o.kind = str(e, "kind", path);
        o.unproven = boolean(e, "unproven", path);
        o.verdict = verdict(e, path);
        const json& evidence = member(e, "evidence", path);
        o.grade = str(evidence, "grade", ptr(path, "evidence"));
        o.summary = str(evidence, "summary", ptr(path, "evidence"));
        o.notes = strings(e, "notes", path);
        const json& list = array(e, "because", path);
        for (std::size_t k = 0; k < list.size(); ++k) {
            const std::string bp = ptr(ptr(path, "because"), k);
            StoredOptionReason reason;
            reason.because = because(list[k], bp);
            reason.verdict = verdict(list[k], bp);
            reason.note = str(list[k], "note", bp);
            if (const json* p = optional_member(list[k], "patient")) reason.patient = string_of(*p, ptr(bp, "patient"));
            reason.overruled = boolean(list[k], "overruled", bp);
            o.because.push_back(std::move(reason));
        }
        o.refs = strings(e, "refs", path);
        r.options.push_back(std::move(o));
    }
    r.workup = findings(stored, "workup", false);
    r.missing = strings(stored, "missing", "");
    r.dropped = strings(stored, "dropped", "");
    return r;
}

StoredResult read_stored_result(const std::string& text) {
    json doc;
    try {
        doc = parse_json(text, "stored result");
    } catch (const JsonInputError& e) {
        throw StoredResultError("", std::string("stored result is not readable JSON (") + e.what() + ")");
    }
    return read_stored_result(doc);
}

}  // namespace hc
