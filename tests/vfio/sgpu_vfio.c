// SPDX-License-Identifier: GPL-2.0-only
/*
 * The sgpu half of the userspace VFIO driver (see sgpu_vfio.h). Registers
 * and descriptors come from include/sgpu/, as for the kernel drivers.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sgpu/sgpu_regs.h"
#include "sgpu_vfio.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

uint32_t sgpu_vfio_rd(struct sgpu_vfio *g, uint32_t off)
{
	return g->regs[off / 4];
}

void sgpu_vfio_wr(struct sgpu_vfio *g, uint32_t off, uint32_t val)
{
	g->regs[off / 4] = val;
}

int sgpu_vfio_wait_ready(struct sgpu_vfio *g, int ms)
{
	double end = now_ms() + ms;

	while (!(sgpu_vfio_rd(g, SGPU_REG_STATUS) & SGPU_STATUS_READY)) {
		if (now_ms() > end)
			return -1;
		usleep(1000);
	}
	return 0;
}

int sgpu_vfio_open(struct sgpu_vfio *g, const char *bdf, char *why,
		   size_t n)
{
	uint32_t fn;

	memset(g, 0, sizeof(*g));
	memset(g->irq_fd, -1, sizeof(g->irq_fd));
	if (vfio_dev_open(&g->dev, bdf, why, n))
		return -1;
	/* Up to the MSI-X table: VFIO may not let that page be mapped. */
	g->regs = vfio_dev_map_bar(&g->dev, SGPU_BAR_REGS, 0,
				   SGPU_VF_MSIX_TABLE);
	if (!g->regs) {
		snprintf(why, n, "%s: cannot map BAR0", bdf);
		return -1;
	}
	fn = sgpu_vfio_rd(g, SGPU_REG_FUNCTION);
	if (sgpu_vfio_rd(g, SGPU_REG_ID) != SGPU_ID_MAGIC ||
	    SGPU_VERSION_MAJOR(sgpu_vfio_rd(g, SGPU_REG_VERSION)) !=
	    SGPU_ABI_MAJOR || !(fn & SGPU_FUNCTION_IS_VF)) {
		snprintf(why, n, "%s: not an sgpu ABI %u VF", bdf,
			 SGPU_ABI_MAJOR);
		return -1;
	}
	if (sgpu_vfio_wait_ready(g, 5000)) {
		snprintf(why, n, "%s: not ready (STATUS %#x)", bdf,
			 sgpu_vfio_rd(g, SGPU_REG_STATUS));
		return -1;
	}
	g->vram_size = sgpu_vfio_rd(g, SGPU_REG_VRAM_SIZE_LO) |
		       (uint64_t)sgpu_vfio_rd(g, SGPU_REG_VRAM_SIZE_HI) << 32;
	g->vram = vfio_dev_map_bar(&g->dev, SGPU_BAR_VRAM, 0, g->vram_size);
	if (!g->vram || g->vram_size < SGPU_VFIO_VRAM_OFF + SGPU_VFIO_VRAM_LEN) {
		snprintf(why, n, "%s: cannot map %llu bytes of VRAM", bdf,
			 (unsigned long long)g->vram_size);
		return -1;
	}
	if (vfio_buf_alloc(&g->dev, SGPU_VFIO_RING * SGPU_DESC_SIZE,
			   &g->ring)) {
		snprintf(why, n, "%s: cannot map the ring: %s", bdf,
			 strerror(errno));
		return -1;
	}
	return 0;
}

void sgpu_vfio_close(struct sgpu_vfio *g)
{
	unsigned int i;

	if (g->regs)
		sgpu_vfio_wr(g, SGPU_VF_ENGINES + SGPU_ENG_CTRL,
			     SGPU_ENG_CTRL_RESET);
	for (i = 0; i < 4; i++)
		if (g->irq_fd[i] >= 0)
			close(g->irq_fd[i]);
	if (g->ring.va)
		vfio_buf_free(&g->dev, &g->ring);
	if (g->vram)
		vfio_dev_unmap_bar(g->vram, g->vram_size);
	if (g->regs)
		vfio_dev_unmap_bar((void *)g->regs, SGPU_VF_MSIX_TABLE);
	vfio_dev_close(&g->dev);
}

void sgpu_vfio_setup(struct sgpu_vfio *g)
{
	uint32_t e = SGPU_VF_ENGINES, m = SGPU_VF_MMU(0);
	uint64_t pte = SGPU_VFIO_VRAM_OFF | SGPU_PTE_VALID | SGPU_PTE_WRITE |
		       SGPU_PTE_HUGE;

	vfio_dev_bus_master(&g->dev);
	/* One L1 table at slice offset 0, one 2 MiB page. */
	memset(g->vram, 0, SGPU_PT_L1_SIZE);
	memcpy(g->vram + SGPU_VA_L1_INDEX(SGPU_VFIO_VRAM_VA) * 8, &pte, 8);
	__sync_synchronize();
	sgpu_vfio_wr(g, m + SGPU_MMU_PT_BASE_LO, 0);
	sgpu_vfio_wr(g, m + SGPU_MMU_PT_BASE_HI, 0);
	sgpu_vfio_wr(g, m + SGPU_MMU_CTRL, SGPU_MMU_CTRL_ENABLE);

	memset(g->ring.va, 0, g->ring.size);
	g->tail = 0;
	sgpu_vfio_wr(g, e + SGPU_ENG_CTRL, SGPU_ENG_CTRL_RESET);
	sgpu_vfio_wr(g, e + SGPU_ENG_RING_BASE_LO, (uint32_t)g->ring.iova);
	sgpu_vfio_wr(g, e + SGPU_ENG_RING_BASE_HI, g->ring.iova >> 32);
	sgpu_vfio_wr(g, e + SGPU_ENG_RING_SIZE, SGPU_VFIO_RING);
	sgpu_vfio_wr(g, e + SGPU_ENG_CTRL, SGPU_ENG_CTRL_ENABLE);
}

uint32_t sgpu_vfio_submit(struct sgpu_vfio *g, uint32_t op, uint32_t flags,
			  uint32_t fill, uint64_t src, uint64_t dst,
			  uint64_t len)
{
	struct sgpu_desc *d = (struct sgpu_desc *)g->ring.va + g->tail;
	uint32_t slot = g->tail;

	/* Little-endian host: the descriptor's layout is the struct's. */
	memset(d, 0, sizeof(*d));
	d->op = op;
	d->flags = flags;
	d->fill = fill;
	d->src = src;
	d->dst = dst;
	d->len = len;
	g->tail = (g->tail + 1) % SGPU_VFIO_RING;
	/* The descriptor is in memory before the doorbell. */
	__sync_synchronize();
	sgpu_vfio_wr(g, SGPU_VF_ENGINES + SGPU_ENG_RING_TAIL, g->tail);
	return slot;
}

int sgpu_vfio_wait(struct sgpu_vfio *g, uint32_t slot, int ms)
{
	volatile struct sgpu_desc *d = (struct sgpu_desc *)g->ring.va + slot;
	double end = now_ms() + ms;
	uint32_t st;

	while (!((st = d->status) & SGPU_DESC_DONE)) {
		if (now_ms() > end)
			return -1;
		usleep(50);
	}
	return SGPU_DESC_ERR(st);
}

int sgpu_vfio_copy(struct sgpu_vfio *g, uint32_t flags, uint64_t src,
		   uint64_t dst, uint64_t len)
{
	return sgpu_vfio_wait(g, sgpu_vfio_submit(g, SGPU_OP_COPY, flags, 0,
						  src, dst, len), 10000);
}
