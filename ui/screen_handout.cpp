// The handout panel: a modal over the consultation or Review screen. Left, what goes in (options to
// explain, paper) and what to do with it (Save PDF, Print); right, the pages as the patient
// will get them.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "ui/audit.h"
#include "ui/fonts.h"
#include "ui/handout_actions.h"
#include "ui/keys.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace hc::ui {

namespace {

void status_line(const Message& m) {
    const Palette& p = palette();
    const ImVec4 bg = m.kind == Message::Kind::Error ? p.danger_bg : m.kind == Message::Kind::Warning ? p.warning_bg : p.info_bg;
    const ImVec4 fg = m.kind == Message::Kind::Error ? p.danger_text : p.text;
    banner(m.text, bg, fg);
}

void choices(const HandoutPanel& h, Actions& out) {
    heading("What to explain");
    dim_wrapped("Ticked options are explained in full. This choice is for this handout only; it does not change "
                "the consultation.");
    ImGui::Spacing();
    if (h.choices.empty()) dim_wrapped("The result has no option to explain yet.");
    for (int i = 0; i < static_cast<int>(h.choices.size()); ++i) {
        const auto& c = h.choices[static_cast<std::size_t>(i)];
        ImGui::PushID(i);
        bool on = c.chosen;
        if (ax::Checkbox("##on", &on)) out.push_back(act::ToggleHandoutOption{i});
        ImGui::SameLine();
        // The chip is shorter than the checkbox: centre it on the row.
        const float y = ImGui::GetCursorPosY();
        ImGui::SetCursorPosY(y + ImGui::GetStyle().FramePadding.y - em(0.1f));
        chip(std::string(verdict_label(c.verdict)), verdict_colour(c.verdict), ImVec4(1, 1, 1, 1));
        ImGui::SameLine();
        ImGui::SetCursorPosY(y);
        ImGui::AlignTextToFramePadding();
        ImGui::PushTextWrapPos(0);
        ax::TextUnformatted(c.title.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopID();
    }
}

void paper(const HandoutPanel& h, Actions& out) {
    heading("Paper");
    if (ax::RadioButton("A4", h.paper == handout::Paper::A4)) out.push_back(act::SetHandoutPaper{handout::Paper::A4});
    ImGui::SameLine(0, em(1.5f));
    if (ax::RadioButton("Letter", h.paper == handout::Paper::Letter))
        out.push_back(act::SetHandoutPaper{handout::Paper::Letter});
}

void save_and_print(const AppState& s, Actions& out) {
    const HandoutPanel& h = s.handout;
    heading("Save or print");
    push_primary_button();
    if (ax::Button("Save PDF", em2(8, 0))) out.push_back(act::SaveHandoutPdf{});
    ImGui::PopStyleColor(4);
    dim_wrapped("Into " + handout_folder(s.settings, {}).string() + " (file named by the consultation number and date).");
    ImGui::Spacing();

    if (!h.printers_listed) {
        if (ax::Button("Find printers", em2(8, 0))) out.push_back(act::RefreshPrinters{});
    } else if (h.listing_printers) {
        dim_wrapped("Asking the print service for its printers\u2026");
    } else if (h.no_print_service || h.printers.empty()) {
        // One clear message, and the way out.
        banner(h.print_problem, palette().warning_bg, palette().text);
        if (ax::Button("Look for printers again")) out.push_back(act::RefreshPrinters{});
    } else {
        ImGui::SetNextItemWidth(em(13));
        if (ax::BeginCombo("##printer", h.printer.c_str())) {
            for (const auto& p : h.printers) {
                std::string label = p.name;
                if (!p.info.empty() && p.info != p.name) label += " \u2013 " + p.info;
                if (p.is_default) label += " (default)";
                if (ax::Selectable(label.c_str(), p.name == h.printer)) out.push_back(act::ChoosePrinter{p.name});
            }
            ImGui::EndCombo();
        }
        ImGui::SameLine();
        ImGui::BeginDisabled(h.printing);
        if (ax::Button("Print", em2(5, 0))) out.push_back(act::PrintHandout{});
        ImGui::EndDisabled();
    }
    if (h.status) {
        ImGui::Spacing();
        status_line(*h.status);
    }
}

// The pages one under the other, each fitted to the pane's width, on a grey desk.
void pages(const HandoutPanel& h, const PreviewTextures* tex) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.62f, 0.65f, 0.67f, 1.0f));
    ImGui::BeginChild("##pages", avail, false);
    if (!h.render_error.empty()) {
        ImGui::Dummy(em2(0, 1));
        ImGui::Indent(em(1));
        banner(h.render_error, palette().danger_bg, palette().danger_text);
        ImGui::Unindent(em(1));
    }
    if (h.rendering) {
        ImGui::Dummy(em2(0, 1));
        ImGui::Indent(em(1));
        ax::TextColored(ImVec4(1, 1, 1, 1), "%s", "Preparing the pages\u2026");
        ImGui::Unindent(em(1));
    }
    const bool have_tex = tex && tex->generation == h.generation && tex->pages.size() == h.pages.size();
    const float margin = em(1.2f);
    const float aspect = h.page_width_pt > 0 ? static_cast<float>(h.page_height_pt / h.page_width_pt) : 1.414f;
    const float pane_w = ImGui::GetContentRegionAvail().x;
    // Fit the width, but never wider than the page at its rendered size (no blur from upscaling).
    float w = pane_w - 2 * margin;
    if (!h.pages.empty()) w = std::min(w, static_cast<float>(h.pages.front().width));
    w = std::max(w, em(10));
    const float ph = w * aspect;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const int n = static_cast<int>(h.pages.size());
    ImGui::Dummy(ImVec2(0, margin * 0.5f));
    for (int i = 0; i < n; ++i) {
        ImGui::PushFont(fonts().small);
        const std::string label = "Page " + std::to_string(i + 1) + " of " + std::to_string(n);
        const float lw = ImGui::CalcTextSize(label.c_str()).x;
        ImGui::SetCursorPosX(std::max(0.0f, (pane_w - lw) * 0.5f));
        ax::TextColored(ImVec4(1, 1, 1, 1), "%s", label.c_str());
        ImGui::PopFont();
        ImGui::SetCursorPosX(std::max(margin, (pane_w - w) * 0.5f));
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        const ImVec2 p1(p0.x + w, p0.y + ph);
        dl->AddRectFilled(ImVec2(p0.x + em(0.12f), p0.y + em(0.18f)), ImVec2(p1.x + em(0.12f), p1.y + em(0.18f)),
                          IM_COL32(0, 0, 0, 45));
        dl->AddRectFilled(p0, p1, IM_COL32(255, 255, 255, 255));
        if (have_tex) ImGui::Image(tex->pages[static_cast<std::size_t>(i)].id, ImVec2(w, ph));
        else ImGui::Dummy(ImVec2(w, ph));
        ImGui::Dummy(ImVec2(0, margin));
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

}  // namespace

void draw_handout(const AppState& s, Actions& out, const PreviewTextures* previews) {
    const HandoutPanel& h = s.handout;
    const char* id = "Patient handout###handout";
    if (!ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const ImVec2 size(vp->WorkSize.x * 0.94f, vp->WorkSize.y * 0.94f);
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(size, ImGuiCond_Always);
    if (!ImGui::BeginPopupModal(id, nullptr,
                                ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                                    ImGuiWindowFlags_NoTitleBar))
        return;
    const float side = std::clamp(ImGui::GetContentRegionAvail().x * 0.36f, em(20), em(30));
    ImGui::BeginChild("##handoutside", ImVec2(side, 0), false);
    ImGui::PushFont(fonts().heading);
    ax::TextUnformatted("Patient handout");
    ImGui::PopFont();
    if (h.review) {
        // From Review: which consultation, which revision, which date, and whether as decided.
        const ReviewHandout& r = *h.review;
        bold_text("For " + r.patient_label);
        dim_wrapped("Consultation #" + std::to_string(r.consultation_id) + " of " + r.date + ", revision " +
                    std::to_string(r.revision) + (r.as_decided ? ", as decided." : ".") + " The handout is dated " + r.date + ".");
        if (!r.note.empty()) banner(r.note, palette().warning_bg, palette().text);
    } else if (s.draft && !s.draft->patient_label.empty()) {
        bold_text("For " + s.draft->patient_label);
    } else {
        bold_text("No patient chosen: the handout will carry no name.");
    }
    const auto& st = s.settings;
    std::string from = st.clinic_name.empty() ? std::string("(no clinic name)") : st.clinic_name;
    if (!st.clinician_name.empty()) from += " \u00b7 " + st.clinician_name;
    dim_wrapped("From " + from + ". Names and the handout folder are in Settings.");
    choices(h, out);
    paper(h, out);
    save_and_print(s, out);
    // Close sits at the bottom of the column, always in reach.
    const float close_h = ImGui::GetFrameHeightWithSpacing() + em(0.5f);
    if (ImGui::GetContentRegionAvail().y > close_h) ImGui::SetCursorPosY(ImGui::GetCursorPosY() + ImGui::GetContentRegionAvail().y - close_h);
    ImGui::Separator();
    if (ax::Button("Close (Esc)", em2(8, 0)) || ImGui::IsKeyPressed(keys::Escape)) {
        out.push_back(act::CloseHandout{});
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ax::Button("Settings\u2026")) {
        out.push_back(act::Navigate{Screen::Settings});
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndChild();
    ImGui::SameLine();
    pages(h, previews);
    ImGui::EndPopup();
}

}  // namespace hc::ui
