/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * sgpu hardware ABI: job descriptors and the GPU MMU's page tables.
 *
 * A descriptor is 64 bytes, little endian, in a ring in host memory that the
 * engine reads through its function's requester ID (so an IOMMU applies).
 * When the engine is done with a descriptor it writes STATUS (and RESULT)
 * back into it, advances RING_HEAD, counts it in ENG_DONE and, if asked,
 * raises SGPU_IRQ_JOB. A descriptor the device refuses is never partly
 * executed: every field and the whole translated range are checked first.
 */
#ifndef SGPU_DESC_H
#define SGPU_DESC_H

#include <linux/types.h>

struct sgpu_desc {
	__le32 op;		/* enum sgpu_op */
	__le32 flags;		/* SGPU_DESC_F_* */
	__le32 mmu;		/* VF: MMU unit translating GPU VAs; PF: 0 */
	__le32 fill;		/* FILL: the 32-bit pattern; WAIT: the value */
	__le64 src;		/* GPU VA, or host IOVA with F_SRC_HOST */
	__le64 dst;		/* GPU VA, or host IOVA with F_DST_HOST */
	__le64 len;		/* bytes at src (COPY/FILL: bytes to write) */
	__le64 dst_len;		/* QOI: bytes available at dst */
	/* QOI_ENCODE: width | height << 16; QOI_DECODE: the device writes it */
	__le32 dims;
	__le32 status;		/* device writes SGPU_DESC_DONE | enum sgpu_desc_err */
	__le32 result;		/* device writes: QOI bytes produced */
	__le32 rsvd;		/* must be 0 */
};

#define SGPU_DESC_SIZE		64

enum sgpu_op {
	SGPU_OP_COPY = 1,	/* DMA: len bytes src -> dst */
	SGPU_OP_FILL = 2,	/* DMA: len bytes at dst := fill (4-byte units) */
	/* codec: len = w * h * channels pixel bytes at src -> QOI at dst */
	SGPU_OP_QOI_ENCODE = 3,
	/* codec: QOI image of len bytes at src -> pixels at dst (F_RGBA: 4
	 * channels, else 3)
	 */
	SGPU_OP_QOI_DECODE = 4,
	/*
	 * any engine: wait until the 32-bit value at src (4-byte aligned,
	 * len 4) equals fill -- a semaphore that the CPU or another engine
	 * signals. The engine runs nothing else meanwhile and polls the
	 * value at least every SGPU_WAIT_POLL_US; a match, an engine reset
	 * or a reset of its function ends the job, and SGPU_WAIT_TIMEOUT_US
	 * after it started waiting it ends with SGPU_DERR_WAIT_TIMEOUT.
	 */
	SGPU_OP_WAIT = 5,
};

#define SGPU_WAIT_POLL_US	1000
#define SGPU_WAIT_TIMEOUT_US	30000000ull	/* 30 s of virtual time */

#define SGPU_DESC_F_SRC_HOST	0x00000001u	/* src is a host IOVA */
#define SGPU_DESC_F_DST_HOST	0x00000002u	/* dst is a host IOVA */
#define SGPU_DESC_F_IRQ		0x00000004u	/* raise SGPU_IRQ_JOB when done */
#define SGPU_DESC_F_RGBA	0x00000008u	/* QOI: 4 channels, else 3 */
#define SGPU_DESC_F_ALL		0x0000000fu

/* Written to STATUS when the engine is done with a descriptor. */
#define SGPU_DESC_DONE		0x80000000u
#define SGPU_DESC_ERR(status)	((status) & 0xff)

enum sgpu_desc_err {
	SGPU_DERR_OK = 0,
	SGPU_DERR_BAD_OP,	/* unknown op, or not one this engine runs */
	SGPU_DERR_BAD_FLAGS,	/* unknown flag, or reserved field not 0 */
	SGPU_DERR_BAD_MMU,	/* MMU unit not the VF's, or not enabled */
	SGPU_DERR_BAD_LEN,	/* 0, misaligned, or above SGPU_JOB_MAX_LEN */
	SGPU_DERR_MMU_FAULT,	/* GPU VA unmapped, or read-only for a write */
	SGPU_DERR_OUT_OF_SLICE,	/* page table or page outside the VF's VRAM */
	SGPU_DERR_DMA_FAULT,	/* host memory the IOMMU did not let through */
	SGPU_DERR_QOI_FORMAT,	/* not a valid QOI image, or bad dimensions */
	SGPU_DERR_QOI_SPACE,	/* dst_len too small for the result */
	SGPU_DERR_RING_FETCH,	/* engine: ring unreadable (engine stops) */
	SGPU_DERR_RING_CONFIG,	/* engine: ring base or size invalid (stops) */
	SGPU_DERR_ABORTED,	/* the function was reset mid-job */
	SGPU_DERR_TOO_FRAGMENTED, /* a side above SGPU_JOB_MAX_PIECES runs */
	SGPU_DERR_WAIT_TIMEOUT,	/* a WAIT did not match in SGPU_WAIT_TIMEOUT_US */
	SGPU_DERR_NUM
};

/* What an error status means, for log lines and tools. */
static inline const char *sgpu_desc_err_name(unsigned int err)
{
	static const char *const names[SGPU_DERR_NUM] = {
		[SGPU_DERR_OK] = "ok",
		[SGPU_DERR_BAD_OP] = "bad op",
		[SGPU_DERR_BAD_FLAGS] = "bad flags or reserved field",
		[SGPU_DERR_BAD_MMU] = "bad MMU unit",
		[SGPU_DERR_BAD_LEN] = "bad length",
		[SGPU_DERR_MMU_FAULT] = "MMU fault",
		[SGPU_DERR_OUT_OF_SLICE] = "outside the slice",
		[SGPU_DERR_DMA_FAULT] = "host memory fault",
		[SGPU_DERR_QOI_FORMAT] = "bad QOI image",
		[SGPU_DERR_QOI_SPACE] = "QOI output does not fit",
		[SGPU_DERR_RING_FETCH] = "ring not readable",
		[SGPU_DERR_RING_CONFIG] = "ring base or size invalid",
		[SGPU_DERR_ABORTED] = "aborted",
		[SGPU_DERR_TOO_FRAGMENTED] = "too many discontiguous pieces",
		[SGPU_DERR_WAIT_TIMEOUT] = "wait timed out",
	};

	return err < SGPU_DERR_NUM ? names[err] : "unknown error";
}

/* Largest COPY/FILL in one descriptor, and largest QOI image side. */
#define SGPU_JOB_MAX_LEN	0x40000000ull	/* 1 GiB */
#define SGPU_QOI_MAX_DIM	8192
#define SGPU_QOI_MAX_PIXELS	(2048u * 2048u)
/* Largest QOI_DECODE input: the worst-case encoding of the largest image. */
#define SGPU_QOI_MAX_ENCODED	(14ull + 5ull * SGPU_QOI_MAX_PIXELS + 8)

/*
 * The device keeps the translation of each side of a job it checked: at
 * most this many physically contiguous runs (a 4 KiB-page side that no two
 * pages continue reaches it at 64 MiB).
 */
#define SGPU_JOB_MAX_PIECES	16384
/*
 * The x86 interrupt window: host addresses here are interrupt messages,
 * never memory. No descriptor side, page or WAIT value may touch it
 * (SGPU_DERR_DMA_FAULT, counted), nor a ring (SGPU_DERR_RING_CONFIG at
 * enable); nothing is sent.
 */
#define SGPU_IRQ_WINDOW_BASE	0xfee00000ull
#define SGPU_IRQ_WINDOW_SIZE	0x100000ull

/*
 * GPU MMU: a VF's MMU unit translates 32-bit GPU VAs with 4 KiB pages and
 * two levels, or 2 MiB pages with one. The L1 table (2048 entries, 16 KiB,
 * 16 KiB aligned) and the L2 tables (512 entries, 4 KiB, 4 KiB aligned)
 * live in the VF's own VRAM slice; PT_BASE and table pointers are offsets
 * into that slice. Entries are 64-bit little endian:
 *   L1: VALID | slice offset of an L2 table, or
 *       VALID | HUGE | WRITE | SYSTEM | 2 MiB-aligned address of a 2 MiB page
 *   L2: VALID | WRITE | SYSTEM | address of a 4 KiB page
 * A page address is a slice offset, or with SYSTEM a host IOVA reached
 * through the VF's requester ID. A misaligned huge page faults. The device
 * caches no translation between jobs: a job sees the tables as they are
 * when it is checked, and runs on what was checked.
 * The PF has no MMU: its GPU addresses are VRAM offsets.
 */
#define SGPU_GPU_PAGE_SHIFT	12
#define SGPU_GPU_PAGE_SIZE	4096u	/* 1 << SGPU_GPU_PAGE_SHIFT */
#define SGPU_GPU_VA_BITS	32
#define SGPU_PT_L1_SHIFT	21
#define SGPU_PT_L1_ENTRIES	2048
#define SGPU_PT_L2_ENTRIES	512
#define SGPU_PT_L1_SIZE		(SGPU_PT_L1_ENTRIES * 8)
#define SGPU_PT_L2_SIZE		(SGPU_PT_L2_ENTRIES * 8)
#define SGPU_PTE_VALID		0x1ull
#define SGPU_PTE_WRITE		0x2ull
#define SGPU_PTE_SYSTEM		0x4ull
#define SGPU_PTE_HUGE		0x8ull	/* L1 only: a 2 MiB page */
#define SGPU_PTE_ADDR_MASK	(~0xfffull)
#define SGPU_HUGE_PAGE_SIZE	0x200000ull	/* 1 << SGPU_PT_L1_SHIFT */

#define SGPU_VA_L1_INDEX(va)	(((va) >> SGPU_PT_L1_SHIFT) & (SGPU_PT_L1_ENTRIES - 1))
#define SGPU_VA_L2_INDEX(va)	(((va) >> SGPU_GPU_PAGE_SHIFT) & (SGPU_PT_L2_ENTRIES - 1))

#endif /* SGPU_DESC_H */
