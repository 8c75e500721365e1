/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * Loads and stores of the device's little-endian layouts (descriptors,
 * write-backs, page-table entries) on byte buffers, whatever the host's
 * byte order and alignment: for the firmware, its tests and userspace
 * tools. Kernel code has get_unaligned_le32() and friends.
 */
#ifndef SGPU_LE_H
#define SGPU_LE_H

#include <linux/types.h>

static inline __u32 sgpu_get_le32(const __u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (__u32)p[3] << 24;
}

static inline __u64 sgpu_get_le64(const __u8 *p)
{
	return sgpu_get_le32(p) | (__u64)sgpu_get_le32(p + 4) << 32;
}

static inline void sgpu_put_le32(__u8 *p, __u32 v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static inline void sgpu_put_le64(__u8 *p, __u64 v)
{
	sgpu_put_le32(p, (__u32)v);
	sgpu_put_le32(p + 4, v >> 32);
}

#endif /* SGPU_LE_H */
