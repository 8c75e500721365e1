#!/bin/sh
# What an administrator sees and does about resets:
#   a reset the PF asks for (sgpu_vfN/reset), of a VF that is bound with a
#   hung job and of one that is unbound;
#   quarantine by hand: jobs are refused, an FLR does not lift it, only the
#   administrator's release does (and resets the VF clean);
#   the guard: too many resets, or too many adverse events, within its
#   window quarantine the VF, saying why;
#   a reset step that fails (injected through debugfs) leaves the VF
#   quarantined, naming the step; the release recovers it;
#   bad input is refused and changes nothing; the PF's state never changes.
. /sgpu/tests/lib.sh

[ -n "$PF8" ] || bail "the 8-VF GPU is present"
S=$PD8/sgpu
D=/sys/kernel/debug/sgpu_pf/$PF8
is "$(numvfs_write "$PF8" 2)" ok "enable 2 VFs"
pf_before=$(pf_snapshot "$PF8" 2)
guard=$(cat "$S/guard")
vf0=$(vf_bdf "$PF8" 0)
vf1=$(vf_bdf "$PF8" 1)
dev0=$(vf_dev "$PF8" 0)
dev1=$(vf_dev "$PF8" 1)
works() {
	_o=$(sgpu -d "$1" dma-test 256K 2>&1)
	[ "${_o%% *}" = ok ]
}
refused() { sgpu -d "$1" dma-test 64K 2>&1 | grep -q 'Input/output error'; }
VFSTATE=/sys/bus/pci/devices/$vf1/sgpu_state

# A reset the PF asks for, of a bound VF with hung jobs and a BO.
sgpu -d "$dev0" keep 1M 5 >/tmp/keep0 &
kp=$!
wait_lines /tmp/keep0 1
sgpu -d "$dev0" hang 0 4 >/tmp/hang0 &
hp=$!
wait_lines /tmp/hang0 1
echo 1 >"$PD8/sgpu_vf0/reset"
wait $hp
is "$(wait_reset "$PF8" 0 1)" ready "a PF-requested reset of bound VF0: re-armed"
is "$(sed -n 2p /tmp/hang0)" "ok 0 aborted 4 failed 0 then ok" \
	"... its hung jobs end ABORTED and new jobs work"
is "$(keep_check $kp /tmp/keep0)" "cpu zero dma zero" "... its BO reads zero"
is "$(cat "/sys/bus/pci/devices/$vf0/sgpu_state") $(cat "/sys/bus/pci/devices/$vf0/sgpu_resets")" \
	"ready 1" "... sgpu_vf says ready, one reset recovered from"
kill $kp
wait $kp
# ... and of an unbound one.
echo "$vf0" >/sys/bus/pci/drivers/sgpu_vf/unbind
sgpu-reg "$vf0" SCRATCH 0x77
echo 1 >"$PD8/sgpu_vf0/reset"
is "$(wait_reset "$PF8" 0 2)" ready "a PF-requested reset of unbound VF0: re-armed"
is "$(sgpu-reg "$vf0" SCRATCH) $(sgpu-reg "$vf0" STATUS)" "0x00000000 0x00000001" \
	"... its registers are at defaults and it is ready"
echo "$vf0" >/sys/bus/pci/drivers/sgpu_vf/bind

# Quarantine by hand.
is "$(sysfs-write "$PD8/sgpu_vf1/quarantine" 1)" ok "quarantine VF1 by hand"
is "$(cat "$PD8/sgpu_vf1/reset_state") $(cat "$PD8/sgpu_vf1/quarantine")" \
	"quarantined: by the administrator 1" "... reset_state says why"
is "$(wait_file "$VFSTATE" held)" "held: quarantined by the PF" \
	"... sgpu_vf in the VF's user sees it held"
check "... jobs are refused (EIO)" refused "$dev1"
n=$(cat "$PD8/sgpu_vf1/reset_count")
flr "$vf1"
is "$(wait_reset "$PF8" 1 $((n + 1)))" "quarantined: by the administrator" \
	"an FLR of the quarantined VF does not lift the quarantine"
is "$(vf_vram_nonzero "$PF8" 1)" 0 "... it did scrub its slice"
check "... jobs are still refused" refused "$dev1"
is "$(sysfs-write "$PD8/sgpu_vf1/quarantine" 0)" ok "the administrator releases VF1"
is "$(wait_reset "$PF8" 1 $((n + 2)))" ready "... the PF resets it and re-arms it"
is "$(wait_file "$VFSTATE" ready)" ready "... sgpu_vf sets it up again"
check "... and jobs work" works "$dev1"

# The guard: resets.
echo "resets=3 events=1000 window_ms=60000" >"$S/guard"
n=$(cat "$PD8/sgpu_vf1/reset_count")
for i in 1 2 3 4; do
	echo 1 >"$PD8/sgpu_vf1/reset"
	wait_reset "$PF8" 1 $((n + i)) >/dev/null
done
is "$(wait_file "$PD8/sgpu_vf1/reset_state" quarantined)" \
	"quarantined: too many resets: 4 in 60000 ms" \
	"the guard quarantines VF1 after 4 resets in its window (limit 3)"
is "$(wait_file "$VFSTATE" held)" "held: quarantined by the PF" "... sgpu_vf sees it held"
check "... jobs are refused" refused "$dev1"
check "... VF0 still works" works "$dev0"
is "$(sysfs-write "$PD8/sgpu_vf1/quarantine" 0)" ok "... the administrator releases it"
is "$(wait_reset "$PF8" 1 $((n + 5)))" ready "... and it is reset and re-armed"
is "$(wait_file "$VFSTATE" ready)" ready "... sgpu_vf has it ready"
check "... jobs work again" works "$dev1"

# The guard: adverse events.
echo "resets=10 events=5 window_ms=60000" >"$S/guard"
for i in 1 2 3 4 5 6; do sgpu-hostile "$dev1" bad-op >/dev/null; done
is "$(wait_file "$PD8/sgpu_vf1/reset_state" quarantined)" \
	"quarantined: too many adverse events: 6 in 60000 ms" \
	"6 refused descriptors in the window (limit 5) quarantine VF1"
check "... jobs are refused" refused "$dev1"
n=$(cat "$PD8/sgpu_vf1/reset_count")
is "$(sysfs-write "$PD8/sgpu_vf1/quarantine" 0)" ok "... released"
is "$(wait_reset "$PF8" 1 $((n + 1)))" ready "... reset and re-armed"
is "$(wait_file "$VFSTATE" ready)" ready "... ready in sgpu_vf"
is "$(awk '{ s += $2 } END { print s }' "$PD8/sgpu_vf1/counters")" 0 "... its counters start over"
check "... jobs work again" works "$dev1"
echo "$guard" >"$S/guard"

# A reset step that fails.
for step in wait_fw config data reprovision; do
	n=$(cat "$PD8/sgpu_vf1/reset_count")
	f=$(cat "$PD8/sgpu_vf1/reset_failures")
	echo "$step" >"$D/fail_reset_step"
	echo 1 >"$PD8/sgpu_vf1/reset"
	st=$(wait_file "$PD8/sgpu_vf1/reset_state" quarantined)
	is "$st $(cat "$PD8/sgpu_vf1/reset_failures")" \
		"quarantined: reset failed at step $step (-5) $((f + 1))" \
		"a reset failing at step $step quarantines VF1, naming the step"
	check "... the kernel log says so" sh -c \
		"dmesg | grep -q 'VF 1: reset failed at step $step: -5'"
	check "... jobs are refused" refused "$dev1"
	check "... VF0 is untouched and works" works "$dev0"
	is "$(sysfs-write "$PD8/sgpu_vf1/quarantine" 0)" ok "... released"
	is "$(wait_reset "$PF8" 1 $((n + 2)))" ready "... reset and re-armed"
	is "$(wait_file "$VFSTATE" ready)" ready "... ready in sgpu_vf"
	check "... jobs work again" works "$dev1"
done

# Bad input is refused and changes nothing.
n=$(cat "$PD8/sgpu_vf1/reset_count")
bad=""
for v in 0 2 yes; do
	r=$(sysfs-write "$PD8/sgpu_vf1/reset" "$v")
	[ "$r" = EINVAL ] || bad="$bad reset<$v>:$r"
done
for v in maybe 10 1junk 2 -1; do
	r=$(sysfs-write "$PD8/sgpu_vf1/quarantine" "$v")
	[ "$r" = EINVAL ] || bad="$bad quarantine<$v>:$r"
done
# Every key once, whole numbers: a typo is an error, never another guard.
for v in "resets=1" "garbage" "resets=1 events=1 window_ms=1 junk" \
	"resets=1 resets=2 events=1 window_ms=1" \
	"resets=1 events=1 window_ms=5junk" "resets=1 events=1 window_ms=1 x=1" \
	"resets=-1 events=1 window_ms=1"; do
	r=$(sysfs-write "$S/guard" "$v")
	[ "$r" = EINVAL ] || bad="$bad guard<$v>:$r"
done
for v in "resets=99 events=1 window_ms=1" "resets=1 events=1 window_ms=0" \
	"resets=4294967296 events=1 window_ms=1" \
	"resets=4294967359 events=1 window_ms=1" \
	"resets=1 events=4294967296 window_ms=1" \
	"resets=1 events=99999999999999999999 window_ms=1"; do
	r=$(sysfs-write "$S/guard" "$v")
	[ "$r" = ERANGE ] || bad="$bad guard<$v>:$r"
done
for v in seen ready bogus; do
	r=$(sysfs-write "$D/fail_reset_step" "$v")
	[ "$r" = EINVAL ] || bad="$bad fail_reset_step<$v>:$r"
done
r=$(sysfs-write "$PD8/sgpu_vf5/reset" 1)
[ "$r" = ENODEV ] || bad="$bad vf5/reset:$r"
r=$(sysfs-write "$PD8/sgpu_vf5/quarantine" 1)
[ "$r" = ENODEV ] || bad="$bad vf5/quarantine:$r"
is "$bad" "" "malformed writes get EINVAL, numbers out of range ERANGE, a VF that is not enabled ENODEV"
is "$(cat "$S/guard") $(cat "$PD8/sgpu_vf1/reset_count") $(cat "$PD8/sgpu_vf1/reset_state")" \
	"$guard $n ready" "... and change nothing"
check "... VF1 still works" works "$dev1"

is "$(pf_snapshot "$PF8" 2)" "$pf_before" \
	"the PF's resources, slices, quotas and config space did not change"
numvfs_write "$PF8" 0 >/dev/null
check "no kernel splat" [ -z "$(dmesg_splats)" ]
