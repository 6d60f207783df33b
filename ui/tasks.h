// Slow work off the UI thread: listing printers and printing (CUPS may take seconds, or not
// answer at all), rendering the handout preview (Pango and Cairo). One worker thread runs the
// jobs in order; each job returns what to change in AppState, which drain() applies on the UI
// thread (jobs never touch AppState or the store themselves). When a job finishes the worker
// calls `wake`, so a window sleeping in glfwWaitEvents draws the result at once.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace hc::ui {

struct AppState;
struct Services;

class Tasks {
public:
    using Apply = std::function<void(AppState&, Services&)>;  // runs on the UI thread
    using Job = std::function<Apply()>;            // runs on the worker

    explicit Tasks(std::function<void()> wake);
    ~Tasks();  // finishes every queued job (a print already asked for is sent), then stops
    Tasks(const Tasks&) = delete;
    Tasks& operator=(const Tasks&) = delete;

    void run(Job job);
    // Applies the results of finished jobs, oldest first. Returns true when something changed.
    bool drain(AppState& s, Services& svc);
    bool busy() const;  // a job is queued or running

private:
    void loop();
    std::function<void()> wake_;
    mutable std::mutex m_;
    std::condition_variable cv_;
    std::deque<Job> queue_;
    std::vector<Apply> done_;
    int running_ = 0;
    bool stopping_ = false;
    std::thread worker_;
};

// Runs `job` on `tasks`, or at once on this thread when there are none (tests, one-shot
// screenshots), applying its result to `s` straight away.
void run_or_now(Tasks* tasks, AppState& s, Services& svc, Tasks::Job job);

}  // namespace hc::ui
