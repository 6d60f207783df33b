// --timing: how long the launch took (window, pack, database, fonts, first frame) and how long
// frames took to build. Collected by main and the loop, printed once at exit on stderr.
#pragma once

#include <chrono>
#include <vector>

namespace hc::ui {

// Seconds since the process started its clock (monotonic).
struct Clock {
    std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
    double now() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); }
};

struct LaunchTiming {
    double window_s = 0, pack_s = 0, db_s = 0;  // clock readings when each was ready
    double font_ms = 0;                         // the last font atlas rebuild
    double first_frame_ms = -1;                 // clock reading at the first frame shown
    std::vector<double> build_ms;               // each frame's build time (apply, draw, render)
};

// One line on stderr: the launch figures, then the median and p99 frame build time.
void print_timing(LaunchTiming t);

}  // namespace hc::ui
