#!/usr/bin/env bash
# make bench: measure sgpu in one run and write build/bench.json.
#
# In the guest (scripts/guest/bench.sh): the PF's own engines against a
# VF's on the same work (DMA copies of 4 MiB host -> VRAM, QOI encodes of
# one 640x480 pattern), every VF copying at once, how long a VF's FLR
# takes to give a usable VF back, and a neighbour's DMA during a storm of
# them, and how long enabling and disabling VFs takes the GPU and QEMU's
# igb and nvme in the same boot. On the host, in the same run: a plain
# memcpy of the same size, the device's physical limit. Figures are
# medians of several runs; each ratio comes from pairs taken back to back
# and carries its spread (_min, _max over _pairs). Nothing here asserts on
# time.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$SGPU_TOP"

out=$SGPU_BUILD/bench
mkdir -p "$out"
gcc -O2 -Wall -Wextra -Werror -o "$out/host-memcpy" tests/bench/host-memcpy.c
note "host memcpy of 4 MiB buffers"
host=$("$out/host-memcpy" $((4 << 20)) 1 | cut -d' ' -f1)

note "guest benchmarks (about a minute)"
scripts/run-guest.sh --rig bench --mode bench --out "$out/guest" --timeout 900 |
	tr -d '\r' | tee "$out/guest.log" | grep -v '^BENCH'
grep -q '^BENCH done 1' "$out/guest.log" ||
	die "the guest benchmark did not finish; see $out/guest/console.log"

python3 - "$out/guest.log" "$host" "$SGPU_BUILD/bench.json" <<'PY'
import json, sys
log, host, path = sys.argv[1], float(sys.argv[2]), sys.argv[3]
r, runs = {}, {}
for line in open(log):
    if line.startswith('BENCH '):
        _, k, v = line.split()
        r[k] = float(v)
    elif line.startswith('BENCHRUNS '):
        f = line.split()
        runs[f[1]] = sorted(float(x) for x in f[2:])
r.pop('done', None)
# The spread of each paired ratio: the lowest and highest pair.
for k, v in runs.items():
    r[k + '_min'], r[k + '_max'], r[k + '_pairs'] = v[0], v[-1], len(v)
r['host_memcpy_mbps'] = host
r['dma_over_host_memcpy'] = round(r['vf_dma_mbps'] / host, 4)
json.dump(r, open(path, 'w'), indent=2, sort_keys=True)
notes = {
    'dma_vf_over_pf': 'VF DMA over PF DMA, same engine kind and size (aim >= 0.99)',
    'dma_over_host_memcpy': 'VF DMA as the guest sees it over host memcpy',
    'fairness_jain': "Jain's index of per-VF DMA throughput, all VFs busy",
    'codec_vf_over_pf': 'VF QOI encode over PF QOI encode, same image',
    'flr_ms_p50': 'VF FLR written -> a job done again (Linux waits 100 ms)',
    'flr_ms_p99': '... 99th percentile of 40',
    'pf_rearm_us_p50': "the PF's reset state machine, seen -> ready",
    'vfio_over_kernel_vf': 'a VF driven through VFIO from userspace over the same VF under sgpu_vf',
    'neighbor_during_flr': "VF1's DMA during VF0's FLR storm over without (aim >= 0.95)",
    'peer_sgpu_vfs': 'TotalVFs of sgpu, igb and nvme in the bench rig',
    'peer_sgpu_enable_ms': 'sgpu: TotalVFs written to sriov_numvfs, VFs bound by sgpu_vf',
    'peer_sgpu_noprobe_enable_ms': 'sgpu with autoprobe off: provisioning and the SR-IOV core',
    'peer_igb_enable_ms': "QEMU's igb: the same, VFs bound by igbvf",
    'peer_nvme_enable_ms': "QEMU's nvme: the same, no VF driver (autoprobe off)",
    'peer_sgpu_disable_ms': '0 written back, VFs unbound first (Linux waits 1 s of it)',
}
print('\n%-28s %10s  %-17s %s' % ('figure', 'value', 'spread (pairs)', ''))
for k in sorted(r):
    if k.endswith(('_min', '_max', '_pairs')):
        continue
    spread = ('%.3f..%.3f (%d)' % (r[k + '_min'], r[k + '_max'], r[k + '_pairs'])
              if k + '_min' in r else '')
    print('%-28s %10s  %-17s %s' % (k, r[k], spread, notes.get(k, '')))
print('\nwritten to %s' % path)
PY
