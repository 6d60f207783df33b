#!/usr/bin/env python3
"""Two rooms, two real app windows, one clinic database (issue 12), under Xvfb.

Room 1 opens a finalised consultation to amend it and types the reason; room 2 opens the same one and sees who has
it (its layout audit is read: the words and the Take over button), then a clinician clicks
Take over in room 2's real window (xdotool). The server's lease moves to room 2, room 1 hears it
through the change feed and shows the consultation read-only, the reason it typed kept to
copy; closing both windows lets go of
the lease. Then a third window on the consultations list hears of a consultation another program
saves, without anyone touching it, and keeps its rows where they are until asked.

A command-line writer is a room too: its amendment is refused while room 1 holds the lease, and
refused again, with nothing written, when it was based on a revision another room has replaced.

Usage: xvfb-run -a -s -noreset rooms_gui.py APP CLI MAKE_CONSULTATION VIGNETTE URI_FILE [--shots DIR]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


def fail(why):
    sys.exit("FAIL: " + why)


def with_db(uri, name):
    start = uri.find("/", uri.find("://") + 3)
    q = uri.find("?")
    tail = uri[q:] if q >= 0 else ""
    if start < 0 or (q >= 0 and start > q):
        return (uri[:q] if q >= 0 else uri) + "/" + name + tail
    return uri[:start + 1] + name + tail


def sql(uri, query):
    r = subprocess.run(["psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", uri, "-c", query],
                       capture_output=True, text=True, timeout=30)
    if r.returncode != 0:
        fail("psql: " + r.stderr.strip())
    return r.stdout.strip()


def wait_for(what, probe, limit=20.0):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        got = probe()
        if got:
            return got
        time.sleep(0.1)
    fail("timed out waiting for " + what)


def launch(cmd, env, err):
    """An app window started in the background, its stderr kept in the file `err`."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=open(err, "w"), text=True)
    proc.err = err
    return proc


def window_of(proc):
    """The window of a launched app; a program that ended first fails the test with its words."""
    def probe():
        if proc.poll() is not None:
            fail("the app ended (exit %d) before its window appeared: %s" % (proc.returncode, open(proc.err).read().strip()))
        r = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(proc.pid)], capture_output=True, text=True)
        return r.stdout.split()[-1] if r.stdout.split() else None
    return wait_for("the window of process %d" % proc.pid, probe)


def click(win, item):
    """A left click in the middle of a layout-audit item of window `win`, as a mouse would."""
    subprocess.run(["xdotool", "windowraise", win], check=False)
    subprocess.run(["xdotool", "windowfocus", "--sync", win], check=False, timeout=10)
    subprocess.run(["xdotool", "mousemove", "--window", win, str(int(item["x"] + item["w"] / 2)),
                    str(int(item["y"] + item["h"] / 2))], check=True)
    time.sleep(0.3)
    subprocess.run(["xdotool", "click", "1"], check=True)
    time.sleep(0.3)


def quit_window(proc, win):
    subprocess.run(["xdotool", "windowraise", win], check=False)
    subprocess.run(["xdotool", "windowfocus", "--sync", win], check=False, timeout=10)
    time.sleep(0.3)
    subprocess.run(["xdotool", "key", "ctrl+q"], check=True)
    try:
        out, _ = proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        fail("a window did not quit on Ctrl+Q")
    return out


def settings_home(tmp, name, clinician):
    home = os.path.join(tmp, name)
    os.makedirs(os.path.join(home, "hairconsult"))
    with open(os.path.join(home, "hairconsult", "settings.json"), "w") as f:
        json.dump({"clinician_name": clinician}, f)
    return dict(os.environ, XDG_CONFIG_HOME=home, XDG_DATA_HOME=os.path.join(tmp, "data"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("app")
    ap.add_argument("cli")
    ap.add_argument("maker")
    ap.add_argument("vignette")
    ap.add_argument("uri_file")
    ap.add_argument("--shots")
    args = ap.parse_args()

    admin = os.environ.get("HAIRCONSULT_TEST_PG") or open(args.uri_file).read().strip()
    name = "hc_gui_rooms_%d" % os.getpid()
    sql(admin, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)
    sql(admin, "CREATE DATABASE %s" % name)
    uri = with_db(admin, name)
    tmp = tempfile.mkdtemp(prefix="hc-rooms-")
    made = subprocess.run([args.maker, uri, args.vignette, "Ada Okafor"], capture_output=True, text=True)
    if made.returncode != 0:
        fail("could not prepare a consultation: " + made.stderr)
    cid = made.stdout.strip()
    env1 = settings_home(tmp, "room1", "Dr Amara Diallo")
    env2 = settings_home(tmp, "room2", "Dr Ben Kowalski")
    size = ["--width", "1280", "--height", "800"]
    # The lease as the server counts it: a row whose session is still connected.
    lease = lambda: sql(uri, "SELECT room || ' | ' || clinician FROM leases l WHERE consultation_id = %s AND EXISTS "
                             "(SELECT 1 FROM pg_stat_activity a WHERE a.pid = l.backend_pid "
                             "AND a.backend_start = l.backend_start)" % cid)
    procs = []
    try:
        # Where room 1's amendment reason field is (a rendering of the same screen, while nobody
        # holds the consultation: the lease ends with that program).
        audit1 = os.path.join(tmp, "room1.json")
        first = subprocess.run([args.app, "--db", uri, "--room", "Room 1", "--open", cid, "--edit", "--layout-audit", audit1] + size,
                               env=env1, capture_output=True, text=True, timeout=60)
        if first.returncode != 0:
            fail("room 1's rendering failed: " + first.stderr)
        reason = [i for i in json.load(open(audit1))["items"] if i["label"] == "Reason for the amendment (required)"]
        if not reason:
            fail("room 1 has no amendment reason field")
        if lease():
            fail("a program that ended still holds the lease: " + lease())

        # Room 1 amends the consultation: it holds the lease while its window is open, and types
        # the amendment's reason (kept in memory until saved).
        room1 = launch([args.app, "--db", uri, "--room", "Room 1", "--open", cid, "--edit", "--print-state"] + size,
                       env1, os.path.join(tmp, "err1"))
        procs.append(room1)
        wait_for("room 1's lease", lambda: lease() == "Room 1 | Dr Amara Diallo")
        # A writer from the command line meanwhile: refused, told who has it, nothing written.
        answers = os.path.join(tmp, "answers.json")
        with open(answers, "w") as f:
            json.dump(json.load(open(args.vignette))["answers"], f)
        amend = lambda *extra: subprocess.run([args.cli, "--db", uri, "sessions", "amend", cid, "--answers", answers,
                                               "--reason", "ferritin result"] + list(extra),
                                              capture_output=True, text=True, timeout=60)
        refused = amend()
        if refused.returncode == 0 or "being edited in Room 1 by Dr Amara Diallo" not in refused.stderr:
            fail("a command-line amendment went in while room 1 holds the lease: %d %s" % (refused.returncode, refused.stderr))
        revisions = lambda: sql(uri, "SELECT count(*) FROM revisions WHERE consultation_id = %s" % cid)
        if revisions() != "2":
            fail("a refused amendment left a revision: " + revisions())
        win1 = window_of(room1)
        time.sleep(1.0)
        click(win1, reason[0])
        subprocess.run(["xdotool", "type", "--delay", "20", "ferritin result came back"], check=True)
        time.sleep(0.5)

        # What room 2 sees on opening it: rendered once, its layout read.
        audit = os.path.join(tmp, "room2.json")
        shot = os.path.join(args.shots or tmp, "rooms-watching.png")
        seen = subprocess.run([args.app, "--db", uri, "--room", "Room 2", "--open", cid, "--edit", "--print-state",
                               "--layout-audit", audit, "--screenshot", shot] + size,
                              env=env2, capture_output=True, text=True, timeout=60)
        if seen.returncode != 0:
            fail("room 2's rendering failed: " + seen.stderr)
        if "room=watching" not in seen.stdout:
            fail("room 2 is not watching: " + seen.stdout)
        items = json.load(open(audit))["items"]
        words = [i for i in items if i["label"].startswith("Being edited in Room 1 by Dr Amara Diallo since ")]
        if not words:
            fail("room 2 does not say who has the consultation")
        take = [i for i in items if i["label"] == "Take over" and i["interactive"]]
        if not take:
            fail("room 2 has no Take over button")
        if [i for i in items if i["label"].startswith("Save amendment")]:
            fail("room 2 offers to save an amendment it cannot make")
        if lease() != "Room 1 | Dr Amara Diallo":
            fail("merely looking moved the lease: " + lease())

        # A clinician in room 2 clicks Take over in the real window.
        room2 = launch([args.app, "--db", uri, "--room", "Room 2", "--open", cid, "--edit", "--print-state"] + size,
                       env2, os.path.join(tmp, "err2"))
        procs.append(room2)
        win2 = window_of(room2)
        time.sleep(1.0)
        click(win2, take[0])
        wait_for("the lease to move to room 2", lambda: lease() == "Room 2 | Dr Ben Kowalski", limit=10)

        # Room 1 was told through the feed (well within these seconds) and shows it read-only.
        time.sleep(3.0)
        if args.shots:
            subprocess.run(["xdotool", "windowraise", win1], check=False)
            time.sleep(0.5)
            subprocess.run(["import", "-window", "root", os.path.join(args.shots, "rooms-taken-over.png")], check=False)
        out1 = quit_window(room1, win1)
        if "room=watching" not in out1:
            fail("room 1 was not told it lost the consultation: " + out1)
        if "lost_lines=1" not in out1:
            fail("room 1 did not keep the amendment reason it had typed: " + out1)
        out2 = quit_window(room2, win2)
        if "screen=consultation consultation=%s " % cid not in out2:
            fail("room 2 is not on the consultation it took over: " + out2)
        # Let go by the app itself on closing, not only by its connection ending.
        rows = sql(uri, "SELECT count(*) FROM leases")
        if rows != "0":
            fail("closing the window left %s lease rows" % rows)

        # Nobody holds it now. An amendment based on revision 1, when revision 2 is the latest,
        # is refused with nothing written; based on the latest it goes in.
        stale = amend("--based-on", "1")
        if stale.returncode == 0 or "saved elsewhere (revision 2)" not in stale.stderr:
            fail("a stale amendment was not refused: %d %s" % (stale.returncode, stale.stderr))
        if revisions() != "2":
            fail("a stale amendment left a revision: " + revisions())
        current = amend("--based-on", "2")
        if current.returncode != 0 or revisions() != "3":
            fail("an amendment on the latest revision was refused: " + current.stderr)

        # The consultations list refreshes by itself when another program saves.
        room3 = launch([args.app, "--db", uri, "--room", "Front desk", "--screen", "sessions", "--print-state"] + size,
                       env1, os.path.join(tmp, "err3"))
        procs.append(room3)
        win3 = window_of(room3)
        time.sleep(1.0)
        again = subprocess.run([args.maker, uri, args.vignette, "Ben Adeyemi"], capture_output=True, text=True)
        if again.returncode != 0:
            fail("could not save a second consultation: " + again.stderr)
        time.sleep(3.0)
        if args.shots:
            subprocess.run(["import", "-window", "root", os.path.join(args.shots, "rooms-stale-list.png")], check=False)
        out3 = quit_window(room3, win3)
        # The new consultation would go on top and push the row shown down under the pointer:
        # the row stays, and the list says another room saved ("Show the latest").
        if "sessions_rows=1 sessions_stale=1" not in out3:
            fail("the list did not hear of the consultation saved elsewhere: " + out3)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
        sql(admin, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)
        shutil.rmtree(tmp, ignore_errors=True)
    print("ok: rooms")


if __name__ == "__main__":
    main()
