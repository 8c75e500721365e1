#!/bin/sh
# The demo, run inside the guest: load the PF driver, create VFs, show them.
NUMVFS=4
say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; sh -c "$*"; }

say "==== sgpu demo: an emulated SR-IOV GPU in a $(uname -r) guest ===="
PF=""
for d in /sys/bus/pci/devices/*; do
	[ "$(cat "$d/vendor"):$(cat "$d/device")" = 0x1234:0x5347 ] &&
		PF=$(basename "$d") && break
done
[ -n "$PF" ] || { echo "no sgpu PF found"; exit 1; }
P=/sys/bus/pci/devices/$PF

say "1. Load the PF driver; it checks the ABI and reads the GPU's resources"
run "modprobe sgpu_pf && modprobe sgpu_vf"
dmesg | grep "sgpu_pf $PF" | sed 's/^\[[^]]*\] /  /'
run "grep . $P/sgpu/*"

say "2. The PF's SR-IOV capability, as lspci decodes it"
run "lspci -vvv -s $PF | sed -n '/SR-IOV/,/VF Migration/p;/ARI)/,/ARICtl/p;/Access Control/,/ACSCtl/p'"

say "3. Create $NUMVFS VFs"
run "echo $NUMVFS > $P/sriov_numvfs"
run "lspci -tv"

say "4. Each VF: function, driver, IOMMU group, BARs, and the slice the firmware enforces"
printf '%-14s %-4s %-9s %-6s %-6s %-22s %s\n' VF "VF#" driver group BAR0 "BAR2 (VRAM window)" "slice (first+count)"
i=0
while [ -e "$P/virtfn$i" ]; do
	vf=$(basename "$(readlink "$P/virtfn$i")")
	v=/sys/bus/pci/devices/$vf
	drv=$(basename "$(readlink "$v/driver" 2>/dev/null)" 2>/dev/null)
	grp=$(basename "$(readlink "$v/iommu_group")")
	set -- $(sed -n 1p "$v/resource")
	b0="$((($2 - $1 + 1) / 1024))K"
	set -- $(sed -n 3p "$v/resource")
	b2="$((($2 - $1 + 1) / 1048576))M @ $1"
	printf '%-14s %-4s %-9s %-6s %-6s %-22s %s\n' "$vf" "$i" "${drv:--}" "$grp" "$b0" "$b2" \
		"$(cat "$P/sgpu_vf$i/slice")"
	i=$((i + 1))
done
run "cat $P/sgpu/vfs_in_use $P/sgpu/reserve"
say "   ... and the same at a glance, for every sgpu GPU (docs/sgpu-smi.md)"
run "sgpu-smi"

say "5. Use a slice: DMA through VF0's own MMU and IOMMU mapping, then its codec core"
run "sgpu -d /dev/sgpu-vf0 info | tr '\\n' ' '; echo"
run "sgpu -d /dev/sgpu-vf0 dma-test 4M"
run "sgpu -d /dev/sgpu-vf1 qoi-encode /sgpu/data/cells.raw 640 480 3 /tmp/cells.qoi && cmp /tmp/cells.qoi /sgpu/data/cells.qoi && echo 'identical to ffmpeg'\''s encoding'"
run "cat $P/sgpu_vf0/counters | tr '\\n' ' '; echo"

say "6. Disable them again"
run "echo 0 > $P/sriov_numvfs && lspci -d 1234:"
say "==== done: 'make shell' gives you this guest with a prompt ===="
