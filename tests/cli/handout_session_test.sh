#!/usr/bin/env bash
# hairconsult-cli handout --session through the real binary and a real SQLite file: with the
# pack id and version the consultation was saved with, the handout shows the stored result (as
# decided) even when today's rules would decide otherwise; with another version it evaluates
# again with today's pack and says so on stderr.
# Usage: handout_session_test.sh CLI PACKS_DIR
set -u
cli="$1"; packs="$2"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails+1)); }
contains() { grep -qF -- "$2" "$1" || { fail "$3: '$2' not in $(basename "$1")"; cat "$1"; }; }
lacks() { ! grep -qF -- "$2" "$1" || { fail "$3: '$2' is in $(basename "$1")"; }; }

cp -r "$packs/mini" "$tmp/pack"
db="$tmp/c.db"
echo '{"age_years": 41, "sex_at_birth": "male", "pattern_type": "male_pattern"}' >"$tmp/a.json"
"$cli" --pack "$tmp/pack" --db "$db" sessions new --patient "Test Patient" --answers "$tmp/a.json" >"$tmp/id" 2>"$tmp/err" ||
  { fail "sessions new"; cat "$tmp/err"; exit 1; }
id="$(grep -oE '[0-9]+' "$tmp/id" | head -1)"
[[ -n "$id" ]] || { fail "no consultation id in: $(cat "$tmp/id")"; exit 1; }

handout() {  # handout NAME: HTML of the session into $tmp/NAME.html, stderr into $tmp/NAME.err
  "$cli" --pack "$tmp/pack" --db "$db" handout --session "$id" --html "$tmp/$1.html" 2>"$tmp/$1.err" ||
    { fail "handout $1 exited $?"; cat "$tmp/$1.err"; }
}

# Same pack: the saved result, which has finasteride first line for this man.
handout same
contains "$tmp/same.html" "Finasteride tablets" "same pack: saved result"
contains "$tmp/same.html" "Male pattern hair loss" "same pack: saved assessment"
lacks "$tmp/same.err" "note:" "same pack: no note"

# Today's rules change without a version bump: the handout still shows what was decided.
sed -i "s/\"sex_at_birth == 'male' and pattern_type == 'male_pattern'\"/\"sex_at_birth == 'intersex' and pattern_type == 'male_pattern'\"/" \
  "$tmp/pack/rules.json"
grep -qF "sex_at_birth == 'intersex'" "$tmp/pack/rules.json" || fail "test set-up: rule aga_male not edited"
"$cli" --pack "$tmp/pack" evaluate --answers "$tmp/a.json" >"$tmp/today.json" 2>/dev/null
lacks "$tmp/today.json" "oral_finasteride" "test set-up: today's evaluation drops finasteride"
handout decided
contains "$tmp/decided.html" "Finasteride tablets" "same version, changed rules: result as decided"
contains "$tmp/decided.html" "Male pattern hair loss" "same version, changed rules: assessment as decided"
lacks "$tmp/decided.err" "note:" "same version: no note"

# Another version: evaluated again with today's pack, with the note.
sed -i 's/"version": *"1.0.0"/"version": "1.0.1"/' "$tmp/pack/pack.json"
grep -qF '"1.0.1"' "$tmp/pack/pack.json" || fail "test set-up: version not bumped"
handout today
contains "$tmp/today.err" "note: This consultation was decided with pack 1.0.0; the handout uses today's pack 1.0.1" "other version: note"
lacks "$tmp/today.html" "Finasteride tablets" "other version: today's evaluation"

# Same version, but the stored result names a rule today's pack no longer has: today's
# evaluation, with a note that names the rule.
sed -i 's/"version": *"1.0.1"/"version": "1.0.0"/' "$tmp/pack/pack.json"
sed -i 's/"id": "aga_male",/"id": "aga_male_renamed",/' "$tmp/pack/rules.json"
grep -qF '"aga_male_renamed"' "$tmp/pack/rules.json" || fail "test set-up: rule not renamed"
handout unresolved
contains "$tmp/unresolved.err" "no longer fits today's pack 1.0.0" "unresolved: note"
contains "$tmp/unresolved.err" "aga_male" "unresolved: names the rule"
lacks "$tmp/unresolved.html" "Finasteride tablets" "unresolved: today's evaluation"

[[ $fails -eq 0 ]] && echo "handout --session: all checks passed"
exit $((fails > 0))
