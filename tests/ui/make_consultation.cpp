// Test helper: saves a finalised consultation of a vignette in a database and prints its id,
// so the GUI tests can open it with --open ID. Usage: make_consultation DB VIGNETTE [NAME]
#include <cstdio>
#include <exception>

#include "db/store.h"
#include "engine/json_input.h"
#include "engine/pack.h"

int main(int argc, char** argv) {
    if (argc != 3 && argc != 4) {
        std::fprintf(stderr, "usage: make_consultation DB VIGNETTE [NAME]\n");
        return 2;
    }
    try {
        const hc::Pack pack = hc::load_pack(hc::default_pack_dir());
        const auto answers = hc::answers_from_json(pack.questionnaire, hc::read_json_file(argv[2]).at("answers"));
        auto store = hc::db::Store::open(argv[1]);
        const auto pid = store.add_patient({argc == 4 ? argv[3] : "Test Patient", "", ""});
        const auto id = store.start_consultation(pid, pack, answers, "test");
        store.finalise(id, pack, answers, {}, "test");
        std::printf("%lld\n", static_cast<long long>(id));
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "make_consultation: %s\n", e.what());
        return 1;
    }
}
