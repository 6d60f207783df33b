// The store under SIGKILL, two writing processes, and a file-size limit (RLIMIT_FSIZE).
// Children are forked; each reports an id on a pipe only after the call that saved it returned.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cerrno>
#include <random>
#include <cstring>
#include <set>

#include "test_util.h"

using namespace hc::db;
using namespace hc::db::test;
using K = StoreError::Kind;
using nlohmann::json;

namespace {

void write_id(int fd, std::int64_t id) {
    const char* p = reinterpret_cast<const char*>(&id);
    std::size_t left = sizeof id;
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) ::_exit(5);
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

// Every whole id the child reported before it ended (a torn last record is ignored).
std::vector<std::int64_t> read_ids(int fd) {
    std::string buf;
    char chunk[4096];
    for (;;) {
        const ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        buf.append(chunk, static_cast<std::size_t>(n));
    }
    std::vector<std::int64_t> ids(buf.size() / sizeof(std::int64_t));
    // A child killed before its first save reported nothing (memcpy must not see a null pointer).
    if (!ids.empty()) std::memcpy(ids.data(), buf.data(), ids.size() * sizeof(std::int64_t));
    return ids;
}

void sleep_ms(int ms) {
    timespec ts{ms / 1000, (ms % 1000) * 1000000L};
    while (::nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

OpenOptions cli_options() {
    OpenOptions o;
    o.lock = OpenOptions::Lock::Shared;
    return o;
}

}  // namespace

TEST_CASE("SIGKILL at random moments: nothing acknowledged is lost, the file stays sound", "[db][crash]") {
    TempDir t;
    const auto file = t / "crash.db";
    PatientId pid = 0;
    {
        Store s = Store::open(file);
        pid = s.add_patient({"Crash Test", "", ""});
    }
    const hc::Answers a = answers(man());
    (void)pack1();
    std::mt19937 rng(20261101u);
    std::uniform_int_distribution<int> delay(1, 21);
    std::set<std::int64_t> acked;
    const int kills = 250;
    for (int k = 0; k < kills; ++k) {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            ::close(fds[0]);
            try {
                Store s = Store::open(file);
                write_id(fds[1], -1);  // open: the clock starts now
                for (;;) {
                    const auto id = s.start_consultation(pid, pack1(), a, "crash");
                    write_id(fds[1], id);
                }
            } catch (...) {
                ::_exit(7);
            }
        }
        ::close(fds[1]);
        std::int64_t ready = 0;
        REQUIRE(::read(fds[0], &ready, sizeof ready) == static_cast<ssize_t>(sizeof ready));
        REQUIRE(ready == -1);
        sleep_ms(delay(rng));
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
        REQUIRE(WIFSIGNALED(status));  // it never failed on its own
        for (auto id : read_ids(fds[0])) acked.insert(id);
        ::close(fds[0]);
        // Saves never checkpoint and a killed writer cannot: now and then the log is copied back
        // into the file between kills, as the app does when idle, so the log (which every open
        // reads in full after a crash) stays the size a clinic would see.
        if (k % 50 == 49) Store::open(file).checkpoint();
    }
    Store s = Store::open(file);
    CHECK(s.integrity_check() == "ok");
    REQUIRE(acked.size() > 100);
    std::size_t present = 0;
    for (auto id : acked) {
        const Consultation c = s.get(id);
        if (c.revisions.size() == 1 && !c.latest.result_json.empty()) ++present;
    }
    CHECK(present == acked.size());
    // No torn consultation anywhere: every one has its revision and tags' headline.
    std::size_t rows = 0;
    std::optional<PageCursor> cur;
    do {
        const Page p = s.list({}, cur, 500);
        for (const auto& r : p.rows) {
            CHECK(r.revision_count == 1);
            CHECK(r.headline_ids == std::vector<std::string>{"androgenetic_alopecia_male"});
        }
        rows += p.rows.size();
        cur = p.next;
    } while (cur);
    CHECK(rows >= acked.size());
    WARN("kills " << kills << ", acknowledged saves " << acked.size() << ", rows " << rows);
}

TEST_CASE("two processes writing the same file at once: no error, nothing lost", "[db][concurrency]") {
    TempDir t;
    const auto file = t / "two.db";
    PatientId pid = 0;
    {
        Store s = Store::open(file);
        pid = s.add_patient({"Two Writers", "", ""});
    }
    const hc::Answers a = answers(man());
    const hc::Answers b = answers(man("4"));
    (void)pack1();
    const int per_child = 150;
    struct Child {
        pid_t pid;
        int fd;
    };
    std::vector<Child> children;
    for (int c = 0; c < 2; ++c) {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            ::close(fds[0]);
            try {
                Store s = Store::open(file, cli_options());
                for (int i = 0; i < per_child; ++i) {
                    const auto id = s.start_consultation(pid, pack1(), a, "writer");
                    s.save(id, pack1(), b, {}, "writer");
                    write_id(fds[1], id);
                }
            } catch (...) {
                ::_exit(1);
            }
            ::_exit(0);
        }
        ::close(fds[1]);
        children.push_back({child, fds[0]});
    }
    std::set<std::int64_t> ids;
    for (const auto& c : children) {
        for (auto id : read_ids(c.fd)) ids.insert(id);
        ::close(c.fd);
        int status = 0;
        ::waitpid(c.pid, &status, 0);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    CHECK(ids.size() == 2u * per_child);
    Store s = Store::open(file);
    CHECK(s.integrity_check() == "ok");
    for (auto id : ids) CHECK(s.get(id).revisions.size() == 2);
}

TEST_CASE("a file-size limit (RLIMIT_FSIZE) mid-save: clear error, earlier saves intact", "[db][diskfull]") {
    TempDir t;
    const auto file = t / "fsize.db";
    PatientId pid = 0;
    {
        Store s = Store::open(file);
        pid = s.add_patient({"Size Limit", "", ""});
    }
    json doc = man();
    doc["clinician_notes"] = std::string(4000, 'z');
    const hc::Answers a = answers(doc);
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::close(fds[0]);
        ::signal(SIGXFSZ, SIG_IGN);
        rlimit lim{};
        lim.rlim_cur = lim.rlim_max = 256 * 1024;
        ::setrlimit(RLIMIT_FSIZE, &lim);
        try {
            Store s = Store::open(file, cli_options());
            for (int i = 0; i < 100000; ++i) write_id(fds[1], s.start_consultation(pid, pack1(), a, "fsize"));
            ::_exit(2);  // never hit the limit
        } catch (const StoreError& e) {
            ::_exit(e.kind() == K::Io || e.kind() == K::DiskFull ? 0 : 3);
        } catch (...) {
            ::_exit(4);
        }
    }
    ::close(fds[1]);
    const auto ids = read_ids(fds[0]);
    ::close(fds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    REQUIRE_FALSE(ids.empty());
    Store s = Store::open(file);
    CHECK(s.integrity_check() == "ok");
    for (auto id : ids) CHECK(s.get(id).revisions.size() == 1);
}
