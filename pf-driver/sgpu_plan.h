/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sgpu PF driver: provisioning plans -- profiles, fair split, placement.
 *
 * Plain C with no kernel dependencies beyond fixed-width types and errno
 * values, so host unit tests link it directly (tests/unit/kcompat.h).
 */
#ifndef SGPU_PLAN_H
#define SGPU_PLAN_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include "kcompat.h"
#endif

/* The GPU as the device reports it. */
struct sgpu_plan_gpu {
	u32 mmu_units, dma_channels, codec_cores;
	u64 vram_size, vf_window, granule;
};

/* An amount of each resource. */
struct sgpu_quota {
	u32 mmu, dma, codec;
	u64 vram;
};

/* Ranges in the GPU's physical numbering, as the firmware takes them. */
struct sgpu_slice {
	u32 mmu_first, mmu_count;
	u32 dma_first, dma_count;
	u32 codec_first, codec_count;
	u64 vram_base, vram_size;
};

/* A named fraction of the GPU, like a vGPU type. */
struct sgpu_profile {
	const char *name;
	u32 div;		/* each instance gets 1/div of what VFs may use */
};

extern const struct sgpu_profile sgpu_profiles[];
extern const unsigned int sgpu_nr_profiles;

/* Index of the profile called @name, or -EINVAL. */

/*
 * The quota of one instance of profile @p on @gpu once @reserve is set
 * aside for the PF. -ENOSPC if it would leave an instance without an MMU
 * unit, a DMA channel or a VRAM granule.
 */
int sgpu_profile_quota(const struct sgpu_plan_gpu *gpu,
		       const struct sgpu_quota *reserve, unsigned int p,
		       struct sgpu_quota *q);

/* Is @q something a single VF can hold? 0, or -EINVAL with a reason. */
int sgpu_quota_check(const struct sgpu_plan_gpu *gpu,
		     const struct sgpu_quota *q, char *why, size_t why_len);

/*
 * Place @n VFs. @q[i] is VF i's quota; an entry with all fields 0 asks for
 * a fair share of what the others leave. VFs get consecutive ranges after
 * the PF's reserve, which sits at the start of each resource. Returns 0
 * and @out, or -ENOSPC / -EINVAL with a one-line reason naming the
 * resource and the numbers.
 */
int sgpu_plan_place(const struct sgpu_plan_gpu *gpu,
		    const struct sgpu_quota *reserve, unsigned int n,
		    const struct sgpu_quota *q, struct sgpu_slice *out,
		    char *why, size_t why_len);

/* Where the PF's own reserve sits. */
void sgpu_plan_reserve_slice(const struct sgpu_quota *reserve,
			     struct sgpu_slice *out);

#endif /* SGPU_PLAN_H */
