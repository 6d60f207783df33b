#include "db/postgres/change_feed.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <pqxx/pqxx>
#include <vector>

#include "db/postgres/connection.h"

namespace hc::db::pg {
namespace {

using K = StoreError::Kind;

class Receiver final : public pqxx::notification_receiver {
public:
    Receiver(pqxx::connection_base& c, int ignore_pid, std::vector<Change>& out)
        : pqxx::notification_receiver(c, kChannel), ignore_pid_(ignore_pid), out_(out) {}

    void operator()(const std::string& payload, int backend_pid) override {
        if (backend_pid == ignore_pid_) return;  // our own store's saves
        Change ch;
        std::string_view rest;
        if (payload.rfind("saved:", 0) == 0) {
            ch.kind = Change::Kind::Saved;
            rest = std::string_view(payload).substr(6);
        } else if (payload.rfind("lease:", 0) == 0) {
            ch.kind = Change::Kind::Lease;
            rest = std::string_view(payload).substr(6);
        } else {
            return;  // someone else's use of the channel: not ours to read
        }
        const auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), ch.consultation);
        if (ec != std::errc() || p != rest.data() + rest.size()) return;
        for (const Change& c : out_)
            if (c.kind == ch.kind && c.consultation == ch.consultation) return;  // once is enough
        out_.push_back(ch);
    }

private:
    int ignore_pid_;
    std::vector<Change>& out_;
};

class PgChangeFeed final : public ChangeFeed {
public:
    PgChangeFeed(const std::string& uri, int ignore_pid) : conn_(uri) {
        wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        if (wake_fd_ < 0)
            throw StoreError(K::Internal, 0, "Cannot wait for changes from the clinic's database at " + conn_.location() +
                                                 ": no event descriptor.");
        try {
            rx_ = std::make_unique<Receiver>(conn_.raw(), ignore_pid, pending_);  // sends LISTEN
        } catch (...) {
            close(wake_fd_);
            rethrow_pg(conn_.location(), "to send changes");
        }
    }
    ~PgChangeFeed() override {
        try {
            rx_.reset();  // UNLISTEN, when the connection still works
        } catch (...) {
        }
        close(wake_fd_);
    }

    std::vector<Change> wait(int timeout_ms) override {
        collect();
        if (pending_.empty()) {
            const int fd = conn_.raw().sock();
            if (fd < 0) lost();
            pollfd fds[2] = {{fd, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max(timeout_ms, 0));
            for (;;) {
                const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
                const int n = poll(fds, 2, static_cast<int>(std::max<std::int64_t>(left.count(), 0)));
                if (n >= 0) break;
                if (errno != EINTR) lost();
            }
            if (fds[1].revents & POLLIN) {
                std::uint64_t count = 0;
                [[maybe_unused]] const auto r = read(wake_fd_, &count, sizeof count);
            }
            collect();
        }
        std::vector<Change> out;
        out.swap(pending_);
        return out;
    }

    void wake() noexcept override {
        const std::uint64_t one = 1;
        [[maybe_unused]] const auto r = write(wake_fd_, &one, sizeof one);
    }

private:
    // Reads whatever the socket holds; libpqxx hands each notification to the receiver.
    void collect() {
        try {
            conn_.raw().get_notifs();
        } catch (...) {
            rethrow_pg(conn_.location(), "to send changes");
        }
        if (!conn_.raw().is_open()) lost();
    }
    [[noreturn]] void lost() {
        throw StoreError(K::Unreachable, 0, "The connection to the clinic's database at " + conn_.location() +
                                                " was lost; other rooms' changes are not shown until it is back.");
    }

    PgConnection conn_;
    std::vector<Change> pending_;
    std::unique_ptr<Receiver> rx_;
    int wake_fd_ = -1;
};

}  // namespace

std::unique_ptr<ChangeFeed> open_change_feed(const std::string& uri, int ignore_pid) {
    return std::make_unique<PgChangeFeed>(uri, ignore_pid);
}

}  // namespace hc::db::pg
