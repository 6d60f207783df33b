// The frame around every screen: one full-window ImGui window with a stable id (no patient
// data in titles or imgui.ini), a top bar, message banners and the modal.
#include <imgui.h>

#include "handout/handout.h"
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
        if (pressed(keys::Enter) || pressed(keys::KpEnter)) out.push_back(act::Finalise{});
        if (pressed(keys::Equal) || pressed(keys::KpAdd)) out.push_back(act::Zoom{+1});
        if (pressed(keys::Minus) || pressed(keys::KpSubtract)) out.push_back(act::Zoom{-1});
        if (pressed(keys::Num0)) out.push_back(act::Zoom{0});
        if (pressed(keys::D)) out.push_back(act::SetDark{!s.dark});
        if (pressed(keys::N) && s.start.selected_patient)
            out.push_back(act::StartConsultation{s.start.selected_patient});
        if (pressed(keys::F)) out.push_back(act::Navigate{Screen::Sessions});
        if (pressed(keys::Q)) out.push_back(act::Quit{});
    }
    if (pressed(keys::F1)) out.push_back(act::Navigate{Screen::About});
    if (s.screen == Screen::Consultation && s.draft && !s.handout.open) {
        if (pressed(keys::PageDown)) out.push_back(act::GotoPage{s.page + 1});
        if (pressed(keys::PageUp)) out.push_back(act::GotoPage{s.page - 1});
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
    ImGui::TextColored(p.accent, "hairconsult");
    ImGui::PopFont();
    for (const auto& t : tabs) {
        if (t.screen == Screen::Consultation && !s.draft) continue;
        ImGui::SameLine();
        const bool on = s.screen == t.screen || (t.screen == Screen::Sessions && s.screen == Screen::Review);
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyle().Colors[ImGuiCol_HeaderActive]);
        if (ImGui::Button(t.label)) out.push_back(act::Navigate{t.screen});
        if (on) ImGui::PopStyleColor();
    }
    const char* theme = s.dark ? "Light theme" : "Dark theme";
    const float w = ImGui::CalcTextSize(theme).x + em(1.2f) + ImGui::CalcTextSize("A-  A+").x + em(3);
    ImGui::SameLine(ImGui::GetWindowWidth() - w - em(1));
    if (ImGui::Button("A-")) out.push_back(act::Zoom{-1});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Smaller text (Ctrl -)");
    ImGui::SameLine();
    if (ImGui::Button("A+")) out.push_back(act::Zoom{+1});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Larger text (Ctrl +)");
    ImGui::SameLine();
    if (ImGui::Button(theme)) out.push_back(act::SetDark{!s.dark});
    ImGui::Separator();
}

void messages(const AppState& s, Actions& out) {
    const Palette& p = palette();
    if (s.read_only)
        banner("Read-only: " + s.read_only_reason, p.warning_bg, p.text);
    if (fonts().fallback) banner(fonts().warning, p.warning_bg, p.text);
    if (s.pack) {
        if (const auto old = facts_outdated_warning(s.pack->facts_checked, handout::today_iso()); !old.empty())
            banner(old, p.warning_bg, p.text);
    }
    for (int i = 0; i < static_cast<int>(s.messages.size()); ++i) {
        const auto& m = s.messages[static_cast<std::size_t>(i)];
        const ImVec4 bg = m.kind == Message::Kind::Error ? p.danger_bg
                        : m.kind == Message::Kind::Warning ? p.warning_bg : p.info_bg;
        const ImVec4 fg = m.kind == Message::Kind::Error ? p.danger_text : p.text;
        ImGui::PushID(i);
        if (banner(m.text, bg, fg, "Dismiss")) out.push_back(act::DismissMessage{i});
        ImGui::PopID();
    }
}

void modal(const AppState& s, Actions& out) {
    if (!s.modal) return;
    const char* id = "Please check###modal";
    if (!ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
    ImGui::SetNextWindowSize(ImVec2(em(34), 0));
    if (ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::PushTextWrapPos(em(32));
        if (s.modal->kind == Message::Kind::Error) ImGui::PushStyleColor(ImGuiCol_Text, palette().danger);
        ImGui::TextUnformatted(s.modal->text.c_str());
        if (s.modal->kind == Message::Kind::Error) ImGui::PopStyleColor();
        ImGui::PopTextWrapPos();
        ImGui::Spacing();
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        if (ImGui::Button("OK", em2(6, 0)) || ImGui::IsKeyPressed(keys::Escape) || ImGui::IsKeyPressed(keys::Enter)) {
            out.push_back(act::DismissModal{});
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
}

}  // namespace

void draw_frame(const AppState& s, Actions& out, const PreviewTextures* previews) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("###main", nullptr, flags);
    top_bar(s, out);
    messages(s, out);
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
    // A message modal takes precedence: two modals at one level would close each other.
    if (s.handout.open && !s.modal) draw_handout(s, out, previews);
    modal(s, out);
    ImGui::End();
    shortcuts(s, out);
}

}  // namespace hc::ui
