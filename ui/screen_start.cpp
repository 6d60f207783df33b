// The start screen: find or add a patient, their consultations (start, follow up, open), and
// the most recent consultations of the clinic.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "ui/audit.h"
#include "ui/compare.h"
#include "ui/fonts.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace hc::ui {

namespace {

std::string date_of(const std::string& iso) { return iso.substr(0, 10); }

// One consultation row: date, status, headline, with Open (and Follow-up) buttons.
void consultation_rows(const AppState& s, const char* id, const std::vector<db::ConsultationSummary>& rows, bool with_patient,
                       bool follow_up, Actions& out) {
    // Narrow (a small window, large text): the status goes under the date instead of a column.
    const bool narrow = ImGui::GetContentRegionAvail().x < em(34);
    const int cols = (with_patient ? 5 : 4) - (narrow ? 1 : 0);
    if (!ImGui::BeginTable(id, cols, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupColumn("Date", ImGuiTableColumnFlags_WidthFixed, em(6.5f));
    if (with_patient) ImGui::TableSetupColumn("Patient", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    if (!narrow) ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, em(6.5f));
    ImGui::TableSetupColumn("Assessment", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    // The buttons' column is as wide as its buttons; when the table is narrower than every fixed
    // column needs, "Follow-up" goes under "Open" rather than being cut.
    const ImGuiStyle& st = ImGui::GetStyle();
    const float open_w = ImGui::CalcTextSize("Open").x + st.FramePadding.x * 2;
    const float fu_w = ImGui::CalcTextSize("Follow-up").x + st.FramePadding.x * 2;
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, std::max(open_w, fu_w) + st.CellPadding.x * 2);
    ImGui::TableHeadersRow();
    for (const auto& r : rows) {
        ImGui::PushID(static_cast<int>(r.id));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ax::TextUnformatted(date_of(r.started_at).c_str());
        if (with_patient) {
            ImGui::TableNextColumn();
            ImGui::PushTextWrapPos(0);
            ax::TextUnformatted(r.patient_name.c_str());
            ImGui::PopTextWrapPos();
        }
        if (!narrow) ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(0);
        // A follow-up shows its place in the chain, as the consultations list does.
        const std::string status = (r.visit_number > 1 ? "visit " + std::to_string(r.visit_number) + " \u00b7 " : std::string()) + status_line(r);
        ax::TextUnformatted(status.c_str());
        ImGui::PopTextWrapPos();
        ImGui::TableNextColumn();
        dim_wrapped(r.headline_ids.empty() ? std::string("\u2013") : headline_titles(r.headline_ids, s.pack.get()));
        ImGui::TableNextColumn();
        if (ax::SmallButton("Open")) out.push_back(act::OpenConsultation{r.id});
        if (follow_up) {
            flow(fu_w);
            if (ax::SmallButton("Follow-up")) out.push_back(act::StartFollowUp{r.id});
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
}

// A first look at the tool while nothing is saved: the pack's examples, each opened as an
// unsaved draft marked EXAMPLE.
void examples(const AppState& s, Actions& out) {
    ImGui::Spacing();
    heading("See how it works");
    dim_wrapped("Open an example consultation: invented answers, marked EXAMPLE, never saved or listed. "
                "Change any answer and watch the assessment and the options follow.");
    for (std::size_t i = 0; i < s.examples.size(); ++i) {
        const Example& ex = s.examples[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::Spacing();
        if (wrapped_selectable("##example", ex.title, false)) out.push_back(act::OpenExample{static_cast<int>(i)});
        ImGui::Indent(em(1));
        dim_wrapped(ex.summary);
        ImGui::Unindent(em(1));
        ImGui::PopID();
    }
}

}  // namespace

void draw_start(const AppState& s, Actions& out) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    // Side by side when there is room; else stacked, the patients above (the screen scrolls).
    const bool stacked = avail.x < em(44) || avail.y < em(22);
    const ImVec2 left = stacked ? ImVec2(0, std::max(em(22), avail.y * 0.6f)) : ImVec2(std::max(em(22), avail.x * 0.36f), 0);
    ImGui::BeginChild("##patients", left, true);
    heading("Find a patient");
    std::string search = s.start.search;
    ImGui::SetNextItemWidth(-1);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    if (ax::InputTextWithHint("##search", "name or record number", &search)) out.push_back(act::SearchPatients{search});
    ImGui::BeginChild("##plist", ImVec2(0, std::max(em(4), ImGui::GetContentRegionAvail().y - em(11))), false);
    if (s.start.patients.empty()) dim_wrapped(s.start.search.empty() ? "No patients yet. Add the first one below." : "No patient matches.");
    for (const auto& p : s.start.patients) {
        ImGui::PushID(static_cast<int>(p.id));
        std::string label = p.name;
        if (!p.birth_date.empty()) label += " \u00b7 born " + p.birth_date;
        if (!p.record_number.empty()) label += " \u00b7 #" + p.record_number;
        if (wrapped_selectable("##patient", label, p.id == s.start.selected_patient)) out.push_back(act::SelectPatient{p.id});
        ImGui::PopID();
    }
    ImGui::EndChild();
    ImGui::Separator();
    bold_text("Add a patient");
    std::string name = s.start.new_name, birth = s.start.new_birth_date, rn = s.start.new_record_number;
    bool edited = false;
    // Enter in any of the form's fields adds the patient, as the button does (then Ctrl+N starts).
    bool enter = false;
    const auto entered = [] { return ImGui::IsItemDeactivated() && ax::enter_pressed(); };
    ImGui::SetNextItemWidth(-1);
    edited |= ax::InputTextWithHint("##name", "Full name", &name);
    enter |= entered();
    ImGui::SetNextItemWidth(em(9));
    edited |= ax::InputTextWithHint("##birth", "born YYYY-MM-DD", &birth);
    enter |= entered();
    flow(em(10));
    ImGui::SetNextItemWidth(-1);
    edited |= ax::InputTextWithHint("##rn", "record no. (optional)", &rn);
    enter |= entered();
    if (edited) out.push_back(act::EditNewPatient{name, birth, rn});
    ImGui::BeginDisabled(s.read_only);
    if (ax::Button("Add patient") || (enter && !s.read_only)) out.push_back(act::AddPatient{name, birth, rn});
    ImGui::EndDisabled();
    ImGui::EndChild();

    if (!stacked) ImGui::SameLine();
    ImGui::BeginChild("##right", ImVec2(0, stacked ? std::max(em(24), avail.y * 0.8f) : 0.0f), false);
    const db::Patient* sel = nullptr;
    for (const auto& p : s.start.patients)
        if (p.id == s.start.selected_patient) sel = &p;
    if (sel) {
        heading(sel->name);
        ImGui::BeginDisabled(s.read_only);
        push_primary_button();
        if (ax::Button("Start a new consultation (Ctrl+N)", em2(0, 2))) out.push_back(act::StartConsultation{sel->id});
        ImGui::PopStyleColor(4);
        if (!s.start.of_patient.empty()) {
            const char* fu = "Follow-up of the last visit";
            flow(ImGui::CalcTextSize(fu).x + ImGui::GetStyle().FramePadding.x * 2);
            if (ax::Button(fu, em2(0, 2)))
                out.push_back(act::StartFollowUp{s.start.of_patient.front().id});
        }
        ImGui::EndDisabled();
        if (s.start.of_patient.empty()) dim_wrapped("No consultations yet.");
        else consultation_rows(s, "##ofpatient", s.start.of_patient, false, !s.read_only, out);
    } else {
        heading("Start");
        dim_wrapped("Choose a patient on the left (or add one) to start a consultation or a follow-up.");
    }
    if (s.draft && !s.draft->finalised()) {
        ImGui::Spacing();
        if (ax::Button("Back to the open consultation")) out.push_back(act::Navigate{Screen::Consultation});
    }
    ImGui::Spacing();
    heading("Recent consultations");
    if (s.start.recent.empty()) dim_wrapped("None yet.");
    else consultation_rows(s, "##recent", s.start.recent, true, false, out);
    if (s.start.recent.empty() && !s.examples.empty()) examples(s, out);
    // Below every list: appearing there moves no row under the pointer.
    if (s.start.stale) {
        ImGui::Spacing();
        stale_notice(out);
    }
    ImGui::EndChild();
}

}  // namespace hc::ui
