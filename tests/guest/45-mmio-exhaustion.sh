#!/bin/sh
# A GPU whose VF BARs do not fit the machine's MMIO: enabling its VFs fails
# with ENOMEM and a log line that says why, and nothing changes.
. /sgpu/tests/lib.sh

pf=$(sgpu_pf_by_total 6) || bail "the 6 x 8 GiB-window GPU is present"
is "$(bar_size "$pf" 9)" 0 "the kernel left its 48 GiB VF BAR2 unassigned"
dmesg_mark
is "$(numvfs_write "$pf" 6)" ENOMEM "enabling 6 VFs with 48 GiB of VF BARs is ENOMEM"
is "$(numvfs_write "$pf" 1)" ENOMEM "so is a single VF (the VF BAR is sized for TotalVFs)"
is "$(cat "$(pf_dir "$pf")/sriov_numvfs")" 0 "sriov_numvfs stays 0"
is "$(vfs_of "$pf" | wc -l)" 0 "no VF appears"
check "the log names the cause" sh -c "dmesg | tail -n +$((DMESG_MARK + 1)) | grep -q \
'$pf: cannot enable 6 VFs: no room for the VF BARs (6 x 8192 MiB prefetchable VRAM windows)'"
# The other GPUs were sized and assigned normally.
other=$(sgpu_pf_by_total 8)
is "$(numvfs_write "$other" 1)" ok "a neighbouring GPU still enables VFs"
numvfs_write "$other" 0 >/dev/null
check "no kernel splat" [ -z "$(dmesg_splats)" ]
