#!/usr/bin/env bash
# bench/run.sh [--quick] - el2sim against QEMU and raw Unicorn, side by side, in one run.
# Builds the benchmark images (bench/*.S), then measures:
#   HVC round trips/s: el2sim untraced, el2sim with the binary trace and the ABI checker,
#   QEMU plain and QEMU -d int; text event output (el2sim's event lines against QEMU's
#   -d int log, both to /dev/null); straight-line MIPS at EL1 and EL2 against Unicorn with no
#   hooks; start-up time; peak RSS of the traced 10-million round-trip run; the memory-heavy
#   and MMU-on loops (bench/memory.S), several PEs (bench/smp.S) and the AArch32 Hyp-mode
#   machine (bench/hyp32.S) against QEMU.
# Times are CPU seconds (user + system, all threads) of each process. The round-trip runs
# are interleaved over R rounds; ratios use the best run of each (other processes on a
# shared machine only ever add time) and the medians are printed beside them.
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
BUILD=${EL2_BUILD:-$ROOT/build}
OUT=$BUILD/bench
R=5
BIG=10000000        # round trips for el2sim and plain QEMU
SMALL=1000000       # round trips for QEMU -d int (it is slow)
COMPUTE=10000000    # compute loop iterations (34 instructions each)
MEM_SAVE=200000     # memory-heavy: HVC round trips through a handler saving x0-x30
MEM_ZERO=200        # memory-heavy: passes zeroing and summing 1 MiB at EL2
SMP_N=2000000       # several PEs: HVC round trips per PE (bench/smp.S)
A32_N=2000000       # AArch32 Hyp-mode machine: HVC round trips from Supervisor mode (bench/hyp32.S)
A32_ZERO=200        # AArch32 Hyp-mode machine: passes zeroing and summing 1 MiB with STM/LDM
[ "${1:-}" = "--quick" ] && { R=1; BIG=1000000; SMALL=200000; COMPUTE=1000000; MEM_SAVE=50000; MEM_ZERO=50; SMP_N=500000; A32_N=500000; A32_ZERO=50; }

if ! command -v qemu-system-aarch64 >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-system-arm >/dev/null || exit 1
    else
        echo "bench: QEMU is missing; run: sudo apt-get install -y qemu-system-arm" >&2
        exit 1
    fi
fi
[ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" >/dev/null || exit 1
ninja -C "$BUILD" >/dev/null || exit 1
mkdir -p "$OUT"
EL2SIM=$BUILD/sim/el2sim
AS=aarch64-linux-gnu-as
LD=aarch64-linux-gnu-ld

img() {  # img NAME SRC DEFSYMS...
    local name=$1 src=$2; shift 2
    $AS "$@" "bench/$src" -o "$OUT/$name.o" && $LD -Ttext=0x40080000 -e _start "$OUT/$name.o" -o "$OUT/$name.elf" || exit 1
}
img hvc-big hvc-loop.S --defsym N=$BIG
img hvc-small hvc-loop.S --defsym N=$SMALL
img compute-el2 compute.S --defsym N=$COMPUTE
img compute-el1 compute.S --defsym N=$COMPUTE --defsym ENTRY_EL1=1
img exit-now exit-now.S
img mem-save memory.S --defsym SAVE=1 --defsym N=$MEM_SAVE
img mem-zero memory.S --defsym N=$MEM_ZERO
# MMU-on variants of the two memory loops (bench/memory.S MMU_EL2, MMU_S2)
for v in el2:MMU_EL2 s2:MMU_S2; do
    img "mem-save-${v%%:*}" memory.S --defsym SAVE=1 --defsym N=$MEM_SAVE --defsym "${v#*:}=1"
    img "mem-zero-${v%%:*}" memory.S --defsym N=$MEM_ZERO --defsym "${v#*:}=1"
done
# several PEs (issue 20): 1, 2 and 4 PEs each making SMP_N round trips
for p in 1 2 4; do img "smp-$p" smp.S --defsym N=$SMP_N --defsym NPES=$p; done
# the AArch32 Hyp-mode machine (issue 21, bench/hyp32.S), 32-bit Arm ELF images
img32() {  # img32 NAME DEFSYMS...
    local name=$1; shift
    arm-linux-gnueabihf-as "$@" bench/hyp32.S -o "$OUT/$name.o" &&
        arm-linux-gnueabihf-ld -Ttext=0x40080000 -e _start "$OUT/$name.o" -o "$OUT/$name.elf" || exit 1
}
img32 a32-hvc --defsym N=$A32_N
img32 a32-zero --defsym N=$A32_ZERO --defsym ZERO=1
img32 a32-exit --defsym N=1 --defsym ZERO=1
aarch64-linux-gnu-objcopy -O binary "$OUT/compute-el2.elf" "$OUT/compute-el2.bin"
cc -O2 bench/uc_baseline.c -o "$OUT/uc_baseline" -lunicorn || exit 1
cc -O2 -Isim/engine bench/uc_floor.c sim/engine/ucfast.c -o "$OUT/uc_floor" $(pkg-config --cflags --libs glib-2.0 unicorn) || exit 1

QEMU="qemu-system-aarch64 -M virt,virtualization=on -cpu cortex-a57 -m 128M -nographic -semihosting -monitor none -serial none"

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
best() { sort -g | head -1; }
# one NAME CMD...: one run of CMD; appends its CPU time (user + system) to $OUT/NAME.times;
# fails loudly if the command fails
one() {
    local name=$1; shift
    local r; r=$(MEASURE_ERR=$OUT/last.err python3 bench/measure.py "$@")
    local code; code=$(echo "$r" | awk '{print $3}')
    if [ "$code" != 0 ]; then echo "bench: '$*' exited $code: $(head -c 300 "$OUT/last.err")" >&2; exit 1; fi
    echo "${r%% *}" >> "$OUT/$name.times"
}
# run_med N CMD...: median CPU time of N runs in a row (the secondary measures)
run_med() {
    local n=$1; shift
    rm -f "$OUT/tmp.times"
    for _ in $(seq "$n"); do one tmp "$@"; done
    median < "$OUT/tmp.times"
}

echo "el2sim bench: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, R=$R rounds"
trace_args=(--abi linux-hyp-stub --max-insns 100000000000)
if "$EL2SIM" check --help 2>&1 | grep -q -- '--trace'; then
    trace_args+=(--trace "$OUT/hvc.trace")
    traced="trace + ABI check"
else
    traced="ABI check (this build has no --trace on check)"
fi
# The round-trip measures run interleaved, one of each per round, so that a busy spell
# of the shared machine falls on all of them alike. Another process on the machine can
# only add CPU time (shared caches and cores), never take it away: the best of R runs is
# the least disturbed figure, and the ratios below use it; medians are printed beside.
rm -f "$OUT"/*.times
for _ in $(seq $R); do
    one el2 "$EL2SIM" run -q --max-insns 100000000000 "$OUT/hvc-big.elf"
    one el2t "$EL2SIM" check "${trace_args[@]}" "$OUT/hvc-big.elf"
    one q $QEMU -kernel "$OUT/hvc-big.elf"
    one qd $QEMU -kernel "$OUT/hvc-small.elf" -d int -D "$OUT/qemu-int.log"
    one nt "$EL2SIM" run -q --no-timing --max-insns 100000000000 "$OUT/hvc-big.elf"
    # text output: every event as a line (measure.py sends stdout to /dev/null)
    one txt "$EL2SIM" run --max-insns 100000000000 "$OUT/hvc-small.elf"
    one qdn $QEMU -kernel "$OUT/hvc-small.elf" -d int -D /dev/null
done
for n in el2 el2t q qd nt txt qdn; do
    eval "t_$n=\$(best < \"\$OUT/\$n.times\")"
    eval "m_$n=\$(median < \"\$OUT/\$n.times\")"
done
# the traced ratio round by round (the two ran minutes apart, under the same neighbours)
paired=$(paste "$OUT/el2t.times" "$OUT/qd.times" | awk -v big=$BIG -v small=$SMALL '{print (big / $1) / (small / $2)}')
p_med=$(echo "$paired" | median)
p_lo=$(echo "$paired" | sort -g | head -1)
p_hi=$(echo "$paired" | sort -g | tail -1)
rss=$(MEASURE_ERR=$OUT/last.err python3 bench/measure.py "$EL2SIM" check "${trace_args[@]}" "$OUT/hvc-big.elf" | awk '{print $2}')
tsize=$( [ -f "$OUT/hvc.trace" ] && stat -c %s "$OUT/hvc.trace" || echo 0)

insns=$("$EL2SIM" run -q --max-insns 100000000000 "$OUT/compute-el2.elf" 2>&1 | sed -n 's/.*(\([0-9]*\) instructions.*/\1/p')
t_c2=$(run_med $R "$EL2SIM" run -q --max-insns 100000000000 "$OUT/compute-el2.elf")
t_c1=$(run_med $R "$EL2SIM" run -q --max-insns 100000000000 "$OUT/compute-el1.elf")
work=0x$(aarch64-linux-gnu-nm "$OUT/compute-el2.elf" | awk '$3=="work"{print $1}')
work_end=0x$(aarch64-linux-gnu-nm "$OUT/compute-el2.elf" | awk '$3=="work_end"{print $1}')
t_uc=$(for _ in $(seq $R); do "$OUT/uc_baseline" "$OUT/compute-el2.bin" 0x40080000 "$work" "$work_end"; done | median)
# memory-heavy (issue 18): el2sim checks alignment with a code hook on every load/store
# by default; --no-alignment-faults leaves them to the engine, as QEMU 7.2 does
for m in save zero; do
    eval "t_m_${m}_e=\$(run_med $R \"\$EL2SIM\" run -q --max-insns 100000000000 \"\$OUT/mem-$m.elf\")"
    eval "t_m_${m}_n=\$(run_med $R \"\$EL2SIM\" run -q --no-alignment-faults --max-insns 100000000000 \"\$OUT/mem-$m.elf\")"
    eval "t_m_${m}_q=\$(run_med $R $QEMU -kernel \"\$OUT/mem-$m.elf\")"
done
# MMU on: el2sim as it runs them (with the guest's translation once issue 18's MMU-on
# execution is in; before that, flat: the maps are identity maps) and QEMU plain
for v in el2 s2; do
    for m in save zero; do
        eval "t_mm_${m}_${v}_e=\$(run_med $R \"\$EL2SIM\" run -q --max-insns 100000000000 \"\$OUT/mem-$m-$v.elf\")"
        eval "t_mm_${m}_${v}_q=\$(run_med $R $QEMU -kernel \"\$OUT/mem-$m-$v.elf\")"
    done
done
t_m_save_t=$(run_med $R "$EL2SIM" check "${trace_args[@]}" "$OUT/mem-save.elf")
t_m_save_qd=$(run_med $R $QEMU -kernel "$OUT/mem-save.elf" -d int -D "$OUT/qemu-int.log")
# several PEs: el2sim --cpus P (one process, one engine per PE, turns of --quantum 1000)
# against QEMU -smp P (its default TCG: a thread per CPU; CPU time of all of them)
for p in 1 2 4; do
    eval "t_smp_${p}_e=\$(run_med $R \"\$EL2SIM\" run -q --cpus $p --max-insns 100000000000 \"\$OUT/smp-$p.elf\")"
    eval "t_smp_${p}_q=\$(run_med $R $QEMU -smp $p -kernel \"\$OUT/smp-$p.elf\")"
done
# the AArch32 Hyp-mode machine against qemu-system-arm -cpu cortex-a15
QEMU32="qemu-system-arm -M virt,virtualization=on -cpu cortex-a15 -m 128M -nographic -semihosting -monitor none -serial none"
EL2SIM32="$EL2SIM run -q --arch aarch32 --cpu cortex-a15 --max-insns 100000000000"
for w in hvc zero exit; do
    eval "t_a32_${w}_e=\$(run_med $R $EL2SIM32 \"\$OUT/a32-$w.elf\")"
    eval "t_a32_${w}_q=\$(run_med $R $QEMU32 -kernel \"\$OUT/a32-$w.elf\")"
done
t_s_el2=$(run_med 5 "$EL2SIM" run -q "$OUT/exit-now.elf")
t_s_q=$(run_med 5 $QEMU -kernel "$OUT/exit-now.elf")

awk -v big=$BIG -v small=$SMALL -v e=$t_el2 -v et=$t_el2t -v q=$t_q -v qd=$t_qd -v ins=$insns -v c2=$t_c2 -v c1=$t_c1 \
    -v uc=$t_uc -v se=$t_s_el2 -v sq=$t_s_q -v rss=$rss -v ts=$tsize -v nt=$t_nt -v traced="$traced" \
    -v me=$m_el2 -v met=$m_el2t -v mq=$m_q -v mqd=$m_qd -v mnt=$m_nt -v R=$R \
    -v txt=$t_txt -v qdn=$t_qdn -v mtxt=$m_txt -v mqdn=$m_qdn \
    -v pmed=$p_med -v plo=$p_lo -v phi=$p_hi \
    -v mse=$t_m_save_e -v msn=$t_m_save_n -v msq=$t_m_save_q -v mst=$t_m_save_t -v msqd=$t_m_save_qd \
    -v mze=$t_m_zero_e -v mzn=$t_m_zero_n -v mzq=$t_m_zero_q -v msave=$MEM_SAVE -v mzero=$MEM_ZERO \
    -v ms2e=$t_mm_save_el2_e -v ms2q=$t_mm_save_el2_q -v mz2e=$t_mm_zero_el2_e -v mz2q=$t_mm_zero_el2_q \
    -v msse=$t_mm_save_s2_e -v mssq=$t_mm_save_s2_q -v mzse=$t_mm_zero_s2_e -v mzsq=$t_mm_zero_s2_q '
function k(x) { return sprintf("%.0f k", x / 1000) }
BEGIN {
  re = big / e; ret = big / et; rq = big / q; rqd = small / qd; rnt = big / nt
  mre = big / me; mret = big / met; mrq = big / mq; mrqd = small / mqd; mrnt = big / mnt
  printf "\nHVC round trips per second (EL1 hvc #0 -> 2-instruction EL2 handler -> ERET), %d rounds\n", R
  printf "  %-44s %12s %12s\n", "", "best", "median"
  printf "  %-44s %12s %12s\n", "el2sim run, untraced", k(re), k(mre)
  printf "  %-44s %12s %12s\n", "el2sim check, " traced, k(ret), k(mret)
  printf "  %-44s %12s %12s\n", "el2sim run --no-timing", k(rnt), k(mrnt)
  printf "  %-44s %12s %12s\n", "QEMU 7.2 plain", k(rq), k(mrq)
  printf "  %-44s %12s %12s\n", "QEMU 7.2 -d int -D file", k(rqd), k(mrqd)
  printf "ratios of the best runs (of the medians) (goal):\n"
  printf "  el2sim traced / QEMU -d int   %6.2fx (%5.2fx)  (goal >= 10x)\n", ret / rqd, mret / mrqd
  printf "    the same, paired round by round: median %.2fx (%.2fx to %.2fx)\n", pmed, plo, phi
  printf "  el2sim untraced / QEMU plain  %6.2fx (%5.2fx)  (goal >= 1.0x)\n", re / rq, mre / mrq
  printf "  timing on / timing off        %6.2f  (%5.2f)   (goal >= 0.70: timing costs <= 30%%)\n", re / rnt, mre / mrnt
  printf "\ntext event output: %d round trips (%d events) printed to /dev/null, CPU seconds\n", small, 2 * small
  printf "  %-44s %12s %12s\n", "", "best", "median"
  printf "  %-44s %12.3f %12.3f\n", "el2sim run (event lines)", txt, mtxt
  printf "  %-44s %12.3f %12.3f\n", "QEMU 7.2 -d int -D /dev/null", qdn, mqdn
  printf "  el2sim text / QEMU -d int     %6.2fx (%5.2fx)  (goal >= 3x)\n", qdn / txt, mqdn / mtxt
  printf "\nstraight-line MIPS (%d instructions)\n", ins
  printf "  el2sim at EL2 %8.0f   el2sim at EL1 %8.0f   Unicorn, no hooks %8.0f\n", ins/c2/1e6, ins/c1/1e6, ins/uc/1e6
  printf "  el2sim EL2 / Unicorn          %6.2f   (goal >= 0.50)\n", uc / c2
  printf "\nmemory-heavy (issue 18), CPU seconds, median of %d; ratio = QEMU time / el2sim time\n", R
  printf "  %-38s %9s %9s %9s %9s %9s\n", "", "el2sim", "no-align", "QEMU", "ratio", "no-align"
  printf "  %-38s %9.3f %9.3f %9.3f %8.2fx %8.2fx  (goal >= 1.0x)\n", sprintf("HVC + save/restore x0-x30, %d", msave), mse, msn, msq, msq / mse, msq / msn
  printf "  %-38s %9.3f %9.3f %9.3f %8.2fx %8.2fx  (goal >= 1.0x)\n", sprintf("zero + sum 1 MiB at EL2, %d passes", mzero), mze, mzn, mzq, mzq / mze, mzq / mzn
  printf "  %-38s %9.3f %9s %9.3f %8.2fx  (traced / QEMU -d int, goal >= 3x)\n", "HVC + save/restore, traced + checked", mst, "", msqd, msqd / mst
  printf "  MMU on, el2sim against QEMU plain (bench/memory.S MMU_EL2, MMU_S2):\n"
  printf "  %-38s %9s %9s %9s\n", "", "el2sim", "", "QEMU"
  printf "  %-38s %9.3f %9s %9.3f %8.2fx  (goal >= 0.5x)\n", "HVC + save/restore, EL2 stage 1", ms2e, "", ms2q, ms2q / ms2e
  printf "  %-38s %9.3f %9s %9.3f %8.2fx  (goal >= 0.5x)\n", "zero + sum 1 MiB, EL2 stage 1", mz2e, "", mz2q, mz2q / mz2e
  printf "  %-38s %9.3f %9s %9.3f %8.2fx  (goal >= 0.5x)\n", "HVC + save/restore, EL1 stage 1 + 2", msse, "", mssq, mssq / msse
  printf "  %-38s %9.3f %9s %9.3f %8.2fx  (goal >= 0.5x)\n", "zero + sum 1 MiB at EL1, stage 1 + 2", mzse, "", mzsq, mzsq / mzse
  printf "  (el2sim runs them with the guest translation done by the engine, README: Execution with the MMU on)\n"
  printf "  the loops alone: the start-up of each (the exit-now image below) taken off its time\n"
  printf "  %-38s %8.2fx  %-38s %8.2fx\n", "HVC + save/restore x0-x30", (msq - sq) / (mse - se), "zero + sum 1 MiB at EL2", (mzq - sq) / (mze - se)
  printf "  %-38s %8.2fx  %-38s %8.2fx\n", "MMU on: save/restore, EL2 stage 1", (ms2q - sq) / (ms2e - se), "MMU on: zero + sum, EL2 stage 1", (mz2q - sq) / (mz2e - se)
  printf "  %-38s %8.2fx  %-38s %8.2fx\n", "MMU on: save/restore, EL1 s1 + s2", (mssq - sq) / (msse - se), "MMU on: zero + sum, EL1 s1 + s2", (mzsq - sq) / (mzse - se)
  printf "\nstart-up (an image that exits at once)\n"
  printf "  el2sim %.3f s   QEMU %.3f s   ratio %.2f  (goal <= 0.5)\n", se, sq, se / sq
  printf "\npeak RSS of the traced %d-round-trip run: %.1f MiB (goal <= 64 MiB)", big, rss / 1024
  if (ts > 0) printf "; trace %.1f MiB, %.1f bytes/event", ts / 1048576, ts / (2 * big)
  printf "\n"
}'
# several PEs: instructions per second of all PEs together (6 instructions a round trip)
awk -v n=$SMP_N -v R=$R -v e1=$t_smp_1_e -v q1=$t_smp_1_q -v e2=$t_smp_2_e -v q2=$t_smp_2_q \
    -v e4=$t_smp_4_e -v q4=$t_smp_4_q '
BEGIN {
  printf "\nseveral PEs (issue 20, bench/smp.S): each PE %d HVC round trips from EL1 (6 instructions each),\n", n
  printf "CPU seconds, median of %d; million instructions per second of all PEs together\n", R
  printf "  %-10s %9s %9s %12s %12s %8s\n", "PEs", "el2sim", "QEMU", "el2sim MIPS", "QEMU MIPS", "ratio"
  split("1 2 4", p, " "); e[1] = e1; e[2] = e2; e[3] = e4; q[1] = q1; q[2] = q2; q[3] = q4
  for (i = 1; i <= 3; i++)
    printf "  %-10s %9.3f %9.3f %12.1f %12.1f %7.2fx\n", p[i], e[i], q[i], 6 * n * p[i] / e[i] / 1e6, 6 * n * p[i] / q[i] / 1e6, q[i] / e[i]
}'
# the AArch32 Hyp-mode machine: whole runs, then the loops with the one-pass run taken off
awk -v n=$A32_N -v z=$A32_ZERO -v R=$R -v he=$t_a32_hvc_e -v hq=$t_a32_hvc_q -v ze=$t_a32_zero_e \
    -v zq=$t_a32_zero_q -v xe=$t_a32_exit_e -v xq=$t_a32_exit_q '
BEGIN {
  printf "\nAArch32 Hyp-mode machine (issue 21, bench/hyp32.S; --arch aarch32 --cpu cortex-a15 against\n"
  printf "qemu-system-arm -cpu cortex-a15), CPU seconds, median of %d; ratio = QEMU time / el2sim time\n", R
  printf "  %-44s %9s %9s %8s\n", "", "el2sim", "QEMU", "ratio"
  printf "  %-44s %9.3f %9.3f %7.2fx\n", sprintf("HVC round trips from Supervisor mode, %d", n), he, hq, hq / he
  printf "  %-44s %9.3f %9.3f %7.2fx\n", sprintf("zero + sum 1 MiB with STM/LDM, %d passes", z), ze, zq, zq / ze
  printf "  %-44s %9.3f %9.3f %7.2fx\n", "one pass (start-up and one zero + sum)", xe, xq, xq / xe
  if (ze > xe && zq > xq)
    printf "  the zero + sum loop alone (one pass taken off): %.2fx\n", (zq - xq) / (ze - xe)
}'
