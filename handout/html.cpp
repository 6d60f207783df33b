#include "handout/html.h"

#include <cstdio>

#include "handout/text.h"

namespace hc::handout {
namespace {

std::string e(const std::string& s) { return html_escape(s); }

// Newlines in pack text are paragraph breaks.
std::string paras(const std::string& s, const char* cls = nullptr) {
    if (s.empty()) return {};
    std::string out;
    std::size_t start = 0;
    while (start <= s.size()) {
        std::size_t end = s.find('\n', start);
        if (end == std::string::npos) end = s.size();
        if (end > start) {
            out += cls ? std::string("<p class=\"") + cls + "\">" : std::string("<p>");
            out += e(s.substr(start, end - start)) + "</p>\n";
        }
        start = end + 1;
    }
    return out;
}

std::string cites(const Labels& l, const std::vector<int>& n) {
    if (n.empty()) return {};
    std::string s = "<p class=\"cite\">" + e(l.sources) + ": ";
    for (std::size_t i = 0; i < n.size(); ++i) {
        const std::string k = std::to_string(n[i]);
        s += (i ? ", " : "") + std::string("<a href=\"#ref") + k + "\">" + k + "</a>";
    }
    return s + "</p>\n";
}

std::string labelled(const std::string& label, const std::string& text) {
    if (text.empty()) return {};
    return "<p><strong class=\"label\">" + e(label) + "</strong> " + e(text) + "</p>\n";
}

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

std::string svg_diagram(const Diagram& d) {
    const StageDiagram* sd = find_stage_diagram(d.scale, d.code);
    if (sd == nullptr) return {};
    auto points = [](const std::vector<DiagramPoint>& poly) {
        std::string s;
        for (const auto& p : poly) s += num(p.x * 100) + "," + num(p.y * 100) + " ";
        return s;
    };
    auto mix = [](double t) {
        // hair (74,56,46) to skin (245,222,201), as in the PDF
        char buf[16];
        std::snprintf(buf, sizeof buf, "#%02x%02x%02x", static_cast<int>(74 + (245 - 74) * t),
                      static_cast<int>(56 + (222 - 56) * t), static_cast<int>(46 + (201 - 46) * t));
        return std::string(buf);
    };
    std::string s = "<svg class=\"diagram\" viewBox=\"0 0 100 100\" width=\"120\" height=\"120\" role=\"img\" aria-label=\"" +
                    e(d.label) + "\">\n";
    for (const auto& lm : sd->landmarks) s += "<polygon points=\"" + points(lm) + "\" fill=\"#f5dec9\" stroke=\"#b29480\" stroke-width=\"0.6\"/>\n";
    s += "<polygon points=\"" + points(sd->scalp) + "\" fill=\"#4a382e\"/>\n";
    for (const auto& r : sd->regions) {
        const double t = r.loss < 0 ? 0 : (r.loss > 1 ? 1 : r.loss);
        s += "<polygon points=\"" + points(r.polygon) + "\" fill=\"" + mix(t) + "\"/>\n";
    }
    s += "<polygon points=\"" + points(sd->scalp) + "\" fill=\"none\" stroke=\"#735c4d\" stroke-width=\"0.9\"/>\n</svg>\n";
    return s;
}

constexpr const char* kStyle = R"(body{font-family:"Noto Sans","DejaVu Sans",sans-serif;color:#222428;max-width:46em;margin:2em auto;padding:0 1.5em;line-height:1.45;font-size:11pt}
header.clinic{display:flex;justify-content:space-between;align-items:baseline;border-bottom:1px solid #175c6b;padding-bottom:.3em;margin-bottom:1em}
header.clinic .name{font-weight:bold;color:#175c6b;font-size:1.1em}
header.clinic .contact{color:#61666e;font-size:.85em}
h1{color:#175c6b;font-size:1.8em;margin:.2em 0 .3em}
h2{color:#175c6b;font-size:1.25em;margin:1.4em 0 .4em;break-after:avoid}
h3{font-size:1.05em;margin:1em 0 .2em;break-after:avoid}
table.info th{text-align:left;padding-right:1.5em;font-weight:bold;vertical-align:top}
.label{color:#175c6b}
.cite,.refs,.disclaimer{color:#61666e;font-size:.85em}
.callout{background:#fff5e6;border-left:4px solid #d9822b;padding:.5em .8em;margin:.6em 0;break-inside:avoid}
.callout p{margin:.2em 0}
.stage{display:flex;gap:1.2em;align-items:flex-start;break-inside:avoid}
ol.refs li{margin-bottom:.2em}
footer{margin-top:2em;border-top:1px solid #ccd4d9;color:#61666e;font-size:.85em;padding-top:.4em}
@media print{body{margin:0;max-width:none;padding:0;font-size:10pt}a{color:inherit;text-decoration:none}section{break-inside:auto}}
)";

// " (Sources: 1, 2)" after a list item, each number a link into the reference list.
std::string inline_cites(const Labels& l, const std::vector<int>& numbers) {
    if (numbers.empty()) return {};
    std::string o = " <span class=\"cite\">(" + e(l.sources) + ": ";
    for (std::size_t i = 0; i < numbers.size(); ++i) {
        const std::string k = std::to_string(numbers[i]);
        o += (i ? ", " : "") + std::string("<a href=\"#ref") + k + "\">" + k + "</a>";
    }
    return o + ")</span>";
}

}  // namespace

std::string render_html(const Handout& h) {
    const Labels& l = h.labels;
    std::string o;
    o.reserve(16384);
    o += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    o += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    o += "<title>" + e(h.title) + "</title>\n<style>\n";
    o += h.paper == Paper::Letter ? "@page{size:letter;" : "@page{size:A4;";
    o += "margin:" + num(h.margin_mm) + "mm}\n";
    o += kStyle;
    o += "</style>\n</head>\n<body>\n";
    o += "<header class=\"clinic\"><span class=\"name\">" + e(h.clinic_name) + "</span>";
    if (!h.clinic_contact.empty()) o += "<span class=\"contact\">" + e(h.clinic_contact) + "</span>";
    o += "</header>\n<main>\n<h1>" + e(h.title) + "</h1>\n<table class=\"info\">\n";
    // <bdi> isolates a right-to-left name from the labels around it.
    if (!h.patient_name.empty()) o += "<tr><th>" + e(l.prepared_for) + "</th><td><bdi>" + e(h.patient_name) + "</bdi></td></tr>\n";
    if (!h.date.empty()) o += "<tr><th>" + e(l.date) + "</th><td>" + e(h.date) + "</td></tr>\n";
    if (!h.clinician_name.empty()) o += "<tr><th>" + e(l.clinician) + "</th><td><bdi>" + e(h.clinician_name) + "</bdi></td></tr>\n";
    o += "</table>\n";
    o += paras(h.intro);

    if (h.unfinished) {
        o += "<section class=\"unfinished\" data-unfinished=\"true\">\n" + paras(h.unfinished_text);
        if (!h.still_needed.empty()) {
            o += "<ul>\n";
            for (const auto& q : h.still_needed) o += "<li>" + e(q) + "</li>\n";
            o += "</ul>\n";
        }
        o += "</section>\n";
    }
    // What to act on comes first, before the patient's questions and the findings.
    if (!h.red_flags.empty()) {
        o += "<section class=\"red-flags\">\n<h2>" + e(l.red_flags) + "</h2>\n" + paras(h.red_flag_intro);
        for (const auto& r : h.red_flags) {
            o += "<div class=\"callout\" data-red-flag=\"" + e(r.id) + "\"><p><strong>" + e(r.title) + "</strong></p>\n" + paras(r.what);
            for (const auto& a : r.actions) o += paras(a);
            o += paras(r.come_back) +
                 cites(l, r.cites) + "</div>\n";
        }
        o += "</section>\n";
    }
    if (!h.asked.empty()) {
        o += "<section class=\"asked\">\n<h2>" + e(l.asked) + "</h2>\n";
        for (const auto& a : h.asked) {
            o += "<div data-asked=\"" + e(a.id) + "\" data-verdict=\"" + e(a.verdict) + "\"><h3>" + e(a.title) + "</h3>\n";
            o += paras(a.answer);
            for (const auto& r : a.reasons) o += paras(r);
            o += cites(l, a.cites) + "</div>\n";
        }
        // Where to find a registered study, here when no "not proven" section follows.
        if (h.unproven.empty()) o += paras(h.trial_registries);
        o += "</section>\n";
    }

    if (!h.assessments.empty()) {
        o += "<section class=\"assessment\">\n<h2>" + e(l.assessment) + "</h2>\n";
        for (const auto& a : h.assessments) {
            o += "<div data-assessment=\"" + e(a.id) + "\"><h3>" + e(a.likely ? a.title : l.also_possible + ": " + a.title) + "</h3>\n";
            o += paras(a.what) + labelled(l.come_back, a.come_back) + cites(l, a.cites) + "</div>\n";
        }
        o += "</section>\n";
    }
    if (h.diagram) {
        o += "<div class=\"stage\">\n" + svg_diagram(*h.diagram);
        o += "<div><p><strong>" + e(l.stage + ": " + h.diagram->label) + "</strong></p>" + paras(h.diagram->caption) + "</div>\n</div>\n";
    }
    if (!h.workup.empty()) {
        o += "<section class=\"workup\">\n<h2>" + e(l.workup) + "</h2>\n" + paras(h.workup_intro) + "<ul>\n";
        for (const auto& w : h.workup) {
            o += "<li><strong>" + e(w.title) + "</strong>";
            if (!w.what.empty()) o += " \u2014 " + e(w.what);
            o += inline_cites(l, w.cites) + "</li>\n";
        }
        o += "</ul>\n</section>\n";
    }
    if (!h.options.empty()) {
        o += "<section class=\"options\">\n<h2>" + e(l.options) + "</h2>\n";
        for (const auto& op : h.options) {
            o += "<div data-option=\"" + e(op.id) + "\" data-verdict=\"" + e(op.verdict) + "\"><h3>" + e(op.title) + "</h3>\n";
            for (const auto& r : op.for_you) o += paras(r);
            o += labelled(l.what, op.text.what) + labelled(l.how, op.text.how) +
                 labelled(l.when_results, op.text.when_results) + labelled(l.watch_for, op.text.watch_for) +
                 labelled(l.come_back, op.text.come_back) + cites(l, op.cites) + "</div>\n";
        }
        o += "</section>\n";
    }
    if (!h.come_back.empty()) {
        o += "<section class=\"come-back\">\n<h2>" + e(l.come_back) + "</h2>\n" + paras(h.come_back) + "</section>\n";
    }
    if (!h.unproven.empty()) {
        o += "<section class=\"unproven\">\n<h2>" + e(l.unproven) + "</h2>\n" + paras(h.unproven_intro) + "<ul>\n";
        for (const auto& u : h.unproven) {
            o += "<li><strong>" + e(u.title) + "</strong>";
            if (!u.what.empty()) o += " \u2014 " + e(u.what);
            o += inline_cites(l, u.cites) + "</li>\n";
        }
        o += "</ul>\n" + paras(h.trial_registries) + "</section>\n";
    }
    if (!h.references.empty()) {
        o += "<section class=\"references\">\n<h2>" + e(l.references) + "</h2>\n" + paras(h.references_intro, "refs") +
             "<ol class=\"refs\">\n";
        for (std::size_t i = 0; i < h.references.size(); ++i) {
            o += "<li id=\"ref" + std::to_string(i + 1) + "\">" + e(h.references[i]) + "</li>\n";
        }
        o += "</ol>\n</section>\n";
    }
    if (!h.disclaimer.empty()) {
        o += "<section class=\"disclaimer-section\">\n<h2>" + e(l.disclaimer) + "</h2>\n" + paras(h.disclaimer, "disclaimer") + "</section>\n";
    }
    if (!h.evidence_reviewed.empty()) o += "<p class=\"disclaimer evidence-reviewed\">" + e(h.evidence_reviewed) + "</p>\n";
    o += "</main>\n<footer><bdi>" + e(h.patient_name) + "</bdi>";
    if (!h.date.empty()) o += " \u00b7 " + e(h.date);
    o += "</footer>\n</body>\n</html>\n";
    return o;
}

}  // namespace hc::handout
