// The sessions browser: search and filters over every consultation, newest first, paged by
// keyset (the store never uses OFFSET).
#include <imgui.h>
#include <imgui_stdlib.h>

#include "ui/audit.h"
#include "ui/compare.h"
#include "ui/fonts.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace hc::ui {

void stale_notice(Actions& out) {
    ImGui::AlignTextToFramePadding();
    ImGui::PushTextWrapPos(0);
    ax::TextColored(palette().text_dim, "Other rooms have saved since this list was shown; it stays as it is until you ask.");
    ImGui::PopTextWrapPos();
    flow(ImGui::CalcTextSize("Show the latest").x + ImGui::GetStyle().FramePadding.x * 2);
    if (ax::Button("Show the latest")) out.push_back(act::ShowLatest{});
}

void draw_sessions(const AppState& s, Actions& out) {
    heading("Consultations");
    db::ListFilter f = s.sessions.filter;
    bool changed = false;
    ImGui::SetNextItemWidth(em(16));
    if (s.focus_target == AppState::FocusTarget::Search) {  // Ctrl+F: typing goes into the search box
        ImGui::SetKeyboardFocusHere();
        out.push_back(act::FocusTaken{});
    }
    changed |= ax::InputTextWithHint("##text", "patient name or record number", &f.text);
    flow(em(9));
    const std::string words[] = {"any status", status_words(db::Status::InProgress), status_words(db::Status::Completed),
                                 status_words(db::Status::Amended), status_words(db::Status::EnteredInError)};
    const char* statuses[] = {words[0].c_str(), words[1].c_str(), words[2].c_str(), words[3].c_str(), words[4].c_str()};
    int st = f.status ? static_cast<int>(*f.status) + 1 : 0;
    ImGui::SetNextItemWidth(em(9));
    if (ImGui::Combo("##status", &st, statuses, 5)) {
        f.status = st == 0 ? std::nullopt : std::optional<db::Status>(static_cast<db::Status>(st - 1));
        changed = true;
    }
    flow(em(14));
    ImGui::SetNextItemWidth(em(14));
    std::string a_label = "any assessment";
    if (s.pack)
        for (const auto& a : s.pack->assessments)
            if (a.id == f.assessment) a_label = a.title;
    if (ax::BeginCombo("##assessment", a_label.c_str())) {
        if (ax::Selectable("any assessment", f.assessment.empty())) { f.assessment.clear(); changed = true; }
        if (s.pack)
            for (const auto& a : s.pack->assessments)
                if (ax::Selectable(a.title.c_str(), a.id == f.assessment)) { f.assessment = a.id; changed = true; }
        ImGui::EndCombo();
    }
    flow(em(7));
    ImGui::SetNextItemWidth(em(7));
    changed |= ax::InputTextWithHint("##from", "from date", &f.date_from);
    flow(em(7));
    ImGui::SetNextItemWidth(em(7));
    changed |= ax::InputTextWithHint("##to", "to date", &f.date_to);
    if (changed) out.push_back(act::QuerySessions{f});

    const float foot = ImGui::GetFrameHeightWithSpacing() + em(0.3f);
    if (ImGui::BeginTable("##sessions", 7, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                               ImGuiTableFlags_SizingStretchProp, ImVec2(0, -foot))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Date", ImGuiTableColumnFlags_WidthFixed, em(6.5f));
        ImGui::TableSetupColumn("Patient", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn("Visit", ImGuiTableColumnFlags_WidthFixed, em(5.5f));
        ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, em(7));
        ImGui::TableSetupColumn("Assessment", ImGuiTableColumnFlags_WidthStretch, 2.0f);
        ImGui::TableSetupColumn("Pack", ImGuiTableColumnFlags_WidthFixed, em(6));
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, em(4));
        ImGui::TableHeadersRow();
        for (const auto& r : s.sessions.rows) {
            ImGui::PushID(static_cast<int>(r.id));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            ax::TextUnformatted(r.started_at.substr(0, 10).c_str());
            ImGui::TableNextColumn();
            ImGui::PushTextWrapPos(0);
            ax::TextUnformatted(r.patient_name.c_str());
            ImGui::PopTextWrapPos();
            ImGui::TableNextColumn();
            // The visit's place in its follow-up chain; a follow-up says so.
            ImGui::PushTextWrapPos(0);
            ax::TextUnformatted((std::to_string(r.visit_number) + (r.follow_up_of ? " follow-up" : "")).c_str());
            ImGui::PopTextWrapPos();
            ImGui::TableNextColumn();
            ImGui::PushTextWrapPos(0);
            ax::TextUnformatted(status_line(r).c_str());
            ImGui::PopTextWrapPos();
            ImGui::TableNextColumn();
            dim_wrapped(headline_titles(r.headline_ids, s.pack.get()));
            ImGui::TableNextColumn();
            ax::TextDisabled("%s", r.pack_version.c_str());
            ImGui::TableNextColumn();
            if (ax::SmallButton("Open")) out.push_back(act::OpenConsultation{r.id});
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (s.sessions.rows.empty()) dim_wrapped("No consultation matches.");
    ImGui::BeginDisabled(s.sessions.page_starts.size() <= 1);
    if (ax::Button("\u25c0 Newer (PgUp)")) out.push_back(act::SessionsPrevPage{});
    ImGui::EndDisabled();
    ImGui::SameLine();
    ax::TextDisabled("page %zu", s.sessions.page_starts.size());
    ImGui::SameLine();
    ImGui::BeginDisabled(!s.sessions.next);
    if (ax::Button("Older (PgDn) \u25b6")) out.push_back(act::SessionsNextPage{});
    ImGui::EndDisabled();
    // In the footer, below the rows: appearing there moves none of them under the pointer.
    if (s.sessions.stale) {
        ImGui::SameLine(0, em(2));
        stale_notice(out);
    }
}

}  // namespace hc::ui
