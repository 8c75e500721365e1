#!/bin/sh
# End to end, as a user runs it: this guest is the virtualization host.
# libvirtd (Debian's) starts our QEMU for a nested guest whose domain XML
# comes from sgpu-vfctl, with VF1 as a managed hostdev. The nested guest
# (scripts/guest/nested-init) loads sgpu_vf on the passed-through VF and
# checks a DMA round trip and the QOI codec against ffmpeg's reference;
# here we check what it reports, that VF0 kept working beside it, that the
# VF's VRAM held its data while it ran and is scrubbed once it is gone, and
# that libvirt gave the VF back to sgpu_vf. VF2, bound to vfio-pci by
# sgpu-vfctl (unmanaged), is attached to the running VM with
# virsh attach-device --live, used there, and detached again.
. /sgpu/tests/lib.sh

NESTED=/sgpu/nested
LOG=/tmp/nested.log
[ -n "$PF8" ] || bail "the 8-VF GPU is present"
[ -x /usr/sbin/libvirtd ] && [ -e "$NESTED/vmlinuz" ] ||
	bail "libvirt and the nested guest are in this boot (run-guest.sh --initrd-add)"

has() { case "$1" in *"$2"*) return 0 ;; esac; return 1; }
# run DESC CMD...: pass when CMD succeeds, else fail and show what it said.
run() {
	_d=$1
	shift
	if "$@" >/tmp/run.out 2>&1; then
		pass "$_d"
	else
		fail "$_d"
		sed 's/^/# /' /tmp/run.out
	fi
}
elapsed() { echo $(($(date +%s) - $1)); }
# The lines the nested guest reported under tag $1.
nested() { sed -n "s/^sgpu-nested: $1 *//p" "$LOG" | tr -d '\r' | head -n 1; }
# Wait up to $2 seconds for the nested guest to report tag $1.
wait_nested() {
	_t=$(date +%s)
	while ! grep -q "^sgpu-nested: $1" "$LOG" 2>/dev/null; do
		[ "$(elapsed "$_t")" -lt "$2" ] || return 1
		[ "$(virsh domstate nested 2>/dev/null)" = running ] || return 1
		sleep 1
	done
}
export_logs() {
	[ ! -e "$LOG" ] || export_blob nested-console.log "$LOG"
	[ ! -e /var/log/libvirt/libvirtd.log ] ||
		export_blob libvirtd.log /var/log/libvirt/libvirtd.log
	[ ! -e /var/log/libvirt/qemu/nested.log ] ||
		export_blob nested-qemu.log /var/log/libvirt/qemu/nested.log
}

is "$(sgpu-vfctl numvfs "$PF8" 3; echo $?)" 0 "enable 3 VFs, all on sgpu_vf"
vf=$(vf_bdf "$PF8" 1)
vf2=$(vf_bdf "$PF8" 2)
resets0=$(cat "$PD8/sgpu_vf1/reset_count")
resets2=$(cat "$PD8/sgpu_vf2/reset_count")
is "$(sgpu-vfctl vfio "$vf2"; echo $?)" 0 "VF2 to vfio-pci for a live attach"
sgpu-vfctl hostdev "$vf2" >/tmp/vf2.xml

t=$(date +%s)
libvirtd -d
i=0
while [ ! -S /run/libvirt/libvirt-sock ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
check "libvirtd is up and listening" [ -S /run/libvirt/libvirt-sock ]
export LIBVIRT_DEFAULT_URI=qemu:///system
ver=$(virsh version 2>&1)
ours=$(qemu-system-x86_64 --version | sed -n 's/^QEMU emulator version \([0-9.]*\).*/\1/p')
if [ -n "$ours" ] && has "$ver" "hypervisor: QEMU $ours"; then
	pass "libvirt's QEMU driver sees our QEMU ($(echo "$ver" | sed -n 's/.*hypervisor: //p'))"
else
	echo "$ver" | sed 's/^/# /'
	export_logs
	bail "libvirt's QEMU driver sees our QEMU"
fi
diag "libvirtd up and QEMU probed in $(elapsed "$t") s"

sgpu-vfctl domain --managed --memory 256 --serial-log "$LOG" --hotplug-ports 1 \
	--cmdline "console=ttyS0 panic=-1 quiet" \
	nested "$NESTED/vmlinuz" "$NESTED/initramfs.cpio.gz" "$vf" >/tmp/nested.xml
export_blob nested.xml /tmp/nested.xml
check "the generated domain defines" virsh -q define /tmp/nested.xml
t=$(date +%s)
if ! virsh -q start nested >/tmp/start.err 2>&1; then
	fail "virsh start nested"
	sed 's/^/# /' /tmp/start.err
	export_logs
	exit 1
fi
pass "virsh start nested"
is "$(driver_of "$vf")" vfio-pci "libvirt moved the VF to vfio-pci (managed='yes')"
is "$(sgpu-vfctl list "$PF8" | awk -v v="$vf" '$2 == v {print $5}')" vfio-pci \
	"sgpu-vfctl list shows it there"
check "... and refuses to take it back while the VM runs" sh -c "! sgpu-vfctl host $vf 2>/dev/null"

# VF0 stays in this guest's hands and is used the whole time.
dev0=$(vf_dev "$PF8" 0)
rm -f /tmp/neighbour.stop
while [ ! -e /tmp/neighbour.stop ]; do
	sgpu -d "$dev0" stream 5 1M
done >/tmp/neighbour.out 2>&1 &
neighbour=$!

if wait_nested begin 600; then
	pass "the nested guest booted ($(elapsed "$t") s)"
else
	fail "the nested guest booted"
fi
wait_nested state 300
v=$(nested vf)
check "the nested guest sees an sgpu VF (at ${v:-nothing})" [ "${v:-none}" != none ]
v=$(nested probe)
check "sgpu_vf probed it there (${v:-no device node})" [ -n "$v" ]
dma=$(nested dma)
check "a 4 MiB DMA round trip checks out in the nested guest ($dma)" [ "${dma%% *}" = ok ]
check "its codec core encodes as ffmpeg does ($(nested qoi-encode))" [ "$(nested qoi-encode | cut -d' ' -f1)" = ok ]
check "... and decodes to the source pixels ($(nested qoi-decode))" [ "$(nested qoi-decode | cut -d' ' -f1)" = ok ]
is "$(nested state)" ready "sgpu_vf's state in the nested guest"

wait_nested kept 120
check "the nested guest holds a seeded buffer in VRAM ($(nested kept))" [ -n "$(nested kept)" ]
check "... which this guest sees in VF1's slice through the PF" [ "$(vf_vram_nonzero "$PF8" 1)" -gt 0 ]
tty=$(virsh ttyconsole nested 2>/dev/null)
check "virsh ttyconsole names the console's pty ($tty)" [ -c "$tty" ]
# QEMU stops reading a pty whose other end is closed: hold it open until
# the answer is read.
if [ -c "$tty" ]; then
	exec 3>"$tty"
	echo go >&3
fi
run "virsh attach-device --live VF2 (sgpu-vfctl hostdev, unmanaged)" \
	virsh -q attach-device nested /tmp/vf2.xml --live
wait_nested answer 120
is "$(nested answer)" go "the nested guest read our answer on its console"
wait_nested hotplug 240
h=$(nested hotplug)
check "VF2 appeared in the running VM and its DMA checks out (${h:-nothing})" \
	[ "$(echo "$h" | cut -d' ' -f2)" = ok ]
sed -n 's/^sgpu-nested: diag /# nested: /p' "$LOG" | tr -d '\r'
run "virsh detach-device --live VF2" virsh -q detach-device nested /tmp/vf2.xml --live
wait_nested unplugged 240
u=$(nested unplugged)
check "the VM let VF2 go (${u:-nothing})" [ "${u:-no}" != no ]
i=0
while virsh dumpxml nested | grep -q "function='0x${vf2##*.}'" && [ $i -lt 120 ]; do
	sleep 1
	i=$((i + 1))
done
is "$(virsh dumpxml nested | grep -c '<hostdev ')" 1 "libvirt's live XML has VF1 only"
wait_nested end 120
exec 3>&-
is "$(nested splats)" 0 "no kernel splat in the nested guest"

# The guest powers off; libvirt sees QEMU go and gives the VF back.
i=0
while [ "$(virsh domstate nested 2>/dev/null)" = running ] && [ $i -lt 120 ]; do
	sleep 1
	i=$((i + 1))
done
is "$(virsh domstate nested 2>/dev/null)" "shut off" "the domain shut off when the nested guest powered off"
diag "nested guest ran for $(elapsed "$t") s"
i=0
while [ "$(driver_of "$vf")" != sgpu_vf ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
is "$(driver_of "$vf")" sgpu_vf "libvirt gave the VF back to sgpu_vf"
is "$(wait_file "$PD8/sgpu_vf1/reset_state" ready)" ready "the PF re-armed VF1 after the VM's resets"
check "... and counted them ($(($(cat "$PD8/sgpu_vf1/reset_count") - resets0)))" \
	[ "$(cat "$PD8/sgpu_vf1/reset_count")" -gt "$resets0" ]
is "$(vf_vram_nonzero "$PF8" 1)" 0 "nothing the VM left in VF1's VRAM is readable"
out=$(sgpu -d "$(vf_dev "$PF8" 1)" dma-test 1M)
check "VF1 works under sgpu_vf here again: $out" [ "${out%% *}" = ok ]
is "$(driver_of "$vf2")" vfio-pci "libvirt left unmanaged VF2 on vfio-pci"
check "... reset on the way in and out ($(($(cat "$PD8/sgpu_vf2/reset_count") - resets2)))" \
	[ "$(cat "$PD8/sgpu_vf2/reset_count")" -gt "$resets2" ]
is "$(sgpu-vfctl host "$vf2"; echo $?)" 0 "sgpu-vfctl gives VF2 back to sgpu_vf"
out=$(sgpu -d "$(vf_dev "$PF8" 2)" dma-test 1M)
check "VF2 works under sgpu_vf here again: $out" [ "${out%% *}" = ok ]

touch /tmp/neighbour.stop
wait "$neighbour"
rounds=$(awk '$1 == "rounds" {r += $2} END {print r + 0}' /tmp/neighbour.out)
errors=$(awk '$1 == "rounds" {e += $4} END {print e + 0}' /tmp/neighbour.out)
check "VF0 ran DMA beside the VM the whole time ($rounds rounds)" [ "$rounds" -gt 0 ]
is "$errors" 0 "... without an error"
check "... and every run of it said so" [ -z "$(grep -v '^rounds [0-9]* errors 0$' /tmp/neighbour.out)" ]
check "the domain undefines" virsh -q undefine nested
export_logs
sgpu-vfctl numvfs "$PF8" 0
check "no kernel splat here" [ -z "$(dmesg_splats)" ]
