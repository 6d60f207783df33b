#include "ui/facts_notice.h"

#include "engine/iso_date.h"
#include "handout/text.h"

namespace hc::ui {

std::string facts_checked_line(const std::string& facts_checked) {
    if (facts_checked.empty()) return {};
    return "Facts last checked against the evidence: " + handout::format_date(facts_checked);
}

std::string facts_outdated_warning(const std::string& facts_checked, const std::string& today) {
    const auto checked = parse_iso_date(facts_checked), now = parse_iso_date(today);
    if (!checked || !now || !more_than_a_year_after(*checked, *now)) return {};
    return "The content pack's facts were last checked against the evidence on " + handout::format_date(facts_checked) +
           ", more than a year ago. Treatments, approvals and safety advice may have changed: check before relying on "
           "it, and ask for an updated pack.";
}

}  // namespace hc::ui
