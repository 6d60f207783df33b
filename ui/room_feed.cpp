#include "ui/room_feed.h"

#include <algorithm>
#include <limits>

#include "ui/actions.h"

namespace hc::ui {

namespace {
// One wait() sleeps until the server sends, the connection breaks, or the destructor's wake():
// no timer of its own, so an idle app has no periodic wake-up on this thread either. (A
// connection that dies without a word is found by libpq's TCP keepalives.)
constexpr int kWaitMs = std::numeric_limits<int>::max();
constexpr double kNever = 1e9;
constexpr double kRetryFirst = 2.0, kRetryMax = 30.0;
}  // namespace

RoomFeed::RoomFeed(std::unique_ptr<db::ChangeFeed> feed, std::function<void()> wake)
    : feed_(std::move(feed)), wake_(std::move(wake)), thread_([this] { loop(); }) {}

RoomFeed::~RoomFeed() {
    {
        std::lock_guard lock(m_);
        stopping_ = true;
    }
    feed_->wake();
    thread_.join();
}

void RoomFeed::loop() {
    for (;;) {
        {
            std::lock_guard lock(m_);
            if (stopping_) return;
        }
        std::vector<db::Change> got;
        std::string lost;
        try {
            got = feed_->wait(kWaitMs);
        } catch (const std::exception& e) {
            lost = e.what();
        }
        if (got.empty() && lost.empty()) continue;
        {
            std::lock_guard lock(m_);
            if (stopping_) return;
            for (const auto& c : got)
                if (std::none_of(pending_.begin(), pending_.end(),
                                 [&](const db::Change& p) { return p.kind == c.kind && p.consultation == c.consultation; }))
                    pending_.push_back(c);
            lost_ = lost;
        }
        if (wake_) wake_();
        if (!lost.empty()) return;  // the connection is gone; RoomWatch opens a new feed
    }
}

RoomFeed::Batch RoomFeed::take() {
    std::lock_guard lock(m_);
    Batch b;
    b.changes.swap(pending_);
    if (!lost_.empty() && !lost_taken_) {
        b.lost = lost_;
        lost_taken_ = true;
    }
    return b;
}

RoomWatch::RoomWatch(db::Store* store, std::function<void()> wake) : store_(store), wake_(std::move(wake)) {}

bool RoomWatch::start(AppState& s, double now) {
    try {
        auto feed = store_->open_change_feed();
        if (!feed) return false;
        feed_.emplace(std::move(feed), wake_);
        s.feed_problem.clear();
        retry_delay_ = 0;
        return true;
    } catch (const std::exception& e) {
        retry_delay_ = retry_delay_ == 0 ? kRetryFirst : std::min(retry_delay_ * 2, kRetryMax);
        retry_at_ = now + retry_delay_;
        s.feed_problem = std::string("Other rooms' changes are not shown just now (") + e.what() + "). Trying again.";
        return false;
    }
}

bool RoomWatch::pump(AppState& s, Services& svc, double now) {
    if (!store_ || !store_->shared()) return false;
    if (!feed_) {
        if (now < retry_at_) return false;
        const bool first = retry_delay_ == 0 && s.feed_problem.empty();
        if (!start(s, now)) return true;  // the problem is on screen
        if (first) return false;
        // Back after a loss: what other rooms did meanwhile was not heard, so read it all again.
        apply(s, act::StoreChanged{{}, true}, svc, now);
        return true;
    }
    RoomFeed::Batch b = feed_->take();
    const bool changed = !b.changes.empty() || !b.lost.empty();
    if (!b.changes.empty()) apply(s, act::StoreChanged{std::move(b.changes), false}, svc, now);
    if (!b.lost.empty()) {
        feed_.reset();
        s.feed_problem = b.lost + " Trying again.";
        retry_delay_ = kRetryFirst;
        retry_at_ = now + retry_delay_;
    }
    return changed;
}

double RoomWatch::due(double now) const {
    if (!store_ || !store_->shared() || feed_) return kNever;
    return std::max(0.0, retry_at_ - now);
}

}  // namespace hc::ui
