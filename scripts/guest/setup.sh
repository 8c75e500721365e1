#!/bin/sh
# Load the sgpu modules and vfio the way a host would have them.
modprobe sgpu_pf
modprobe sgpu_vf
modprobe vfio-pci
