// The handout says when its advice was last checked against the evidence (the pack's
// facts_checked), in the HTML and the PDF, and cites no background news as an option's source.
#include <catch2/catch.hpp>

#include "handout/html.h"
#include "handout/pdf.h"
#include "handout/text.h"
#include "support.h"

using namespace hc;
using namespace hc::handout;
using namespace hc::handout::test;

namespace {

// A woman with female pattern loss: topical minoxidil first line, light therapy (lllt) to
// consider.
Case pattern_case() {
    return case_from_answers(nlohmann::json::parse(R"({"age_years": 45, "sex_at_birth": "female",
        "chief_complaint": "gradual_thinning", "duration_months": 24, "progression": "worsening", "shedding_increase": false,
        "pull_test": "negative", "recent_triggers": ["none"], "glp1_agonist": "none", "other_medications": ["none"],
        "current_treatments": ["none"], "scarring_signs": ["none"], "scalp_symptoms": ["none"], "biopsy": "not_done",
        "traction_hairstyles": false, "family_history": "yes", "medical_history": ["none"], "labs_done": ["all_normal"],
        "donor_density": "good", "goals": ["stop_progression"], "reproductive_status": "could_become_pregnant",
        "pattern_type": "female_pattern", "ludwig_stage": "2"})"));
}

}  // namespace

TEST_CASE("evidence_reviewed_line formats the pack's date", "[handout][evidence]") {
    CHECK(evidence_reviewed_line("2026-11-21") == "Advice reviewed against the evidence on 21 November 2026.");
    CHECK(evidence_reviewed_line("").empty());
}

TEST_CASE("the handout prints the date its advice was checked against the evidence", "[handout][evidence]") {
    install_glib_guard();
    const Case c = pattern_case();
    const Handout h = compose(c.input());
    const std::string line = evidence_reviewed_line(pack().facts_checked);
    REQUIRE_FALSE(pack().facts_checked.empty());
    CHECK(h.evidence_reviewed == line);
    CHECK(render_html(h).find("<p class=\"disclaimer evidence-reviewed\">" + html_escape(line) + "</p>") != std::string::npos);
    const auto pages = pdf_pages(Document(h).pdf());
    REQUIRE_FALSE(pages.empty());
    // After the disclaimer, on the last page.
    CHECK(squash(pages.back()).find(squash(line)) != std::string::npos);
}

TEST_CASE("light therapy's sources in the handout leave out the lab-only light-cap news", "[handout][evidence]") {
    const Case c = pattern_case();
    Input in = c.input();
    in.chosen_options = std::vector<std::string>{"lllt"};  // offered (consider) for this patient; explained when chosen
    const Handout h = compose(in);
    const auto ids = h.option_ids();
    REQUIRE(std::find(ids.begin(), ids.end(), "lllt") != ids.end());
    for (const auto& ref : h.references) {
        INFO(ref);
        CHECK(ref.find("OLED") == std::string::npos);
    }
}
