#!/bin/sh
# Teardown never waits on a user: a process blocked in WAIT with an
# infinite timeout (a job on a semaphore nothing writes) does not hold up
# unbinding its VF or unloading the drivers; it gets ENODEV at once, and
# the PF sees the VF's sessions end. What is refused is refused at once.
. /sgpu/tests/lib.sh

[ -n "$PF8" ] || bail "the 8-VF GPU is present"
S=$PD8/sgpu
forever=4294967295
is "$(numvfs_write "$PF8" 2)" ok "enable 2 VFs"

# Wait until process $1's output $2 says its job is queued.
queued() {
	wait_lines "$2" 1
	grep -q '^queued 1' "$2" && kill -0 "$1" 2>/dev/null
}
# The waiter $1 (writing $2) ended with ENODEV from WAIT.
ended_enodev() {
	wait "$1"
	grep -q 'WAIT: No such device' "$2"
}

# 1. Unbind the VF from sgpu_vf.
a=$(vf_bdf "$PF8" 0)
sgpu -d "$(vf_dev "$PF8" 0)" hang 0 1 $forever >/tmp/td1 2>&1 &
p=$!
check "a WAIT with an infinite timeout blocks on VF0" queued $p /tmp/td1
is "$(cat "$S/vf0/sessions")" 1 "... the PF counts its session"
check "unbinding VF0 from sgpu_vf completes (within 20 s)" \
	timeout 20 sh -c "echo $a >/sys/bus/pci/drivers/sgpu_vf/unbind"
check "... the waiter got ENODEV: $(tr '\n' ' ' </tmp/td1)" ended_enodev $p /tmp/td1
is "$(cat "$S/vf0/sessions")" 0 "... and the PF saw the session end"
echo "$a" >/sys/bus/pci/drivers/sgpu_vf/bind
is "$(driver_of "$a")" sgpu_vf "VF0 bound to sgpu_vf again"

# 2. Unload the modules with a waiter on each VF. sgpu_vf is in use while
# a file is open: rmmod says so at once. Unloading sgpu_pf removes the
# VFs, which ends the waits; then sgpu_vf goes too.
sgpu -d "$(vf_dev "$PF8" 0)" hang 0 1 $forever >/tmp/td2 2>&1 &
p2=$!
sgpu -d "$(vf_dev "$PF8" 1)" hang 0 1 $forever >/tmp/td3 2>&1 &
p3=$!
check "a waiter blocks on VF0" queued $p2 /tmp/td2
check "a waiter blocks on VF1" queued $p3 /tmp/td3
check "rmmod sgpu_vf with files open is refused at once" \
	sh -c "! timeout 20 rmmod sgpu_vf && lsmod | grep -q '^sgpu_vf '"
check "rmmod sgpu_pf completes (within 20 s)" timeout 20 rmmod sgpu_pf
check "... VF0's waiter got ENODEV" ended_enodev $p2 /tmp/td2
check "... VF1's waiter got ENODEV" ended_enodev $p3 /tmp/td3
is "$(all_sgpu_vfs | wc -l)" 0 "... every VF is gone"
check "then rmmod sgpu_vf completes" timeout 20 rmmod sgpu_vf
check "modprobe both again" sh -c "modprobe sgpu_vf && modprobe sgpu_pf"
is "$(cat "$PD8/sriov_numvfs")" 0 "the PF starts again with 0 VFs"
is "$(numvfs_write "$PF8" 2)" ok "enable 2 VFs"
out=$(sgpu -d "$(vf_dev "$PF8" 0)" dma-test 1M)
check "VF0 works: $out" [ "${out%% *}" = ok ]

# 3. With a waiter on VF0, disabling SR-IOV is refused at once (the VF
# has a session); closing it lets the disable through.
sgpu -d "$(vf_dev "$PF8" 0)" hang 0 1 $forever >/tmp/td4 2>&1 &
p4=$!
check "a waiter blocks on VF0" queued $p4 /tmp/td4
is "$(timeout 20 sysfs-write "$PD8/sriov_numvfs" 0)" EBUSY \
	"disabling VFs while VF0 has a session: EBUSY at once"
kill $p4
wait $p4
is "$(numvfs_write "$PF8" 0)" ok "once it is closed, disabling works"
check "no kernel splat" [ -z "$(dmesg_splats)" ]
