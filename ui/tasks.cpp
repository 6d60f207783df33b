#include "ui/tasks.h"

#include <exception>
#include <string>

#include "ui/actions.h"

namespace hc::ui {

Tasks::Tasks(std::function<void()> wake) : wake_(std::move(wake)), worker_([this] { loop(); }) {}

Tasks::~Tasks() {
    {
        std::lock_guard lock(m_);
        stopping_ = true;
    }
    cv_.notify_all();
    worker_.join();
}

void Tasks::run(Job job) {
    {
        std::lock_guard lock(m_);
        queue_.push_back(std::move(job));
    }
    cv_.notify_all();
}

bool Tasks::drain(AppState& s, Services& svc) {
    std::vector<Apply> ready;
    {
        std::lock_guard lock(m_);
        ready.swap(done_);
    }
    for (auto& a : ready) a(s, svc);
    return !ready.empty();
}

bool Tasks::busy() const {
    std::lock_guard lock(m_);
    return !queue_.empty() || running_ > 0 || !done_.empty();
}

void Tasks::loop() {
    for (;;) {
        Job job;
        {
            std::unique_lock lock(m_);
            cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and nothing left to do
            job = std::move(queue_.front());
            queue_.pop_front();
            ++running_;
        }
        Apply result;
        try {
            result = job();
        } catch (const std::exception& e) {
            // Jobs report their own failures; this is the last guard so the worker never dies.
            const std::string what = e.what();
            result = [what](AppState& s, Services&) {
                s.messages.push_back({Message::Kind::Error, "A background task failed: " + what});
            };
        } catch (...) {
            result = [](AppState& s, Services&) { s.messages.push_back({Message::Kind::Error, "A background task failed."}); };
        }
        {
            std::lock_guard lock(m_);
            if (result) done_.push_back(std::move(result));
            --running_;
        }
        if (wake_) wake_();
    }
}

void run_or_now(Tasks* tasks, AppState& s, Services& svc, Tasks::Job job) {
    if (tasks) {
        tasks->run(std::move(job));
        return;
    }
    if (auto apply = job()) apply(s, svc);
}

}  // namespace hc::ui
