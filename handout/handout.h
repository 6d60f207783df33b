// The patient handout as a model: what the patient takes home, composed from a consultation
// (pack, effective answers, result) and the clinic's settings. Renderers (pdf.h, html.h) turn
// it into pages; this file knows nothing of cairo, pango or HTML.
//
// Every clinical sentence comes from the pack (Option::patient, Finding::patient,
// Pack::handout_text, references). The only words this code adds are headings and labels.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/answers.h"
#include "engine/diagrams.h"
#include "engine/pack.h"
#include "engine/result.h"

namespace hc::handout {

// Bad handout input (an option id the pack does not know, an unusable output path, ...).
class HandoutError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class Paper { A4, Letter };

// Clinic and clinician settings; a plain struct, every field with its default. No patient data.
struct Settings {
    std::string clinic_name = "Hair clinic";  // top of every page
    std::string clinic_contact;               // address / phone / web, one line, may be empty
    std::string clinician_name;               // "Dr A. Example"; may be empty
    Paper paper = Paper::A4;
    double margin_mm = 18.0;                  // all four sides; clamped to 10..40 when rendering
};

// What the caller supplies for one handout.
struct Input {
    const Pack* pack = nullptr;          // required
    const Answers* answers = nullptr;    // effective answers (hidden items already removed); required
    const Result* result = nullptr;      // evaluate(pack, answers); required
    std::string patient_name;            // any Unicode; control characters are removed
    std::string date;                    // "YYYY-MM-DD" (shown as "21 November 2026"), or free text
    Settings settings;
    // Option ids to explain. Empty optional: the default_choice() of the result. The caller may
    // edit the list (add, remove, reorder); every id must be an option of the pack.
    std::optional<std::vector<std::string>> chosen_options;
};

// One option the clinician chose to discuss, in the patient's words from the pack.
struct OptionSection {
    std::string id;
    std::string title;
    std::string verdict;              // the result's verdict id ("first_line", ...); empty if the result has none
    std::vector<std::string> for_you; // the rules' plain reasons for this patient
    PatientText text;                 // generic text plus the passages that hold for this patient
    std::vector<int> cites;  // 1-based numbers into Handout::references
};

// An assessment or red flag, in the patient's words.
struct FindingSection {
    std::string id;
    std::string title;       // Finding::patient.title, else the clinical title
    std::string what;
    std::string come_back;
    bool likely = true;      // assessments: likely (true) or possible (false)
    std::vector<int> cites;
    // Red flags: what to do now, in the patient's words: the plain reasons of the effects
    // marked urgent by the rule raising the flag (for example "Please stop taking ...").
    std::vector<std::string> actions;
};

// A test the result suggests: what it is and why it helps, in the patient's words.
struct WorkupSection {
    std::string id;
    std::string title;       // Finding::patient.title, else the clinical title
    std::string what;
    std::vector<int> cites;
};

// The answer to a treatment the patient asked about, whatever its verdict.
struct AskedSection {
    std::string id;
    std::string title;
    std::string verdict;              // verdict id
    std::string answer;               // the verdict in plain words (handout.json "asked_<verdict>")
    std::vector<std::string> reasons; // the rules' plain reasons for this patient
    std::vector<int> cites;
};

// A treatment that is not proven or not available, explained kindly in one or two sentences.
struct UnprovenSection {
    std::string id;
    std::string title;
    std::string what;
    std::vector<int> cites;
};

struct Diagram {
    StageScale scale = StageScale::Norwood;
    std::string code;   // stage code of the questionnaire
    std::string label;  // "Norwood III"
    std::string caption;
};

// Headings and labels: fixed words of the layout, overridable by the pack's handout_text
// (key "heading_<name>"). Not clinical content.
struct Labels {
    std::string assessment, stage, options, workup, unproven, red_flags, references, disclaimer;
    std::string prepared_for, date, clinician, what, how, when_results, watch_for, come_back;
    std::string also_possible, sources, asked;
};
Labels labels_for(const Pack* pack);

// Every handout.json key the handout reads (texts and "heading_<name>" labels). A pack key
// outside this list would be dead text; the handout tests hold the shipped pack to it.
std::vector<std::string> handout_text_keys();

struct Handout {
    Labels labels;
    // Header.
    std::string clinic_name, clinic_contact, clinician_name;
    std::string patient_name;
    std::string date;              // as shown
    Paper paper = Paper::A4;
    double margin_mm = 18.0;

    // Headings and texts that belong to no option (from Pack::handout_text when present).
    std::string title;
    std::string intro;

    // True when the consultation is not finished (required answers missing, or no assessment
    // and no red flag yet): the sheet then says so plainly and explains no cause or treatment.
    bool unfinished = false;
    std::string unfinished_text;
    std::vector<std::string> still_needed;    // plain labels of the questions still open

    std::vector<AskedSection> asked;          // the patient's own questions, in the order asked
    std::vector<FindingSection> assessments;  // likely first
    std::optional<Diagram> diagram;           // the stage chosen in the answers, if any
    std::vector<OptionSection> options;       // in the chosen order
    std::string workup_intro;
    std::vector<WorkupSection> workup;        // tests the result suggests, in pack order
    std::string come_back;                    // general advice on when to come back sooner
    std::string unproven_intro;
    std::vector<UnprovenSection> unproven;
    std::string trial_registries;             // where to find a registered study
    std::string red_flag_intro;
    std::vector<FindingSection> red_flags;
    std::string references_intro;
    std::vector<std::string> references;      // citation lines, numbered from 1 in this order
    std::string disclaimer;
    std::string evidence_reviewed;            // "Advice reviewed against the evidence on <date>.", small, after the disclaimer

    std::vector<std::string> option_ids() const;  // ids of `options`, for audit records
};

// The default options to explain: first_line and consider verdicts of the result, in result
// order, leaving out unproven ones (they have their own section) and, when the result has
// more than a few, the lifestyle and referral entries beyond the first three medical choices
// the patient did not ask about (so a sheet stays short). Empty for an unfinished consultation.
std::vector<std::string> default_choice(const Pack& pack, const Answers& answers, const Result& result);

// True when the handout for these answers would be the "not finished yet" sheet.
bool is_unfinished(const Pack& pack, const Answers& answers, const Result& result);

// Composes the handout. Text is cleaned on the way in (invalid UTF-8 replaced, control
// characters removed) so no renderer sees bytes that Pango or HTML would refuse.
// Throws HandoutError for a missing pack/answers/result or an option id the pack does not know.
Handout compose(const Input& in);

// Today's date as YYYY-MM-DD in local time: the default date of a handout.
std::string today_iso();


}  // namespace hc::handout
