/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * sgpu hardware ABI: PCI identity, BAR layout and BAR0 registers.
 *
 * This header is the single source of truth shared by the QEMU device model,
 * the PF and VF kernel drivers, the tools and the tests. It compiles in the
 * kernel and in userspace. docs/hardware.md is the human-readable spec of
 * the same contract; keep them in step.
 *
 * All registers are 32 bits wide, little endian, and must be accessed with
 * aligned 32-bit reads and writes. 64-bit quantities are split in LO/HI pairs.
 * Reserved and unimplemented registers read 0 and ignore writes.
 */
#ifndef SGPU_REGS_H
#define SGPU_REGS_H

/* ---- PCI identity ------------------------------------------------------ */

/* 0x1234 is the vendor ID QEMU uses for its own unofficial devices. */
#define SGPU_PCI_VENDOR_ID		0x1234
#define SGPU_PCI_DEVICE_ID_PF		0x5347	/* "SG" */
#define SGPU_PCI_DEVICE_ID_VF		0x5348
#define SGPU_PCI_REVISION		0x01
/* The drivers' names: the PF tells its own VF driver from foreign ones. */
#define SGPU_PF_DRV_NAME		"sgpu_pf"
#define SGPU_VF_DRV_NAME		"sgpu_vf"
/* PCI class 03/02/00: 3D controller (a GPU without a display engine). */
#define SGPU_PCI_CLASS			0x0302

/* VF Routing ID = PF Routing ID + offset + n * stride (needs ARI past 7). */
#define SGPU_VF_OFFSET			1
#define SGPU_VF_STRIDE			1
/* The largest TotalVFs an ARI bus can hold with the PF at function 0. */
#define SGPU_MAX_VFS			255

/* ---- BARs --------------------------------------------------------------- */

#define SGPU_BAR_REGS			0	/* 64-bit, non-prefetchable */
#define SGPU_BAR_VRAM			2	/* 64-bit, prefetchable */

#define SGPU_PF_BAR0_SIZE		0x20000
#define SGPU_VF_BAR0_SIZE		0x4000

/* MSI-X table and PBA live in BAR0 of each function. */
#define SGPU_PF_MSIX_TABLE		0x10000
#define SGPU_PF_MSIX_PBA		0x11000
/* PF registers go on past the MSI-X structures, from here to the end. */
#define SGPU_PF_REGS_HI			0x12000
#define SGPU_VF_MSIX_TABLE		0x3000
#define SGPU_VF_MSIX_PBA		0x3800

#define SGPU_PF_MSIX_VECTORS		4
#define SGPU_VF_MSIX_VECTORS		4

/*
 * Interrupt causes (IRQ_STATUS bits) and the MSI-X vector each is signalled
 * on. Several causes may share a vector; a handler clears only the causes
 * it handles.
 */
#define SGPU_IRQ_MBOX			0x00000001u /* PF: a VF posted; VF: reply */
#define SGPU_IRQ_JOB			0x00000002u /* a descriptor asked for it */
#define SGPU_IRQ_ERROR			0x00000004u /* an engine stopped, MMU fault */
#define SGPU_IRQ_FW			0x00000008u /* PF: firmware command done */
#define SGPU_IRQ_VF_EVENT		0x00000010u /* PF: see VF_RESET/ADVERSE_PENDING */
#define SGPU_IRQ_STATE			0x00000020u /* VF: its STATUS changed */
#define SGPU_IRQ_S2_FAULT		0x00000040u /* PF: see VF_S2_PENDING */
#define SGPU_IRQ_SELFTEST		0x80000000u

#define SGPU_PF_VEC_EVENT		0	/* FW, ERROR, VF_EVENT, SELFTEST */
#define SGPU_PF_VEC_MBOX		1	/* MBOX */
#define SGPU_PF_VEC_JOB			2	/* JOB */
#define SGPU_PF_VEC_S2			3	/* S2_FAULT */

#define SGPU_VF_VEC_MBOX		0	/* MBOX, SELFTEST */
#define SGPU_VF_VEC_JOB			1	/* JOB */
#define SGPU_VF_VEC_ERROR		2	/* ERROR, STATE */

/* ---- Identity block: offset 0 of BAR0, on the PF and on every VF -------- */

#define SGPU_REG_ID			0x000	/* RO */
#define   SGPU_ID_MAGIC			0x55504753	/* bytes "SGPU" */
#define SGPU_REG_VERSION		0x004	/* RO: ABI version */
#define   SGPU_VERSION_MAJOR(v)		(((v) >> 16) & 0xffff)
#define   SGPU_VERSION_MINOR(v)		((v) & 0xffff)
#define   SGPU_VERSION(maj, min)	(((maj) << 16) | (min))
/* Drivers refuse a device whose major differs; a higher minor only adds. */
#define   SGPU_ABI_MAJOR		1
#define   SGPU_ABI_MINOR		3
#define SGPU_REG_FUNCTION		0x008	/* RO: who am I */
#define   SGPU_FUNCTION_IS_VF		0x80000000u
#define   SGPU_FUNCTION_VF_INDEX(v)	((v) & 0xffff)
#define SGPU_REG_STATUS			0x00c	/* RO */
/* PF: always. VF: it has a slice and may run jobs. */
#define   SGPU_STATUS_READY		0x00000001u
/* VF: reset (FLR or by the PF), waiting for the PF to re-arm it. */
#define   SGPU_STATUS_RESET_PENDING	0x00000002u
/* VF: held by the PF; its engines do not run. */
#define   SGPU_STATUS_QUARANTINED	0x00000004u

/*
 * Resource registers. On the PF they describe the whole GPU; on a VF they
 * describe that VF's slice (zero while it has none).
 */
#define SGPU_REG_MMU_UNITS		0x010	/* RO */
#define SGPU_REG_DMA_CHANNELS		0x014	/* RO */
#define SGPU_REG_CODEC_CORES		0x018	/* RO */
#define SGPU_REG_TOTAL_VFS		0x01c	/* RO: PF only, 0 on a VF */
#define SGPU_REG_VRAM_SIZE_LO		0x020	/* RO: bytes */
#define SGPU_REG_VRAM_SIZE_HI		0x024
#define SGPU_REG_VF_WINDOW_LO		0x028	/* RO: VF BAR2 size in bytes */
#define SGPU_REG_VF_WINDOW_HI		0x02c
#define SGPU_REG_SCRATCH		0x030	/* RW: 0 after any reset */
#define SGPU_REG_MSIX_VECTORS		0x034	/* RO */
#define SGPU_REG_NUM_VFS		0x038	/* RO: PF only: VFs enabled now */
#define SGPU_REG_RESETS			0x03c	/* RO: VF only: times reset */

/*
 * IRQ_STATUS is write-1-to-clear. A write to IRQ_RAISE sets the self-test
 * bit in IRQ_STATUS and signals MSI-X vector 0, so a driver can prove its
 * interrupt path (MSI-X, IOMMU remapping) at probe; IRQ_RAISE ignores every
 * other bit.
 */
#define SGPU_REG_IRQ_STATUS		0x040	/* RW1C */
#define SGPU_REG_IRQ_RAISE		0x044	/* WO */

/*
 * Adverse events the device refused and counted, per VF (VF: its own, RO;
 * PF: through SGPU_FW_CMD_VF_COUNTERS). Saturating 32-bit counters.
 */
#define SGPU_REG_COUNTER(n)		(0x080 + 4 * (n))	/* n < SGPU_CNT_NUM */
enum sgpu_counter {
	SGPU_CNT_DESC_REFUSED = 0,	/* malformed descriptor */
	SGPU_CNT_OUT_OF_SLICE,		/* VRAM outside the slice */
	SGPU_CNT_MMU_FAULT,		/* unmapped or read-only GPU VA */
	SGPU_CNT_DMA_FAULT,		/* host memory refused (IOMMU, MSI window) */
	SGPU_CNT_RING_FAULT,		/* ring base/size unusable */
	SGPU_CNT_FOREIGN_ENGINE,	/* named an engine or MMU unit not its own */
	SGPU_CNT_SELF_ACCESS,		/* DMA aimed at the device's own registers */
	SGPU_CNT_WAIT_TIMEOUT,		/* a WAIT job that never matched */
	SGPU_CNT_NUM
};

/* The counters' names, as sysfs and the tools print them. */
static inline const char *sgpu_counter_name(unsigned int c)
{
	static const char *const names[SGPU_CNT_NUM] = {
		[SGPU_CNT_DESC_REFUSED] = "desc_refused",
		[SGPU_CNT_OUT_OF_SLICE] = "out_of_slice",
		[SGPU_CNT_MMU_FAULT] = "mmu_fault",
		[SGPU_CNT_DMA_FAULT] = "dma_fault",
		[SGPU_CNT_RING_FAULT] = "ring_fault",
		[SGPU_CNT_FOREIGN_ENGINE] = "foreign_engine",
		[SGPU_CNT_SELF_ACCESS] = "self_access",
		[SGPU_CNT_WAIT_TIMEOUT] = "wait_timeout",
	};

	return c < SGPU_CNT_NUM ? names[c] : "unknown";
}

/* ---- PF: firmware command interface (see sgpu_fw_cmd.h) ---------------- */

#define SGPU_REG_FW_CMD			0x1000	/* WO: starts a command */
#define   SGPU_FW_CMD_WORD(op, seq)	((((seq) & 0xffu) << 16) | ((op) & 0xffffu))
#define   SGPU_FW_CMD_OP(v)		((v) & 0xffff)	/* enum sgpu_fw_cmd */
#define   SGPU_FW_CMD_SEQ(v)		(((v) >> 16) & 0xff)
#define   SGPU_FW_CMD_RESERVED		0xff000000u	/* must be 0 */
#define SGPU_REG_FW_STATUS		0x1004	/* RO */
#define   SGPU_FW_STATUS_BUSY		0x80000000u
#define   SGPU_FW_STATUS_SEQ(v)		(((v) >> 16) & 0xff)	/* its command's */
#define   SGPU_FW_STATUS_CODE(v)	((v) & 0xffff)	/* enum sgpu_fw_err */
#define SGPU_REG_FW_DONE		0x1008	/* RO: commands completed */
#define SGPU_REG_FW_DROPPED		0x100c	/* RO: FW_CMD writes while BUSY */
#define SGPU_REG_FW_ARG(n)		(0x1040 + 4 * (n))	/* RW, n < 16 */
#define SGPU_REG_FW_RESP(n)		(0x1080 + 4 * (n))	/* RO, n < 16 */
#define SGPU_FW_NARGS			16

/* ---- PF: mailbox side (see sgpu_mbox.h) --------------------------------- */

/* Bit v of word v / 32: VF v posted a request. RW1C. */
#define SGPU_REG_MBOX_PENDING(n)	(0x2000 + 4 * (n))	/* n < 8 */
/* Write a VF number: deliver PF_MBOX_REPLY of that VF to it. */
#define SGPU_REG_MBOX_SEND		0x2020	/* WO */
/*
 * Bit v of word v / 32: VF v was reset (an FLR, or VF_RESET) and waits
 * for VF_REARM. RW1C.
 */
#define SGPU_REG_VF_RESET_PENDING(n)	(0x2100 + 4 * (n))	/* n < 8 */
/* Bit v: VF v's adverse-event counters rose since the PF cleared it. RW1C */
#define SGPU_REG_VF_ADVERSE_PENDING(n)	(0x2120 + 4 * (n))	/* n < 8 */

/*
 * Bit v: a DMA of VF v missed its second-stage table (sgpu_s2.h); its
 * engines that missed wait for SGPU_S2_RESOLVE. RW1C.
 */
#define SGPU_REG_VF_S2_PENDING(n)	(0x2140 + 4 * (n))	/* n < 8 */

/* The PF's view of VF v's mailbox. */
#define SGPU_PF_MBOX(v)			(0x4000 + 0x40 * (v))
#define SGPU_PF_MBOX_REQ(v, n)		(SGPU_PF_MBOX(v) + 4 * (n))	/* RO */
#define SGPU_PF_MBOX_REPLY(v, n)	(SGPU_PF_MBOX(v) + 0x20 + 4 * (n)) /* RW */

/*
 * PF: VF v's second-stage translation (sgpu_s2.h), v < TotalVFs. The
 * table itself is set with SGPU_FW_CMD_VF_S2_SET.
 */
#define SGPU_PF_S2(v)			(0x14000 + 0x20 * (v))
#define SGPU_S2_FAULT_IOVA_LO		0x00	/* RO: the page that missed */
#define SGPU_S2_FAULT_IOVA_HI		0x04
#define SGPU_S2_FAULT_STATUS		0x08	/* RO */
#define   SGPU_S2_FAULT_PENDING		0x1u	/* waits for S2_RESOLVE */
#define   SGPU_S2_FAULT_WRITE		0x2u	/* the access writes */
#define   SGPU_S2_FAULT_RING		0x4u	/* a ring slot, not a job side */
#define SGPU_S2_RESOLVE			0x0c	/* WO */
#define   SGPU_S2_RESOLVE_RETRY		1u	/* the table has it now */
#define   SGPU_S2_RESOLVE_FAIL		2u	/* not the VM's: fail the job */
#define SGPU_S2_INVALIDATE		0x10	/* WO: 1 drops old translations */
#define SGPU_S2_FAULTS			0x14	/* RO: misses raised (saturates) */
#define SGPU_S2_ROOT_LO			0x18	/* RO: root table | 1 if on */
#define SGPU_S2_ROOT_HI			0x1c

/* ---- Engines ------------------------------------------------------------ */

/*
 * Every DMA channel and codec core is an engine that executes 64-byte
 * descriptors (sgpu_desc.h) from a ring in host memory. A VF sees only its
 * own engines, numbered from 0: first its DMA channels, then its codec
 * cores. The PF sees engines by physical number (the same order, over the
 * whole GPU) and may drive only those no VF owns.
 */
#define SGPU_VF_ENGINES			0x1000
#define SGPU_PF_ENGINES			0x8000
#define SGPU_ENGINE_STRIDE		0x40
#define SGPU_VF_MAX_ENGINES		64
#define SGPU_ENG_RING_BASE_LO		0x00	/* RW: IOVA, 64-byte aligned */
#define SGPU_ENG_RING_BASE_HI		0x04
#define SGPU_ENG_RING_SIZE		0x08	/* RW: entries, power of two */
#define SGPU_ENG_RING_HEAD		0x0c	/* RO: next slot the engine reads */
#define SGPU_ENG_RING_TAIL		0x10	/* RW: producer index, doorbell */
#define SGPU_ENG_CTRL			0x14	/* RW */
#define   SGPU_ENG_CTRL_ENABLE		0x1u
#define   SGPU_ENG_CTRL_RESET		0x2u	/* W: idle, clear error, head = tail = 0 */
#define SGPU_ENG_STATUS			0x18	/* RO */
#define   SGPU_ENG_STATUS_BUSY		0x1u
#define   SGPU_ENG_STATUS_ERROR		0x2u	/* stopped until RESET */
#define   SGPU_ENG_STATUS_CODE(v)	(((v) >> 8) & 0xff) /* enum sgpu_desc_err */
#define SGPU_ENG_DONE			0x1c	/* RO: descriptors completed */
#define SGPU_ENG_TYPE			0x20	/* RO */
#define   SGPU_ENG_TYPE_DMA		1
#define   SGPU_ENG_TYPE_CODEC		2
#define SGPU_RING_MAX_ENTRIES		4096

/* ---- VF: MMU units ------------------------------------------------------ */

/* A VF's MMU units, numbered from 0; page table format in sgpu_desc.h. */
#define SGPU_VF_MMU(u)			(0x800 + 0x20 * (u))
#define SGPU_VF_MAX_MMU			16
#define SGPU_MMU_PT_BASE_LO		0x00	/* RW: slice offset of the L1 table */
#define SGPU_MMU_PT_BASE_HI		0x04
#define SGPU_MMU_CTRL			0x08	/* RW */
#define   SGPU_MMU_CTRL_ENABLE		0x1u
#define SGPU_MMU_FAULT_STATUS		0x0c	/* RW1C: last fault */
#define   SGPU_MMU_FAULT_VALID		0x1u
#define   SGPU_MMU_FAULT_WRITE		0x2u
#define   SGPU_MMU_FAULT_CODE(v)	(((v) >> 8) & 0xff) /* enum sgpu_desc_err */
#define SGPU_MMU_FAULT_VA_LO		0x10	/* RO */
#define SGPU_MMU_FAULT_VA_HI		0x14

/* ---- VF: mailbox -------------------------------------------------------- */

#define SGPU_VF_MBOX_REQ(n)		(0x2000 + 4 * (n))	/* RW, n < 8 */
#define SGPU_VF_MBOX_REPLY(n)		(0x2020 + 4 * (n))	/* RO, n < 8 */
#define SGPU_VF_MBOX_SEND		0x2040	/* WO: post REQ to the PF */
#define SGPU_VF_MBOX_STATUS		0x2044	/* RO */
#define   SGPU_MBOX_STATUS_PENDING	0x1u	/* REQ posted, no reply yet */
#define   SGPU_MBOX_STATUS_REPLY	0x2u	/* REPLY holds an answer */

/* ---- Device limits (validated by the device, relied on by drivers) ----- */

#define SGPU_MAX_MMU_UNITS		256
#define SGPU_MAX_DMA_CHANNELS		256
#define SGPU_MAX_CODEC_CORES		256
/* VRAM is handed out in granules; every slice starts and ends on one. */
#define SGPU_VRAM_GRANULE		0x100000ull	/* 1 MiB */
#define SGPU_MIN_VRAM_SIZE		0x1000000ull	/* 16 MiB */
#define SGPU_MAX_VRAM_SIZE		0x1000000000ull	/* 64 GiB */

#endif /* SGPU_REGS_H */
