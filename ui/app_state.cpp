// Read-only questions about AppState that several screens and the tests ask.
#include "ui/app_state.h"

#include <array>
#include <utility>

namespace hc::ui {

namespace {
constexpr std::array<std::pair<Screen, std::string_view>, 6> kScreens{{
    {Screen::Start, "start"},
    {Screen::Consultation, "consultation"},
    {Screen::Review, "review"},
    {Screen::Sessions, "sessions"},
    {Screen::About, "about"},
    {Screen::Settings, "settings"},
}};
}  // namespace

std::string_view screen_name(Screen s) {
    for (const auto& [k, n] : kScreens)
        if (k == s) return n;
    return "start";
}

bool screen_from_name(std::string_view name, Screen& out) {
    for (const auto& [k, n] : kScreens)
        if (n == name) { out = k; return true; }
    return false;
}

int page_count(const AppState& s) {
    return s.pack ? static_cast<int>(s.pack->questionnaire.pages.size()) : 0;
}

std::vector<Slot> visible_items(const AppState& s, int page) {
    std::vector<Slot> out;
    if (!s.pack || !s.draft || page < 0 || page >= page_count(s)) return out;
    const auto& q = s.pack->questionnaire;
    const auto& en = s.draft->enabled;
    for (std::size_t i = 0; i < q.items.size(); ++i) {
        const auto& it = q.items[i];
        if (it.page != page || it.type == ItemType::Group) continue;
        if (i < en.size() && !en[i]) continue;
        out.push_back(static_cast<Slot>(i));
    }
    return out;
}

Slot first_unanswered(const AppState& s, int page) {
    Slot first = -1;
    for (Slot sl : visible_items(s, page)) {
        if (!s.pack->questionnaire.items[static_cast<std::size_t>(sl)].is_answerable()) continue;
        if (first < 0) first = sl;
        if (!s.draft->answers.answered(sl)) return sl;
    }
    return first;
}

Slot next_unanswered(const AppState& s, Slot after) {
    if (!s.pack || !s.draft || after < 0) return -1;
    const int page = s.pack->questionnaire.items[static_cast<std::size_t>(after)].page;
    for (Slot sl : visible_items(s, page))
        if (sl > after && s.pack->questionnaire.items[static_cast<std::size_t>(sl)].is_answerable() && !s.draft->answers.answered(sl))
            return sl;
    return -1;
}

Progress progress(const AppState& s) {
    Progress p;
    if (!s.pack || !s.draft) return p;
    const auto& q = s.pack->questionnaire;
    for (std::size_t i = 0; i < q.items.size(); ++i) {
        const auto& it = q.items[i];
        if (!it.is_answerable()) continue;
        if (i < s.draft->enabled.size() && !s.draft->enabled[i]) continue;
        ++p.shown;
        const bool a = s.draft->answers.answered(static_cast<Slot>(i));
        if (a) ++p.answered;
        else if (it.required) ++p.required_missing;
    }
    return p;
}

bool draft_editable(const AppState& s) {
    return s.draft && !s.draft->finalised() && !s.read_only && !s.draft->room.watching;
}

std::vector<std::string> finalise_blockers(const AppState& s) {
    std::vector<std::string> why;
    if (!s.draft) {
        why.push_back("There is no consultation open.");
        return why;
    }
    if (s.read_only) why.push_back("This copy of the app is read-only: " + s.read_only_reason);
    if (s.draft->finalised()) why.push_back("This consultation is already finalised; use Amend to change it.");
    if (s.draft->room.watching) why.push_back("Another room has this consultation; take it over to finalise it here.");
    if (s.draft->mode == Draft::Mode::Amending && s.draft->amend_reason.empty())
        why.push_back("Give the reason for the amendment.");
    if (s.draft->patient_id == 0) why.push_back("Choose or add the patient first.");
    if (s.pack) {
        const auto c = complete(s.pack->questionnaire, s.draft->answers);
        for (const auto& id : c.unanswered_required) {
            const Slot sl = s.pack->questionnaire.find(id);
            const auto& text = sl >= 0 ? s.pack->questionnaire.items[static_cast<std::size_t>(sl)].text : id;
            why.push_back("Required: " + text);
        }
    }
    return why;
}

}  // namespace hc::ui
