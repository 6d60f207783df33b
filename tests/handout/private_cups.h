// A private cupsd with the cups-pdf printer "hc-pdf" for one test (tests/handout/private-cupsd).
#pragma once

#include "tests/handout/support.h"

namespace hc::handout::test {

// A running private cupsd for one test; stopped when destroyed. `reason` is set when cupsd
// cannot run on this machine at all (not root, not installed, no socket).
class PrivateCups {
public:
    PrivateCups() {
        script_ = std::filesystem::path(HC_TEST_DATA) / "private-cupsd";
        const std::string cmd = quote(script_) + " start " + quote(dir_.path) + " 2>" + quote(dir_ / "start.err");
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
            run(quote(script_) + " stop " + quote(dir_.path));
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

}  // namespace hc::handout::test
