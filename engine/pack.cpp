// Loads a content pack folder (docs/pack-format.md) and checks it as a whole: every file is
// read even when an earlier one is broken, so the author sees every problem in one go.
#include "engine/pack.h"

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "engine/iso_date.h"
#include "engine/internal/json_check.h"
#include "engine/json_input.h"

#ifndef HC_DEFAULT_PACK_DIR
#define HC_DEFAULT_PACK_DIR "questionnaires/hair-loss"
#endif

namespace hc {

using nlohmann::json;
using detail::ptr;

namespace {

template <class T>
int find_id(const std::vector<T>& v, std::string_view id) {
    for (std::size_t i = 0; i < v.size(); ++i)
        if (v[i].id == id) return static_cast<int>(i);
    return -1;
}

class PackLoader {
public:
    PackLoader(const std::filesystem::path& dir, Pack& pack) : dir_(dir), p_(pack) {}

    void run() {
        std::error_code ec;
        if (!std::filesystem::is_directory(dir_, ec)) {
            problems_.push_back({dir_.string(), "", "pack folder not found (or not a folder)"});
            return;
        }
        p_.dir = dir_;
        if (auto j = read("pack.json")) meta(*j);
        if (auto j = read("references.json")) references(*j);
        if (auto j = read("questionnaire.json")) {
            try {
                p_.questionnaire = load_questionnaire(*j, "questionnaire.json");
                q_ok_ = true;
            } catch (const PackError& e) {
                problems_.insert(problems_.end(), e.problems().begin(), e.problems().end());
            }
        }
        if (auto j = read("catalogue.json")) catalogue(*j);
        if (auto j = read("options.json")) options(*j);
        if (auto j = read("rules.json")) rules(*j);
        if (auto j = read("handout.json")) handout(*j);
        check_asked_item();
    }

    std::vector<PackProblem> problems_;

private:
    std::optional<json> read(const char* name) {
        const auto path = dir_ / name;
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            problems_.push_back({name, "", "missing or unreadable"});
            return std::nullopt;
        }
        JsonLimits limits;
        // Size the buffer from the file, not the limit: zero-filling 8 MiB per file was most of
        // the load time. One byte past the limit is enough for parse_json to refuse a big file.
        std::error_code ec;
        const auto size = std::filesystem::file_size(path, ec);
        const std::size_t want = ec ? limits.max_bytes + 1 : std::min<std::size_t>(size, limits.max_bytes) + 1;
        std::string text(want, '\0');
        in.read(text.data(), static_cast<std::streamsize>(text.size()));
        text.resize(static_cast<std::size_t>(in.gcount()));
        try {
            return parse_json(text, name, limits);
        } catch (const JsonInputError& e) {
            std::string m = e.what();
            const std::string prefix = std::string(name) + ": ";
            if (m.rfind(prefix, 0) == 0) m = m.substr(prefix.size());
            problems_.push_back({name, "", m});
            return std::nullopt;
        }
    }

    void refs(detail::Checker& ck, const std::vector<std::string>& ids, const std::string& path) {
        if (!refs_ok_) return;
        for (std::size_t i = 0; i < ids.size(); ++i)
            if (!p_.find_reference(ids[i])) ck.add(ptr(path, i), "unknown reference '" + ids[i] + "'");
    }

    void meta(const json& j) {
        detail::Checker ck("pack.json", problems_);
        if (!ck.is_object(j, "")) return;
        ck.keys(j, "", {"id", "version", "title", "asked_item", "facts_checked"});
        p_.id = ck.str(j, "id", "", true);
        p_.version = ck.str(j, "version", "", true);
        p_.title = ck.str(j, "title", "", true);
        p_.asked_item = ck.str(j, "asked_item", "", false);
        p_.facts_checked = ck.str(j, "facts_checked", "", true);
        if (!p_.facts_checked.empty() && !parse_iso_date(p_.facts_checked))
            ck.add("/facts_checked", "'" + p_.facts_checked + "' is not a date YYYY-MM-DD");
        if (!p_.id.empty() && !detail::is_identifier(p_.id)) ck.add("/id", "id '" + p_.id + "' must be letters, digits, '_', '-'");
    }

    // The item that records which options the patient asked about: a repeating choice whose
    // codes are option ids (or "none"), so every question can be answered by the option's verdict.
    void check_asked_item() {
        if (p_.asked_item.empty() || !q_ok_ || !options_ok_) return;
        detail::Checker ck("pack.json", problems_);
        const Slot s = p_.questionnaire.find(p_.asked_item);
        if (s < 0) return ck.add("/asked_item", "unknown linkId '" + p_.asked_item + "'");
        const Item& it = p_.questionnaire.items[static_cast<std::size_t>(s)];
        if (it.type != ItemType::Choice || !it.repeats) return ck.add("/asked_item", "'" + p_.asked_item + "' must be a repeating choice item");
        for (const auto& o : it.options)
            if (o.code != "none" && p_.find_option(o.code) < 0)
                ck.add("/asked_item", "code '" + o.code + "' of '" + p_.asked_item + "' is not an option id");
    }

    void references(const json& j) {
        detail::Checker ck("references.json", problems_);
        if (!ck.is_object(j, "")) return;
        ck.keys(j, "", {"references"});
        const json* arr = ck.array(j, "references", "", true);
        if (!arr) return;
        for (std::size_t i = 0; i < arr->size(); ++i) {
            const std::string path = ptr("/references", i);
            const json& r = (*arr)[i];
            if (!ck.is_object(r, path)) continue;
            ck.keys(r, path, {"id", "authors", "title", "source", "year", "doi", "pmid", "url", "role", "kind"});
            Reference ref;
            ref.id = ck.str(r, "id", path, true);
            ref.authors = ck.str(r, "authors", path, false);
            ref.title = ck.str(r, "title", path, true);
            ref.source = ck.str(r, "source", path, false);
            ref.year = ck.str(r, "year", path, false);
            ref.doi = ck.str(r, "doi", path, false);
            ref.pmid = ck.str(r, "pmid", path, false);
            ref.url = ck.str(r, "url", path, false);
            ref.role = ck.str(r, "role", path, true);
            ref.kind = ck.str(r, "kind", path, true);
            if (!ref.role.empty() && !is_reference_role(ref.role))
                ck.add(ptr(path, "role"), "unknown role '" + ref.role + "' (" + reference_roles_list() + ")");
            if (!ref.kind.empty() && !is_reference_kind(ref.kind))
                ck.add(ptr(path, "kind"), "unknown kind '" + ref.kind + "' (" + reference_kinds_list() + ")");
            if (ref.id.empty()) continue;
            if (p_.find_reference(ref.id)) {
                ck.add(ptr(path, "id"), "duplicate reference id '" + ref.id + "'");
                continue;
            }
            p_.references.push_back(std::move(ref));
        }
        refs_ok_ = true;
    }

    PatientText patient(detail::Checker& ck, const json& obj, const std::string& path) {
        PatientText t;
        auto it = obj.find("patient");
        if (it == obj.end()) return t;
        const std::string pp = ptr(path, "patient");
        if (!ck.is_object(*it, pp)) return t;
        ck.keys(*it, pp, {"title", "what", "how", "when_results", "watch_for", "come_back"});
        t.title = ck.str(*it, "title", pp, false);
        t.what = ck.str(*it, "what", pp, false);
        t.how = ck.str(*it, "how", pp, false);
        t.when_results = ck.str(*it, "when_results", pp, false);
        t.watch_for = ck.str(*it, "watch_for", pp, false);
        t.come_back = ck.str(*it, "come_back", pp, false);
        return t;
    }

    // "patient_if": [{"field": "watch_for", "assumes": "condition", "text": "..."}]: patient
    // wording for the patients the condition describes (docs/pack-format.md).
    std::vector<Passage> passages(detail::Checker& ck, const json& obj, const std::string& path) {
        std::vector<Passage> out;
        const json* arr = ck.array(obj, "patient_if", path, false);
        if (!arr) return out;
        static const std::set<std::string> fields{"what", "how", "when_results", "watch_for", "come_back"};
        for (std::size_t i = 0; i < arr->size(); ++i) {
            const std::string pp = ptr(ptr(path, "patient_if"), i);
            const json& e = (*arr)[i];
            if (!ck.is_object(e, pp)) continue;
            ck.keys(e, pp, {"field", "assumes", "text"});
            Passage p;
            p.field = ck.str(e, "field", pp, true);
            p.text = ck.str(e, "text", pp, true);
            const std::string cond = ck.str(e, "assumes", pp, true);
            if (!p.field.empty() && !fields.count(p.field))
                ck.add(ptr(pp, "field"), "unknown field '" + p.field + "' (what, how, when_results, watch_for, come_back)");
            if (cond.empty() || !q_ok_) continue;
            try {
                p.assumes = Condition::parse(cond, p_.questionnaire);
            } catch (const ConditionError& err) {
                ck.add(pp + " (column " + std::to_string(err.column()) + ")", err.what());
                continue;
            }
            out.push_back(std::move(p));
        }
        return out;
    }

    void findings(detail::Checker& ck, const json& j, const char* key, std::vector<Finding>& out) {
        const json* arr = ck.array(j, key, "", true);
        if (!arr) return;
        for (std::size_t i = 0; i < arr->size(); ++i) {
            const std::string path = ptr(ptr("", key), i);
            const json& f = (*arr)[i];
            if (!ck.is_object(f, path)) continue;
            ck.keys(f, path, {"id", "title", "summary", "action", "patient", "patient_if", "refs"});
            Finding fd;
            fd.id = ck.str(f, "id", path, true);
            fd.title = ck.str(f, "title", path, true);
            fd.summary = ck.str(f, "summary", path, false);
            fd.action = ck.str(f, "action", path, false);
            fd.patient = patient(ck, f, path);
            fd.passages = passages(ck, f, path);
            fd.refs = ck.strings(f, "refs", path, false);
            refs(ck, fd.refs, ptr(path, "refs"));
            if (fd.id.empty()) continue;
            if (!detail::is_identifier(fd.id)) ck.add(ptr(path, "id"), "id '" + fd.id + "' must be letters, digits, '_', '.', '-'");
            if (find_id(out, fd.id) >= 0) {
                ck.add(ptr(path, "id"), std::string("duplicate ") + key + " id '" + fd.id + "'");
                continue;
            }
            out.push_back(std::move(fd));
        }
    }

    void catalogue(const json& j) {
        detail::Checker ck("catalogue.json", problems_);
        if (!ck.is_object(j, "")) return;
        ck.keys(j, "", {"assessments", "red_flags", "workup"});
        findings(ck, j, "assessments", p_.assessments);
        findings(ck, j, "red_flags", p_.red_flags);
        findings(ck, j, "workup", p_.workup);
        catalogue_ok_ = true;
    }

    void options(const json& j) {
        detail::Checker ck("options.json", problems_);
        if (!ck.is_object(j, "")) return;
        ck.keys(j, "", {"scale", "options"});
        bool scale_ok = false;
        if (auto s = j.find("scale"); s == j.end()) {
            ck.add("", "missing 'scale'");
        } else if (ck.is_object(*s, "/scale")) {
            ck.keys(*s, "/scale", {"name", "source", "grades"});
            p_.scale.name = ck.str(*s, "name", "/scale", true);
            p_.scale.source = ck.str(*s, "source", "/scale", false);
            auto g = s->find("grades");
            if (g == s->end() || !g->is_object() || g->empty()) {
                ck.add("/scale", "'grades' must be an object {grade: meaning} with at least one grade");
            } else {
                scale_ok = true;
                for (auto e = g->begin(); e != g->end(); ++e) {
                    if (!e.value().is_string()) ck.add(ptr("/scale/grades", e.key()), "must be a string");
                    else p_.scale.grades[e.key()] = e.value().get<std::string>();
                }
            }
        }
        const json* arr = ck.array(j, "options", "", true);
        if (!arr) return;
        static const std::set<std::string> kinds{"medicine", "procedure", "device", "lifestyle", "referral", "experimental"};
        for (std::size_t i = 0; i < arr->size(); ++i) {
            const std::string path = ptr("/options", i);
            const json& o = (*arr)[i];
            if (!ck.is_object(o, path)) continue;
            ck.keys(o, path, {"id", "title", "kind", "evidence", "approval", "regimen", "time_to_effect",
                              "side_effects", "cautions", "unproven", "patient", "patient_if", "refs"});
            Option op;
            op.id = ck.str(o, "id", path, true);
            op.title = ck.str(o, "title", path, true);
            op.kind = ck.str(o, "kind", path, true);
            if (!op.kind.empty() && !kinds.count(op.kind))
                ck.add(ptr(path, "kind"), "unknown kind '" + op.kind +
                                              "' (medicine, procedure, device, lifestyle, referral, experimental)");
            if (auto ev = o.find("evidence"); ev == o.end()) {
                ck.add(path, "missing 'evidence'");
            } else if (ck.is_object(*ev, ptr(path, "evidence"))) {
                const std::string ep = ptr(path, "evidence");
                ck.keys(*ev, ep, {"grade", "summary", "refs"});
                op.evidence.grade = ck.str(*ev, "grade", ep, true);
                op.evidence.summary = ck.str(*ev, "summary", ep, false);
                op.evidence.refs = ck.strings(*ev, "refs", ep, false);
                refs(ck, op.evidence.refs, ptr(ep, "refs"));
                if (scale_ok && !op.evidence.grade.empty() && !p_.scale.grades.count(op.evidence.grade))
                    ck.add(ptr(ep, "grade"), "grade '" + op.evidence.grade + "' is not on the evidence scale");
            }
            op.approval = ck.str(o, "approval", path, false);
            op.regimen = ck.str(o, "regimen", path, false);
            op.time_to_effect = ck.str(o, "time_to_effect", path, false);
            op.side_effects = ck.strings(o, "side_effects", path, false);
            op.cautions = ck.strings(o, "cautions", path, false);
            op.unproven = ck.boolean(o, "unproven", path, false);
            op.patient = patient(ck, o, path);
            op.passages = passages(ck, o, path);
            op.refs = ck.strings(o, "refs", path, false);
            refs(ck, op.refs, ptr(path, "refs"));
            if (op.id.empty()) continue;
            if (!detail::is_identifier(op.id)) ck.add(ptr(path, "id"), "id '" + op.id + "' must be letters, digits, '_', '.', '-'");
            if (find_id(p_.options, op.id) >= 0) {
                ck.add(ptr(path, "id"), "duplicate option id '" + op.id + "'");
                continue;
            }
            p_.options.push_back(std::move(op));
        }
        options_ok_ = true;
    }

    // A list of catalogue ids in a rule, resolved to indices.
    std::vector<int> ids(detail::Checker& ck, const json& r, const char* key, const std::string& path,
                         const std::vector<Finding>& in, const char* what) {
        std::vector<int> out;
        const auto names = ck.strings(r, key, path, false);
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (!catalogue_ok_) continue;
            const int k = find_id(in, names[i]);
            if (k < 0) ck.add(ptr(ptr(path, key), i), std::string("unknown ") + what + " '" + names[i] + "'");
            else if (std::find(out.begin(), out.end(), k) != out.end())
                ck.add(ptr(ptr(path, key), i), std::string(what) + " '" + names[i] + "' is listed twice");
            else out.push_back(k);
        }
        return out;
    }

    void rules(const json& j) {
        detail::Checker ck("rules.json", problems_);
        if (!ck.is_object(j, "")) return;
        ck.keys(j, "", {"rules"});
        const json* arr = ck.array(j, "rules", "", true);
        if (!arr) return;
        for (std::size_t i = 0; i < arr->size(); ++i) {
            const std::string path = ptr("/rules", i);
            const json& r = (*arr)[i];
            if (!ck.is_object(r, path)) continue;
            ck.keys(r, path, {"id", "when", "explain", "refs", "default", "assess", "red_flags", "workup", "options"});
            Rule rule;
            rule.id = ck.str(r, "id", path, true);
            if (!rule.id.empty()) {
                for (const auto& other : p_.rules)
                    if (other.id == rule.id) ck.add(ptr(path, "id"), "duplicate rule id '" + rule.id + "'");
            }
            const std::string when = ck.str(r, "when", path, true);
            rule.explain = ck.str(r, "explain", path, true);
            rule.is_default = ck.boolean(r, "default", path, false);
            if (rule.is_default && (r.contains("assess") || r.contains("red_flags") || r.contains("workup")))
                ck.add(path, "default rule '" + rule.id + "' may set options only");
            rule.refs = ck.strings(r, "refs", path, false);
            if (rule.refs.empty()) ck.add(path, "rule '" + rule.id + "' has no refs (every rule carries at least one reference)");
            refs(ck, rule.refs, ptr(path, "refs"));
            if (!when.empty() && q_ok_) {
                try {
                    rule.when = Condition::parse(when, p_.questionnaire);
                } catch (const ConditionError& e) {
                    std::string m = e.what();
                    if (auto c = m.find(": "); m.rfind("column ", 0) == 0 && c != std::string::npos) m = m.substr(c + 2);
                    ck.add(path + " (rule " + (rule.id.empty() ? "?" : rule.id) + ", column " + std::to_string(e.column()) + ")", m);
                }
            }
            if (const json* as = ck.array(r, "assess", path, false)) {
                for (std::size_t k = 0; k < as->size(); ++k) {
                    const std::string ap = ptr(ptr(path, "assess"), k);
                    const json& a = (*as)[k];
                    if (!ck.is_object(a, ap)) continue;
                    ck.keys(a, ap, {"id", "likelihood"});
                    AssessmentEffect fx;
                    const std::string id = ck.str(a, "id", ap, true);
                    const std::string lk = ck.str(a, "likelihood", ap, true);
                    if (lk == "likely") fx.likelihood = Likelihood::Likely;
                    else if (lk == "possible") fx.likelihood = Likelihood::Possible;
                    else if (!lk.empty()) ck.add(ptr(ap, "likelihood"), "likelihood must be 'likely' or 'possible', not '" + lk + "'");
                    if (id.empty() || !catalogue_ok_) continue;
                    fx.assessment = find_id(p_.assessments, id);
                    if (fx.assessment < 0) {
                        ck.add(ptr(ap, "id"), "unknown assessment '" + id + "'");
                        continue;
                    }
                    for (const auto& o : rule.assessments)
                        if (o.assessment == fx.assessment) ck.add(ptr(ap, "id"), "assessment '" + id + "' is listed twice");
                    rule.assessments.push_back(fx);
                }
            }
            rule.red_flags = ids(ck, r, "red_flags", path, p_.red_flags, "red flag");
            rule.workup = ids(ck, r, "workup", path, p_.workup, "workup item");
            if (const json* os = ck.array(r, "options", path, false)) {
                for (std::size_t k = 0; k < os->size(); ++k) {
                    const std::string op = ptr(ptr(path, "options"), k);
                    const json& o = (*os)[k];
                    if (!ck.is_object(o, op)) continue;
                    ck.keys(o, op, {"id", "verdict", "note", "patient", "urgent"});
                    OptionEffect fx;
                    const std::string id = ck.str(o, "id", op, true);
                    const std::string v = ck.str(o, "verdict", op, true);
                    fx.note = ck.str(o, "note", op, false);
                    fx.patient = ck.str(o, "patient", op, false);
                    fx.urgent = ck.boolean(o, "urgent", op, false);
                    if (fx.urgent && fx.patient.empty()) ck.add(op, "an urgent effect needs the plain words ('patient') to print");
                    if (!v.empty() && !verdict_from_string(v, fx.verdict))
                        ck.add(ptr(op, "verdict"), "unknown verdict '" + v +
                                                       "' (first_line, consider, not_now, avoid, trial_only, not_available)");
                    if (id.empty() || !options_ok_) continue;
                    fx.option = find_id(p_.options, id);
                    if (fx.option < 0) {
                        ck.add(ptr(op, "id"), "unknown option '" + id + "'");
                        continue;
                    }
                    for (const auto& e : rule.options)
                        if (e.option == fx.option) ck.add(ptr(op, "id"), "option '" + id + "' is set twice in one rule");
                    rule.options.push_back(std::move(fx));
                }
            }
            const bool adds = (r.contains("assess") && r["assess"].is_array() && !r["assess"].empty()) ||
                              (r.contains("red_flags") && r["red_flags"].is_array() && !r["red_flags"].empty()) ||
                              (r.contains("workup") && r["workup"].is_array() && !r["workup"].empty()) ||
                              (r.contains("options") && r["options"].is_array() && !r["options"].empty());
            if (!adds) ck.add(path, "rule '" + rule.id + "' adds nothing (assess, red_flags, workup or options)");
            p_.rules.push_back(std::move(rule));
        }
    }

    void handout(const json& j) {
        detail::Checker ck("handout.json", problems_);
        if (!ck.is_object(j, "")) return;
        ck.keys(j, "", {"text"});
        auto t = j.find("text");
        if (t == j.end()) return ck.add("", "missing 'text'");
        if (!ck.is_object(*t, "/text")) return;
        for (auto e = t->begin(); e != t->end(); ++e) {
            if (!e.key().empty() && e.key()[0] == '_') continue;
            if (!e.value().is_string()) ck.add(ptr("/text", e.key()), "must be a string");
            else p_.handout_text[e.key()] = e.value().get<std::string>();
        }
    }

    std::filesystem::path dir_;
    Pack& p_;
    bool q_ok_ = false, refs_ok_ = false, catalogue_ok_ = false, options_ok_ = false;
};

}  // namespace

int Pack::find_assessment(std::string_view id) const { return find_id(assessments, id); }
int Pack::find_red_flag(std::string_view id) const { return find_id(red_flags, id); }
int Pack::find_workup(std::string_view id) const { return find_id(workup, id); }
int Pack::find_option(std::string_view id) const { return find_id(options, id); }
const Reference* Pack::find_reference(std::string_view id) const {
    const int k = find_id(references, id);
    return k < 0 ? nullptr : &references[static_cast<std::size_t>(k)];
}

Pack load_pack(const std::filesystem::path& dir) {
    Pack p;
    PackLoader loader(dir, p);
    loader.run();
    if (!loader.problems_.empty()) throw PackError(std::move(loader.problems_));
    return p;
}

std::filesystem::path default_pack_dir() {
    if (const char* env = std::getenv("HAIRCONSULT_PACK"); env && *env) return env;
    return HC_DEFAULT_PACK_DIR;
}

}  // namespace hc
