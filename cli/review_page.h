// The clinical sign-off page of `hairconsult-cli review`: one standalone HTML file with a
// summary table (with empty sign-off boxes) and, per case, its story, the statements a
// clinician must judge beside the clinician's view and the handout, and the machine checks.
#pragma once

#include <string>
#include <vector>

#include "cli/review_checks.h"
#include "engine/pack.h"

namespace hc::cli {

struct CaseReview {
    CaseFile c;
    std::string error;           // the pack did not accept the answers, or the handout failed
    std::string clinician_text;  // as `evaluate --format text` prints it
    std::string handout_html;    // the default handout, as `handout --answers --html` writes it
    std::vector<Check> checks;

    enum class Verdict { Pass, Fail, ReadByHand };
    // Fail when the case errs or any check fails; ReadByHand when some check could not be
    // decided (or was not checked) by the tool; Pass otherwise.
    Verdict verdict() const;
};

// The handout's text for reading: headings and paragraphs on their own lines, the style sheet
// and drawings left out.
std::string handout_reading_text(const std::string& html);

// Every piece of case, pack and result text is HTML-escaped.
std::string render_review_page(const Pack& pack, const std::vector<CaseReview>& cases, const std::string& today);

}  // namespace hc::cli
