// The store on a server under crashes (issue 12): a room's program SIGKILLed mid-save, and the
// server itself stopped with `pg_ctl -m immediate` (no shutdown checkpoint: it recovers from
// its log when started again). Children are forked; each reports a revision id on a pipe only
// after the save() that made it returned, so every id the parent reads was acknowledged.
// (A room reading a consultation another room is saving, without a crash: the store contract
// tests, tests/db/store_write_test.cpp, on both backends.)
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <random>

#include "tests/db/test_util.h"
#include "tests/pg/test_server.h"

using namespace hc::db;
using namespace hc::db::test;

namespace {

// One acknowledgement: the revision and which of the two answer sets it holds.
struct Ack {
    std::int64_t revision;
    std::int64_t which;
};

void write_ack(int fd, Ack a) {
    const char* p = reinterpret_cast<const char*>(&a);
    std::size_t left = sizeof a;
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) ::_exit(5);
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

// Every whole record the child wrote before it ended (a torn last one is ignored: not acked).
std::vector<Ack> read_acks(int fd) {
    std::string buf;
    char chunk[4096];
    for (;;) {
        const ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        buf.append(chunk, static_cast<std::size_t>(n));
    }
    std::vector<Ack> out(buf.size() / sizeof(Ack));
    if (!out.empty()) std::memcpy(out.data(), buf.data(), out.size() * sizeof(Ack));
    return out;
}

void sleep_ms(int ms) {
    timespec ts{ms / 1000, (ms % 1000) * 1000000L};
    while (::nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

// The bytes the store keeps for each answer set, from a reference consultation saved once.
struct Expected {
    std::string answers[2], result[2];
};

Expected reference(const std::string& uri, PatientId pid, const hc::Answers (&sets)[2]) {
    Store s = Store::open(uri);
    Expected e;
    for (int w = 0; w < 2; ++w) {
        const auto cid = s.start_consultation(pid, pack1(), sets[w], "reference");
        const Revision r = s.get(cid).latest;
        e.answers[w] = r.answers_json;
        e.result[w] = r.result_json;
    }
    return e;
}

// The child: opens its own Store, takes the lease on `cid` and saves until it is killed (or the
// server goes away: exit 3). `ready` is written once the Store is open.
[[noreturn]] void saving_child(int fd, const std::string& uri, ConsultationId cid, const hc::Answers (&sets)[2],
                               bool lease) {
    try {
        Store s = Store::open(uri);
        if (lease) s.take_lease(cid, "crash room", "dr crash");
        int number = s.get(cid).summary.revision_count;
        write_ack(fd, {-1, -1});
        for (std::int64_t i = 0;; ++i) {
            const int w = static_cast<int>(i % 2);
            const RevisionId id = s.save(cid, pack1(), sets[w], {}, "dr crash", number);
            ++number;
            write_ack(fd, {id, w});
        }
    } catch (const StoreError& e) {
        if (e.kind() != StoreError::Kind::Unreachable) std::fprintf(stderr, "saving program: %s\n", e.what());
        ::_exit(e.kind() == StoreError::Kind::Unreachable ? 3 : 7);
    } catch (...) {
        ::_exit(8);
    }
}

// Every acknowledged revision is there with its bytes; the consultation points at its newest
// revision and its numbers run 1..n without a gap; the server's own invariants hold.
void check_store(const std::string& uri, ConsultationId cid, const std::vector<Ack>& acks, const Expected& e) {
    Store s = Store::open(uri);
    CHECK(s.integrity_check() == "ok");
    std::size_t missing = 0, wrong = 0;
    for (const Ack& a : acks) {
        try {
            const Revision r = s.revision(a.revision);
            if (r.consultation != cid || r.answers_json != e.answers[a.which] || r.result_json != e.result[a.which]) ++wrong;
        } catch (const StoreError&) {
            ++missing;
        }
    }
    CHECK(missing == 0);
    CHECK(wrong == 0);
    const Consultation c = s.get(cid);
    REQUIRE_FALSE(c.revisions.empty());
    RevisionId newest = 0;
    for (std::size_t i = 0; i < c.revisions.size(); ++i) {
        CHECK(c.revisions[i].number == static_cast<int>(i) + 1);
        newest = std::max(newest, c.revisions[i].id);
    }
    CHECK(c.latest.info.id == newest);
    CHECK(c.summary.revision_count == static_cast<int>(c.revisions.size()));
    if (!acks.empty()) CHECK(newest >= acks.back().revision);
}

// One patient with one consultation started at `sets[0]`: what each crash loop saves over.
struct Seeded {
    PatientId pid = 0;
    ConsultationId cid = 0;
};
Seeded seed(const std::string& uri, const std::string& name, const hc::Answers& first) {
    Store s = Store::open(uri);
    Seeded out;
    out.pid = s.add_patient({name, "", ""});
    out.cid = s.start_consultation(out.pid, pack1(), first, "crash");
    return out;
}

}  // namespace

TEST_CASE("a room's program SIGKILLed mid-save: every acknowledged save is there, no lease left behind",
          "[pg][crash]") {
    const std::string uri = hc::test_server::fresh_db("hc_crash_client_" + std::to_string(::getpid()));
    const hc::Answers sets[2] = {answers(man("3")), answers(man("4"))};
    const auto [pid, cid] = seed(uri, "Crash Client", sets[0]);
    const Expected e = reference(uri, pid, sets);
    std::mt19937 rng(20261201u);
    std::uniform_int_distribution<int> delay(1, 40);
    std::vector<Ack> all;
    const int rounds = 150;
    int lease_waits = 0;
    std::int64_t dead_rows = 0;
    for (int k = 0; k < rounds; ++k) {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            ::close(fds[0]);
            saving_child(fds[1], uri, cid, sets, true);
        }
        ::close(fds[1]);
        Ack ready{};
        REQUIRE(::read(fds[0], &ready, sizeof ready) == static_cast<ssize_t>(sizeof ready));
        REQUIRE(ready.revision == -1);
        sleep_ms(delay(rng));
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
        REQUIRE(WIFSIGNALED(status));  // it never stopped on its own (a refused save would)
        const auto acks = read_acks(fds[0]);
        ::close(fds[0]);
        all.insert(all.end(), acks.begin(), acks.end());
        check_store(uri, cid, acks, e);
        // The dead program's session ends once the server notices its socket closed (at once
        // when idle, after the statement in flight otherwise): its lease goes with it.
        Store s = Store::open(uri);
        const auto t0 = std::chrono::steady_clock::now();
        while (s.lease_of(cid) && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5)) {
            ++lease_waits;
            sleep_ms(10);
        }
        REQUIRE_FALSE(s.lease_of(cid));
        // The dead program's row is still in the table (nobody released it): what frees the
        // consultation is the liveness check, which this round exercised.
        hc::db::PgConnection admin(uri);
        dead_rows += sql::query_int64(admin, "SELECT count(*) FROM leases WHERE consultation_id = " + std::to_string(cid));
    }
    check_store(uri, cid, all, e);
    REQUIRE(all.size() > 100);
    CHECK(dead_rows == rounds);
    WARN("client kills: " << rounds << " rounds, " << all.size() << " acknowledged saves, all present; "
                          << dead_rows << " dead leases left as rows and none alive; " << lease_waits
                          << " waits of 10 ms for a dead session to end");
}

TEST_CASE("the server stopped with pg_ctl -m immediate mid-save: no acknowledged save is lost", "[pg][crash]") {
    hc::test_support::TempDir t("hc-pg-crash");
    const std::string dir = (t / "cluster").string();
    const std::string script = std::string(HC_SOURCE_DIR) + "/tests/pg/cluster";
    std::string uri;
    {
        std::FILE* p = ::popen(("bash " + hc::test_support::quote(script) + " start " + hc::test_support::quote(dir)).c_str(), "r");
        REQUIRE(p);
        char line[4096] = {};
        const bool got = std::fgets(line, sizeof line, p) != nullptr;
        ::pclose(p);
        REQUIRE(got);
        uri = line;
        while (!uri.empty() && (uri.back() == '\n' || uri.back() == '\r')) uri.pop_back();
    }
    // Where the script put the cluster (tests/pg/cluster: DIR, or the folder DIR/home names).
    std::string home = dir;
    if (std::ifstream h(dir + "/home"); h) std::getline(h, home);
    // As the script runs the server: as `postgres` when we are root.
    const std::string as_server = ::getuid() == 0 ? "runuser -u postgres -- " : "";
    const std::string pg_ctl = as_server + "/usr/lib/postgresql/15/bin/pg_ctl -D " + hc::test_support::quote(home + "/data");
    const std::string stop = pg_ctl + " -m immediate -w stop >/dev/null";
    const std::string start = pg_ctl + " -l " + hc::test_support::quote(home + "/server.log") + " -w -t 60 -o " +
                              hc::test_support::quote("-c listen_addresses='' -c unix_socket_directories='" + home + "' -c fsync=on") +
                              " start >/dev/null";
    struct Cleanup {
        std::string cmd;
        ~Cleanup() { (void)std::system(cmd.c_str()); }
    } cleanup{"bash " + hc::test_support::quote(script) + " stop " + hc::test_support::quote(dir)};

    const hc::Answers sets[2] = {answers(man("3")), answers(man("4"))};
    const auto [pid, cid] = seed(uri, "Crash Server", sets[0]);
    const Expected e = reference(uri, pid, sets);
    std::mt19937 rng(20261202u);
    std::uniform_int_distribution<int> delay(50, 400);
    std::vector<Ack> all;
    const int rounds = 8;
    int unreachable = 0;
    for (int k = 0; k < rounds; ++k) {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            ::close(fds[0]);
            saving_child(fds[1], uri, cid, sets, false);
        }
        ::close(fds[1]);
        Ack ready{};
        REQUIRE(::read(fds[0], &ready, sizeof ready) == static_cast<ssize_t>(sizeof ready));
        sleep_ms(delay(rng));
        REQUIRE(std::system(stop.c_str()) == 0);
        // The child's next call finds the server gone: Unreachable, exit 3. Should it hang
        // anyway, it is killed after 10 s and the test says so.
        int status = 0;
        for (int waited = 0; ::waitpid(child, &status, WNOHANG) == 0; waited += 10) {
            if (waited > 10000) {
                ::kill(child, SIGKILL);
                ::waitpid(child, &status, 0);
                FAIL("the saving program did not notice the server had gone within 10 s");
            }
            sleep_ms(10);
        }
        INFO("the saving program ended with " << (WIFEXITED(status) ? "exit " + std::to_string(WEXITSTATUS(status))
                                                                       : "signal " + std::to_string(WTERMSIG(status)))
                                                 << " (3: Unreachable, 7: another store error, 8: another exception)");
        CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 3));
        unreachable += WIFEXITED(status) && WEXITSTATUS(status) == 3;
        const auto acks = read_acks(fds[0]);
        ::close(fds[0]);
        all.insert(all.end(), acks.begin(), acks.end());
        REQUIRE(std::system(start.c_str()) == 0);  // crash recovery from the server's log
        check_store(uri, cid, acks, e);
    }
    check_store(uri, cid, all, e);
    REQUIRE(all.size() > 20);
    WARN("server kills: " << rounds << " rounds, " << all.size() << " acknowledged saves, 0 lost; "
                          << unreachable << " children told Unreachable");
}
