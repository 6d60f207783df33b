// hairconsult-cli store ...: the store itself rather than its consultations.
//   store check [--db X]        what the store is and whether its guarantees hold (exit 1 if not)
//   store copy --from A --to B  every row of A into B with its ids (a file or a postgresql:// URI
//                               each), resumable, verified; a summary line on stdout
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>

#include "cli/commands.h"
#include "db/store.h"

namespace hc::cli {
namespace {

using db::Store;

struct Args {
    std::string from, to;
};

bool is_server(const std::string& location) {
    return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

void tell_notes(const Store& s) {
    for (const auto& n : s.notes()) std::cerr << "hairconsult-cli: note: " << n << '\n';
}

void print_line(const std::string& s) {
    std::cout << s << '\n';
    std::cout.flush();
    if (!std::cout) throw Failure("cannot write to standard output");
}

// Read-only, beside an open app window, never creating anything: check and the copy's source.
Store open_for_reading(const std::string& location) {
    db::OpenOptions o;
    o.lock = db::OpenOptions::Lock::Shared;
    o.read_only = true;
    o.create = false;
    Store s = Store::open(location, o);
    tell_notes(s);
    return s;
}

void cmd_check(const Common& common) {
    const std::string location = common.db_path.empty() ? db::default_path().string() : common.db_path;
    // A store that cannot be opened (e.g. a file someone changed behind the app's back, which
    // open() refuses before reading anything) propagates as its one-line message: exit 1.
    Store s = open_for_reading(location);
    const db::StoreCheck c = s.check();
    print_line("location: " + c.location);
    print_line("kind: " + c.kind);
    print_line("schema version: " + std::to_string(c.schema_version) + " of " + std::to_string(c.latest_schema_version));
    print_line("integrity: " + c.integrity);
    for (const auto& g : c.guarantees)
        print_line(std::string(g.holds ? "ok" : "DOES NOT HOLD") + ": " + g.what + (g.detail.empty() ? "" : " (" + g.detail + ")"));
    if (!c.ok()) throw Failure(location + ": the store's guarantees do not all hold (see above)");
}

// Draws "\r<stage> [#####.....] done/total" on stderr, only when stderr is a terminal.
class Bar {
public:
    Bar() : on_(::isatty(STDERR_FILENO) == 1) {}
    ~Bar() { finish(); }
    void operator()(const db::CopyProgress& p) {
        if (!on_) return;
        using S = db::CopyProgress::Stage;
        const char* stage = p.stage == S::Checking ? "checking " : p.stage == S::Copying ? "copying  "
                            : p.stage == S::Audit  ? "audit log" : "verifying";
        // Redrawn when the stage or the whole percent changes: a terminal is slow next to a copy
        // of tens of thousands of small patients.
        const int percent = p.total > 0 ? static_cast<int>(100 * p.done / p.total) : 100;
        if (drawn_ && p.stage == stage_ && percent == percent_) return;
        stage_ = p.stage;
        percent_ = percent;
        constexpr int kWidth = 30;
        const int filled = percent * kWidth / 100;
        std::cerr << '\r' << stage << " [" << std::string(filled, '#') << std::string(kWidth - filled, '.') << "] "
                  << p.done << '/' << p.total << (p.stage == S::Audit ? " rows        " : " consultations") << std::flush;
        drawn_ = true;
    }
    void finish() {
        if (drawn_) std::cerr << '\n' << std::flush;
        drawn_ = false;
        percent_ = -1;
    }

private:
    bool on_;
    bool drawn_ = false;
    db::CopyProgress::Stage stage_{};
    int percent_ = -1;
};

bool same_store(const std::string& a, const std::string& b) {
    if (a == b) return true;
    if (is_server(a) || is_server(b)) return false;
    std::error_code ec;
    return std::filesystem::equivalent(a, b, ec) && !ec;  // false when either does not exist yet
}

void cmd_copy(const Args& a, const Common& common) {
    if (!common.db_path.empty()) throw Failure("store copy takes --from and --to, not --db");
    if (same_store(a.from, a.to)) throw Failure("--from and --to name the same store; nothing was copied");
    Store from = open_for_reading(a.from);
    db::OpenOptions o;
    o.lock = db::OpenOptions::Lock::Exclusive;  // no app window writes the target meanwhile
    Store to = Store::open(a.to, o);
    tell_notes(to);
    Bar bar;
    const db::CopyReport r = db::copy_store(from, to, [&](const db::CopyProgress& p) { bar(p); });
    bar.finish();
    const auto& c = r.copied;
    print_line("copied " + std::to_string(c.patients) + " patients, " + std::to_string(c.consultations) +
               " consultations, " + std::to_string(c.revisions) + " revisions, " + std::to_string(c.drafts) +
               " drafts, " + std::to_string(c.audit) + " audit rows; " + std::to_string(r.already_there.total()) +
               " already there; verified " + std::to_string(r.verified_consultations) + " consultations");
}

}  // namespace

void add_store_command(CLI::App& app, Common& common) {
    auto a = std::make_shared<Args>();
    CLI::App* store = app.add_subcommand("store", "The store itself: check it, copy it (a file or a server)");
    store->require_subcommand(1);

    auto* check = store->add_subcommand(
        "check", "What the store (--db) is, its schema version, integrity and whether its guarantees hold; exit 1 if not");
    check->callback([&common] { cmd_check(common); });

    auto* copy = store->add_subcommand(
        "copy", "Copy every patient, consultation, revision, draft and audit row into another store, keeping ids; "
                "run again to resume; verified at the end");
    copy->add_option("--from", a->from, "The store to copy (a file or a postgresql:// URI); only read")->required();
    copy->add_option("--to", a->to, "The store to copy into (a file, created if missing, or a postgresql:// URI)")
        ->required();
    copy->callback([a, &common] { cmd_copy(*a, common); });
}

}  // namespace hc::cli
