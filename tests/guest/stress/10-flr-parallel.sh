#!/bin/sh
# make stress: flr-vfs-parallel (81-flr-isolation) looped. Each round gives
# all eight VFs a fresh BO pattern, FLRs the eight at once, then checks
# that each is re-armed, that its BO reads zero by CPU and by DMA, and
# that a new DMA job works. A failure prints what the PF and sgpu_vf saw
# of the VF; the TAP lines at the end count the failures. A VF that failed
# one round may still be broken when the next begins: that "before" check
# is counted as a consequence, not as a failure of its own.
. /sgpu/tests/lib.sh

[ -n "$PF8" ] || bail "the 8-VF GPU is present"
S=$PD8/sgpu
N=8
VFS=$(seq 0 $((N - 1)))
is "$(numvfs_write "$PF8" $N)" ok "enable $N VFs"
# Hundreds of resets a minute are the point: keep the guard out of it.
guard=$(cat "$S/guard")
echo "resets=0 events=1000 window_ms=60000" >"$S/guard"

keep_start() {
	rm -f "/tmp/keep.$1"
	sgpu -d "$(vf_dev "$PF8" "$1")" keep 2M $(($2 + $1)) >"/tmp/keep.$1" &
	echo $! >"/tmp/keep.$1.pid"
}
keep_verdict() { keep_check "$(cat "/tmp/keep.$1.pid")" "/tmp/keep.$1"; }
keep_stop() {
	kill "$(cat "/tmp/keep.$1.pid")" 2>/dev/null
	wait "$(cat "/tmp/keep.$1.pid")" 2>/dev/null
}

r=0 failed=0 before=0 after=0 modes="" prev=""
while [ $r -lt "$STRESS_ROUNDS" ]; do
	r=$((r + 1))
	for i in $VFS; do keep_start "$i" $((r * 16)); done
	bad="" now=""
	for i in $VFS; do
		wait_lines "/tmp/keep.$i" 1
		v=$(keep_verdict "$i")
		[ "$v" = "cpu intact dma intact" ] && continue
		case " $prev " in
		*" $i "*) diag "round $r: VF$i still broken from round $((r - 1)): $v" ;;
		*) bad="$bad VF$i:before:$v" before=$((before + 1)) ;;
		esac
	done
	pids=""
	for i in $VFS; do
		eval "n$i=\$((\$(cat \"$PD8/sgpu_vf$i/reset_count\") + 1))"
		flr "$(vf_bdf "$PF8" "$i")" &
		pids="$pids $!"
	done
	wait $pids
	for i in $VFS; do
		eval "want=\$n$i"
		st=$(wait_reset "$PF8" "$i" "$want")
		v=$(keep_verdict "$i")
		out=$(sgpu -d "$(vf_dev "$PF8" "$i")" dma-test 512K)
		if [ "$st|$v|${out%% *}" != "ready|cpu zero dma zero|ok" ]; then
			bad="$bad VF$i:$st|$v|$out" now="$now $i" after=$((after + 1))
			modes="$modes $(echo "$st|$v|${out%% *}" | tr ' ' _)"
			vf_debug "$(vf_bdf "$PF8" "$i")"
			diag "VF$i reset_steps: $(cat "$PD8/sgpu_vf$i/reset_steps")"
			diag "VF$i counters: $(tr '\n' ' ' <"$PD8/sgpu_vf$i/counters")"
		fi
	done
	prev=$now
	for i in $VFS; do keep_stop "$i"; done
	if [ -n "$bad" ]; then
		failed=$((failed + 1))
		diag "round $r failed:$bad"
	fi
	[ $((r % 10)) = 0 ] && diag "flr-vfs-parallel: $r rounds, $failed failed"
done
[ -z "$modes" ] ||
	diag "failure modes: $(echo "$modes" | tr ' ' '\n' | sed '/^$/d' | sort | uniq -c | tr '\n' ' ')"
is "$failed" 0 "flr-vfs-parallel: $failed of $r rounds failed ($after VF failures after the FLR, $before before it)"
is "$(cat "$PD8"/sgpu_vf*/reset_failures | sort -u)" 0 "... and no reset step failed"
echo "$guard" >"$S/guard"
numvfs_write "$PF8" 0 >/dev/null
check "no kernel splat" [ -z "$(dmesg_splats)" ]
