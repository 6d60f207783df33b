// Builds the Handout model from a consultation. Only headings and labels are written here;
// every clinical sentence is copied from the pack.
#include <algorithm>
#include <ctime>
#include <iterator>
#include <map>

#include "handout/handout.h"
#include "handout/text.h"

namespace hc::handout {
namespace {

std::string text_of(const Pack* pack, const std::string& key, std::string fallback = {}) {
    if (pack != nullptr) {
        const auto it = pack->handout_text.find(key);
        if (it != pack->handout_text.end() && !it->second.empty()) return clean_text(it->second);
    }
    return fallback;
}

// The option's or finding's generic patient text, with each passage that holds for this
// patient added to the end of its field.
PatientText with_passages(const PatientText& base, const std::vector<Passage>& all, const std::vector<int>& shown) {
    PatientText t = base;
    for (int i : shown) {
        const Passage& p = all.at(static_cast<std::size_t>(i));
        std::string* field = p.field == "what" ? &t.what
                           : p.field == "how" ? &t.how
                           : p.field == "when_results" ? &t.when_results
                           : p.field == "watch_for" ? &t.watch_for
                           : &t.come_back;
        if (!field->empty()) *field += ' ';
        *field += p.text;
    }
    return t;
}

// The rules' plain reasons behind an option's verdict, without repeats.
std::vector<std::string> patient_reasons(const OptionResult& o) {
    std::vector<std::string> out;
    for (const auto& r : o.reasons) {
        if (r.overruled || r.patient == nullptr || r.patient->empty()) continue;
        std::string t = clean_text(*r.patient);
        if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(std::move(t));
    }
    return out;
}

// The references behind the verdict for this patient: the winning rules' sources.
std::vector<std::string> reason_refs(const Pack& pack, const OptionResult& o) {
    std::vector<std::string> refs;
    for (const auto& r : o.reasons) {
        if (r.overruled) continue;
        for (const auto& id : pack.rules.at(static_cast<std::size_t>(r.because.rule)).refs)
            if (std::find(refs.begin(), refs.end(), id) == refs.end()) refs.push_back(id);
    }
    return refs;
}

const OptionResult* find_result(const Result& result, int option) {
    for (const auto& o : result.options)
        if (o.option == option) return &o;
    return nullptr;
}

// The option ids the patient asked about, in the order of the questionnaire's codes.
std::vector<std::string> asked_ids(const Pack& pack, const Answers& answers) {
    std::vector<std::string> ids;
    if (pack.asked_item.empty()) return ids;
    const Slot s = pack.questionnaire.find(pack.asked_item);
    if (s < 0 || static_cast<std::size_t>(s) >= answers.size()) return ids;
    if (const auto* codes = std::get_if<std::vector<std::string>>(&answers.get(s)))
        for (const auto& c : *codes)
            if (pack.find_option(c) >= 0) ids.push_back(c);
    return ids;
}

PatientText clean(const PatientText& t) {
    PatientText c;
    c.title = clean_text(t.title, true);
    c.what = clean_text(t.what);
    c.how = clean_text(t.how);
    c.when_results = clean_text(t.when_results);
    c.watch_for = clean_text(t.watch_for);
    c.come_back = clean_text(t.come_back);
    return c;
}

// The patient's title when the pack gives one, else the clinical title.
std::string title_for(const std::string& title, const PatientText& patient) {
    return clean_text(patient.title.empty() ? title : patient.title, true);
}

// A compact citation for patients: first author "et al.", title, source and year, and one
// link (DOI, else PubMed id, else URL). The full citation stays in the clinician's views.
std::string short_citation(const Reference& r) {
    std::string authors = r.authors;
    if (const auto comma = authors.find(','); comma != std::string::npos) authors = authors.substr(0, comma) + " et al.";
    while (authors.ends_with("..") ) authors.pop_back();
    std::string s;
    auto add = [&s](const std::string& part) {
        if (part.empty()) return;
        if (!s.empty()) s += (s.back() == '.' || s.back() == '?') ? " " : ". ";
        s += part;
    };
    add(authors);
    add(r.title);
    std::string source = r.source;
    if (!r.year.empty() && source.find(r.year) == std::string::npos && r.title.find(r.year) == std::string::npos) source += (source.empty() ? "" : " ") + r.year;
    add(source);
    if (!s.empty() && s.back() != '.') s += '.';
    if (!r.doi.empty()) s += " doi:" + r.doi;
    else if (!r.pmid.empty()) s += " PMID " + r.pmid;
    else if (!r.url.empty()) s += " " + r.url;
    return s;
}

// Numbers references in order of first citation; unknown ids are skipped (a loaded pack has
// none, since load_pack checks that every id resolves).
class Citations {
public:
    explicit Citations(const Pack& pack) : pack_(pack) {}
    std::vector<int> cite(const std::vector<std::string>& ids) {
        std::vector<int> out;
        for (const auto& id : ids) {
            const Reference* ref = pack_.find_reference(id);
            if (ref == nullptr) continue;
            auto [it, added] = numbers_.try_emplace(id, static_cast<int>(lines_.size()) + 1);
            if (added) lines_.push_back(clean_text(short_citation(*ref), true));
            if (std::find(out.begin(), out.end(), it->second) == out.end()) out.push_back(it->second);
        }
        std::sort(out.begin(), out.end());
        return out;
    }
    std::vector<std::string> take() { return std::move(lines_); }

private:
    const Pack& pack_;
    std::map<std::string, int> numbers_;
    std::vector<std::string> lines_;
};

std::vector<std::string> joined(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::vector<std::string> out = a;
    out.insert(out.end(), b.begin(), b.end());
    return out;
}

std::optional<Diagram> stage_diagram(const Pack& pack, const Answers& answers) {
    const auto& items = pack.questionnaire.items;
    for (std::size_t i = 0; i < items.size() && i < answers.size(); ++i) {
        StageScale scale{};
        if (!stage_scale_for_widget(items[i].widget, scale)) continue;
        const auto* code = std::get_if<std::string>(&answers.get(static_cast<Slot>(i)));
        if (code == nullptr) continue;
        if (const StageDiagram* d = find_stage_diagram(scale, *code)) {
            return Diagram{scale, std::string(d->code), clean_text(d->label, true), clean_text(d->caption, true)};
        }
    }
    return std::nullopt;
}

}  // namespace

std::vector<std::string> Handout::option_ids() const {
    std::vector<std::string> ids;
    for (const auto& o : options) ids.push_back(o.id);
    return ids;
}

namespace {

// Every label: its handout.json key (after "heading_"), its default and where it goes. One
// table, so labels_for() and handout_text_keys() cannot drift apart.
struct LabelKey {
    const char* key;
    const char* fallback;
    std::string Labels::*field;
};
constexpr LabelKey kLabelKeys[] = {
    {"assessment", "What is most likely going on", &Labels::assessment},
    {"stage", "Your pattern of hair loss", &Labels::stage},
    {"options", "The options we discussed", &Labels::options},
    {"workup", "Tests we suggest", &Labels::workup},
    {"unproven", "Treatments that are not proven or not available", &Labels::unproven},
    {"red_flags", "Important", &Labels::red_flags},
    {"references", "Sources", &Labels::references},
    {"disclaimer", "About this handout", &Labels::disclaimer},
    {"prepared_for", "Prepared for", &Labels::prepared_for},
    {"date", "Date", &Labels::date},
    {"clinician", "Clinician", &Labels::clinician},
    {"what", "What it is", &Labels::what},
    {"how", "How to use it", &Labels::how},
    {"when_results", "When to expect results", &Labels::when_results},
    {"watch_for", "What to watch for", &Labels::watch_for},
    {"come_back", "When to come back", &Labels::come_back},
    {"also_possible", "Also possible", &Labels::also_possible},
    {"sources", "Sources", &Labels::sources},
    {"asked", "You asked about", &Labels::asked},
};

// The texts compose() reads from handout.json besides the headings.
constexpr const char* kTextKeys[] = {"title", "intro", "red_flag_intro", "workup_intro", "come_back",
                                     "unproven_intro", "trial_registries", "references_intro", "disclaimer",
                                     "not_finished", "asked_first_line", "asked_consider", "asked_not_now",
                                     "asked_avoid", "asked_trial_only", "asked_not_available", "asked_unassessed"};

}  // namespace

Labels labels_for(const Pack* pack) {
    Labels l;
    for (const LabelKey& k : kLabelKeys) l.*k.field = text_of(pack, std::string("heading_") + k.key, k.fallback);
    return l;
}

std::vector<std::string> handout_text_keys() {
    std::vector<std::string> keys(std::begin(kTextKeys), std::end(kTextKeys));
    for (const LabelKey& k : kLabelKeys) keys.push_back(std::string("heading_") + k.key);
    return keys;
}

bool is_unfinished(const Pack& pack, const Answers& answers, const Result& result) {
    return (result.assessments.empty() && result.red_flags.empty()) || !complete(pack.questionnaire, answers).complete;
}

std::vector<std::string> default_choice(const Pack& pack, const Answers& answers, const Result& result) {
    // Every first-line choice; "consider" ones while the list is short; and any the patient
    // asked about that are offered, so a sheet stays a few pages and still answers the patient.
    constexpr std::size_t kShortList = 4;
    std::vector<std::string> ids;
    if (is_unfinished(pack, answers, result)) return ids;
    const std::vector<std::string> asked = asked_ids(pack, answers);
    for (const auto& o : result.options) {
        if (o.option < 0 || static_cast<std::size_t>(o.option) >= pack.options.size()) continue;
        const Option& opt = pack.options[static_cast<std::size_t>(o.option)];
        if (opt.unproven) continue;
        const bool was_asked = std::find(asked.begin(), asked.end(), opt.id) != asked.end();
        if (o.verdict == Verdict::FirstLine || (o.verdict == Verdict::Consider && (ids.size() < kShortList || was_asked)))
            ids.push_back(opt.id);
    }
    return ids;
}

Handout compose(const Input& in) {
    if (in.pack == nullptr || in.answers == nullptr || in.result == nullptr) {
        throw HandoutError("a handout needs the pack, the answers and the result");
    }
    const Pack& pack = *in.pack;
    const Result& result = *in.result;
    Citations citations(pack);

    Handout h;
    h.labels = labels_for(&pack);
    h.clinic_name = clean_text(in.settings.clinic_name, true);
    h.clinic_contact = clean_text(in.settings.clinic_contact, true);
    h.clinician_name = clean_text(in.settings.clinician_name, true);
    h.patient_name = clean_text(in.patient_name, true);
    h.date = format_date(in.date);
    h.paper = in.settings.paper;
    h.margin_mm = std::clamp(in.settings.margin_mm, 10.0, 40.0);

    h.title = text_of(&pack, "title", "Your hair consultation");
    h.disclaimer = text_of(&pack, "disclaimer");
    h.evidence_reviewed = evidence_reviewed_line(pack.facts_checked);
    if (is_unfinished(pack, *in.answers, result)) {
        // Nothing here may read as a finding: the sheet says the consultation is not finished
        // and what is still to be asked, and nothing else clinical.
        h.unfinished = true;
        h.unfinished_text = text_of(&pack, "not_finished");
        for (const auto& link : complete(pack.questionnaire, *in.answers).unanswered_required) {
            const Item& it = pack.questionnaire.items.at(static_cast<std::size_t>(pack.questionnaire.find(link)));
            h.still_needed.push_back(clean_text(it.short_text.empty() ? it.text : it.short_text, true));
        }
        return h;
    }
    h.intro = text_of(&pack, "intro");

    // Sections are composed in the order they are printed, so sources are numbered as the
    // patient meets them: what to act on first, then the patient's own questions.
    h.red_flag_intro = text_of(&pack, "red_flag_intro");
    for (const auto& r : result.red_flags) {
        if (r.finding < 0 || static_cast<std::size_t>(r.finding) >= pack.red_flags.size()) continue;
        const Finding& f = pack.red_flags[static_cast<std::size_t>(r.finding)];
        const PatientText t = with_passages(f.patient, f.passages, r.passages);
        FindingSection section{f.id, title_for(f.title, f.patient), clean_text(t.what),
                               clean_text(t.come_back), true, citations.cite(f.refs), {}};
        // A flag about a harm happening now says what to do about it here, not pages later:
        // the effects its rule marks urgent (for example "Please stop taking ...").
        for (const auto& b : r.because)
            for (const auto& fx : pack.rules.at(static_cast<std::size_t>(b.rule)).options) {
                if (!fx.urgent) continue;
                std::string act = clean_text(fx.patient);
                if (std::find(section.actions.begin(), section.actions.end(), act) == section.actions.end())
                    section.actions.push_back(std::move(act));
            }
        h.red_flags.push_back(std::move(section));
    }

    // The patient's own questions: each answered with its verdict and the reason.
    for (const auto& id : asked_ids(pack, *in.answers)) {
        const int i = pack.find_option(id);
        const Option& o = pack.options[static_cast<std::size_t>(i)];
        const OptionResult* r = find_result(result, i);
        // Cited: the sources of the rules that decided the answer for this patient.
        AskedSection a{o.id, title_for(o.title, o.patient), {}, {}, {},
                       citations.cite(r ? reason_refs(pack, *r) : joined(o.refs, o.evidence.refs))};
        if (r != nullptr) {
            a.verdict = std::string(to_string(r->verdict));
            a.answer = text_of(&pack, "asked_" + a.verdict);
            a.reasons = patient_reasons(*r);
        } else {
            a.answer = text_of(&pack, "asked_unassessed");
        }
        h.asked.push_back(std::move(a));
    }

    for (const auto& a : result.assessments) {
        if (a.assessment < 0 || static_cast<std::size_t>(a.assessment) >= pack.assessments.size()) continue;
        const Finding& f = pack.assessments[static_cast<std::size_t>(a.assessment)];
        const PatientText t = with_passages(f.patient, f.passages, a.passages);
        h.assessments.push_back({f.id, title_for(f.title, f.patient), clean_text(t.what),
                                 clean_text(t.come_back), a.likelihood == Likelihood::Likely,
                                 citations.cite(f.refs), {}});
    }
    std::stable_partition(h.assessments.begin(), h.assessments.end(), [](const FindingSection& s) { return s.likely; });

    h.diagram = stage_diagram(pack, *in.answers);

    // Tests the result suggests. An item without patient text is left out rather than shown
    // with clinician wording (validate --strict and the handout tests keep the pack complete).
    for (const auto& w : result.workup) {
        if (w.finding < 0 || static_cast<std::size_t>(w.finding) >= pack.workup.size()) continue;
        const Finding& f = pack.workup[static_cast<std::size_t>(w.finding)];
        if (f.patient.what.empty()) continue;
        const PatientText t = with_passages(f.patient, f.passages, w.passages);
        h.workup.push_back({f.id, title_for(f.title, f.patient), clean_text(t.what), citations.cite(f.refs)});
    }
    if (!h.workup.empty()) h.workup_intro = text_of(&pack, "workup_intro");

    const std::vector<std::string> chosen = in.chosen_options ? *in.chosen_options : default_choice(pack, *in.answers, result);
    for (const auto& id : chosen) {
        const int i = pack.find_option(id);
        if (i < 0) throw HandoutError("the pack has no option '" + clean_text(id, true) + "'");
        if (std::any_of(h.options.begin(), h.options.end(), [&](const OptionSection& s) { return s.id == id; })) continue;
        const Option& o = pack.options[static_cast<std::size_t>(i)];
        const OptionResult* r = find_result(result, i);
        // Passages are shown only where the result speaks of the option (their assumptions were
        // checked against this patient); an option the clinician adds by hand gets its generic text.
        const PatientText t = r ? with_passages(o.patient, o.passages, r->passages) : o.patient;
        // The reasons are given once: under "You asked about" when the patient asked.
        const bool answered_above = std::any_of(h.asked.begin(), h.asked.end(), [&](const AskedSection& a) { return a.id == o.id; });
        h.options.push_back({o.id, title_for(o.title, o.patient), r ? std::string(to_string(r->verdict)) : std::string(),
                             r && !answered_above ? patient_reasons(*r) : std::vector<std::string>{}, clean(t),
                             citations.cite(joined(o.refs, o.evidence.refs))});
    }

    // Unproven or unavailable options the result speaks of, unless the clinician chose to
    // explain one in full above.
    h.come_back = text_of(&pack, "come_back");
    h.unproven_intro = text_of(&pack, "unproven_intro");
    for (const auto& r : result.options) {
        if (r.option < 0 || static_cast<std::size_t>(r.option) >= pack.options.size()) continue;
        const Option& o = pack.options[static_cast<std::size_t>(r.option)];
        if (!o.unproven && r.verdict != Verdict::NotAvailable) continue;
        if (std::find(chosen.begin(), chosen.end(), o.id) != chosen.end()) continue;
        if (std::any_of(h.asked.begin(), h.asked.end(), [&](const AskedSection& a) { return a.id == o.id; })) continue;
        h.unproven.push_back({o.id, title_for(o.title, o.patient), clean_text(o.patient.what),
                              citations.cite(joined(o.refs, o.evidence.refs))});
    }

    const bool asked_unproven = std::any_of(h.asked.begin(), h.asked.end(), [](const AskedSection& a) {
        return a.verdict == "trial_only" || a.verdict == "not_available";
    });
    if (!h.unproven.empty() || asked_unproven) h.trial_registries = text_of(&pack, "trial_registries");

    h.references = citations.take();
    if (!h.references.empty()) h.references_intro = text_of(&pack, "references_intro");
    return h;
}

std::string today_iso() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char b[16];
    std::strftime(b, sizeof b, "%Y-%m-%d", &tm);
    return b;
}

}  // namespace hc::handout
