#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS] - builds the libFuzzer harnesses in tests/fuzz with clang
# (ASan + UBSan, separate build directory build-fuzz) and runs each for SECONDS
# (default 60) on a scratch copy of its seed corpus in tests/fuzz/corpus/TARGET.
# Prints one line per target, "fuzz TARGET: ok (N runs)" or "fuzz TARGET: FAILED
# (artifact ...)", and exits 1 if any target failed. A crashing input is kept in
# build-fuzz/artifacts/TARGET/; replay it with build-fuzz/fuzz_TARGET FILE.
# Environment: EL2_FUZZ_BUILD (build dir), EL2_FUZZ_TARGETS (space-separated subset).
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
SECS=${1:-60}
BUILD=${EL2_FUZZ_BUILD:-$ROOT/build-fuzz}
CC=${CC_FUZZ:-clang}
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"

command -v "$CC" >/dev/null || { echo "fuzz: $CC not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 1; }

# The library under test, instrumented for coverage and sanitizers.
if [ ! -f "$BUILD/build.ninja" ]; then
    CC=$CC meson setup "$BUILD" -Dtests=false -Db_lundef=false --buildtype=debugoptimized \
        -Dc_args="-fsanitize=fuzzer-no-link $SAN" -Dc_link_args="$SAN" >"$BUILD.setup.log" 2>&1 \
        || { cat "$BUILD.setup.log" >&2; echo "fuzz: meson setup failed" >&2; exit 1; }
fi
ninja -C "$BUILD" sim/libel2core.a >/dev/null || { echo "fuzz: library build failed" >&2; exit 1; }

DEPS=$(pkg-config --cflags --libs glib-2.0 unicorn capstone)
TARGETS=${EL2_FUZZ_TARGETS:-"loader scenario abi cpu qemulog guest $( [ -f sim/trace/trace_read.c ] && echo trace )"}
fail=0
for t in $TARGETS; do
    src=tests/fuzz/fuzz_$t.c
    exe=$BUILD/fuzz_$t
    [ -f "$src" ] || { echo "fuzz $t: FAILED (no $src)"; fail=1; continue; }
    # shellcheck disable=SC2086
    if ! $CC -g -O1 -fsanitize=fuzzer $SAN $(for d in sim/*/; do printf -- "-I%s " "$d"; done) -Itests/fuzz "$src" "$BUILD/sim/libel2core.a" \
            $DEPS -lm -o "$exe" 2>"$BUILD/fuzz_$t.build.log"; then
        cat "$BUILD/fuzz_$t.build.log" >&2
        echo "fuzz $t: FAILED (build)"
        fail=1
        continue
    fi
    work=$BUILD/corpus/$t
    art=$BUILD/artifacts/$t/
    rm -rf "$work"
    mkdir -p "$work" "$art"
    cp tests/fuzz/corpus/$t/* "$work"/ 2>/dev/null
    log=$BUILD/fuzz_$t.log
    # Unicorn and GLib keep caches for the life of the process: no leak checking here
    # (the ASan test build checks our own leaks).
    G_SLICE=always-malloc ASAN_OPTIONS=detect_leaks=0:halt_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        EL2_MODELS=$ROOT/models \
        "$exe" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix="$art" "$work" >"$log" 2>&1
    rc=$?
    runs=$(grep -oE 'Done [0-9]+ runs' "$log" | tail -1 | grep -oE '[0-9]+')
    if [ $rc -eq 0 ]; then
        echo "fuzz $t: ok (${runs:-?} runs in ${SECS}s)"
    else
        echo "fuzz $t: FAILED (exit $rc; artifact $(ls -t "$art" | head -1); log $log)"
        grep -E 'ERROR|SUMMARY|runtime error|#[0-9]+ ' "$log" | head -20
        fail=1
    fi
done
exit $fail
