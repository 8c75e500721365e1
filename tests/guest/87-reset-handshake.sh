#!/bin/sh
# The VF<->PF reset handshake: a PF-requested reset that lands while
# sgpu_vf is setting its VF up after the previous one (the window widened
# by debugfs inject_reinit_delay_ms) must not leave the VF "ready" with
# its MMU wiped. The driver notices (its set-up reads back wrong, or the
# PF refuses the grant as stale), sets the VF up again, and jobs through
# its MMU work with verified data.
. /sgpu/tests/lib.sh

[ -n "$PF8" ] || bail "the 8-VF GPU is present"
S=$PD8/sgpu
is "$(numvfs_write "$PF8" 2)" ok "enable 2 VFs"
vf0=$(vf_bdf "$PF8" 0)
dev0=$(vf_dev "$PF8" 0)
D=/sys/kernel/debug/sgpu_vf/$vf0
works() {
	_o=$(sgpu -d "$1" dma-test 256K 2>&1)
	[ "${_o%% *}" = ok ]
}
check "VF0 works" works "$dev0"
echo 500 >"$D/inject_reinit_delay_ms"
dmesg_mark
echo 1 >"$S/vf0/reset"
i=0
while [ $i -lt 200 ] &&
	! dmesg_since | grep -q "VF 0 set-up: injected delay"; do
	sleep 0.05
	i=$((i + 1))
done
check "sgpu_vf is setting VF0 up after the first reset" \
	sh -c "dmesg | tail -n +$((DMESG_MARK + 1)) | grep -q 'VF 0 set-up: injected delay'"
echo 1 >"$S/vf0/reset"
echo 0 >"$D/inject_reinit_delay_ms"
is "$(wait_reset "$PF8" 0 2)" ready "the second reset, mid set-up, is re-armed"
is "$(wait_file "/sys/bus/pci/devices/$vf0/sgpu_state" ready)" ready \
	"sgpu_vf says ready"
vf_debug "$vf0"
check "the driver saw the reset land and set the VF up again" \
	sh -c "dmesg | tail -n +$((DMESG_MARK + 1)) | grep -q 'VF 0 was reset again while it was set up'"
check "VF0's MMU is enabled again" \
	sh -c "grep -q 'CTRL 0x1 ' '$D/state'"
check "jobs through VF0's MMU work, data verified" works "$dev0"
is "$(cat "/sys/bus/pci/devices/$vf0/sgpu_resets")" 1 \
	"... one recovery covered both resets"
numvfs_write "$PF8" 0 >/dev/null
check "no kernel splat" [ -z "$(dmesg_splats)" ]
