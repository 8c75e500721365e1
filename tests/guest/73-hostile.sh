#!/bin/sh
# Hostile jobs from VF0 (raw descriptors and registers, as a malicious
# guest driver would send them): each is refused with an error status and
# counted, while VF1 streams DMA with verified data and VF2's VRAM, read
# from the PF's side, does not change.
. /sgpu/tests/lib.sh

[ -n "$PF8" ] || bail "the 8-VF GPU is present"
S=$PD8/sgpu
is "$(numvfs_write "$PF8" 8)" ok "enable 8 VFs"
a=$(vf_dev "$PF8" 0)
v2=$(cat "$PD8/sgpu_vf2/slice" | tr ' ' '\n' | sed -n 's/^vram=//p')
v2sum=$(vram-sum "$PF8" "${v2%+*}" "${v2#*+}")
sgpu -d "$(vf_dev "$PF8" 1)" stream 8 1M >/tmp/neighbour &
npid=$!

# case  expected-status  counter
while read -r c st cnt; do
	out=$(sgpu-hostile "$a" "$c")
	s=${out%% *}
	k=${out#* }
	before=${k#*=}
	before=${before%->*}
	is "$s ${k%%=*}+$((${k#*->} - before))" "status=$st $cnt+1" \
		"$c: refused (job status $st), counted in $cnt"
done <<'EOT'
oob-pte 6 out_of_slice
unmapped-va 5 mmu_fault
foreign-mmu 3 foreign_engine
foreign-engine 0 foreign_engine
huge-len 4 desc_refused
zero-len 4 desc_refused
bad-op 1 desc_refused
bad-flags 2 desc_refused
host-unmapped 7 dma_fault
pt-base-outside 6 out_of_slice
ring-garbage 0 ring_fault
EOT

wait $npid
r=$(cat /tmp/neighbour)
diag "VF1 while VF0 attacked: $r"
check "VF1's DMA stream ran with zero data errors" sh -c "echo '$r' | grep -q ' errors 0$'"
is "$(vram-sum "$PF8" "${v2%+*}" "${v2#*+}")" "$v2sum" "VF2's VRAM, read by the PF, is unchanged"
is "$(cat "$PD8/sgpu_vf1/counters" "$PD8/sgpu_vf2/counters" | awk '{s += $2} END {print s}')" 0 \
	"VF1 and VF2 counted nothing"
is "$(cat "$PD8/sgpu_vf0/counters" | tr '
' ' ')" \
	"desc_refused 4 out_of_slice 2 mmu_fault 1 dma_fault 1 ring_fault 1 foreign_engine 2 self_access 0 wait_timeout 0 " \
	"the PF sees VF0's adverse events, exactly"
out=$(sgpu -d "$a" dma-test 1M)
check "VF0 still works after all of it (the driver restarted its engine): $out" \
	[ "${out%% *}" = ok ]
check "the driver logged the stopped engine" sh -c \
	"dmesg | grep -q 'engine 0 stopped: ring not readable; restarting it'"
numvfs_write "$PF8" 0 >/dev/null
check "no kernel splat" [ -z "$(dmesg_splats)" ]
