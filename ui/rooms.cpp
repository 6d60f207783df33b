#include "ui/rooms.h"

#include <algorithm>
#include <ctime>

#include "ui/compare.h"

namespace hc::ui {

namespace {

// "2026-11-30T10:02:00.123Z" as local "10:02", or "30 Nov 10:02" when not today. Text the store
// did not write in that shape is shown as it is.
std::string local_time(const std::string& iso) {
    std::tm tm{};
    if (iso.size() < 19 || std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                                       &tm.tm_min, &tm.tm_sec) != 6)
        return iso;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    const std::time_t t = timegm(&tm);
    std::tm local{}, today{};
    const std::time_t now = std::time(nullptr);
    localtime_r(&t, &local);
    localtime_r(&now, &today);
    char buf[32];
    if (local.tm_year == today.tm_year && local.tm_yday == today.tm_yday) std::strftime(buf, sizeof buf, "%H:%M", &local);
    else std::strftime(buf, sizeof buf, "%e %b %H:%M", &local);
    std::string out = buf;
    if (!out.empty() && out.front() == ' ') out.erase(out.begin());
    return out;
}

std::string who(const db::Lease& l) {
    std::string out = l.room.empty() ? std::string("another room") : l.room;
    if (!l.clinician.empty()) out += " (" + l.clinician + ")";
    return out;
}

}  // namespace

std::string lease_words(const db::Lease& l) {
    return "Being edited in " + (l.room.empty() ? std::string("another room") : l.room) +
           (l.clinician.empty() ? std::string() : " by " + l.clinician) + " since " + local_time(l.since) + ".";
}

std::string taken_over_words(const db::Lease& l) {
    return who(l) + " took over this consultation at " + local_time(l.since) + ".";
}

std::string unsaved_text(const Pack& pack, const Answers& saved, const Answers& typed,
                         const std::vector<db::Override>& saved_overrides, const std::vector<db::Override>& typed_overrides,
                         const std::string& amend_reason) {
    const Questionnaire& q = pack.questionnaire;
    std::string out;
    const auto line = [&](const std::string& l) { out += l + "\n"; };
    const std::size_t n = std::min(q.items.size(), std::min(saved.size(), typed.size()));
    for (std::size_t i = 0; i < n; ++i) {
        const auto sl = static_cast<Slot>(i);
        const Item& it = q.items[i];
        if (!it.is_answerable() || saved.get(sl) == typed.get(sl)) continue;
        const std::string& label = it.short_text.empty() ? it.text : it.short_text;
        line(label + ": " + (typed.answered(sl) ? display_value(q, sl, typed.get(sl)) : std::string("(cleared)")));
    }
    const auto find = [](const std::vector<db::Override>& v, const std::string& id) -> const db::Override* {
        for (const auto& o : v)
            if (o.option_id == id) return &o;
        return nullptr;
    };
    const auto title = [&](const std::string& id) {
        const int i = pack.find_option(id);
        return i >= 0 ? pack.options[static_cast<std::size_t>(i)].title : id;
    };
    for (const auto& o : typed_overrides) {
        const db::Override* was = find(saved_overrides, o.option_id);
        if (was && was->decision == o.decision && was->reason == o.reason) continue;
        line(title(o.option_id) + ": " + decision_words(o.decision) + " \u2013 " + o.reason);
    }
    for (const auto& o : saved_overrides)
        if (!find(typed_overrides, o.option_id)) line(title(o.option_id) + ": decision cleared");
    if (!amend_reason.empty()) line("Reason for the amendment: " + amend_reason);
    if (!out.empty()) out.pop_back();
    return out;
}

}  // namespace hc::ui
