// Frame build time while typing: the consultation screen of a real vignette in a window-less
// ImGui context; each frame types one character of clinician notes (apply + re-evaluate) and
// builds the whole frame (NewFrame, draw_frame, Render). Prints median and p99 over N frames.
// The GPU part (uploading and drawing the vertices) is not included: it is the driver's.
// Usage: ui_frame_bench [VIGNETTE] [FRAMES]
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/json_input.h"
#include "engine/pack.h"
#include "ui/actions.h"
#include "ui/fonts.h"
#include "ui/screens.h"
#include "ui/theme.h"

using namespace hc;
using namespace hc::ui;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    const std::string file = argc > 1 ? argv[1] : std::string(HC_SOURCE_DIR) +
        "/tests/acceptance/vignettes/a07-biopsy-proven-active-lichen-planopilaris-wanting-a.json";
    const int frames = argc > 2 ? std::atoi(argv[2]) : 2000;
    AppState s;
    s.pack = std::make_shared<const Pack>(load_pack(default_pack_dir()));
    auto doc = read_json_file(file);
    if (doc.contains("answers")) doc = doc["answers"];
    open_draft(s, 1, "Bench Patient", answers_from_json(s.pack->questionnaire, doc));
    const Slot notes = s.pack->questionnaire.find("clinician_notes");
    s.view.page = s.pack->questionnaire.items[static_cast<std::size_t>(notes)].page;
    for (const auto& o : s.draft->result.options) s.view.why_open.push_back(o.option);

    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1440, 900);
    io.DeltaTime = 1.0f / 60.0f;
    load_fonts(io, 15.0f, s.pack.get());
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    apply_theme(false, 1.0f);

    Services svc;  // no store: typing and drawing only
    std::vector<double> ms;
    std::string text;
    Actions out;
    for (int i = 0; i < frames + 20; ++i) {
        const auto t0 = Clock::now();
        text += static_cast<char>('a' + i % 26);
        apply(s, act::SetAnswer{notes, Value{text}}, svc, i / 60.0);
        ImGui::NewFrame();
        out.clear();
        draw_frame(s, out);
        ImGui::Render();
        const double d = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        if (i >= 20) ms.push_back(d);  // first frames build layouts and caches
    }
    std::sort(ms.begin(), ms.end());
    std::printf("frame build while typing (apply + evaluate + draw, %d frames, %zu options open): median %.3f ms, p99 %.3f ms\n",
                frames, s.view.why_open.size(), ms[ms.size() / 2], ms[static_cast<std::size_t>(0.99 * static_cast<double>(ms.size() - 1))]);
    ImGui::DestroyContext();
    return 0;
}
