// hairconsult-cli handout through the real binary: answers file and saved consultation, the
// audit rows it leaves, refusal to overwrite, and one clear line for bad input.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "db/store.h"
#include "handout/text.h"
#include "tests/handout/private_cups.h"
#include "tests/handout/support.h"

using namespace hc;
using namespace hc::handout::test;

namespace {

struct Exit {
    int code = 0;
    std::string err;
};

Exit cli(const std::string& args, const TempDir& dir) {
    const std::string cmd = quote(HC_CLI_PATH) + " " + args + " 2>" + quote(dir / "stderr") + " >/dev/null";
    const int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(dir / "stderr")};
}

std::string answers_file(const TempDir& dir) {
    const auto file = dir / "answers.json";
    write_file(file, R"({"age_years": 32, "sex_at_birth": "female", "reproductive_status": "planning_pregnancy",
                         "chief_complaint": "gradual_thinning", "pattern_type": "female_pattern", "ludwig_stage": "2"})");
    return quote(file);
}

}  // namespace

TEST_CASE("cli handout --answers writes a PDF and an HTML file, 0600", "[handout][cli]") {
    TempDir dir;
    const std::string name = "O'Brien & Sons <span";
    const Exit e = cli("handout --answers " + answers_file(dir) + " --patient " + quote(name) + " --pdf " + quote(dir / "h.pdf") +
                           " --html " + quote(dir / "h.html") + " --date 2026-11-21",
                       dir);
    INFO(e.err);
    REQUIRE(e.code == 0);
    struct stat st{};
    REQUIRE(::stat((dir / "h.pdf").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(squash(joined(pdf_pages(read_file(dir / "h.pdf")))).find(squash(name)) != std::string::npos);
    CHECK(read_file(dir / "h.html").find(hc::handout::html_escape(name)) != std::string::npos);

    // A second run refuses to overwrite, exits 1 with one line, and leaves the file alone.
    const std::string before = read_file(dir / "h.pdf");
    const Exit again = cli("handout --answers " + answers_file(dir) + " --pdf " + quote(dir / "h.pdf"), dir);
    CHECK(again.code == 1);
    CHECK(again.err.find("already exists") != std::string::npos);
    CHECK(std::count(again.err.begin(), again.err.end(), '\n') == 1);
    CHECK(read_file(dir / "h.pdf") == before);
    CHECK(cli("handout --answers " + answers_file(dir) + " --pdf " + quote(dir / "h.pdf") + " --overwrite", dir).code == 0);
}

TEST_CASE("cli handout --answers reads what the other commands read: a case file, standard input", "[handout][cli]") {
    TempDir dir;
    // A case file as the acceptance cases are written: the answers under "answers", beside the
    // case's own fields.
    const auto case_file = std::filesystem::path(HC_SOURCE_DIR) / "tests/acceptance/vignettes/a01-pregnant-woman-with-female-pattern-thinning.json";
    write_file(dir / "plain.json", nlohmann::json::parse(read_file(case_file))["answers"].dump());
    const std::string rest = " --patient " + quote("Ada Okafor") + " --date 2026-11-21 --html ";
    REQUIRE(cli("handout --answers " + quote(dir / "plain.json") + rest + quote(dir / "plain.html"), dir).code == 0);
    const Exit wrapped = cli("handout --answers " + quote(case_file) + rest + quote(dir / "case.html"), dir);
    INFO(wrapped.err);
    REQUIRE(wrapped.code == 0);
    const Exit piped = cli("handout --answers -" + rest + quote(dir / "stdin.html") + " <" + quote(case_file), dir);
    INFO(piped.err);
    REQUIRE(piped.code == 0);
    const std::string html = read_file(dir / "plain.html");
    CHECK(html.find("Your pattern of hair loss: Ludwig I<") != std::string::npos);  // this patient's handout, not the unfinished sheet
    CHECK(read_file(dir / "case.html") == html);
    CHECK(read_file(dir / "stdin.html") == html);
}

TEST_CASE("cli handout: bad input is one clear line", "[handout][cli]") {
    TempDir dir;
    CHECK(cli("handout --answers " + quote(dir / "missing.json") + " --pdf " + quote(dir / "x.pdf"), dir).code == 1);
    write_file(dir / "bad.json", R"({"sex_at_birth": "martian"})");
    const Exit bad = cli("handout --answers " + quote(dir / "bad.json") + " --pdf " + quote(dir / "x.pdf"), dir);
    CHECK(bad.code == 1);
    CHECK(bad.err.find("sex_at_birth") != std::string::npos);
    CHECK(cli("handout --answers " + answers_file(dir), dir).code == 1);  // nothing to write
    CHECK(cli("handout --pdf " + quote(dir / "x.pdf"), dir).code == 1);  // neither answers nor session
    CHECK(cli("handout --answers a --session 1 --pdf x", dir).code == 2);
    CHECK_FALSE(std::filesystem::exists(dir / "x.pdf"));
}

TEST_CASE("cli handout --session uses the saved consultation and records the export", "[handout][cli][db]") {
    TempDir dir;
    const auto db_path = dir / "c.db";
    db::ConsultationId id = 0;
    {
        db::Store store = db::Store::open(db_path);
        const db::PatientId patient = store.add_patient({"Δημήτρης Παπαδόπουλος", "", ""});
        // A complete consultation (an incomplete one prints the "not finished yet" sheet).
        if (!has_vignettes()) HC_SKIP("shared vignettes not found");
        Answers a = vignette_case("v01").answers;
        a.set(pack().questionnaire, pack().questionnaire.find("norwood_stage"), std::string("4"));
        id = store.start_consultation(patient, pack(), a, "dr-test");
    }
    const Exit e = cli("--db " + quote(db_path) + " handout --session " + std::to_string(id) + " --pdf " + quote(dir / "s.pdf") +
                           " --html " + quote(dir / "s.html"),
                       dir);
    INFO(e.err);
    REQUIRE(e.code == 0);
    const std::string text = squash(joined(pdf_pages(read_file(dir / "s.pdf"))));
    CHECK(text.find(squash("Δημήτρης Παπαδόπουλος")) != std::string::npos);
    CHECK(text.find(squash("Norwood IV")) != std::string::npos);

    db::OpenOptions ro;
    ro.read_only = true;
    ro.lock = db::OpenOptions::Lock::Shared;
    const db::Store store = db::Store::open(db_path, ro);
    int exported = 0;
    for (const auto& entry : store.audit(id)) {
        if (entry.action == db::AuditAction::Exported) {
            ++exported;
            CHECK(entry.detail.find("handout") != std::string::npos);
            CHECK(entry.detail.find("Δημήτρης") == std::string::npos);  // never a name in the audit log
        }
    }
    CHECK(exported == 2);

    CHECK(cli("--db " + quote(db_path) + " handout --session 9999 --pdf " + quote(dir / "n.pdf"), dir).code == 1);
}

TEST_CASE("cli handout --printer prints through CUPS and records it", "[handout][cli][cups]") {
    PrivateCups cups;
    if (!cups.reason().empty()) HC_SKIP("cupsd cannot run here: " + cups.reason());
    TempDir dir;
    const auto db_path = dir / "c.db";
    db::ConsultationId id = 0;
    {
        db::Store store = db::Store::open(db_path);
        const db::PatientId patient = store.add_patient({"Printed Patient", "", ""});
        id = store.start_consultation(patient, pack(), Answers(pack().questionnaire), "dr-test");
    }
    const Exit e = cli("--db " + quote(db_path) + " handout --session " + std::to_string(id) + " --printer hc-pdf --cups-server " +
                           quote(cups.server()),
                       dir);
    INFO(e.err);
    REQUIRE(e.code == 0);
    CHECK(e.err.find("sent to hc-pdf as job") != std::string::npos);
    const db::Store store = db::Store::open(db_path);
    bool printed = false;
    for (const auto& entry : store.audit(id)) printed = printed || entry.action == db::AuditAction::Printed;
    CHECK(printed);

    const Exit missing = cli("--db " + quote(db_path) + " handout --session " + std::to_string(id) +
                                 " --printer nowhere --cups-server " + quote(cups.server()),
                             dir);
    CHECK(missing.code == 1);
    CHECK(missing.err.find("nowhere") != std::string::npos);
}
