#!/usr/bin/env python3
"""Counts test cases over a meson test log: Criterion's per-executable synthesis
line ("Tested: N | Passing: P | Failing: F | Crashing: C"), or the executable's own
result when it printed none. Prints "N passed, N failed"; exit 1 if anything failed."""
import json
import re
import sys

SYN = re.compile(r"Synthesis: Tested: (\d+) \| Passing: (\d+) \| Failing: (\d+) \| Crashing: (\d+)")


def main():
    path, meson_rc = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0
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
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
