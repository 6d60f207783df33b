// The handout from the Review screen, on a real SQLite file: a finalised consultation opened from
// the list gets its handout from the revision shown as decided (stored result rebuilt, the
// clinician's decisions as default ticks), dated with the consultation's date; with another pack
// version, or a stored result that no longer resolves, the panel says today's pack is used. Save
// PDF writes a real PDF and an audit row, and the consultation's revisions do not change.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "engine/evaluate.h"
#include "ui/actions.h"
#include "ui/handout_actions.h"
#include "ui_test_support.h"

using namespace hc;
using namespace hc::ui;
using namespace hc::ui::test;

namespace {
namespace fs = std::filesystem;

const char* kComplete = "a03-man-planning-to-father-a-child-norwood-3-vertex";
const std::string kOldDay = "2024-03-05";  // the consultation's date, never today

// Every timestamp of an export document moved to kOldDay (time of day kept, order kept).
void move_to_old_day(nlohmann::json& doc) {
    auto move = [](nlohmann::json& t) {
        if (t.is_string() && t.get<std::string>().size() >= 10) t = kOldDay + t.get<std::string>().substr(10);
    };
    move(doc["started_at"]);
    move(doc["finalised_at"]);
    for (auto& r : doc["revisions"]) move(r["created_at"]);
}

// The first option the result explains by default (first_line or consider, not unproven).
std::string explained_option(const Pack& p, const Result& r) {
    for (const auto& o : r.options)
        if ((o.verdict == Verdict::FirstLine || o.verdict == Verdict::Consider) &&
            !p.options[static_cast<std::size_t>(o.option)].unproven)
            return p.options[static_cast<std::size_t>(o.option)].id;
    return {};
}

struct Fixture {
    TempDir dir;
    std::optional<db::Store> store;
    Services svc;
    AppState s = fresh_state();
    double now = 100.0;
    db::ConsultationId id = 0;
    std::string declined;  // the option the clinician declined in the consultation

    Fixture() {
        store.emplace(db::Store::open(dir.path / "c.db"));
        svc.store = &*store;
        svc.handout_dir = dir.path / "handouts";
        svc.preview_pixels_per_point = 0.5;
        s.settings.cups_server = (dir.path / "no-cups.sock").string();  // never the user's print server
    }
    void act(const Action& a) { apply(s, a, svc, now); }

    // A finalised consultation dated kOldDay, one first-line/consider option declined by the
    // clinician: made in another file, exported, dated back and imported here.
    void finalised_consultation() {
        const Pack& p = *pack();
        const Answers a = vignette_answers(kComplete);
        const Effective eff = effective_answers(p.questionnaire, a);
        declined = explained_option(p, evaluate(p, eff.answers));
        REQUIRE_FALSE(declined.empty());
        auto other = db::Store::open(dir.path / "other.db");
        const auto pid = other.add_patient({"Sam Reprint", "", ""});
        const auto cid = other.start_consultation(pid, p, a, "dr-a");
        other.finalise(cid, p, a, {{declined, db::Override::Decision::Decline, "prefers not to"}}, "dr-a");
        nlohmann::json doc = other.export_json(cid, "dr-a");
        move_to_old_day(doc);
        id = store->import_json(doc, p, "tester");
        act(act::OpenConsultation{id});
        REQUIRE(s.screen == Screen::Review);
        REQUIRE(s.review.saved->summary.started_at.substr(0, 10) == kOldDay);
    }
    std::vector<db::AuditEntry> audit(db::AuditAction action) {
        std::vector<db::AuditEntry> out;
        for (auto& e : store->audit(id))
            if (e.action == action) out.push_back(e);
        return out;
    }
    const HandoutChoice* choice(const std::string& option) const {
        for (const auto& c : s.handout.choices)
            if (c.option_id == option) return &c;
        return nullptr;
    }
};

// What a revision looks like in the store, to compare before and after.
struct Snapshot {
    std::vector<std::tuple<int, std::string, std::string, std::size_t>> revisions;
    db::Status status;
    bool has_draft;
    bool operator==(const Snapshot&) const = default;
};
Snapshot snapshot(db::Store& st, db::ConsultationId id) {
    const db::Consultation c = st.get(id);
    Snapshot out{{}, c.summary.status, c.autosave.has_value()};
    for (const auto& info : c.revisions) {
        const db::Revision r = st.revision(info.id);
        out.revisions.emplace_back(r.info.number, r.answers_json, r.result_json, r.overrides.size());
    }
    return out;
}

fs::path pack_copy_with_version(const fs::path& to, const std::string& version) {
    fs::copy(HC_PACK_DIR, to, fs::copy_options::recursive);
    auto manifest = read_json_file(to / "pack.json");
    manifest["version"] = version;
    std::ofstream(to / "pack.json") << manifest.dump(2);
    return to;
}

}  // namespace

TEST_CASE("Review: the handout panel opens on the stored result with the clinician's decisions ticked") {
    Fixture f;
    f.finalised_consultation();
    f.act(act::OpenHandout{});
    REQUIRE(f.s.handout.open);
    REQUIRE(f.s.handout.review);
    const ReviewHandout& r = *f.s.handout.review;
    CHECK(r.as_decided);
    CHECK(r.note.empty());
    CHECK(r.consultation_id == f.id);
    CHECK(r.date == kOldDay);
    CHECK(r.patient_label == "Sam Reprint");
    CHECK(f.s.handout.render_error.empty());
    CHECK_FALSE(f.s.handout.pages.empty());

    // The stored result, rebuilt, gives back the stored bytes.
    const auto stored = nlohmann::json::parse(f.s.review.shown.result_json);
    CHECK(to_json(*r.pack, r.answers, r.result) == stored);
    // Ticks: the default choice for the stored result, except the one declined.
    const HandoutChoice* d = f.choice(f.declined);
    REQUIRE(d != nullptr);
    CHECK_FALSE(d->chosen);
    const auto defaults = handout::default_choice(*r.pack, r.answers, r.result);
    int ticked = 0;
    for (const auto& o : stored["options"]) {
        const std::string id = o["id"];
        if (std::find(defaults.begin(), defaults.end(), id) == defaults.end() || id == f.declined) continue;
        if (const HandoutChoice* c = f.choice(o["id"])) {
            CHECK(c->chosen);
            ++ticked;
        }
    }
    CHECK(ticked > 0);
    HandoutPanel expected;
    expected.choices = handout_choices(*r.pack, r.answers, r.result, f.s.review.shown.overrides);
    CHECK(chosen_ids(f.s.handout) == chosen_ids(expected));
}

TEST_CASE("Review: with another pack version the panel says the handout uses today's pack") {
    Fixture f;
    f.finalised_consultation();
    const fs::path newer = pack_copy_with_version(f.dir.path / "pack-newer", "2099.1.0");
    f.s.pack = std::make_shared<const Pack>(load_pack(newer));
    f.act(act::OpenConsultation{f.id});
    f.act(act::OpenHandout{});
    REQUIRE(f.s.handout.open);
    REQUIRE(f.s.handout.review);
    const ReviewHandout& r = *f.s.handout.review;
    CHECK_FALSE(r.as_decided);
    CHECK(r.note.find("decided with pack " + f.s.review.shown.info.pack_version) != std::string::npos);
    CHECK(r.note.find("the handout uses today's pack 2099.1.0") != std::string::npos);
    CHECK(r.date == kOldDay);
    // Today's evaluation of the stored answers, still with the clinician's decline.
    CHECK(to_json(*r.pack, r.answers, r.result) == to_json(*r.pack, r.answers, evaluate(*r.pack, r.answers)));
    REQUIRE(f.choice(f.declined) != nullptr);
    CHECK_FALSE(f.choice(f.declined)->chosen);
    CHECK_FALSE(f.s.handout.pages.empty());
}

TEST_CASE("Review: a stored result that no longer resolves falls back to today's evaluation, said plainly") {
    Fixture f;
    f.finalised_consultation();
    const db::Consultation& c = *f.s.review.saved;
    db::Revision rev = c.latest;
    auto stored = nlohmann::json::parse(rev.result_json);
    REQUIRE_FALSE(stored["options"].empty());
    stored["options"][0]["id"] = "no-such-option";
    rev.result_json = stored.dump();
    const ReviewHandout r = review_handout(pack(), c, rev);
    CHECK_FALSE(r.as_decided);
    CHECK(r.note.find("no longer fits today's pack") != std::string::npos);
    CHECK(r.note.find("today's evaluation") != std::string::npos);
    CHECK_FALSE(r.result.options.empty());

    rev.result_json = "{not json";
    const ReviewHandout unreadable = review_handout(pack(), c, rev);
    CHECK_FALSE(unreadable.as_decided);
    CHECK(unreadable.note.find("cannot be read") != std::string::npos);
}

TEST_CASE("Review: Save PDF writes the handout dated as the consultation, with an audit row, nothing else changes") {
    Fixture f;
    f.finalised_consultation();
    const Snapshot before = snapshot(*f.store, f.id);
    const auto opened_before = f.audit(db::AuditAction::Opened).size();
    f.act(act::OpenHandout{});
    REQUIRE(f.s.handout.open);
    f.act(act::SaveHandoutPdf{});
    REQUIRE(f.s.handout.status);
    CHECK(f.s.handout.status->kind == Message::Kind::Info);
    const fs::path pdf = f.s.handout.saved_path;
    CHECK(pdf.filename() == "handout-" + std::to_string(f.id) + "-" + kOldDay + ".pdf");
    REQUIRE(fs::exists(pdf));
    const std::string text = pdf_text(pdf);
    CHECK(text.find("5 March 2024") != std::string::npos);
    CHECK(text.find("Sam Reprint") != std::string::npos);
    CHECK(text.find(handout::today_iso()) == std::string::npos);

    const auto exported = f.audit(db::AuditAction::Exported);
    REQUIRE(exported.size() == 1);
    CHECK(exported[0].detail.find("handout pdf") == 0);
    CHECK(exported[0].detail.find("Sam") == std::string::npos);
    CHECK(exported[0].author == "tester");

    // Printing with no print service: a clear message, no audit row, still nothing changed.
    f.act(act::PrintHandout{});
    REQUIRE(f.s.handout.status);
    CHECK(f.s.handout.status->kind == Message::Kind::Error);
    CHECK(f.audit(db::AuditAction::Printed).empty());

    f.act(act::CloseHandout{});
    CHECK(snapshot(*f.store, f.id) == before);
    CHECK(f.audit(db::AuditAction::Opened).size() == opened_before);
    CHECK_FALSE(f.s.draft.has_value());
    CHECK(f.s.screen == Screen::Review);
}

TEST_CASE("Review: the handout follows the revision chosen in the history") {
    Fixture f;
    f.finalised_consultation();
    // Amend: the decline becomes an accept in revision 2.
    const Answers a = db::answers_of(f.s.review.saved->latest, *pack());
    f.store->amend(f.id, *pack(), a, {{f.declined, db::Override::Decision::Accept, "changed mind"}}, "dr-b", "patient asked");
    f.act(act::OpenConsultation{f.id});
    // Revision 1 in progress, 2 finalised (decline), 3 the amendment (accept).
    REQUIRE(f.s.review.saved->revisions.size() == 3);
    CHECK(f.s.review.shown.info.number == 3);

    f.act(act::OpenHandout{});
    REQUIRE(f.s.handout.review);
    CHECK(f.s.handout.review->revision == 3);
    REQUIRE(f.choice(f.declined) != nullptr);
    CHECK(f.choice(f.declined)->chosen);
    f.act(act::CloseHandout{});

    f.act(act::ViewRevision{f.s.review.saved->revisions[1].id});
    CHECK(f.s.review.shown.info.number == 2);
    f.act(act::OpenHandout{});
    REQUIRE(f.s.handout.review);
    CHECK(f.s.handout.review->revision == 2);
    REQUIRE(f.choice(f.declined) != nullptr);
    CHECK_FALSE(f.choice(f.declined)->chosen);
    f.act(act::CloseHandout{});

    // A revision of another consultation is not shown.
    const auto shown = f.s.review.shown.info.id;
    f.act(act::ViewRevision{999999});
    CHECK(f.s.review.shown.info.id == shown);
}

TEST_CASE("Review: leaving the screen closes the panel") {
    Fixture f;
    f.finalised_consultation();
    f.act(act::OpenHandout{});
    REQUIRE(f.s.handout.open);
    f.act(act::Navigate{Screen::Sessions});
    CHECK_FALSE(f.s.handout.open);
    CHECK_FALSE(f.s.handout.review);
}
