#!/bin/sh
# The VF<->PF reset handshake: a PF-requested reset that lands while
# sgpu_vf is setting its VF up after the previous one (the window widened
# by debugfs inject_reinit_delay_ms) must not leave the VF "ready" with
# its MMU wiped. The driver notices (its set-up reads back wrong, or the
# PF refuses the grant as stale), sets the VF up again, and jobs through
# its MMU work with verified data.
. /sgpu/tests/lib.sh

[ -n "$PF8" ] || bail "the 8-VF GPU is present"
is "$(numvfs_write "$PF8" 2)" ok "enable 2 VFs"
V0=$(vf_sys "$PF8" 0)
vf0=$(vf_bdf "$PF8" 0)
dev0=$(vf_dev "$PF8" 0)
D=/sys/kernel/debug/sgpu_vf/$vf0
VFSTATE=/sys/bus/pci/devices/$vf0/sgpu_state
works() {
	_o=$(sgpu -d "$1" dma-test 256K 2>&1)
	[ "${_o%% *}" = ok ]
}
again() { sed -n 's/.* reinit_again \([0-9]*\).*/\1/p' "$D/state"; }
check "VF0 works" works "$dev0"
n=$(cat "$V0/reset_count")
a=$(again)
echo 3000 >"$D/inject_reinit_delay_ms"
echo 1 >"$V0/reset"
# The PF is done (re-armed) while sgpu_vf still says resetting: the
# driver is in its set-up, stalled by the injected delay.
i=0
while [ $i -lt 100 ]; do
	[ "$(cat "$V0/reset_count")" -gt "$n" ] &&
		[ "$(cat "$V0/reset_state")" = ready ] &&
		[ "$(cat "$VFSTATE")" = resetting ] && break
	sleep 0.05
	i=$((i + 1))
done
is "$(cat "$V0/reset_state") $(cat "$VFSTATE")" "ready resetting" \
	"the PF re-armed VF0; sgpu_vf is still setting it up"
sleep 0.3	# well inside the 3 s delay, whatever error_work's latency
echo 1 >"$V0/reset"
echo 0 >"$D/inject_reinit_delay_ms"
is "$(wait_reset "$PF8" 0 $((n + 2)))" ready "the second reset, mid set-up, is re-armed"
is "$(wait_file "$VFSTATE" ready)" ready "sgpu_vf says ready"
vf_debug "$vf0"
is "$(again)" $((a + 1)) "the driver saw the reset land and set the VF up again, once"
check "VF0's MMU is enabled again" grep -q 'CTRL 0x1 ' "$D/state"
check "jobs through VF0's MMU work, data verified" works "$dev0"
is "$(cat "/sys/bus/pci/devices/$vf0/sgpu_resets")" 1 \
	"... one recovery covered both resets"
numvfs_write "$PF8" 0 >/dev/null
check "no kernel splat" [ -z "$(dmesg_splats)" ]
