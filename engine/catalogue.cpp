// Verdicts, likelihoods and references: the small vocabulary shared by rules and results.
#include "engine/catalogue.h"

#include <algorithm>
#include <array>

#include "engine/rules.h"

namespace hc {

int restrictiveness(Verdict v) {
    switch (v) {
        case Verdict::FirstLine: return 0;
        case Verdict::Consider: return 1;
        case Verdict::NotNow: return 2;
        case Verdict::TrialOnly: return 3;
        case Verdict::NotAvailable: return 4;
        case Verdict::Avoid: return 5;
    }
    return 5;
}

std::string_view to_string(Verdict v) {
    switch (v) {
        case Verdict::FirstLine: return "first_line";
        case Verdict::Consider: return "consider";
        case Verdict::NotNow: return "not_now";
        case Verdict::TrialOnly: return "trial_only";
        case Verdict::NotAvailable: return "not_available";
        case Verdict::Avoid: return "avoid";
    }
    return "avoid";
}

bool verdict_from_string(std::string_view s, Verdict& out) {
    for (Verdict v : {Verdict::FirstLine, Verdict::Consider, Verdict::NotNow, Verdict::TrialOnly,
                      Verdict::NotAvailable, Verdict::Avoid}) {
        if (to_string(v) == s) {
            out = v;
            return true;
        }
    }
    return false;
}

std::string_view verdict_label(Verdict v) {
    switch (v) {
        case Verdict::FirstLine: return "First line";
        case Verdict::Consider: return "Consider";
        case Verdict::NotNow: return "Not now";
        case Verdict::TrialOnly: return "Only in a trial";
        case Verdict::NotAvailable: return "Not available";
        case Verdict::Avoid: return "Avoid";
    }
    return "Avoid";
}

std::string_view to_string(Likelihood l) { return l == Likelihood::Likely ? "likely" : "possible"; }

std::string Reference::citation() const {
    std::string s;
    auto add = [&s](const std::string& part, const char* sep) {
        if (part.empty()) return;
        if (!s.empty()) s += sep;
        s += part;
    };
    add(authors, "");
    add(title, ". ");
    add(source, ". ");
    add(year, ", ");
    if (!s.empty()) s += '.';
    if (!doi.empty()) add("doi:" + doi, " ");
    if (!pmid.empty()) add("PMID " + pmid, " ");
    if (!url.empty() && doi.empty() && pmid.empty()) add(url, " ");
    return s;
}

namespace {
constexpr std::array<std::string_view, 4> kRoles{"efficacy", "safety", "regulatory", "context"};
constexpr std::array<std::string_view, 14> kKinds{
    "trial",  "meta_analysis", "systematic_review", "guideline",     "label", "review",      "observational",
    "textbook", "regulator",   "registry",          "press_release", "news",  "preclinical", "other"};
template <std::size_t N>
bool listed(const std::array<std::string_view, N>& list, std::string_view v) {
    return std::find(list.begin(), list.end(), v) != list.end();
}
}  // namespace

bool is_reference_role(std::string_view role) { return listed(kRoles, role); }
bool is_reference_kind(std::string_view kind) { return listed(kKinds, kind); }
const char* reference_roles_list() { return "efficacy, safety, regulatory, context"; }
const char* reference_kinds_list() {
    return "trial, meta_analysis, systematic_review, guideline, label, review, observational, textbook, regulator, "
           "registry, press_release, news, preclinical, other";
}
bool is_hearsay_kind(std::string_view kind) { return kind == "press_release" || kind == "news" || kind == "preclinical"; }

}  // namespace hc
