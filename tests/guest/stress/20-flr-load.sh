#!/bin/sh
# make stress: flr-during-load (82-flr-load) looped. Each round VFs 1..7
# stream checked DMA for a few seconds while VF0 is reset again and again
# (FLRs alternating with resets the PF asks for) and VF0's own user keeps
# QOI encodes queued on its codec core; every neighbour must end with zero
# data errors and no job lost. A failure prints what sgpu_vf saw
# of the VF that failed; the TAP line at the end counts failed rounds.
. /sgpu/tests/lib.sh

[ -n "$PF8" ] || bail "the 8-VF GPU is present"
S=$PD8/sgpu
N=8
is "$(numvfs_write "$PF8" $N)" ok "enable $N VFs"
guard=$(cat "$S/guard")
echo "resets=0 events=1000 window_ms=60000" >"$S/guard"
dev0=$(vf_dev "$PF8" 0)
codec=$(sgpu -d "$dev0" info | sed -n 's/^dma_channels //p')

r=0 failed=0 resets=0
while [ $r -lt "$STRESS_ROUNDS" ]; do
	r=$((r + 1))
	pids=""
	for j in $(seq 1 $((N - 1))); do
		sgpu -d "$(vf_dev "$PF8" "$j")" stream 3 512K >"/tmp/stream.$j" 2>&1 &
		pids="$pids $!"
	done
	sgpu -d "$dev0" load 3 2M "$codec" >/tmp/load0 2>&1 &
	lp=$!
	reset_storm "$PF8" 0 $pids
	k=$STORM_RESETS
	wait $pids $lp
	resets=$((resets + k))
	streams_check "$PF8" $(seq 1 $((N - 1)))
	if [ -n "$STREAMS_BAD" ]; then
		failed=$((failed + 1))
		diag "round $r ($k resets of VF0) failed:$STREAMS_BAD"
	fi
	[ $((r % 10)) = 0 ] && diag "flr-during-load: $r rounds, $failed failed"
done
is "$failed" 0 "flr-during-load: $failed of $r rounds failed ($resets resets of VF0)"
is "$(cat "$PD8"/sgpu_vf[1-7]/reset_count | sort -u)" 0 "no neighbour was reset"
echo "$guard" >"$S/guard"
numvfs_write "$PF8" 0 >/dev/null
check "no kernel splat" [ -z "$(dmesg_splats)" ]
