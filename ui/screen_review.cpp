// Review of a saved consultation, read-only and exactly as decided (the stored result, read by
// hc::read_stored_result; one that cannot be read is a banner, never a crash), with its
// revision history (a row shows that revision), the follow-up chain, for an older pack what
// today's pack would say, and the patient handout of the revision shown.
#include <imgui.h>

#include <cstdio>

#include <nlohmann/json.hpp>

#include "engine/stored_result.h"

#include "ui/audit.h"
#include "ui/compare.h"
#include "ui/fonts.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace hc::ui {

namespace {

std::string show_value(const Pack& pack, const std::string& link_id, const nlohmann::json& v) {
    const Slot sl = pack.questionnaire.find(link_id);
    auto code = [&](const nlohmann::json& c) {
        const std::string s = c.is_string() ? c.get<std::string>() : c.dump();
        if (sl >= 0) {
            const auto& it = pack.questionnaire.items[static_cast<std::size_t>(sl)];
            const int i = it.option_index(s);
            if (i >= 0) return it.options[static_cast<std::size_t>(i)].display;
        }
        return s;
    };
    if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
    if (v.is_array()) {
        std::string out;
        for (const auto& e : v) out += (out.empty() ? "" : ", ") + code(e);
        return out;
    }
    std::string s = code(v);
    if (sl >= 0 && v.is_number()) {
        const auto& unit = pack.questionnaire.items[static_cast<std::size_t>(sl)].unit;
        if (!unit.empty()) s += " " + unit;
    }
    return s;
}

std::string label_for(const Pack& pack, const std::string& link_id) {
    const Slot sl = pack.questionnaire.find(link_id);
    if (sl < 0) return link_id;
    const auto& it = pack.questionnaire.items[static_cast<std::size_t>(sl)];
    return it.short_text.empty() ? it.text : it.short_text;
}

const db::Override* decision_for(const std::vector<db::Override>& decisions, const std::string& option_id) {
    const db::Override* found = nullptr;
    for (const auto& d : decisions)
        if (d.option_id == option_id) found = &d;  // the last one recorded counts
    return found;
}

// The stored result as decided (read by hc::read_stored_result), with the clinician's decisions
// on the options they concern: a declined option reads "declined" with its reason, never as a
// plain verdict.
void decided_result(const AppState& s, const StoredResult& r) {
    const Palette& p = palette();
    for (const auto& f : r.red_flags)
        banner("\u26a0 RED FLAG: " + f.title + "\n" + f.action, p.danger_bg, p.danger_text);
    heading("Assessment");
    for (const auto& a : r.assessments)
        ax::BulletText("%s (%s)", a.title.c_str(), std::string(to_string(a.likelihood)).c_str());
    heading("Options as decided");
    const auto& decisions = s.review.shown.overrides;
    for (const auto& o : r.options) {
        ImGui::PushID(o.id.c_str());
        chip(std::string(verdict_label(o.verdict)), verdict_colour(o.verdict), ImVec4(1, 1, 1, 1));
        ImGui::SameLine();
        ImGui::PushTextWrapPos(0);
        ax::TextUnformatted(o.title.c_str());
        ImGui::PopTextWrapPos();
        const std::string grade = "evidence " + o.grade;
        flow(ImGui::CalcTextSize(grade.c_str()).x);
        ax::TextDisabled("%s", grade.c_str());
        if (const db::Override* d = decision_for(decisions, o.id)) {
            const bool acc = d->decision == db::Override::Decision::Accept;
            const std::string mark = decision_mark(d->decision);
            flow(chip_width(mark));
            chip(mark, acc ? ImVec4(p.ok.x, p.ok.y, p.ok.z, 0.2f) : p.warning_bg, p.text);
            ImGui::Indent(em(1.2f));
            ImGui::PushTextWrapPos(0);
            ax::TextDisabled("%s: %s", decision_words(d->decision).c_str(), d->reason.c_str());
            ImGui::PopTextWrapPos();
            ImGui::Unindent(em(1.2f));
        }
        ImGui::PopID();
    }
    // Decisions on options this result does not list (kept with the revision all the same).
    bool any_other = false;
    for (const auto& d : decisions) {
        if (r.find_option(d.option_id) || decision_for(decisions, d.option_id) != &d) continue;
        if (!any_other) heading("Other decisions");
        any_other = true;
        const int i = s.pack->find_option(d.option_id);
        ax::BulletText("%s %s: %s", decision_words(d.decision).c_str(),
                       i >= 0 ? s.pack->options[static_cast<std::size_t>(i)].title.c_str() : d.option_id.c_str(), d.reason.c_str());
    }
    if (!r.workup.empty()) {
        heading("Workup");
        for (const auto& w : r.workup) ax::BulletText("%s", w.title.c_str());
    }
}

}  // namespace

void draw_review(const AppState& s, Actions& out) {
    if (!s.review.saved) {
        dim_wrapped("No consultation open. Choose one under Consultations.");
        return;
    }
    const auto& c = *s.review.saved;
    const auto& sum = c.summary;
    const auto& shown = s.review.shown;
    const bool latest = shown.info.id == c.latest.info.id;
    heading(sum.patient_name);
    char line[256];
    std::snprintf(line, sizeof line, "consultation #%lld \u00b7 %s \u00b7 started %s \u00b7 pack %s", static_cast<long long>(sum.id),
                  status_line(sum).c_str(), sum.started_at.substr(0, 10).c_str(), shown.info.pack_version.c_str());
    flow(ImGui::CalcTextSize(line).x);
    ImGui::AlignTextToFramePadding();
    ax::TextDisabled("%s", line);
    // A handout is a reprint of what was decided: finalised or amended, never withdrawn.
    const bool decided = sum.status == db::Status::Completed || sum.status == db::Status::Amended;
    if (decided) {
        if (ax::Button("Patient handout\u2026")) out.push_back(act::OpenHandout{});
        if (mouse_hovered())
            ImGui::SetTooltip("Print or save the handout of revision %d as decided, dated %s. Nothing here changes.",
                              shown.info.number, sum.started_at.substr(0, 10).c_str());
        ImGui::SameLine();
    }
    ImGui::BeginDisabled(s.read_only);
    if (sum.status == db::Status::InProgress) {
        if (ax::Button("Continue this consultation")) out.push_back(act::EditSaved{});
    } else if (sum.status != db::Status::EnteredInError) {
        if (ax::Button("Amend")) out.push_back(act::EditSaved{});
        if (mouse_hovered()) ImGui::SetTooltip("Change it: a new revision with a reason; the earlier ones are kept.");
    }
    ImGui::SameLine();
    if (ax::Button("Start a follow-up")) out.push_back(act::StartFollowUp{sum.id});
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (!s.review.reevaluated && ax::Button("What would today's pack say?")) out.push_back(act::Reevaluate{});
    if (c.autosave) {
        ImGui::SameLine();
        ax::TextColored(palette().danger, "Unsaved typing from %s is kept as a draft.", c.autosave->saved_at.substr(0, 16).c_str());
    }

    if (!s.review.autosave_at.empty()) {
        std::string when = s.review.autosave_at.substr(0, 16);
        if (when.size() > 10) when[10] = ' ';
        banner("In progress: showing the answers autosaved at " + when + " UTC (newer than its last revision) and what "
                   "today's pack makes of them. Read-only here.",
               palette().info_bg, palette().text);
    }
    if (!s.review.unreadable.empty()) banner(s.review.unreadable, palette().danger_bg, palette().danger_text);
    if (!latest) {
        banner("Showing revision " + std::to_string(shown.info.number) + " of " + std::to_string(c.revisions.size()) +
                   " (saved " + shown.info.created_at.substr(0, 10) + "). Choose the last row of the history for the latest.",
               palette().info_bg, palette().text);
    }
    if (s.review.reevaluated) {
        const auto& t = s.review.today;
        if (t.problems.empty() && (t.same_pack || t.changes.empty())) {
            banner("Today's pack (" + s.pack->version + ") says the same as when this was decided.", palette().info_bg, palette().text);
        } else {
            std::string text = "Decided with pack " + shown.info.pack_version + ". Today's pack (" + s.pack->version + ") would say:";
            for (const auto& l : result_changes(t.changes, *s.pack)) text += "\n  \u2022 " + l;
            for (const auto& l : t.problems) text += "\n  \u2022 " + l;
            banner(text, palette().warning_bg, palette().text);
        }
    }

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::BeginChild("##answers", ImVec2(avail.x * 0.42f, 0), true);
    heading("Answers as saved");
    if (ImGui::BeginTable("##ans", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        // Questionnaire order, then anything today's questionnaire no longer asks.
        std::vector<std::string> keys;
        for (const auto& it : s.pack->questionnaire.items)
            if (s.review.answers.is_object() && s.review.answers.contains(it.link_id)) keys.push_back(it.link_id);
        for (const auto& [k, v] : s.review.answers.items())
            if (s.pack->questionnaire.find(k) < 0) keys.push_back(k);
        for (const auto& k : keys) {
            const auto& v = s.review.answers[k];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushTextWrapPos(0);
            ax::TextDisabled("%s", label_for(*s.pack, k).c_str());
            ImGui::PopTextWrapPos();
            ImGui::TableNextColumn();
            ImGui::PushTextWrapPos(0);
            ax::TextUnformatted(show_value(*s.pack, k, v).c_str());
            ImGui::PopTextWrapPos();
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##decided", ImVec2(0, 0), true);
    if (s.review.decided) decided_result(s, *s.review.decided);

    heading("Revision history");
    if (ImGui::BeginTable("##revs", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, em(2));
        ImGui::TableSetupColumn("Saved", ImGuiTableColumnFlags_WidthFixed, em(9.5f));
        ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, em(6.5f));
        ImGui::TableSetupColumn("By", ImGuiTableColumnFlags_WidthFixed, em(6));
        ImGui::TableSetupColumn("Reason");
        ImGui::TableHeadersRow();
        // A click on a row shows that revision (the latest, the last row, by default).
        for (const auto& r : c.revisions) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(static_cast<int>(r.id));
            const std::string num = std::to_string(r.number);
            if (ax::Selectable(num.c_str(), r.id == shown.info.id, ImGuiSelectableFlags_SpanAllColumns))
                out.push_back(act::ViewRevision{r.id});
            if (mouse_hovered() && r.id != shown.info.id)
                ImGui::SetTooltip("Show revision %d: its answers, result and decisions (and its handout).", r.number);
            ImGui::PopID();
            ImGui::TableNextColumn();
            std::string when = r.created_at.substr(0, 16);
            if (when.size() > 10) when[10] = ' ';
            ax::TextUnformatted(when.c_str());
            ImGui::TableNextColumn();
            ax::TextUnformatted(status_words(r.status).c_str());
            ImGui::TableNextColumn();
            ax::TextUnformatted(r.author.c_str());
            ImGui::TableNextColumn();
            ax::TextDisabled("%s", r.reason.c_str());
        }
        ImGui::EndTable();
    }

    if (!s.review.chain_problem.empty()) {
        heading("Follow-up: what changed between visits");
        dim_wrapped(s.review.chain_problem);
    }
    if (s.review.chain.size() > 1) {
        heading("Follow-up: what changed between visits");
        for (const auto& e : s.review.chain) {
            ImGui::PushID(static_cast<int>(e.consultation.id));
            bold_text(e.consultation.started_at.substr(0, 10) + "  #" + std::to_string(e.consultation.id));
            ImGui::Indent();
            for (const auto& a : e.since_previous.answers)
                ax::BulletText("%s: %s \u2192 %s", label_for(*s.pack, a.link_id).c_str(),
                                  a.before.is_null() ? "(none)" : show_value(*s.pack, a.link_id, a.before).c_str(),
                                  a.after.is_null() ? "(none)" : show_value(*s.pack, a.link_id, a.after).c_str());
            for (const auto& l : result_changes(e.since_previous.result, *s.pack)) ax::BulletText("%s", l.c_str());
            ImGui::Unindent();
            ImGui::PopID();
        }
    }
    ImGui::EndChild();
}

}  // namespace hc::ui
