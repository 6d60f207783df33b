// hairconsult-cli review CASES_DIR --html OUT: the page a clinician signs a pack release off
// with. Every case file in CASES_DIR (clinical/vignettes/README.md) is evaluated with the pack;
// its default handout is built the way `handout --answers` builds it; the page shows both
// beside the case's statements and the machine checks. Exit 0 once the page is written, even
// when checks fail (stdout: "N passed, M failed"); 1 on bad input; 2 on usage.
#include <algorithm>
#include <iostream>

#include "cli/commands.h"
#include "cli/review_checks.h"
#include "cli/review_page.h"
#include "engine/evaluate.h"
#include "engine/result.h"
#include "handout/handout.h"
#include "handout/html.h"
#include "handout/output.h"

namespace hc::cli {

namespace {

struct ReviewArgs {
    std::string cases_dir;
    std::string html_out;
    bool overwrite = false;
};

// The *.json files directly in `dir`, sorted by name.
std::vector<std::filesystem::path> case_files(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) throw Failure("cases folder '" + dir.string() + "' not found (or not a folder)");
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.path().extension() == ".json" && entry.is_regular_file(ec)) files.push_back(entry.path());
    if (ec) throw Failure("cannot list '" + dir.string() + "': " + ec.message());
    if (files.empty()) throw Failure("no case files (*.json) in '" + dir.string() + "'");
    std::sort(files.begin(), files.end());
    return files;
}

CaseReview review(const Pack& pack, CaseFile c, const std::string& today) {
    CaseReview r;
    r.c = std::move(c);
    try {
        // As `evaluate --answers FILE --format text` does.
        const Answers answers = answers_from_json(pack.questionnaire, r.c.answers);
        const Result result = evaluate(pack, answers);
        r.clinician_text = to_text(pack, answers, result);
        r.checks = check_result(r.c.expect, to_json(pack, answers, result));

        // As `handout --answers FILE --html OUT` does, with no choice of options.
        const Answers effective = effective_answers(pack.questionnaire, answers).answers;
        const Result handout_result = evaluate(pack, effective);
        handout::Input in;
        in.pack = &pack;
        in.answers = &effective;
        in.result = &handout_result;
        in.patient_name = "Test Patient";  // as the vignette runner prints it
        in.date = today;
        r.handout_html = handout::render_html(handout::compose(in));
    } catch (const std::exception& e) {
        // The pack does not accept these answers (or cannot build their handout): the case
        // fails on the page; the other cases are still reviewed.
        r.error = std::string("Not evaluated: ") + e.what();
        return r;
    }
    const auto more = check_handout(r.c.expect, r.handout_html);
    r.checks.insert(r.checks.end(), more.begin(), more.end());
    const auto text = check_text(r.c.expect, r.clinician_text, handout_plain_text(r.handout_html));
    r.checks.insert(r.checks.end(), text.begin(), text.end());
    return r;
}

void run(const ReviewArgs& a, const Common& common) {
    const Pack pack = load_pack(common.pack_dir.empty() ? default_pack_dir() : std::filesystem::path(common.pack_dir));
    // Every case file is read before anything is evaluated: a malformed one stops the run with
    // one line, and no half page is written.
    std::vector<CaseFile> files;
    for (const auto& f : case_files(a.cases_dir)) files.push_back(read_case(f));
    const std::string today = handout::today_iso();
    std::vector<CaseReview> cases;
    for (auto& c : files) cases.push_back(review(pack, std::move(c), today));

    handout::write_private_file(a.html_out, render_review_page(pack, cases, today), a.overwrite);
    std::size_t passed = 0, failed = 0, unsure = 0;
    for (const auto& c : cases) {
        const auto v = c.verdict();
        (v == CaseReview::Verdict::Pass ? passed : v == CaseReview::Verdict::Fail ? failed : unsure) += 1;
    }
    std::cout << passed << " passed, " << failed << " failed";
    if (unsure > 0) std::cout << ", " << unsure << " with checks to read by hand";
    std::cout << '\n';
    std::cout.flush();
    std::cerr << "wrote " << a.html_out << '\n';
}

}  // namespace

void add_review_command(CLI::App& app, Common& common) {
    auto args = std::make_shared<ReviewArgs>();
    CLI::App* cmd = app.add_subcommand("review", "Clinical sign-off page: every case's statements beside the clinician's view, "
                                                 "the handout and the machine checks");
    cmd->add_option("CASES_DIR", args->cases_dir, "Folder of case files (clinical vignettes)")->required();
    cmd->add_option("--html", args->html_out, "Write the review page here")->required();
    cmd->add_flag("--overwrite", args->overwrite, "Replace an existing page");
    cmd->callback([args, &common] { run(*args, common); });
}

}  // namespace hc::cli
