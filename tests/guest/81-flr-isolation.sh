#!/bin/sh
# Reset isolation with 8 VFs in use, each holding a BO with its own
# pattern (sgpu keep):
#   flr-each-isolation: FLR each VF in turn while the other seven stream
#     checked DMA; every neighbour's BO stays intact and every stream
#     error-free, the reset VF's BO reads zero;
#   flr-vfs-parallel: FLR all eight at once;
#   flr-twice: two concurrent FLRs of one VF, then an FLR racing a reset
#     the PF asks for.
# Through all of it the PF's own state does not change.
. /sgpu/tests/lib.sh

[ -n "$PF8" ] || bail "the 8-VF GPU is present"
S=$PD8/sgpu
N=8
is "$(numvfs_write "$PF8" $N)" ok "enable $N VFs"
pf_before=$(pf_snapshot "$PF8" $N)
VFS=$(seq 0 $((N - 1)))

# keep_start I: VF I's keeper, pattern seeded by I.
keep_start() {
	rm -f "/tmp/keep.$1"
	sgpu -d "$(vf_dev "$PF8" "$1")" keep 2M $((100 + $1)) >"/tmp/keep.$1" &
	echo $! >"/tmp/keep.$1.pid"
	wait_lines "/tmp/keep.$1" 1
}
keep_verdict() { keep_check "$(cat "/tmp/keep.$1.pid")" "/tmp/keep.$1"; }
keep_stop() { kill "$(cat "/tmp/keep.$1.pid")"; }
for i in $VFS; do keep_start "$i"; done
bad=""
for i in $VFS; do
	[ "$(keep_verdict "$i")" = "cpu intact dma intact" ] || bad="$bad $i"
done
is "$bad" "" "every VF's BO holds its pattern"

# flr-each-isolation
for i in $VFS; do
	pids=""
	for j in $VFS; do
		[ "$j" = "$i" ] && continue
		sgpu -d "$(vf_dev "$PF8" "$j")" stream 2 512K >"/tmp/stream.$j" &
		pids="$pids $!"
	done
	sleep 0.5
	flr "$(vf_bdf "$PF8" "$i")"
	wait_reset "$PF8" "$i" 1 >/dev/null
	wait $pids
	bad=""
	for j in $VFS; do
		v=$(keep_verdict "$j")
		if [ "$j" = "$i" ]; then
			[ "$v" = "cpu zero dma zero" ] || bad="$bad VF$i-BO:$v"
			continue
		fi
		[ "$v" = "cpu intact dma intact" ] || bad="$bad VF$j-BO:$v"
		case "$(cat "/tmp/stream.$j")" in
		"rounds "*" errors 0") ;;
		*) bad="$bad VF$j-stream:$(cat "/tmp/stream.$j")" ;;
		esac
	done
	is "$bad" "" "flr-each-isolation: VF$i reset: its BO reads zero; 7 neighbours' BOs intact, their streams error-free"
	keep_stop "$i"
	keep_start "$i"
done
counts=$(for i in $VFS; do cat "$PD8/sgpu_vf$i/reset_count"; done | tr '\n' ' ')
is "$counts" "1 1 1 1 1 1 1 1 " "each VF was reset exactly once"

# flr-vfs-parallel
pids=""
for i in $VFS; do
	flr "$(vf_bdf "$PF8" "$i")" &
	pids="$pids $!"
done
wait $pids
bad=""
for i in $VFS; do
	st=$(wait_reset "$PF8" "$i" 2)
	v=$(keep_verdict "$i")
	out=$(sgpu -d "$(vf_dev "$PF8" "$i")" dma-test 512K)
	if [ "$st|$v|${out%% *}" != "ready|cpu zero dma zero|ok" ]; then
		bad="$bad VF$i:$st|$v|$out"
		vf_debug "$(vf_bdf "$PF8" "$i")"
	fi
done
is "$bad" "" "flr-vfs-parallel: all 8 reset at once; each is re-armed, its BO reads zero, new jobs work"
is "$(cat "$PD8"/sgpu_vf*/reset_failures | sort -u)" 0 "... and no reset step failed"

# flr-twice, with fresh patterns everywhere
for i in $VFS; do
	keep_stop "$i"
	keep_start "$i"
done
vf=$(vf_bdf "$PF8" 3)
flr "$vf" &
p1=$!
flr "$vf" &
wait $p1 $!
is "$(wait_reset "$PF8" 3 4)" ready "flr-twice: two concurrent FLRs of VF3 both complete"
is "$(cat "$PD8/sgpu_vf3/reset_count")" 4 "... and both are counted"
is "$(keep_verdict 3)" "cpu zero dma zero" "... VF3's BO reads zero"
out=$(sgpu -d "$(vf_dev "$PF8" 3)" dma-test 1M)
check "... and VF3 works: $out" [ "${out%% *}" = ok ]
keep_stop 3
keep_start 3
flr "$vf" &
p1=$!
echo 1 >"$PD8/sgpu_vf3/reset" &
wait $p1 $!
is "$(wait_reset "$PF8" 3 6)" ready "an FLR racing a PF-requested reset of VF3: both complete"
is "$(keep_verdict 3)" "cpu zero dma zero" "... VF3's BO reads zero"
out=$(sgpu -d "$(vf_dev "$PF8" 3)" dma-test 1M)
check "... and VF3 works: $out" [ "${out%% *}" = ok ]
bad=""
for i in $VFS; do
	[ "$i" = 3 ] && continue
	[ "$(keep_verdict "$i")" = "cpu intact dma intact" ] || bad="$bad $i"
done
is "$bad" "" "... every other VF's BO is intact"

for i in $VFS; do keep_stop "$i"; done
wait
is "$(pf_snapshot "$PF8" $N)" "$pf_before" \
	"the PF's resources, slices, quotas and config space did not change"
numvfs_write "$PF8" 0 >/dev/null
check "no kernel splat" [ -z "$(dmesg_splats)" ]
