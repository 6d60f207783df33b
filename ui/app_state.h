// Everything the app shows, in plain structs: which screen, which patient, which page, what is
// typed and whether it is saved. Screens read it (const) and emit actions (actions.h); only
// apply() in actions.cpp changes it. No ImGui and no GLFW here, so it is tested without a window.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/answers.h"
#include "engine/examples.h"
#include "engine/pack.h"
#include "engine/result.h"
#include "engine/stored_result.h"
#include "db/store.h"
#include "handout/pdf.h"
#include "handout/print.h"
#include "ui/settings.h"
#include <nlohmann/json.hpp>

namespace hc::ui {

enum class Screen { Start, Consultation, Review, Sessions, About, Settings };
std::string_view screen_name(Screen);               // "start", "consultation", ...
bool screen_from_name(std::string_view, Screen&);   // for --screen

// Autosave timing. Saving waits for a pause in typing (debounce) but never longer than
// max_wait after the first unsaved change; a failed save is retried with a growing delay.
struct AutosavePolicy {
    double debounce_s = 0.8;    // quiet time after the last keystroke before saving
    double max_wait_s = 5.0;    // an unsaved change is never older than this while typing
    double retry_first_s = 2.0; // first retry after a failure, doubling
    double retry_max_s = 30.0;
    double checkpoint_idle_s = 3.0;  // quiet time after a save before the store's WAL checkpoint
};

enum class SaveState { Saved, Unsaved, Saving, Failed };

// A consultation on the clinic's shared store (db::Store::shared()) is edited in one room at a
// time: that room holds its lease (db::Lease). Another room opening it watches: the latest
// typing, read-only, refreshed as the editing room saves, until it takes over. On a file store
// nothing here is ever set.
struct RoomLock {
    bool held = false;                    // this room holds the lease; let go when the draft goes
    bool watching = false;                // read-only here: another room has it (or had it, see holder)
    std::optional<db::Lease> holder;      // watching: who edits it now (nullopt: nobody, "Edit here")
    // What this room had typed and not saved when another room took over or saved first: kept
    // on screen, selectable, for the clinician to copy. Cleared when the draft goes.
    std::string lost_text;
    std::string lost_why;                 // one line: who took it, or who saved first
};

// The consultation being edited (or looked at) on the consultation screen.
struct Draft {
    enum class Mode {
        InProgress,  // autosaved as typed (store draft), Ctrl+S saves a revision
        Amending,    // a finalised consultation being changed: kept in memory until "Save amendment"
        Finalised,   // locked, read-only
    };
    Mode mode = Mode::InProgress;
    db::PatientId patient_id = 0;
    std::string patient_label;         // shown in the header only, never in titles or ini
    db::ConsultationId consultation_id = 0;  // 0 until the first save succeeds
    std::optional<db::ConsultationId> follow_up_of;
    int revisions = 0;                 // revisions saved so far
    std::string amend_reason;          // required to save an amendment
    bool amendment_changed = false;    // Amending: something differs from the finalised revision
    Answers answers;
    Result result;                     // evaluate(pack, answers), kept current by reevaluate()
    std::vector<bool> enabled;         // enabled_items(questionnaire, answers)
    std::vector<db::Override> overrides;   // the clinician's accept/decline of options, with reasons
    std::optional<Answers> previous;   // answers of the visit followed up (for "what changed")
    // Set: one of the pack's example consultations (its title), opened without a patient. It is
    // never saved or listed; naming a real patient in the header turns it into a real draft.
    std::string example;
    RoomLock room;                     // several rooms: who edits it (see RoomLock)
    // As last saved or opened: what "typed and not saved" is measured against when another
    // room takes the consultation over (RoomLock::lost_text).
    Answers saved_answers;
    std::vector<db::Override> saved_overrides;
    bool finalised() const { return mode == Mode::Finalised; }
};

// How the consultation screen shows the open consultation, beyond its answers: the page, where
// scrolling and the keyboard go, the "why"s expanded, a decision's reason being typed, and the
// finalise question. Reset with each consultation opened.
struct ConsultationView {
    int page = 0;                     // questionnaire page shown
    Slot focus_item = -1;             // item to scroll to / focus (set by "jump to missing")
    bool focus_item_scrolled = false; // the screen scrolled to focus_item once (act::ScrolledToItem)
    bool page_opened = false;         // a page was just opened: it shows from its top (act::PageShown)
    Slot focus_question = -1;         // the question the keyboard goes to (AppState::focus_target)
    std::vector<int> why_open;        // option indices whose "why" is expanded
    std::string decision_reason;      // reason being typed for accept/decline (required by the store)
    int decision_option = -1;         // option the reason belongs to
    bool confirm_finalise = false;    // "Finalise this consultation?" is showing
};

struct SaveStatus {
    SaveState state = SaveState::Saved;
    double first_unsaved_at = 0;  // when the oldest unsaved change was made
    double last_edit_at = 0;
    double saved_at = -1;         // time of the last successful save (-1: never)
    long long saved_wall = 0;     // the same as wall-clock seconds, for "Saved 10:42"
    double retry_at = 0;          // next attempt after a failure
    double retry_delay = 0;
    int failures = 0;             // consecutive failed attempts
    // The store said a retry would fail the same way (the consultation was finalised or
    // withdrawn elsewhere, or is gone): no automatic retries, the typing stays on screen.
    bool hopeless = false;
    bool checkpoint_due = false;  // a save reached the WAL; checkpoint once the clinician pauses
    std::string error;            // the last failure, shown in the banner until a save succeeds
};

struct StartState {
    std::string search;                          // patient search text
    std::vector<db::Patient> patients;           // matches of `search`
    db::PatientId selected_patient = 0;
    std::vector<db::ConsultationSummary> recent;      // recent consultations (all patients)
    std::vector<db::ConsultationSummary> of_patient;  // consultations of the selected patient
    std::string new_name;                        // "Add patient" form
    std::string new_birth_date;                  // optional, YYYY-MM-DD
    std::string new_record_number;               // optional
    // Another room saved and these lists would change order or gain rows: the rows shown are
    // kept where they are (updated in place), so a click never lands on a row that slid under
    // the pointer; "Show the latest" reads them again.
    bool stale = false;
};

struct SessionsState {
    db::ListFilter filter;
    int page_size = 25;
    std::vector<db::ConsultationSummary> rows;
    // Cursor that started each page seen so far (nullopt: the first page), for "Previous".
    std::vector<std::optional<db::PageCursor>> page_starts;
    std::optional<db::PageCursor> next;
    bool stale = false;  // as StartState::stale
};

struct ReviewState {
    std::optional<db::Consultation> saved;
    db::Revision shown;                // the revision on screen: the latest, or one chosen in the history
    // shown's stored result, read by hc::read_stored_result; empty when it cannot be read, and
    // then `unreadable` says why (the screen shows it as a banner, the answers still shown).
    std::optional<StoredResult> decided;
    std::string unreadable;
    nlohmann::json answers;            // shown's stored answers JSON, parsed (an object; empty if unreadable)
    db::Reevaluation today;            // today's pack on the same answers (on request)
    bool reevaluated = false;
    std::vector<db::ChainEntry> chain; // the follow-up chain through this consultation
    std::string chain_problem;         // why the chain cannot be shown (a visit's result unreadable)
    std::string autosave_at;           // set: an in-progress consultation shown from its latest autosave
};

struct Message {
    enum class Kind { Info, Warning, Error } kind = Kind::Info;
    std::string text;
    // Why it is shown, so it goes when its cause does: a save problem goes when a save succeeds
    // (or the consultation is closed); news of what just happened (Info) goes with the screen.
    bool about_saving = false;
    int seq = 0;  // order of saying (AppState::message_seq)
};

// One option the clinician may explain in the handout. The choice belongs to this handout
// request only; it is not part of the clinical record.
struct HandoutChoice {
    std::string option_id;
    std::string title;
    Verdict verdict = Verdict::Consider;
    bool chosen = false;
};

// What a handout opened on the Review screen is made from: one saved revision as decided, never
// the draft. Filled once when the panel opens; the consultation itself is not touched.
struct ReviewHandout {
    std::shared_ptr<const Pack> pack;    // keeps the pack the result points into alive
    db::ConsultationId consultation_id = 0;
    int revision = 0;                    // the revision's number (1, 2, ...)
    std::string patient_label;
    std::string date;                    // the consultation's date (YYYY-MM-DD), printed on the handout
    Answers answers;                     // the revision's effective answers
    Result result;                       // as decided, or today's evaluation (see `note`)
    std::vector<db::Override> overrides; // the clinician's accept/decline with that revision
    bool as_decided = false;             // `result` is the stored one, rebuilt
    std::string note;                    // why today's evaluation is used instead; empty when as decided
};

// The handout panel (a modal over the consultation or Review screen): what goes in, the preview
// pages, the printers, and the outcome of the last save or print.
struct HandoutPanel {
    bool open = false;
    std::optional<ReviewHandout> review; // set: made from a saved revision (Review screen)
    std::vector<HandoutChoice> choices;  // offered options, in result order
    handout::Paper paper = handout::Paper::A4;
    std::vector<handout::Image> pages;   // preview images (straight RGBA), one per page
    double page_width_pt = 0, page_height_pt = 0;
    int generation = 0;                  // changes whenever `pages` change; textures follow it
    std::string render_error;            // the preview could not be made (shown in the panel)
    bool rendering = false;              // the preview of `generation` is being made (ui/tasks.h)
    bool printers_listed = false;
    bool listing_printers = false;       // the print service is being asked for its printers
    bool printing = false;               // a print job is on its way to the print service
    std::vector<handout::Printer> printers;
    std::string printer;                 // the one chosen
    bool no_print_service = false;       // CUPS did not answer: offer Save PDF instead
    std::string print_problem;           // why printing is not possible now (shown in the panel)
    std::optional<Message> status;       // outcome of the last save or print
    std::string saved_path;              // the last PDF saved
};

struct AppState {
    std::shared_ptr<const Pack> pack;
    std::vector<Example> examples;   // the pack's examples, offered while no consultation is saved
    Screen screen = Screen::Start;
    std::string database_in_use;     // the store's location as opened (a file path or a server address)
    bool read_only = false;          // another copy holds the database; nothing is written
    std::string read_only_reason;

    StartState start;
    SessionsState sessions;
    ReviewState review;

    std::optional<Draft> draft;      // the consultation on the consultation screen
    SaveStatus save;
    AutosavePolicy autosave;
    ConsultationView view;           // the consultation screen's page, scroll, keyboard, open "why"s
    // Where the keyboard goes next frame: a question (its first unanswered one after a page
    // change or an answer), the page's "Next page" button, or the result panel. One-shot: the
    // screen takes it and says so (act::FocusTaken).
    enum class FocusTarget { None, Question, NextPage, Result, Search };
    FocusTarget focus_target = FocusTarget::None;  // a question: view.focus_question
    std::string author;              // recorded with every revision (the login name)
    std::string room;                // this desk's name, shown to other rooms with its lease (--room, settings, host name)
    std::string feed_problem;        // other rooms' changes are not arriving (server unreachable); empty when they are

    std::vector<Message> messages;   // banners; errors stay until dismissed or their cause is gone
    int message_seq = 0;
    std::optional<Message> modal;    // one modal at a time (finalise problems, fatal errors)
    bool discard_on_close = false;   // closing was asked once with an unsaved amendment: the next close discards it

    AppSettings settings;            // in use (clinic names, paper, handout folder, printer)
    AppSettings settings_edit;       // being edited on the settings screen until "Save settings"
    HandoutPanel handout;

    bool dark = false;
    float zoom = 1.0f;               // multiplies the font size; Ctrl +/- and Ctrl 0
    bool quit = false;
    int frames_failed = 0;           // frames in a row that could not be drawn (act::FrameFailed)
    std::string fatal;               // why the app stopped by itself (printed on exit, exit code 1)
};

// Whether the open consultation's answers may be changed here now: not finalised, the store
// writable, and not being edited in another room.
bool draft_editable(const AppState&);

// Number of pages and the items of one page that are shown now (enabled), in order.
int page_count(const AppState&);
std::vector<Slot> visible_items(const AppState&, int page);

// The first shown, answerable, unanswered item of `page` (else its first answerable one), or -1.
Slot first_unanswered(const AppState&, int page);
// The next shown, unanswered item on the page after `after`, or -1 when none is left.
Slot next_unanswered(const AppState&, Slot after);

// Whether finalising is allowed now, and why not (one line per reason, empty when allowed).
std::vector<std::string> finalise_blockers(const AppState&);

// The questionnaire progress: answered and shown answerable items / shown answerable items.
struct Progress { int answered = 0; int shown = 0; int required_missing = 0; };
Progress progress(const AppState&);

}  // namespace hc::ui
