/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * sgpu benchmarks and tests: the test image the PF's bench_qoi
 * (sgpu_pf_bench.c) and the VF's "sgpu bench-qoi" (tools/sgpu.c) both
 * encode, so that their QOI throughputs compare the same work (RGB, 3
 * bytes per pixel); the seeded bytes the data tests move, and the
 * checksum they compare.
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

/* @n bytes that depend on @seed (a linear congruential generator). */
static inline void sgpu_fill_random(void *p, __u64 n, __u32 seed)
{
	__u8 *b = (__u8 *)p;
	__u64 i;

	for (i = 0; i < n; i++) {
		seed = seed * 1103515245 + 12345;
		b[i] = seed >> 16;
	}
}

/* Adler-32 of @n bytes: what "sgpu dma-test" prints and the tests compare. */
static inline __u32 sgpu_adler32(const void *p, __u64 n)
{
	const __u8 *b = (const __u8 *)p;
	__u32 a = 1, s = 0;
	__u64 i;

	for (i = 0; i < n; i++) {
		a = (a + b[i]) % 65521;
		s = (s + a) % 65521;
	}
	return s << 16 | a;
}

#endif /* SGPU_BENCH_H */
