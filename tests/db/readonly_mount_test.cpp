// A store on a read-only disk, checked for real even when the tests run as root (root ignores
// file modes, so a chmod-based test would pass without proving anything). The parent makes a
// store, then re-runs this test program in a private mount namespace where the temp folder is
// bind-mounted read-only; the child (a hidden test case) opens the store there and tries every
// write. Skips when not root or when unshare cannot make the namespace.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <map>

#include "test_util.h"

using namespace hc::db;
using namespace hc::db::test;
using K = StoreError::Kind;

namespace {

std::map<std::string, std::string> folder_bytes(const std::filesystem::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir)) out[e.path().filename().string()] = file_bytes(e.path());
    return out;
}

// `f` must throw StoreError(ReadOnly) with a one-line message.
template <class F>
void refused(const char* what, F&& f) {
    INFO(what);
    try {
        f();
        FAIL("the write was not refused");
    } catch (const StoreError& e) {
        const std::string msg = e.what();
        CHECK(e.kind() == K::ReadOnly);
        CHECK(msg.find('\n') == std::string::npos);
        CHECK_FALSE(msg.empty());
    }
}

constexpr const char* kChildName = "read-only mount: child side";

}  // namespace

TEST_CASE("read-only mount: every write refused with one line, nothing changes (as root too)", "[db][open][readonly]") {
    if (::geteuid() != 0) {
        WARN("not root: skipped (the mode-based and SQLITE_OPEN_READONLY tests cover a normal user)");
        return;
    }
    if (std::system("unshare --mount --propagation private true >/dev/null 2>&1") != 0) {
        WARN("unshare cannot make a private mount namespace here: skipped");
        return;
    }
    TempDir t, out;
    const auto file = t / "c.db";
    {
        Store s = Store::open(file);
        const auto pid = s.add_patient({"Ro Example", "RO-1", ""});
        const auto cid = s.start_consultation(pid, pack1(), answers(man()), "dr a");
        s.finalise(cid, pack1(), answers(man()), {}, "dr a");
    }
    ::unlink((file.string() + ".lock").c_str());  // a file left on the disk is not the point here
    const auto before = folder_bytes(t.path);

    const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
    const std::string dir = quote(t.path.string());
    const std::string inner = "mount --bind " + dir + " " + dir + " && mount -o remount,bind,ro " + dir +
                              " && HC_RO_DIR=" + dir + " exec " + quote(self) + " " + quote(kChildName);
    const std::string cmd = "unshare --mount --propagation private sh -c " + quote(inner) + " >" +
                            quote((out / "child.log").string()) + " 2>&1";
    const int status = std::system(cmd.c_str());
    INFO(file_bytes(out / "child.log"));
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(file_bytes(out / "child.log").find("All tests passed") != std::string::npos);
    CHECK(folder_bytes(t.path) == before);  // no -wal, -shm or .lock appeared either
}

// Runs only inside the namespace made above (hidden from the normal run by the "." tag).
TEST_CASE(kChildName, "[.][readonly_child]") {
    const char* dir = std::getenv("HC_RO_DIR");
    REQUIRE(dir != nullptr);
    const std::filesystem::path file = std::filesystem::path(dir) / "c.db";
    // The mount really is read-only for us, root or not.
    const int fd = ::open(file.c_str(), O_WRONLY);
    REQUIRE(fd < 0);
    REQUIRE(errno == EROFS);

    // Opening to write: refused at open, nothing created.
    refused("open for writing", [&] { Store::open(file); });
    OpenOptions shared;
    shared.lock = OpenOptions::Lock::Shared;
    refused("open for writing, CLI lock", [&] { Store::open(file, shared); });
    refused("a new file on the read-only disk", [&] { Store::open(std::filesystem::path(dir) / "new.db"); });

    // Opening read-only: every read works, every write is refused.
    OpenOptions ro;
    ro.read_only = true;
    ro.lock = OpenOptions::Lock::Shared;
    Store s = Store::open(file, ro);
    const Page page = s.list({});
    REQUIRE(page.rows.size() == 1);
    const ConsultationId cid = page.rows[0].id;
    const Consultation c = s.open_consultation(cid, "dr b");  // the "opened" audit row is skipped
    CHECK(c.patient.name == "Ro Example");
    CHECK(c.summary.status == Status::Completed);
    CHECK(s.integrity_check() == "ok");
    CHECK(s.checkpoint());  // a no-op, not an error

    refused("add_patient", [&] { s.add_patient({"New", "", ""}); });
    refused("start_consultation", [&] { s.start_consultation(c.patient.id, pack1(), answers(man()), "dr b"); });
    refused("save_draft", [&] { s.autosave(cid, pack1(), answers(man("4")), {}, "dr b"); });
    refused("save", [&] { s.save(cid, pack1(), answers(man("4")), {}, "dr b"); });
    refused("finalise", [&] { s.finalise(cid, pack1(), answers(man("4")), {}, "dr b"); });
    refused("amend", [&] { s.amend(cid, pack1(), answers(man("4")), {}, "dr b", "re-read"); });
    refused("withdraw", [&] { s.withdraw(cid, "dr b", "wrong patient"); });
    // Exports are reads (their audit row is skipped read-only, as for opened).
    nlohmann::json doc = s.export_json(cid, "dr b");
    CHECK(doc["revisions"].size() == 2);
    CHECK(s.export_fhir(cid, pack1(), "dr b")["resourceType"] == "QuestionnaireResponse");
    refused("record", [&] { s.record(AuditAction::Printed, cid, "dr b", "handout"); });
    doc["uid"] = "0123456789abcdef0123456789abcdef";  // a valid file, so only the disk refuses it
    refused("import_json", [&] { s.import_json(doc, pack1(), "dr b"); });
    refused("erase_patient", [&] { s.erase_patient(c.patient.id, "dr b"); });
}
