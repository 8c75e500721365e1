#!/bin/sh
# FLR exists on the PF and on every VF: a VF reset returns that VF's registers
# to defaults and leaves its neighbour alone (80-83 test VF resets in
# depth); a PF reset takes the VFs away and brings the GPU back.
. /sgpu/tests/lib.sh

pf=$(sgpu_pf_by_total 8) || bail "the 8-VF GPU is present"
numvfs_write "$pf" 2 >/dev/null
set -- $(vfs_of "$pf")
vf0=$1 vf1=$2
for v in $vf0 $vf1; do echo "$v" >"/sys/bus/pci/devices/$v/driver/unbind"; done
is "$(cat "/sys/bus/pci/devices/$vf0/reset_method")" flr "VF reset method is FLR"
is "$(cat "$(pf_dir "$pf")/reset_method" | cut -d' ' -f1)" flr "PF reset method is FLR"

sgpu-reg "$vf0" SCRATCH 0x11111111
sgpu-reg "$vf1" SCRATCH 0x22222222
is "$(sgpu-reg "$vf0" SCRATCH)" 0x11111111 "VF0 scratch holds a value"
is "$(sgpu-reg "$vf0" ID)" 0x55504753 "VF0 identity reads SGPU through sysfs"
echo 1 >"/sys/bus/pci/devices/$vf0/reset"
is "$(sgpu-reg "$vf0" SCRATCH)" 0x00000000 "VF0 scratch is 0 after its FLR"
is "$(sgpu-reg "$vf1" SCRATCH)" 0x22222222 "VF1 scratch untouched by VF0's FLR"
is "$(cat "$(pf_dir "$pf")/sriov_numvfs")" 2 "PF still has 2 VFs"
is "$(sgpu-reg "$vf0" FUNCTION)" 0x80000000 "VF0 FUNCTION register: VF 0"
is "$(sgpu-reg "$vf1" FUNCTION)" 0x80000001 "VF1 FUNCTION register: VF 1"
numvfs_write "$pf" 0 >/dev/null

# PF FLR with the driver bound and VFs in use: the VFs go first, the GPU
# comes back at power-on state, and VFs can be enabled again.
numvfs_write "$pf" 2 >/dev/null
dmesg_mark
echo 1 >"$(pf_dir "$pf")/reset"
is "$(wait_file "$(pf_dir "$pf")/sriov_numvfs" 0)" 0 \
	"a PF FLR with 2 VFs enabled disables them"
check "... saying so, and that the GPU came back" sh -c \
	"dmesg | tail -n +$((DMESG_MARK + 1)) | grep -q 'PF reset: its 2 VFs lost their slices; disabling them' &&
	 dmesg | tail -n +$((DMESG_MARK + 1)) | grep -q 'PF reset: GPU back at power-on state'"
is "$(numvfs_write "$pf" 2)" ok "VFs can be enabled again after the PF FLR"
out=$(sgpu -d "$(vf_dev "$pf" 0)" dma-test 1M)
check "... and they work: $out" [ "${out%% *}" = ok ]
numvfs_write "$pf" 0 >/dev/null

# PF FLR with the driver away: the GPU's registers return to defaults.
rmmod sgpu_pf
sgpu-reg "$pf" SCRATCH 0x33333333
is "$(sgpu-reg "$pf" SCRATCH)" 0x33333333 "PF scratch holds a value"
echo 1 >"$(pf_dir "$pf")/reset"
is "$(sgpu-reg "$pf" SCRATCH)" 0x00000000 "PF scratch is 0 after PF FLR"
modprobe sgpu_pf
is "$(driver_of "$pf")" sgpu_pf "PF driver binds again after the FLR"
check "no kernel splat" [ -z "$(dmesg_splats)" ]
