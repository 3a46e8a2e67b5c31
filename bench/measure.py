#!/usr/bin/env python3
"""measure.py CMD... : runs CMD, prints "<CPU seconds> <peak RSS KiB> <exit status> <wall seconds>".
CPU seconds = user + system time of CMD (all its threads): on a shared, noisy machine this
is steadier than wall time, which other processes stretch.
Output of CMD goes to /dev/null (stderr kept in bench/out/last.err for the caller)."""
import os
import subprocess
import sys
import time

t0 = time.monotonic()
with open(os.environ.get("MEASURE_ERR", os.devnull), "w") as err:
    p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
t1 = time.monotonic()
print(f"{ru.ru_utime + ru.ru_stime:.6f} {ru.ru_maxrss} {os.waitstatus_to_exitcode(status)} {t1 - t0:.6f}")
