#!/usr/bin/env bash
# hairconsult-cli validate/evaluate through the real binary: exit codes (0 ok, 1 bad input with
# one line on stderr, 2 usage), warnings for dropped answers, FHIR input, text output.
# Usage: cli_test.sh CLI PACKS_DIR
set -u
cli="$1"; packs="$2"; mini="$packs/mini"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fails=0
# expect CODE DESCRIPTION -- command...: runs it, keeps stdout/stderr in $tmp/out, $tmp/err
expect() {
  local want="$1" what="$2"; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  if [[ $got -ne $want ]]; then echo "FAIL: $what: exit $got, wanted $want"; cat "$tmp/err"; fails=$((fails+1)); fi
}
contains() {  # contains FILE TEXT DESCRIPTION
  grep -qF -- "$2" "$1" || { echo "FAIL: $3: '$2' not in $(basename "$1"):"; cat "$1"; fails=$((fails+1)); }
}
lines() {  # lines FILE N DESCRIPTION
  local n; n=$(wc -l <"$1"); [[ $n -eq $2 ]] || { echo "FAIL: $3: $n lines on $(basename "$1"), wanted $2"; cat "$1"; fails=$((fails+1)); }
}

echo '{"age_years": 32, "sex_at_birth": "female", "reproductive_status": "pregnant", "pattern_type": "female_pattern"}' >"$tmp/ok.json"
echo '{"age_years": 32, "sex_at_birth": "male", "reproductive_status": "pregnant"}' >"$tmp/hidden.json"
echo '{"age_years": 32, "favourite_colour": "blue"}' >"$tmp/unknown.json"
echo '{"sex_at_birth": "alien"}' >"$tmp/code.json"
echo '{"age_years": 1, "age_years": 2}' >"$tmp/dup.json"
python3 -c "print('['*100000 + ']'*100000)" >"$tmp/deep.json"
echo '{"resourceType": "QuestionnaireResponse", "status": "completed", "item": [{"linkId": "page_about", "item": [{"linkId": "sex_at_birth", "answer": [{"valueCoding": {"code": "male"}}]}]}]}' >"$tmp/qr.json"
echo '{"id": "c1", "title": "a case file", "answers": {"age_years": 40, "sex_at_birth": "male"}, "expect": {}}' >"$tmp/case.json"

expect 0 "validate good pack" -- "$cli" validate "$mini"
contains "$tmp/out" "pack mini 1.0.0: OK" "validate summary"
expect 0 "validate --pack" -- "$cli" --pack "$mini" validate
expect 0 "validate with HAIRCONSULT_PACK" -- env HAIRCONSULT_PACK="$mini" "$cli" validate
contains "$tmp/out" "pack mini" "env pack used"
expect 1 "validate broken pack" -- "$cli" validate "$packs/broken"
lines "$tmp/err" 1 "validate broken: one line on stderr"
contains "$tmp/err" "problems (listed on standard output)" "validate broken summary"
contains "$tmp/out" "questionnaire.json /item/0/item/1/linkId: duplicate linkId 'age_years'" "broken: duplicate linkId"
contains "$tmp/out" "choice item 'colour' has no answerOption" "broken: choice without options"
contains "$tmp/out" "'readOnly' is not supported" "broken: unsupported key"
contains "$tmp/out" "unknown reference 'R_missing'" "broken: unresolved ref"
contains "$tmp/out" "unknown kind 'potion'" "broken: kind"
contains "$tmp/out" "grade 'Q' is not on the evidence scale" "broken: grade"
contains "$tmp/out" "handout.json /text/intro: must be a string" "broken: handout"
expect 1 "validate missing folder" -- "$cli" validate "$tmp/nowhere"
expect 0 "validate --report" -- "$cli" validate "$mini" --report
contains "$tmp/out" "| Option | Grade | Verdicts set by rules | References |" "report table"
contains "$tmp/out" "**avoid** \`fin_avoid_pregnancy\`" "report names rules"
expect 1 "validate --strict with warnings" -- "$cli" validate "$mini" --strict
contains "$tmp/out" "warning: " "lint warnings printed"

expect 0 "evaluate json" -- "$cli" --pack "$mini" evaluate --answers "$tmp/ok.json"
python3 -c "import json,sys; r=json.load(open('$tmp/out')); sys.exit(0 if r['pack']['id']=='mini' and r['options'] else 1)" \
  || { echo "FAIL: evaluate output is not the result JSON"; fails=$((fails+1)); }
[[ -s "$tmp/err" ]] && { echo "FAIL: evaluate ok wrote to stderr"; fails=$((fails+1)); }
cp "$tmp/out" "$tmp/first.json"
expect 0 "evaluate again" -- "$cli" evaluate --pack "$mini" --answers "$tmp/ok.json"
cmp -s "$tmp/out" "$tmp/first.json" || { echo "FAIL: evaluate output differs between runs"; fails=$((fails+1)); }
expect 0 "evaluate text" -- "$cli" --pack "$mini" evaluate --answers "$tmp/ok.json" --format text
contains "$tmp/out" "Avoid: Finasteride tablets" "text output"
expect 0 "evaluate stdin" -- sh -c "'$cli' --pack '$mini' evaluate --answers - < '$tmp/ok.json'"
expect 0 "evaluate FHIR QuestionnaireResponse" -- "$cli" --pack "$mini" evaluate --answers "$tmp/qr.json"
expect 0 "evaluate case file" -- "$cli" --pack "$mini" evaluate --answers "$tmp/case.json"
expect 0 "evaluate with a hidden answer" -- "$cli" --pack "$mini" evaluate --answers "$tmp/hidden.json"
lines "$tmp/err" 1 "hidden answer: one warning"
contains "$tmp/err" "warning: answer to 'reproductive_status' ignored" "hidden answer named"
contains "$tmp/out" '"dropped": [' "dropped listed in JSON"
expect 1 "unknown linkId" -- "$cli" --pack "$mini" evaluate --answers "$tmp/unknown.json"
lines "$tmp/err" 1 "unknown linkId: one line"
contains "$tmp/err" "unknown linkId 'favourite_colour'" "unknown linkId named"
[[ -s "$tmp/out" ]] && { echo "FAIL: a refused answers file still printed a result"; fails=$((fails+1)); }
expect 1 "unknown code" -- "$cli" --pack "$mini" evaluate --answers "$tmp/code.json"
contains "$tmp/err" "code 'alien' is not offered" "unknown code named"
expect 1 "duplicate key" -- "$cli" --pack "$mini" evaluate --answers "$tmp/dup.json"
contains "$tmp/err" "duplicate key 'age_years'" "duplicate key named"
expect 1 "deep nesting" -- "$cli" --pack "$mini" evaluate --answers "$tmp/deep.json"
contains "$tmp/err" "nested deeper than 64 levels" "deep nesting message"
lines "$tmp/err" 1 "deep nesting: one line"
expect 1 "missing answers file" -- "$cli" --pack "$mini" evaluate --answers "$tmp/none.json"
expect 1 "evaluate on a broken pack" -- "$cli" --pack "$packs/broken" evaluate --answers "$tmp/ok.json"
lines "$tmp/err" 1 "broken pack: one line"
expect 2 "evaluate without --answers" -- "$cli" --pack "$mini" evaluate
expect 2 "bad --format" -- "$cli" --pack "$mini" evaluate --answers "$tmp/ok.json" --format xml
expect 2 "unknown verb" -- "$cli" frobnicate
expect 2 "no verb" -- "$cli"
expect 0 "--version" -- "$cli" --version

if [[ $fails -ne 0 ]]; then echo "$fails CLI check(s) failed"; exit 1; fi
echo "all CLI checks passed"
