#!/bin/sh
# Teardown never waits on a user: a process blocked in WAIT with an
# infinite timeout (a job on a semaphore nothing writes) does not hold up
# unbinding its VF or unloading the drivers; it gets ENODEV at once, and
# the PF sees the VF's sessions end. A process using its mmaps while its
# VF goes gets ENODEV from its calls, never a SIGBUS. What is refused is
# refused at once.
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
is "$(cat "$PD8/sgpu_vf0/sessions")" 1 "... the PF counts its session"
check "unbinding VF0 from sgpu_vf completes (within 20 s)" \
	timeout 20 sh -c "echo $a >/sys/bus/pci/drivers/sgpu_vf/unbind"
check "... the waiter got ENODEV: $(tr '\n' ' ' </tmp/td1)" ended_enodev $p /tmp/td1
is "$(cat "$PD8/sgpu_vf0/sessions")" 0 "... and the PF saw the session end"
echo "$a" >/sys/bus/pci/drivers/sgpu_vf/bind
is "$(driver_of "$a")" sgpu_vf "VF0 bound to sgpu_vf again"

# 1b. A process touching its VRAM and system mappings in a loop while its
# VF is unbound: no SIGBUS. Its next ioctl says ENODEV; once the unbind is
# done the VRAM mapping reads zeros (writes reach nothing) and the system
# mapping still holds what it wrote.
# The mapping user $1 (writing $2) has its mappings set up.
mapped() {
	wait_lines "$2" 1
	grep -q '^mapped' "$2" && kill -0 "$1" 2>/dev/null
}
# Its report, the last line of $out, says $1.
says() { case " $out " in *" $1 "*) ;; *) return 1 ;; esac; }
is "$(map-loop -d "$(vf_dev "$PF8" 0)" 2>&1; echo "exit $?")" "dontneed ok
exit 0" "a system BO's mapping survives MADV_DONTNEED (no SIGBUS)"
rm -f /tmp/td-go
map-loop "$(vf_dev "$PF8" 0)" /tmp/td-go >/tmp/tdm 2>&1 &
pm=$!
check "a process maps VF0's VRAM and system BOs and loops on them" \
	mapped $pm /tmp/tdm
sleep 0.5
check "unbinding VF0 under the mapping user completes (within 20 s)" \
	timeout 20 sh -c "echo $a >/sys/bus/pci/drivers/sgpu_vf/unbind"
touch /tmp/td-go
wait $pm
rc=$?
out=$(tail -1 /tmp/tdm)
is "$rc" 0 "... the mapping user survived (exit $rc, no SIGBUS): $(tr '\n' ' ' </tmp/tdm)"
check "... its next ioctl failed with ENODEV" says "done errno=19"
check "... its VRAM mapping then reads zeros" says vram_nonzero=0
check "... its system mapping kept every word it wrote" says system_bad=0
check "... and BO_READ after that says ENODEV too" says read_errno=19
is "$(cat "$PD8/sgpu_vf0/sessions")" 0 "... the PF counts no session"
echo "$a" >/sys/bus/pci/drivers/sgpu_vf/bind
is "$(driver_of "$a")" sgpu_vf "VF0 bound to sgpu_vf again"

# 2. Unload the modules with a waiter on each VF. sgpu_vf is in use while
# a file is open: rmmod says so at once. Unloading sgpu_pf removes the
# VFs, which ends the waits; then sgpu_vf goes too.
raw=$(cat /sys/module/sgpu_vf/parameters/allow_raw)
sgpu -d "$(vf_dev "$PF8" 0)" hang 0 1 $forever >/tmp/td2 2>&1 &
p2=$!
sgpu -d "$(vf_dev "$PF8" 1)" hang 0 1 $forever >/tmp/td3 2>&1 &
p3=$!
check "a waiter blocks on VF0" queued $p2 /tmp/td2
check "a waiter blocks on VF1" queued $p3 /tmp/td3
check "rmmod sgpu_vf with files open is refused at once" \
	sh -c "! timeout 20 rmmod sgpu_vf && lsmod | grep -q '^sgpu_vf '"
# Stores into the PF's sysfs all through the removal (not into VFs 0 and 1:
# their waiters must see the removal): none may hang it.
(
	while [ ! -e /tmp/td-stop ]; do
		echo 1 >"$PD8/sgpu_vf7/quarantine"
		echo 1 >"$PD8/sgpu_vf7/reset"
		echo "resets=5 events=100 mbox=1000 window_ms=1000" >"$S/guard"
		cat "$PD8/sgpu_vf1/state" "$S/vfs_in_use"
	done >/dev/null 2>&1
) &
ps=$!
rm -f /tmp/td-stop
sleep 0.5
check "rmmod sgpu_pf with sysfs stores racing it completes (within 20 s)" \
	timeout 20 rmmod sgpu_pf
touch /tmp/td-stop
check "... the storing loop ends" timeout 20 sh -c "while kill -0 $ps 2>/dev/null; do sleep 0.1; done"
check "... VF0's waiter got ENODEV" ended_enodev $p2 /tmp/td2
check "... VF1's waiter got ENODEV" ended_enodev $p3 /tmp/td3
is "$(all_sgpu_vfs | wc -l)" 0 "... every VF is gone"
check "then rmmod sgpu_vf completes" timeout 20 rmmod sgpu_vf
# udev reads a driver's attributes at the bind uevent: they must be there
# by then. A uevent helper lists the PF's directories when it binds.
if [ -w /sys/kernel/uevent_helper ]; then
	cat >/tmp/td-helper <<-EOF
	#!/bin/sh
	[ "\$ACTION" = bind ] && [ "\$DRIVER" = sgpu_pf ] &&
		ls "/sys\$DEVPATH/sgpu" "/sys\$DEVPATH/sgpu_vf0" >>/tmp/td-uevent 2>&1
	exit 0
	EOF
	chmod +x /tmp/td-helper
	rm -f /tmp/td-uevent
	old_helper=$(cat /sys/kernel/uevent_helper)
	echo /tmp/td-helper >/sys/kernel/uevent_helper
fi
# As run.sh loaded it: later tests use the RAW ioctls.
check "modprobe both again" sh -c "modprobe sgpu_vf allow_raw=$raw && modprobe sgpu_pf"
if [ -w /sys/kernel/uevent_helper ]; then
	echo "$old_helper" >/sys/kernel/uevent_helper
	check "at the PF's bind uevent sgpu/ is complete: $(tr '\n' ' ' </tmp/td-uevent 2>/dev/null | cut -c1-200)" \
		grep -q '^guard$' /tmp/td-uevent
	check "... and so is sgpu_vf0/" grep -q '^reset_last_us$' /tmp/td-uevent
else
	skip "attributes at the bind uevent" "no /sys/kernel/uevent_helper"
fi
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
