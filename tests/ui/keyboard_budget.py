#!/usr/bin/env python3
"""Keyboard budget through the real window: public case v03 answered completely, from the start
screen of an empty database (new patient) to finalised, by keys sent to the app under Xvfb with
xdotool (XTEST, as a keyboard would). Counts every key pressed besides the characters of the
name, the numbers and the notes, and fails over the budget; then reads the saved consultation
back through the CLI and compares its answers with the case's, so a key that lands on the wrong
question is caught.

Usage (inside xvfb-run): keyboard_budget.py APP CLI CASE.json [--budget 90] [--shots DIR]
(--shots keeps a screenshot after every step, for looking at a failure; needs ImageMagick)
"""
import argparse
import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

STEP_PAUSE = 0.05  # seconds after each key before looking whether the app has settled


def cpu_ticks(pid):
    """CPU time used so far, or None while the app's main thread is running or waiting to run."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    if fields[0] == "R":
        return None
    return int(fields[11]) + int(fields[12])  # utime + stime


def wait_settled(pid, quiet=0.12, limit=5.0):
    """Waits until the app has drawn what the last key asked for: its CPU time stops growing
    (it sleeps in glfwWaitEvents when idle), as a clinician looks before the next key. The app's
    own input queue keeps keys typed ahead in order; this keeps the test from depending on how
    busy the machine is."""
    end = time.monotonic() + limit
    last, still_since = cpu_ticks(pid), time.monotonic()
    while time.monotonic() < end:
        time.sleep(0.03)
        now = cpu_ticks(pid)
        if now is None or now != last:
            last, still_since = now, time.monotonic()
        elif time.monotonic() - still_since >= quiet:
            return


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("app")
    ap.add_argument("cli")
    ap.add_argument("case")
    ap.add_argument("--budget", type=int, default=90)
    ap.add_argument("--shots", default="")
    args = ap.parse_args()
    case = json.load(open(args.case, encoding="utf-8"))
    want = case["answers"]

    # The keys a clinician presses for v03, page by page. ("key", name) counts against the
    # budget; ("text", s) is the name, a number or the notes, typed and not counted.
    a = want
    steps = [
        # Start screen: the search box has the keyboard. Tab to the name, Enter adds the
        # patient, Ctrl+N starts the consultation in its first question.
        ("key", "Tab"), ("text", "Rafael Souza"), ("key", "Return"), ("key", "ctrl+n"),
        # 1. About the patient
        ("text", str(a["age_years"])), ("key", "Tab"),
        ("key", "m"), ("key", "Return"),             # sex at birth: Male
        ("key", "n"), ("key", "Next"),               # planning to father a child: No; PgDn
        # 2. The complaint and its course
        ("key", "2"), ("key", "Return"),             # more hair falling out
        ("text", str(a["duration_months"])), ("key", "Tab"),
        ("key", "g"), ("key", "Return"),             # getting worse
        ("key", "y"), ("key", "Return"),             # more shedding: Yes
        ("text", str(a["shedding_duration_months"])), ("key", "Tab"),
        ("key", "n"), ("key", "Next"),               # family history: No
        # 3. Pattern and examination
        ("key", "3"), ("key", "Return"),             # diffuse
        ("key", "p"), ("key", "Return"),             # pull test positive
        ("key", "n"), ("key", "Return"),             # scarring: None seen
        ("key", "n"), ("key", "Return"),             # scalp symptoms: None
        ("key", "n"), ("key", "Return"),             # tight hairstyles: No
        ("key", "n"), ("key", "Next"),               # donor: Not assessed
        # 4. Triggers and medicines
        ("key", "r"), ("key", "Return"),             # rapid weight loss
        ("key", "t"), ("key", "Return"),             # tirzepatide
        ("text", str(a["glp1_start_months_ago"])), ("key", "Tab"),
        ("text", str(a["weight_loss_kg"])), ("key", "Tab"),
        ("text", str(a["weight_loss_period_months"])), ("key", "Tab"),
        ("key", "n"), ("key", "Next"),               # other medicines: None
        # 5. Health history, tests and biopsy
        ("key", "n"), ("key", "Return"),             # medical history: None
        ("key", "n"), ("key", "Return"),             # labs: not done
        ("key", "n"), ("key", "Next"),               # biopsy: not done
        # 6. Treatment so far and goals
        ("key", "n"), ("key", "Return"),             # current treatments: None
        ("key", "s"), ("key", "Return"),             # goal: stop it getting worse
        ("key", "Return"),                           # nothing asked about: on to the notes
        ("text", a["clinician_notes"]), ("key", "Escape"),
        # Finalise: asks once, Enter confirms.
        ("key", "ctrl+Return"), ("key", "Return"),
    ]

    tmp = tempfile.mkdtemp(prefix="hc-kb-")
    atexit.register(shutil.rmtree, tmp, True)  # also after a FAIL (sys.exit)
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(tmp, "config"), XDG_DATA_HOME=os.path.join(tmp, "data"))
    db = os.path.join(tmp, "c.db")
    app = subprocess.Popen([args.app, "--db", db, "--width", "1280", "--height", "800"], env=env,
                           stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, "err"), "w"))
    try:
        win = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", "hairconsult"],
                             capture_output=True, text=True, timeout=30).stdout.split()
        if not win:
            sys.exit("FAIL: the app's window did not appear")
        subprocess.run(["xdotool", "windowfocus", "--sync", win[0]], check=False, timeout=10)
        time.sleep(1.0)
        keys = 0
        for n, (kind, what) in enumerate(steps):
            if kind == "key":
                keys += 1
                subprocess.run(["xdotool", "key", what], check=True)
            else:
                subprocess.run(["xdotool", "type", "--delay", "20", what], check=True)
            time.sleep(STEP_PAUSE)
            wait_settled(app.pid)
            if args.shots:
                subprocess.run(["import", "-window", "root", os.path.join(args.shots, f"{n:03d}.png")], check=False)
        time.sleep(1.0)
        subprocess.run(["xdotool", "key", "ctrl+q"], check=True)
        try:
            app.wait(timeout=15)
        except subprocess.TimeoutExpired:
            app.kill()
            sys.exit("FAIL: the app did not quit on Ctrl+Q")
    finally:
        if app.poll() is None:
            app.kill()

    listed = subprocess.run([args.cli, "--db", db, "sessions", "list", "--format", "json"], capture_output=True, text=True)
    if listed.returncode != 0:
        sys.exit("FAIL: cannot list the saved consultations: " + listed.stderr)
    rows = json.loads(listed.stdout)
    rows = rows.get("rows", rows) if isinstance(rows, dict) else rows
    if len(rows) != 1:
        sys.exit(f"FAIL: expected one saved consultation, found {len(rows)}: {listed.stdout[:400]}")
    row = rows[0]
    cid = row["id"]
    exported = json.loads(subprocess.run([args.cli, "--db", db, "sessions", "export", str(cid)],
                                         capture_output=True, text=True, check=True).stdout)
    print(json.dumps(row)[:300])
    revs = exported["revisions"]
    got = revs[-1]["answers"]
    status = exported.get("status") or row.get("status")
    problems = []
    for k in sorted(set(want) | set(got)):
        if want.get(k) != got.get(k):
            problems.append(f"  {k}: case {json.dumps(want.get(k))}, saved {json.dumps(got.get(k))}")
    print(f"keys pressed besides name, numbers and notes: {keys} (budget {args.budget})")
    if status not in ("completed", "finalised", "final"):
        problems.append(f"  status: {status}, expected finalised")
    if problems:
        sys.exit("FAIL: the saved answers differ from the case:\n" + "\n".join(problems))
    if keys > args.budget:
        sys.exit(f"FAIL: {keys} keys, over the budget of {args.budget}")
    print("ok: keyboard budget")


if __name__ == "__main__":
    main()
