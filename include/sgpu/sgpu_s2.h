/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * sgpu hardware ABI: the second-stage translation of a mediated VF.
 *
 * With it on (SGPU_FW_CMD_VF_S2_SET), every host address a VF puts on the
 * bus -- its rings, SRC_HOST/DST_HOST sides, SYSTEM pages -- is an IOVA of
 * the VM that drives it, and the device translates it to a bus address
 * (which the IOMMU then checks as the VF's own, as before) through a
 * table the PF keeps in its own host memory and the device reads with
 * the PF's requester ID. Three levels of 512 little-endian 64-bit
 * entries, each table one 4 KiB page, cover 2^39 bytes of IOVA in 4 KiB
 * pages. An entry is SGPU_S2E_VALID | [SGPU_S2E_WRITE] | address: of the
 * next table at levels 0 and 1, the bus address of the page at level 2.
 *
 * A miss (an invalid entry, a write to a read-only page, an IOVA past
 * 2^39) stalls the engine and tells the PF (SGPU_IRQ_S2_FAULT); the PF
 * fills the table and writes SGPU_S2_RESOLVE_RETRY, or fails the job. A
 * PF that clears or changes a valid entry writes SGPU_S2_INVALIDATE
 * before it reuses the page: the device may use what it read until then.
 */
#ifndef SGPU_S2_H
#define SGPU_S2_H

#define SGPU_S2_IOVA_BITS		39
#define SGPU_S2_PAGE_SHIFT		12
#define SGPU_S2_PAGE_SIZE		0x1000ull	/* 1 << SGPU_S2_PAGE_SHIFT */
#define SGPU_S2_LEVELS			3
#define SGPU_S2_ENTRIES			512
#define SGPU_S2_TABLE_SIZE		(SGPU_S2_ENTRIES * 8)
/* Entry of level l (0 is the root) that translates @iova. */
#define SGPU_S2_INDEX(iova, l)		\
	(((iova) >> (SGPU_S2_PAGE_SHIFT + 9 * (SGPU_S2_LEVELS - 1 - (l)))) & \
	 (SGPU_S2_ENTRIES - 1))
/* Bytes of IOVA one entry of level l covers. */
#define SGPU_S2_SPAN(l)			\
	(1ull << (SGPU_S2_PAGE_SHIFT + 9 * (SGPU_S2_LEVELS - 1 - (l))))

#define SGPU_S2E_VALID			0x1ull
#define SGPU_S2E_WRITE			0x2ull	/* leaf: the VF may write it */
#define SGPU_S2E_ADDR_MASK		0x000ffffffffff000ull

#endif /* SGPU_S2_H */
