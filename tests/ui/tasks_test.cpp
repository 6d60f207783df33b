// Slow work off the UI thread (ui/tasks.h): a print service that accepts the connection and
// then says nothing does not hold up apply() or the frames; the panel says what it is waiting
// for; when the service goes, the answer arrives through drain() and wakes the window. Preview
// pages made for an older choice of options are dropped, never shown for the newer one.
#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "headless.h"
#include "ui/actions.h"
#include "ui/audit.h"
#include "ui/handout_actions.h"
#include "ui/tasks.h"

using namespace hc;
using namespace hc::ui;
using namespace hc::ui::test;

namespace {

// A Unix socket that accepts connections and never answers: a print server that hangs.
struct SilentServer {
    std::filesystem::path path;
    int fd = -1;
    std::vector<int> clients;
    std::thread acceptor;
    std::atomic<bool> stop{false};
    explicit SilentServer(std::filesystem::path p) : path(std::move(p)) {
        fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        std::snprintf(a.sun_path, sizeof a.sun_path, "%s", path.c_str());
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        REQUIRE(::listen(fd, 8) == 0);
        acceptor = std::thread([this] {
            for (;;) {
                const int c = ::accept(fd, nullptr, nullptr);
                if (c < 0 || stop) {
                    if (c >= 0) ::close(c);
                    return;
                }
                clients.push_back(c);
            }
        });
    }
    // Hangs up on every client (they read end-of-file) and stops listening.
    void go_away() {
        stop = true;
        ::shutdown(fd, SHUT_RDWR);
        acceptor.join();
        for (int c : clients) ::close(c);
        ::close(fd);
        fd = -1;
    }
    ~SilentServer() {
        if (fd >= 0) go_away();
    }
};

bool panel_says(Headless& h, const AppState& s, const std::string& text) {
    audit::set_enabled(true);
    audit::clear();
    h.frame(s);
    audit::set_enabled(false);
    for (const auto& i : audit::items())
        if (i.label.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("a print service that does not answer holds up neither the actions nor the frames", "[ui][tasks]") {
    TempDir dir;
    SilentServer server(dir.path / "cups.sock");
    std::atomic<int> wakes{0};
    Tasks tasks([&] { ++wakes; });
    Services svc;
    svc.tasks = &tasks;
    svc.preview_pixels_per_point = 0.5;
    AppState s = fresh_state();
    s.settings.cups_server = server.path.string();
    open_draft(s, 0, "", vignette_answers("a03-man-planning-to-father-a-child-norwood-3-vertex"));
    s.screen = Screen::Consultation;

    apply(s, act::OpenHandout{}, svc, 1);  // returns with the printers still being asked for
    REQUIRE(s.handout.open);
    CHECK(s.handout.listing_printers);
    Headless h;
    CHECK(panel_says(h, s, "Asking the print service"));
    // The window keeps drawing and acting while the service is silent.
    apply(s, act::SetHandoutPaper{handout::Paper::Letter}, svc, 2);
    h.frame(s);
    CHECK(s.handout.listing_printers);

    server.go_away();
    while (tasks.busy()) {
        tasks.drain(s, svc);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    tasks.drain(s, svc);
    CHECK_FALSE(s.handout.listing_printers);
    CHECK_FALSE(s.handout.print_problem.empty());
    CHECK(wakes > 0);
    // The preview made last (Letter) is the one shown; the A4 one made before it was dropped.
    CHECK_FALSE(s.handout.rendering);
    REQUIRE_FALSE(s.handout.pages.empty());
    CHECK(s.handout.page_width_pt == Approx(612).margin(1));
}

TEST_CASE("the task queue applies results on the calling thread, in the order the jobs were given", "[ui][tasks]") {
    std::atomic<int> wakes{0};
    AppState s = fresh_state();
    Services svc;
    {
        Tasks tasks([&] { ++wakes; });
        for (int i = 0; i < 20; ++i)
            tasks.run([i]() -> Tasks::Apply {
                return [i](AppState& st, Services&) { st.messages.push_back({Message::Kind::Info, std::to_string(i)}); };
            });
        tasks.run([]() -> Tasks::Apply { throw std::runtime_error("boom"); });
        while (tasks.busy()) {
            tasks.drain(s, svc);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
    REQUIRE(s.messages.size() == 21);
    for (int i = 0; i < 20; ++i) CHECK(s.messages[static_cast<std::size_t>(i)].text == std::to_string(i));
    CHECK(s.messages.back().text.find("boom") != std::string::npos);
    CHECK(wakes == 21);
}
