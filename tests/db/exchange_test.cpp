// Export to JSON and FHIR, and an import that refuses every broken or hostile file unchanged.
#include <catch2/catch.hpp>

#include "store_under_test.h"
#include "test_util.h"

using namespace hc::db;
using namespace hc::db::test;
using K = StoreError::Kind;
using nlohmann::json;

namespace {

struct Fixture {
    TempDir t;
    std::string where = fresh_store(t, "c");
    Store s = Store::open(where);
    ConsultationId cid = 0;
    Fixture() {
        const auto pid = s.add_patient({"Rosa Export", "MRN-9", "1985-05-05"});
        cid = s.start_consultation(pid, pack1(), answers(man()), "dr a");
        s.finalise(cid, pack1(), answers(man()), {{"oral_finasteride", Override::Decision::Decline, "prefers topical"}},
                   "dr a");
        s.amend(cid, pack1(), answers(man("4")), {}, "dr b", "restaged");
    }
    // A refused import must not change one byte: of the file and its log, or, on a server,
    // of any row another program reads there.
    std::string bytes() const {
        if (!kServer) {
            std::string b = file_bytes(where);
            if (std::filesystem::exists(where + "-wal")) b += file_bytes(where + "-wal");
            return b;
        }
        std::string b;
        for (const char* table : {"patients", "consultations", "revisions", "drafts", "audit", "consultation_tags",
                                  "patient_grams"})
            for (const auto& v : raw_cells(where, std::string("SELECT * FROM ") + table + " ORDER BY 1, 2")) b += v + "|";
        return b;
    }
};

}  // namespace

TEST_CASE("export then import into another file keeps every revision byte for byte", "[db][exchange]") {
    Fixture f;
    const json doc = f.s.export_json(f.cid, "dr a");
    CHECK(doc["format"] == "hairconsult-consultation");
    CHECK(doc["revisions"].size() == 3);
    const auto out = f.t / "export.json";
    write_file(out, doc.dump(2));

    TempDir t2;
    Store other = Store::open(fresh_store(t2, "other"));
    const ConsultationId id = other.import_file(out, pack1(), "dr c");
    const Consultation a = f.s.get(f.cid), b = other.get(id);
    CHECK(b.uid == a.uid);
    CHECK(b.summary.status == Status::Amended);
    CHECK(b.patient.name == "Rosa Export");
    CHECK(b.patient.record_number == "MRN-9");
    REQUIRE(b.revisions.size() == a.revisions.size());
    for (std::size_t i = 0; i < a.revisions.size(); ++i) {
        const Revision ra = f.s.revision(a.revisions[i].id), rb = other.revision(b.revisions[i].id);
        CHECK(ra.answers_json == rb.answers_json);
        CHECK(ra.result_json == rb.result_json);
        CHECK(ra.overrides == rb.overrides);
        CHECK(ra.info.reason == rb.info.reason);
        CHECK(ra.info.created_at == rb.info.created_at);
    }
    CHECK(other.list(lf([&](ListFilter& l) { l.assessment = "androgenetic_alopecia_male"; })).rows.size() == 1);
    // The same consultation twice: refused, nothing changes.
    CHECK(kind_thrown([&] { other.import_file(out, pack1(), "dr c"); }) == K::Duplicate);
    CHECK(kind_thrown([&] { f.s.import_json(doc, pack1(), "dr a"); }) == K::Duplicate);
}

TEST_CASE("FHIR QuestionnaireResponse export", "[db][exchange]") {
    Fixture f;
    const json qr = f.s.export_fhir(f.cid, pack1(), "dr a");
    CHECK(qr["resourceType"] == "QuestionnaireResponse");
    CHECK(qr["status"] == "amended");
    CHECK(qr["identifier"]["value"] == f.s.get(f.cid).uid);
    CHECK(qr["subject"]["display"] == "Rosa Export");
    CHECK(qr["authored"] == f.s.get(f.cid).latest.info.created_at);
    // It reads back as the same answers.
    CHECK(hc::answers_from_json(pack1().questionnaire, qr) == answers(man("4")));
    const auto first = f.s.get(f.cid).revisions.at(1).id;
    CHECK(f.s.export_fhir(f.cid, pack1(), "dr a", first)["status"] == "completed");
}

TEST_CASE("a broken or hostile import file changes nothing", "[db][exchange][hostile]") {
    Fixture f;
    const json good = f.s.export_json(f.cid, "dr a");
    const auto before = f.bytes();
    const auto rows = f.s.list({}).rows.size();
    const auto in = f.t / "in.json";

    auto refused = [&](const std::string& text) {
        write_file(in, text);
        const auto k = kind_thrown([&] { f.s.import_file(in, pack1(), "dr a"); });
        CHECK(f.bytes() == before);
        CHECK(f.s.list({}).rows.size() == rows);
        return k;
    };
    auto mutated = [&](auto&& change) {
        json d = good;
        d["uid"] = "0123456789abcdef0123456789abcdef";  // not a duplicate: the change is what is refused
        change(d);
        return refused(d.dump());
    };

    CHECK(refused("not json at all") == K::InvalidInput);
    CHECK(refused("") == K::InvalidInput);
    CHECK(refused(std::string(100000, '[') + std::string(100000, ']')) == K::InvalidInput);
    CHECK(refused(R"({"format":"hairconsult-consultation","format":"x"})") == K::InvalidInput);
    CHECK(refused(R"({"a":1e400})") == K::InvalidInput);
    CHECK(refused("[1,2,3]") == K::InvalidInput);
    CHECK(refused(std::string(9u << 20, ' ')) == K::InvalidInput);
    {
        // A duplicate key deep inside the answers.
        std::string text = good.dump();
        const auto pos = text.find("\"age_years\":34");
        REQUIRE(pos != std::string::npos);
        text.insert(pos, "\"age_years\":99,");
        text.replace(text.find(good["uid"].get<std::string>()), 32, "0123456789abcdef0123456789abcdef");
        CHECK(refused(text) == K::InvalidInput);
    }
    CHECK(mutated([](json& d) { d["format_version"] = 2; }) == K::InvalidInput);
    CHECK(mutated([](json& d) { d["format"] = "something-else"; }) == K::InvalidInput);
    CHECK(mutated([](json& d) { d["patient"]["name"] = std::string("a\x01" "b"); }) == K::InvalidInput);
    CHECK(mutated([](json& d) { d["patient"]["name"] = ""; }) == K::InvalidInput);
    CHECK(mutated([](json& d) { d["patient"]["birth_date"] = "yesterday"; }) == K::InvalidInput);
    CHECK(mutated([](json& d) { d["status"] = "deleted"; }) == K::InvalidInput);
    CHECK(mutated([](json& d) { d["status"] = "completed"; }) == K::InvalidInput);  // last revision is amended
    CHECK(mutated([](json& d) { d["revisions"] = json::array(); }) == K::InvalidInput);
    CHECK(mutated([](json& d) { d["revisions"][1]["number"] = 7; }) == K::InvalidInput);
    CHECK(mutated([](json& d) { d["revisions"][2]["reason"] = ""; }) == K::InvalidInput);
    CHECK(mutated([](json& d) { d["revisions"][0]["created_at"] = "2026-02-30T00:00:00.000Z"; }) == K::InvalidInput);
    CHECK(mutated([](json& d) { d["revisions"][0]["answers"] = "age 34"; }) == K::InvalidInput);
    CHECK(mutated([](json& d) { d["revisions"][0]["answers"]["age_years"] = 500; }) == K::InvalidInput);
    CHECK(mutated([](json& d) { d["revisions"][0]["answers"]["no_such_item"] = 1; }) == K::InvalidInput);
    CHECK(mutated([](json& d) { d["revisions"][0]["answers"]["age_years"] = json::object({{"x", 1}}); }) ==
          K::InvalidInput);
    // A result that is not what the pack gives for the answers (tampered "as decided").
    CHECK(mutated([](json& d) { d["revisions"][1]["result"]["options"][0]["verdict"] = "avoid"; }) == K::InvalidInput);
    CHECK(mutated([](json& d) { d["revisions"][1]["overrides"][0]["decision"] = "maybe"; }) == K::InvalidInput);
    CHECK(mutated([](json& d) { d["revisions"][1]["overrides"][0]["option"] = "unknown_option"; }) == K::InvalidInput);
    // A record number that belongs to someone else here.
    CHECK(mutated([](json& d) { d["patient"]["name"] = "Someone Else"; }) == K::Duplicate);
    // The intact file with a fresh uid still imports, as the patient with that record number.
    json fresh = good;
    fresh["uid"] = "0123456789abcdef0123456789abcdef";
    const auto id = f.s.import_json(fresh, pack1(), "dr a");
    CHECK(f.s.get(id).patient.id == f.s.get(f.cid).patient.id);
}

TEST_CASE("an import from an older pack keeps its result as decided", "[db][exchange]") {
    Fixture f;
    json doc = f.s.export_json(f.cid, "dr a");
    doc["uid"] = "feedfacefeedfacefeedfacefeedface";
    // Pack 2 would give another verdict; the import must not re-evaluate or refuse it.
    const auto id = f.s.import_json(doc, pack2(), "dr a");
    CHECK(f.s.get(id).latest.result_json == f.s.get(f.cid).latest.result_json);
}

TEST_CASE("an import whose result no reader could read is refused, even from a pack not here", "[db][exchange][stored]") {
    Fixture f;
    json doc = f.s.export_json(f.cid, "dr a");
    doc["uid"] = "0badc0de0badc0de0badc0de0badc0de";
    // Imported with pack 2 the revisions name pack 1: kept unverified, but still read as every
    // screen will read them.
    json wrong = doc;
    wrong["revisions"][1]["result"]["assessments"][0]["likelihood"] = 3;
    try {
        f.s.import_json(wrong, pack2(), "dr a");
        FAIL("imported");
    } catch (const StoreError& e) {
        CHECK(e.kind() == K::InvalidInput);
        CHECK_THAT(e.what(), Catch::Contains("/assessments/0/likelihood must be a string"));
    }
    wrong = doc;
    wrong["revisions"][1]["result"].erase("workup");
    CHECK(kind_thrown([&] { f.s.import_json(wrong, pack2(), "dr a"); }) == K::InvalidInput);
    // The intact document still imports.
    CHECK(f.s.import_json(doc, pack2(), "dr a") > 0);
}
