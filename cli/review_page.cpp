#include "cli/review_page.h"

#include <cctype>

#include "handout/text.h"

namespace hc::cli {

namespace {

std::string e(const std::string& s) { return handout::html_escape(s); }

constexpr const char* kStyle = R"(body{font-family:"Noto Sans","DejaVu Sans",sans-serif;color:#222428;margin:1.5em;line-height:1.4;font-size:10.5pt}
h1{color:#175c6b;font-size:1.6em;margin:.2em 0}
h2{color:#175c6b;font-size:1.3em;margin:0 0 .3em}
h3{font-size:1.05em;margin:.8em 0 .3em}
table{border-collapse:collapse}
th,td{border:1px solid #ccd4d9;padding:.25em .5em;text-align:left;vertical-align:top}
.pass{color:#1d6b2f;font-weight:bold}.fail{color:#b3261e;font-weight:bold}.read{color:#8a5a00;font-weight:bold}
.box{display:inline-block;width:1.1em;height:1.1em;border:1.5px solid #222428;vertical-align:middle}
.blank{display:inline-block;min-width:9em;border-bottom:1px solid #222428}
section.case{border-top:3px solid #175c6b;margin-top:2em;padding-top:.6em;break-before:page}
.picture{background:#f3f6f7;padding:.5em .8em;border-left:4px solid #175c6b}
.columns{display:grid;grid-template-columns:minmax(18em,1fr) minmax(22em,1.3fr) minmax(22em,1.3fr);gap:1em;align-items:start}
.text{white-space:pre-wrap;font-family:"DejaVu Sans Mono",monospace;font-size:.82em;background:#fafafa;border:1px solid #ccd4d9;padding:.5em;margin:0}
ul.statements{list-style:none;padding-left:0}ul.statements li{margin:.4em 0}
.error{background:#fde8e6;border-left:4px solid #b3261e;padding:.4em .8em}
.note{color:#61666e;font-size:.9em}
@media print{body{margin:0;font-size:9pt}.columns{grid-template-columns:1fr}}
)";

const char* label(CaseReview::Verdict v) {
    switch (v) {
        case CaseReview::Verdict::Pass: return "<span class=\"pass\">pass</span>";
        case CaseReview::Verdict::Fail: return "<span class=\"fail\">fail</span>";
        case CaseReview::Verdict::ReadByHand: return "<span class=\"read\">read by hand</span>";
    }
    return "";
}

const char* label(Check::Status s) {
    switch (s) {
        case Check::Status::Pass: return "<span class=\"pass\">pass</span>";
        case Check::Status::Fail: return "<span class=\"fail\">fail</span>";
        case Check::Status::ReadByHand: return "<span class=\"read\">read by hand</span>";
        case Check::Status::NotChecked: return "<span class=\"read\">not checked by this tool</span>";
    }
    return "";
}

std::string statements(const char* heading, const std::vector<std::string>& list) {
    std::string o = "<h3>" + std::string(heading) + "</h3>\n";
    if (list.empty()) return o + "<p class=\"note\">(none listed)</p>\n";
    o += "<ul class=\"statements\">\n";
    for (const auto& s : list) o += "<li><span class=\"box\"></span> " + e(s) + "</li>\n";
    return o + "</ul>\n";
}

std::string tag_name(const std::string& html, std::size_t lt) {
    std::size_t i = lt + 1;
    if (i < html.size() && html[i] == '/') ++i;
    std::string name;
    while (i < html.size() && std::isalnum(static_cast<unsigned char>(html[i]))) name += static_cast<char>(std::tolower(html[i++]));
    return name;
}

}  // namespace

CaseReview::Verdict CaseReview::verdict() const {
    if (!error.empty()) return Verdict::Fail;
    bool unsure = false;
    for (const auto& c : checks) {
        if (c.status == Check::Status::Fail) return Verdict::Fail;
        if (c.status != Check::Status::Pass) unsure = true;
    }
    return unsure ? Verdict::ReadByHand : Verdict::Pass;
}

std::string handout_reading_text(const std::string& html) {
    static const char* const blocks[] = {"h1", "h2", "h3", "p", "li", "tr", "section", "div", "header", "footer", "br"};
    std::string text;
    for (std::size_t i = 0; i < html.size();) {
        if (html[i] != '<') {
            text += html[i++];
            continue;
        }
        const std::size_t close = html.find('>', i);
        if (close == std::string::npos) break;
        const std::string name = tag_name(html, i);
        // The style sheet, the head and the stage drawing are not text to read.
        if ((name == "style" || name == "svg" || name == "head" || name == "title") && html[i + 1] != '/') {
            const std::size_t end = html.find("</" + name, close);
            const std::size_t gt = end == std::string::npos ? std::string::npos : html.find('>', end);
            i = gt == std::string::npos ? html.size() : gt + 1;
            continue;
        }
        // An opening block tag starts a line; a heading also gets a blank line before it.
        if (html[i + 1] != '/') {
            for (const char* b : blocks)
                if (name == b) text += name.size() == 2 && name[0] == 'h' && name[1] != 'e' ? "\n\n" : "\n";
        }
        if (name == "th" || name == "td") text += ' ';
        i = close + 1;
    }
    text = decode_html_entities(text);
    // Lines trimmed, runs of blank lines collapsed.
    std::string out, line;
    bool blank = true;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] != '\n') {
            line += text[i];
            continue;
        }
        const std::size_t a = line.find_first_not_of(" \t"), b = line.find_last_not_of(" \t");
        if (a == std::string::npos) {
            if (!blank) out += '\n';
            blank = true;
        } else {
            out += line.substr(a, b - a + 1) + '\n';
            blank = false;
        }
        line.clear();
    }
    return out;
}

std::string render_review_page(const Pack& pack, const std::vector<CaseReview>& cases, const std::string& today) {
    std::size_t passed = 0, failed = 0, unsure = 0, statements_total = 0;
    for (const auto& c : cases) {
        const auto v = c.verdict();
        (v == CaseReview::Verdict::Pass ? passed : v == CaseReview::Verdict::Fail ? failed : unsure) += 1;
        statements_total += c.c.must_appear.size() + c.c.must_not_appear.size();
    }
    const std::string pack_name = pack.title + " (pack " + pack.id + " " + pack.version + ")";
    std::string o;
    o.reserve(65536);
    o += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Clinical review: " + e(pack_name) +
         "</title>\n<style>\n" + kStyle + "</style>\n</head>\n<body>\n";
    o += "<h1>Clinical review: " + e(pack_name) + "</h1>\n";
    o += "<p>Facts last checked against the evidence: <strong>" + e(pack.facts_checked) + "</strong>. Page made on " + e(today) +
         ". " + std::to_string(cases.size()) + " cases: " + std::to_string(passed) + " pass the machine checks, " +
         std::to_string(failed) + " fail, " + std::to_string(unsure) + " need a check read by hand; " +
         std::to_string(statements_total) + " statements to sign off.</p>\n";
    o += "<p class=\"note\">For each case, read the clinician's view and the handout as a clinician would and tick each "
         "statement that holds: a statement under \"must appear\" is said fully, one under \"must not appear\" is said "
         "nowhere. The machine checks cover only part of this. Sign a case off when every statement holds and no "
         "check fails.</p>\n";
    o += "<p class=\"note\">The <code>text_must_not</code> patterns are written for Python's regular expressions; this tool "
         "runs them on C++ std::regex (ECMAScript, case-insensitive). A pattern that starts at a sentence boundary, "
         "<code>(?:^|(?&lt;=[...]))</code>, is checked exactly. Other lookbehind guards such as "
         "<code>(?&lt;!\\bthat\\s)</code> are set aside: no match is then still a sound pass, but a match is marked "
         "\"read by hand\". Patterns using other Python-only syntax are marked \"not checked by this tool\". "
         "\\w, \\s and \\b are ASCII here.</p>\n";

    o += "<h2>Summary</h2>\n<table class=\"summary\">\n<tr><th>Case</th><th>Title</th><th>Machine checks</th>"
         "<th>Statements to sign off</th><th>Signed off</th><th>Reviewer and date</th></tr>\n";
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const auto& c = cases[i];
        std::size_t failing = 0;
        for (const auto& k : c.checks) failing += k.status == Check::Status::Fail;
        std::string checks = label(c.verdict());
        if (!c.error.empty()) checks += " (case not evaluated)";
        else checks += " (" + std::to_string(c.checks.size() - failing) + " of " + std::to_string(c.checks.size()) + " pass)";
        o += "<tr><td><a href=\"#case-" + std::to_string(i + 1) + "\">" + e(c.c.id) + "</a></td><td>" + e(c.c.title) + "</td><td>" +
             checks + "</td><td>" + std::to_string(c.c.must_appear.size() + c.c.must_not_appear.size()) +
             "</td><td><span class=\"box\"></span></td><td><span class=\"blank\"></span></td></tr>\n";
    }
    o += "</table>\n";

    for (std::size_t i = 0; i < cases.size(); ++i) {
        const auto& c = cases[i];
        o += "<section class=\"case\" id=\"case-" + std::to_string(i + 1) + "\">\n<h2>" + e(c.c.id) + ": " + e(c.c.title) + " &mdash; " +
             label(c.verdict()) + "</h2>\n";
        o += "<p class=\"note\">" + e(c.c.file.filename().string()) + "</p>\n";
        if (!c.c.picture.empty()) o += "<p class=\"picture\">" + e(c.c.picture) + "</p>\n";
        if (!c.error.empty()) o += "<p class=\"error\">" + e(c.error) + "</p>\n";
        o += "<div class=\"columns\">\n<div>\n" + statements("Must appear", c.c.must_appear) +
             statements("Must not appear", c.c.must_not_appear) + "</div>\n";
        o += "<div>\n<h3>Clinician's view</h3>\n<pre class=\"text\">" + e(c.clinician_text) + "</pre>\n</div>\n";
        o += "<div>\n<h3>Handout (default choice of options)</h3>\n<pre class=\"text\">" + e(handout_reading_text(c.handout_html)) +
             "</pre>\n</div>\n</div>\n";
        o += "<h3>Machine checks</h3>\n";
        if (c.checks.empty()) {
            o += "<p class=\"note\">(no machine-checkable expectations" + std::string(c.error.empty() ? "" : " were run") + ")</p>\n";
        } else {
            o += "<table class=\"checks\">\n<tr><th>Check</th><th>Result</th><th>Found</th></tr>\n";
            for (const auto& k : c.checks)
                o += "<tr><td>" + e(k.what) + "</td><td>" + label(k.status) + "</td><td>" + e(k.detail) + "</td></tr>\n";
            o += "</table>\n";
        }
        o += "<p>Signed off: <span class=\"box\"></span> &nbsp; Reviewer and date: <span class=\"blank\"></span></p>\n</section>\n";
    }
    o += "</body>\n</html>\n";
    return o;
}

}  // namespace hc::cli
