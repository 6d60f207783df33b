// engine/diagrams.cpp (kept with the ui tests, which own it): every stage of both scales has a
// diagram whose polygons keep the promises of engine/diagrams.h, and loss grows with the stage.
#include <catch2/catch.hpp>

#include "engine/diagrams.h"
#include "ui_test_support.h"

using namespace hc;

namespace {
float area(const std::vector<DiagramPoint>& p) {
    float a = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const auto& u = p[i];
        const auto& v = p[(i + 1) % p.size()];
        a += u.x * v.y - v.x * u.y;
    }
    return a / 2;
}
bool convex_clockwise(const std::vector<DiagramPoint>& p) {
    for (std::size_t i = 0; i < p.size(); ++i) {
        const auto& a = p[i];
        const auto& b = p[(i + 1) % p.size()];
        const auto& c = p[(i + 2) % p.size()];
        if ((b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x) < -1e-5f) return false;
    }
    return area(p) > 0;
}
bool inside(const std::vector<DiagramPoint>& hull, DiagramPoint q) {
    for (std::size_t i = 0; i < hull.size(); ++i) {
        const auto& a = hull[i];
        const auto& b = hull[(i + 1) % hull.size()];
        if ((b.x - a.x) * (q.y - a.y) - (b.y - a.y) * (q.x - a.x) < -1e-4f) return false;
    }
    return true;
}
float lost(const StageDiagram& d) {  // rough: sum of region areas times loss
    float s = 0;
    for (const auto& r : d.regions) s += area(r.polygon) * r.loss;
    return s;
}
}  // namespace

TEST_CASE("every Norwood and Ludwig code of the questionnaire has a diagram", "[diagrams]") {
    const auto& q = hc::ui::test::pack()->questionnaire;
    for (const char* id : {"norwood_stage", "ludwig_stage"}) {
        const Slot s = q.find(id);
        REQUIRE(s >= 0);
        const auto& it = q.items[static_cast<std::size_t>(s)];
        StageScale scale;
        REQUIRE(stage_scale_for_widget(it.widget, scale));
        CHECK(stage_diagrams(scale).size() == it.options.size());
        for (const auto& o : it.options) {
            INFO(id << " " << o.code);
            CHECK(find_stage_diagram(scale, o.code) != nullptr);
        }
    }
    CHECK(find_stage_diagram(StageScale::Norwood, "8") == nullptr);
    StageScale unused;
    CHECK_FALSE(stage_scale_for_widget("slider", unused));
}

TEST_CASE("diagram polygons are convex, clockwise on screen, inside the scalp and in the unit square", "[diagrams]") {
    for (StageScale sc : {StageScale::Norwood, StageScale::Ludwig}) {
        for (const auto& d : stage_diagrams(sc)) {
            INFO(d.label);
            REQUIRE(d.scalp.size() >= 3);
            CHECK(convex_clockwise(d.scalp));
            for (const auto& l : d.landmarks) CHECK(convex_clockwise(l));
            for (const auto& r : d.regions) {
                REQUIRE(r.polygon.size() >= 3);
                CHECK(convex_clockwise(r.polygon));
                CHECK(r.loss > 0.0f);
                CHECK(r.loss <= 1.0f);
                for (const auto& p : r.polygon) {
                    CHECK(inside(d.scalp, p));
                    CHECK((p.x >= 0 && p.x <= 1 && p.y >= 0 && p.y <= 1));
                }
            }
        }
    }
}

TEST_CASE("hair loss grows along each scale", "[diagrams]") {
    const auto n = stage_diagrams(StageScale::Norwood);
    CHECK(n.front().regions.empty());  // Norwood I: no recession
    CHECK(lost(*find_stage_diagram(StageScale::Norwood, "2")) < lost(*find_stage_diagram(StageScale::Norwood, "3")));
    CHECK(lost(*find_stage_diagram(StageScale::Norwood, "3")) < lost(*find_stage_diagram(StageScale::Norwood, "4")));
    CHECK(lost(*find_stage_diagram(StageScale::Norwood, "4")) < lost(*find_stage_diagram(StageScale::Norwood, "5")));
    CHECK(lost(*find_stage_diagram(StageScale::Norwood, "5")) < lost(*find_stage_diagram(StageScale::Norwood, "6")));
    CHECK(lost(*find_stage_diagram(StageScale::Norwood, "6")) < lost(*find_stage_diagram(StageScale::Norwood, "7")));
    const auto l = stage_diagrams(StageScale::Ludwig);
    CHECK(lost(l[0]) < lost(l[1]));
    CHECK(lost(l[1]) < lost(l[2]));
}
