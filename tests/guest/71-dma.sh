#!/bin/sh
# Every VF moves random data host -> VRAM -> host through its own slice and
# its own requester ID, checked by checksum: one at a time, on every engine,
# and all VFs at once.
. /sgpu/tests/lib.sh

[ -n "$PF8" ] || bail "the 8-VF GPU is present"
is "$(numvfs_write "$PF8" 8)" ok "enable 8 VFs"
for i in 0 1 2 3 4 5 6 7; do
	dev=$(vf_dev "$PF8" $i)
	for size in 4096 1048583 6M; do
		out=$(sgpu -d "$dev" dma-test "$size")
		check "VF$i round trip of $size bytes: $out" [ "${out%% *}" = ok ]
	done
done

# All eight at once, each streaming for a few seconds.
for i in 0 1 2 3 4 5 6 7; do
	sgpu -d "$(vf_dev "$PF8" $i)" stream 3 2M >/tmp/stream.$i &
done
wait
bad=0
for i in 0 1 2 3 4 5 6 7; do
	r=$(cat /tmp/stream.$i)
	diag "VF$i: $r"
	case "$r" in "rounds "*" errors 0") ;; *) bad=$((bad + 1)) ;; esac
done
is "$bad" 0 "8 VFs streaming at once: every round checked out"
numvfs_write "$PF8" 0 >/dev/null

# Two big VFs: every DMA channel works.
is "$(numvfs_write "$PF8" 2)" ok "enable 2 VFs (7 DMA channels each)"
dev=$(vf_dev "$PF8" 1)
n=$(sgpu -d "$dev" info | sed -n 's/^dma_channels //p')
ok=0
e=0
while [ "$e" -lt "$n" ]; do
	out=$(sgpu -d "$dev" dma-test 262147 $e)
	[ "${out%% *}" = ok ] && ok=$((ok + 1))
	e=$((e + 1))
done
is "$ok" "$n" "all $n DMA channels of VF1 move data correctly"
numvfs_write "$PF8" 0 >/dev/null
check "no kernel splat" [ -z "$(dmesg_splats)" ]
