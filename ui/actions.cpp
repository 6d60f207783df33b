// The one place that changes AppState. Every storage or engine failure is caught here and
// becomes a message; the consultation in memory is never dropped.
#include "ui/actions.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <nlohmann/json.hpp>

#include "base/identity.h"
#include "engine/errors.h"
#include "engine/evaluate.h"
#include "engine/json_input.h"
#include "engine/result.h"
#include "ui/handout_actions.h"
#include "ui/rooms.h"
#include "ui/tasks.h"

namespace hc::ui {

namespace {

constexpr std::size_t kMaxMessages = 6;
constexpr double kNever = 1e9;

void say(AppState& s, Message::Kind k, std::string text, bool about_saving = false) {
    // The same warning twice in a row is one banner, not a stack of them.
    if (!s.messages.empty() && s.messages.back().text == text) return;
    s.messages.push_back({k, std::move(text), about_saving, ++s.message_seq});
    if (s.messages.size() > kMaxMessages) s.messages.erase(s.messages.begin());
}

// A save went through (or the consultation it was about is gone): its problems are over.
void forget_save_problems(AppState& s) {
    std::erase_if(s.messages, [](const Message& m) { return m.about_saving; });
}

void mark_dirty(AppState& s, double now) {
    if (s.draft && s.draft->mode == Draft::Mode::Amending) s.draft->amendment_changed = true;
    if (s.save.state == SaveState::Saved) s.save.first_unsaved_at = now;
    if (s.save.state != SaveState::Failed) s.save.state = SaveState::Unsaved;
    s.save.last_edit_at = now;
}

enum class SaveKind { Autosave, Revision, Finalise };

// Draft `d` shows saved consultation `c`: the latest typing of one in progress (its store draft),
// else its latest revision; the mode follows its status. The screen's view is left as it is.
void load_saved_into(Draft& d, const db::Consultation& c, const Pack& pack) {
    const bool in_progress = c.summary.status == db::Status::InProgress;
    const bool typed = in_progress && c.autosave;
    d.patient_id = c.summary.patient_id;
    d.patient_label = c.summary.patient_name;
    d.consultation_id = c.summary.id;
    d.follow_up_of = c.summary.follow_up_of;
    d.revisions = c.summary.revision_count;
    d.answers = typed ? db::answers_of(*c.autosave, pack) : db::answers_of(c.latest, pack);
    d.overrides = typed ? c.autosave->overrides : c.latest.overrides;
    d.mode = in_progress ? Draft::Mode::InProgress
           : c.summary.status == db::Status::EnteredInError ? Draft::Mode::Finalised : Draft::Mode::Amending;
    d.amend_reason.clear();
    d.amendment_changed = false;
    d.saved_answers = d.answers;
    d.saved_overrides = d.overrides;
}

// This room lets go of the open consultation (the draft is being replaced, or is done with):
// another room may edit it at once.
void let_go(AppState& s, Services& svc) {
    if (!s.draft || !s.draft->room.held) return;
    s.draft->room.held = false;
    if (svc.store && s.draft->consultation_id) svc.store->release_lease(s.draft->consultation_id);
}

// Another room took the open consultation over (a write was refused with Leased, or the feed
// said its lease moved) or saved a newer revision first (Conflict). The record is shown as it
// now is, read-only; what was typed here and not saved stays on screen to copy.
void lose_edit(AppState& s, Services& svc, const std::string& why) {
    Draft& d = *s.draft;
    const Answers typed = d.answers;
    const std::vector<db::Override> typed_overrides = d.overrides;
    const std::string reason = d.mode == Draft::Mode::Amending ? d.amend_reason : std::string();
    std::string lost = unsaved_text(*s.pack, d.saved_answers, typed, d.saved_overrides, typed_overrides, reason);
    d.room.held = false;
    d.room.watching = true;
    try {
        d.room.holder = svc.store->lease_of(d.consultation_id);
        load_saved_into(d, svc.store->get(d.consultation_id), *s.pack);
    } catch (const std::exception& e) {
        // The record cannot be read now: what is on screen stays, read-only, and says so.
        d.room.holder.reset();
        say(s, Message::Kind::Error, std::string("The consultation as saved cannot be shown: ") + e.what());
    }
    d.room.lost_why = d.room.holder ? taken_over_words(*d.room.holder) : why;
    if (!lost.empty()) {
        // Several losses in a row (taken over twice): the older text is kept above the newer.
        d.room.lost_text = d.room.lost_text.empty() ? lost : d.room.lost_text + "\n" + lost;
    }
    s.save = SaveStatus{};
    forget_save_problems(s);
    s.view.confirm_finalise = false;
    refresh_result(s);
    say(s, Message::Kind::Warning,
        d.room.lost_why + (d.room.lost_text.empty() ? std::string(" Nothing typed here was lost.")
                                                    : std::string(" What you typed here and had not saved is kept "
                                                                  "on the consultation screen, to copy.")));
}

// One save attempt; on failure the draft stays, the state says Failed and a retry is planned.
bool write_consultation(AppState& s, Services& svc, double now, SaveKind kind) {
    if (!s.draft || !s.pack) return false;
    Draft& d = *s.draft;
    try {
        if (s.read_only) throw std::runtime_error("this copy is read-only (" + s.read_only_reason + ")");
        if (!svc.store) throw std::runtime_error("no database is open");
        if (d.patient_id == 0) throw std::runtime_error("no patient chosen");
        if (d.finalised()) return true;
        if (d.room.watching) {
            // Another room has it (or had it, and this room has not taken it back): nothing of
            // this room's goes in until it does.
            s.save.error = "another room has this consultation; take it over to save it here";
            return false;
        }
        s.save.state = SaveState::Saving;
        auto& st = *svc.store;
        // On the clinic's store a revision is refused (Conflict) when another room saved one
        // since this room last read the consultation (the revisions it knows of, at the call).
        const auto based_on = [&]() { return st.shared() ? std::optional<int>(d.revisions) : std::nullopt; };
        if (d.mode == Draft::Mode::Amending) {
            if (kind == SaveKind::Autosave) {  // amendments are one revision each: only on request
                s.save.state = SaveState::Unsaved;
                return false;
            }
            if (d.amend_reason.empty()) throw std::runtime_error("give the reason for the amendment");
            st.amend(d.consultation_id, *s.pack, d.answers, d.overrides, s.author, d.amend_reason, based_on());
            d.mode = Draft::Mode::Finalised;
            ++d.revisions;
            let_go(s, svc);
        } else {
            if (d.consultation_id == 0) {
                d.consultation_id = st.start_consultation(d.patient_id, *s.pack, d.answers, s.author,
                                                          d.follow_up_of, d.overrides);
                d.revisions = 1;
                if (st.shared()) {
                    // Nobody else can know of it yet, so this cannot be refused; a failure here
                    // (the server just went away) leaves it unheld, and the next save says why.
                    try {
                        st.take_lease(d.consultation_id, s.room, s.author);
                        d.room.held = true;
                    } catch (const db::StoreError&) {
                    }
                }
            } else if (kind == SaveKind::Autosave) {
                st.autosave(d.consultation_id, *s.pack, d.answers, d.overrides, s.author);
            } else if (kind == SaveKind::Revision) {
                st.save(d.consultation_id, *s.pack, d.answers, d.overrides, s.author, based_on());
                ++d.revisions;
            }
            if (kind == SaveKind::Finalise) {
                st.finalise(d.consultation_id, *s.pack, d.answers, d.overrides, s.author,
                            based_on());
                ++d.revisions;
                d.mode = Draft::Mode::Finalised;
                let_go(s, svc);
            }
        }
        d.saved_answers = d.answers;
        d.saved_overrides = d.overrides;
        s.save = SaveStatus{};
        forget_save_problems(s);
        s.save.saved_at = now;
        s.save.checkpoint_due = true;
        s.save.saved_wall = static_cast<long long>(std::time(nullptr));
        return true;
    } catch (const std::exception& e) {
        const auto* se = dynamic_cast<const db::StoreError*>(&e);
        if (se && (se->kind() == db::StoreError::Kind::Leased || se->kind() == db::StoreError::Kind::Conflict) &&
            d.consultation_id) {
            // Another room has it now: retrying cannot help, and its record is what counts.
            lose_edit(s, svc, e.what());
            s.save.error = e.what();
            return false;
        }
        s.save.state = SaveState::Failed;
        ++s.save.failures;
        if (se) s.save.hopeless = se->kind() == db::StoreError::Kind::WrongState || se->kind() == db::StoreError::Kind::NotFound;
        s.save.retry_delay = std::min(s.autosave.retry_first_s * std::pow(2.0, s.save.failures - 1),
                                      s.autosave.retry_max_s);
        s.save.retry_at = now + s.save.retry_delay;
        s.save.error = e.what();
        return false;
    }
}

// Drops the handout panel and its preview pages; the new generation tells the textures to go.
void close_handout(AppState& s) {
    const int generation = s.handout.generation + 1;
    s.handout = HandoutPanel{};
    s.handout.generation = generation;
}

// Shows revision `rev` of the consultation under review: its answers and result as stored. A
// stored result or answers text that cannot be read is said on the screen, never thrown: the
// rest of the consultation (history, other revisions) stays reachable.
void show_revision(ReviewState& r, db::Revision rev) {
    r.decided.reset();
    r.unreadable.clear();
    try {
        r.decided = read_stored_result(rev.result_json);
    } catch (const StoredResultError& e) {
        r.unreadable = "The result saved with revision " + std::to_string(rev.info.number) + " cannot be read (" + e.what() +
                       "). Its answers are shown; \"What would today's pack say?\" evaluates them again.";
    }
    try {
        r.answers = parse_json(rev.answers_json, "stored answers");
        if (!r.answers.is_object()) throw JsonInputError("stored answers: not an object");
    } catch (const JsonInputError& e) {
        r.answers = nlohmann::json::object();
        r.unreadable += std::string(r.unreadable.empty() ? "" : "\n") + "The answers saved with revision " +
                        std::to_string(rev.info.number) + " cannot be read (" + e.what() + ").";
    }
    r.shown = std::move(rev);
}

// `refresh`: another room saved it while it is on screen; read again without a new "opened"
// audit row, the handout panel left open, and the revision chosen in the history kept.
void load_review(AppState& s, Services& svc, db::ConsultationId id, bool refresh = false) {
    if (!svc.store) {
        say(s, Message::Kind::Error, "No database is open, so saved consultations cannot be shown.");
        return;
    }
    try {
        ReviewState r;
        r.saved = s.read_only || refresh ? svc.store->get(id) : svc.store->open_consultation(id, s.author);
        show_revision(r, r.saved->latest);
        // A different pack version: show beside "as decided" what today's pack would say.
        if (r.shown.info.pack_version != s.pack->version || r.shown.info.pack_id != s.pack->id) {
            r.today = db::reevaluate(r.shown, *s.pack);
            r.reevaluated = true;
        }
        // In progress, its typing newer than its last revision (another window's autosave): show
        // those answers and what today's pack makes of them, saying so, rather than the stale revision.
        if (r.saved->summary.status == db::Status::InProgress && r.saved->autosave) {
            const Answers typed = db::answers_of(*r.saved->autosave, *s.pack);
            r.answers = answers_to_json(s.pack->questionnaire, typed);
            r.decided = read_stored_result(to_json(*s.pack, typed, evaluate(*s.pack, typed)));
            r.unreadable.clear();
            r.autosave_at = r.saved->autosave->saved_at;
            r.reevaluated = false;
        }
        if (r.saved->summary.follow_up_of) {
            // A visit whose saved result cannot be read leaves the comparison out, said plainly;
            // the consultation itself still opens.
            try {
                r.chain = svc.store->follow_up_chain(id);
            } catch (const StoredResultError& e) {
                r.chain_problem = std::string("The follow-up comparison cannot be shown: a visit's saved result cannot be read (") +
                                  e.what() + ").";
            }
        }
        if (refresh) {
            // An older revision chosen in the history stays on screen; the list shows the new one.
            const db::RevisionId shown = s.review.shown.info.id;
            const bool was_latest = s.review.saved && shown == s.review.saved->latest.info.id;
            if (!was_latest && shown) {
                show_revision(r, svc.store->revision(shown));
                r.autosave_at.clear();
                r.reevaluated = false;
                if (r.shown.info.pack_version != s.pack->version || r.shown.info.pack_id != s.pack->id) {
                    r.today = db::reevaluate(r.shown, *s.pack);
                    r.reevaluated = true;
                }
            }
            s.review = std::move(r);
            return;
        }
        if (s.handout.open) close_handout(s);
        s.review = std::move(r);
        s.screen = Screen::Review;
    } catch (const std::exception& e) {
        say(s, Message::Kind::Error, "Could not open consultation " + std::to_string(id) + ": " + e.what());
    }
}

void query_sessions(AppState& s, Services& svc, const std::optional<db::PageCursor>& from) {
    if (!svc.store) return;
    try {
        auto page = svc.store->list(s.sessions.filter, from, std::clamp(s.sessions.page_size, 1, 500));
        s.sessions.rows = std::move(page.rows);
        s.sessions.next = page.next;
        s.sessions.stale = false;
    } catch (const std::exception& e) {
        say(s, Message::Kind::Error, std::string("Could not list consultations: ") + e.what());
    }
}

// The audit row of a handout saved or printed (consultation `id`, 0 for an unsaved draft: none).
void record_handout_audit(AppState& s, Services& svc, db::AuditAction action, long long id, const std::string& detail) {
    if (!svc.store || s.read_only || id <= 0) return;
    try {
        svc.store->record(action, id, s.author, detail);
    } catch (const std::exception& e) {
        say(s, Message::Kind::Error, std::string("The handout was made but the audit log could not record it: ") + e.what());
    }
}

// Frames in a row that may fail before the app saves and stops (the first failure shows the
// start screen instead; failing there too means no screen can be drawn).
constexpr int kFramesFailedToStop = 3;

// Leaving a consultation with unsaved typing: try once more; if that fails, keep it and stay.
bool can_leave_draft(AppState& s, Services& svc, double now) {
    if (!s.draft || s.save.state == SaveState::Saved || s.draft->patient_id == 0 || s.read_only) return true;
    if (s.draft->mode == Draft::Mode::Amending) {
        say(s, Message::Kind::Warning, "The amendment is not saved yet. Save it (Ctrl+S) or discard it.", true);
        s.screen = Screen::Consultation;
        return false;
    }
    if (write_consultation(s, svc, now, SaveKind::Autosave)) return true;
    say(s, Message::Kind::Error,
        "The open consultation is not saved yet (" + s.save.error + "). It is kept; retrying.", true);
    s.screen = Screen::Consultation;
    return false;
}

// A follow-up continued later compares with the earlier visit as it is now (its newest revision,
// an amendment included). Answers the follow-up carried over from that visit and left untouched
// follow an amendment made since (they were copies, not findings of this visit); the others
// stay. Returns the labels of the answers that followed.
std::vector<std::string> rebase_follow_up(AppState& s, Services& svc, const std::string& follow_up_started) {
    std::vector<std::string> moved;
    if (!s.draft || !s.draft->follow_up_of || !svc.store || !s.pack) return moved;
    Draft& d = *s.draft;
    const db::Consultation earlier = svc.store->get(*d.follow_up_of);
    const Answers now = db::answers_of(earlier.latest, *s.pack);
    d.previous = now;
    // The revision the follow-up was started from: the newest saved before it began.
    const db::RevisionInfo* base = nullptr;
    for (const auto& r : earlier.revisions)
        if (r.created_at <= follow_up_started) base = &r;
    if (!base || base->id == earlier.latest.info.id) return moved;
    const Answers then = db::answers_of(svc.store->revision(base->id), *s.pack);
    const auto& q = s.pack->questionnaire;
    const Slot notes = q.find("clinician_notes");
    for (std::size_t i = 0; i < q.items.size(); ++i) {
        const auto sl = static_cast<Slot>(i);
        if (!q.items[i].is_answerable() || sl == notes) continue;
        if (!(d.answers.get(sl) == then.get(sl)) || then.get(sl) == now.get(sl)) continue;
        if (now.answered(sl)) d.answers.set(q, sl, now.get(sl));
        else d.answers.clear(sl);
        moved.push_back(q.items[i].short_text.empty() ? q.items[i].text : q.items[i].short_text);
    }
    return moved;
}

void new_draft_for(AppState& s, Services& svc, double now, db::PatientId patient_id,
                   std::optional<db::ConsultationId> follow_up_of) {
    if (!can_leave_draft(s, svc, now)) return;
    if (s.read_only) {
        say(s, Message::Kind::Warning, "Read-only: " + s.read_only_reason);
        return;
    }
    std::string label;
    Answers answers(s.pack->questionnaire);
    std::optional<Answers> previous;
    try {
        if (svc.store && patient_id != 0) label = svc.store->patient(patient_id).name;
        if (follow_up_of && svc.store) {
            const auto c = svc.store->get(*follow_up_of);
            patient_id = c.summary.patient_id;
            label = c.summary.patient_name;
            answers = db::answers_of(c.latest, *s.pack);
            previous = answers;
            // Notes belong to the earlier visit; the follow-up starts with a blank page for them.
            const Slot notes = s.pack->questionnaire.find("clinician_notes");
            if (notes >= 0) answers.clear(notes);
        }
    } catch (const std::exception& e) {
        say(s, Message::Kind::Warning, std::string("Starting a blank consultation instead: ") + e.what());
        follow_up_of.reset();
    }
    let_go(s, svc);
    open_draft(s, patient_id, label, std::move(answers));
    s.draft->follow_up_of = follow_up_of;
    s.draft->previous = std::move(previous);
}

// A list read again after another room saved: taken as it is when its rows are the same ones in
// the same order; otherwise the rows on screen stay where they are, each updated from the new
// read when it is still there, and the list says it is stale. Returns true when it kept them.
template <class Row>
bool keep_in_place(std::vector<Row>& shown, std::vector<Row> fresh) {
    const bool same = shown.size() == fresh.size() &&
                      std::equal(shown.begin(), shown.end(), fresh.begin(), [](const Row& a, const Row& b) { return a.id == b.id; });
    if (same) {
        shown = std::move(fresh);
        return false;
    }
    for (auto& row : shown)
        for (auto& f : fresh)
            if (f.id == row.id) row = f;
    return true;
}

struct Applier {
    AppState& s;
    Services& svc;
    double now;

    bool editable() {
        if (!s.draft) return false;
        if (s.read_only) {
            say(s, Message::Kind::Warning, "Read-only: " + s.read_only_reason);
            return false;
        }
        if (s.draft->finalised()) {
            say(s, Message::Kind::Info, "This consultation is finalised. Use Amend to change it.");
            return false;
        }
        if (s.draft->room.watching) {
            say(s, Message::Kind::Info, (s.draft->room.holder ? lease_words(*s.draft->room.holder) + " Take over"
                                                              : std::string("Choose \"Edit here\"")) +
                                            " to change it in this room.");
            return false;
        }
        return true;
    }

    void operator()(const act::Navigate& a) {
        if (s.screen == Screen::Consultation && a.to != Screen::Consultation && !can_leave_draft(s, svc, now)) return;
        s.screen = a.to;
        // The panel belongs to the screen it was opened on.
        if (s.handout.open && a.to != (s.handout.review ? Screen::Review : Screen::Consultation)) close_handout(s);
        if (a.to == Screen::Settings) s.settings_edit = s.settings;
        if (a.to == Screen::Start) refresh_start(s, svc);
        if (a.to == Screen::Sessions) {
            s.sessions.page_starts = {std::nullopt};
            query_sessions(s, svc, std::nullopt);
        }
    }
    void operator()(const act::SearchPatients& a) {
        s.start.search = a.text;
        refresh_start(s, svc);
    }
    void operator()(const act::SelectPatient& a) {
        s.start.selected_patient = a.id;
        refresh_start(s, svc);
    }
    void operator()(const act::EditNewPatient& a) {
        s.start.new_name = a.name;
        s.start.new_birth_date = a.birth_date;
        s.start.new_record_number = a.record_number;
    }
    void operator()(const act::AddPatient& a) {
        std::string name = a.name;
        while (!name.empty() && name.back() == ' ') name.pop_back();
        while (!name.empty() && name.front() == ' ') name.erase(name.begin());
        if (name.empty()) {
            say(s, Message::Kind::Warning, "Type the patient's name first.");
            return;
        }
        if (s.read_only || !svc.store) {
            say(s, Message::Kind::Error, s.read_only ? "Read-only: " + s.read_only_reason : "No database is open.");
            return;
        }
        try {
            const auto id = svc.store->add_patient({name, a.record_number, a.birth_date});
            s.start.new_name.clear();
            s.start.new_birth_date.clear();
            s.start.new_record_number.clear();
            s.start.selected_patient = id;
            s.start.search = name;
            refresh_start(s, svc);
            // A draft started without a patient (--answers) is attached to the one just added.
            if (s.draft && s.draft->patient_id == 0) {
                s.draft->patient_id = id;
                s.draft->patient_label = name;
                s.draft->example.clear();  // an example given a real patient is that patient's now
                mark_dirty(s, now);
            }
        } catch (const std::exception& e) {
            say(s, Message::Kind::Error, std::string("Could not add the patient: ") + e.what());
        }
    }
    void operator()(const act::StartConsultation& a) {
        new_draft_for(s, svc, now, a.patient_id, std::nullopt);
        if (s.screen == Screen::Consultation) focus_first_unanswered();
    }
    void operator()(const act::OpenExample& a) {
        if (a.index < 0 || static_cast<std::size_t>(a.index) >= s.examples.size()) return;
        if (!can_leave_draft(s, svc, now)) return;
        const Example& ex = s.examples[static_cast<std::size_t>(a.index)];
        let_go(s, svc);
        open_draft(s, 0, "EXAMPLE \u2013 not a real patient", ex.answers);
        s.draft->example = ex.title;
        s.save.state = SaveState::Saved;  // nothing to keep: an example is never saved
        focus_first_unanswered();
    }
    void operator()(const act::StartFollowUp& a) {
        new_draft_for(s, svc, now, 0, a.of);
        if (s.screen == Screen::Consultation) focus_first_unanswered();
    }
    void operator()(const act::OpenConsultation& a) {
        if (s.screen == Screen::Consultation && !can_leave_draft(s, svc, now)) return;
        load_review(s, svc, a.id);
    }
    void operator()(const act::SetAnswer& a) {
        if (!editable()) return;
        const auto& q = s.pack->questionnaire;
        if (a.slot < 0 || static_cast<std::size_t>(a.slot) >= q.items.size()) return;
        try {
            if (std::holds_alternative<std::monostate>(a.value)) s.draft->answers.clear(a.slot);
            else s.draft->answers.set(q, a.slot, a.value);
        } catch (const std::exception& e) {
            say(s, Message::Kind::Warning, e.what());
            return;
        }
        refresh_result(s);
        mark_dirty(s, now);
    }
    void operator()(const act::GotoPage& a) {
        const int to = std::clamp(a.page, 0, std::max(0, page_count(s) - 1));
        s.view.page_opened = s.view.page_opened || to != s.view.page;
        s.view.page = to;
        s.view.focus_item = -1;
        focus_first_unanswered();
    }
    // The keyboard lands on the first unanswered question of the page shown.
    void focus_first_unanswered() {
        if (!s.draft) return;
        s.view.focus_question = first_unanswered(s, s.view.page);
        s.focus_target = s.view.focus_question >= 0 ? AppState::FocusTarget::Question : AppState::FocusTarget::NextPage;
    }
    void operator()(const act::FocusQuestion& a) {
        s.view.focus_question = a.slot;
        s.focus_target = a.slot >= 0 ? AppState::FocusTarget::Question : AppState::FocusTarget::NextPage;
    }
    void operator()(const act::FocusNextQuestion& a) {
        s.view.focus_question = next_unanswered(s, a.after);
        s.focus_target = s.view.focus_question >= 0 ? AppState::FocusTarget::Question : AppState::FocusTarget::NextPage;
    }
    void operator()(const act::FocusResult&) { s.focus_target = AppState::FocusTarget::Result; }
    void operator()(const act::FocusSearch&) {
        (*this)(act::Navigate{Screen::Sessions});
        if (s.screen == Screen::Sessions) s.focus_target = AppState::FocusTarget::Search;
    }
    void operator()(const act::FocusTaken&) { s.focus_target = AppState::FocusTarget::None; }
    void operator()(const act::JumpToItem& a) {
        if (!s.pack || a.slot < 0 || static_cast<std::size_t>(a.slot) >= s.pack->questionnaire.items.size()) return;
        s.screen = Screen::Consultation;
        const int to = std::max(0, s.pack->questionnaire.items[static_cast<std::size_t>(a.slot)].page);
        s.view.page_opened = s.view.page_opened || to != s.view.page;
        s.view.page = to;
        s.view.focus_item = a.slot;
        s.view.focus_item_scrolled = false;  // scrolled to again, even when it is the same item as before
    }
    void operator()(const act::ScrolledToItem&) { s.view.focus_item_scrolled = true; }
    void operator()(const act::PageShown&) { s.view.page_opened = false; }
    void operator()(const act::ToggleWhy& a) {
        auto it = std::find(s.view.why_open.begin(), s.view.why_open.end(), a.option);
        if (it == s.view.why_open.end()) s.view.why_open.push_back(a.option);
        else s.view.why_open.erase(it);
    }
    void operator()(const act::EditDecisionReason& a) {
        s.view.decision_option = a.option;
        s.view.decision_reason = a.text;
    }
    void operator()(const act::Decide& a) {
        if (!editable() || !s.pack || a.option < 0 || a.option >= static_cast<int>(s.pack->options.size())) return;
        std::string reason = s.view.decision_option == a.option ? s.view.decision_reason : std::string();
        while (!reason.empty() && reason.back() == ' ') reason.pop_back();
        if (reason.empty()) {
            say(s, Message::Kind::Warning, "Type a reason first: it is kept with the consultation.");
            return;
        }
        const std::string& id = s.pack->options[static_cast<std::size_t>(a.option)].id;
        auto& ds = s.draft->overrides;
        std::erase_if(ds, [&](const db::Override& d) { return d.option_id == id; });
        ds.push_back({id, a.accepted ? db::Override::Decision::Accept : db::Override::Decision::Decline, reason});
        s.view.decision_reason.clear();
        s.view.decision_option = -1;
        mark_dirty(s, now);
    }
    void operator()(const act::ClearDecision& a) {
        if (!editable() || !s.pack || a.option < 0 || a.option >= static_cast<int>(s.pack->options.size())) return;
        const std::string& id = s.pack->options[static_cast<std::size_t>(a.option)].id;
        if (std::erase_if(s.draft->overrides, [&](const db::Override& d) { return d.option_id == id; }) > 0)
            mark_dirty(s, now);
    }
    void operator()(const act::SaveNow&) {
        if (!s.draft || s.draft->finalised()) return;
        if (s.draft->room.watching) {
            editable();  // says who has it and how to take it over
            return;
        }
        if (!write_consultation(s, svc, now, SaveKind::Revision) && !s.draft->room.watching)
            say(s, Message::Kind::Error, "Not saved: " + s.save.error + ". The consultation is kept in memory.", true);
    }
    void operator()(const act::AskFinalise&) {
        // What blocks finalising is said at once; otherwise one question, Enter to confirm.
        const auto why = finalise_blockers(s);
        if (!why.empty()) {
            std::string text = "Cannot finalise yet:";
            for (const auto& w : why) text += "\n  \u2022 " + w;
            s.modal = Message{Message::Kind::Warning, text};
            return;
        }
        s.view.confirm_finalise = true;
    }
    void operator()(const act::CancelFinalise&) { s.view.confirm_finalise = false; }
    void operator()(const act::Finalise&) {
        s.view.confirm_finalise = false;
        const auto why = finalise_blockers(s);
        if (!why.empty()) {
            std::string text = "Cannot finalise yet:";
            for (const auto& w : why) text += "\n  \u2022 " + w;
            s.modal = Message{Message::Kind::Warning, text};
            return;
        }
        const bool amending = s.draft->mode == Draft::Mode::Amending;
        if (!write_consultation(s, svc, now, amending ? SaveKind::Revision : SaveKind::Finalise)) {
            if (s.draft->room.watching) return;  // another room has it: said, with the typing kept
            s.modal = Message{Message::Kind::Error, "Finalising failed: " + s.save.error +
                                                        "\nNothing is lost: the consultation stays open."};
        } else {
            say(s, Message::Kind::Info, amending ? "Amendment saved as a new revision."
                                                 : "Finalised. It now opens read-only; Amend makes a new revision.");
        }
    }
    void operator()(const act::EditSaved&) {
        if (s.screen != Screen::Review || !s.review.saved) return;
        if (s.read_only || !svc.store) {
            say(s, Message::Kind::Warning, s.read_only ? "Read-only: " + s.read_only_reason : "No database is open.");
            return;
        }
        if (s.review.saved->summary.status == db::Status::EnteredInError) {
            say(s, Message::Kind::Warning, "This consultation was withdrawn (entered in error); it cannot be changed.");
            return;
        }
        try {
            edit_saved(*s.review.saved, false, {});
        } catch (const std::exception& e) {
            say(s, Message::Kind::Error, std::string("Could not reopen it for changes: ") + e.what());
        }
    }
    // Opens saved consultation `c` for changes here: an in-progress one continues from its last
    // typing, a finalised one is amended. On the clinic's store this room takes its lease first
    // (from another room only with `take_over`); when another room holds it, it opens watching:
    // that room's latest typing, read-only. `kept` carries text this room lost earlier.
    void edit_saved(db::Consultation c, bool take_over, RoomLock kept) {
        const db::ConsultationId id = c.summary.id;
        RoomLock room;
        room.lost_text = std::move(kept.lost_text);
        room.lost_why = std::move(kept.lost_why);
        if (svc.store->shared()) {
            try {
                svc.store->take_lease(id, s.room, s.author, take_over);
                room.held = true;
                if (take_over) c = svc.store->get(id);  // the other room's last typing, now ours
            } catch (const db::StoreError& e) {
                if (e.kind() != db::StoreError::Kind::Leased) throw;
                room.watching = true;
                room.holder = svc.store->lease_of(id);
                c = svc.store->get(id);
            }
        }
        const bool same = s.draft && s.draft->consultation_id == id;
        if (!same) let_go(s, svc);
        const int page = s.view.page;
        open_draft(s, c.summary.patient_id, c.summary.patient_name, Answers(s.pack->questionnaire));
        Draft& d = *s.draft;
        load_saved_into(d, c, *s.pack);
        d.room = std::move(room);
        if (same) s.view.page = page;  // taking over what is on screen: the page stays
        s.save.state = SaveState::Saved;  // nothing typed yet
        refresh_result(s);
        if (d.room.watching) return;  // nothing here is changed until this room has it
        const bool in_progress = d.mode == Draft::Mode::InProgress;
        if (!in_progress && d.follow_up_of) {
            d.previous = db::answers_of(svc.store->get(*d.follow_up_of).latest, *s.pack);
        } else if (in_progress) {
            const auto moved = rebase_follow_up(s, svc, c.summary.started_at);
            if (!moved.empty()) {
                std::string text = "The earlier visit was amended; carried-over answers follow it:";
                for (const auto& m : moved) text += " " + m + ";";
                text.back() = '.';
                refresh_result(s);
                mark_dirty(s, now);
                say(s, Message::Kind::Info, text);
            }
        }
    }
    void operator()(const act::TakeOver& a) {
        if (!s.draft || !s.draft->room.watching || !svc.store || s.read_only) return;
        try {
            const db::ConsultationId id = s.draft->consultation_id;
            edit_saved(svc.store->get(id), a.force, s.draft->room);
            if (s.draft->room.watching)
                say(s, Message::Kind::Info, s.draft->room.holder ? lease_words(*s.draft->room.holder) : "It is still held elsewhere.");
            else
                say(s, Message::Kind::Info, "You are editing this consultation in this room now.");
        } catch (const std::exception& e) {
            say(s, Message::Kind::Error, std::string("Could not take it over: ") + e.what());
        }
    }
    void operator()(const act::ShowLatest&) {
        if (s.screen == Screen::Start) refresh_start(s, svc);
        if (s.screen == Screen::Sessions && !s.sessions.page_starts.empty())
            query_sessions(s, svc, s.sessions.page_starts.back());
    }
    void operator()(const act::DismissLostText&) {
        if (!s.draft) return;
        s.draft->room.lost_text.clear();
        s.draft->room.lost_why.clear();
    }
    void operator()(const act::StoreChanged& a) {
        if (!svc.store) return;
        const auto about = [&](db::ConsultationId id, db::Change::Kind kind) {
            if (a.resync) return true;
            for (const auto& c : a.changes)
                if (c.consultation == id && c.kind == kind) return true;
            return false;
        };
        const bool any_saved = a.resync || std::any_of(a.changes.begin(), a.changes.end(), [](const db::Change& c) {
                                               return c.kind == db::Change::Kind::Saved;
                                           });
        if (s.draft && s.draft->consultation_id) {
            Draft& d = *s.draft;
            const db::ConsultationId id = d.consultation_id;
            try {
                if (d.room.held && about(id, db::Change::Kind::Lease)) {
                    // Told that its lease moved: another room took over. Its unsaved typing is kept.
                    if (const auto holder = svc.store->lease_of(id)) lose_edit(s, svc, taken_over_words(*holder));
                } else if (d.room.watching && (about(id, db::Change::Kind::Lease) || about(id, db::Change::Kind::Saved))) {
                    // Watching: the other room's latest typing, in place (same page, same scroll).
                    const auto holder = svc.store->lease_of(id);
                    load_saved_into(d, svc.store->get(id), *s.pack);
                    d.room.holder = holder;
                    refresh_result(s);
                }
            } catch (const std::exception& e) {
                say(s, Message::Kind::Warning, std::string("Another room's change could not be shown: ") + e.what());
            }
        }
        if (!any_saved) return;
        // Lists and the consultation under review, refreshed where they are: the same search,
        // the same page, the same revision chosen.
        if (s.screen == Screen::Start) {
            StartState shown = s.start;
            refresh_start(s, svc);
            bool kept = keep_in_place(shown.patients, std::move(s.start.patients));
            kept = keep_in_place(shown.recent, std::move(s.start.recent)) || kept;
            kept = keep_in_place(shown.of_patient, std::move(s.start.of_patient)) || kept;
            s.start = std::move(shown);
            s.start.stale = s.start.stale || kept;
        }
        if (s.screen == Screen::Sessions && !s.sessions.page_starts.empty()) {
            std::vector<db::ConsultationSummary> shown = s.sessions.rows;
            const bool was_stale = s.sessions.stale;
            query_sessions(s, svc, s.sessions.page_starts.back());
            const bool kept = keep_in_place(shown, std::move(s.sessions.rows));
            s.sessions.rows = std::move(shown);
            s.sessions.stale = was_stale || kept;
        }
        if (s.screen == Screen::Review && s.review.saved && about(s.review.saved->summary.id, db::Change::Kind::Saved))
            load_review(s, svc, s.review.saved->summary.id, true);
    }
    void operator()(const act::EditAmendReason& a) {
        if (s.draft && s.draft->mode == Draft::Mode::Amending) {
            s.draft->amend_reason = a.text;
            mark_dirty(s, now);
        }
    }
    void operator()(const act::ViewRevision& a) {
        if (!s.review.saved || a.revision == s.review.shown.info.id) return;
        if (!svc.store) return;
        try {
            db::Revision rev = a.revision == s.review.saved->latest.info.id ? s.review.saved->latest : svc.store->revision(a.revision);
            if (rev.consultation != s.review.saved->summary.id) return;  // not one of this consultation's
            ReviewState& r = s.review;
            show_revision(r, std::move(rev));
            r.reevaluated = false;
            if (r.shown.info.pack_version != s.pack->version || r.shown.info.pack_id != s.pack->id) {
                r.today = db::reevaluate(r.shown, *s.pack);
                r.reevaluated = true;
            }
        } catch (const std::exception& e) {
            say(s, Message::Kind::Error, "Could not show revision " + std::to_string(a.revision) + ": " + e.what());
        }
    }
    void operator()(const act::Reevaluate&) {
        if (!s.review.saved) return;
        try {
            s.review.today = db::reevaluate(s.review.shown, *s.pack);
            s.review.reevaluated = true;
        } catch (const std::exception& e) {
            say(s, Message::Kind::Error, std::string("Could not re-evaluate: ") + e.what());
        }
    }
    void operator()(const act::QuerySessions& a) {
        s.sessions.filter = a.filter;
        s.sessions.page_starts = {std::nullopt};
        query_sessions(s, svc, std::nullopt);
    }
    void operator()(const act::SessionsNextPage&) {
        if (!s.sessions.next) return;
        s.sessions.page_starts.push_back(s.sessions.next);
        query_sessions(s, svc, s.sessions.page_starts.back());
    }
    void operator()(const act::SessionsPrevPage&) {
        if (s.sessions.page_starts.size() <= 1) return;
        s.sessions.page_starts.pop_back();
        query_sessions(s, svc, s.sessions.page_starts.back());
    }
    void operator()(const act::DismissMessage& a) {
        if (a.index >= 0 && a.index < static_cast<int>(s.messages.size()))
            s.messages.erase(s.messages.begin() + a.index);
    }
    void operator()(const act::DismissModal&) { s.modal.reset(); }
    // A handout belongs to a saved consultation (its id names the file and the audit row):
    // unsaved typing is saved first; a draft without a patient stays "unsaved".
    void save_before_handout() {
        if (s.handout.review) return;  // from Review: a saved revision, nothing to save
        if (!s.draft || s.read_only || s.draft->patient_id == 0 || s.draft->finalised()) return;
        if (s.draft->mode == Draft::Mode::Amending) return;
        if (s.draft->consultation_id == 0 || s.save.state != SaveState::Saved) write_consultation(s, svc, now, SaveKind::Autosave);
    }
    void audit(db::AuditAction action, const std::string& kind) {
        record_handout_audit(s, svc, action, handout_consultation_id(s), audit_detail(kind, s));
    }
    void operator()(const act::OpenHandout&) {
        if (s.screen == Screen::Review && s.review.saved && s.pack) {
            // The consultation as decided: the revision shown, dated as the consultation.
            try {
                open_handout_panel(s, svc.preview_pixels_per_point,
                                   review_handout(s.pack, *s.review.saved, s.review.shown), &svc);
            } catch (const std::exception& e) {
                say(s, Message::Kind::Error, std::string("No handout can be made from this consultation: ") + e.what());
                return;
            }
            refresh_printers(s, &svc);
            return;
        }
        if (!s.draft || !s.pack) {
            say(s, Message::Kind::Warning, "Open a consultation first: the handout is made from it.");
            return;
        }
        open_handout_panel(s, svc.preview_pixels_per_point, std::nullopt, &svc);
        refresh_printers(s, &svc);  // so Print is one click away, or the no-service message shows at once
    }
    void operator()(const act::CloseHandout&) { close_handout(s); }
    void operator()(const act::ToggleHandoutOption& a) {
        auto& c = s.handout.choices;
        if (!s.handout.open || a.index < 0 || a.index >= static_cast<int>(c.size())) return;
        c[static_cast<std::size_t>(a.index)].chosen = !c[static_cast<std::size_t>(a.index)].chosen;
        s.handout.status.reset();
        render_handout_preview(s, svc.preview_pixels_per_point, &svc);
    }
    void operator()(const act::SetHandoutPaper& a) {
        if (!s.handout.open || s.handout.paper == a.paper) return;
        s.handout.paper = a.paper;
        s.handout.status.reset();
        render_handout_preview(s, svc.preview_pixels_per_point, &svc);
    }
    void operator()(const act::RefreshPrinters&) {
        if (s.handout.open) refresh_printers(s, &svc);
    }
    void operator()(const act::ChoosePrinter& a) {
        if (!s.handout.open) return;
        s.handout.printer = a.name;
        if (s.settings.printer != a.name && !svc.settings_path.empty()) {
            s.settings.printer = a.name;  // remembered for next time; not patient data
            try {
                save_settings(svc.settings_path, s.settings);
            } catch (const std::exception&) {
                // Only a convenience: the printer stays chosen for this session.
            }
        }
    }
    void operator()(const act::SaveHandoutPdf&) {
        save_before_handout();
        try {
            const auto path = save_handout_pdf(s, handout_folder(s.settings, svc.handout_dir));
            s.handout.saved_path = path.string();
            const std::string text = "Handout saved as " + path.filename().string() + " in " + path.parent_path().string();
            s.handout.status = Message{Message::Kind::Info, text};
            if (!s.handout.open) say(s, Message::Kind::Info, text);
            audit(db::AuditAction::Exported, "pdf");
        } catch (const std::exception& e) {
            const std::string text = std::string("The handout could not be saved: ") + e.what();
            s.handout.status = Message{Message::Kind::Error, text};
            say(s, Message::Kind::Error, text);
        }
    }
    void operator()(const act::PrintHandout&) {
        save_before_handout();
        if (s.handout.printing) return;  // one job at a time: a second click is not a second copy
        PrintJob job;
        try {
            job = print_job(s);
        } catch (const std::exception& e) {
            s.handout.status = Message{Message::Kind::Error, std::string("Not printed: ") + e.what()};
            if (!s.handout.open) say(s, Message::Kind::Error, s.handout.status->text);
            return;
        }
        // Recorded as it was asked for (which consultation, which options), whatever the panel
        // shows by the time the print service answers.
        const long long id = handout_consultation_id(s);
        const std::string detail = audit_detail("print", s);
        s.handout.printing = true;
        s.handout.status = Message{Message::Kind::Info, "Sending to the printer\u2026"};
        run_or_now(svc.tasks, s, svc, [job, id, detail]() -> Tasks::Apply {
            std::string text;
            std::string error;
            bool no_server = false;
            try {
                text = send_print_job(job);
            } catch (const handout::PrintError& e) {
                no_server = e.kind() == handout::PrintError::Kind::NoServer;
                error = std::string("Not printed. ") + e.what();
            } catch (const std::exception& e) {
                error = std::string("Not printed: ") + e.what();
            }
            return [text, error, no_server, id, detail](AppState& st, Services& sv) {
                auto& p = st.handout;
                p.printing = false;
                if (!error.empty()) {
                    if (no_server) {
                        p.no_print_service = true;
                        p.print_problem = error;
                    }
                    p.status = Message{Message::Kind::Error, error};
                    if (!p.open) say(st, Message::Kind::Error, error);
                    return;
                }
                p.status = Message{Message::Kind::Info, text};
                if (!p.open) say(st, Message::Kind::Info, text);
                record_handout_audit(st, sv, db::AuditAction::Printed, id, detail);
            };
        });
    }
    void operator()(const act::EditSettings& a) { s.settings_edit = a.settings; }
    void operator()(const act::SaveSettings&) {
        AppSettings next = s.settings_edit;
        const auto changed = sanitise(next);
        const bool database_changed = next.database != s.settings.database;
        s.settings_edit = next;
        s.settings = next;
        s.author = base::acting_clinician(s.settings.clinician_name);
        s.room = room_name(s.settings);  // used from the next consultation this room takes
        if (svc.settings_path.empty()) {
            say(s, Message::Kind::Warning, "Settings apply to this session only: there is no settings folder (HOME is not set).");
            return;
        }
        try {
            save_settings(svc.settings_path, next);
            std::string text = "Settings saved.";
            if (database_changed) text += " The database is used from the next start of the app (this one stays on the one open now).";
            for (const auto& c : changed) text += " " + c;
            say(s, changed.empty() ? Message::Kind::Info : Message::Kind::Warning, text);
        } catch (const std::exception& e) {
            say(s, Message::Kind::Error, std::string("Settings are used for this session but could not be saved: ") + e.what());
        }
    }
    void operator()(const act::SetDark& a) { s.dark = a.dark; }
    void operator()(const act::Zoom& a) {
        s.zoom = a.steps == 0 ? 1.0f : std::clamp(s.zoom * std::pow(1.1f, static_cast<float>(a.steps)), 0.6f, 2.5f);
    }
    void operator()(const act::FrameFailed& a) {
        // Failing again and again (the start screen too): nothing on screen can be trusted, so
        // the typing is saved and the app stops, rather than loop on an error nobody can read.
        if (++s.frames_failed >= kFramesFailedToStop) {
            std::string saved = "nothing was being typed";
            if (s.draft && !s.draft->finalised() && s.draft->patient_id != 0 && !s.read_only) {
                saved = s.save.state == SaveState::Saved || write_consultation(s, svc, now, SaveKind::Autosave)
                            ? "the open consultation is saved"
                            : "the open consultation could NOT be saved (" + s.save.error + ")";
            }
            s.fatal = "the screen failed " + std::to_string(s.frames_failed) + " times in a row (" + a.what + "); " + saved + ".";
            s.quit = true;
            return;
        }
        // The screen that failed to draw is left for the start screen; the consultation stays in
        // memory (and keeps being saved), one button away.
        say(s, Message::Kind::Error, "This screen could not be shown (" + a.what + "). Nothing is lost" +
                                         (s.draft ? ": the consultation is kept and saved as usual." : "."));
        if (s.screen != Screen::Start) s.screen = Screen::Start;
        s.handout.open = false;
        s.view.confirm_finalise = false;
    }
    void operator()(const act::DiscardAmendment&) {
        if (!s.draft || s.draft->mode != Draft::Mode::Amending) return;
        const db::ConsultationId id = s.draft->consultation_id;
        let_go(s, svc);
        s.draft.reset();
        s.save = SaveStatus{};
        s.discard_on_close = false;
        s.view.confirm_finalise = false;
        forget_save_problems(s);
        if (id) (*this)(act::OpenConsultation{id});
        else s.screen = Screen::Start;
        say(s, Message::Kind::Info, "Amendment discarded: the consultation stays as it was finalised.");
    }
    void operator()(const act::Quit&) {
        // Last chance to save; if it fails the app stays open and says so.
        const bool unsaved = s.draft && (s.draft->mode == Draft::Mode::Amending ? s.draft->amendment_changed
                                                                                 : s.save.state != SaveState::Saved);
        if (unsaved && !s.discard_on_close && s.draft->patient_id != 0 && !s.read_only && !s.draft->finalised()) {
            if (s.draft->mode == Draft::Mode::Amending || !write_consultation(s, svc, now, SaveKind::Autosave)) {
                s.modal = Message{Message::Kind::Error,
                                  s.draft->mode == Draft::Mode::Amending
                                      ? std::string("The amendment is not saved yet. Save it (Ctrl+S) first, or close again to discard it.")
                                      : "The consultation could not be saved (" + s.save.error +
                                            ").\nThe app stays open so nothing is lost."};
                if (s.draft->mode == Draft::Mode::Amending) s.discard_on_close = true;  // second close discards
                return;
            }
        }
        let_go(s, svc);  // another room may take it at once (closing the connection would free it too)
        s.quit = true;
    }
};

}  // namespace

void refresh_result(AppState& s) {
    if (!s.draft || !s.pack) return;
    const auto& q = s.pack->questionnaire;
    s.draft->enabled = enabled_items(q, s.draft->answers);
    s.draft->result = evaluate(*s.pack, s.draft->answers);
}

void open_draft(AppState& s, db::PatientId patient_id, std::string patient_label, Answers answers) {
    Draft d;
    d.patient_id = patient_id;
    d.patient_label = std::move(patient_label);
    d.answers = std::move(answers);
    // A blank consultation is not worth a record until something is typed.
    bool any = false;
    for (std::size_t i = 0; i < d.answers.size(); ++i) any = any || d.answers.answered(static_cast<Slot>(i));
    s.draft = std::move(d);
    const int generation = s.handout.generation + 1;  // a handout panel belonged to the previous draft
    s.handout = HandoutPanel{};
    s.handout.generation = generation;
    s.save = SaveStatus{};
    s.save.state = any ? SaveState::Unsaved : SaveState::Saved;
    s.view.page = 0;
    s.view.page_opened = true;
    s.view.focus_item = -1;
    s.view.why_open.clear();
    s.screen = Screen::Consultation;
    refresh_result(s);
}

void refresh_start(AppState& s, Services& svc) {
    if (!svc.store) return;
    s.start.stale = false;
    try {
        s.start.patients = svc.store->find_patients(s.start.search, 50);
        s.start.recent = svc.store->list({}, std::nullopt, 12).rows;
        s.start.of_patient.clear();
        if (s.start.selected_patient) {
            db::ListFilter f;
            f.patient = s.start.selected_patient;
            s.start.of_patient = svc.store->list(f, std::nullopt, 50).rows;
        }
    } catch (const std::exception& e) {
        say(s, Message::Kind::Error, std::string("Could not read the database: ") + e.what());
    }
}

bool moves_keyboard(const Action& a) {
    return std::holds_alternative<act::FocusNextQuestion>(a) || std::holds_alternative<act::FocusQuestion>(a) ||
           std::holds_alternative<act::FocusTaken>(a) || std::holds_alternative<act::FocusResult>(a) ||
           std::holds_alternative<act::FocusSearch>(a) || std::holds_alternative<act::GotoPage>(a) ||
           std::holds_alternative<act::JumpToItem>(a) || std::holds_alternative<act::Navigate>(a) ||
           std::holds_alternative<act::StartConsultation>(a) || std::holds_alternative<act::StartFollowUp>(a) ||
           std::holds_alternative<act::OpenExample>(a) || std::holds_alternative<act::AddPatient>(a) ||
           std::holds_alternative<act::AskFinalise>(a) || std::holds_alternative<act::CancelFinalise>(a);
}

void apply(AppState& s, const Action& a, Services& svc, double now) {
    const Screen screen_before = s.screen;
    const int said_before = s.message_seq;
    try {
        std::visit(Applier{s, svc, now}, a);
        // News of what just happened ("Finalised.") belongs to the screen it happened on.
        if (s.screen != screen_before)
            std::erase_if(s.messages, [&](const Message& m) { return m.kind == Message::Kind::Info && m.seq <= said_before; });
    } catch (const std::exception& e) {
        // Last line of defence: an unexpected failure is shown, the state is kept.
        say(s, Message::Kind::Error, std::string("Unexpected problem: ") + e.what());
    }
}

// The store keeps WAL checkpoints out of its saves (they were the slow part); the app runs one
// once the clinician pauses after a save, or at once when the log has grown large, on the task
// queue (Store::checkpoint() is the one store call safe from another thread, and a save that
// comes meanwhile stops it rather than waiting for it).
static double checkpoint_when_idle(AppState& s, Services& svc, double now) {
    if (!s.save.checkpoint_due || !svc.store) return kNever;
    const bool large = svc.store->checkpoint_due();
    if (!large) {
        if (s.save.state != SaveState::Saved) return kNever;
        const double due = s.save.saved_at + s.autosave.checkpoint_idle_s;
        if (now < due) return due - now;
    }
    s.save.checkpoint_due = false;
    db::Store* store = svc.store;
    run_or_now(svc.tasks, s, svc, [store]() -> Tasks::Apply {
        store->checkpoint();  // never throws; durability does not depend on it
        return nullptr;
    });
    return kNever;
}

double tick(AppState& s, Services& svc, double now) {
    const double checkpoint_in = checkpoint_when_idle(s, svc, now);
    if (checkpoint_in < kNever) return checkpoint_in;
    if (!s.draft || s.draft->finalised() || s.read_only || s.draft->patient_id == 0) return kNever;
    const auto& p = s.autosave;
    if (s.draft->mode == Draft::Mode::Amending) return kNever;  // saved on request only
    switch (s.save.state) {
    case SaveState::Saved:
    case SaveState::Saving:
        return kNever;
    case SaveState::Unsaved: {
        const double due = std::min(s.save.last_edit_at + p.debounce_s, s.save.first_unsaved_at + p.max_wait_s);
        if (now < due) return due - now;
        write_consultation(s, svc, now, SaveKind::Autosave);
        return s.save.state == SaveState::Failed ? s.save.retry_delay : kNever;
    }
    case SaveState::Failed:
        if (s.save.hopeless) return kNever;  // the same save would fail again: wait for the clinician
        if (now < s.save.retry_at) return s.save.retry_at - now;
        write_consultation(s, svc, now, SaveKind::Autosave);
        return s.save.state == SaveState::Failed ? s.save.retry_delay : kNever;
    }
    return kNever;
}

}  // namespace hc::ui
