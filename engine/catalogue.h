// What a pack can say: the assessments, red flags, workup items and options it knows, with
// their clinical text and references. Rules refer to these by id.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/conditions.h"

namespace hc {

enum class Verdict { FirstLine, Consider, NotNow, TrialOnly, NotAvailable, Avoid };
// Restrictiveness used when several rules speak of one option; higher wins:
// avoid > not_available > trial_only > not_now > consider > first_line.
int restrictiveness(Verdict);
std::string_view to_string(Verdict);             // "first_line", ...
bool verdict_from_string(std::string_view, Verdict&);
std::string_view verdict_label(Verdict);         // "First line", "Consider", ...

struct Reference {
    std::string id;       // "R44"
    std::string authors;
    std::string title;
    std::string source;   // journal, label, regulator
    std::string year;
    std::string doi, pmid, url;
    std::string role;     // what the pack cites it for: efficacy, safety, regulatory, context
    std::string kind;     // what sort of source: trial, meta_analysis, guideline, label, news, ...
    std::string citation() const;  // one line, for review screens and handouts
};

// The closed lists of docs/pack-format.md ("references.json"); the loader refuses anything else.
bool is_reference_role(std::string_view role);
bool is_reference_kind(std::string_view kind);
const char* reference_roles_list();  // "efficacy, safety, regulatory, context" for messages
const char* reference_kinds_list();
// Press releases, news and preclinical work: never enough on their own to say an option works.
bool is_hearsay_kind(std::string_view kind);

// Patient-facing text for the handout, in plain words (about reading grade 6-8).
struct PatientText {
    std::string title;          // plain heading for the handout; empty: the clinical title is used
    std::string what;           // what it is / what is going on (workup: what the test is, why it helps)
    std::string how;            // how to use it
    std::string when_results;   // when to expect results
    std::string watch_for;      // side effects, what to watch for
    std::string come_back;      // when to come back
};

// A sentence for some patients only. It states the facts it assumes as a condition (the rule
// language), and is shown only where that condition is true for the patient; text that is true
// for everyone stays in PatientText. `field` says which part of the patient text it extends
// ("what", "how", "when_results", "watch_for", "come_back").
struct Passage {
    std::string field;
    Condition assumes;          // assumes.text() is the condition as written, for review screens
    std::string text;
};

struct Finding {  // an assessment, a red flag or a workup item
    std::string id;
    std::string title;          // clinician wording; the handout prefers patient.title
    std::string summary;        // for the clinician
    std::string action;         // red flags: what to do (refer, urgency)
    PatientText patient;        // handout wording (title, what, come_back used for findings)
    std::vector<Passage> passages;  // patient wording that holds only for some patients
    std::vector<std::string> refs;
};

struct Evidence {
    std::string grade;    // a grade of the pack's evidence scale ("A".."D", "X")
    std::string summary;  // one or two sentences with figures
    std::vector<std::string> refs;
};

struct Option {
    std::string id;
    std::string title;
    std::string kind;         // medicine, procedure, device, lifestyle, referral, experimental
    Evidence evidence;
    std::string approval;     // regulatory status in plain words
    std::string regimen;
    std::string time_to_effect;
    std::vector<std::string> side_effects;
    std::vector<std::string> cautions;
    PatientText patient;
    std::vector<Passage> passages;  // patient wording that holds only for some patients
    bool unproven = false;    // experimental / not available: handout's "not proven" section
    std::vector<std::string> refs;
};

struct EvidenceScale {
    std::string name;
    std::string source;
    std::map<std::string, std::string> grades;  // grade -> meaning
};

}  // namespace hc
