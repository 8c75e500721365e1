#!/bin/sh
# Provisioning: the fair split, profiles, custom quotas and the PF's reserve
# give each VF a slice the firmware enforces; requests that cannot be met
# are refused with the right errno and change nothing.
. /sgpu/tests/lib.sh

[ -n "$PF8" ] || bail "the 8-VF GPU is present"
S=$PD8/sgpu
w() { sysfs-write "$1" "$2"; }
# field VALUE-LINE KEY: the value of KEY=... in a "k=v k=v" line
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
count() { field "$1" "$2" | cut -d+ -f2; }

is "$(cat "$S/reserve")" "dma=1 codec=0 vram=16777216" "default reserve: 1 DMA channel, 1/16 of VRAM"

# Fair split of 8 VFs: disjoint ranges, nothing of the reserve handed out.
is "$(numvfs_write "$PF8" 8)" ok "enable 8 VFs (fair split)"
prev_dma_end=1 prev_vram_end=$((16 << 20)) ok_layout=1
for i in 0 1 2 3 4 5 6 7; do
	sl=$(cat "$PD8/sgpu_vf$i/slice")
	d=$(field "$sl" dma) v=$(field "$sl" vram)
	[ "${d%+*}" = "$prev_dma_end" ] || ok_layout=0
	[ "$((${v%+*}))" = "$prev_vram_end" ] || ok_layout=0
	prev_dma_end=$((${d%+*} + ${d#*+}))
	prev_vram_end=$((${v%+*} + ${v#*+}))
	inf=$(sgpu -d "$(vf_dev "$PF8" $i)" info)
	[ "$(echo "$inf" | sed -n 's/^dma_channels //p')" = "${d#*+}" ] || ok_layout=0
	[ "$(echo "$inf" | sed -n 's/^vram_size //p')" = "$((${v#*+}))" ] || ok_layout=0
done
is "$ok_layout" 1 "slices are consecutive, disjoint, after the reserve, and each VF sees its own"
is "$(cat "$PD8/sgpu_vf3/slice")" "mmu=3+1 dma=4+1 codec=3+1 vram=0x6a00000+0x1e00000" \
	"VF3's exact slice (1 MMU, 1 DMA, 1 codec, 30 MiB)"
is "$(cat "$PD8/sgpu_vf3/state") $(cat "$PD8/sgpu_vf3/profile")" "ready auto" "VF3 is ready, auto-sized"

# Configuration is frozen while VFs exist.
is "$(w "$PD8/sgpu_vf0/quota" "mmu=1 dma=1 codec=0 vram=1M")" EBUSY "quota change while enabled: EBUSY"
is "$(w "$S/profile" sgpu-8)" EBUSY "profile change while enabled: EBUSY"
is "$(w "$S/reserve" "dma=2 codec=0 vram=16M")" EBUSY "reserve change while enabled: EBUSY"
is "$(cat "$PD8/sgpu_vf0/quota") $(cat "$S/profile")" "auto auto" "... nothing changed"
is "$(numvfs_write "$PF8" 0)" ok "disable"
is "$(cat "$PD8/sgpu_vf3/slice") $(cat "$PD8/sgpu_vf3/state")" "none disabled" "VF3 unprovisioned after disable"

# Named profiles.
is "$(w "$S/profile" bogus)" EINVAL "unknown profile: EINVAL"
is "$(cat "$S/profile")" auto "... profile unchanged"
check "profiles lists sgpu-4 with its size" grep -qx \
	"sgpu-4 max=4 mmu=2 dma=3 codec=2 vram=62914560" "$S/profiles"
is "$(w "$S/profile" sgpu-4)" ok "choose profile sgpu-4"
is "$(numvfs_write "$PF8" 5)" ENOSPC "5 x sgpu-4 (a quarter each) over-commit: ENOSPC"
is "$(cat "$PD8/sriov_numvfs")" 0 "... no VF enabled"
check "... and the log names the resource" sh -c \
	"dmesg | grep -q 'cannot provision 5 VFs: MMU units: the VFs ask for 10, 8 left'"
is "$(numvfs_write "$PF8" 4)" ok "4 x sgpu-4 fit"
is "$(cat "$PD8/sgpu_vf2/slice")" "mmu=4+2 dma=7+3 codec=4+2 vram=0x8800000+0x3c00000" \
	"VF2 holds exactly a quarter"
is "$(cat "$PD8/sgpu_vf2/profile")" sgpu-4 "VF2 says it is an sgpu-4"
is "$(sgpu -d "$(vf_dev "$PF8" 2)" info | sed -n 's/^profile //p')" 2 \
	"the VF driver learnt its profile over the mailbox"
numvfs_write "$PF8" 0 >/dev/null
w "$S/profile" auto >/dev/null

# Custom quotas, with the rest shared fairly.
is "$(w "$PD8/sgpu_vf0/quota" "mmu=2 dma=4 codec=1 vram=32M")" ok "VF0 quota mmu=2 dma=4 codec=1 vram=32M"
is "$(w "$PD8/sgpu_vf1/quota" profile=sgpu-8)" ok "VF1 takes profile sgpu-8"
is "$(numvfs_write "$PF8" 3)" ok "enable 3 VFs: custom, profile, auto"
is "$(cat "$PD8/sgpu_vf0/slice")" "mmu=0+2 dma=1+4 codec=0+1 vram=0x1000000+0x2000000" "VF0 got its quota"
is "$(cat "$PD8/sgpu_vf0/profile") $(cat "$PD8/sgpu_vf1/profile") $(cat "$PD8/sgpu_vf2/profile")" \
	"custom sgpu-8 auto" "profiles reported per VF"
is "$(cat "$PD8/sgpu_vf2/slice")" "mmu=3+5 dma=6+10 codec=2+6 vram=0x4e00000+0x4000000" \
	"VF2 shares what is left (capped at the 64 MiB window)"
numvfs_write "$PF8" 0 >/dev/null

# Requests that cannot be met.
is "$(w "$PD8/sgpu_vf1/quota" "mmu=1 dma=12 codec=0 vram=8M")" ok "VF1 asks for 12 channels"
is "$(numvfs_write "$PF8" 2)" ENOSPC "4 + 12 channels over 15 available: ENOSPC"
check "... the log names DMA channels and the reserve" sh -c \
	"dmesg | grep -q 'DMA channels: the VFs ask for 16, 15 left after the PF.s reserve of 1'"
for q in "mmu=0 dma=1 codec=0 vram=1M" "mmu=1 dma=1 codec=0 vram=1000000" \
	"mmu=1 dma=1 codec=0 vram=128M" "mmu=1 dma=1" "garbage" \
	"mmu=1 dma=1 codec=0 vram=1M color=red" "mmu=99 dma=1 codec=0 vram=1M" \
	"mmu=1 dma=1 dma=2 codec=0 vram=1M" "mmu=1 dma=1 codec=0 vram=1M vram=2M" \
	"mmu=1 dma=1x codec=0 vram=1M" "mmu=1 dma=1 codec=0 vram=1MB"; do
	is "$(w "$PD8/sgpu_vf1/quota" "$q")" EINVAL "quota '$q': EINVAL"
done
for q in "mmu=1 dma=4294967297 codec=0 vram=1M" \
	"mmu=1 dma=1 codec=0 vram=99999999999999999999"; do
	is "$(w "$PD8/sgpu_vf1/quota" "$q")" ERANGE "quota '$q': ERANGE"
done
is "$(cat "$PD8/sgpu_vf1/quota")" "mmu=1 dma=12 codec=0 vram=8388608" "... VF1's quota unchanged"
for v in 0 1 2 3; do w "$PD8/sgpu_vf$v/quota" "mmu=1 dma=1 codec=0 vram=64M" >/dev/null; done
is "$(numvfs_write "$PF8" 4)" ENOSPC "4 x 64 MiB would eat the PF's VRAM reserve: ENOSPC"
check "... the log names VRAM" sh -c \
	"dmesg | grep -q 'VRAM bytes: the VFs ask for 268435456, 251658240 left after the PF.s reserve of 16777216'"
is "$(w "$S/reserve" "dma=0 codec=0 vram=16M")" EINVAL "a reserve without a DMA channel: EINVAL"
is "$(w "$S/reserve" "dma=1 codec=0 vram=0")" EINVAL "a reserve without VRAM: EINVAL"
for r in "dma=1 dma=2 codec=0 vram=16M" "dma=1 codec=0 vram=16M mmu=1" \
	"dma=1 codec=0"; do
	is "$(w "$S/reserve" "$r")" EINVAL "reserve '$r': EINVAL"
done
is "$(w "$S/reserve" "dma=4294967297 codec=0 vram=16M")" ERANGE \
	"a reserve of 2^32 + 1 channels: ERANGE, not 1"
is "$(cat "$S/reserve")" "dma=1 codec=0 vram=16777216" "... reserve unchanged"
for v in 0 1 2 3; do w "$PD8/sgpu_vf$v/quota" auto >/dev/null; done
is "$(cat "$PD8/sriov_numvfs")" 0 "no VF left enabled by any of the refusals"
check "no kernel splat" [ -z "$(dmesg_splats)" ]
