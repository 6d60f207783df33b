// The folded form of a name or record number that search compares (see fold_for_search in
// internal.h). ICU does the work: NFC first (a name typed as e + combining diaeresis folds like
// one typed as ë), then Latin-ASCII, which drops the accents of Latin letters and spells out
// those that do not decompose (Ł -> l, Ø -> o, ß -> ss, Đ -> d, Æ -> ae), then lower case.
// Latin-ASCII touches Latin letters only, so Chinese, Japanese (kana keep their voicing marks),
// Cyrillic or Devanagari names stay as they were, apart from case.
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <mutex>

#include "db/internal.h"

namespace hc::db {
namespace {

constexpr const char* kFoldRules = "NFC; Latin-ASCII; Any-Lower";

// A Transliterator takes milliseconds to build and is not safe to share between threads while in
// use: one per thread that searches or writes, built on first use.
icu::Transliterator* folder() {
    thread_local std::unique_ptr<icu::Transliterator> t;
    thread_local bool tried = false;
    if (!tried) {
        tried = true;
        UErrorCode status = U_ZERO_ERROR;
        t.reset(icu::Transliterator::createInstance(icu::UnicodeString::fromUTF8(kFoldRules), UTRANS_FORWARD, status));
        if (U_FAILURE(status)) t.reset();
    }
    return t.get();
}

}  // namespace

std::string fold_for_search(std::string_view text) {
    icu::Transliterator* t = folder();
    if (!t)  // ICU's data missing: refuse rather than store a form that search could not find again
        throw StoreError(StoreError::Kind::Internal, 0, "Cannot prepare names for search (ICU transliterator unavailable).");
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    t->transliterate(u);
    std::string out;
    u.toUTF8String(out);
    return out;
}

}  // namespace hc::db
