// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu VF driver: the slice's VRAM, the GPU virtual address space and the
 * page tables of MMU unit 0 (format in sgpu_desc.h).
 *
 * Slice layout: page tables first (the L1 table at offset 0, L2 tables
 * after it), then BOs. VRAM and VA are handed out in 64 KiB units from
 * bitmaps; L2 tables are made on first use and kept. The device walks the
 * tables on every access (it caches nothing), so a PTE written before the
 * doorbell (and a wmb()) is what the next job sees. All under mem_lock.
 */
#include <linux/bitmap.h>
#include <linux/io.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "sgpu_vf.h"

#define SGPU_PT_UNIT		SGPU_GPU_PAGE_SIZE
#define SGPU_VA_UNITS		(1ul << (SGPU_GPU_VA_BITS - SGPU_ALLOC_SHIFT))

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
	if (!vf->pt_map || !vf->vram_map || !vf->va_map || !vf->l2_of) {
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

/* Reserve GPU VA (and VRAM for a VRAM BO) for @bo. */
int sgpu_vf_mem_alloc(struct sgpu_vf *vf, struct sgpu_bo *bo)
{
	unsigned long units = bo->alloc >> SGPU_ALLOC_SHIFT, va, vram = 0;
	int ret = 0;

	mutex_lock(&vf->mem_lock);
	va = bitmap_find_next_zero_area(vf->va_map, SGPU_VA_UNITS, 0, units, 0);
	if (va >= SGPU_VA_UNITS) {
		dev_warn_ratelimited(&vf->pdev->dev,
				     "out of GPU address space for a %llu-byte BO\n",
				     bo->size);
		ret = -ENOSPC;
		goto out;
	}
	if (bo->flags == SGPU_BO_VRAM) {
		vram = bitmap_find_next_zero_area(vf->vram_map,
						  vf->nr_vram_units, 0,
						  units, 0);
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

int sgpu_vf_map_bo(struct sgpu_vf *vf, struct sgpu_bo *bo)
{
	struct sg_dma_page_iter it;
	u64 off = 0, l2, pte;
	int ret = 0;

	mutex_lock(&vf->mem_lock);
	if (bo->flags == SGPU_BO_SYSTEM) {
		for_each_sgtable_dma_page(&bo->sgt, &it, 0) {
			ret = sgpu_vf_l2(vf, bo->gpu_va + off, &l2);
			if (ret)
				break;
			pte = sg_page_iter_dma_address(&it) | SGPU_PTE_SYSTEM |
			      SGPU_PTE_WRITE | SGPU_PTE_VALID;
			sgpu_vf_vram_write64(vf, l2 + SGPU_VA_L2_INDEX(bo->gpu_va + off) * 8,
					     pte);
			off += SGPU_GPU_PAGE_SIZE;
		}
	} else {
		for (off = 0; off < bo->size; off += SGPU_GPU_PAGE_SIZE) {
			ret = sgpu_vf_l2(vf, bo->gpu_va + off, &l2);
			if (ret)
				break;
			pte = (bo->vram_off + off) | SGPU_PTE_WRITE |
			      SGPU_PTE_VALID;
			sgpu_vf_vram_write64(vf, l2 + SGPU_VA_L2_INDEX(bo->gpu_va + off) * 8,
					     pte);
		}
	}
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
	u64 off, va;

	lockdep_assert_held(&vf->mem_lock);
	for (off = 0; off < bo->size; off += SGPU_GPU_PAGE_SIZE) {
		va = bo->gpu_va + off;
		if (vf->l2_of[SGPU_VA_L1_INDEX(va)])
			sgpu_vf_vram_write64(vf, vf->l2_of[SGPU_VA_L1_INDEX(va)] +
					     SGPU_VA_L2_INDEX(va) * 8, 0);
	}
	/* The PTEs are gone before the pages are reused. */
	wmb();
}
