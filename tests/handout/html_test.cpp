// The HTML handout: standalone, escaped everywhere, same content as the model.
#include <catch2/catch.hpp>

#include "handout/html.h"
#include "handout/text.h"
#include "support.h"

using namespace hc;
using namespace hc::handout;
using namespace hc::handout::test;

TEST_CASE("hostile names are escaped in the HTML", "[handout][html]") {
    const Case c = case_from_answers({{"age_years", 40}, {"sex_at_birth", "female"}, {"chief_complaint", "gradual_thinning"}});
    for (const std::string name : {"<script>alert(1)</script>", "O'Brien & Sons <span", "\"><img src=x onerror=alert(1)>",
                                   "\u0641\u0627\u0637\u0645\u0629 \u0627\u0644\u0632\u0647\u0631\u0627\u0621"}) {
        Input in = c.input(name);
        in.settings.clinic_name = "Clinic <b>&</b> 'Co'";
        const std::string html = render_html(compose(in));
        CHECK((html.find(name) == std::string::npos || name.find_first_of("<>&\"'") == std::string::npos));
        CHECK(html.find(html_escape(name)) != std::string::npos);
        CHECK(html.find("<script>") == std::string::npos);
        CHECK(html.find("Sons <span") == std::string::npos);
        CHECK(html.find("<img") == std::string::npos);
        CHECK(html.find("Clinic &lt;b&gt;&amp;&lt;/b&gt; &#39;Co&#39;") != std::string::npos);
        CHECK(html.find("<bdi>" + html_escape(name) + "</bdi>") != std::string::npos);
    }
}

TEST_CASE("HTML is one standalone file with print CSS and the same content", "[handout][html]") {
    if (!has_vignettes()) HC_SKIP("shared vignettes not found");
    for (const char* id : {"v01", "v02", "v04", "v07"}) {
        const Case c = vignette_case(id);
        const Handout h = compose(c.input());
        const std::string html = render_html(h);
        CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
        CHECK(html.find("@media print") != std::string::npos);
        CHECK(html.find("@page{size:A4") != std::string::npos);
        // Nothing fetched from elsewhere.
        CHECK(html.find("src=\"http") == std::string::npos);
        CHECK(html.find("<link") == std::string::npos);
        CHECK(html.find("<script") == std::string::npos);
        CHECK(html.find(html_escape(h.title)) != std::string::npos);
        for (const auto& a : h.assessments) CHECK(html.find(html_escape(a.what)) != std::string::npos);
        for (const auto& o : h.options) {
            CHECK(html.find(html_escape(o.title)) != std::string::npos);
            CHECK(html.find(html_escape(o.text.how)) != std::string::npos);
        }
        for (const auto& u : h.unproven) CHECK(html.find(html_escape(u.title)) != std::string::npos);
        for (const auto& r : h.red_flags) {
            CHECK(html.find(html_escape(r.title)) != std::string::npos);
            CHECK(html.find(html_escape(r.what)) != std::string::npos);
        }
        for (const auto& w : h.workup) {
            CHECK(html.find(html_escape(w.title)) != std::string::npos);
            CHECK(html.find(html_escape(w.what)) != std::string::npos);
        }
        CHECK((html.find("class=\"workup\"") != std::string::npos) == !h.workup.empty());
        for (const auto& ref : h.references) CHECK(html.find(html_escape(ref)) != std::string::npos);
        CHECK(html.find(html_escape(h.disclaimer)) != std::string::npos);
        if (h.diagram) CHECK(html.find("<svg class=\"diagram\"") != std::string::npos);
    }
}
