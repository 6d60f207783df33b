// Settings: the clinic and clinician names printed on handouts, paper and margin, the handout
// folder and the print server. Edits a copy (settings_edit) until "Save settings".
#include <imgui.h>

#include <algorithm>
#include <imgui_stdlib.h>

#include "ui/audit.h"
#include "ui/handout_actions.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace hc::ui {

namespace {

bool text_field(const char* label, const char* hint, std::string& value, const char* help) {
    ImGui::AlignTextToFramePadding();
    ax::TextUnformatted(label);
    // Label and field side by side while they fit, the field below its label when not.
    if (ImGui::GetContentRegionAvail().x >= em(12 + 28 + 2)) ImGui::SameLine(em(12));
    ImGui::SetNextItemWidth(std::min(em(28), ImGui::GetContentRegionAvail().x - em(2.5f)));
    ImGui::PushID(label);
    const bool changed = ax::InputTextWithHint("##v", hint, &value);
    ImGui::PopID();
    help_marker(help);
    return changed;
}

}  // namespace

void draw_settings(const AppState& s, Actions& out) {
    ImGui::BeginChild("##settings", ImVec2(0, 0), false);
    AppSettings e = s.settings_edit;
    bool changed = false;
    heading("Settings");
    dim_wrapped("Kept on this computer in your settings folder. No patient information is stored here.");
    heading("On every handout");
    changed |= text_field("Clinic name", "Hair clinic", e.clinic_name, "Printed at the top of every page.");
    changed |= text_field("Clinic contact", "Address, phone or web site (one line)", e.clinic_contact,
                          "Printed under the clinic name; may be left empty.");
    changed |= text_field("Clinician", "Dr A. Example", e.clinician_name, "Printed as the clinician who prepared the handout.");
    ImGui::AlignTextToFramePadding();
    ax::TextUnformatted("Paper");
    ImGui::SameLine(em(12));
    if (ax::RadioButton("A4", e.paper == handout::Paper::A4)) e.paper = handout::Paper::A4, changed = true;
    ImGui::SameLine(0, em(1.5f));
    if (ax::RadioButton("Letter", e.paper == handout::Paper::Letter)) e.paper = handout::Paper::Letter, changed = true;
    ImGui::AlignTextToFramePadding();
    ax::TextUnformatted("Margin (mm)");
    ImGui::SameLine(em(12));
    ImGui::SetNextItemWidth(em(10));
    float margin = static_cast<float>(e.margin_mm);
    if (ImGui::SliderFloat("##margin", &margin, static_cast<float>(kMinMarginMm), static_cast<float>(kMaxMarginMm), "%.0f mm",
                           ImGuiSliderFlags_AlwaysClamp)) {
        e.margin_mm = margin;
        changed = true;
    }
    heading("Saving and printing");
    changed |= text_field("Handout folder", default_handout_dir().string().c_str(), e.handout_dir,
                          "Where \"Save PDF\" puts handouts (a full path). Empty: the folder shown in grey.");
    changed |= text_field("Print server", "this computer's usual one", e.cups_server,
                          "Only if your CUPS print server is elsewhere: host, host:port or a socket path.");
    heading("Where consultations are kept");
    if (!s.database_in_use.empty()) dim_wrapped("In use now: " + s.database_in_use);
    changed |= text_field("Database", db::default_path().string().c_str(), e.database,
                          "A database file (full path), or the clinic's shared server: postgresql://host/dbname. Keep its "
                          "password in the .pgpass file, not here. Used from the next start.");
    changed |= text_field("Room name", room_name(AppSettings{}).c_str(), e.room_name,
                          "Shown to the other rooms when this desk is editing a consultation on the clinic's server.");
    if (changed) out.push_back(act::EditSettings{e});
    ImGui::Spacing();
    push_primary_button();
    if (ax::Button("Save settings", em2(9, 0))) out.push_back(act::SaveSettings{});
    ImGui::PopStyleColor(4);
    ImGui::SameLine();
    if (ax::Button("Undo changes")) out.push_back(act::EditSettings{s.settings});
    ImGui::EndChild();
}

}  // namespace hc::ui
