// Stage diagrams: a few convex shapes per stage, clipped to the scalp outline once at first use.
// The shapes follow the published Hamilton-Norwood and Ludwig drawings: temporal recession,
// frontal band, vertex (crown) thinning, the bridge between them, and for Ludwig diffuse
// central thinning behind a preserved frontal hairline.
#include "engine/diagrams.h"

#include <algorithm>
#include <cmath>

namespace hc {
namespace {

using Poly = std::vector<DiagramPoint>;

// Shoelace area; positive means clockwise on screen (y down).
float signed_area(const Poly& p) {
    float a = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const auto& u = p[i];
        const auto& v = p[(i + 1) % p.size()];
        a += u.x * v.y - v.x * u.y;
    }
    return a / 2;
}

Poly oriented(Poly p) {
    if (signed_area(p) < 0) std::reverse(p.begin(), p.end());
    return p;
}

Poly ellipse(float cx, float cy, float rx, float ry, int n = 40) {
    Poly p;
    p.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        const float t = 2.0f * 3.14159265f * static_cast<float>(i) / static_cast<float>(n);
        p.push_back({cx + rx * std::cos(t), cy + ry * std::sin(t)});
    }
    return oriented(std::move(p));
}

float cross(DiagramPoint a, DiagramPoint b, DiagramPoint p) {
    return (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
}

// Sutherland-Hodgman: a convex subject clipped by a convex, positively wound clip polygon
// stays convex.
Poly clip(const Poly& subject, const Poly& clipper) {
    Poly out = subject;
    for (std::size_t i = 0; i < clipper.size() && !out.empty(); ++i) {
        const DiagramPoint a = clipper[i];
        const DiagramPoint b = clipper[(i + 1) % clipper.size()];
        Poly in = std::move(out);
        out.clear();
        for (std::size_t j = 0; j < in.size(); ++j) {
            const DiagramPoint p = in[j];
            const DiagramPoint q = in[(j + 1) % in.size()];
            const float cp = cross(a, b, p), cq = cross(a, b, q);
            if (cp >= 0) out.push_back(p);
            if ((cp >= 0) != (cq >= 0)) {
                const float t = cp / (cp - cq);
                out.push_back({p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)});
            }
        }
    }
    // Drop points that coincide, which clipping produces where a shape touches the outline.
    Poly clean;
    for (const auto& p : out) {
        if (!clean.empty() && std::abs(clean.back().x - p.x) < 1e-5f && std::abs(clean.back().y - p.y) < 1e-5f)
            continue;
        clean.push_back(p);
    }
    while (clean.size() > 1 && std::abs(clean.front().x - clean.back().x) < 1e-5f &&
           std::abs(clean.front().y - clean.back().y) < 1e-5f)
        clean.pop_back();
    return clean;
}

Poly mirrored(const Poly& p) {
    Poly m;
    for (auto it = p.rbegin(); it != p.rend(); ++it) m.push_back({1.0f - it->x, it->y});
    return m;
}

const Poly& scalp() {
    static const Poly s = ellipse(0.5f, 0.54f, 0.33f, 0.42f, 64);
    return s;
}

// Left temporal recession reaching `depth` behind the hairline (right one is its mirror).
Poly temple_left(float depth) {
    return oriented({{0.0f, 0.0f}, {0.42f, 0.0f}, {0.41f, 0.16f}, {0.345f, 0.15f + depth}, {0.06f, 0.24f + depth}});
}

// Everything in front of the line y = cut.
Poly front_band(float cut) { return oriented({{0, 0}, {1, 0}, {1, cut}, {0, cut}}); }

Poly rect(float x0, float y0, float x1, float y1) { return oriented({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}); }

struct Builder {
    StageDiagram d;
    Builder(StageScale s, std::string_view code, std::string_view label, std::string_view caption) {
        d.scale = s;
        d.code = code;
        d.label = label;
        d.caption = caption;
        d.scalp = scalp();
        d.landmarks = {oriented({{0.455f, 0.13f}, {0.5f, 0.035f}, {0.545f, 0.13f}}),
                       ellipse(0.165f, 0.56f, 0.035f, 0.075f, 20), ellipse(0.835f, 0.56f, 0.035f, 0.075f, 20)};
    }
    Builder& add(const Poly& p, float loss = 1.0f) {
        Poly c = clip(p, scalp());
        if (c.size() >= 3 && std::abs(signed_area(c)) > 1e-5f) d.regions.push_back({std::move(c), loss});
        return *this;
    }
    Builder& temples(float depth, float loss = 1.0f) {
        const Poly l = temple_left(depth);
        return add(l, loss).add(mirrored(l), loss);
    }
    Builder& vertex(float rx, float ry, float loss = 1.0f) { return add(ellipse(0.5f, 0.66f, rx, ry), loss); }
};

std::vector<StageDiagram> build_norwood() {
    const auto N = StageScale::Norwood;
    std::vector<StageDiagram> v;
    v.push_back(Builder(N, "1", "Norwood I", "no recession, or barely any").d);
    v.push_back(Builder(N, "2", "Norwood II", "small, symmetric temporal recession").temples(0.08f).d);
    v.push_back(Builder(N, "2a", "Norwood IIa", "whole front hairline slightly back").add(front_band(0.17f)).d);
    v.push_back(Builder(N, "3", "Norwood III", "deep temporal recession").temples(0.17f).d);
    v.push_back(Builder(N, "3a", "Norwood IIIa", "front hairline back to mid-forehead line")
                    .add(front_band(0.25f)).temples(0.10f).d);
    v.push_back(Builder(N, "3v", "Norwood III vertex", "temporal recession and crown thinning")
                    .temples(0.12f).vertex(0.085f, 0.075f).d);
    v.push_back(Builder(N, "4", "Norwood IV", "deeper recession, larger crown, dense bridge between")
                    .add(front_band(0.19f)).temples(0.20f).vertex(0.12f, 0.105f).d);
    v.push_back(Builder(N, "4a", "Norwood IVa", "front hairline back past mid-scalp")
                    .add(front_band(0.36f)).temples(0.26f).d);
    v.push_back(Builder(N, "5", "Norwood V", "front and crown larger, bridge thin and sparse")
                    .add(rect(0.39f, 0.30f, 0.61f, 0.58f), 0.45f)
                    .add(front_band(0.24f)).temples(0.24f).vertex(0.155f, 0.14f).d);
    v.push_back(Builder(N, "5a", "Norwood Va", "frontal loss reaching the crown")
                    .add(front_band(0.44f)).temples(0.32f).add(ellipse(0.5f, 0.52f, 0.2f, 0.2f)).d);
    v.push_back(Builder(N, "6", "Norwood VI", "bridge gone: front and crown joined")
                    .add(front_band(0.30f)).temples(0.30f).add(ellipse(0.5f, 0.5f, 0.23f, 0.32f)).d);
    v.push_back(Builder(N, "7", "Norwood VII", "only a narrow horseshoe at the sides and back")
                    .add(front_band(0.40f)).add(ellipse(0.5f, 0.5f, 0.27f, 0.38f)).d);
    return v;
}

std::vector<StageDiagram> build_ludwig() {
    const auto L = StageScale::Ludwig;
    std::vector<StageDiagram> v;
    v.push_back(Builder(L, "1", "Ludwig I", "mild thinning on the crown, front hairline kept")
                    .add(ellipse(0.5f, 0.44f, 0.11f, 0.2f), 0.35f).d);
    v.push_back(Builder(L, "2", "Ludwig II", "marked thinning and widening of the parting")
                    .add(ellipse(0.5f, 0.46f, 0.17f, 0.26f), 0.5f)
                    .add(ellipse(0.5f, 0.46f, 0.08f, 0.17f), 0.75f).d);
    v.push_back(Builder(L, "3", "Ludwig III", "near-total loss on top, fringe of hair at the front")
                    .add(ellipse(0.5f, 0.5f, 0.23f, 0.31f), 0.8f)
                    .add(ellipse(0.5f, 0.5f, 0.15f, 0.24f), 0.95f).d);
    return v;
}

}  // namespace

std::span<const StageDiagram> stage_diagrams(StageScale scale) {
    static const std::vector<StageDiagram> norwood = build_norwood();
    static const std::vector<StageDiagram> ludwig = build_ludwig();
    return scale == StageScale::Norwood ? std::span<const StageDiagram>(norwood) : std::span<const StageDiagram>(ludwig);
}

const StageDiagram* find_stage_diagram(StageScale scale, std::string_view code) {
    for (const auto& d : stage_diagrams(scale))
        if (d.code == code) return &d;
    return nullptr;
}

bool stage_scale_for_widget(std::string_view widget, StageScale& out) {
    if (widget == "norwood_diagram") { out = StageScale::Norwood; return true; }
    if (widget == "ludwig_diagram") { out = StageScale::Ludwig; return true; }
    return false;
}

}  // namespace hc
