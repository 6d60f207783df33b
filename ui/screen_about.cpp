// "How this works": intended use, users, population, limits, the pack and its sources.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "handout/handout.h"
#include "ui/audit.h"
#include "ui/facts_notice.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace hc::ui {
namespace {

// ImGui 1.86's BulletText does not wrap; long citations must.
void bullet_wrapped(const std::string& text) {
    ImGui::Bullet();
    ax::TextWrapped("%s", text.c_str());
}

}  // namespace

void draw_about(const AppState& s, Actions&) {
    ImGui::BeginChild("##about", ImVec2(0, 0), false);
    ImGui::PushTextWrapPos(std::min(ImGui::GetContentRegionAvail().x, em(52)));
    heading("How this works");
    ax::TextWrapped(
        "hairconsult helps a clinician structure a hair-loss consultation. As the questionnaire is answered, a "
        "fixed set of published rules shows likely assessments, red flags, suggested tests and every relevant "
        "option with a verdict, its evidence grade and the rules and answers behind it.");
    heading("Intended use and users");
    ax::TextWrapped(
        "For doctors, nurses and pharmacists who assess hair loss, during or after a consultation. It supports "
        "the clinician's judgement; it does not diagnose and does not replace examination, trichoscopy or "
        "biopsy. Every line can be checked: open its \"why\" to see the rule, the answers it read and its sources.");
    heading("Population");
    ax::TextWrapped(
        "Adults and adolescents with non-scarring or suspected scarring hair loss. Children, pregnancy and "
        "scarring alopecia raise red flags and point to specialist care rather than treatment choices.");
    heading("Limits");
    ax::TextWrapped(
        "The rules only know what the questionnaire asks. Unanswered questions that could change the result are "
        "listed under \"Would change the result\". Experimental treatments (stem cells, exosomes, hair cloning) "
        "are shown as not proven or not available, with the evidence. Screen readers cannot read this window; "
        "the printed or PDF handout is the accessible document.");
    heading("Data");
    ax::TextWrapped(
        "Consultations are kept in a local SQLite file readable only by your user account; nothing leaves this "
        "computer. Protect it with the operating system's disk encryption. Saved revisions are never changed: "
        "an amendment is a new revision with its reason.");
    if (s.pack) {
        heading("Content pack");
        ax::Text("%s \u2013 %s, version %s", s.pack->title.c_str(), s.pack->id.c_str(), s.pack->version.c_str());
        const auto& items = s.pack->questionnaire.items;
        const auto questions = std::count_if(items.begin(), items.end(), [](const Item& i) { return i.is_answerable(); });
        ax::Text("%td questions, %zu rules, %zu options, %zu references", questions,
                    s.pack->rules.size(), s.pack->options.size(), s.pack->references.size());
        ImGui::TextUnformatted(facts_checked_line(s.pack->facts_checked).c_str());
        if (const auto old = facts_outdated_warning(s.pack->facts_checked, handout::today_iso()); !old.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, palette().danger);
            ImGui::TextWrapped("%s", old.c_str());
            ImGui::PopStyleColor();
        }
        if (!s.pack->scale.name.empty()) {
            heading("Evidence grades: " + s.pack->scale.name);
            for (const auto& [g, meaning] : s.pack->scale.grades) bullet_wrapped(g + ": " + meaning);
        }
        heading("Sources");
        for (const auto& r : s.pack->references) bullet_wrapped("[" + r.id + "] " + r.citation() + " (" + r.role + ", " + r.kind + ")");
    }
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
}

}  // namespace hc::ui
