#include "ui/compare.h"

#include "engine/catalogue.h"

namespace hc::ui {

std::vector<std::string> answer_changes(const Questionnaire& q, const Answers& before, const Answers& after) {
    std::vector<std::string> out;
    const std::size_t n = std::min(q.items.size(), std::min(before.size(), after.size()));
    for (std::size_t i = 0; i < n; ++i) {
        const auto s = static_cast<Slot>(i);
        const auto& it = q.items[i];
        if (!it.is_answerable() || before.get(s) == after.get(s)) continue;
        const std::string& label = it.short_text.empty() ? it.text : it.short_text;
        if (it.type == ItemType::Text || it.type == ItemType::String) {
            out.push_back(label + ": changed");
            continue;
        }
        auto show = [&](const Answers& a) {
            return a.answered(s) ? display_value(q, s, a.get(s)) : std::string("(none)");
        };
        out.push_back(label + ": " + show(before) + " \u2192 " + show(after));
    }
    return out;
}

std::string headline_titles(const std::vector<std::string>& assessment_ids, const Pack* pack) {
    std::string out;
    for (const auto& id : assessment_ids) {
        const int i = pack ? pack->find_assessment(id) : -1;
        if (!out.empty()) out += "; ";
        out += i >= 0 ? pack->assessments[static_cast<std::size_t>(i)].title : id;
    }
    return out;
}

std::string verdict_words(const std::optional<Verdict>& verdict) {
    return verdict ? std::string(verdict_label(*verdict)) : std::string("(not listed)");
}

std::string decision_words(db::Override::Decision d) {
    return d == db::Override::Decision::Accept ? "Accepted" : "Declined";
}

std::string decision_mark(db::Override::Decision d) {
    return d == db::Override::Decision::Accept ? "\u2713 accepted" : "\u2717 declined";
}

namespace {

std::string finding_title(const std::vector<Finding>& list, const std::string& id) {
    for (const auto& f : list)
        if (f.id == id) return f.title;
    return id;
}

}  // namespace

std::string status_words(db::Status st) {
    switch (st) {
    case db::Status::InProgress: return "in progress";
    case db::Status::Completed: return "finalised";
    case db::Status::Amended: return "amended";
    case db::Status::EnteredInError: return "withdrawn";
    }
    return "in progress";
}

std::string status_line(const db::ConsultationSummary& c) {
    std::string s = status_words(c.status);
    if (c.follow_up_of) s += " \u00b7 follow-up of #" + std::to_string(*c.follow_up_of);
    return s;
}

std::vector<std::string> result_changes(const db::ResultDiff& d, const Pack& pack) {
    std::vector<std::string> out;
    for (const auto& id : d.red_flags_added) out.push_back("New red flag: " + finding_title(pack.red_flags, id));
    for (const auto& id : d.red_flags_removed) out.push_back("Red flag no longer raised: " + finding_title(pack.red_flags, id));
    // One assessment whose likelihood changed is one line ("likely \u2192 possible").
    for (const auto& a : d.assessments) {
        const std::string title = finding_title(pack.assessments, a.assessment_id);
        if (a.before && a.after)
            out.push_back(title + ": " + std::string(to_string(*a.before)) + " \u2192 " + std::string(to_string(*a.after)));
        else if (a.after)
            out.push_back("Now assessed: " + title + " (" + std::string(to_string(*a.after)) + ")");
        else
            out.push_back("No longer assessed: " + title + " (" + std::string(to_string(*a.before)) + ")");
    }
    for (const auto& v : d.verdicts) {
        const int i = pack.find_option(v.option_id);
        const std::string title = i >= 0 ? pack.options[static_cast<std::size_t>(i)].title : v.option_id;
        out.push_back(title + ": " + verdict_words(v.before) + " \u2192 " + verdict_words(v.after));
    }
    return out;
}

}  // namespace hc::ui
