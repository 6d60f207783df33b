// Other rooms' changes on the clinic's shared store, without polling: a thread blocks in
// db::ChangeFeed::wait() (the server sends) and wakes the window only when something came; the
// UI thread applies it as act::StoreChanged. On a file store there is no feed and no thread.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "db/store.h"

namespace hc::ui {

struct AppState;
struct Services;

// One feed and the thread waiting on it.
class RoomFeed {
public:
    // Starts waiting on `feed` (not null). `wake` is called from the thread when changes came
    // or the feed was lost.
    RoomFeed(std::unique_ptr<db::ChangeFeed> feed, std::function<void()> wake);
    ~RoomFeed();  // wakes the thread and joins it
    RoomFeed(const RoomFeed&) = delete;
    RoomFeed& operator=(const RoomFeed&) = delete;

    struct Batch {
        std::vector<db::Change> changes;
        std::string lost;  // the feed stopped (why); the thread has ended. Said once.
    };
    // What came since the last call (UI thread).
    Batch take();

private:
    void loop();
    std::unique_ptr<db::ChangeFeed> feed_;
    std::function<void()> wake_;
    std::mutex m_;
    std::vector<db::Change> pending_;
    std::string lost_;
    bool lost_taken_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

// The app's watch on other rooms: the feed while it works, a new one after it was lost (the
// server restarted, the network came back), tried again with a growing delay. UI thread only.
class RoomWatch {
public:
    RoomWatch(db::Store* store, std::function<void()> wake);
    // Applies what other rooms changed (act::StoreChanged) and, when due, opens a lost feed
    // again (then refreshes everything: changes meanwhile were not heard). Returns true when
    // something on screen may have changed.
    bool pump(AppState& s, Services& svc, double now);
    // Seconds until pump() has a retry to make; 1e9 while the feed works (it wakes the window).
    double due(double now) const;

private:
    bool start(AppState& s, double now);
    db::Store* store_;
    std::function<void()> wake_;
    std::optional<RoomFeed> feed_;
    double retry_at_ = 0;
    double retry_delay_ = 0;
};

}  // namespace hc::ui
