#!/bin/sh
# flr-clear: after a Function Level Reset a VF's VRAM reads zero, its
# registers, mailbox and MSI-X table are at defaults and its counters are
# zero, and the PF re-arms it with exactly its slice. Bound to sgpu_vf and
# in use, the VF survives: a user's BO reads zero, new jobs work. Unbound,
# the same holds. The neighbour and the PF see nothing of it.
. /sgpu/tests/lib.sh

[ -n "$PF8" ] || bail "the 8-VF GPU is present"
S=$PD8/sgpu
is "$(numvfs_write "$PF8" 2)" ok "enable 2 VFs"
vf0=$(vf_bdf "$PF8" 0)
dev0=$(vf_dev "$PF8" 0)
dev1=$(vf_dev "$PF8" 1)
slice0=$(cat "$PD8/sgpu_vf0/slice")
pf_before=$(pf_snapshot "$PF8" 2)
sum1=$(vf_vram_sum "$PF8" 1)

# Bound and in use: a process keeps a BO; VF0 has counted an adverse event.
sgpu -d "$dev0" keep 3M 7 >/tmp/keep0 &
kp=$!
wait_lines /tmp/keep0 1
is "$(keep_check $kp /tmp/keep0)" "cpu intact dma intact" \
	"VF0's BO holds its pattern before the FLR"
sgpu-hostile "$dev0" bad-op >/dev/null
check "VF0 counted an adverse event" \
	[ "$(sed -n 's/^desc_refused //p' "$PD8/sgpu_vf0/counters")" -gt 0 ]
dmesg_mark
flr "$vf0"
is "$(wait_reset "$PF8" 0 1)" ready "bound: the PF re-armed VF0 after its FLR"
is "$(cat "$PD8/sgpu_vf0/reset_steps")" "seen wait_fw config data reprovision ready" \
	"... through every reset step"
is "$(cat "$PD8/sgpu_vf0/reset_count") $(cat "$PD8/sgpu_vf0/reset_failures")" "1 0" \
	"... counting one reset, no failure"
is "$(cat "$PD8/sgpu_vf0/slice")" "$slice0" "... with exactly its slice"
is "$(awk '{ s += $2 } END { print s }' "$PD8/sgpu_vf0/counters")" 0 \
	"VF0's adverse-event counters are zero after the FLR"
is "$(keep_check $kp /tmp/keep0)" "cpu zero dma zero" \
	"the user's BO reads zero after the FLR, by CPU and by DMA"
out=$(sgpu -d "$dev0" dma-test 1M)
check "new jobs work on VF0: $out" [ "${out%% *}" = ok ]
check "sgpu_vf logged that it set the VF up again" sh -c \
	"dmesg | tail -n +$((DMESG_MARK + 1)) | grep -q 'VF 0 reset: ready again'"
kill $kp
wait $kp

# Unbound, with data and register state left behind.
sgpu -d "$dev0" dma-test 2M >/dev/null
echo "$vf0" >/sys/bus/pci/drivers/sgpu_vf/unbind
check "VF0's slice holds data before the FLR" \
	[ "$(vf_vram_nonzero "$PF8" 0)" -gt 0 ]
REGS="SCRATCH ENG0_RING_BASE_LO ENG0_RING_SIZE MMU0_PT_BASE_LO MMU0_CTRL 0x2000 0x3000 0x3008"
sgpu-reg "$vf0" SCRATCH 0x5a5a5a5a
sgpu-reg "$vf0" ENG0_RING_BASE_LO 0x10000
sgpu-reg "$vf0" ENG0_RING_SIZE 64
sgpu-reg "$vf0" MMU0_PT_BASE_LO 0x1000
sgpu-reg "$vf0" MMU0_CTRL 1
sgpu-reg "$vf0" 0x2000 0x12345678	# mailbox request word 0
sgpu-reg "$vf0" 0x3000 0xfee00000	# MSI-X entry 0: address ...
sgpu-reg "$vf0" 0x3008 0x41		# ... data
sgpu-reg "$vf0" 0x300c 0		# ... unmasked
regs() { for r in $REGS; do sgpu-reg "$vf0" "$r"; done | tr '\n' ' '; }
check "VF0's registers hold what was written: $(regs)" \
	[ -z "$(regs | grep -o 0x00000000)" ]
flr "$vf0"
is "$(wait_reset "$PF8" 0 2)" ready "unbound: the PF re-armed VF0 after its FLR"
is "$(vf_vram_nonzero "$PF8" 0)" 0 "all of VF0's slice reads zero"
is "$(regs)" "0x00000000 0x00000000 0x00000000 0x00000000 0x00000000 0x00000000 0x00000000 0x00000000 " \
	"scratch, engine, MMU, mailbox and MSI-X registers are at defaults"
is "$(sgpu-reg "$vf0" 0x300c)" 0x00000001 "MSI-X vector 0 is masked again"
is "$(sgpu-reg "$vf0" STATUS) $(sgpu-reg "$vf0" RESETS)" "0x00000001 0x00000002" \
	"VF0's STATUS says ready; RESETS counts both resets"
echo "$vf0" >/sys/bus/pci/drivers/sgpu_vf/bind
out=$(sgpu -d "$dev0" dma-test 1M)
check "sgpu_vf binds VF0 again and it works: $out" [ "${out%% *}" = ok ]

is "$(vf_vram_sum "$PF8" 1)" "$sum1" "VF1's VRAM did not change"
is "$(cat "$PD8/sgpu_vf1/reset_count")" 0 "VF1 was never reset"
out=$(sgpu -d "$dev1" dma-test 1M)
check "VF1 works: $out" [ "${out%% *}" = ok ]
is "$(pf_snapshot "$PF8" 2)" "$pf_before" \
	"the PF's resources, slices, quotas and config space did not change"
numvfs_write "$PF8" 0 >/dev/null
check "no kernel splat" [ -z "$(dmesg_splats)" ]
