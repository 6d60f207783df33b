#!/usr/bin/env bash
# The dependency rules of the README, checked on the sources: which folder may include what.
#   base/      POSIX and the C++ library only (no project module, no ImGui, SQLite or JSON)
#   engine/    no db/, handout/, ui/, cli/; its internal/ headers are for engine/ alone
#   db/, handout/  no ui/ or cli/; only db/ includes SQLite, only handout/ Cairo, Pango, CUPS
#   db/        the shared store code speaks sql.h: SQLite only in db/sqlite/, libpqxx only in db/postgres/
#   ui/        the only folder including ImGui or GLFW
#   paths and identity come from base/ alone: nothing else reads XDG_*, HOME, USER or getpwuid
# Usage: layering_test.sh SOURCE_DIR
set -u
cd "$1" || exit 2
fails=0
# refuse WHAT FOLDERS... -- PATTERN: no #include matching PATTERN in those folders.
refuse() {
  local what="$1"; shift
  local dirs=(); while [[ "$1" != "--" ]]; do dirs+=("$1"); shift; done; shift
  local hits
  hits=$(grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($1)" "${dirs[@]}" --include='*.cpp' --include='*.h' 2>/dev/null)
  if [[ -n "$hits" ]]; then echo "FAIL: $what:"; echo "$hits"; fails=$((fails+1)); fi
}
refuse "base/ includes a project module or a library" base -- 'engine/|db/|handout/|ui/|cli/|imgui|GLFW|SQLiteCpp|sqlite3|nlohmann|cairo|pango|cups'
refuse "engine/ includes a module above it" engine -- 'db/|handout/|ui/|cli/'
refuse "engine/internal/ used outside engine/" base db handout ui cli bench fuzz tests -- 'engine/internal/'
refuse "db/ or handout/ includes ui/ or cli/" db handout -- 'ui/|cli/'
refuse "SQLite outside db/" base engine handout ui cli -- 'SQLiteCpp|sqlite3\.h'
refuse "SQLite in db/'s shared code (only db/sqlite/)" db/*.cpp db/*.h db/postgres -- 'SQLiteCpp|sqlite3\.h'
refuse "libpqxx or libpq outside db/postgres/" base engine handout ui cli db/*.cpp db/*.h db/sqlite -- 'pqxx|libpq-fe'
refuse "Cairo, Pango or CUPS outside handout/" base engine db ui cli -- 'cairo|pango|cups/'
refuse "ImGui or GLFW outside ui/" base engine db handout cli -- 'imgui|GLFW|backends/'
# Not an #include: a use. forbid WHAT FOLDERS... -- PATTERN
forbid() {
  local what="$1"; shift
  local dirs=(); while [[ "$1" != "--" ]]; do dirs+=("$1"); shift; done; shift
  local hits
  hits=$(grep -rnE "$1" "${dirs[@]}" --include='*.cpp' --include='*.h' 2>/dev/null | grep -vE '^[^:]+:[0-9]+:[[:space:]]*//')
  if [[ -n "$hits" ]]; then echo "FAIL: $what:"; echo "$hits"; fails=$((fails+1)); fi
}
forbid "XDG, HOME, USER or getpwuid read outside base/" engine db handout ui cli -- 'getenv\("(XDG_|HOME|USER)|getpwuid'
if [[ $fails -ne 0 ]]; then exit 1; fi
echo "layering OK"
