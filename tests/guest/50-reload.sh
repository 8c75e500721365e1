#!/bin/sh
# Unloading sgpu_pf with VFs enabled (some bound to sgpu_vf, one to vfio-pci)
# removes every VF and leaves no warning; reloading starts from zero VFs.
. /sgpu/tests/lib.sh

pf=$(sgpu_pf_by_total 8) || bail "the 8-VF GPU is present"
big=$(sgpu_pf_by_total 64) || bail "the 64-VF GPU is present"
numvfs_write "$pf" 8 >/dev/null
numvfs_write "$big" 16 >/dev/null
vf=$(vfs_of "$pf" | head -n 1)
echo "$vf" >"/sys/bus/pci/devices/$vf/driver/unbind"
echo vfio-pci >"/sys/bus/pci/devices/$vf/driver_override"
echo "$vf" >/sys/bus/pci/drivers_probe
is "$(all_sgpu_vfs | wc -l)" 24 "24 VFs before unload"

dmesg_mark
check "rmmod sgpu_pf with 24 VFs enabled" rmmod sgpu_pf
is "$(all_sgpu_vfs | wc -l)" 0 "no VF left behind"
check "sgpu_vf stays loaded, with nothing bound" sh -c \
	"[ -z \"\$(ls /sys/bus/pci/drivers/sgpu_vf | grep 0000:)\" ]"
check "the PF logged that it disabled its VFs" sh -c \
	"dmesg | tail -n +$((DMESG_MARK + 1)) | grep -q '$pf: driver going away: disabling 8 VFs'"
is "$(dmesg_since | grep -cE 'WARNING|BUG|Call Trace|leak')" 0 "no warning in dmesg from the unload"

check "modprobe sgpu_pf again" modprobe sgpu_pf
is "$(driver_of "$pf")" sgpu_pf "PF bound again"
is "$(cat "$(pf_dir "$pf")/sriov_numvfs")" 0 "reloaded PF starts with 0 VFs"
is "$(numvfs_write "$pf" 8)" ok "enable 8 VFs after reload"
is "$(vfs_of "$pf" | wc -l)" 8 "8 VFs after reload"
is "$(numvfs_write "$pf" 0)" ok "disable after reload"
check "no kernel splat" [ -z "$(dmesg_splats)" ]
