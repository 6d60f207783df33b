// Printing for real: a private cupsd with the cups-pdf printer (private-cupsd beside this
// file), a handout sent to it, and the PDF cups-pdf produced found and read back.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "handout/pdf.h"
#include "handout/print.h"
#include "support.h"

using namespace hc;
using namespace hc::handout;
using namespace hc::handout::test;

namespace {

// A running private cupsd for one test; stopped when destroyed. `reason` is set when cupsd
// cannot run on this machine at all (not root, not installed, no socket).
class PrivateCups {
public:
    PrivateCups() {
        script_ = std::filesystem::path(HC_TEST_DATA) / "private-cupsd";
        const std::string cmd = quote(script_) + " start " + quote(dir_.path()) + " 2>" + quote(dir_ / "start.err");
        try {
            server_ = run(cmd);
            while (!server_.empty() && server_.back() == '\n') server_.pop_back();
        } catch (const std::exception&) {
            reason_ = read_file(dir_ / "start.err");
            if (reason_.empty()) reason_ = "private-cupsd failed";
        }
    }
    ~PrivateCups() {
        try {
            run(quote(script_) + " stop " + quote(dir_.path()));
        } catch (...) {
        }
    }
    const std::string& server() const { return server_; }
    const std::string& reason() const { return reason_; }
    std::filesystem::path out() const { return dir_ / "out"; }

private:
    TempDir dir_;
    std::filesystem::path script_;
    std::string server_;
    std::string reason_;
};

std::vector<std::filesystem::path> pdfs_in(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
        if (e.path().extension() == ".pdf") out.push_back(e.path());
    }
    return out;
}

}  // namespace

TEST_CASE("a handout printed through a private cupsd comes out of cups-pdf", "[handout][print][cups]") {
    install_glib_guard();
    PrivateCups cups;
    if (!cups.reason().empty()) HC_SKIP("cupsd cannot run here, print test skipped: " + cups.reason());

    const auto printers = list_printers(cups.server());
    REQUIRE(printers.size() == 1);
    CHECK(printers[0].name == "hc-pdf");
    CHECK(printers[0].state == "idle");

    const Case c = case_from_answers({{"age_years", 35}, {"sex_at_birth", "male"}, {"chief_complaint", "receding_hairline"},
                                      {"pattern_type", "male_pattern"}, {"norwood_stage", "3"}});
    const std::string secret_name = "Printtest Patientname";
    const Document doc(compose(c.input(secret_name)));
    const int job = print_pdf(doc.pdf(), "hc-pdf", cups.server(), "42");
    CHECK(job > 0);

    // cups-pdf converts through PostScript and Ghostscript: allow it time.
    std::vector<std::filesystem::path> found;
    for (int i = 0; i < 300 && found.empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        found = pdfs_in(cups.out());
    }
    REQUIRE(found.size() == 1);
    // The job title (which cups-pdf uses as the file name, and queues keep) has no patient name.
    const std::string file_name = found[0].filename().string();
    CHECK(file_name.find("hairconsult-handout-42") != std::string::npos);
    CHECK(file_name.find("Printtest") == std::string::npos);
    // The printed PDF holds the handout.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let cups-pdf finish writing
    const std::string printed = squash(joined(pdf_pages(read_file(found[0]))));
    CHECK(printed.find(squash(secret_name)) != std::string::npos);
    CHECK(printed.find(squash("Page 1 of " + std::to_string(doc.page_count()))) != std::string::npos);
}

TEST_CASE("printing to a printer that does not exist names it", "[handout][print][cups]") {
    PrivateCups cups;
    if (!cups.reason().empty()) HC_SKIP("cupsd cannot run here: " + cups.reason());
    try {
        print_pdf(std::string("%PDF-1.4\n"), "no-such-printer", cups.server());
        FAIL("printing to a missing printer succeeded");
    } catch (const PrintError& e) {
        CHECK(e.kind() == PrintError::Kind::NoPrinter);
        CHECK(std::string(e.what()).find("no-such-printer") != std::string::npos);
    }
}

TEST_CASE("with no CUPS server the message says so and offers Save as PDF", "[handout][print]") {
    TempDir dir;  // a socket path nobody listens on
    const std::string nowhere = (dir / "no-cups.sock").string();
    try {
        list_printers(nowhere);
        FAIL("listing printers without a server succeeded");
    } catch (const PrintError& e) {
        CHECK(e.kind() == PrintError::Kind::NoServer);
        CHECK(std::string(e.what()).find("CUPS") != std::string::npos);
        CHECK(std::string(e.what()).find("Save it as a PDF") != std::string::npos);
    }
    CHECK_THROWS_AS(print_pdf(std::string("%PDF-1.4\n"), "any", nowhere), PrintError);
}

TEST_CASE("job titles keep only id characters", "[handout][print]") {
    CHECK(job_title("") == "hairconsult-handout");
    CHECK(job_title("42") == "hairconsult-handout-42");
    CHECK(job_title("O'Brien <b> 7") == "hairconsult-handout-OBrienb7");
    CHECK(job_title(std::string(100, 'x')).size() == std::string("hairconsult-handout-").size() + 32);
}
