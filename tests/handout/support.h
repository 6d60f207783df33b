// Shared helpers of the handout tests: a GLib log guard (any Pango/GLib/Cairo warning fails
// the test), the shipped pack, vignettes, temporary folders and reading PDFs back with poppler.
#pragma once

#include <glib.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "engine/answers.h"
#include "engine/evaluate.h"
#include "engine/json_input.h"
#include "engine/pack.h"
#include "engine/result.h"
#include "handout/handout.h"
#include "tests/support/test_support.h"

// Catch2 2.x has no SKIP: say why and leave the test case.
#define HC_SKIP(why)  \
    do {              \
        WARN(why);    \
        return;       \
    } while (false)

namespace hc::handout::test {

// Counts GLib-routed messages of level warning or worse (Pango's "markup parse error",
// "invalid UTF-8" and friends) and echoes them, so a test can assert there were none.
inline std::atomic<int>& glib_warnings() {
    static std::atomic<int> n{0};
    return n;
}

inline GLogWriterOutput count_writer(GLogLevelFlags level, const GLogField* fields, gsize n_fields, gpointer) {
    if ((level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) != 0) ++glib_warnings();
    return g_log_writer_standard_streams(level, fields, n_fields, nullptr);
}

// Installs the counting writer once per process (GLib allows setting it only once).
inline void install_glib_guard() {
    static std::once_flag once;
    std::call_once(once, [] { g_log_set_writer_func(count_writer, nullptr, nullptr); });
}

// HAIRCONSULT_VIGNETTES when set, else <source>/../shared/clinical/vignettes.
inline std::filesystem::path vignette_dir() {
    if (const char* env = std::getenv("HAIRCONSULT_VIGNETTES"); env != nullptr && *env != '\0') return env;
    return std::filesystem::path(HC_SOURCE_DIR) / ".." / "shared" / "clinical" / "vignettes";
}

// The vignette whose file name starts with `prefix` ("v01"), or an empty path.
inline std::filesystem::path vignette(const std::string& prefix) {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(vignette_dir(), ec)) {
        if (e.path().filename().string().rfind(prefix + "-", 0) == 0) return e.path();
    }
    return {};
}

inline const Pack& pack() {
    static const Pack p = load_pack(HC_PACK_DIR);
    return p;
}

// One evaluated consultation, kept together so Input's pointers stay valid.
struct Case {
    Answers answers;
    Result result;
    Input input(std::string patient = "Alex Example", std::string date = "2026-11-21") const {
        Input in;
        in.pack = &pack();
        in.answers = &answers;
        in.result = &result;
        in.patient_name = std::move(patient);
        in.date = std::move(date);
        in.settings.clinic_name = "Riverside Hair Clinic";
        in.settings.clinic_contact = "12 River Street, Springfield \u00b7 555 0100";
        in.settings.clinician_name = "Dr Sam Rivera";
        return in;
    }
};

inline Case case_from_answers(const nlohmann::json& answers) {
    Case c;
    const Answers raw = answers_from_json(pack().questionnaire, answers);
    c.answers = effective_answers(pack().questionnaire, raw).answers;
    c.result = evaluate(pack(), c.answers);
    return c;
}

// The case of a shared vignette (by id prefix such as "v01"). Empty answers when the shared
// vignettes are not found; callers check has_vignettes() first.
inline Case vignette_case(const std::string& prefix) {
    const auto file = vignette(prefix);
    if (file.empty()) throw std::runtime_error("vignette " + prefix + " not found under " + vignette_dir().string());
    return case_from_answers(read_json_file(file).at("answers"));
}

inline bool has_vignettes() { return !vignette("v01").empty(); }

using hc::test_support::TempDir;

inline void write_file(const std::filesystem::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary);
    out << bytes;
}

using hc::test_support::read_file;

// Runs a shell command and returns its standard output; throws when it fails.
inline std::string run(const std::string& cmd) {  // stderr of the command is kept quiet by callers when expected
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(cmd.c_str(), "r"), ::pclose);
    if (!pipe) throw std::runtime_error("cannot run: " + cmd);
    std::string out;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe.get())) > 0) out.append(buf, n);
    const int status = ::pclose(pipe.release());
    if (status != 0) throw std::runtime_error("command failed (" + std::to_string(status) + "): " + cmd);
    return out;
}

using hc::test_support::quote;

// The text of a PDF as pdftotext reads it (UTF-8, reading order), one string per page.
inline std::vector<std::string> pdf_pages(const std::string& pdf_bytes) {
    TempDir dir;
    const auto file = dir / "h.pdf";
    write_file(file, pdf_bytes);
    const std::string text = run("pdftotext -enc UTF-8 " + quote(file) + " -");
    std::vector<std::string> pages;
    std::size_t start = 0;
    for (std::size_t ff = text.find('\f'); ff != std::string::npos; ff = text.find('\f', start)) {
        pages.push_back(text.substr(start, ff - start));
        start = ff + 1;
    }
    return pages;
}

// `s` without whitespace and hyphens: line wrapping may split words and names anywhere, and
// pdftotext joins a word broken at a hyphen without it ("blood-thinning" -> "bloodthinning").
inline std::string squash(const std::string& s) {
    std::string out;
    for (const char c : s) {
        if (c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != '\f' && c != '-') out += c;
    }
    return out;
}

inline std::string joined(const std::vector<std::string>& pages) {
    std::string all;
    for (const auto& p : pages) all += p + "\n";
    return all;
}

// The pages' text without the running header and footer lines (clinic name and contact,
// "<patient> · <date>", "Page n of m"), so that a paragraph broken across pages reads as one.
inline std::string body_text(const std::vector<std::string>& pages, const Handout& h) {
    const std::vector<std::string> running = {squash(h.clinic_name), squash(h.clinic_contact),
                                              squash(h.clinic_name + h.clinic_contact),
                                              squash(h.patient_name + " \u00b7 " + h.date), squash(h.patient_name)};
    std::string all;
    for (const auto& page : pages) {
        std::size_t start = 0;
        while (start <= page.size()) {
            std::size_t end = page.find('\n', start);
            if (end == std::string::npos) end = page.size();
            const std::string line = page.substr(start, end - start);
            const std::string sq = squash(line);
            const bool page_number = sq.rfind("Page", 0) == 0 && sq.find("of") != std::string::npos &&
                                     sq.find_first_not_of("0123456789", 4) == sq.find("of") &&
                                     sq.find_first_not_of("0123456789", sq.find("of") + 2) == std::string::npos;
            if (!sq.empty() && !page_number && std::find(running.begin(), running.end(), sq) == running.end()) all += line + "\n";
            start = end + 1;
        }
    }
    return all;
}

}  // namespace hc::handout::test
