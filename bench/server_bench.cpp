// server_bench [--db URI] [--rows N] [--saves N] [--paced N] [--pace MS] [--reads N] [--copy N] [--pack DIR] [--keep]: the store on a
// PostgreSQL server at 1,000,000 consultations (issue 12). Without --db it starts a private
// cluster of its own (tests/pg/cluster, fsync on) in a temp folder and stops it at the end.
// The rows are made on the server with INSERT ... SELECT FROM generate_series in the real schema
// (the API would commit a million times), then every figure is taken through the Store API:
// saves with 1, 4 and 8 rooms at once (a thread and a connection each), back to back (--saves N,
// the stress figure) and at a clinic's pace (--paced N saves per room, one every 250 ms and then
// one every 1 s on average: 200 per room take 50 s and 200 s for each of 1, 4 and 8 rooms), list
// pages, name search, how long another room takes to see a save (ChangeFeed), and copy_store from
// a file. --saves 0 / --paced 0 leave those saves out, --pace MS paces only at MS, --copy 0 the
// copy; --reads N times each read N times (300). Paced saves also report where their time went
// (on a core or waiting for one, in the room and in the server's processes).
// Aims: save p99 < 10 ms at 8 rooms, list/search p99 < 10 ms at 1M, feed delay < 1 s.
#include <SQLiteCpp/SQLiteCpp.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <atomic>
#include <barrier>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_common.h"
#include "db/internal.h"  // fold_for_search, SearchIndexer: search rows exactly as the store writes them
#include "db/postgres/connection.h"
#include "db/postgres/schema.h"
#include "db/sqlite/connection.h"
#include "db/store.h"
#include "engine/evaluate.h"
#include "engine/result.h"

using namespace hc::db;
using nlohmann::json;
using namespace hc::bench;

namespace {

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

struct Template {
    hc::Answers answers;
    std::string answers_json, result_json, headline;
    json result;
};

// An SQL text array literal; `fold` puts each element through the store's own search folding.
std::string sql_array(const char* const* items, std::size_t n, bool fold) {
    std::string out = "ARRAY[";
    for (std::size_t i = 0; i < n; ++i) {
        std::string v = fold ? fold_for_search(items[i]) : std::string(items[i]);
        out += (i ? ",'" : "'") + v + "'";  // no quotes in the names above
    }
    return out + "]::text[]";
}

std::string with_db(const std::string& uri, const std::string& db) {
    const auto start = uri.find('/', uri.find("://") + 3);
    const auto end = uri.find('?');
    const std::string tail = end == std::string::npos ? "" : uri.substr(end);
    if (start == std::string::npos || (end != std::string::npos && start > end)) return uri.substr(0, end) + "/" + db + tail;
    return uri.substr(0, start + 1) + db + tail;
}

// Fills the (empty, freshly migrated) database with `rows` consultations, 2 in 5 patients
// having one each; ids as the store would give them. Indexes other than the keys are dropped
// for the load and made again after it (CREATE INDEX sorts once; a million single inserts into
// trigram GIN indexes would take far longer), and foreign keys are not checked row by row when
// the login may say so (session_replication_role): every row is made consistent here.
void build(const std::string& uri, const hc::Pack& pack, const std::vector<Template>& ts, long rows) {
    PgConnection c(uri);
    const long patients = std::max(1L, rows * 2 / 5);
    auto step = [&](const char* what, const std::string& sql) {
        const auto t0 = Clock::now();
        c.exec(sql);
        std::printf("  build: %-40s %7.1f s\n", what, ms_since(t0) / 1000.0);
        std::fflush(stdout);
    };
    c.exec("SET maintenance_work_mem = '256MB'");
    c.exec("SET synchronous_commit = off");  // the load only; the store's own commits are synchronous
    try {
        c.exec("SET session_replication_role = replica");
    } catch (const StoreError&) {
        std::printf("  build: this login may not skip foreign-key checks; loading with them\n");
    }
    std::vector<std::string> recreate;
    {
        sql::Statement q(c, "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN "
                            "('patients','consultations','revisions','consultation_tags','patient_search','patient_grams') "
                            "AND indexdef NOT LIKE '%UNIQUE%'");
        std::vector<std::string> names;
        while (q.step()) {
            names.push_back(q.text(0));
            recreate.push_back(q.text(1));
        }
        for (const auto& n : names) c.exec("DROP INDEX " + n);
    }
    c.exec("CREATE TEMP TABLE tmpl(k int PRIMARY KEY, answers text, result text, headline text)");
    c.exec("CREATE TEMP TABLE tmpl_tags(k int, kind text, tag text, verdict text)");
    for (std::size_t k = 0; k < ts.size(); ++k) {
        sql::Statement(c, "INSERT INTO tmpl VALUES(?,?,?,?)")
            .bind(1, static_cast<int>(k)).bind(2, ts[k].answers_json).bind(3, ts[k].result_json).bind(4, ts[k].headline)
            .run();
        auto tag = [&](const char* kind, const std::string& id, const std::string& v) {
            sql::Statement(c, "INSERT INTO tmpl_tags VALUES(?,?,?,?)").bind(1, static_cast<int>(k)).bind(2, kind).bind(3, id).bind(4, v).run();
        };
        for (const auto& a : ts[k].result["assessments"]) tag("a", a["id"], a["likelihood"]);
        for (const auto& o : ts[k].result["options"]) tag("o", o["id"], o["verdict"]);
        for (const auto& x : ts[k].result["red_flags"]) tag("r", x["id"], "");
    }
    const std::string P = std::to_string(patients), N = std::to_string(rows), K = std::to_string(ts.size());
    const std::string nf = std::to_string(std::size(kFirst)), nl = std::to_string(std::size(kLast));
    // Names spread by a hash of the id: "James Smith-17" (1 in 41 is a Smith), folded alike.
    const std::string pick =
        "SELECT i, 1 + abs(hashint8(i)) % " + nf + " AS f, 1 + abs(hashint8(i + 7777777)) % " + nl + " AS l "
        "FROM generate_series(1, " + P + ") i";
    step("patients", "INSERT INTO patients(id, name, record_number, birth_date, created_at) "
                     "SELECT i, (" + sql_array(kFirst, std::size(kFirst), false) + ")[f] || ' ' || (" +
                         sql_array(kLast, std::size(kLast), false) + ")[l] || '-' || i, 'MRN' || (100000 + i), "
                         "'1980-01-01', '2020-09-13T12:26:40.000Z' FROM (" + pick + ") g");
    step("patient_search", "INSERT INTO patient_search(rowid, name, record_number) "
                           "SELECT i, (" + sql_array(kFirst, std::size(kFirst), true) + ")[f] || ' ' || (" +
                               sql_array(kLast, std::size(kLast), true) + ")[l] || '-' || i, 'mrn' || (100000 + i) "
                               "FROM (" + pick + ") g");
    // Every distinct one- and two-character piece of both folded texts (db/search_index.cpp).
    step("patient_grams", "INSERT INTO patient_grams(gram, patient_id) SELECT x.gram, s.rowid FROM patient_search s "
                          "CROSS JOIN LATERAL (SELECT DISTINCT substr(t, k, n) AS gram "
                          "FROM unnest(ARRAY[s.name, s.record_number]) t, generate_series(1, char_length(t)) k, "
                          "(VALUES (1), (2)) v(n) WHERE k + n - 1 <= char_length(t)) x");
    // Five years of consultations, newest last; 80% completed, 10% amended, 8% open, 2% withdrawn.
    const std::string spacing = std::to_string(std::max(1L, 157680000L / rows));
    step("consultations",
         "INSERT INTO consultations(id, uid, patient_id, status, started_at, updated_at, finalised_at, latest_revision, "
         "revision_count, pack_id, pack_version, headline) "
         "SELECT i, lpad(to_hex(i), 32, '0'), 1 + abs(hashint8(i + 99)) % " + P + ", "
         "CASE WHEN r < 80 THEN 'completed' WHEN r < 90 THEN 'amended' WHEN r < 98 THEN 'in-progress' ELSE 'entered-in-error' END, "
         "at, at, at, i, 1, " + "'" + pack.id + "', '" + pack.version + "', t.headline "
         "FROM (SELECT i, abs(hashint8(i + 5)) % 100 AS r, to_char(to_timestamp(1600000000 + i * " + spacing +
             ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || '.' || lpad((i % 1000)::text, 3, '0') || 'Z' AS at "
             "FROM generate_series(1, " + N + ") i) g JOIN tmpl t ON t.k = g.i % " + K);
    step("revisions",
         "INSERT INTO revisions(id, consultation_id, number, status, answers, result, overrides, pack_id, pack_version, "
         "author, reason, created_at) SELECT c.id, c.id, 1, CASE WHEN c.status = 'entered-in-error' THEN 'completed' "
         "ELSE c.status END, t.answers, t.result, '[]', c.pack_id, c.pack_version, 'dr bench', '', c.started_at "
         "FROM consultations c JOIN tmpl t ON t.k = c.id % " + K);
    step("consultation_tags", "INSERT INTO consultation_tags(kind, tag, consultation_id, verdict) "
                              "SELECT t.kind, t.tag, i, t.verdict FROM generate_series(1, " + N + ") i "
                              "JOIN tmpl_tags t ON t.k = i % " + K);
    c.exec("RESET session_replication_role");
    for (const auto& def : recreate) step(def.substr(13, def.find(" ON ") - 13).c_str(), def);
    pg::advance_id_sequences(c);
    // As a database in use would be after autovacuum: statistics, hint bits, visibility map.
    step("VACUUM ANALYZE", "VACUUM ANALYZE");
}

// A file with `rows` consultations for copy_store, made as bench/db_bench.cpp makes its file.
void build_file(const std::filesystem::path& file, const hc::Pack& pack, const std::vector<Template>& ts, int rows) {
    { Store s = Store::open(file); }
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA synchronous = OFF");
    SQLite::Transaction tx(db);
    const int patients = std::max(1, rows * 2 / 5);
    std::mt19937 rng(7);
    SQLite::Statement p(db, "INSERT INTO patients(id, name, record_number, birth_date, created_at) VALUES(?,?,?,?,?)");
    SqliteConnection conn(db, db.getFilename());
    SearchIndexer search(conn);
    for (int i = 1; i <= patients; ++i) {
        const std::string name = std::string(kFirst[rng() % std::size(kFirst)]) + " " + kLast[rng() % std::size(kLast)] + "-" + std::to_string(i);
        const std::string rn = "MRN" + std::to_string(100000 + i);
        p.bind(1, i); p.bind(2, name); p.bind(3, rn); p.bind(4, "1980-01-01"); p.bind(5, "2020-09-13T12:26:40.000Z");
        p.exec(); p.reset();
        search.add(i, name, rn);
    }
    SQLite::Statement c(db, "INSERT INTO consultations(id, uid, patient_id, status, started_at, updated_at, finalised_at, "
                            "latest_revision, revision_count, pack_id, pack_version, headline) VALUES(?,?,?,'completed',?,?,?,?,1,?,?,?)");
    SQLite::Statement r(db, "INSERT INTO revisions(id, consultation_id, number, status, answers, result, overrides, pack_id, "
                            "pack_version, author, reason, created_at) VALUES(?,?,1,'completed',?,?,'[]',?,?,'dr bench','',?)");
    SQLite::Statement tg(db, "INSERT INTO consultation_tags(kind, tag, consultation_id, verdict) VALUES(?,?,?,?)");
    for (int i = 1; i <= rows; ++i) {
        const Template& t = ts[static_cast<std::size_t>(i) % ts.size()];
        char uid[40], at[40];
        std::snprintf(uid, sizeof uid, "%032x", i);
        std::snprintf(at, sizeof at, "2021-%02d-%02dT10:%02d:%02d.%03dZ", 1 + i % 12, 1 + i % 28, i % 60, (i / 60) % 60, i % 1000);
        c.bind(1, i); c.bind(2, uid); c.bind(3, 1 + static_cast<int>(rng() % static_cast<unsigned>(patients)));
        c.bind(4, at); c.bind(5, at); c.bind(6, at); c.bind(7, i); c.bind(8, pack.id); c.bind(9, pack.version);
        c.bind(10, t.headline);
        c.exec(); c.reset();
        r.bind(1, i); r.bind(2, i); r.bind(3, t.answers_json); r.bind(4, t.result_json); r.bind(5, pack.id);
        r.bind(6, pack.version); r.bind(7, at);
        r.exec(); r.reset();
        auto tag = [&](const char* kind, const std::string& id, const std::string& v) {
            tg.bind(1, kind); tg.bind(2, id); tg.bind(3, i); tg.bind(4, v);
            tg.exec(); tg.reset();
        };
        for (const auto& a : t.result["assessments"]) tag("a", a["id"], a["likelihood"]);
        for (const auto& o : t.result["options"]) tag("o", o["id"], o["verdict"]);
        for (const auto& x : t.result["red_flags"]) tag("r", x["id"], "");
    }
    tx.commit();
}

// `rooms` threads, each with a Store of its own (its own connection) and a consultation of its
// own, save `per_room` revisions back to back, all starting together: the worst a clinic's
// rooms could do, far denser than clinicians typing.
void rooms_saving(const std::string& uri, const hc::Pack& pack, const std::vector<Template>& ts, int rooms, int per_room) {
    std::vector<std::vector<double>> us(static_cast<std::size_t>(rooms));
    std::barrier start(rooms);
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    const auto t0 = Clock::now();
    for (int r = 0; r < rooms; ++r) {
        threads.emplace_back([&, r] {
            try {
                Store s = Store::open(uri);
                const auto pid = s.add_patient({"Room Saver " + std::to_string(r), "", ""});
                const auto cid = s.start_consultation(pid, pack, ts[0].answers, "dr bench");
                int number = 1;
                start.arrive_and_wait();
                for (int i = 0; i < per_room; ++i) {
                    const auto t1 = Clock::now();
                    s.save(cid, pack, ts[static_cast<std::size_t>(i + 1) % ts.size()].answers, {}, "dr bench", number);
                    us[static_cast<std::size_t>(r)].push_back(std::chrono::duration<double, std::micro>(Clock::now() - t1).count());
                    ++number;
                }
            } catch (const std::exception& e) {
                std::fprintf(stderr, "room %d: %s\n", r, e.what());
                ++failures;
                start.arrive_and_drop();
            }
        });
    }
    for (auto& t : threads) t.join();
    const double secs = ms_since(t0) / 1000.0;
    std::vector<double> all;
    for (const auto& v : us) all.insert(all.end(), v.begin(), v.end());
    report("save, " + std::to_string(rooms) + " room(s) at once", all);
    std::printf("  %.0f saves/s in all%s\n", static_cast<double>(all.size()) / secs,
                failures ? (", " + std::to_string(failures.load()) + " room(s) FAILED").c_str() : "");
}

// Where a paced save's time goes, from the kernel's per-thread accounting (/proc schedstat:
// nanoseconds on a core, nanoseconds runnable but waiting for one): a save that is slow because
// the machine's cores are busy shows as waiting, one slow on the server or its disk does not.
struct Sched {
    double cpu_us = 0, wait_us = 0;
};
Sched sched_of(const std::string& file) {
    Sched out;
    if (std::FILE* f = std::fopen(file.c_str(), "r")) {
        unsigned long long cpu = 0, wait = 0;
        if (std::fscanf(f, "%llu %llu", &cpu, &wait) == 2) out = {static_cast<double>(cpu) / 1000.0, static_cast<double>(wait) / 1000.0};
        std::fclose(f);
    }
    return out;
}

// The parent of the process whose /proc folder is `proc`; 0 when it cannot be read.
int parent_of(const std::filesystem::path& proc) {
    std::FILE* f = std::fopen((proc / "stat").c_str(), "r");
    if (!f) return 0;
    int pid = 0, ppid = 0;
    char state = 0;
    const bool ok = std::fscanf(f, "%d %*s %c %d", &pid, &state, &ppid) == 3;
    std::fclose(f);
    return ok ? ppid : 0;
}

// The server's processes (the postmaster's children, when it runs on this machine: the rooms'
// backends, the WAL writer, checkpointer and autovacuum): their schedstat summed, each process
// counted by the last figure seen while it lived. Sampling starts with the rooms, so their
// opening and first consultation (a few ms against 200 saves) are counted in too.
struct ServerSched {
    int postmaster = 0;
    std::map<int, Sched> first, last;
    void sample() {
        if (!postmaster) return;
        for (const auto& e : std::filesystem::directory_iterator("/proc")) {
            const std::string name = e.path().filename().string();
            if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
            if (parent_of(e.path()) != postmaster) continue;
            const int pid = std::stoi(name);
            const Sched now = sched_of((e.path() / "schedstat").string());
            first.try_emplace(pid, now);
            last[pid] = now;
        }
    }
    Sched used() const {
        Sched out;
        for (const auto& [pid, l] : last) {
            const Sched& f = first.at(pid);
            out.cpu_us += l.cpu_us - f.cpu_us;
            out.wait_us += l.wait_us - f.wait_us;
        }
        return out;
    }
};

int postmaster_of(const std::string& uri) {
    try {
        PgConnection c(uri);
        // 0 when the server is on another machine (no such process here).
        return parent_of(std::filesystem::path("/proc") / std::to_string(sql::query_int64(c, "SELECT pg_backend_pid()")));
    } catch (const std::exception&) {
        return 0;
    }
}

// `rooms` threads, each with a Store of its own (its own connection) and a consultation of its
// own, each saving `per_room` revisions at a clinic's pace: one save every `pace_ms` on average,
// each gap drawn between half and one and a half times the pace (autosave after a pause in
// typing comes at no fixed beat), the rooms starting at random points of the first gap so they
// do not save in step. A save that overruns its gap is followed at once by the next. This is the
// figure the 8-room aim is about; rooms_saving above is the stress figure.
void rooms_paced(const std::string& uri, const hc::Pack& pack, const std::vector<Template>& ts, int rooms, int per_room,
                 int pace_ms) {
    std::vector<std::vector<double>> us(static_cast<std::size_t>(rooms)), cpu(us.size()), wait(us.size());
    std::barrier start(rooms);
    std::atomic<int> failures{0}, running{rooms};
    std::vector<std::thread> threads;
    ServerSched server;
    server.postmaster = postmaster_of(uri);
    const auto t0 = Clock::now();
    for (int r = 0; r < rooms; ++r) {
        threads.emplace_back([&, r] {
            struct Done {
                std::atomic<int>& n;
                ~Done() { --n; }
            } done{running};
            try {
                std::mt19937 rng(static_cast<unsigned>(1000 * rooms + pace_ms + r));
                std::uniform_real_distribution<double> gap(0.5 * pace_ms, 1.5 * pace_ms), first(0.0, pace_ms);
                Store s = Store::open(uri);
                const auto pid = s.add_patient({"Room Paced " + std::to_string(r), "", ""});
                const auto cid = s.start_consultation(pid, pack, ts[0].answers, "dr bench");
                int number = 1;
                start.arrive_and_wait();
                auto next = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double, std::milli>(first(rng)));
                for (int i = 0; i < per_room; ++i) {
                    std::this_thread::sleep_until(next);
                    const Sched k0 = sched_of("/proc/thread-self/schedstat");
                    const auto t1 = Clock::now();
                    s.save(cid, pack, ts[static_cast<std::size_t>(i + 1) % ts.size()].answers, {}, "dr bench", number);
                    us[static_cast<std::size_t>(r)].push_back(std::chrono::duration<double, std::micro>(Clock::now() - t1).count());
                    const Sched k1 = sched_of("/proc/thread-self/schedstat");
                    cpu[static_cast<std::size_t>(r)].push_back(k1.cpu_us - k0.cpu_us);
                    wait[static_cast<std::size_t>(r)].push_back(k1.wait_us - k0.wait_us);
                    ++number;
                    next = t1 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double, std::milli>(gap(rng)));
                }
            } catch (const std::exception& e) {
                std::fprintf(stderr, "room %d: %s\n", r, e.what());
                ++failures;
                start.arrive_and_drop();
            }
        });
    }
    while (running > 0) {  // the rooms' server processes, sampled while they live
        server.sample();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    for (auto& t : threads) t.join();
    const double secs = ms_since(t0) / 1000.0;
    std::vector<double> all, all_cpu, all_wait, slow_cpu, slow_wait;
    for (std::size_t r = 0; r < us.size(); ++r) {
        all.insert(all.end(), us[r].begin(), us[r].end());
        all_cpu.insert(all_cpu.end(), cpu[r].begin(), cpu[r].end());
        all_wait.insert(all_wait.end(), wait[r].begin(), wait[r].end());
    }
    report("save, " + std::to_string(rooms) + " room(s), 1 per " + std::to_string(pace_ms) + " ms each", all);
    std::printf("  %.1f saves/s in all%s\n", static_cast<double>(all.size()) / secs,
                failures ? (", " + std::to_string(failures.load()) + " room(s) FAILED").c_str() : "");
    if (all.empty()) return;
    const double p99 = percentile(all, 0.99);
    for (std::size_t i = 0; i < all.size(); ++i)
        if (all[i] >= p99) {
            slow_cpu.push_back(all_cpu[i]);
            slow_wait.push_back(all_wait[i]);
        }
    auto mean = [](const std::vector<double>& v) {
        double t = 0;
        for (const double x : v) t += x;
        return v.empty() ? 0.0 : t / static_cast<double>(v.size()) / 1000.0;
    };
    std::printf("  room thread: on a core p50 %.2f / p99 %.2f ms, waiting for a core p50 %.2f / p99 %.2f ms; "
                "the slowest 1%% (%zu): on a core %.2f, waiting %.2f ms on average\n",
                percentile(all_cpu, 0.5) / 1000.0, percentile(all_cpu, 0.99) / 1000.0, percentile(all_wait, 0.5) / 1000.0,
                percentile(all_wait, 0.99) / 1000.0, slow_cpu.size(), mean(slow_cpu), mean(slow_wait));
    if (server.postmaster) {
        const Sched u = server.used();
        std::printf("  server processes, per save: on a core %.2f ms, waiting for a core %.2f ms\n",
                    u.cpu_us / 1000.0 / static_cast<double>(all.size()), u.wait_us / 1000.0 / static_cast<double>(all.size()));
    }
}

// From save() returning in one room to wait() returning in another.
void feed_delay(const std::string& uri, const hc::Pack& pack, const std::vector<Template>& ts, int n) {
    Store saver = Store::open(uri);
    Store watcher = Store::open(uri);
    auto feed = watcher.open_change_feed();
    const auto pid = saver.add_patient({"Feed Saver", "", ""});
    const auto cid = saver.start_consultation(pid, pack, ts[0].answers, "dr bench");
    std::mutex m;
    std::condition_variable cv;
    std::vector<Clock::time_point> seen;
    std::atomic<bool> done{false};
    std::thread w([&] {
        while (!done) {
            for (const Change& ch : feed->wait(1000)) {
                if (ch.kind != Change::Kind::Saved || ch.consultation != cid) continue;
                std::lock_guard<std::mutex> lock(m);
                seen.push_back(Clock::now());
                cv.notify_all();
            }
        }
    });
    // Let the feed's LISTEN settle and drop what the start made it see.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    { std::lock_guard<std::mutex> lock(m); seen.clear(); }
    std::vector<double> after_return, after_call;
    int lost = 0;
    struct Stop {  // the watcher ends even when a save throws
        std::atomic<bool>& done; ChangeFeed& feed; std::thread& w;
        ~Stop() { done = true; feed.wake(); if (w.joinable()) w.join(); }
    } stop{done, *feed, w};
    for (int i = 0; i < n; ++i) {
        const auto t0 = Clock::now();
        saver.save(cid, pack, ts[static_cast<std::size_t>(i + 1) % ts.size()].answers, {}, "dr bench", i + 1);
        const auto t1 = Clock::now();
        std::unique_lock<std::mutex> lock(m);
        if (!cv.wait_for(lock, std::chrono::seconds(5), [&] { return !seen.empty(); })) {
            ++lost;
            continue;
        }
        const auto t2 = seen.front();
        seen.clear();
        after_return.push_back(std::max(0.0, std::chrono::duration<double, std::micro>(t2 - t1).count()));
        after_call.push_back(std::chrono::duration<double, std::micro>(t2 - t0).count());
        lock.unlock();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    report("another room sees a save: after save() returns", after_return);
    report("another room sees a save: from save() called", after_call);
    if (lost) std::printf("  NOT SEEN within 5 s: %d of %d saves\n", lost, n);
}

}  // namespace

int main(int argc, char** argv) {
    std::filesystem::path pack_dir = hc::default_pack_dir();
    long rows = 1000000;
    int saves = 200, paced = 200, copy_rows = 20000, reads = 300;
    std::vector<int> paces = {250, 1000};
    std::string uri;
    bool keep = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool has = i + 1 < argc;
        if (a == "--db" && has) uri = argv[++i];
        else if (a == "--rows" && has) rows = std::max(1000L, std::stol(argv[++i]));
        else if (a == "--saves" && has) {
            saves = std::stoi(argv[++i]);
            saves = saves > 0 ? std::max(20, saves) : 0;
        }
        else if (a == "--paced" && has) {
            paced = std::stoi(argv[++i]);
            paced = paced > 0 ? std::max(20, paced) : 0;
        }
        else if (a == "--pace" && has) paces = {std::max(10, std::stoi(argv[++i]))};  // only this pace, in ms
        else if (a == "--reads" && has) reads = std::max(10, std::stoi(argv[++i]));
        else if (a == "--copy" && has) copy_rows = std::stoi(argv[++i]);
        else if (a == "--pack" && has) pack_dir = argv[++i];
        else if (a == "--keep") keep = true;  // leave the private cluster running (its folder is printed)
        else {
            std::cerr << "usage: server_bench [--db URI] [--rows N] [--saves N] [--paced N] [--pace MS] [--reads N] [--copy N] [--pack DIR] [--keep]\n";
            return 2;
        }
    }
    std::string cluster;  // our own cluster's folder, when we started one
    std::string tmpl = (std::filesystem::temp_directory_path() / "hc-server-bench-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) {
        std::cerr << "server_bench: mkdtemp failed\n";
        return 1;
    }
    const std::filesystem::path dir = tmpl;
    int rc = 0;
    try {
        if (uri.empty()) {
            cluster = (dir / "cluster").string();
            const std::string cmd = std::string("bash '") + HC_SOURCE_DIR + "/tests/pg/cluster' start '" + cluster + "'";
            std::FILE* p = ::popen(cmd.c_str(), "r");
            char line[4096] = {};
            if (!p || !std::fgets(line, sizeof line, p)) throw std::runtime_error("could not start a private cluster");
            ::pclose(p);
            uri = line;
            while (!uri.empty() && (uri.back() == '\n' || uri.back() == '\r')) uri.pop_back();
            std::printf("private cluster (PostgreSQL 15, default settings, fsync on) in %s\n", cluster.c_str());
        }
        const hc::Pack pack = hc::load_pack(pack_dir);
        std::vector<Template> ts;
        for (const auto& doc : templates()) {
            Template t;
            t.answers = hc::answers_from_json(pack.questionnaire, doc);
            const auto eff = hc::effective_answers(pack.questionnaire, t.answers);
            t.result = hc::to_json(pack, eff.answers, hc::evaluate(pack, eff.answers));
            t.result_json = t.result.dump();
            t.answers_json = hc::answers_to_json(pack.questionnaire, eff.answers).dump();
            for (const auto& a : t.result["assessments"])
                t.headline += (t.headline.empty() ? "" : ", ") + a["id"].get<std::string>();
            ts.push_back(std::move(t));
        }

        { Store first = Store::open(uri); }  // the schema, as a room's first open makes it
        long have = 0;
        {
            PgConnection c(uri);
            have = sql::query_int64(c, "SELECT count(*) FROM consultations");
        }
        const auto t0 = Clock::now();
        if (have == 0) {
            std::printf("building %ld consultations (answers %zu bytes, result %zu-%zu bytes of JSON each)\n", rows,
                        ts[0].answers_json.size(), ts[0].result_json.size(), ts[3].result_json.size());
            build(uri, pack, ts, rows);
            have = rows;
            std::printf("built in %.1f s\n", ms_since(t0) / 1000.0);
        } else {
            std::printf("the database already holds %ld consultations: measuring those\n", have);
        }
        {
            PgConnection c(uri);
            std::printf("database size %.0f MB\n",
                        static_cast<double>(sql::query_int64(c, "SELECT pg_database_size(current_database())")) / 1e6);
        }

        report("startup: Store::open (connect + schema check)", timed(10, [&](int) { Store s = Store::open(uri); }));
        if (saves > 0)
            for (const int rooms : {1, 4, 8}) rooms_saving(uri, pack, ts, rooms, rooms == 1 ? saves : std::max(10, saves / 2));
        if (paced > 0)
            for (const int pace_ms : paces)
                for (const int rooms : {1, 4, 8}) rooms_paced(uri, pack, ts, rooms, paced, pace_ms);

        Store s = Store::open(uri);
        std::mt19937 rng(11);
        report("open one consultation (get)", timed(reads, [&](int) {
                   (void)s.get(1 + static_cast<ConsultationId>(rng() % static_cast<unsigned long>(have)));
               }));
        report("list: first page, no filter", timed(reads, [&](int) { (void)s.list({}); }));
        std::vector<PageCursor> deep;
        for (int i = 0; i < reads; ++i) {  // anywhere in the list, most of it far from the top
            const auto id = 1 + static_cast<ConsultationId>(rng() % static_cast<unsigned long>(have));
            deep.push_back({s.get(id).summary.started_at, id});
        }
        report("list: deep page (keyset cursor)", timed(reads, [&](int i) { (void)s.list({}, deep[static_cast<std::size_t>(i)]); }));
        ListFilter fa;
        fa.assessment = "female_pattern_hair_loss";
        report("list: first page, assessment filter", timed(reads, [&](int) { (void)s.list(fa); }));
        // A name 1 in 41 patients has, one patient's own name, folded text, two characters.
        const std::string rare = s.patient(std::max(1L, have * 2 / 5 / 3)).name;
        for (const std::string& text : {std::string("Smith"), rare, std::string("muller"), std::string("Le"),
                                       std::string("zzz-no-match")}) {
            ListFilter ft;
            ft.text = text;
            report("name search in list: '" + text + "'", timed(reads, [&](int) { (void)s.list(ft); }));
        }
        report("find_patients('smith', 20)", timed(reads, [&](int) { (void)s.find_patients("smith", 20); }));

        feed_delay(uri, pack, ts, 100);

        if (copy_rows > 0) {
            const auto file = dir / "copy-from.db";
            build_file(file, pack, ts, copy_rows);
            const std::string target_db = "hc_bench_copy_" + std::to_string(::getpid());
            {
                PgConnection c(uri);
                c.exec("CREATE DATABASE " + target_db);
            }
            const std::string target = with_db(uri, target_db);
            {
                Store from = Store::open(file);
                Store to = Store::open(target);
                const auto t1 = Clock::now();
                const CopyReport r = copy_store(from, to);
                const double secs = ms_since(t1) / 1000.0;
                std::printf("copy_store file -> new server database: %lld consultations (%lld rows) in %.1f s: %.0f consultations/s, "
                            "%lld verified\n",
                            static_cast<long long>(r.copied.consultations), static_cast<long long>(r.copied.total()), secs,
                            static_cast<double>(r.copied.consultations) / secs, static_cast<long long>(r.verified_consultations));
            }
            PgConnection c(uri);
            c.exec("DROP DATABASE " + target_db + " WITH (FORCE)");
        }
    } catch (const std::exception& e) {
        std::cerr << "server_bench: " << e.what() << '\n';
        rc = 1;
    }
    if (!cluster.empty() && !keep) {
        const std::string cmd = std::string("bash '") + HC_SOURCE_DIR + "/tests/pg/cluster' stop '" + cluster + "'";
        if (std::system(cmd.c_str()) != 0) std::cerr << "server_bench: could not stop the cluster in " << cluster << '\n';
    }
    if (!keep) std::filesystem::remove_all(dir);
    else if (!cluster.empty()) std::printf("cluster left running: bash tests/pg/cluster stop %s\n", cluster.c_str());
    return rc;
}
