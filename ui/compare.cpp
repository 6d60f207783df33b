#include "ui/compare.h"

#include "engine/catalogue.h"

namespace hc::ui {

namespace {
// Store ids may carry a suffix ("id (likely)"); the title lookup uses the bare id.
std::string bare(const std::string& id) { return id.substr(0, id.find(' ')); }
}  // namespace

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

std::string headline_titles(const std::string& headline, const Pack& pack) {
    std::string out;
    std::size_t pos = 0;
    while (pos < headline.size()) {
        std::size_t end = headline.find(',', pos);
        if (end == std::string::npos) end = headline.size();
        std::string id = headline.substr(pos, end - pos);
        while (!id.empty() && id.front() == ' ') id.erase(id.begin());
        if (!id.empty()) {
            const int i = pack.find_assessment(bare(id));
            if (!out.empty()) out += "; ";
            out += i >= 0 ? pack.assessments[static_cast<std::size_t>(i)].title : id;
        }
        pos = end + 1;
    }
    return out;
}

std::string verdict_words(const std::string& verdict) {
    Verdict v;
    if (verdict.empty()) return "(not listed)";
    if (verdict_from_string(verdict, v)) return std::string(verdict_label(v));
    std::string w = verdict;
    for (auto& c : w)
        if (c == '_') c = ' ';
    return w;
}

namespace {

std::string finding_title(const std::vector<Finding>& list, const std::string& id) {
    for (const auto& f : list)
        if (f.id == bare(id)) return f.title + (id.size() > bare(id).size() ? id.substr(bare(id).size()) : "");
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
    // One assessment whose likelihood changed is one line ("likely \u2192 possible"), not an
    // addition and a removal of the same thing.
    auto likelihood = [](const std::string& id) {
        const auto open = id.find(" (");
        return open == std::string::npos || id.back() != ')' ? std::string() : id.substr(open + 2, id.size() - open - 3);
    };
    std::vector<bool> paired(d.assessments_removed.size(), false);
    for (const auto& id : d.assessments_added) {
        bool done = false;
        for (std::size_t j = 0; j < d.assessments_removed.size() && !done; ++j) {
            const auto& old = d.assessments_removed[j];
            if (paired[j] || bare(old) != bare(id)) continue;
            paired[j] = done = true;
            out.push_back(finding_title(pack.assessments, bare(id)) + ": " + likelihood(old) + " \u2192 " + likelihood(id));
        }
        if (!done) out.push_back("Now assessed: " + finding_title(pack.assessments, id));
    }
    for (std::size_t j = 0; j < d.assessments_removed.size(); ++j)
        if (!paired[j]) out.push_back("No longer assessed: " + finding_title(pack.assessments, d.assessments_removed[j]));
    for (const auto& v : d.verdicts) {
        const int i = pack.find_option(v.option_id);
        const std::string title = i >= 0 ? pack.options[static_cast<std::size_t>(i)].title : v.option_id;
        out.push_back(title + ": " + verdict_words(v.before) + " \u2192 " + verdict_words(v.after));
    }
    return out;
}

}  // namespace hc::ui
