#!/bin/sh
# The PF driver binds every sgpu PF of a known ABI, reads the resources the
# device reports, and proves its MSI-X path; it refuses an unknown ABI.
. /sgpu/tests/lib.sh

check "sgpu_pf is loaded" grep -q '^sgpu_pf ' /proc/modules

for e in $(rig_expect); do
	IFS=: read -r total mmu dma codec vram window <<-EOT
	$e
	EOT
	pf=$(sgpu_pf_by_total "$total") || { fail "a PF with $total VFs exists"; continue; }
	d=$(pf_dir "$pf")/sgpu
	is "$(driver_of "$pf")" sgpu_pf "$pf bound to sgpu_pf"
	is "$(cat "$d/abi_version")" 1.3 "$pf abi_version"
	is "$(cat "$d/mmu_units")" "$mmu" "$pf mmu_units"
	is "$(cat "$d/dma_channels")" "$dma" "$pf dma_channels"
	is "$(cat "$d/codec_cores")" "$codec" "$pf codec_cores"
	is "$(cat "$d/vram_size")" "$vram" "$pf vram_size"
	is "$(cat "$d/vf_window")" "$window" "$pf vf_window"
	# The registers agree with what PCI enumeration sized.
	is "$(bar_size "$pf" 2)" "$vram" "$pf BAR2 is all of VRAM"
	iov2=$(bar_size "$pf" 9)
	if [ "$iov2" = 0 ]; then
		skip "$pf VF BAR2 is vf_window per VF" "no MMIO room for it (45-mmio-exhaustion)"
	else
		is "$((iov2 / total))" "$window" "$pf VF BAR2 (SR-IOV resource) is vf_window per VF"
	fi
	is "$(cat "$d/vfs_in_use")" 0 "$pf has no VFs in use"
	irqs=$(cat "$d/event_irqs")
	check "$pf MSI-X self-test interrupt arrived ($irqs)" [ "$irqs" -ge 1 ]
	check "$pf event vector is in /proc/interrupts" \
		grep -q "sgpu_pf" /proc/interrupts
done

# The rig's third GPU claims ABI 2.0: the driver must refuse it, loudly.
bad=$(sgpu_pf_by_total 2) || bail "the ABI 2.0 GPU is in the rig"
check "ABI 2.0 PF $bad is left unbound" [ -z "$(driver_of "$bad")" ]
check "refusal names the ABI" sh -c \
	"dmesg | grep -q '$bad: device speaks sgpu ABI 2.0, this driver only 1.x: refusing it'"
check "no kernel splat after probe" [ -z "$(dmesg_splats)" ]
