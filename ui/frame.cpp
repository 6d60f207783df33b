// The frame around every screen: one full-window ImGui window with a stable id (no patient
// data in titles or imgui.ini), a top bar, message banners and the modal.
#include <imgui.h>
#include <imgui_internal.h>

#include "handout/handout.h"
#include "ui/audit.h"
#include "ui/facts_notice.h"
#include "ui/fonts.h"
#include "ui/keys.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace hc::ui {

void shortcuts(const AppState& s, Actions& out) {
    const ImGuiIO& io = ImGui::GetIO();
    auto pressed = [](int k) { return ImGui::IsKeyPressed(k, false); };
    if (io.KeyCtrl) {
        if (pressed(keys::S)) out.push_back(act::SaveNow{});
        // Never from inside a multi-line field (Ctrl+Enter there ends the field), and only ever
        // asks: the confirmation finalises.
        if ((pressed(keys::Enter) || pressed(keys::KpEnter)) && !ax::multiline_active() && !s.view.confirm_finalise &&
            s.screen == Screen::Consultation && s.draft && !s.draft->finalised())
            out.push_back(act::AskFinalise{});
        if (pressed(keys::Equal) || pressed(keys::KpAdd)) out.push_back(act::Zoom{+1});
        if (pressed(keys::Minus) || pressed(keys::KpSubtract)) out.push_back(act::Zoom{-1});
        if (pressed(keys::Num0)) out.push_back(act::Zoom{0});
        if (pressed(keys::D)) out.push_back(act::SetDark{!s.dark});
        if (pressed(keys::N) && s.start.selected_patient)
            out.push_back(act::StartConsultation{s.start.selected_patient});
        if (pressed(keys::F)) out.push_back(act::FocusSearch{});
        if (pressed(keys::Q)) out.push_back(act::Quit{});
    }
    if (pressed(keys::F1)) out.push_back(act::Navigate{Screen::About});
    if (s.screen == Screen::Consultation && s.draft && !s.handout.open) {
        if (pressed(keys::PageDown)) out.push_back(act::GotoPage{s.view.page + 1});
        if (pressed(keys::PageUp)) out.push_back(act::GotoPage{s.view.page - 1});
    }
    if (s.screen == Screen::Sessions) {
        if (pressed(keys::PageDown)) out.push_back(act::SessionsNextPage{});
        if (pressed(keys::PageUp)) out.push_back(act::SessionsPrevPage{});
    }
}

namespace {

void top_bar(const AppState& s, Actions& out) {
    const Palette& p = palette();
    struct Tab { Screen screen; const char* label; };
    const Tab tabs[] = {{Screen::Start, "Patients"},
                        {Screen::Consultation, "Consultation"},
                        {Screen::Sessions, "Consultations (Ctrl+F)"},
                        {Screen::About, "How this works (F1)"},
                        {Screen::Settings, "Settings"}};
    ImGui::PushFont(fonts().bold);
    ax::TextColored(p.accent, "hairconsult");
    ImGui::PopFont();
    for (const auto& t : tabs) {
        if (t.screen == Screen::Consultation && !s.draft) continue;
        flow(ImGui::CalcTextSize(t.label).x + ImGui::GetStyle().FramePadding.x * 2);
        const bool on = s.screen == t.screen || (t.screen == Screen::Sessions && s.screen == Screen::Review);
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyle().Colors[ImGuiCol_HeaderActive]);
        if (ax::Button(t.label)) out.push_back(act::Navigate{t.screen});
        if (on) ImGui::PopStyleColor();
    }
    // Zoom and theme at the right; on a line of their own when the tabs leave no room.
    const char* theme = s.dark ? "Light theme" : "Dark theme";
    const ImGuiStyle& st = ImGui::GetStyle();
    const auto bw = [&](const char* l) { return ImGui::CalcTextSize(l).x + st.FramePadding.x * 2; };
    const float w = bw("A-") + bw("A+") + bw(theme) + st.ItemSpacing.x * 2;
    const float right = ImGui::GetWindowContentRegionMax().x;
    ImGui::SameLine();
    if (ImGui::GetCursorPosX() + w > right) ImGui::NewLine();
    ImGui::SetCursorPosX(right - w);
    if (ax::Button("A-")) out.push_back(act::Zoom{-1});
    if (mouse_hovered()) ImGui::SetTooltip("Smaller text (Ctrl -)");
    ImGui::SameLine();
    if (ax::Button("A+")) out.push_back(act::Zoom{+1});
    if (mouse_hovered()) ImGui::SetTooltip("Larger text (Ctrl +)");
    ImGui::SameLine();
    if (ax::Button(theme)) out.push_back(act::SetDark{!s.dark});
    ImGui::Separator();
}

// Banners that are there from the start (read-only copy, missing font) sit under the top bar.
void standing_banners(const AppState& s) {
    const Palette& p = palette();
    if (s.read_only)
        banner("Read-only: " + s.read_only_reason, p.warning_bg, p.text);
    if (!s.feed_problem.empty()) banner(s.feed_problem, p.warning_bg, p.text);
    if (fonts().fallback) banner(fonts().warning, p.warning_bg, p.text);
    // The pack's facts were last checked more than a year ago: said from the start, with the
    // other standing banners, never inserted under the pointer later in a consultation.
    if (s.pack) {
        if (const auto old = facts_outdated_warning(s.pack->facts_checked, handout::today_iso()); !old.empty())
            banner(old, p.warning_bg, p.text);
    }
}

// Messages that come and go are shown in a strip of fixed height at the bottom of the window,
// newest first, so a message appearing or being dismissed never moves what is under the pointer.
float message_strip_height() { return ImGui::GetTextLineHeightWithSpacing() * 2 + em(1.0f); }

void message_strip(const AppState& s, Actions& out) {
    const Palette& p = palette();
    const float h = message_strip_height();
    if (s.messages.empty()) {
        // The reserved space says which keys do what while no message needs it.
        ImGui::BeginChild("##keys", ImVec2(0, h - ImGui::GetStyle().ItemSpacing.y), false, ImGuiWindowFlags_NoScrollbar);
        ImGui::SetCursorPosY(em(0.4f));
        dim_wrapped(s.screen == Screen::Consultation
                        ? "Keys: 1\u20139 or a first letter answers \u00b7 Enter or Tab: next question \u00b7 PgUp/PgDn: pages "
                          "\u00b7 F6: result panel and back \u00b7 Ctrl+S save \u00b7 Ctrl+Enter finalise \u00b7 Ctrl+F find"
                        : "Keys: Ctrl+N new consultation for the chosen patient \u00b7 Ctrl+F find a consultation \u00b7 "
                          "Ctrl +/\u2013 text size \u00b7 F1 how this works");
        ImGui::EndChild();
        return;
    }
    const int i = static_cast<int>(s.messages.size()) - 1;
    const auto& m = s.messages.back();
    const ImVec4 bg = m.kind == Message::Kind::Error ? p.danger_bg : m.kind == Message::Kind::Warning ? p.warning_bg : p.info_bg;
    const ImVec4 fg = m.kind == Message::Kind::Error ? p.danger_text : p.text;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, bg);
    ImGui::PushStyleColor(ImGuiCol_Text, fg);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, em2(0.8f, 0.4f));
    ImGui::BeginChild("##messages", ImVec2(0, h - ImGui::GetStyle().ItemSpacing.y), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    const char* dismiss = "Dismiss";
    const float bw = ImGui::CalcTextSize(dismiss).x + ImGui::GetStyle().FramePadding.x * 2;
    const std::string more = i > 0 ? " (" + std::to_string(i) + " more)" : std::string();
    ImGui::PushTextWrapPos(ImGui::GetContentRegionAvail().x - bw - em(1));
    ax::TextUnformatted((m.text + more).c_str());
    ImGui::PopTextWrapPos();
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - bw);
    ImGui::PushStyleColor(ImGuiCol_Text, p.text);
    ImGui::PushID(i);
    if (ax::SmallButton(dismiss)) out.push_back(act::DismissMessage{i});
    ImGui::PopID();
    ImGui::PopStyleColor();
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor(2);
}

void modal(const AppState& s, Actions& out) {
    if (!s.modal) return;
    const char* id = "Please check###modal";
    if (!ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
    ImGui::SetNextWindowSize(ImVec2(em(34), 0));
    if (ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::PushTextWrapPos(em(32));
        if (s.modal->kind == Message::Kind::Error) ImGui::PushStyleColor(ImGuiCol_Text, palette().danger);
        ax::TextUnformatted(s.modal->text.c_str());
        if (s.modal->kind == Message::Kind::Error) ImGui::PopStyleColor();
        ImGui::PopTextWrapPos();
        ImGui::Spacing();
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        if (ax::Button("OK", em2(6, 0)) || ImGui::IsKeyPressed(keys::Escape) || ImGui::IsKeyPressed(keys::Enter)) {
            out.push_back(act::DismissModal{});
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
}

// "Finalise this consultation?": Enter (or the button) finalises, Escape cancels.
void confirm_finalise(const AppState& s, Actions& out) {
    if (!s.view.confirm_finalise || s.modal) return;
    const char* id = "Finalise?###confirmfinalise";
    if (!ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
    ImGui::SetNextWindowSize(ImVec2(em(30), 0));
    if (ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize)) {
        const bool amending = s.draft && s.draft->mode == Draft::Mode::Amending;
        ImGui::PushTextWrapPos(em(28));
        ax::TextUnformatted(amending ? "Save this amendment as a new revision?"
                                     : "Finalise this consultation? It becomes read-only; a later change is an amendment with a reason.");
        ImGui::PopTextWrapPos();
        ImGui::Spacing();
        push_primary_button();
        const bool yes = ax::Button(amending ? "Save amendment (Enter)" : "Finalise (Enter)");
        ImGui::PopStyleColor(4);
        ImGui::SameLine();
        const bool no = ax::Button("Cancel (Esc)");
        if (yes || ImGui::IsKeyPressed(keys::Enter, false) || ImGui::IsKeyPressed(keys::KpEnter, false)) {
            out.push_back(act::Finalise{});
            ImGui::CloseCurrentPopup();
        } else if (no || ImGui::IsKeyPressed(keys::Escape, false)) {
            out.push_back(act::CancelFinalise{});
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
}

}  // namespace

namespace {
void quiet(void*, const char*, ...) {}  // the error itself is reported; the recovery steps are not news
}  // namespace

void guarded_frame(const AppState& s, Actions& out, const PreviewTextures* previews, DrawFn draw) {
    try {
        draw(s, out, previews);
    } catch (const std::exception& e) {
        ImGui::ErrorCheckEndFrameRecover(quiet);
        out.clear();
        out.push_back(act::FrameFailed{e.what()});
    } catch (...) {
        ImGui::ErrorCheckEndFrameRecover(quiet);
        out.clear();
        out.push_back(act::FrameFailed{"unknown error"});
    }
}

void draw_frame(const AppState& s, Actions& out, const PreviewTextures* previews) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("###main", nullptr, flags);
    top_bar(s, out);
    standing_banners(s);
    ImGui::BeginChild("##screen", ImVec2(0, -message_strip_height()), false);
    switch (s.screen) {
    case Screen::Start: draw_start(s, out); break;
    case Screen::Consultation:
        if (s.draft) draw_consultation(s, out);
        else draw_start(s, out);
        break;
    case Screen::Review: draw_review(s, out); break;
    case Screen::Sessions: draw_sessions(s, out); break;
    case Screen::About: draw_about(s, out); break;
    case Screen::Settings: draw_settings(s, out); break;
    }
    ImGui::EndChild();
    message_strip(s, out);
    // A message modal takes precedence: two modals at one level would close each other.
    if (s.handout.open && !s.modal) draw_handout(s, out, previews);
    modal(s, out);
    confirm_finalise(s, out);
    ImGui::End();
    shortcuts(s, out);
}

}  // namespace hc::ui
