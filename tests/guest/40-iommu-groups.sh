#!/bin/sh
# Every VF is its own IOMMU group (ACS on the PF, ARI, a root port above),
# on the 8-VF part and on the 64-VF part; 64 VFs enable and disable cleanly.
. /sgpu/tests/lib.sh

group_of() { basename "$(readlink "/sys/bus/pci/devices/$1/iommu_group")"; }

for total in 8 64; do
	pf=$(sgpu_pf_by_total $total) || { fail "the $total-VF GPU is present"; continue; }
	t0=$(cut -d' ' -f1 /proc/uptime)
	is "$(numvfs_write "$pf" $total)" ok "enable $total VFs on $pf"
	t1=$(cut -d' ' -f1 /proc/uptime)
	diag "enabling $total VFs took $(echo "$t1 $t0" | awk '{printf "%.2f", $1 - $2}') s of guest time"
	vfs=$(vfs_of "$pf")
	is "$(echo "$vfs" | wc -l)" $total "$total VFs listed under virtfn*"
	groups=$( { group_of "$pf"; for v in $vfs; do group_of "$v"; done; } | sort -u | wc -l)
	is "$groups" $((total + 1)) "PF and $total VFs are in $((total + 1)) distinct IOMMU groups"
	lonely=0
	for v in $vfs; do
		n=$(ls "/sys/kernel/iommu_groups/$(group_of "$v")/devices" | wc -l)
		[ "$n" = 1 ] || { lonely=$((lonely + 1)); diag "$v shares its group"; }
	done
	is "$lonely" 0 "no VF shares its group with any other device"
	bound=0
	for v in $vfs; do [ "$(driver_of "$v")" = sgpu_vf ] && bound=$((bound + 1)); done
	is "$bound" $total "sgpu_vf bound all $total VFs"
	is "$(cat "$(pf_dir "$pf")/sgpu/vfs_in_use")" $total "vfs_in_use is $total"
	# Each VF knows its own number (FUNCTION register), in routing-ID order.
	idx=0 bad=0
	for v in $vfs; do
		dmesg | grep -q "sgpu_vf $v: sgpu VF $idx (ABI" || bad=$((bad + 1))
		idx=$((idx + 1))
	done
	is "$bad" 0 "every VF reported its own VF index"
	t0=$(cut -d' ' -f1 /proc/uptime)
	is "$(numvfs_write "$pf" 0)" ok "disable $total VFs"
	t1=$(cut -d' ' -f1 /proc/uptime)
	diag "disabling $total VFs took $(echo "$t1 $t0" | awk '{printf "%.2f", $1 - $2}') s of guest time"
	is "$(vfs_of "$pf" | wc -l)" 0 "no VF left on $pf"
done
check "no kernel splat" [ -z "$(dmesg_splats)" ]
