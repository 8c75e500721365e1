#!/bin/sh
# lspci decodes what the device advertises: SR-IOV, ARI, ACS, FLR, MSI-X.
. /sgpu/tests/lib.sh

pf=$(sgpu_pf_by_total 8) || bail "the 8-VF GPU is present"
out=$(lspci -vvv -s "$pf")
has() { echo "$out" | grep -qF -- "$1"; }
check "PF is a 3D controller 1234:5347" has "3D controller: Device 1234:5347 (rev 01)"
check "SR-IOV capability" has "Single Root I/O Virtualization (SR-IOV)"
check "Initial/Total VFs" has "Initial VFs: 8, Total VFs: 8, Number of VFs: 0"
check "VF offset, stride, device ID" has "VF offset: 1, stride: 1, Device ID: 5348"
check "ARI capability" has "Alternative Routing-ID Interpretation (ARI)"
check "ARI hierarchy enabled by Linux" has "ARIHierarchy+"
check "ACS capability" has "Access Control Services"
check "FLR advertised" has "FLReset+"
check "MSI-X enabled with 4 vectors" has "MSI-X: Enable+ Count=4"
check "BAR0 128K registers" has "(64-bit, non-prefetchable) [size=128K]"
check "BAR2 256M VRAM" has "(64-bit, prefetchable) [size=256M]"

numvfs_write "$pf" 1 >/dev/null
vf=$(vfs_of "$pf")
out=$(lspci -vvv -s "$vf")
check "VF is 1234:5348" has "3D controller: Device 1234:5348 (rev 01)"
check "VF advertises FLR" has "FLReset+"
check "VF MSI-X enabled with 4 vectors" has "MSI-X: Enable+ Count=4"
check "VF BAR0 16K" has "(64-bit, non-prefetchable) [virtual] [size=16K]"
check "VF BAR2 64M window" has "(64-bit, prefetchable) [virtual] [size=64M]"
numvfs_write "$pf" 0 >/dev/null

big=$(sgpu_pf_by_total 64) || bail "the 64-VF GPU is present"
out=$(lspci -vvv -s "$big")
check "64-VF part: Total VFs 64" has "Initial VFs: 64, Total VFs: 64"
