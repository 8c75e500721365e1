#!/bin/sh
# sgpu-vfctl, the passthrough path step by step: set the VF count (with
# and without driver autoprobe), list, hand VFs to vfio-pci and back,
# refuse what would break a user, and write libvirt XML (exported to the
# host, which validates it against libvirt's schema and test driver).
. /sgpu/tests/lib.sh

[ -n "$PF8" ] || bail "the 8-VF GPU is present"
C=sgpu-vfctl
S=$PD8/sgpu
err() { "$@" 2>&1 >/dev/null; }

is "$($C numvfs "$PF8" 4 --no-probe; echo $?)" 0 "numvfs 4 --no-probe"
is "$(cat "$PD8/sriov_numvfs")" 4 "... 4 VFs enabled"
v0=$(vf_bdf "$PF8" 0)
v1=$(vf_bdf "$PF8" 1)
is "$(driver_of "$v0")$(driver_of "$v1")" "" "... and left without a driver"
is "$(cat "$PD8/sriov_drivers_autoprobe")" 1 "... autoprobe is back on afterwards"
out=$($C list "$PF8")
is "$(echo "$out" | wc -l)" 5 "list: a header and one line per VF"
g0=$(basename "$(readlink "/sys/bus/pci/devices/$v0/iommu_group")")
is "$(echo "$out" | awk -v v="$v0" '$2 == v { print $1, $3, $4, $5, $6 }')" \
	"$PF8 0 $g0 - $(cut -d' ' -f1 "$PD8/sgpu_vf0/slice")" \
	"list: VF0's line has its PF, number, group, no driver, slice"

is "$($C vfio "$v0" "$v1"; echo $?)" 0 "vfio VF0 VF1"
is "$(driver_of "$v0") $(driver_of "$v1")" "vfio-pci vfio-pci" "... both on vfio-pci"
check "... /dev/vfio/$g0 exists" [ -c "/dev/vfio/$g0" ]
is "$($C vfio "$v0"; echo $?)" 0 "vfio again: nothing to do, no error"
is "$(cat "$PD8/sgpu/vfs_in_use")" 2 "the PF counts them in use"

# Who holds a VF is named, and nothing changes.
# A process holds the group open, as QEMU would.
(exec 7<>"/dev/vfio/$g0" && exec sleep 60) &
holder=$!
sleep 0.5
is "$(err $C host "$v0")" \
	"sgpu-vfctl: VF $v0 is in use through /dev/vfio/$g0 (PIDs $holder ); stop its VM first" \
	"host on a VF whose group is open: refused, naming the PID"
is "$(err $C numvfs "$PF8" 2)" \
	"sgpu-vfctl: VF $v0 is in use through /dev/vfio/$g0 (PIDs $holder ); stop its VM first" \
	"numvfs while a VM has a VF: refused the same way"
{ kill $holder && wait $holder; } 2>/dev/null
is "$(driver_of "$v0") $(cat "$PD8/sriov_numvfs")" "vfio-pci 4" "... nothing changed"

is "$($C host "$v0" "$v1"; echo $?)" 0 "host VF0 VF1"
is "$(driver_of "$v0") $(driver_of "$v1")" "sgpu_vf sgpu_vf" "... back on sgpu_vf"
out=$(sgpu -d "$(vf_dev "$PF8" 0)" dma-test 1M)
check "... and VF0 works there: $out" [ "${out%% *}" = ok ]
sgpu -d "$(vf_dev "$PF8" 1)" keep 4096 1 >/tmp/keep1 &
kp=$!
wait_lines /tmp/keep1 1
is "$(err $C vfio "$v1")" \
	"sgpu-vfctl: VF $v1 is in use: 1 open sessions on its /dev/sgpu-vf*; close them first" \
	"vfio on a VF a process has open: refused"
kill $kp
wait $kp

# Bad input: one line, exit status, nothing changed.
is "$(err $C vfio 01:00; echo $?)" "sgpu-vfctl: '01:00' is not a PCI address (like 0000:01:00.1)
1" "a malformed address"
is "$(err $C vfio "$PF8")" "sgpu-vfctl: $PF8 is not an sgpu VF" "a PF given as a VF"
is "$(err $C vfio 0000:7f:00.0)" "sgpu-vfctl: no PCI device 0000:7f:00.0" "a device that is not there"
is "$(err $C numvfs "$PF8" 99)" "sgpu-vfctl: PF $PF8 has at most 8 VFs, not 99" "too many VFs"
is "$(err $C numvfs "$v0" 2)" "sgpu-vfctl: $v0 is not an sgpu PF" "a VF given as a PF"
$C frobnicate >/dev/null 2>&1
is "$?" 2 "an unknown command is a usage error"

# libvirt XML for the host to check.
$C hostdev "$v0" >/tmp/hostdev.xml
b=${v0#*:}
is "$(cat /tmp/hostdev.xml)" "<hostdev mode='subsystem' type='pci' managed='no'>
  <driver name='vfio'/>
  <source>
    <address domain='0x0000' bus='0x${b%%:*}' slot='0x$(echo "$v0" | cut -d: -f3 | cut -d. -f1)' function='0x${v0##*.}'/>
  </source>
</hostdev>" "hostdev: the VF's PCI address, vfio, unmanaged"
$C domain --managed --memory 384 --serial-log '/tmp/vm&1.log' \
	--cmdline "console=ttyS0 x=<a&'b'>" --emulator /bin/busybox --hotplug-ports 2 \
	sgpu-vm /boot/vmlinuz /boot/initrd.img "$v0" "$v1" >/tmp/domain.xml
is "$(grep -c "<hostdev mode='subsystem' type='pci' managed='yes'>" /tmp/domain.xml)" 2 \
	"domain: one managed hostdev per VF"
is "$(grep -c "<memory unit='MiB'>384</memory>" /tmp/domain.xml)" 1 "domain: --memory"
is "$(grep -c "<controller type='pci' model='pcie-root-port'/>" /tmp/domain.xml)" 4 \
	"domain: --hotplug-ports 2: a root port per VF and 2 spare"
is "$(grep -c "<qemu:arg value='pcie-root-port.pref64-reserve=$(bar_size "$v0" 2)'/>" /tmp/domain.xml)" 1 \
	"domain: the spare ports reserve a VF's VRAM window ($(bar_size "$v0" 2) bytes)"
is "$(err $C domain --hotplug-ports 17 vm /k /i "$v0")" "sgpu-vfctl: --hotplug-ports 17: at most 16" \
	"domain: too many spare ports"
is "$(grep -c "<log file='/tmp/vm&amp;1.log' append='off'/>" /tmp/domain.xml)" 1 \
	"domain: --serial-log, XML-escaped"
is "$(grep -c "<cmdline>console=ttyS0 x=&lt;a&amp;&apos;b&apos;&gt;</cmdline>" /tmp/domain.xml)" 1 \
	"domain: --cmdline, XML-escaped"
is "$(err $C domain --memory 1G vm /k /i "$v0")" "sgpu-vfctl: --memory takes MiB as a number, not '1G'" \
	"domain: --memory in other units is refused"
is "$(err $C domain vm k /i "$v0")" "sgpu-vfctl: 'k' is not an absolute path (libvirt needs one)" \
	"domain: a relative kernel path is refused"
is "$(err $C domain --serial-log x.log vm /k /i "$v0")" \
	"sgpu-vfctl: --serial-log needs an absolute path, not 'x.log'" "domain: so is a relative log path"
is "$(err $C domain vm /k /i "$v0" "$PF8")" "sgpu-vfctl: $PF8 is not an sgpu VF" \
	"domain: every VF is checked"
is "$($C domain vm /k /i "$v0" "$PF8" 2>/dev/null | wc -c)" 0 "... before anything is printed"
$C hostdev --mdev 8c8e5f3a-1d2b-4c6d-9e0f-123456789abc >/tmp/mdev.xml
is "$(err $C hostdev --mdev nope)" "sgpu-vfctl: 'nope' is not an mdev UUID" "a malformed mdev UUID"
export_blob hostdev.xml /tmp/hostdev.xml
export_blob domain.xml /tmp/domain.xml
export_blob mdev.xml /tmp/mdev.xml

is "$($C numvfs "$PF8" 0; echo $?)" 0 "numvfs 0"
is "$(cat "$PD8/sriov_numvfs")" 0 "... no VFs"
check "no kernel splat" [ -z "$(dmesg_splats)" ]
