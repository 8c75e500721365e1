#!/bin/sh
# One VF cannot stall the machine: VF0 floods the device with refused
# descriptors (each checked, charged and counted) and with maximal jobs
# -- 16 MiB copies on a DMA channel, 4-Mpixel QOI encodes on its codec
# core -- while VF1 streams checked DMA (1 MiB round trips, every byte
# compared by the guest). VF1 runs on vCPU 0, all of VF0's programs on
# vCPU 1, as two VMs would have CPUs of their own.
#
# VF1's throughput is measured in interleaved rounds under five
# conditions: quiet; beside a plain CPU burner on vCPU 1 ("burn"); beside
# VF0's maximal jobs ("jobs", which need almost no CPU of VF0's); beside
# VF0's refused-descriptor loop ("refused", CPU-bound); and beside both
# ("flood"). Printed: the median and spread of each over quiet (target
# >= 0.9). burn/quiet is the reference for what any CPU-bound program of
# VF0's costs VF1 through the emulation's shared host CPU (under one TCG
# thread both vCPUs share one host thread); jobs/quiet is what the
# device's own work for VF0 costs VF1. Asserted is only that VF1 is never
# stalled (every ratio >= 0.1), that VF1's data checks out byte for byte,
# that VF0's work was done and counted, and that the guest's own timer
# and console stay live: a loop stamps /proc/uptime every 100 ms
# throughout, and no gap may pass 3 s.
. /sgpu/tests/lib.sh

[ -n "$PF8" ] || bail "the 8-VF GPU is present"
SECS=3
SZ=1M
ROUNDS=3
is "$(numvfs_write "$PF8" 2)" ok "enable 2 VFs"
a=$(vf_dev "$PF8" 0)
b=$(vf_dev "$PF8" 1)
codec=$(sgpu -d "$a" info | sed -n 's/^dma_channels //p')

(while :; do cut -d' ' -f1 /proc/uptime; sleep 0.1; done) >/tmp/flood.ticks &
ticker=$!

refused() { sed -n 's/^desc_refused //p' "$(vf_sys "$PF8" 0)/counters"; }
jobs_start() {
	: >/tmp/flood.dma.$1
	: >/tmp/flood.codec.$1
	taskset 2 sgpu -d "$a" load 0 16M 0 >/tmp/flood.dma.$1 2>&1 &
	F_DMA=$!
	taskset 2 sgpu -d "$a" load 0 12M "$codec" >/tmp/flood.codec.$1 2>&1 &
	F_CODEC=$!
	wait_file /tmp/flood.dma.$1 running >/dev/null
	wait_file /tmp/flood.codec.$1 running >/dev/null
}
jobs_stop() {
	kill -TERM $F_DMA $F_CODEC
	wait $F_DMA
	wait $F_CODEC
	JOBS_RUNS="$JOBS_RUNS $1"
}
refused_start() {
	taskset 2 sh -c 'while :; do
		for c in huge-len oob-pte unmapped-va bad-op host-unmapped; do
			sgpu-hostile "$0" $c >/dev/null 2>&1
		done
	done' "$a" &
	F_BAD=$!
}
burn_start() {
	taskset 2 sh -c 'while :; do :; done' &
	F_BAD=$!
}
bad_stop() {
	kill $F_BAD
	wait $F_BAD 2>/dev/null
}
# VF1's MB/s over $SECS seconds of checked round trips (/tmp/stream.$1).
stream() {
	taskset 1 sgpu -d "$b" stream $SECS $SZ >"/tmp/stream.$1"
	STREAMS="$STREAMS $1"
	set -- $(cat "/tmp/stream.$1")
	echo "$2" | awk -v t=$SECS '{ printf "%.1f\n", $1 * 2 / t }'
}
ratio() { echo "$1 $2" | awk '{ printf "%.2f", ($2 > 0) ? $1 / $2 : 0 }'; }
# "median (min-max)" of the numbers in $1.
spread() {
	echo $1 | tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 }
		END { printf "%s (%s-%s)", v[int((NR + 1) / 2)], v[1], v[NR] }'
}

stream warm >/dev/null
r0=$(refused)
STREAMS="" JOBS_RUNS="" r_burn="" r_jobs="" r_refused="" r_flood=""
for p in $(seq $ROUNDS); do
	q=$(stream q$p)
	burn_start
	u=$(stream u$p)
	bad_stop
	jobs_start j$p
	j=$(stream j$p)
	jobs_stop j$p
	refused_start
	r=$(stream r$p)
	bad_stop
	jobs_start f$p
	refused_start
	f=$(stream f$p)
	bad_stop
	jobs_stop f$p
	diag "round $p: VF1 MB/s quiet $q, burn $u, jobs $j, refused $r, flood $f"
	r_burn="$r_burn $(ratio "$u" "$q")"
	r_jobs="$r_jobs $(ratio "$j" "$q")"
	r_refused="$r_refused $(ratio "$r" "$q")"
	r_flood="$r_flood $(ratio "$f" "$q")"
done
kill $ticker
wait $ticker 2>/dev/null
diag "VF1 beside VF0, over quiet, median (min-max) of $ROUNDS rounds; target >= 0.9:"
diag "  jobs $(spread "$r_jobs"), refused $(spread "$r_refused"), flood $(spread "$r_flood"); a CPU burner: $(spread "$r_burn")"
min=$(echo $r_jobs $r_refused $r_flood | tr ' ' '\n' | sort -n | head -n 1)
check "VF1 was never stalled by the flood (least ratio $min >= 0.1)" \
	awk -v r="$min" 'BEGIN { exit !(r >= 0.1) }'
# shellcheck disable=SC2086
streams_check "$PF8" $STREAMS
is "$STREAMS_BAD" "" "VF1's streams, quiet and flooded: every byte checked out"
n=$(($(refused) - r0))
check "VF0's refused descriptors were counted ($n)" [ "$n" -gt 0 ]
for j in $JOBS_RUNS; do
	diag "VF0's copies ($j): $(tail -n 1 /tmp/flood.dma.$j); encodes: $(tail -n 1 /tmp/flood.codec.$j)"
done
for j in $JOBS_RUNS; do
	for f in /tmp/flood.dma.$j /tmp/flood.codec.$j; do
		set -- $(tail -n 1 "$f")
		[ "$1" = ok ] && [ "${2:-0}" -gt 0 ] && [ "${8:-1}" = 0 ] ||
			BAD_JOBS="$BAD_JOBS $f: $*"
	done
done
is "${BAD_JOBS:-}" "" "VF0's maximal jobs ran and completed in every round"
gap=$(awk 'NR > 1 { d = $1 - p; if (d > m) m = d } { p = $1 } END { printf "%.2f", m }' /tmp/flood.ticks)
diag "longest gap between 100 ms uptime stamps: $gap s over $(wc -l </tmp/flood.ticks) stamps"
check "the guest's timer and console stayed live (longest gap $gap s < 3 s)" \
	awk -v g="$gap" 'BEGIN { exit !(g < 3) }'
is "$(numvfs_write "$PF8" 0)" ok "disable the VFs"
check "no kernel splat" [ -z "$(dmesg_splats)" ]
