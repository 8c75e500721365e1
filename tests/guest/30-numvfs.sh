#!/bin/sh
# sriov_numvfs: 1, TotalVFs and 0 work; bad writes are refused with the right
# errno and change nothing; disabling is refused while a VF has a foreign driver.
. /sgpu/tests/lib.sh

pf=$(sgpu_pf_by_total 8) || bail "the 8-VF GPU is present"
pd=$(pf_dir "$pf")
count_vfs() { all_sgpu_vfs | grep -c "^${pf%:*}:" ; }

is "$(numvfs_write "$pf" 1)" ok "enable 1 VF"
is "$(cat "$pd/sriov_numvfs")" 1 "sriov_numvfs reads 1"
vf=$(vfs_of "$pf")
is "$(cat "/sys/bus/pci/devices/$vf/vendor"):$(cat "/sys/bus/pci/devices/$vf/device")" \
	0x1234:0x5348 "VF has vendor:device 1234:5348"
is "$(bar_size "$vf" 0)" 16384 "VF BAR0 is 16 KiB"
is "$(bar_size "$vf" 2)" "$(cat "$pd/sgpu/vf_window")" "VF BAR2 is the VRAM window"
is "$(driver_of "$vf")" sgpu_vf "VF bound to sgpu_vf"
is "$(cat "$pd/sgpu/vfs_in_use")" 1 "vfs_in_use counts the bound VF"
check "sgpu_vf probed it (MSI-X self-test, mailbox, slice)" sh -c \
	"dmesg | grep -q '$vf: sgpu VF 0 (ABI 1.3, mailbox v1): 8 MMU units, 15 DMA channels, 8 codec cores, 64 MiB VRAM'"
is "$(numvfs_write "$pf" 0)" ok "disable"
is "$(count_vfs)" 0 "no VF left after disable"

is "$(numvfs_write "$pf" 8)" ok "enable TotalVFs (8)"
is "$(count_vfs)" 8 "8 VFs exist"
ids=""
for v in $(vfs_of "$pf"); do
	d=${v##*:}
	ids="$ids $((0x${d%.*} * 8 + ${d#*.}))"
done
is "$ids" " 1 2 3 4 5 6 7 8" "VFs sit at functions 1..8 (offset 1, stride 1, ARI)"

# Bad writes: right errno, nothing changes. refused STATE VALUE:ERRNO...
refused() {
	_state=$1
	shift
	for _bad in "$@"; do
		is "$(numvfs_write "$pf" "${_bad%:*}")" "${_bad#*:}" \
			"writing '${_bad%:*}' with $_state enabled is ${_bad#*:}"
		is "$(cat "$pd/sriov_numvfs") VFs, $(count_vfs) present" \
			"$_state VFs, $_state present" "... and nothing changed"
	done
}
refused 8 "abc:EINVAL" "-1:EINVAL" "9:ERANGE" "65536:EINVAL" "3:EBUSY"
is "$(numvfs_write "$pf" 0)" ok "disable from 8"
refused 0 "abc:EINVAL" "-1:EINVAL" "9:ERANGE" "0x:EINVAL" "1 2:EINVAL"

# A VF held by another driver (vfio-pci) blocks disabling.
numvfs_write "$pf" 2 >/dev/null
vf=$(vfs_of "$pf" | tail -n 1)
echo "$vf" >"/sys/bus/pci/devices/$vf/driver/unbind"
echo vfio-pci >"/sys/bus/pci/devices/$vf/driver_override"
echo "$vf" >/sys/bus/pci/drivers_probe
is "$(driver_of "$vf")" vfio-pci "VF handed to vfio-pci"
is "$(cat "$pd/sgpu/vfs_in_use")" 2 "vfs_in_use counts vfio-pci users too"
dmesg_mark
is "$(numvfs_write "$pf" 0)" EBUSY "disable refused while vfio-pci holds a VF"
is "$(count_vfs)" 2 "… and both VFs remain"
check "refusal names the VF and its driver" sh -c \
	"dmesg | tail -n +$((DMESG_MARK + 1)) | grep -q 'cannot disable VFs: VF $vf is bound to vfio-pci; unbind it first'"
echo "$vf" >/sys/bus/pci/drivers/vfio-pci/unbind
echo >"/sys/bus/pci/devices/$vf/driver_override"
is "$(cat "$pd/sgpu/vfs_in_use")" 1 "vfs_in_use drops after unbind"
is "$(numvfs_write "$pf" 0)" ok "disable once vfio-pci let go"
is "$(count_vfs)" 0 "no VF left"
check "no kernel splat" [ -z "$(dmesg_splats)" ]
