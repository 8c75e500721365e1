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

#define SGPU_PF_BAR0_SIZE		0x10000
#define SGPU_VF_BAR0_SIZE		0x4000

/* MSI-X table and PBA live in BAR0 of each function. */
#define SGPU_PF_MSIX_TABLE		0xc000
#define SGPU_PF_MSIX_PBA		0xd000
#define SGPU_VF_MSIX_TABLE		0x3000
#define SGPU_VF_MSIX_PBA		0x3800

#define SGPU_PF_MSIX_VECTORS		4
#define SGPU_VF_MSIX_VECTORS		4

/* PF MSI-X vector assignment. */
#define SGPU_PF_VEC_EVENT		0	/* firmware event queue */
#define SGPU_PF_VEC_MBOX		1	/* a VF posted a mailbox message */

/* VF MSI-X vector assignment. */
#define SGPU_VF_VEC_MBOX		0	/* the PF answered the mailbox */
#define SGPU_VF_VEC_JOB			1	/* job completion */

/* ---- Identity block: offset 0 of BAR0, on the PF and on every VF -------- */

#define SGPU_REG_ID			0x000	/* RO */
#define   SGPU_ID_MAGIC			0x55504753	/* bytes "SGPU" */
#define SGPU_REG_VERSION		0x004	/* RO: ABI version */
#define   SGPU_VERSION_MAJOR(v)		(((v) >> 16) & 0xffff)
#define   SGPU_VERSION_MINOR(v)		((v) & 0xffff)
#define   SGPU_VERSION(maj, min)	(((maj) << 16) | (min))
/* Drivers refuse a device whose major differs; a higher minor only adds. */
#define   SGPU_ABI_MAJOR		1
#define   SGPU_ABI_MINOR		0
#define SGPU_REG_FUNCTION		0x008	/* RO: who am I */
#define   SGPU_FUNCTION_IS_VF		0x80000000u
#define   SGPU_FUNCTION_VF_INDEX(v)	((v) & 0xffff)
#define SGPU_REG_STATUS			0x00c	/* RO */
#define   SGPU_STATUS_READY		0x00000001u

/*
 * Resource registers. On the PF they describe the whole GPU; on a VF they
 * describe that VF's slice (zero until the firmware provisions it).
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

/*
 * Interrupt causes. IRQ_STATUS is write-1-to-clear. A write to IRQ_RAISE
 * sets the written self-test bit in IRQ_STATUS and signals MSI-X vector 0,
 * so a driver can prove its interrupt path (MSI-X, IOMMU remapping) at
 * probe; IRQ_RAISE ignores every other bit.
 */
#define SGPU_REG_IRQ_STATUS		0x040	/* RW1C */
#define SGPU_REG_IRQ_RAISE		0x044	/* WO */
#define   SGPU_IRQ_SELFTEST		0x80000000u

/* ---- Device limits (validated by the device, relied on by drivers) ----- */

#define SGPU_MAX_MMU_UNITS		256
#define SGPU_MAX_DMA_CHANNELS		256
#define SGPU_MAX_CODEC_CORES		256
/* VRAM is handed out in granules; every slice starts and ends on one. */
#define SGPU_VRAM_GRANULE		0x100000ull	/* 1 MiB */
#define SGPU_MIN_VRAM_SIZE		0x1000000ull	/* 16 MiB */
#define SGPU_MAX_VRAM_SIZE		0x1000000000ull	/* 64 GiB */

#endif /* SGPU_REGS_H */
