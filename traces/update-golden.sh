#!/bin/sh
# Regenerates traces/golden/*.trace from the current el2sim (run from the source root
# after `ninja -C build`). Review the change with `el2trace diff OLD NEW` before committing:
# a golden-trace diff is a behaviour change.
set -eu
B=${BUILD:-build}
S=$B/sim/el2sim
G=traces/golden
$S run $B/tests/stubs/hyp-stub-v5.o --entry _start -q --trace $G/hyp-stub-v5.trace || true
$S run $B/tests/images/hvc_paths.elf -q --trace $G/hvc_paths.trace || true
$S scenario tests/scenarios/hyp-stub-v5.scn -I $B/tests/stubs --trace $G/hyp-stub-v5-scenario.trace > /dev/null || true
$S check traces/scenarios/abi-clobber.scn --abi linux-hyp-stub -I $B/tests/abi --trace $G/abi-clobber.trace > /dev/null || true
ls -l $G
