// db_bench [--pack DIR] [--rows N] [--saves N] [--keep FILE] [--dump-saves FILE]: the consultation store at 100,000
// consultations. Builds the file once (bulk SQL in one transaction: the API would fsync
// 100k times), then times the store's own calls and prints median, p99 and max of each.
// Aims: lookups and searches < 5 ms p99; a save < 50 ms at worst with synchronous=FULL (no save
// waits on a checkpoint). A file kept from an older version is migrated by the first open (timed).
#include <SQLiteCpp/SQLiteCpp.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "bench/bench_common.h"
#include "db/internal.h"  // SearchIndexer: the bulk build fills the search tables as the store does
#include "db/sqlite/connection.h"
#include "db/store.h"
#include "engine/evaluate.h"
#include "engine/result.h"

using namespace hc::db;
using nlohmann::json;
using namespace hc::bench;

namespace {

std::string iso(long long secs, int ms) {
    const std::time_t t = static_cast<std::time_t>(secs);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
    return buf;
}

struct Template {
    hc::Answers answers;
    std::string answers_json, result_json;
    json result;
};

void build(const std::filesystem::path& file, const hc::Pack& pack, const std::vector<Template>& t, int rows) {
    { Store s = Store::open(file); }  // schema
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA synchronous = OFF");  // bulk build only; the store itself always runs FULL
    SQLite::Transaction tx(db);
    const int patients = rows * 2 / 5;
    std::mt19937 rng(7);
    SQLite::Statement p(db, "INSERT INTO patients(id, name, record_number, birth_date, created_at) VALUES(?,?,?,?,?)");
    hc::db::SqliteConnection conn(db, db.getFilename());
    SearchIndexer search(conn);
    for (int i = 1; i <= patients; ++i) {
        const std::string name = std::string(kFirst[rng() % std::size(kFirst)]) + " " + kLast[rng() % std::size(kLast)] + "-" + std::to_string(i);
        const std::string rn = "MRN" + std::to_string(100000 + i);
        p.bind(1, i); p.bind(2, name); p.bind(3, rn); p.bind(4, "1980-01-01"); p.bind(5, iso(1600000000, 0));
        p.exec(); p.reset();
        search.add(i, name, rn);
    }
    SQLite::Statement c(db,
                        "INSERT INTO consultations(id, uid, patient_id, status, started_at, updated_at, finalised_at, "
                        "latest_revision, revision_count, pack_id, pack_version, headline) VALUES(?,?,?,?,?,?,?,?,1,?,?,?)");
    SQLite::Statement r(db,
                        "INSERT INTO revisions(id, consultation_id, number, status, answers, result, overrides, pack_id, "
                        "pack_version, author, reason, created_at) VALUES(?,?,1,?,?,?,'[]',?,?,'dr bench','',?)");
    SQLite::Statement tg(db, "INSERT INTO consultation_tags(kind, tag, consultation_id, verdict) VALUES(?,?,?,?)");
    const long long start = 1600000000;  // 2020-09
    for (int i = 1; i <= rows; ++i) {
        const Template& tm = t[static_cast<std::size_t>(i) % t.size()];
        const int roll = static_cast<int>(rng() % 100);
        const char* status = roll < 80 ? "completed" : roll < 90 ? "amended" : roll < 98 ? "in-progress" : "entered-in-error";
        const std::string at = iso(start + i * 1500LL, i % 1000);
        std::string headline;
        for (const auto& a : tm.result["assessments"]) headline += (headline.empty() ? "" : ", ") + a["id"].get<std::string>();
        char uid[40];
        std::snprintf(uid, sizeof uid, "%032x", i);
        c.bind(1, i); c.bind(2, uid); c.bind(3, 1 + static_cast<int>(rng() % static_cast<unsigned>(patients)));
        c.bind(4, status); c.bind(5, at); c.bind(6, at); c.bind(7, at); c.bind(8, i);
        c.bind(9, pack.id); c.bind(10, pack.version); c.bind(11, headline);
        c.exec(); c.reset();
        r.bind(1, i); r.bind(2, i); r.bind(3, std::string(status) == "entered-in-error" ? "completed" : status);
        r.bind(4, tm.answers_json); r.bind(5, tm.result_json); r.bind(6, pack.id); r.bind(7, pack.version); r.bind(8, at);
        r.exec(); r.reset();
        auto tag = [&](const char* kind, const std::string& id, const std::string& v) {
            tg.bind(1, kind); tg.bind(2, id); tg.bind(3, i); tg.bind(4, v);
            tg.exec(); tg.reset();
        };
        for (const auto& a : tm.result["assessments"]) tag("a", a["id"], a["likelihood"]);
        for (const auto& o : tm.result["options"]) tag("o", o["id"], o["verdict"]);
        for (const auto& x : tm.result["red_flags"]) tag("r", x["id"], "");
    }
    tx.commit();
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    // The build wrote without syncing: put its pages on disk now, so that the first sync of the
    // measured calls does not pay for them.
    ::sync();
}

}  // namespace

int main(int argc, char** argv) {
    std::filesystem::path pack_dir = hc::default_pack_dir();
    int rows = 100000;
    int saves = 1000;
    std::string keep, dump;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--pack") pack_dir = argv[i + 1];
        else if (a == "--rows") rows = std::stoi(argv[i + 1]);
        else if (a == "--saves") saves = std::max(10, std::stoi(argv[i + 1]));
        else if (a == "--keep") keep = argv[i + 1];
        else if (a == "--dump-saves") dump = argv[i + 1];
    }
    try {
        const hc::Pack pack = hc::load_pack(pack_dir);
        std::vector<Template> ts;
        for (const auto& doc : templates()) {
            Template t;
            t.answers = hc::answers_from_json(pack.questionnaire, doc);
            const auto eff = hc::effective_answers(pack.questionnaire, t.answers);
            t.result = hc::to_json(pack, eff.answers, hc::evaluate(pack, eff.answers));
            t.result_json = t.result.dump();
            t.answers_json = hc::answers_to_json(pack.questionnaire, eff.answers).dump();
            ts.push_back(std::move(t));
        }
        std::string tmpl = (std::filesystem::temp_directory_path() / "hc-db-bench-XXXXXX").string();
        if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        const std::filesystem::path dir = tmpl;
        const auto file = keep.empty() ? dir / "bench.db" : std::filesystem::path(keep);
        const auto t0 = Clock::now();
        if (!std::filesystem::exists(file)) build(file, pack, ts, rows);
        std::printf("file: %d consultations, %.1f MB, result JSON %zu-%zu bytes, built in %.1f s\n", rows,
                    static_cast<double>(std::filesystem::file_size(file)) / 1e6, ts[0].result_json.size(),
                    ts[3].result_json.size(), std::chrono::duration<double>(Clock::now() - t0).count());

        {
            const auto t1 = Clock::now();
            { Store first = Store::open(file); }
            std::printf("first open (includes the migration when the file is older): %.1f ms\n",
                        std::chrono::duration<double, std::milli>(Clock::now() - t1).count());
        }
        report("startup: open + probe (quick_check)", timed(10, [&](int) { Store s = Store::open(file); }));

        Store s = Store::open(file);
        std::mt19937 rng(11);
        const auto pid = s.add_patient({"Bench Saver", "", ""});
        const auto cid = s.start_consultation(pid, pack, ts[0].answers, "dr bench");
        // What a save costs before it touches the file: the engine's share of the figure below.
        report("  of which: evaluate + result JSON (engine)", timed(saves, [&](int i) {
                   const auto& a = ts[static_cast<std::size_t>(i) % ts.size()].answers;
                   const auto eff = hc::effective_answers(pack.questionnaire, a);
                   (void)hc::to_json(pack, eff.answers, hc::evaluate(pack, eff.answers)).dump();
               }));
        const auto wal = std::filesystem::path(file.string() + "-wal");
        std::error_code ec;
        auto save = [&](int i) { s.save(cid, pack, ts[static_cast<std::size_t>(i) % ts.size()].answers, {}, "dr bench"); };

        // As the app does it: a save that leaves checkpoint_due() queues a checkpoint on another
        // thread (the UI's task queue), which may still be running when the next save comes (a
        // save every 20 ms here, far denser than a clinician's); that save then interrupts it.
        std::vector<double> save_us;
        {
            std::mutex m;
            std::condition_variable cv;
            int queued = 0;
            bool done = false;
            int checkpoints = 0;
            std::thread worker([&] {
                std::unique_lock<std::mutex> lock(m);
                for (;;) {
                    cv.wait(lock, [&] { return queued > 0 || done; });
                    if (done) return;
                    queued = 0;
                    lock.unlock();
                    (void)s.checkpoint();
                    lock.lock();
                    ++checkpoints;
                }
            });
            for (int i = 0; i < saves; ++i) {
                const auto t1 = Clock::now();
                save(i);
                save_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t1).count());
                if (s.checkpoint_due()) {
                    {
                        std::lock_guard<std::mutex> lock(m);
                        ++queued;
                    }
                    cv.notify_one();
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
            {
                std::lock_guard<std::mutex> lock(m);
                done = true;
            }
            cv.notify_one();
            worker.join();
            std::printf("  checkpoints run on the other thread: %d\n", checkpoints);
        }
        report("save one revision, checkpoint on another thread", save_us);
        if (!dump.empty()) {  // in order, to see whether the slow ones come periodically
            std::FILE* out = std::fopen(dump.c_str(), "w");
            for (const double us : save_us) std::fprintf(out ? out : stderr, "%.1f\n", us);
            if (out) std::fclose(out);
        }
        std::printf("  WAL after the saves: %.1f MB\n", static_cast<double>(std::filesystem::file_size(wal, ec)) / 1e6);

        // Nobody checkpoints (a script using the library, saves back to back): the log grows
        // until the store's safety net (~64 MB) checkpoints inside one save: the max below.
        (void)s.checkpoint();
        const auto alone = timed(saves * 6, save);
        report("save one revision, nobody checkpoints (6x saves)", alone);
        const auto worst = std::max_element(alone.begin(), alone.end()) - alone.begin();
        std::printf("  slowest: save %td of %zu\n", worst + 1, alone.size());
        std::printf("  WAL after the saves: %.1f MB\n", static_cast<double>(std::filesystem::file_size(wal, ec)) / 1e6);
        report("save draft (as typed, FULL)", timed(saves, [&](int i) {
                   s.autosave(cid, pack, ts[static_cast<std::size_t>(i) % ts.size()].answers, {}, "dr bench");
               }));
        // The app's idle call: a save or draft every time, then the checkpoint of that one commit.
        std::vector<double> idle;
        for (int i = 0; i < 100; ++i) {
            s.autosave(cid, pack, ts[static_cast<std::size_t>(i) % ts.size()].answers, {}, "dr bench");
            const auto t1 = Clock::now();
            (void)s.checkpoint();
            idle.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t1).count());
        }
        report("checkpoint() when idle, after one draft", idle);
        report("open one consultation (get)", timed(500, [&](int) {
                   (void)s.get(1 + static_cast<ConsultationId>(rng() % static_cast<unsigned>(rows)));
               }));

        auto page = [&](const char* what, ListFilter f) {
            report(what, timed(200, [&](int) { (void)s.list(f); }));
        };
        page("list: first page, no filter", {});
        ListFilter fa;
        fa.assessment = "female_pattern_hair_loss";
        page("list: first page, assessment", fa);
        ListFilter fo;
        fo.option = "oral_finasteride";
        fo.verdict = "first_line";
        page("list: first page, option + verdict", fo);
        ListFilter fs;
        fs.status = Status::InProgress;
        page("list: first page, status in-progress", fs);
        ListFilter fd;
        fd.date_from = "2021-06-01";
        fd.date_to = "2021-06-30";
        page("list: first page, one month", fd);
        ListFilter fw;
        fw.status = Status::EnteredInError;
        fw.assessment = "androgenetic_alopecia_male";
        page("list: first page, withdrawn + assessment", fw);

        // Later pages: keyset from positions all over the list.
        std::vector<PageCursor> cursors;
        for (int i = 0; i < 200; ++i) {
            const auto id = 1 + static_cast<ConsultationId>(rng() % static_cast<unsigned>(rows));
            cursors.push_back({s.get(id).summary.started_at, id});
        }
        report("list: later page (keyset, no filter)", timed(200, [&](int i) { (void)s.list({}, cursors[static_cast<std::size_t>(i)]); }));
        report("list: later page (keyset, assessment)", timed(200, [&](int i) { (void)s.list(fa, cursors[static_cast<std::size_t>(i)]); }));

        // Common name (1 patient in 41), rare, folded ("muller" finds Müller), record number,
        // nothing, and two characters (common; no match: the whole folded table is read).
        for (const char* text : {"Smith", "Sanchez-17", "muller", "lukasz", "MRN123456", "zzz-no-match", "Le", "王芳", "zq"}) {
            ListFilter ft;
            ft.text = text;
            const std::string what = std::string("name search in list: '") + text + "'";
            report(what.c_str(), timed(300, [&](int) { (void)s.list(ft); }));
        }
        for (const char* text : {"john", "smith", "zoe", "Le"}) {
            const std::string what = std::string("find_patients('") + text + "', 20)";
            report(what.c_str(), timed(300, [&](int) { (void)s.find_patients(text, 20); }));
        }
        if (keep.empty()) std::filesystem::remove_all(dir);
    } catch (const std::exception& e) {
        std::cerr << "db_bench: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
