// What the handout of a saved consultation is made from: the revision as decided, or today's pack
// with a note. One function for the app (Review screen) and the CLI (handout --session), so the
// same saved consultation gives the same handout from both. Knows nothing of the store: the
// caller passes what the revision holds.
#pragma once

#include <string>
#include <vector>

#include "engine/answers.h"
#include "engine/pack.h"
#include "engine/result.h"

namespace hc::handout {

// The clinician's accept or decline of one option, as recorded with the revision.
struct OptionDecision {
    std::string option_id;
    bool accepted = false;  // false: declined
};

// The options a handout explains, in result order: default_choice() with the clinician's
// decisions applied. A declined option is left out; an accepted one is in even when the default
// would leave it out (a verdict of not now, avoid or not available: the clinician chose to
// explain it). Unproven options never (the handout explains those in their own section), nor
// options the result does not list. Empty for an unfinished consultation, as default_choice().
std::vector<std::string> decided_choice(const Pack& pack, const Answers& answers, const Result& result,
                                        const std::vector<OptionDecision>& decisions);

// One saved revision, in engine terms.
struct SavedRevision {
    std::string pack_id, pack_version;      // the pack it was decided with
    Answers answers;                        // its stored answers, read against today's pack
    std::string result_json;                // its stored result, as stored
    std::vector<OptionDecision> decisions;
};

struct AsDecided {
    Answers answers;                  // effective answers (hidden items removed)
    Result result;                    // as decided, or today's evaluation (see `note`)
    bool as_decided = false;          // `result` is the stored one, rebuilt against `pack`
    std::string note;                 // one sentence for the clinician when today's pack is used; else empty
    std::vector<std::string> chosen;  // decided_choice() of `result`
};

// The revision as decided when it was saved with `pack`'s id and version and its stored result
// resolves in `pack`; otherwise (another pack id or version, a stored result that no longer
// resolves or cannot be read) today's evaluation of its answers with `pack`, and `note` says why
// in plain words. Never throws for the stored result; `saved.answers` must be of `pack`'s
// questionnaire (hc::AnswersError otherwise).
AsDecided as_decided_or_today(const Pack& pack, const SavedRevision& saved);

}  // namespace hc::handout
