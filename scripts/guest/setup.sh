#!/bin/sh
# Load the sgpu modules and vfio the way a host would have them.
# Arguments go to sgpu_vf (the test suite passes allow_raw=1).
modprobe sgpu_pf
modprobe sgpu_vf "$@"
modprobe vfio-pci
# busybox modprobe does not follow vfio's softdep on its IOMMU backend.
modprobe vfio_iommu_type1
