// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu VF driver: buffer objects.
 *
 * A VRAM BO is a range of the slice; a SYSTEM BO is pages the VF reaches
 * by DMA through its own requester ID (so through the IOMMU). Either gets a
 * GPU VA mapped in MMU unit 0 and can be read, written and mmap()ed. A BO
 * is counted: its handle holds one reference and each mmap another, and it
 * keeps its VF alive. The device side (PTEs, DMA mappings) is torn down
 * when the last reference goes, or earlier when the VF goes.
 */
#include <linux/dma-mapping.h>
#include <linux/highmem.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <uapi/sgpu/sgpu_vf.h>

#include "sgpu_vf.h"
#include "sgpu_vf_compat.h"

static unsigned int max_system_mb = 256;
module_param(max_system_mb, uint, 0644);
MODULE_PARM_DESC(max_system_mb, "System memory each VF may pin in SYSTEM BOs (MiB)");

#define SGPU_BO_RW_CHUNK	(64 * 1024)
#define SGPU_BO_MAX_ORDER	9	/* 2 MiB with 4 KiB pages */

static void sgpu_bo_free_pages(struct sgpu_bo *bo)
{
	unsigned long i, n = bo->size >> PAGE_SHIFT;

	if (!bo->pages)
		return;
	for (i = 0; i < n && bo->pages[i]; i++)
		__free_page(bo->pages[i]);
	kvfree(bo->pages);
	bo->pages = NULL;
}

static int sgpu_bo_alloc_system(struct sgpu_bo *bo)
{
	struct sgpu_vf *vf = bo->vf;
	unsigned long i, j, n = bo->size >> PAGE_SHIFT;
	int ret;

	mutex_lock(&vf->mem_lock);
	if (vf->system_bytes + bo->size > (u64)max_system_mb << 20) {
		mutex_unlock(&vf->mem_lock);
		dev_warn_ratelimited(&vf->pdev->dev,
				     "a %llu-byte SYSTEM BO would pass max_system_mb=%u (%llu bytes in use)\n",
				     bo->size, max_system_mb, vf->system_bytes);
		return -ENOSPC;
	}
	vf->system_bytes += bo->size;
	mutex_unlock(&vf->mem_lock);

	bo->pages = kvcalloc(n, sizeof(*bo->pages), GFP_KERNEL);
	if (!bo->pages) {
		ret = -ENOMEM;
		goto err;
	}
	/*
	 * Up to 2 MiB at a time when memory allows: the IOMMU then maps
	 * superpages, and a vIOMMU's translation cache holds the whole BO.
	 */
	for (i = 0; i < n; ) {
		unsigned int order = min_t(unsigned int, SGPU_BO_MAX_ORDER,
					   ilog2(n - i));
		struct page *p;

		for (;; order--) {
			p = alloc_pages(GFP_KERNEL | __GFP_ZERO |
					(order ? __GFP_NORETRY | __GFP_NOWARN : 0),
					order);
			if (p || !order)
				break;
		}
		if (!p) {
			ret = -ENOMEM;
			goto err;
		}
		split_page(p, order);
		for (j = 0; j < 1u << order; j++)
			bo->pages[i++] = p + j;
	}
	ret = sg_alloc_table_from_pages(&bo->sgt, bo->pages, n, 0, bo->size,
					GFP_KERNEL);
	if (ret)
		goto err;
	ret = dma_map_sgtable(&vf->pdev->dev, &bo->sgt, DMA_BIDIRECTIONAL, 0);
	if (ret) {
		sg_free_table(&bo->sgt);
		goto err;
	}
	return 0;
err:
	sgpu_bo_free_pages(bo);
	mutex_lock(&vf->mem_lock);
	vf->system_bytes -= bo->size;
	mutex_unlock(&vf->mem_lock);
	return ret;
}

struct sgpu_bo *sgpu_bo_create(struct sgpu_vf *vf, u64 size, u32 flags)
{
	struct sgpu_bo *bo;
	int ret;

	if (flags != SGPU_BO_VRAM && flags != SGPU_BO_SYSTEM) {
		dev_warn_ratelimited(&vf->pdev->dev, "BO flags %#x: want exactly one of VRAM, SYSTEM\n",
				     flags);
		return ERR_PTR(-EINVAL);
	}
	if (!size || size > vf->vram_size + ((u64)max_system_mb << 20)) {
		dev_warn_ratelimited(&vf->pdev->dev, "BO size %llu refused\n",
				     size);
		return ERR_PTR(-EINVAL);
	}
	bo = kzalloc(sizeof(*bo), GFP_KERNEL);
	if (!bo)
		return ERR_PTR(-ENOMEM);
	kref_init(&bo->ref);
	bo->vf = vf;
	bo->flags = flags;
	bo->size = PAGE_ALIGN(size);
	bo->alloc = round_up(bo->size, SGPU_ALLOC_UNIT);

	if (flags == SGPU_BO_SYSTEM) {
		ret = sgpu_bo_alloc_system(bo);
		if (ret)
			goto err_free;
	}
	ret = sgpu_vf_mem_alloc(vf, bo);
	if (ret)
		goto err_system;
	if (flags == SGPU_BO_VRAM)
		memset_io(vf->vram + bo->vram_off, 0, bo->size);
	ret = sgpu_vf_map_bo(vf, bo);
	if (ret)
		goto err_mem;
	mutex_lock(&vf->mem_lock);
	list_add(&bo->node, &vf->bos);
	mutex_unlock(&vf->mem_lock);
	kref_get(&vf->ref);
	return bo;

err_mem:
	sgpu_vf_mem_free(vf, bo);
err_system:
	if (flags == SGPU_BO_SYSTEM) {
		dma_unmap_sgtable(&vf->pdev->dev, &bo->sgt, DMA_BIDIRECTIONAL, 0);
		sg_free_table(&bo->sgt);
		sgpu_bo_free_pages(bo);
		mutex_lock(&vf->mem_lock);
		vf->system_bytes -= bo->size;
		mutex_unlock(&vf->mem_lock);
	}
err_free:
	kfree(bo);
	return ERR_PTR(ret);
}

/*
 * Take @bo off the device: PTEs cleared, DMA unmapped. Idempotent; remove()
 * does it for every BO before the VF goes, so a BO released later never
 * touches the hardware.
 */
static void sgpu_bo_unmap_locked(struct sgpu_bo *bo)
{
	struct sgpu_vf *vf = bo->vf;

	if (!bo->mapped)
		return;
	sgpu_vf_unmap_bo(vf, bo);
	if (bo->flags == SGPU_BO_SYSTEM)
		dma_unmap_sgtable(&vf->pdev->dev, &bo->sgt, DMA_BIDIRECTIONAL, 0);
	bo->mapped = false;
}

/* The VF is going: take every BO off the device. */
void sgpu_vf_unmap_all(struct sgpu_vf *vf)
{
	struct sgpu_bo *bo;

	mutex_lock(&vf->mem_lock);
	list_for_each_entry(bo, &vf->bos, node)
		sgpu_bo_unmap_locked(bo);
	mutex_unlock(&vf->mem_lock);
}

static void sgpu_bo_release(struct kref *ref)
{
	struct sgpu_bo *bo = container_of(ref, struct sgpu_bo, ref);
	struct sgpu_vf *vf = bo->vf;

	mutex_lock(&vf->mem_lock);
	sgpu_bo_unmap_locked(bo);
	list_del(&bo->node);
	mutex_unlock(&vf->mem_lock);
	sgpu_vf_mem_free(vf, bo);
	if (bo->flags == SGPU_BO_SYSTEM) {
		sg_free_table(&bo->sgt);
		sgpu_bo_free_pages(bo);
		mutex_lock(&vf->mem_lock);
		vf->system_bytes -= bo->size;
		mutex_unlock(&vf->mem_lock);
	}
	if (bo->dummy)
		__free_page(bo->dummy);
	kfree(bo);
	sgpu_vf_put(vf);
}

void sgpu_bo_put(struct sgpu_bo *bo)
{
	kref_put(&bo->ref, sgpu_bo_release);
}

int sgpu_bo_rw(struct sgpu_bo *bo, u64 offset, u64 size, void __user *data,
	       bool write)
{
	struct sgpu_vf *vf = bo->vf;
	u64 done = 0, n;
	void *buf, *p;
	int ret = 0;

	if (offset > bo->size || size > bo->size - offset) {
		dev_warn_ratelimited(&vf->pdev->dev,
				     "BO %s of %llu bytes at %llu runs past its %llu bytes\n",
				     write ? "write" : "read", size, offset,
				     bo->size);
		return -EINVAL;
	}
	buf = kmalloc(SGPU_BO_RW_CHUNK, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	while (done < size && !ret) {
		u64 at = offset + done;

		n = min_t(u64, size - done, SGPU_BO_RW_CHUNK);
		if (bo->flags == SGPU_BO_SYSTEM)
			n = min_t(u64, n, PAGE_SIZE - (at & ~PAGE_MASK));
		if (write && copy_from_user(buf, data + done, n)) {
			ret = -EFAULT;
			break;
		}
		if (bo->flags == SGPU_BO_VRAM) {
			if (write)
				memcpy_toio(vf->vram + bo->vram_off + at, buf, n);
			else
				memcpy_fromio(buf, vf->vram + bo->vram_off + at, n);
		} else {
			p = kmap_local_page(bo->pages[at >> PAGE_SHIFT]);
			if (write)
				memcpy(p + (at & ~PAGE_MASK), buf, n);
			else
				memcpy(buf, p + (at & ~PAGE_MASK), n);
			kunmap_local(p);
		}
		if (!write && copy_to_user(data + done, buf, n))
			ret = -EFAULT;
		done += n;
	}
	kfree(buf);
	return ret;
}

static void sgpu_bo_vm_open(struct vm_area_struct *vma)
{
	struct sgpu_bo *bo = vma->vm_private_data;

	kref_get(&bo->ref);
}

static void sgpu_bo_vm_close(struct vm_area_struct *vma)
{
	sgpu_bo_put(vma->vm_private_data);
}

/* The BO's dummy page, allocated on first use; freed with the BO. */
static struct page *sgpu_bo_dummy_page(struct sgpu_bo *bo)
{
	struct page *page = READ_ONCE(bo->dummy), *old;

	if (page)
		return page;
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!page)
		return NULL;
	old = cmpxchg(&bo->dummy, NULL, page);
	if (old) {
		__free_page(page);
		return old;
	}
	return page;
}

/* VRAM pages mapped per fault, as TTM does: fewer faults on a stream. */
#define SGPU_BO_PREFAULT	16

/*
 * Process context, mmap_lock held. System pages are the BO's until the
 * mapping closes: map the one asked for (again, after MADV_DONTNEED). VRAM
 * is mapped lazily, a few pages a fault, while the VF is there; once it
 * has gone (sgpu_vf_cdev_del() zapped what was mapped) the BO's zeroed
 * dummy page stands in for each page touched: the process reads zeros
 * and its writes land in that page, never in a device -- it learns the VF
 * went from the ENODEV of its next call, never from a SIGBUS. map_lock,
 * never held across a user copy, orders this against remove setting
 * @gone; gone_sem is not taken: an ioctl copying from this mapping may
 * hold it, with a reset waiting to write-lock it.
 */
static vm_fault_t sgpu_bo_vm_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct sgpu_bo *bo = vma->vm_private_data;
	struct sgpu_vf *vf = bo->vf;
	unsigned long pages = bo->size >> PAGE_SHIFT, pgoff, addr, pfn, i;
	struct page *page;
	vm_fault_t ret;

	/* The offset's low bits are the page within the BO (cdev mmap). */
	pgoff = vmf->pgoff & (BIT(SGPU_MMAP_SHIFT - PAGE_SHIFT) - 1);
	if (pgoff >= pages)
		return VM_FAULT_SIGBUS;
	if (bo->flags == SGPU_BO_SYSTEM) {
		vmf->page = bo->pages[pgoff];
		get_page(vmf->page);
		return 0;
	}
	mutex_lock(&vf->map_lock);
	if (READ_ONCE(vf->gone)) {
		mutex_unlock(&vf->map_lock);
		page = sgpu_bo_dummy_page(bo);
		if (!page)
			return VM_FAULT_OOM;
		return vmf_insert_pfn(vma, vmf->address, page_to_pfn(page));
	}
	pfn = ((vf->vram_phys + bo->vram_off) >> PAGE_SHIFT) + pgoff;
	addr = vmf->address;
	ret = vmf_insert_pfn(vma, addr, pfn);
	for (i = 1; i < SGPU_BO_PREFAULT && !(ret & VM_FAULT_ERROR) &&
	     pgoff + i < pages && addr + i * PAGE_SIZE < vma->vm_end; i++)
		vmf_insert_pfn(vma, addr + i * PAGE_SIZE, pfn + i);
	mutex_unlock(&vf->map_lock);
	return ret;
}

static const struct vm_operations_struct sgpu_bo_vm_ops = {
	.open = sgpu_bo_vm_open,
	.close = sgpu_bo_vm_close,
	.fault = sgpu_bo_vm_fault,
};

int sgpu_bo_mmap(struct sgpu_bo *bo, struct vm_area_struct *vma)
{
	unsigned long len = vma->vm_end - vma->vm_start, i;
	struct sgpu_vf *vf = bo->vf;
	int ret;

	if (len > bo->size) {
		dev_warn_ratelimited(&vf->pdev->dev,
				     "mmap of %lu bytes of a %llu-byte BO refused\n",
				     len, bo->size);
		return -EINVAL;
	}
	/* A private mapping would copy on write: the BO would not see it. */
	if (!(vma->vm_flags & VM_SHARED)) {
		dev_warn_ratelimited(&vf->pdev->dev,
				     "mmap of a BO without MAP_SHARED refused\n");
		return -EINVAL;
	}
	sgpu_vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
	if (bo->flags == SGPU_BO_VRAM) {
		/* Filled by the fault handler (no PAT range to untrack). */
		sgpu_vm_flags_set(vma, VM_PFNMAP | VM_IO);
		vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
		ret = 0;
	} else {
		ret = 0;
		for (i = 0; i < len >> PAGE_SHIFT && !ret; i++)
			ret = vm_insert_page(vma, vma->vm_start + i * PAGE_SIZE,
					     bo->pages[i]);
	}
	if (ret)
		return ret;
	vma->vm_private_data = bo;
	vma->vm_ops = &sgpu_bo_vm_ops;
	kref_get(&bo->ref);
	return 0;
}
