#!/bin/sh
# Resets under load.
#   Jobs pending at an FLR -- stuck behind a WAIT that nothing signals --
#   end ABORTED, and new jobs work once the VF is re-armed.
#   flr-during-load: VF0 is reset again and again -- FLRs alternating with
#   resets the PF asks for -- while VFs 1..7 stream checked DMA: zero data
#   errors, and VF0's user sees only aborted and refused jobs.
. /sgpu/tests/lib.sh

[ -n "$PF8" ] || bail "the 8-VF GPU is present"
S=$PD8/sgpu
N=8
is "$(numvfs_write "$PF8" $N)" ok "enable $N VFs"
pf_before=$(pf_snapshot "$PF8" $N)
guard=$(cat "$S/guard")
# The storm below is deliberate: keep the guard from stopping VF0.
echo "resets=0 events=1000 window_ms=60000" >"$S/guard"
vf0=$(vf_bdf "$PF8" 0)
dev0=$(vf_dev "$PF8" 0)

# "ok N aborted N refused N failed N ok_after_reset N" -> variables.
load_result() {
	set -- $(tail -n 1 "$1")
	L_OK=$2 L_ABORTED=$4 L_REFUSED=$6 L_FAILED=$8 L_AFTER=${10}
}

# Jobs stuck behind a WAIT nothing signals end only with the FLR.
sgpu -d "$dev0" hang 0 12 >/tmp/hang0 &
hp=$!
wait_lines /tmp/hang0 1
sleep 0.5
check "12 jobs are stuck on VF0's engine 0" kill -0 $hp
flr "$vf0"
wait $hp
is "$(sed -n 2p /tmp/hang0)" "ok 0 aborted 12 failed 0 then ok" \
	"the FLR ends them ABORTED, and a new job on VF0 works"

# flr-during-load: K resets of VF0, FLRs alternating with PF-requested
# ones, while VFs 1..7 stream. After each, the storm waits (10 s at most)
# until VF0's user has finished a job again: that every reset is followed
# by working jobs is then a fact the test checks, not a matter of how the
# scheduler spread a fixed time over setup and resets.
K=4
n0=$(cat "$PD8/sgpu_vf0/reset_count")
r0=$(cat "/sys/bus/pci/devices/$vf0/sgpu_resets")
pids=""
for j in $(seq 1 $((N - 1))); do
	sgpu -d "$(vf_dev "$PF8" "$j")" stream 12 512K >"/tmp/stream.$j" &
	pids="$pids $!"
done
# VF0's user keeps QOI encodes queued on its codec core until told to stop.
codec=$(sgpu -d "$dev0" info | sed -n 's/^dma_channels //p')
sgpu -d "$dev0" load 0 2M "$codec" >/tmp/load0 &
lp=$!
wait_file /tmp/load0 running >/dev/null
# VF0's user's count of jobs that ended ok, so far.
load_ok() { set -- $(keep_check "$lp" /tmp/load0); echo "${2:-0}"; }
r=0
between=0
while [ $r -lt $K ]; do
	before=$(load_ok)
	if [ $((r % 2)) = 0 ]; then
		flr "$vf0"
	else
		echo 1 >"$PD8/sgpu_vf0/reset"
	fi
	r=$((r + 1))
	wait_reset "$PF8" 0 $((n0 + r)) >/dev/null
	i=0
	while [ "$(load_ok)" -le "$before" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ $i -lt 100 ] && between=$((between + 1))
done
kill -TERM $lp
wait $pids $lp
diag "$r resets of VF0 while VFs 1..$((N - 1)) streamed"
streams_check "$PF8" $(seq 1 $((N - 1)))
is "$STREAMS_BAD" "" "flr-during-load: 7 neighbours streamed with zero data errors"
is "$(($(cat "$PD8/sgpu_vf0/reset_count") - n0)) $(cat "$PD8/sgpu_vf0/reset_failures")" \
	"$K 0" "the PF counted every reset of VF0, and none failed"
is "$(($(cat "/sys/bus/pci/devices/$vf0/sgpu_resets") - r0))" $K \
	"sgpu_vf recovered VF0 from each of the $K resets"
diag "VF0's user through the storm: $(tail -n 1 /tmp/load0)"
load_result /tmp/load0
is "$L_FAILED" 0 "VF0's jobs only ever ended ok, ABORTED or refused"
is "$between" $K "VF0's user had jobs finish ok after each of the $K resets"
out=$(sgpu -d "$dev0" dma-test 1M)
check "VF0 works after the storm: $out" [ "${out%% *}" = ok ]
is "$(cat "$PD8"/sgpu_vf[1-7]/reset_count | sort -u)" 0 "no neighbour was reset"

echo "$guard" >"$S/guard"
is "$(pf_snapshot "$PF8" $N)" "$pf_before" \
	"the PF's resources, slices, quotas and config space did not change"
numvfs_write "$PF8" 0 >/dev/null
check "no kernel splat" [ -z "$(dmesg_splats)" ]
