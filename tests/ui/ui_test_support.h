// Shared by the ui tests: the shipped pack (loaded once), a temp folder, a vignette's answers.
#pragma once

#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "tests/support/test_support.h"
#include "engine/json_input.h"
#include "engine/pack.h"
#include "ui/app_state.h"

namespace hc::ui::test {

inline std::shared_ptr<const Pack> pack() {
    static const auto p = std::make_shared<const Pack>(load_pack(HC_PACK_DIR));
    return p;
}

using hc::test_support::TempDir;
using hc::test_support::quote;
using hc::test_support::read_file;

inline std::string vignette(const std::string& stem) {
    return std::string(HC_SOURCE_DIR) + "/tests/acceptance/vignettes/" + stem + ".json";
}

inline Answers vignette_answers(const std::string& stem) {
    const auto doc = read_json_file(vignette(stem));
    return answers_from_json(pack()->questionnaire, doc.at("answers"));
}

inline AppState fresh_state() {
    AppState s;
    s.pack = pack();
    s.author = "tester";
    return s;
}

// The text of a PDF as pdftotext reads it (layout kept); empty if it cannot be read.
inline std::string pdf_text(const std::filesystem::path& pdf) {
    const std::string cmd = "pdftotext -layout '" + pdf.string() + "' - 2>/dev/null";
    std::string out;
    if (FILE* f = ::popen(cmd.c_str(), "r")) {
        char buf[4096];
        std::size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
        ::pclose(f);
    }
    return out;
}

}  // namespace hc::ui::test
