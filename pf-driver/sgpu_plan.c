// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu PF driver: provisioning plans (see sgpu_plan.h).
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#endif

#include "sgpu_plan.h"

/* Hardware limits the plan must respect (from the device ABI). */
#include <sgpu/sgpu_regs.h>

const struct sgpu_profile sgpu_profiles[] = {
	{ "sgpu-1", 1 },	/* everything VFs may use */
	{ "sgpu-2", 2 },	/* half */
	{ "sgpu-4", 4 },	/* a quarter */
	{ "sgpu-8", 8 },	/* an eighth */
};

const unsigned int sgpu_nr_profiles = sizeof(sgpu_profiles) /
				      sizeof(sgpu_profiles[0]);

static u32 min_u32(u32 a, u32 b)
{
	return a < b ? a : b;
}

static u64 min_u64(u64 a, u64 b)
{
	return a < b ? a : b;
}

static u64 round_down_to(u64 v, u64 granule)
{
	return v - v % granule;
}

/* What is left for VFs once the PF's reserve is set aside. */
static void sgpu_available(const struct sgpu_plan_gpu *gpu,
			   const struct sgpu_quota *reserve,
			   struct sgpu_quota *avail)
{
	avail->mmu = gpu->mmu_units;
	avail->dma = gpu->dma_channels > reserve->dma ?
		     gpu->dma_channels - reserve->dma : 0;
	avail->codec = gpu->codec_cores > reserve->codec ?
		       gpu->codec_cores - reserve->codec : 0;
	avail->vram = gpu->vram_size > reserve->vram ?
		      gpu->vram_size - reserve->vram : 0;
}

/* An even 1/@div share of @avail, shaped so one VF can hold it. */
static void sgpu_share(const struct sgpu_plan_gpu *gpu,
		       const struct sgpu_quota *avail, u32 div,
		       struct sgpu_quota *q)
{
	q->mmu = min_u32(avail->mmu / div, SGPU_VF_MAX_MMU);
	q->dma = avail->dma / div;
	q->codec = avail->codec / div;
	if (q->dma + q->codec > SGPU_VF_MAX_ENGINES) {
		q->codec = q->codec > SGPU_VF_MAX_ENGINES / 2 ?
			   SGPU_VF_MAX_ENGINES / 2 : q->codec;
		q->dma = SGPU_VF_MAX_ENGINES - q->codec;
	}
	q->vram = min_u64(round_down_to(avail->vram / div, gpu->granule),
			  gpu->vf_window);
}

int sgpu_profile_quota(const struct sgpu_plan_gpu *gpu,
		       const struct sgpu_quota *reserve, unsigned int p,
		       struct sgpu_quota *q)
{
	struct sgpu_quota avail;

	if (p >= sgpu_nr_profiles)
		return -EINVAL;
	sgpu_available(gpu, reserve, &avail);
	sgpu_share(gpu, &avail, sgpu_profiles[p].div, q);
	if (!q->mmu || !q->dma || q->vram < gpu->granule)
		return -ENOSPC;
	return 0;
}

int sgpu_quota_check(const struct sgpu_plan_gpu *gpu,
		     const struct sgpu_quota *q, char *why, size_t why_len)
{
	if (!q->mmu || q->mmu > SGPU_VF_MAX_MMU || q->mmu > gpu->mmu_units) {
		snprintf(why, why_len, "mmu=%u: a VF has 1 to %u MMU units",
			 q->mmu, min_u32(SGPU_VF_MAX_MMU, gpu->mmu_units));
		return -EINVAL;
	}
	if (!q->dma || q->dma > gpu->dma_channels ||
	    q->codec > gpu->codec_cores ||
	    q->dma + q->codec > SGPU_VF_MAX_ENGINES) {
		snprintf(why, why_len,
			 "dma=%u codec=%u: a VF has 1 to %u DMA channels and 0 to %u codec cores, %u engines at most",
			 q->dma, q->codec, gpu->dma_channels, gpu->codec_cores,
			 SGPU_VF_MAX_ENGINES);
		return -EINVAL;
	}
	if (q->vram < gpu->granule || q->vram % gpu->granule ||
	    q->vram > gpu->vf_window) {
		snprintf(why, why_len,
			 "vram=%llu: a VF's VRAM is a multiple of %llu bytes, at most the %llu-byte VF window",
			 (unsigned long long)q->vram,
			 (unsigned long long)gpu->granule,
			 (unsigned long long)gpu->vf_window);
		return -EINVAL;
	}
	return 0;
}

static int sgpu_over(char *why, size_t why_len, const char *what,
		     unsigned long long want, unsigned long long avail,
		     unsigned long long reserve)
{
	snprintf(why, why_len,
		 "%s: the VFs ask for %llu, %llu left after the PF's reserve of %llu",
		 what, want, avail, reserve);
	return -ENOSPC;
}

int sgpu_plan_place(const struct sgpu_plan_gpu *gpu,
		    const struct sgpu_quota *reserve, unsigned int n,
		    const struct sgpu_quota *q, struct sgpu_slice *out,
		    char *why, size_t why_len)
{
	struct sgpu_quota avail, used = { 0 }, fair;
	unsigned int i, nfair = 0;
	u32 mmu = 0, dma = reserve->dma, codec = reserve->codec;
	u64 vram = reserve->vram;
	int ret;

	sgpu_available(gpu, reserve, &avail);
	for (i = 0; i < n; i++) {
		if (!q[i].mmu && !q[i].dma && !q[i].codec && !q[i].vram) {
			nfair++;
			continue;
		}
		ret = sgpu_quota_check(gpu, &q[i], why, why_len);
		if (ret)
			return ret;
		used.mmu += q[i].mmu;
		used.dma += q[i].dma;
		used.codec += q[i].codec;
		used.vram += q[i].vram;
	}
	if (used.mmu > avail.mmu)
		return sgpu_over(why, why_len, "MMU units", used.mmu,
				 avail.mmu, 0);
	if (used.dma > avail.dma)
		return sgpu_over(why, why_len, "DMA channels", used.dma,
				 avail.dma, reserve->dma);
	if (used.codec > avail.codec)
		return sgpu_over(why, why_len, "codec cores", used.codec,
				 avail.codec, reserve->codec);
	if (used.vram > avail.vram)
		return sgpu_over(why, why_len, "VRAM bytes", used.vram,
				 avail.vram, reserve->vram);

	/* VFs without a quota share what is left evenly. */
	if (nfair) {
		struct sgpu_quota left = {
			avail.mmu - used.mmu, avail.dma - used.dma,
			avail.codec - used.codec, avail.vram - used.vram,
		};

		sgpu_share(gpu, &left, nfair, &fair);
		if (!fair.mmu)
			return sgpu_over(why, why_len, "MMU units",
					 used.mmu + nfair, avail.mmu, 0);
		if (!fair.dma)
			return sgpu_over(why, why_len, "DMA channels",
					 used.dma + nfair, avail.dma,
					 reserve->dma);
		if (fair.vram < gpu->granule)
			return sgpu_over(why, why_len, "VRAM bytes",
					 used.vram + nfair * gpu->granule,
					 avail.vram, reserve->vram);
	}

	for (i = 0; i < n; i++) {
		const struct sgpu_quota *v = q[i].mmu || q[i].dma ||
					     q[i].codec || q[i].vram ?
					     &q[i] : &fair;

		out[i].mmu_first = mmu;
		out[i].mmu_count = v->mmu;
		out[i].dma_first = dma;
		out[i].dma_count = v->dma;
		out[i].codec_first = codec;
		out[i].codec_count = v->codec;
		out[i].vram_base = vram;
		out[i].vram_size = v->vram;
		mmu += v->mmu;
		dma += v->dma;
		codec += v->codec;
		vram += v->vram;
	}
	return 0;
}

void sgpu_plan_reserve_slice(const struct sgpu_quota *reserve,
			     struct sgpu_slice *out)
{
	memset(out, 0, sizeof(*out));
	out->dma_count = reserve->dma;
	out->codec_count = reserve->codec;
	out->vram_size = reserve->vram;
}
