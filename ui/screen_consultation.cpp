// The consultation screen: the questionnaire a page at a time on the left, the live result on
// the right (red flags first, then assessments, options by verdict with their "why", missing
// items, workup).
#include <imgui.h>
#include <imgui_internal.h>  // SetNextWindowScroll
#include <imgui_stdlib.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <string>

#include "engine/diagrams.h"
#include "ui/audit.h"
#include "ui/compare.h"
#include "ui/fonts.h"
#include "ui/keys.h"
#include "ui/rooms.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace hc::ui {

namespace {

const Item& item_of(const AppState& s, Slot sl) { return s.pack->questionnaire.items[static_cast<std::size_t>(sl)]; }

std::string label_of(const AppState& s, Slot sl) {
    const auto& it = item_of(s, sl);
    return it.short_text.empty() ? it.text : it.short_text;
}

std::string clock_time(double saved_wall) {
    const std::time_t t = static_cast<std::time_t>(saved_wall);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", tm.tm_hour, tm.tm_min);
    return buf;
}

// ---------------------------------------------------------------------------------------------
// Header: who, which consultation, saved state, the main buttons.

struct Pill {
    std::string text;
    ImVec4 bg, fg;
};

Pill save_pill(const AppState& s) {
    const Palette& p = palette();
    const auto& sv = s.save;
    const Draft& d = *s.draft;
    if (d.room.watching)
        return {d.room.holder ? "Read-only \u2013 in " + (d.room.holder->room.empty() ? std::string("another room") : d.room.holder->room)
                              : std::string("Read-only \u2013 nobody is editing it now"),
                p.warning_bg, p.text};
    if (d.finalised()) return {"Finalised \u2013 read-only", p.info_bg, p.text};
    if (!d.example.empty()) return {"Example \u2013 not a real patient, never saved", p.warning_bg, p.text};
    if (d.patient_id == 0) return {"Not saved: choose the patient", p.warning_bg, p.text};
    // An amendment is saved only on request: the header never says "Saved" while one is open.
    if (d.mode == Draft::Mode::Amending)
        return d.amendment_changed ? Pill{"Amendment not saved yet \u2013 Ctrl+S", p.warning_bg, p.text}
                                   : Pill{"Amending \u2013 nothing changed yet", p.info_bg, p.text};
    switch (sv.state) {
    case SaveState::Saved:
        return {sv.saved_wall > 0 ? "\u2713 Saved " + clock_time(static_cast<double>(sv.saved_wall)) : std::string("\u2713 Saved"),
                ImVec4(p.ok.x, p.ok.y, p.ok.z, 0.18f), p.text};
    case SaveState::Unsaved:
    case SaveState::Saving: return {"Saving\u2026", p.info_bg, p.text};
    case SaveState::Failed:
        return {"NOT SAVED \u2013 kept in memory, retrying (" + sv.error + ")", p.danger_bg, p.danger_text};
    }
    return {};
}

void header(const AppState& s, Actions& out) {
    const Draft& d = *s.draft;
    if (!d.example.empty()) {
        // An example from the pack: marked as such in the first line, where the name would be.
        chip("EXAMPLE", palette().warning_bg, palette().text);
        flow(ImGui::CalcTextSize(d.example.c_str()).x);
        ImGui::PushFont(fonts().heading);
        ax::TextUnformatted(d.example.c_str());
        ImGui::PopFont();
    } else {
        ImGui::PushFont(fonts().heading);
        ax::TextUnformatted(d.patient_label.empty() ? "New consultation" : d.patient_label.c_str());
        ImGui::PopFont();
    }
    // A room watching another's amendment is not amending anything itself.
    const std::string mode_words = d.finalised() || (d.room.watching && d.mode == Draft::Mode::Amending)
                                       ? status_words(db::Status::Completed)
                                   : d.mode == Draft::Mode::Amending ? std::string("amending")
                                                                    : status_words(db::Status::InProgress);
    const char* mode = mode_words.c_str();
    char line[160];
    if (d.consultation_id)
        std::snprintf(line, sizeof line, "consultation #%lld \u00b7 %s \u00b7 %d revision%s", static_cast<long long>(d.consultation_id),
                      mode, d.revisions, d.revisions == 1 ? "" : "s");
    else
        std::snprintf(line, sizeof line, "%s \u00b7 not yet saved", mode);
    flow(ImGui::CalcTextSize(line).x);
    ImGui::AlignTextToFramePadding();
    ax::TextDisabled("%s", line);
    if (d.follow_up_of) {
        std::snprintf(line, sizeof line, "\u00b7 follow-up of #%lld", static_cast<long long>(*d.follow_up_of));
        flow(ImGui::CalcTextSize(line).x);
        ax::TextDisabled("%s", line);
    }
    const Pill pill = save_pill(s);
    flow(chip_width(pill.text));
    chip(pill.text, pill.bg, pill.fg);

    // The header's fields and buttons flow onto a second line rather than being cut.
    const auto bw = [](const char* l) { return ImGui::CalcTextSize(l).x + ImGui::GetStyle().FramePadding.x * 2; };
    bool first = true;
    const auto next = [&](float w) {
        if (!first) flow(w);
        first = false;
    };
    if (d.patient_id == 0 && !s.read_only) {
        // --answers starts without a patient: name one here and the draft is saved under it.
        std::string name = s.start.new_name;
        next(em(16));
        ImGui::SetNextItemWidth(em(16));
        if (ax::InputTextWithHint("##newpatient", d.example.empty() ? "Patient's name, to save" : "A real patient's name, to keep this", &name))
            out.push_back(act::EditNewPatient{name, s.start.new_birth_date, s.start.new_record_number});
        next(bw("Save under this patient"));
        if (ax::Button("Save under this patient"))
            out.push_back(act::AddPatient{s.start.new_name, s.start.new_birth_date, s.start.new_record_number});
    }
    if (d.room.watching) {
        // Another room has it: the one way to change it here is to take it over, said plainly.
        const char* take = d.room.holder ? "Take over" : "Edit here";
        next(bw(take));
        push_primary_button();
        if (ax::Button(take)) out.push_back(act::TakeOver{d.room.holder.has_value()});
        ImGui::PopStyleColor(4);
        if (mouse_hovered())
            ImGui::SetTooltip(d.room.holder ? "Edit it in this room; the other room is told and keeps its unsaved text"
                                            : "Edit it in this room");
    } else if (!d.finalised()) {
        if (d.mode == Draft::Mode::Amending) {
            std::string reason = d.amend_reason;
            next(em(22));
            ImGui::SetNextItemWidth(em(22));
            if (ax::InputTextWithHint("##amendreason", "Reason for the amendment (required)", &reason))
                out.push_back(act::EditAmendReason{reason});
            next(bw("Save amendment (Ctrl+S)"));
            if (ax::Button("Save amendment (Ctrl+S)")) out.push_back(act::SaveNow{});
            next(bw("Discard amendment"));
            if (ax::Button("Discard amendment")) out.push_back(act::DiscardAmendment{});
        } else {
            next(bw("Save revision (Ctrl+S)"));
            if (ax::Button("Save revision (Ctrl+S)")) out.push_back(act::SaveNow{});
            next(bw("Finalise (Ctrl+Enter)"));
            push_primary_button();
            if (ax::Button("Finalise (Ctrl+Enter)")) out.push_back(act::AskFinalise{});
            ImGui::PopStyleColor(4);
        }
    }
    next(bw("Patient handout\u2026"));
    if (ax::Button("Patient handout\u2026")) out.push_back(act::OpenHandout{});
    if (mouse_hovered()) ImGui::SetTooltip("Choose what to explain, preview it, save it as PDF or print it");
}

// Several rooms: who has this consultation, and what this room typed and lost to another room,
// in a read-only field the clinician can select and copy from (Ctrl+A, Ctrl+C) or copy at once.
void room_panel(const AppState& s, Actions& out) {
    const RoomLock& r = s.draft->room;
    const Palette& p = palette();
    if (r.watching) {
        // What is shown differs: an in-progress consultation is autosaved as typed there; an
        // amendment is kept in that room's memory until it is saved.
        const bool amending = s.draft->mode == Draft::Mode::Amending;
        const std::string shown = amending ? " You see it as last saved, read-only; the amendment appears here once that room saves it."
                                           : " You see that room's latest typing, read-only; it refreshes as that room saves.";
        banner(r.holder ? lease_words(*r.holder) + shown + " Take over to edit it here."
                        : std::string("Nobody is editing this consultation now. \"Edit here\" to continue it in this room."),
               p.warning_bg, p.text);
    }
    if (r.lost_text.empty()) return;
    ImGui::PushTextWrapPos(0);  // a long room or clinician name wraps rather than being cut
    bold_text(r.lost_why.empty() ? std::string("Typed here, not saved:") : r.lost_why + " Typed here, not saved:");
    ImGui::PopTextWrapPos();
    const int lines = 1 + static_cast<int>(std::count(r.lost_text.begin(), r.lost_text.end(), '\n'));
    std::string text = r.lost_text;  // ReadOnly: ImGui never writes to it; a copy keeps the state const
    ax::InputTextMultiline("##lost", &text,
                           ImVec2(-FLT_MIN, ImGui::GetTextLineHeight() * static_cast<float>(std::clamp(lines, 2, 6)) + em(0.8f)),
                           ImGuiInputTextFlags_ReadOnly);
    if (ax::Button("Copy all")) ImGui::SetClipboardText(r.lost_text.c_str());
    ImGui::SameLine();
    if (ax::Button("Hide (copied)")) out.push_back(act::DismissLostText{});
}

// Red flags live in a strip of fixed height that is always there (quiet when there are none), so
// a flag appearing never pushes the questionnaire under the pointer. More than fits scrolls.
float red_flag_strip_height() { return em(1.3f) * 1.25f + ImGui::GetTextLineHeightWithSpacing() + em(1.3f); }

void red_flags(const AppState& s) {
    const auto& r = s.draft->result;
    const Palette& p = palette();
    const bool any = !r.red_flags.empty();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, any ? p.danger_bg : ImGui::GetStyle().Colors[ImGuiCol_ChildBg]);
    ImGui::PushStyleColor(ImGuiCol_Text, any ? p.danger_text : p.text_dim);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, em2(0.9f, 0.5f));
    ImGui::BeginChild("##redflags", ImVec2(0, red_flag_strip_height()), !any, ImGuiWindowFlags_AlwaysUseWindowPadding);
    ImGui::PushTextWrapPos(0);
    if (!any) {
        ImGui::AlignTextToFramePadding();
        ax::TextUnformatted("No red flags in the answers so far.");
    }
    for (const auto& f : r.red_flags) {
        const auto& fd = s.pack->red_flags[static_cast<std::size_t>(f.finding)];
        ImGui::PushFont(fonts().heading);
        ax::Text("\u26a0 RED FLAG: %s", fd.title.c_str());
        ImGui::PopFont();
        ax::TextUnformatted(fd.action.c_str());
    }
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor(2);
}

// ---------------------------------------------------------------------------------------------
// Questionnaire items

// Keyboard answering. A question that has the keyboard takes its options' numbers (1-9) and
// first letters; Enter or Tab moves on to the next unanswered question.
bool wants_focus(const AppState& s, Slot sl) {
    return s.focus_target == AppState::FocusTarget::Question && s.view.focus_question == sl;
}

// The characters typed this frame while no text field has the keyboard (lower-cased ASCII).
std::string typed_keys() {
    const ImGuiIO& io = ImGui::GetIO();
    std::string out;
    if (io.WantTextInput || io.KeyCtrl || io.KeyAlt) return out;
    for (ImWchar c : io.InputQueueCharacters)
        if (c < 128) out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return out;
}

bool enter_or_tab_pressed() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || io.KeyCtrl || io.KeyAlt) return false;
    return ax::enter_pressed() || tab_pressed(true);
}

// The option a typed key picks: "1".."9" by position, a letter by the first letter of its label
// (the next one after `current` when several share it). -1 when none.
int option_for_key(char k, const std::vector<AnswerOption>& opts, int current) {
    if (k >= '1' && k <= '9') {
        const int i = k - '1';
        return i < static_cast<int>(opts.size()) ? i : -1;
    }
    if (!(k >= 'a' && k <= 'z')) return -1;
    const int n = static_cast<int>(opts.size());
    for (int step = 1; step <= n; ++step) {
        const int i = (current + step + n) % n;
        const auto& d = opts[static_cast<std::size_t>(i)].display;
        if (!d.empty() && (d[0] == k || d[0] == k - 'a' + 'A')) return i;
    }
    return -1;
}

// Keys for a choice question that has the keyboard: a number or letter answers (or, for a
// multi-select, ticks) and keeps focus on the question; Enter or Tab moves on.
void choice_keys(const AppState& s, Slot sl, bool focused_here, bool by_code, Actions& out) {
    if (!focused_here || !draft_editable(s)) return;
    const auto& it = item_of(s, sl);
    const Value& v = s.draft->answers.get(sl);
    const std::string* cur = std::get_if<std::string>(&v);
    Codes ticked = std::get_if<Codes>(&v) ? *std::get_if<Codes>(&v) : Codes{};
    int current = cur ? it.option_index(*cur) : -1;
    bool answered = false;
    for (char k : typed_keys()) {
        int i = -1;
        if (by_code) {  // stages: "3" picks 3, again 3a, 3v ...
            const int n = static_cast<int>(it.options.size());
            for (int step = 1; step <= n && i < 0; ++step) {
                const int j = (current + step + n) % n;
                if (!it.options[static_cast<std::size_t>(j)].code.empty() && it.options[static_cast<std::size_t>(j)].code[0] == k) i = j;
            }
        } else {
            i = option_for_key(k, it.options, current);
        }
        if (i < 0) continue;
        current = i;
        const std::string& code = it.options[static_cast<std::size_t>(i)].code;
        if (it.repeats) {
            if (std::find(ticked.begin(), ticked.end(), code) != ticked.end()) {
                std::erase(ticked, code);
            } else {
                if (code == "none") ticked.clear();
                else std::erase(ticked, std::string("none"));
                ticked.push_back(code);
            }
            out.push_back(act::SetAnswer{sl, ticked.empty() ? Value{} : Value{ticked}});
        } else {
            out.push_back(act::SetAnswer{sl, Value{code}});
        }
        answered = true;
    }
    if (answered) out.push_back(act::FocusQuestion{sl});  // stay here, on the option chosen
    else if (enter_or_tab_pressed()) out.push_back(act::FocusNextQuestion{sl});
}

// After a text or number field: Enter or Tab moves on to the next question.
void text_field_keys(Slot sl, Actions& out) {
    if ((ImGui::IsItemDeactivated() && ax::enter_pressed()) || (ImGui::IsItemActive() && tab_pressed(true)))
        out.push_back(act::FocusNextQuestion{sl});
}

void number_input(const AppState& s, Slot sl, Actions& out, bool decimal) {
    const Value& v = s.draft->answers.get(sl);
    std::string text;
    if (const auto* i = std::get_if<std::int64_t>(&v)) text = std::to_string(*i);
    if (const auto* d = std::get_if<double>(&v)) {
        char b[32];
        std::snprintf(b, sizeof b, "%g", *d);
        text = b;
    }
    ImGui::SetNextItemWidth(em(7));
    if (wants_focus(s, sl)) {
        ImGui::SetKeyboardFocusHere();
        out.push_back(act::FocusTaken{});
    }
    const bool changed = ax::InputText("##num", &text, ImGuiInputTextFlags_CharsDecimal);
    text_field_keys(sl, out);
    if (changed) {
        if (text.empty()) {
            out.push_back(act::SetAnswer{sl, Value{}});
        } else if (decimal) {
            double x = 0;
            if (std::sscanf(text.c_str(), "%lf", &x) == 1) out.push_back(act::SetAnswer{sl, Value{x}});
        } else {
            std::int64_t x = 0;
            const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
            if (ec == std::errc() && ptr == text.data() + text.size()) out.push_back(act::SetAnswer{sl, Value{x}});
        }
    }
    const auto& it = item_of(s, sl);
    if (!it.unit.empty()) {
        ImGui::SameLine();
        ax::TextDisabled("%s", it.unit.c_str());
    }
}

void stage_picker(const AppState& s, Slot sl, StageScale scale, Actions& out) {
    const Value& v = s.draft->answers.get(sl);
    const std::string* cur = std::get_if<std::string>(&v);
    const float tile = em(5.0f);
    const float step = tile + ImGui::GetStyle().ItemSpacing.x;
    const float avail = ImGui::GetContentRegionAvail().x;
    float x = 0;
    const bool focus = wants_focus(s, sl);
    bool focused_here = false;
    bool first = true;
    for (const auto& d : stage_diagrams(scale)) {
        if (x > 0 && x + tile <= avail) ImGui::SameLine();
        else if (x > 0) x = 0;
        const bool on = cur && *cur == d.code;
        const int oi = item_of(s, sl).option_index(std::string(d.code));
        const std::string label = oi >= 0 ? item_of(s, sl).options[static_cast<std::size_t>(oi)].display : std::string(d.code);
        if (stage_tile(d, on, tile, label)) out.push_back(act::SetAnswer{sl, Value{std::string(d.code)}});
        if (focus && (on || (!cur && first))) {
            take_keyboard_focus();
            out.push_back(act::FocusTaken{});
        }
        focused_here |= ImGui::IsItemFocused();
        first = false;
        x += step;
    }
    choice_keys(s, sl, focused_here, true, out);
    // Keyboard alternative: the same choice as a list.
    const auto& it = item_of(s, sl);
    const int sel = cur ? it.option_index(*cur) : -1;
    ImGui::SetNextItemWidth(em(16));
    if (ax::BeginCombo("or choose from the list", sel >= 0 ? it.options[static_cast<std::size_t>(sel)].display.c_str() : "\u2013")) {
        for (std::size_t i = 0; i < it.options.size(); ++i)
            if (ax::Selectable(it.options[i].display.c_str(), static_cast<int>(i) == sel))
                out.push_back(act::SetAnswer{sl, Value{it.options[i].code}});
        ImGui::EndCombo();
    }
    if (cur) {
        if (const auto* d = find_stage_diagram(scale, *cur)) {
            ImGui::SameLine();
            ax::TextDisabled("%.*s", static_cast<int>(d->caption.size()), d->caption.data());
        }
    }
}

// Answer options laid out from their measured widths at the current zoom and window: one row
// when they all fit, else as many equal columns (at most three) as the widest label allows,
// else one column with labels wrapped. Every option's hit area is its own box and label.
struct OptionGrid {
    bool one_row = false;
    int cols = 1;
    float col_w = 0;
};

OptionGrid option_grid(const Item& it, float avail) {
    const float gap = em(1.2f);
    float widest = 0, total = 0;
    for (const auto& o : it.options) {
        const float w = option_width(o.display);
        widest = std::max(widest, w);
        total += w + gap;
    }
    OptionGrid g;
    g.col_w = widest + gap;
    if (total - gap <= avail && it.options.size() <= 6) {
        g.one_row = true;
        return g;
    }
    for (int k = 3; k >= 2; --k)
        if (static_cast<float>(k) * widest + static_cast<float>(k - 1) * gap <= avail) {
            g.cols = k;
            break;
        }
    return g;
}

void choice_input(const AppState& s, Slot sl, Actions& out) {
    const auto& it = item_of(s, sl);
    const Value& v = s.draft->answers.get(sl);
    const Codes* have = std::get_if<Codes>(&v);
    const std::string* cur = std::get_if<std::string>(&v);
    const float avail = ImGui::GetContentRegionAvail().x - em(0.5f);
    const OptionGrid g = option_grid(it, avail);
    const float x0 = ImGui::GetCursorScreenPos().x;
    const int focus_at = wants_focus(s, sl) ? std::max(0, cur ? it.option_index(*cur) : 0) : -1;
    bool focused_here = false;
    for (std::size_t i = 0; i < it.options.size(); ++i) {
        const auto& o = it.options[i];
        const float w = option_width(o.display);
        if (g.one_row) {
            if (i > 0) ImGui::SameLine(0, em(1.2f));
        } else if (g.cols > 1 && i % static_cast<std::size_t>(g.cols) != 0) {
            ImGui::SameLine();
            ImGui::SetCursorScreenPos(ImVec2(x0 + static_cast<float>(i % static_cast<std::size_t>(g.cols)) * g.col_w,
                                             ImGui::GetCursorScreenPos().y));
        }
        const bool on = it.repeats ? have && std::find(have->begin(), have->end(), o.code) != have->end()
                                   : cur && *cur == o.code;
        ImGui::PushID(static_cast<int>(i));
        const float width = g.one_row ? w : g.cols > 1 ? g.col_w - em(1.2f) : avail;
        if (option_toggle(o.display.c_str(), on, !it.repeats, width)) {
            if (it.repeats) {
                Codes next = have ? *have : Codes{};
                if (!on) {
                    // "None" excludes the others, and any other excludes "none".
                    if (o.code == "none") next.clear();
                    else std::erase(next, std::string("none"));
                    next.push_back(o.code);
                } else {
                    std::erase(next, o.code);
                }
                out.push_back(act::SetAnswer{sl, next.empty() ? Value{} : Value{next}});
            } else {
                out.push_back(act::SetAnswer{sl, Value{o.code}});
            }
        }
        if (static_cast<int>(i) == focus_at) {
            take_keyboard_focus();
            out.push_back(act::FocusTaken{});
        }
        focused_here |= ImGui::IsItemFocused();
        ImGui::PopID();
        if (!o.help.empty() && mouse_hovered()) ImGui::SetTooltip("%s", o.help.c_str());
    }
    choice_keys(s, sl, focused_here, false, out);
}

void item_widget(const AppState& s, Slot sl, Actions& out) {
    const auto& it = item_of(s, sl);
    const bool answered = s.draft->answers.answered(sl);
    ImGui::PushID(sl);
    ImGui::BeginGroup();
    if (it.type == ItemType::Display) {
        dim_wrapped(it.text);
        ImGui::EndGroup();
        ImGui::PopID();
        return;
    }
    const bool can_clear = answered && it.type != ItemType::Text && draft_editable(s);
    // The question wraps short of the markers that follow it on its last line.
    const ImGuiStyle& st = ImGui::GetStyle();
    float reserve = 0;
    if (it.required) reserve += ImGui::CalcTextSize("* required").x + em(0.2f);
    if (can_clear) reserve += ImGui::CalcTextSize("clear answer").x + st.FramePadding.x * 2 + em(0.6f);
    if (!it.help.empty()) reserve += ImGui::CalcTextSize("(?)").x + st.ItemSpacing.x;
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::max(em(8), ImGui::GetContentRegionAvail().x - reserve - em(0.5f)));
    bold_text(it.text);
    ImGui::PopTextWrapPos();
    if (it.required) {
        ImGui::SameLine(0, em(0.2f));
        ax::TextColored(answered ? palette().text_dim : palette().danger, answered ? "*" : "* required");
    }
    // "clear answer" sits on the question's line, apart from the options it clears.
    if (can_clear) {
        ImGui::SameLine(0, em(0.6f));
        if (ax::SmallButton("clear answer")) out.push_back(act::SetAnswer{sl, Value{}});
    }
    help_marker(it.help);

    ImGui::Indent(em(0.6f));
    StageScale scale;
    switch (it.type) {
    case ItemType::Boolean: {
        const bool* b = std::get_if<bool>(&s.draft->answers.get(sl));
        const bool focus = wants_focus(s, sl);
        bool focused_here = false;
        if (ax::RadioButton("Yes", b && *b)) out.push_back(act::SetAnswer{sl, Value{true}});
        if (focus && !(b && !*b)) {
            take_keyboard_focus();
            out.push_back(act::FocusTaken{});
        }
        focused_here |= ImGui::IsItemFocused();
        ImGui::SameLine();
        if (ax::RadioButton("No", b && !*b)) out.push_back(act::SetAnswer{sl, Value{false}});
        if (focus && b && !*b) {
            take_keyboard_focus();
            out.push_back(act::FocusTaken{});
        }
        focused_here |= ImGui::IsItemFocused();
        // Y/1 and N/2 answer it; Enter or Tab moves on.
        if (focused_here && draft_editable(s)) {
            bool answered = false;
            for (char k : typed_keys()) {
                if (k == 'y' || k == '1') out.push_back(act::SetAnswer{sl, Value{true}}), answered = true;
                if (k == 'n' || k == '2') out.push_back(act::SetAnswer{sl, Value{false}}), answered = true;
            }
            if (answered) out.push_back(act::FocusQuestion{sl});
            else if (enter_or_tab_pressed()) out.push_back(act::FocusNextQuestion{sl});
        }
        break;
    }
    case ItemType::Choice:
    case ItemType::OpenChoice:
        if (stage_scale_for_widget(it.widget, scale)) stage_picker(s, sl, scale, out);
        else choice_input(s, sl, out);
        break;
    case ItemType::Integer: number_input(s, sl, out, false); break;
    case ItemType::Decimal: number_input(s, sl, out, true); break;
    case ItemType::Date:
    case ItemType::String: {
        const std::string* cur = std::get_if<std::string>(&s.draft->answers.get(sl));
        std::string text = cur ? *cur : std::string();
        ImGui::SetNextItemWidth(em(18));
        if (wants_focus(s, sl)) {
            ImGui::SetKeyboardFocusHere();
            out.push_back(act::FocusTaken{});
        }
        const bool changed = ax::InputTextWithHint("##text", it.type == ItemType::Date ? "YYYY-MM-DD" : "", &text);
        text_field_keys(sl, out);
        if (changed) out.push_back(act::SetAnswer{sl, text.empty() ? Value{} : Value{text}});
        break;
    }
    case ItemType::Text: {
        const std::string* cur = std::get_if<std::string>(&s.draft->answers.get(sl));
        std::string text = cur ? *cur : std::string();
        if (wants_focus(s, sl)) {
            ImGui::SetKeyboardFocusHere();
            out.push_back(act::FocusTaken{});
        }
        if (ax::InputTextMultiline("##text", &text, ImVec2(-em(0.5f), em(7))))
            out.push_back(act::SetAnswer{sl, text.empty() ? Value{} : Value{text}});
        break;
    }
    default: break;
    }
    ImGui::Unindent(em(0.6f));
    ImGui::EndGroup();
    // An item reached from "missing" or "required" is scrolled to and highlighted.
    if (s.view.focus_item == sl) {
        if (!s.view.focus_item_scrolled) {
            ImGui::SetScrollHereY(0.3f);
            out.push_back(act::ScrolledToItem{});
        }
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        ImGui::GetWindowDrawList()->AddRect(ImVec2(a.x - em(0.3f), a.y - em(0.2f)), ImVec2(b.x + em(0.3f), b.y + em(0.2f)),
                                            ImGui::GetColorU32(palette().accent), em(0.3f), 0, em(0.12f));
    }
    ImGui::Dummy(em2(0, 0.35f));
    ImGui::PopID();
}

void questionnaire(const AppState& s, Actions& out) {
    const auto& q = s.pack->questionnaire;
    // Page buttons, wrapping; the current page highlighted.
    const float avail = ImGui::GetContentRegionAvail().x;
    float x = 0;
    for (int pg = 0; pg < page_count(s); ++pg) {
        const auto& group = q.items[static_cast<std::size_t>(q.pages[static_cast<std::size_t>(pg)])];
        const std::string label = std::to_string(pg + 1) + ". " + (group.short_text.empty() ? group.text : group.short_text);
        const float w = ImGui::CalcTextSize(label.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
        if (x > 0 && x + w < avail) ImGui::SameLine();
        else x = 0;
        x += w + ImGui::GetStyle().ItemSpacing.x;
        const bool on = pg == s.view.page;
        if (on) push_primary_button();
        ImGui::PushID(pg);
        if (ax::SmallButton(label.c_str())) out.push_back(act::GotoPage{pg});
        ImGui::PopID();
        if (on) ImGui::PopStyleColor(4);
    }
    const Progress pr = progress(s);
    char overlay[96];
    std::snprintf(overlay, sizeof overlay, "%d of %d answered \u00b7 %d required left", pr.answered, pr.shown, pr.required_missing);
    const float text_w = ImGui::CalcTextSize(overlay).x + em(1);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(0, 0));
    ImGui::ProgressBar(pr.shown ? static_cast<float>(pr.answered) / static_cast<float>(pr.shown) : 0.0f,
                       ImVec2(std::max(em(6), ImGui::GetContentRegionAvail().x - text_w), em(0.5f)), "");
    ImGui::PopStyleVar();
    ImGui::SameLine();
    ax::TextColored(pr.required_missing ? palette().danger : palette().text_dim, "%s", overlay);

    const float nav_h = ImGui::GetFrameHeightWithSpacing() + em(0.4f);
    // A page opens at its top, its title in view. The scroll is set before the child begins, so
    // this frame's items (and the keyboard focus on the first question, which would otherwise
    // scroll the page to bring it in from the old position, cutting the title) are laid out at it.
    if (s.view.page_opened) {
        ImGui::SetNextWindowScroll(ImVec2(-1.0f, 0.0f));
        out.push_back(act::PageShown{});
    }
    ImGui::BeginChild("##items", ImVec2(0, -nav_h), true);
    if (s.view.page >= 0 && s.view.page < page_count(s)) {
        const auto& group = q.items[static_cast<std::size_t>(q.pages[static_cast<std::size_t>(s.view.page)])];
        heading(group.text);
        if (!group.help.empty()) dim_wrapped(group.help);
        ImGui::Separator();
    }
    ImGui::BeginDisabled(!draft_editable(s));
    for (Slot sl : visible_items(s, s.view.page)) item_widget(s, sl, out);
    ImGui::EndDisabled();
    ImGui::EndChild();
    ImGui::BeginDisabled(s.view.page <= 0);
    if (ax::Button("\u25c0 Previous page (PgUp)")) out.push_back(act::GotoPage{s.view.page - 1});
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(s.view.page >= page_count(s) - 1);
    if (ax::Button("Next page (PgDn) \u25b6")) out.push_back(act::GotoPage{s.view.page + 1});
    if (s.focus_target == AppState::FocusTarget::NextPage) {  // the page is answered: on to the next
        take_keyboard_focus();
        out.push_back(act::FocusTaken{});
    }
    ImGui::EndDisabled();
}

// ---------------------------------------------------------------------------------------------
// The live result

void refs_line(const AppState& s, const std::vector<std::string>& refs) {
    if (refs.empty()) return;
    ax::TextDisabled("Sources:");
    for (const auto& r : refs) {
        ImGui::SameLine();
        ax::TextDisabled("[%s]", r.c_str());
        if (mouse_hovered())
            if (const auto* ref = s.pack->find_reference(r)) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(em(30));
                ax::TextUnformatted(ref->citation().c_str());
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
    }
}

void because_lines(const AppState& s, const Because& b, const char* lead) {
    const auto& rule = s.pack->rules[static_cast<std::size_t>(b.rule)];
    ImGui::PushTextWrapPos(0);
    ImGui::Bullet();
    ax::TextWrapped("%s%s", lead, rule.explain.empty() ? rule.id.c_str() : rule.explain.c_str());
    ImGui::Indent();
    ax::TextDisabled("rule %s", rule.id.c_str());
    for (Slot a : b.answers) {
        const std::string v = display_value(s.pack->questionnaire, a, s.draft->answers.get(a));
        ax::TextDisabled("\u2022 %s: %s", label_of(s, a).c_str(), v.c_str());
    }
    refs_line(s, rule.refs);
    ImGui::Unindent();
    ImGui::PopTextWrapPos();
}

const db::Override* decision_for(const AppState& s, const std::string& id) {
    for (const auto& d : s.draft->overrides)
        if (d.option_id == id) return &d;
    return nullptr;
}

void option_row(const AppState& s, const OptionResult& o, Actions& out) {
    const auto& opt = s.pack->options[static_cast<std::size_t>(o.option)];
    const Palette& p = palette();
    ImGui::PushID(o.option);
    const bool open = std::find(s.view.why_open.begin(), s.view.why_open.end(), o.option) != s.view.why_open.end();
    if (ax::SmallButton(open ? "\u25bc why" : "\u25b6 why")) out.push_back(act::ToggleWhy{o.option});
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0);
    ax::TextUnformatted(opt.title.c_str());
    ImGui::PopTextWrapPos();
    const std::string grade = "evidence " + opt.evidence.grade;
    flow(chip_width(grade));
    chip(grade, ImGui::GetStyle().Colors[ImGuiCol_Button], p.text);
    if (mouse_hovered()) {
        auto g = s.pack->scale.grades.find(opt.evidence.grade);
        ImGui::SetTooltip("%s", g != s.pack->scale.grades.end() ? g->second.c_str() : opt.evidence.grade.c_str());
    }
    if (const auto* d = decision_for(s, opt.id)) {
        flow(chip_width(decision_mark(db::Override::Decision::Decline)));
        const bool acc = d->decision == db::Override::Decision::Accept;
        chip(decision_mark(d->decision), acc ? ImVec4(p.ok.x, p.ok.y, p.ok.z, 0.2f) : p.warning_bg, p.text);
    }
    if (open) {
        ImGui::Indent(em(1.2f));
        ImGui::PushTextWrapPos(0);
        const bool ruled_out = o.verdict == Verdict::Avoid || o.verdict == Verdict::NotNow ||
                               o.verdict == Verdict::NotAvailable || o.verdict == Verdict::TrialOnly;
        for (const auto& r : o.reasons) {
            if (r.overruled) continue;
            because_lines(s, r.because, ruled_out ? "Ruled out: " : "");
            if (r.note && !r.note->empty()) ax::TextWrapped("   %s", r.note->c_str());
        }
        bool any_over = false;
        for (const auto& r : o.reasons) {
            if (!r.overruled) continue;
            if (!any_over) ax::TextDisabled("Overruled by the stricter verdict above:");
            any_over = true;
            because_lines(s, r.because, (std::string(verdict_label(r.verdict)) + ": ").c_str());
        }
        if (!opt.evidence.summary.empty()) ax::TextWrapped("Evidence %s: %s", opt.evidence.grade.c_str(), opt.evidence.summary.c_str());
        refs_line(s, opt.evidence.refs);
        for (const auto& c : opt.cautions) ax::TextWrapped("Caution: %s", c.c_str());
        ImGui::PopTextWrapPos();
        // Accept or decline, with a reason kept with the consultation.
        if (draft_editable(s)) {
            std::string reason = s.view.decision_option == o.option ? s.view.decision_reason : std::string();
            ImGui::SetNextItemWidth(em(16));
            if (ax::InputTextWithHint("##reason", "reason (required)", &reason))
                out.push_back(act::EditDecisionReason{o.option, reason});
            ImGui::SameLine();
            if (ax::SmallButton("Accept")) out.push_back(act::Decide{o.option, true});
            ImGui::SameLine();
            if (ax::SmallButton("Decline")) out.push_back(act::Decide{o.option, false});
            if (decision_for(s, opt.id)) {
                ImGui::SameLine();
                if (ax::SmallButton("Undo decision")) out.push_back(act::ClearDecision{o.option});
            }
        }
        if (const auto* d = decision_for(s, opt.id))
            ax::TextDisabled("%s: %s", decision_words(d->decision).c_str(), d->reason.c_str());
        ImGui::Unindent(em(1.2f));
        ImGui::Spacing();
    }
    ImGui::PopID();
}

void result_panel(const AppState& s, Actions& out) {
    const auto& r = s.draft->result;
    const Palette& p = palette();
    heading("Likely assessment");
    if (r.assessments.empty())
        dim_wrapped(r.options.empty() && r.workup.empty() && r.red_flags.empty()
                        ? "Nothing yet: answer the questions on the left."
                        : "No assessment stands out from the answers so far.");
    for (const auto& a : r.assessments) {
        const auto& f = s.pack->assessments[static_cast<std::size_t>(a.assessment)];
        ImGui::PushID(a.assessment + 10000);
        chip(a.likelihood == Likelihood::Likely ? "likely" : "possible",
             a.likelihood == Likelihood::Likely ? p.accent : ImGui::GetStyle().Colors[ImGuiCol_Button],
             a.likelihood == Likelihood::Likely ? p.accent_text : p.text);
        ImGui::SameLine();
        // The arrow opens the reasons; the title beside it wraps, so a long one is never cut.
        const bool open = ax::TreeNodeEx("##assessment", ImGuiTreeNodeFlags_NoTreePushOnOpen);
        ImGui::SameLine();
        ImGui::PushTextWrapPos(0);
        ax::TextUnformatted(f.title.c_str());
        ImGui::PopTextWrapPos();
        if (open) {
            ImGui::Indent();
            if (!f.summary.empty()) dim_wrapped(f.summary);
            for (const auto& b : a.because) because_lines(s, b, "");
            ImGui::Unindent();
        }
        ImGui::PopID();
    }
    if (!r.missing.empty()) {
        heading("Would change the result");
        dim_wrapped("Unanswered questions that could change what is shown. Click to go there.");
        for (Slot m : r.missing) {
            ImGui::PushID(m + 20000);
            if (ax::SmallButton(label_of(s, m).c_str())) out.push_back(act::JumpToItem{m});
            ImGui::PopID();
            ImGui::SameLine();
            if (ImGui::GetContentRegionAvail().x < em(10)) ImGui::NewLine();
        }
        ImGui::NewLine();
    }
    heading("Options");
    const Verdict order[] = {Verdict::FirstLine, Verdict::Consider, Verdict::NotNow,
                             Verdict::TrialOnly, Verdict::NotAvailable, Verdict::Avoid};
    if (r.options.empty()) dim_wrapped("No options yet.");
    for (Verdict v : order) {
        int n = 0;
        for (const auto& o : r.options) n += o.verdict == v;
        if (n == 0) continue;
        ImGui::Dummy(em2(0, 0.15f));
        chip(std::string(verdict_label(v)), verdict_colour(v), ImVec4(1, 1, 1, 1));
        for (const auto& o : r.options)
            if (o.verdict == v) option_row(s, o, out);
    }
    if (!r.workup.empty()) {
        heading("Workup");
        for (const auto& w : r.workup) {
            const auto& f = s.pack->workup[static_cast<std::size_t>(w.finding)];
            ImGui::Bullet();
            ax::TextUnformatted(f.title.c_str());
            if (!f.summary.empty() && mouse_hovered()) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(em(30));
                ax::TextUnformatted(f.summary.c_str());
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
        }
    }
    if (!r.dropped.empty()) {
        std::string t = "Answers ignored because their question is hidden now:";
        for (const auto& d : r.dropped) t += " " + d;
        dim_wrapped(t);
    }
}

// On a follow-up, what changed since the earlier visit: a heading and a list of fixed height that
// scrolls, so changes coming and going never move the page.
void follow_up_changes(const AppState& s) {
    if (!s.draft->previous) return;
    const auto lines = answer_changes(s.pack->questionnaire, *s.draft->previous, s.draft->answers);
    const std::string title = "Since the last visit: " + (lines.empty() ? std::string("no changes yet") :
                              std::to_string(lines.size()) + " change" + (lines.size() == 1 ? "" : "s"));
    ImGui::BeginChild("##since", ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 4 + em(0.8f)), true);
    bold_text(title);
    ImGui::PushTextWrapPos(0);
    for (const auto& l : lines) ax::BulletText("%s", l.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
}

}  // namespace

void draw_consultation(const AppState& s, Actions& out) {
    if (!s.pack || !s.draft) return;
    header(s, out);
    room_panel(s, out);
    red_flags(s);
    follow_up_changes(s);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float left_w = std::max(em(24), avail.x * 0.54f);
    ImGui::BeginChild("##questionnaire", ImVec2(left_w, 0), false);
    questionnaire(s, out);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##result", ImVec2(0, 0), true);
    if (s.focus_target == AppState::FocusTarget::Result) {
        focus_this_window();
        out.push_back(act::FocusTaken{});
    }
    const bool in_result = ImGui::IsWindowFocused(ImGuiFocusedFlags_ChildWindows);
    result_panel(s, out);
    ImGui::EndChild();
    // F6: to the result panel and back to the questionnaire.
    const int f6 = keys::F6;
    if (ImGui::IsKeyPressed(f6, false) && !ImGui::GetIO().WantTextInput)
        out.push_back(in_result ? Action{act::FocusQuestion{first_unanswered(s, s.view.page)}} : Action{act::FocusResult{}});
}

}  // namespace hc::ui
