// Requests the screens make, and the one place that carries them out. A screen never changes
// AppState itself: it pushes actions; the main loop calls apply() for each, then tick().
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "ui/app_state.h"

namespace hc::ui {

namespace act {
struct Navigate { Screen to; };
struct SearchPatients { std::string text; };
struct SelectPatient { std::int64_t id; };
struct AddPatient { std::string name; std::string birth_date; std::string record_number; };
struct EditNewPatient { std::string name; std::string birth_date; std::string record_number; };
struct StartConsultation { std::int64_t patient_id; };
struct OpenExample { int index; };                 // into AppState::examples, as an unsaved draft
struct StartFollowUp { std::int64_t of; };          // a consultation of the patient
struct OpenConsultation { std::int64_t id; };      // review screen, read-only
struct SetAnswer { Slot slot; Value value; };       // an empty Value clears the answer
struct GotoPage { int page; };
struct JumpToItem { Slot slot; };                   // "missing" list, required items
struct FocusQuestion { Slot slot; };                // keyboard to this question
struct FocusNextQuestion { Slot after; };           // Enter/Tab after answering: the next unanswered one
struct FocusResult {};                              // F6 from the questionnaire
struct FocusSearch {};                              // Ctrl+F
struct FocusTaken {};                               // the screen moved the keyboard as asked
struct ScrolledToItem {};                           // the screen scrolled to focus_item (once per jump)
struct PageShown {};                                // the screen showed the page just opened from its top
struct ToggleWhy { int option; };
struct EditDecisionReason { int option; std::string text; };
struct Decide { int option; bool accepted; };       // uses the reason typed for that option
struct ClearDecision { int option; };
struct SaveNow {};                                   // a revision now (Ctrl+S); amendment when amending
struct Finalise {};                                  // finalises now (what the confirmation's Enter sends)
struct AskFinalise {};                               // the button and Ctrl+Enter: asks once first
struct CancelFinalise {};                            // Escape in the confirmation
struct EditSaved {};                                 // from review: continue an in-progress one, amend a finalised one
struct EditAmendReason { std::string text; };
struct DiscardAmendment {};                          // drops the amendment, back to the review as finalised
struct ViewRevision { std::int64_t revision; };     // review: show this revision of the consultation
struct Reevaluate {};                                // review: what today's pack says
struct QuerySessions { db::ListFilter filter; };
struct OpenHandout {};                               // the handout panel, preview rendered; on Review
                                                     // made from the revision shown, dated as it
struct CloseHandout {};                              // drops the preview pages
struct ToggleHandoutOption { int index; };           // into HandoutPanel::choices
struct SetHandoutPaper { handout::Paper paper; };
struct RefreshPrinters {};
struct ChoosePrinter { std::string name; };
struct SaveHandoutPdf {};                            // the panel's choices; audit row "exported"
struct PrintHandout {};                              // to the chosen printer; audit row "printed"
struct EditSettings { AppSettings settings; };       // the settings screen's fields
struct SaveSettings {};                              // validates, writes settings.json, applies
struct SessionsNextPage {};
struct SessionsPrevPage {};
struct DismissMessage { int index; };
struct DismissModal {};
struct SetDark { bool dark; };
struct Zoom { int steps; };                          // +1, -1; 0 resets
struct Quit {};
struct FrameFailed { std::string what; };            // drawing a frame threw (guarded_frame)
// Several rooms (RoomLock). TakeOver edits the watched consultation here: `force` moves the lease
// from the room holding it (which is told); without it, it is taken only while nobody holds it.
struct TakeOver { bool force = false; };
struct DismissLostText {};                           // the clinician has copied what was kept
struct ShowLatest {};                                // the list on screen read again (StartState::stale)
// Other rooms saved or took or let go of consultations (ui/room_feed.h); an empty list after
// the feed came back means "anything may have changed".
struct StoreChanged { std::vector<db::Change> changes; bool resync = false; };
}  // namespace act

using Action = std::variant<act::Navigate, act::SearchPatients, act::SelectPatient, act::AddPatient,
                            act::EditNewPatient, act::StartConsultation, act::OpenExample, act::StartFollowUp,
                            act::OpenConsultation, act::SetAnswer, act::GotoPage, act::JumpToItem, act::FocusQuestion,
                            act::FocusNextQuestion, act::FocusResult, act::FocusSearch, act::FocusTaken, act::ScrolledToItem, act::PageShown,
                            act::ToggleWhy, act::EditDecisionReason, act::Decide, act::ClearDecision, act::SaveNow,
                            act::Finalise, act::AskFinalise, act::CancelFinalise, act::EditSaved, act::EditAmendReason, act::DiscardAmendment, act::ViewRevision, act::Reevaluate, act::QuerySessions, act::SessionsNextPage,
                            act::SessionsPrevPage, act::DismissMessage, act::DismissModal,
                            act::SetDark, act::Zoom, act::Quit, act::OpenHandout, act::CloseHandout,
                            act::ToggleHandoutOption, act::SetHandoutPaper, act::RefreshPrinters, act::ChoosePrinter,
                            act::SaveHandoutPdf, act::PrintHandout, act::EditSettings, act::SaveSettings, act::FrameFailed,
                            act::TakeOver, act::DismissLostText, act::ShowLatest, act::StoreChanged>;

// What apply() and tick() may use. `store` may be null (no database): saving then reports an
// error and keeps the consultation in memory.
class Tasks;
class RoomWatch;

struct Services {
    db::Store* store = nullptr;
    Tasks* tasks = nullptr;               // slow work off the UI thread (ui/tasks.h); null: done at once
    RoomWatch* rooms = nullptr;           // other rooms' changes (ui/room_feed.h); null: not watched
    std::filesystem::path handout_dir;    // overrides the settings' handout folder (tests); empty: settings
    std::filesystem::path settings_path;  // where "Save settings" writes; empty: settings are not kept
    double preview_pixels_per_point = 1.5;  // preview page resolution (content scale x 1.5)
};

// True for an action after which the keyboard lands somewhere else (another question, page,
// screen or panel): input typed meanwhile should wait until it has (Platform::settle_input).
bool moves_keyboard(const Action& a);

// Carries out one action at time `now` (seconds, monotonic). Never throws: engine and storage
// errors become messages in `s` and the consultation in memory is kept.
void apply(AppState& s, const Action& a, Services& svc, double now);

// Time-driven work: autosave after the debounce, retries after a failed save. Returns the
// seconds until tick() next has something to do (for the event wait), or 1e9 when nothing is due.
double tick(AppState& s, Services& svc, double now);

// Opens a new draft prefilled with `answers` (from --answers) for patient `patient_id` (0: none).
void open_draft(AppState& s, db::PatientId patient_id, std::string patient_label, Answers answers);

// Refreshes start-screen lists from the store; storage errors become messages.
void refresh_start(AppState& s, Services& svc);

// Re-evaluates the draft after its answers changed (enabled items, result).
void refresh_result(AppState& s);

}  // namespace hc::ui
