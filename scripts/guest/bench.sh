#!/bin/sh
# make bench, inside the guest: measure the PF's own engines and the VFs'
# on the same work, print "BENCH name value" lines for scripts/bench.sh.
SIZE=4194304
export PATH=/sgpu/bin:$PATH
/sgpu/setup.sh
PF=""
for d in /sys/bus/pci/devices/*; do
	[ "$(cat "$d/vendor"):$(cat "$d/device")" = 0x1234:0x5347 ] &&
		PF=$(basename "$d") && break
done
P=/sys/bus/pci/devices/$PF
B=/sys/kernel/debug/sgpu_pf/$PF
NVF=4
# The PF keeps a codec core and room for the jobs; 4 VFs share the rest.
echo "dma=1 codec=1 vram=32M" >"$P/sgpu/reserve"
echo $NVF >"$P/sriov_numvfs"
bench() { echo "BENCH $1 $2"; }
mbps() { awk -v b="$1" -v n="$2" 'BEGIN { printf "%.1f", b / n * 1000 }'; }
pf_rate() {
	echo "$2" >"$B/$1"
	set -- $(tr '=' ' ' <"$B/$1")
	mbps "$2" "$4"
}
median() { tr ' ' '\n' | sort -n | sed -n "$(( ($1 + 1) / 2 ))p"; }
vf_rate() { "$@" | sed 's/ MB.*//'; }
# The median of VF/PF over runs taken side by side, so drift cancels; the
# pairs' ratios go along (BENCHRUNS) for the spread.
ratio() { # NAME "A runs" "B runs": A/B
	echo "BENCHRUNS $1 $(ratios "$2" "$3")"
	bench "$1" "$(ratios "$2" "$3" | median "$(echo $2 | wc -w)")"
}
ratios() { awk -v a="$1" -v b="$2" 'BEGIN { n = split(a, x); split(b, y);
	for (i = 1; i <= n; i++) printf "%.4f ", x[i] / y[i] }'; }
ROUNDS=7

# DMA: host -> VRAM copies of 4 MiB, PF and VF0 taking turns, about a
# second each.
pf_list="" vf_list=""
for r in $(seq $ROUNDS); do
	pf_list="$pf_list $(pf_rate bench_dma "$SIZE 6000")"
	vf_list="$vf_list $(vf_rate sgpu -d /dev/sgpu-vf0 bench $SIZE 1)"
done
echo "# pf_dma runs (MB/s):$pf_list"
echo "# vf_dma runs (MB/s):$vf_list"
bench pf_dma_mbps "$(echo $pf_list | median $ROUNDS)"
bench vf_dma_mbps "$(echo $vf_list | median $ROUNDS)"
ratio dma_vf_over_pf "$vf_list" "$pf_list"

# Fairness: every VF copying at once.
i=0
while [ $i -lt $NVF ]; do
	sgpu -d /dev/sgpu-vf$i bench $SIZE 4 >/tmp/fair.$i &
	i=$((i + 1))
done
wait
rates=""
i=0
while [ $i -lt $NVF ]; do
	rates="$rates $(sed 's/ MB.*//' /tmp/fair.$i)"
	i=$((i + 1))
done
echo "# per-VF MB/s with all $NVF busy:$rates"
bench all_vfs_dma_mbps "$(echo $rates | awk '{ for (i = 1; i <= NF; i++) s += $i; printf "%.1f", s }')"
bench fairness_jain "$(echo $rates | awk '{ for (i = 1; i <= NF; i++) { s += $i; q += $i * $i } printf "%.4f", s * s / (NF * q) }')"

# Codec: QOI encodes of the same 640x480 test pattern, about a second each.
pf_list="" vf_list=""
for r in $(seq 5); do
	pf_list="$pf_list $(pf_rate bench_qoi "640 480 500")"
	vf_list="$vf_list $(vf_rate sgpu -d /dev/sgpu-vf0 bench-qoi 640 480 1)"
done
echo "# pf_qoi runs (MB/s):$pf_list"
echo "# vf_qoi runs (MB/s):$vf_list"
bench pf_qoi_mbps "$(echo $pf_list | median 5)"
bench vf_qoi_mbps "$(echo $vf_list | median 5)"
ratio codec_vf_over_pf "$vf_list" "$pf_list"
# Resets. FLRs of VF0 while sgpu_vf drives it: the reset written to a job
# done again, Linux's FLR wait included. Then the PF's own part (seen ->
# ready), from resets the PF asks for.
S=$P/sgpu
echo "resets=0 events=1000 window_ms=60000" >"$S/guard"
set -- $(sgpu -d /dev/sgpu-vf0 flr-bench 40)
echo "# $*"
bench flr_ms_p50 "$3"
bench flr_ms_p99 "$5"
rearm=""
for r in $(seq 20); do
	n=$(cat "$P/sgpu_vf0/reset_count")
	echo 1 >"$P/sgpu_vf0/reset"
	while [ "$(cat "$P/sgpu_vf0/reset_count")" = "$n" ] ||
		[ "$(cat "$P/sgpu_vf0/reset_state")" != ready ]; do
		sleep 0.01
	done
	rearm="$rearm $(cat "$P/sgpu_vf0/reset_last_us")"
done
echo "# PF re-arm runs (us):$rearm"
bench pf_rearm_us_p50 "$(echo $rearm | median 20)"

# VF1's DMA during an FLR storm on VF0 (flr-bench, one process: no shell
# loop to steal the guest's CPU), over the same without one, in
# alternating rounds.
quiet="" storm=""
for r in $(seq $ROUNDS); do
	quiet="$quiet $(vf_rate sgpu -d /dev/sgpu-vf1 bench $SIZE 2)"
	sgpu -d /dev/sgpu-vf0 flr-bench 20 >/dev/null &
	storm="$storm $(vf_rate sgpu -d /dev/sgpu-vf1 bench $SIZE 2)"
	wait
done
echo "# VF1 DMA (MB/s) quiet:$quiet; during VF0's FLR storm:$storm"
ratio neighbor_during_flr "$storm" "$quiet"
# The same VF driven from userspace through VFIO (tests/vfio) and by
# sgpu_vf: host -> VRAM copies of 2 MiB, 32 in flight, alternating.
VF0=$(basename "$(readlink "$P/virtfn0")")
kern="" user=""
for r in $(seq 5); do
	kern="$kern $(vf_rate sgpu -d /dev/sgpu-vf0 bench 2097152 1)"
	sgpu-vfctl vfio "$VF0"
	user="$user $(vfio-sgpu bench "$VF0" 2097152 1 | sed 's/ MB.*//')"
	sgpu-vfctl host "$VF0"
done
echo "# VF0 DMA (MB/s) by sgpu_vf:$kern; through VFIO from userspace:$user"
ratio vfio_over_kernel_vf "$user" "$kern"
echo 0 >"$P/sriov_numvfs"

# Peers in the same boot: QEMU's own SR-IOV devices beside the GPU, igb
# (82576, VFs bound by igbvf) and nvme (secondary controllers; Linux's nvme
# driver leaves their probe failing, so they are enabled without autoprobe
# and only the SR-IOV core is timed, as for sgpu_noprobe). Each writes TotalVFs to sriov_numvfs
# and then 0, five times; the median of each write's time.
echo "dma=1 codec=0 vram=16M" >"$P/sgpu/reserve"
peer() { # NAME BDF AUTOPROBE
	d=/sys/bus/pci/devices/$2
	total=$(cat "$d/sriov_totalvfs")
	echo "$3" >"$d/sriov_drivers_autoprobe"
	en="" dis="" groups=""
	for r in 1 2 3 4 5; do
		set -- "$1" "$2" "$3" $(sysfs-write -t "$d/sriov_numvfs" "$total")
		[ "$4" = ok ] || { echo "# $1: enabling $total VFs: $4"; return; }
		en="$en $(($5 / 1000))"
		groups=$(for v in "$d"/virtfn*; do basename "$(readlink "$v/iommu_group")"; done | sort -u | wc -l)
		bound=$(for v in "$d"/virtfn*; do [ -e "$v/driver" ] && echo; done | wc -l)
		set -- "$1" "$2" "$3" $(sysfs-write -t "$d/sriov_numvfs" 0)
		dis="$dis $(($5 / 1000))"
	done
	echo "# $1 ($2): $total VFs, $groups IOMMU groups, $bound bound; enable ms:$en; disable ms:$dis"
	bench "peer_${1}_vfs" "$total"
	bench "peer_${1}_enable_ms" "$(echo $en | median 5)"
	bench "peer_${1}_disable_ms" "$(echo $dis | median 5)"
}
by_id() {
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat "$d/vendor"):$(cat "$d/device")" = "$1" ] &&
			basename "$d" && return
	done
}
peer sgpu "$PF" 1
peer sgpu_noprobe "$PF" 0
echo 1 >"$P/sriov_drivers_autoprobe"
# No udev in the guest: the peers' drivers are loaded by hand.
modprobe -a igb igbvf nvme 2>/dev/null
IGB=$(by_id 0x8086:0x10c9)
[ -n "$IGB" ] && peer igb "$IGB" 1
NVME=$(by_id 0x1b36:0x0010)
[ -n "$NVME" ] && peer nvme "$NVME" 0
echo "BENCH done 1"
