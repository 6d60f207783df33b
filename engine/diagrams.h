// Norwood (Hamilton-Norwood) and Ludwig stage diagrams as pure vector geometry, so the app
// (ImDrawList) and the handout (cairo) draw exactly the same picture. No rendering here.
//
// Coordinates are unit coordinates of a top view of the head: x from 0 (left of the picture)
// to 1 (right), y from 0 (front: face) to 1 (back: nape). The picture is square; a renderer
// maps (x, y) to (left + x * size, top + y * size).
//
// How to draw one diagram (both renderers do this, in this order):
//   1. `landmarks` (nose and ears, for orientation) filled in the skin colour;
//   2. `scalp` filled in the hair colour (the scalp with a full juvenile hairline);
//   3. every `regions[i]`, in order, filled OPAQUE with the colour mixed from hair to skin by
//      `regions[i].loss` (1 = bald, 0.5 = visibly thinned). Later regions cover earlier ones;
//   4. `scalp` outlined.
// Every polygon is convex, wound clockwise as seen on screen (y down; ImGui 1.86's anti-aliased
// convex fill needs that), has at least 3 points, and lies inside the scalp (regions are clipped
// to it), so ImDrawList's convex fill and cairo's fill give the same result.
#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace hc {

struct DiagramPoint {
    float x = 0, y = 0;
};

struct DiagramRegion {
    std::vector<DiagramPoint> polygon;  // convex, inside the scalp
    float loss = 1.0f;                  // 0..1: share of hair lost in this region
};

enum class StageScale { Norwood, Ludwig };

struct StageDiagram {
    StageScale scale = StageScale::Norwood;
    std::string_view code;     // the questionnaire code: "1", "2a", "3v", ... (norwood_stage / ludwig_stage)
    std::string_view label;    // "Norwood III vertex", "Ludwig II"
    std::string_view caption;  // one line a clinician recognises: "deep temporal recession, crown thinning"
    std::vector<DiagramPoint> scalp;                   // convex outline of the hair-bearing scalp
    std::vector<std::vector<DiagramPoint>> landmarks;  // nose, ears: orientation only
    std::vector<DiagramRegion> regions;                // hair loss, drawn in order
};

// Every diagram of a scale, in questionnaire code order (Norwood: 1, 2, 2a, 3, 3a, 3v, 4, 4a,
// 5, 5a, 6, 7; Ludwig: 1, 2, 3). Built once on first use; the references stay valid for the
// life of the program. Never throws.
std::span<const StageDiagram> stage_diagrams(StageScale scale);

// The diagram of `code` on `scale`, or nullptr when the code is not a stage of that scale.
const StageDiagram* find_stage_diagram(StageScale scale, std::string_view code);

// The scale a questionnaire widget hint names ("norwood_diagram", "ludwig_diagram"); false
// for any other hint.
bool stage_scale_for_widget(std::string_view widget, StageScale& out);

}  // namespace hc
