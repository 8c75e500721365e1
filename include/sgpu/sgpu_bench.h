/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * sgpu benchmarks: the test image the PF's bench_qoi (sgpu_pf_bench.c) and
 * the VF's "sgpu bench-qoi" (tools/sgpu.c) both encode, so that their QOI
 * throughputs compare the same work. RGB, 3 bytes per pixel.
 */
#ifndef SGPU_BENCH_H
#define SGPU_BENCH_H

#include <linux/types.h>

static inline void sgpu_bench_pattern(__u8 *px, __u32 w, __u32 h)
{
	__u32 x, y;

	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++, px += 3) {
			px[0] = (x * 7 + y * 13) & 0xff;
			px[1] = ((x / 16) ^ (y / 16)) & 1 ? 200 : 40;
			px[2] = (x * y) >> 6;
		}
	}
}

#endif /* SGPU_BENCH_H */
