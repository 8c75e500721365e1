#!/bin/sh
# A VF reset that arrives while SR-IOV is being disabled: the PF stops
# taking new VF resets, lets its event worker finish, cancels what is left,
# and only then takes the slices away. Twenty rounds of an FLR racing a
# disable: every disable succeeds, no reset runs on a VF that is gone, and
# the next enable works.
. /sgpu/tests/lib.sh

[ -n "$PF8" ] || bail "the 8-VF GPU is present"
bad=""
i=0
dmesg_mark
while [ $i -lt 20 ]; do
	i=$((i + 1))
	r=$(numvfs_write "$PF8" 2)
	[ "$r" = ok ] || { bad="$bad enable$i:$r"; continue; }
	a=$(vf_bdf "$PF8" 0)
	b=$(vf_bdf "$PF8" 1)
	flr "$a" 2>/dev/null &
	fp=$!
	[ $((i % 2)) = 0 ] && echo 1 >"$PD8/sgpu_vf1/reset" 2>/dev/null &
	rp=$!
	r=$(numvfs_write "$PF8" 0)
	wait $fp $rp 2>/dev/null
	[ "$r" = ok ] || [ "$r" = EBUSY ] || bad="$bad disable$i:$r"
	[ "$(cat "$PD8/sriov_numvfs")" = 0 ] || numvfs_write "$PF8" 0 >/dev/null
done
is "$bad" "" "20 rounds of an FLR and a PF-requested reset racing a disable"
is "$(dmesg_since | grep -c 'reset failed\|firmware kept')" 0 \
	"... no VF reset ran on a VF that was going"
is "$(numvfs_write "$PF8" 2)" ok "enable 2 VFs after it"
out=$(sgpu -d "$(vf_dev "$PF8" 0)" dma-test 1M)
check "VF0 works: $out" [ "${out%% *}" = ok ]
is "$(numvfs_write "$PF8" 0)" ok "disable them"
check "no kernel splat" [ -z "$(dmesg_splats)" ]
