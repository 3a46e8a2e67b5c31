#!/usr/bin/env python3
"""Counts test cases over a meson test log: Criterion's per-executable synthesis
line ("Tested: N | Passing: P | Failing: F | Crashing: C"), or the executable's own
result when it printed none. Prints "N passed, N failed"; exit 1 if anything failed.

Usage: test-summary.py TESTLOG.json [MESON_RC]
       test-summary.py TESTLOG.json:RC [TESTLOG2.json:RC ...] [--step NAME:RC ...]
Several meson logs (e.g. the normal and the sanitizer build) are summed; each
--step (e.g. the fuzz smoke run) counts as one test, passed when its RC is 0."""
import json
import re
import sys

SYN = re.compile(r"Synthesis: Tested: (\d+) \| Passing: (\d+) \| Failing: (\d+) \| Crashing: (\d+)")


def count_log(path, meson_rc):
    passed = failed = 0
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = [json.loads(l) for l in f if l.strip()]
    except OSError as e:
        print(f"test-summary: {e}", file=sys.stderr)
        lines = []
    for t in lines:
        out = (t.get("stdout") or "") + (t.get("stderr") or "")
        m = SYN.findall(out)
        ok = t.get("result") in ("OK", "EXPECTEDFAIL", "SKIP")
        if m:
            tested, p, f, c = map(int, m[-1])
            passed += p
            failed += f + c
            if not ok and f + c == 0:
                failed += 1  # the executable failed outside its test cases
        elif ok:
            passed += 1
        else:
            failed += 1
    if not lines or (meson_rc != 0 and failed == 0):
        failed += 1
    return passed, failed


def split_rc(arg):
    name, sep, rc = arg.rpartition(":")
    if sep and rc.lstrip("-").isdigit():
        return name, int(rc)
    return arg, 0


def main():
    args = sys.argv[1:]
    if len(args) == 2 and args[1].lstrip("-").isdigit():
        args = [f"{args[0]}:{args[1]}"]        # the original form: LOG RC
    passed = failed = 0
    i = 0
    while i < len(args):
        if args[i] == "--step" and i + 1 < len(args):
            name, rc = split_rc(args[i + 1])
            if rc == 0:
                passed += 1
            else:
                failed += 1
                print(f"test-summary: {name} failed (exit {rc})", file=sys.stderr)
            i += 2
            continue
        p, f = count_log(*split_rc(args[i]))
        passed += p
        failed += f
        i += 1
    if not args:
        failed += 1
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
