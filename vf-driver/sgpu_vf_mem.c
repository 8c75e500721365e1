// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu VF driver: the slice's VRAM, the GPU virtual address space and the
 * page tables of MMU unit 0 (format in sgpu_desc.h).
 *
 * Slice layout: page tables first (the L1 table at offset 0, L2 tables
 * after it), then BOs. VRAM and VA are handed out in 64 KiB units from
 * bitmaps; a BO of 2 MiB or more gets 2 MiB-aligned VA (and VRAM), so that
 * it can be mapped with 2 MiB pages straight from the L1 table wherever its
 * memory allows, which makes the device's walks 512 times shorter. L2
 * tables are made on first use and kept. The device caches no translation
 * between jobs, so a PTE written before the doorbell (and a wmb()) is what
 * the next job sees. All under mem_lock.
 */
#include <linux/bitmap.h>
#include <linux/io.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "sgpu_vf.h"

#define SGPU_PT_UNIT		SGPU_GPU_PAGE_SIZE
#define SGPU_VA_UNITS		(1ul << (SGPU_GPU_VA_BITS - SGPU_ALLOC_SHIFT))
/* Allocation units in a 2 MiB page, less one: the alignment mask. */
#define SGPU_HUGE_UNITS_MASK	((SGPU_HUGE_PAGE_SIZE >> SGPU_ALLOC_SHIFT) - 1)

void sgpu_vf_vram_write64(struct sgpu_vf *vf, u64 off, u64 val)
{
	writeq(val, vf->vram + off);
}

int sgpu_vf_mem_init(struct sgpu_vf *vf)
{
	u64 pt = clamp_t(u64, vf->vram_size / 8, SGPU_ALLOC_UNIT, 1ull << 20);

	vf->pt_size = round_down(pt, SGPU_ALLOC_UNIT);
	if (vf->vram_size < vf->pt_size + SGPU_ALLOC_UNIT) {
		pci_err(vf->pdev, "a %llu-byte slice is too small for page tables and a BO\n",
			vf->vram_size);
		return -ENOSPC;
	}
	vf->nr_vram_units = (vf->vram_size - vf->pt_size) >> SGPU_ALLOC_SHIFT;
	vf->pt_map = bitmap_zalloc(vf->pt_size / SGPU_PT_UNIT, GFP_KERNEL);
	vf->vram_map = bitmap_zalloc(vf->nr_vram_units, GFP_KERNEL);
	vf->va_map = bitmap_zalloc(SGPU_VA_UNITS, GFP_KERNEL);
	vf->l2_of = kcalloc(SGPU_PT_L1_ENTRIES, sizeof(*vf->l2_of), GFP_KERNEL);
	vf->l1_huge = bitmap_zalloc(SGPU_PT_L1_ENTRIES, GFP_KERNEL);
	if (!vf->pt_map || !vf->vram_map || !vf->va_map || !vf->l2_of ||
	    !vf->l1_huge) {
		sgpu_vf_mem_fini(vf);
		return -ENOMEM;
	}
	/* The L1 table, and VA 0 so no BO ever sits at address 0. */
	bitmap_set(vf->pt_map, 0, SGPU_PT_L1_SIZE / SGPU_PT_UNIT);
	set_bit(0, vf->va_map);
	memset_io(vf->vram, 0, SGPU_PT_L1_SIZE);

	sgpu_vf_wr(vf, SGPU_VF_MMU(0) + SGPU_MMU_PT_BASE_LO, 0);
	sgpu_vf_wr(vf, SGPU_VF_MMU(0) + SGPU_MMU_PT_BASE_HI, 0);
	sgpu_vf_wr(vf, SGPU_VF_MMU(0) + SGPU_MMU_CTRL, SGPU_MMU_CTRL_ENABLE);
	return 0;
}

void sgpu_vf_mem_fini(struct sgpu_vf *vf)
{
	bitmap_free(vf->pt_map);
	bitmap_free(vf->vram_map);
	bitmap_free(vf->va_map);
	kfree(vf->l2_of);
	bitmap_free(vf->l1_huge);
	vf->l1_huge = NULL;
	vf->pt_map = NULL;
	vf->vram_map = NULL;
	vf->va_map = NULL;
	vf->l2_of = NULL;
}

u64 sgpu_vf_vram_free(struct sgpu_vf *vf)
{
	u64 used;

	mutex_lock(&vf->mem_lock);
	used = bitmap_weight(vf->vram_map, vf->nr_vram_units);
	mutex_unlock(&vf->mem_lock);
	return (vf->nr_vram_units - used) << SGPU_ALLOC_SHIFT;
}

/*
 * First fit of @units in @map of @size bits, 2 MiB-aligned (given the
 * range's @offset in units) when @huge and possible, else anywhere.
 */
static unsigned long sgpu_fit(unsigned long *map, unsigned long size,
			      unsigned long units, bool huge,
			      unsigned long offset)
{
	unsigned long at = size;

	if (huge)
		at = bitmap_find_next_zero_area_off(map, size, 0, units,
						    SGPU_HUGE_UNITS_MASK,
						    offset);
	if (at >= size)
		at = bitmap_find_next_zero_area(map, size, 0, units, 0);
	return at;
}

/* Reserve GPU VA (and VRAM for a VRAM BO) for @bo. */
int sgpu_vf_mem_alloc(struct sgpu_vf *vf, struct sgpu_bo *bo)
{
	unsigned long units = bo->alloc >> SGPU_ALLOC_SHIFT, va, vram = 0;
	bool huge = bo->alloc >= SGPU_HUGE_PAGE_SIZE;
	int ret = 0;

	mutex_lock(&vf->mem_lock);
	va = sgpu_fit(vf->va_map, SGPU_VA_UNITS, units, huge, 0);
	if (va >= SGPU_VA_UNITS) {
		dev_warn_ratelimited(&vf->pdev->dev,
				     "out of GPU address space for a %llu-byte BO\n",
				     bo->size);
		ret = -ENOSPC;
		goto out;
	}
	if (bo->flags == SGPU_BO_VRAM) {
		vram = sgpu_fit(vf->vram_map, vf->nr_vram_units, units, huge,
				vf->pt_size >> SGPU_ALLOC_SHIFT);
		if (vram >= vf->nr_vram_units) {
			dev_warn_ratelimited(&vf->pdev->dev,
					     "VRAM exhausted: a %llu-byte BO does not fit in the %llu bytes free\n",
					     bo->size,
					     (u64)(vf->nr_vram_units -
						   bitmap_weight(vf->vram_map,
								 vf->nr_vram_units))
					     << SGPU_ALLOC_SHIFT);
			ret = -ENOSPC;
			goto out;
		}
		bitmap_set(vf->vram_map, vram, units);
		bo->vram_off = vf->pt_size + ((u64)vram << SGPU_ALLOC_SHIFT);
	}
	bitmap_set(vf->va_map, va, units);
	bo->gpu_va = (u64)va << SGPU_ALLOC_SHIFT;
out:
	mutex_unlock(&vf->mem_lock);
	return ret;
}

void sgpu_vf_mem_free(struct sgpu_vf *vf, struct sgpu_bo *bo)
{
	unsigned long units = bo->alloc >> SGPU_ALLOC_SHIFT;

	mutex_lock(&vf->mem_lock);
	bitmap_clear(vf->va_map, bo->gpu_va >> SGPU_ALLOC_SHIFT, units);
	if (bo->flags == SGPU_BO_VRAM)
		bitmap_clear(vf->vram_map,
			     (bo->vram_off - vf->pt_size) >> SGPU_ALLOC_SHIFT,
			     units);
	mutex_unlock(&vf->mem_lock);
}

/* The L2 table covering @va, made if need be. Under mem_lock. */
static int sgpu_vf_l2(struct sgpu_vf *vf, u64 va, u64 *l2)
{
	unsigned int i = SGPU_VA_L1_INDEX(va);
	unsigned long unit;

	if (vf->l2_of[i]) {
		*l2 = vf->l2_of[i];
		return 0;
	}
	unit = bitmap_find_next_zero_area(vf->pt_map,
					  vf->pt_size / SGPU_PT_UNIT, 0, 1, 0);
	if (unit >= vf->pt_size / SGPU_PT_UNIT) {
		dev_warn_ratelimited(&vf->pdev->dev,
				     "page-table area (%llu bytes) is full\n",
				     vf->pt_size);
		return -ENOSPC;
	}
	set_bit(unit, vf->pt_map);
	*l2 = (u64)unit * SGPU_PT_UNIT;
	memset_io(vf->vram + *l2, 0, SGPU_PT_L2_SIZE);
	sgpu_vf_vram_write64(vf, i * 8, *l2 | SGPU_PTE_VALID);
	vf->l2_of[i] = *l2;
	return 0;
}

/*
 * Map [va, va + len) to @addr (a slice offset, or with @pte_flags'
 * SYSTEM an IOVA): 2 MiB pages where both sides are aligned, 4 KiB pages
 * elsewhere. Under mem_lock.
 */
static int sgpu_vf_map_range(struct sgpu_vf *vf, u64 va, u64 addr, u64 len,
			     u64 pte_flags)
{
	u64 l2, step;
	int ret;

	for (; len; va += step, addr += step, len -= step) {
		if (IS_ALIGNED(va | addr, SGPU_HUGE_PAGE_SIZE) &&
		    len >= SGPU_HUGE_PAGE_SIZE) {
			step = SGPU_HUGE_PAGE_SIZE;
			set_bit(SGPU_VA_L1_INDEX(va), vf->l1_huge);
			sgpu_vf_vram_write64(vf, SGPU_VA_L1_INDEX(va) * 8,
					     addr | pte_flags | SGPU_PTE_HUGE);
			continue;
		}
		step = SGPU_GPU_PAGE_SIZE;
		ret = sgpu_vf_l2(vf, va, &l2);
		if (ret)
			return ret;
		sgpu_vf_vram_write64(vf, l2 + SGPU_VA_L2_INDEX(va) * 8,
				     addr | pte_flags);
	}
	return 0;
}

/* Map a SYSTEM BO's DMA segments. Under mem_lock. */
static int sgpu_vf_map_system(struct sgpu_vf *vf, struct sgpu_bo *bo)
{
	struct scatterlist *sg;
	u64 va = bo->gpu_va;
	unsigned int i;
	int ret;

	for_each_sgtable_dma_sg(&bo->sgt, sg, i) {
		ret = sgpu_vf_map_range(vf, va, sg_dma_address(sg),
					sg_dma_len(sg), SGPU_PTE_WRITE |
					SGPU_PTE_VALID | SGPU_PTE_SYSTEM);
		if (ret)
			return ret;
		va += sg_dma_len(sg);
	}
	return 0;
}

/* Write @bo's page table entries. Under mem_lock. */
static int sgpu_vf_map_pages(struct sgpu_vf *vf, struct sgpu_bo *bo)
{
	if (bo->flags == SGPU_BO_SYSTEM)
		return sgpu_vf_map_system(vf, bo);
	return sgpu_vf_map_range(vf, bo->gpu_va, bo->vram_off, bo->size,
				 SGPU_PTE_WRITE | SGPU_PTE_VALID);
}

int sgpu_vf_map_bo(struct sgpu_vf *vf, struct sgpu_bo *bo)
{
	int ret;

	mutex_lock(&vf->mem_lock);
	ret = sgpu_vf_map_pages(vf, bo);
	if (ret)
		sgpu_vf_unmap_bo(vf, bo);
	else
		bo->mapped = true;
	/* Page-table writes land before any doorbell that follows. */
	wmb();
	mutex_unlock(&vf->mem_lock);
	return ret;
}

/* Clear @bo's PTEs. Under mem_lock. */
void sgpu_vf_unmap_bo(struct sgpu_vf *vf, struct sgpu_bo *bo)
{
	u64 off, va, step;
	unsigned int i;

	lockdep_assert_held(&vf->mem_lock);
	for (off = 0; off < bo->size; off += step) {
		va = bo->gpu_va + off;
		i = SGPU_VA_L1_INDEX(va);
		step = SGPU_GPU_PAGE_SIZE;
		if (test_and_clear_bit(i, vf->l1_huge)) {
			/* Back to the L2 table if it has one, else unmapped. */
			sgpu_vf_vram_write64(vf, i * 8, vf->l2_of[i] ?
					     vf->l2_of[i] | SGPU_PTE_VALID : 0);
			step = SGPU_HUGE_PAGE_SIZE;
		} else if (vf->l2_of[i]) {
			sgpu_vf_vram_write64(vf, vf->l2_of[i] +
					     SGPU_VA_L2_INDEX(va) * 8, 0);
		}
	}
	/* The PTEs are gone before the pages are reused. */
	wmb();
}

/*
 * The device reset the VF: the slice, page tables included, reads zero
 * and the MMU registers are at defaults. Build the tables again for every
 * live BO (their VRAM and VA ranges and DMA mappings are unchanged).
 */
void sgpu_vf_mem_rebuild(struct sgpu_vf *vf)
{
	struct sgpu_bo *bo;
	int ret;

	mutex_lock(&vf->mem_lock);
	bitmap_zero(vf->pt_map, vf->pt_size / SGPU_PT_UNIT);
	bitmap_set(vf->pt_map, 0, SGPU_PT_L1_SIZE / SGPU_PT_UNIT);
	memset(vf->l2_of, 0, SGPU_PT_L1_ENTRIES * sizeof(*vf->l2_of));
	bitmap_zero(vf->l1_huge, SGPU_PT_L1_ENTRIES);
	memset_io(vf->vram, 0, SGPU_PT_L1_SIZE);
	sgpu_vf_wr(vf, SGPU_VF_MMU(0) + SGPU_MMU_PT_BASE_LO, 0);
	sgpu_vf_wr(vf, SGPU_VF_MMU(0) + SGPU_MMU_PT_BASE_HI, 0);
	sgpu_vf_wr(vf, SGPU_VF_MMU(0) + SGPU_MMU_CTRL, SGPU_MMU_CTRL_ENABLE);
	list_for_each_entry(bo, &vf->bos, node) {
		if (!bo->mapped)
			continue;
		ret = sgpu_vf_map_pages(vf, bo);
		if (ret)
			dev_warn_ratelimited(&vf->pdev->dev,
					     "BO at GPU VA %#llx could not be mapped again: %d\n",
					     bo->gpu_va, ret);
	}
	/* The tables are in place before any job is queued. */
	wmb();
	mutex_unlock(&vf->mem_lock);
}

/* Read back what sgpu_vf_mem_rebuild() set: a reset since wiped it. */
int sgpu_vf_mem_check(struct sgpu_vf *vf)
{
	u32 ctrl = sgpu_vf_rd(vf, SGPU_VF_MMU(0) + SGPU_MMU_CTRL);
	u32 lo = sgpu_vf_rd(vf, SGPU_VF_MMU(0) + SGPU_MMU_PT_BASE_LO);
	u32 hi = sgpu_vf_rd(vf, SGPU_VF_MMU(0) + SGPU_MMU_PT_BASE_HI);

	if (ctrl != SGPU_MMU_CTRL_ENABLE || lo || hi) {
		pci_info(vf->pdev, "MMU 0 reads CTRL %#x PT base %#x%08x after set-up\n",
			 ctrl, hi, lo);
		return -EAGAIN;
	}
	return 0;
}
