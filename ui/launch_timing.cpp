#include "ui/launch_timing.h"

#include <algorithm>
#include <cstdio>

namespace hc::ui {

void print_timing(LaunchTiming t) {
    std::sort(t.build_ms.begin(), t.build_ms.end());
    const auto at = [&](double q) {
        return t.build_ms.empty() ? 0.0 : t.build_ms[static_cast<std::size_t>(q * (t.build_ms.size() - 1))];
    };
    std::fprintf(stderr, "window %.1f ms, pack %.1f ms, database %.1f ms, fonts %.1f ms; ", t.window_s * 1e3,
                 (t.pack_s - t.window_s) * 1e3, (t.db_s - t.pack_s) * 1e3, t.font_ms);
    std::fprintf(stderr, "first frame after %.1f ms; %zu frames built, median %.3f ms, p99 %.3f ms\n", t.first_frame_ms,
                 t.build_ms.size(), at(0.5), at(0.99));
}

}  // namespace hc::ui
