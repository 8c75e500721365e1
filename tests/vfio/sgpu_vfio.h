/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The sgpu half of the userspace VFIO driver: what sgpu_vf does in the
 * kernel, done from userspace on a VF bound to vfio-pci -- identity, one
 * DMA engine's ring, GPU page tables for a window of VRAM, jobs.
 */
#ifndef SGPU_VFIO_H
#define SGPU_VFIO_H

#include <stdint.h>

#include "sgpu/sgpu_desc.h"
#include "vfio_dev.h"

#define SGPU_VFIO_RING		64	/* descriptors in the engine's ring */
/* GPU VA 0 maps this many bytes of VRAM at SGPU_VFIO_VRAM_OFF (one 2 MiB page). */
#define SGPU_VFIO_VRAM_VA	0ull
#define SGPU_VFIO_VRAM_OFF	0x200000ull
#define SGPU_VFIO_VRAM_LEN	0x200000ull

struct sgpu_vfio {
	struct vfio_dev dev;
	volatile uint32_t *regs;	/* BAR0, the registers only */
	uint8_t *vram;			/* BAR2: the slice */
	uint64_t vram_size;
	struct vfio_buf ring;		/* engine 0's descriptors */
	uint32_t tail;			/* next ring slot */
	int irq_fd[4];			/* MSI-X vectors, -1 when off */
};

/* Open VF @bdf, check it is an sgpu VF and wait until it is ready. */
int sgpu_vfio_open(struct sgpu_vfio *g, const char *bdf, char *why,
		   size_t n);
void sgpu_vfio_close(struct sgpu_vfio *g);

uint32_t sgpu_vfio_rd(struct sgpu_vfio *g, uint32_t off);
void sgpu_vfio_wr(struct sgpu_vfio *g, uint32_t off, uint32_t val);

/* Wait up to @ms for STATUS.READY (after a reset, the PF re-arms it). */
int sgpu_vfio_wait_ready(struct sgpu_vfio *g, int ms);

/*
 * Set engine 0 up afresh on the ring, and MMU unit 0 with GPU VA
 * SGPU_VFIO_VRAM_VA mapping VRAM (a 2 MiB page, table at slice offset 0).
 */
void sgpu_vfio_setup(struct sgpu_vfio *g);

/* Queue a descriptor on engine 0; its ring slot. */
uint32_t sgpu_vfio_submit(struct sgpu_vfio *g, uint32_t op, uint32_t flags,
			  uint32_t fill, uint64_t src, uint64_t dst,
			  uint64_t len);
/* Wait up to @ms for slot @slot; its error code, or -1 on timeout. */
int sgpu_vfio_wait(struct sgpu_vfio *g, uint32_t slot, int ms);
/* Submit and wait; the error code, or -1 on timeout. */
int sgpu_vfio_copy(struct sgpu_vfio *g, uint32_t flags, uint64_t src,
		   uint64_t dst, uint64_t len);

#endif /* SGPU_VFIO_H */
