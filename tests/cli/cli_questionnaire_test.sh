#!/usr/bin/env bash
# hairconsult-cli questionnaire through the real binary: the FHIR R4 Questionnaire, the text
# outline, --answers FILE --enabled (FHIR enableWhen: 'answered and not male'), --response, and
# exit codes (0 ok, 1 bad input with one line on stderr, 2 usage).
# Usage: cli_questionnaire_test.sh CLI PACKS_DIR
set -u
cli="$1"; packs="$2"; mini="$packs/mini"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fails=0
expect() {  # expect CODE DESCRIPTION -- command...: stdout/stderr in $tmp/out, $tmp/err
  local want="$1" what="$2"; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  if [[ $got -ne $want ]]; then echo "FAIL: $what: exit $got, wanted $want"; cat "$tmp/err"; fails=$((fails+1)); fi
}
contains() {  # contains FILE TEXT DESCRIPTION
  grep -qF -- "$2" "$1" || { echo "FAIL: $3: '$2' not in $(basename "$1"):"; cat "$1"; fails=$((fails+1)); }
}
lacks() {  # lacks FILE LINE DESCRIPTION: no line equal to LINE
  ! grep -qxF -- "$2" "$1" || { echo "FAIL: $3: line '$2' in $(basename "$1")"; fails=$((fails+1)); }
}
same() {  # same FILE EXPECTED DESCRIPTION
  [[ "$(cat "$1")" == "$2" ]] || { echo "FAIL: $3:"; diff <(echo "$2") "$1"; fails=$((fails+1)); }
}

expect 0 "questionnaire (FHIR)" -- "$cli" --pack "$mini" questionnaire
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
q = json.load(open(sys.argv[1]))
assert q["resourceType"] == "Questionnaire" and q["url"] == "https://hairconsult.example/Questionnaire/mini", q.get("url")
assert q["version"] == "1.0.0" and q["status"] == "active" and q["id"] == "mini"
items = {}
def walk(l):
    for i in l:
        items[i["linkId"]] = i
        walk(i.get("item", []))
walk(q["item"])
r = items["reproductive_status"]
assert r["enableBehavior"] == "all" and [e["operator"] for e in r["enableWhen"]] == ["exists", "!="], r
assert items["age_years.help"]["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == "help"
urls = {e["url"] for e in items["age_years"]["extension"]}
assert urls == {"http://hl7.org/fhir/StructureDefinition/questionnaire-unit", "http://hl7.org/fhir/StructureDefinition/minValue",
                "http://hl7.org/fhir/StructureDefinition/maxValue",
                "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-shortText"}, urls
PY
expect 0 "questionnaire --format fhir is the default" -- "$cli" --pack "$mini" questionnaire --format fhir
expect 0 "questionnaire --format text" -- "$cli" --pack "$mini" questionnaire --format text
contains "$tmp/out" "shown when sex_at_birth is answered and sex_at_birth != male (Male)" "enableWhen in words"
expect 0 "shipped pack" -- "$cli" questionnaire
contains "$tmp/out" '"url": "https://hairconsult.example/Questionnaire/hair-loss"' "shipped url"

# --enabled: FHIR enableWhen; the pack says 'answered and not male'.
echo '{}' >"$tmp/none.json"
echo '{"sex_at_birth": "male"}' >"$tmp/male.json"
echo '{"sex_at_birth": "female", "recent_triggers": ["severe_stress"], "glp1_agonist": "semaglutide"}' >"$tmp/female.json"
expect 0 "--enabled, nothing answered" -- "$cli" --pack "$mini" questionnaire --answers "$tmp/none.json" --enabled
same "$tmp/out" "page_about
intro
age_years
sex_at_birth
page_history
pattern_type
duration_months
recent_triggers
glp1_agonist
scalp_pain
last_visit
referrer
clinician_notes" "enabled for no answers (document order, groups and display items too)"
expect 0 "--enabled, male" -- "$cli" --pack "$mini" questionnaire --answers "$tmp/male.json" --enabled
contains "$tmp/out" "planning_conception" "male: planning_conception"
lacks "$tmp/out" "reproductive_status" "male: no reproductive_status"
expect 0 "--enabled, female, GLP-1" -- "$cli" --pack "$mini" questionnaire --answers "$tmp/female.json" --enabled
contains "$tmp/out" "reproductive_status" "female: reproductive_status"
contains "$tmp/out" "weight_loss_kg" "GLP-1: weight_loss_kg"
lacks "$tmp/out" "planning_conception" "female: no planning_conception"
expect 0 "--enabled from stdin" -- sh -c "'$cli' --pack '$mini' questionnaire --answers - --enabled < '$tmp/male.json'"
contains "$tmp/out" "planning_conception" "stdin answers read"

echo '{"id": "c1", "title": "a case file", "answers": {"sex_at_birth": "male"}, "expect": {}}' >"$tmp/case.json"
expect 0 "--enabled, case file" -- "$cli" --pack "$mini" questionnaire --answers "$tmp/case.json" --enabled
contains "$tmp/out" "planning_conception" "case file: its answers used"

# --response: the answers as a QuestionnaireResponse, hidden answers left out and named.
echo '{"sex_at_birth": "male", "reproductive_status": "pregnant", "age_years": 40}' >"$tmp/hidden.json"
expect 0 "--response" -- "$cli" --pack "$mini" questionnaire --answers "$tmp/hidden.json" --response --status amended
contains "$tmp/err" "answer to 'reproductive_status' left out" "hidden answer named"
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
r = json.load(open(sys.argv[1]))
assert r["resourceType"] == "QuestionnaireResponse" and r["status"] == "amended", r
assert r["questionnaire"] == "https://hairconsult.example/Questionnaire/mini|1.0.0"
about = r["item"][0]
assert about["linkId"] == "page_about" and "answer" not in about
assert [i["linkId"] for i in about["item"]] == ["age_years", "sex_at_birth"], about
PY
cp "$tmp/out" "$tmp/qr.json"
expect 0 "a response reads back" -- "$cli" --pack "$mini" questionnaire --answers "$tmp/qr.json" --enabled
contains "$tmp/out" "planning_conception" "response read back"
expect 0 "--response, nothing answered" -- "$cli" --pack "$mini" questionnaire --answers "$tmp/none.json" --response
python3 -c "import json,sys; r=json.load(open(sys.argv[1])); assert 'item' not in r and r['status'] == 'completed', r" "$tmp/out" \
  || { echo "FAIL: an empty response has an item array or the wrong status"; fails=$((fails+1)); }

# Bad input: exit 1 with one line; usage: exit 2.
echo '{"resourceType": "QuestionnaireResponse", "status": "completed", "item": [{"linkId": "age_years", "answer": [{"valueInteger": 4}]}]}' >"$tmp/flat.json"
expect 1 "a question outside its group" -- "$cli" --pack "$mini" questionnaire --answers "$tmp/flat.json" --enabled
contains "$tmp/err" "'age_years': belongs in group 'page_about', not at the top level" "nesting named"
echo '{"favourite_colour": "blue"}' >"$tmp/unknown.json"
expect 1 "unknown linkId" -- "$cli" --pack "$mini" questionnaire --answers "$tmp/unknown.json" --enabled
contains "$tmp/err" "unknown linkId 'favourite_colour'" "unknown linkId named"
expect 1 "--enabled without --answers" -- "$cli" --pack "$mini" questionnaire --enabled
expect 1 "--answers without --enabled or --response" -- "$cli" --pack "$mini" questionnaire --answers "$tmp/none.json"
expect 1 "--enabled and --response" -- "$cli" --pack "$mini" questionnaire --answers "$tmp/none.json" --enabled --response
expect 1 "broken pack" -- "$cli" --pack "$packs/broken" questionnaire
expect 2 "bad --format" -- "$cli" --pack "$mini" questionnaire --format xml
expect 2 "bad --status" -- "$cli" --pack "$mini" questionnaire --answers "$tmp/none.json" --response --status final

if [[ $fails -ne 0 ]]; then echo "$fails questionnaire CLI check(s) failed"; exit 1; fi
echo "all questionnaire CLI checks passed"
