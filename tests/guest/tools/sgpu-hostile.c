// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu-hostile DEV CASE: attack the device from one VF the way a hostile
 * guest driver could, through sgpu_vf's RAW ioctls (allow_raw=1), and print
 * what the device did:
 *
 *   status=<job status> <counter>=<before>-><after>
 *
 * (status is 0 where no job ran: foreign-engine, ring-garbage)
 *
 * CASEs: oob-pte unmapped-va foreign-mmu foreign-engine huge-len zero-len
 * bad-op bad-flags host-unmapped pt-base-outside ring-garbage, and
 * "mbox HDR [PAYLOAD...]" which sends a raw mailbox request and prints the
 * PF's reply header and status.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "sgpu/sgpu_desc.h"
#include "sgpu/sgpu_le.h"
#include "sgpu/sgpu_mbox.h"
#include "sgpu/sgpu_regs.h"
#include "uapi/sgpu/sgpu_vf.h"

static int fd;
static struct sgpu_vf_info info;

static void die(const char *what)
{
	fprintf(stderr, "sgpu-hostile: %s: %s\n", what, strerror(errno));
	exit(1);
}

static uint32_t reg(uint32_t off, uint32_t val, int write)
{
	struct sgpu_vf_raw_reg r = { .offset = off, .value = val,
				     .write = write };

	if (ioctl(fd, SGPU_VF_IOC_RAW_REG, &r))
		die("RAW_REG");
	return r.value;
}

static uint64_t vram(uint64_t off, uint64_t val, int write)
{
	struct sgpu_vf_raw_vram v = { .offset = off, .value = val,
				      .write = write };

	if (ioctl(fd, SGPU_VF_IOC_RAW_VRAM, &v))
		die("RAW_VRAM");
	return v.value;
}

static uint32_t counter(enum sgpu_counter c)
{
	struct sgpu_vf_counters k;

	if (ioctl(fd, SGPU_VF_IOC_COUNTERS, &k))
		die("COUNTERS");
	return k.counter[c];
}

/* Run one raw descriptor on @engine and return the job status. */
static uint32_t raw_job(uint32_t engine, uint32_t op, uint32_t flags,
			uint32_t mmu, uint64_t src, uint64_t dst, uint64_t len)
{
	struct sgpu_vf_raw_desc rd = { .engine = engine };
	struct sgpu_vf_wait w = { .engine = engine, .timeout_ms = 10000 };

	sgpu_put_le32(rd.desc + 0, op);
	sgpu_put_le32(rd.desc + 4, flags | SGPU_DESC_F_IRQ);
	sgpu_put_le32(rd.desc + 8, mmu);
	sgpu_put_le64(rd.desc + 16, src);
	sgpu_put_le64(rd.desc + 24, dst);
	sgpu_put_le64(rd.desc + 32, len);
	if (ioctl(fd, SGPU_VF_IOC_RAW_DESC, &rd))
		die("RAW_DESC");
	if (!rd.seqno)
		return 0;
	w.seqno = rd.seqno;
	if (ioctl(fd, SGPU_VF_IOC_WAIT, &w))
		die("WAIT");
	return w.status;
}

static struct sgpu_vf_bo_create bo(uint64_t size, uint32_t flags)
{
	struct sgpu_vf_bo_create c = { .size = size, .flags = flags };

	if (ioctl(fd, SGPU_VF_IOC_BO_CREATE, &c))
		die("BO_CREATE");
	return c;
}

static int mbox(int argc, char **argv)
{
	uint32_t st = 0;
	int i, tries;

	for (i = 0; i < argc && i < SGPU_MBOX_DWORDS; i++)
		reg(SGPU_VF_MBOX_REQ(i), strtoul(argv[i], NULL, 0), 1);
	reg(SGPU_VF_MBOX_SEND, 1, 1);
	for (tries = 0; tries < 200; tries++) {
		st = reg(SGPU_VF_MBOX_STATUS, 0, 0);
		if (st & SGPU_MBOX_STATUS_REPLY)
			break;
		usleep(10000);
	}
	if (!(st & SGPU_MBOX_STATUS_REPLY)) {
		printf("no reply\n");
		return 1;
	}
	printf("reply hdr=%#010x status=%u\n", reg(SGPU_VF_MBOX_REPLY(0), 0, 0),
	       reg(SGPU_VF_MBOX_REPLY(1), 0, 0));
	return 0;
}

int main(int argc, char **argv)
{
	struct sgpu_vf_bo_create sys, vr;
	enum sgpu_counter c = SGPU_CNT_DESC_REFUSED;
	uint32_t before, status = 0, e;
	const char *cs;
	uint64_t l1, l2, pte_at = 0, pte = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: sgpu-hostile DEV CASE\n");
		return 2;
	}
	fd = open(argv[1], O_RDWR);
	if (fd < 0 || ioctl(fd, SGPU_VF_IOC_INFO, &info))
		die(argv[1]);
	cs = argv[2];
	if (!strcmp(cs, "mbox"))
		return mbox(argc - 3, argv + 3);

	sys = bo(65536, SGPU_BO_SYSTEM);
	vr = bo(65536, SGPU_BO_VRAM);
	if (!strcmp(cs, "oob-pte")) {
		/* Point the VRAM BO's first PTE just past the slice. */
		c = SGPU_CNT_OUT_OF_SLICE;
		l1 = vram(SGPU_VA_L1_INDEX(vr.gpu_va) * 8, 0, 0);
		l2 = l1 & SGPU_PTE_ADDR_MASK;
		pte_at = l2 + SGPU_VA_L2_INDEX(vr.gpu_va) * 8;
		pte = vram(pte_at, 0, 0);
		vram(pte_at, info.vram_size | SGPU_PTE_VALID | SGPU_PTE_WRITE, 1);
	} else if (!strcmp(cs, "unmapped-va")) {
		c = SGPU_CNT_MMU_FAULT;
	} else if (!strcmp(cs, "foreign-mmu")) {
		c = SGPU_CNT_FOREIGN_ENGINE;
	} else if (!strcmp(cs, "foreign-engine")) {
		c = SGPU_CNT_FOREIGN_ENGINE;
	} else if (!strcmp(cs, "host-unmapped")) {
		c = SGPU_CNT_DMA_FAULT;
	} else if (!strcmp(cs, "pt-base-outside")) {
		c = SGPU_CNT_OUT_OF_SLICE;
	} else if (!strcmp(cs, "ring-garbage")) {
		c = SGPU_CNT_RING_FAULT;
	}
	before = counter(c);

	if (!strcmp(cs, "oob-pte")) {
		status = raw_job(0, SGPU_OP_COPY, 0, 0, sys.gpu_va, vr.gpu_va,
				 4096);
		vram(pte_at, pte, 1);
	} else if (!strcmp(cs, "unmapped-va")) {
		status = raw_job(0, SGPU_OP_COPY, 0, 0, sys.gpu_va, 0xfff00000,
				 4096);
	} else if (!strcmp(cs, "foreign-mmu")) {
		status = raw_job(0, SGPU_OP_COPY, 0, info.mmu_units, sys.gpu_va,
				 vr.gpu_va, 4096);
	} else if (!strcmp(cs, "foreign-engine")) {
		e = info.dma_channels + info.codec_cores;
		raw_job(e, SGPU_OP_COPY, 0, 0, sys.gpu_va, vr.gpu_va, 4096);
	} else if (!strcmp(cs, "huge-len")) {
		status = raw_job(0, SGPU_OP_COPY, 0, 0, sys.gpu_va, vr.gpu_va,
				 1ull << 40);
	} else if (!strcmp(cs, "zero-len")) {
		status = raw_job(0, SGPU_OP_COPY, 0, 0, sys.gpu_va, vr.gpu_va, 0);
	} else if (!strcmp(cs, "bad-op")) {
		status = raw_job(0, 99, 0, 0, sys.gpu_va, vr.gpu_va, 4096);
	} else if (!strcmp(cs, "bad-flags")) {
		status = raw_job(0, SGPU_OP_COPY, 0x8000, 0, sys.gpu_va,
				 vr.gpu_va, 4096);
	} else if (!strcmp(cs, "host-unmapped")) {
		status = raw_job(0, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST, 0,
				 0x7f0000000000ull, vr.gpu_va, 4096);
	} else if (!strcmp(cs, "pt-base-outside")) {
		reg(SGPU_VF_MMU(0) + SGPU_MMU_PT_BASE_LO,
		    (uint32_t)info.vram_size, 1);
		status = raw_job(0, SGPU_OP_COPY, 0, 0, sys.gpu_va, vr.gpu_va,
				 4096);
		reg(SGPU_VF_MMU(0) + SGPU_MMU_PT_BASE_LO, 0, 1);
	} else if (!strcmp(cs, "ring-garbage")) {
		/* Engine 0: point its ring at nothing and ring the doorbell. */
		e = SGPU_VF_ENGINES + SGPU_ENG_CTRL;
		reg(e, 0, 1);
		reg(SGPU_VF_ENGINES + SGPU_ENG_RING_BASE_LO, 0xdead0000, 1);
		reg(SGPU_VF_ENGINES + SGPU_ENG_RING_BASE_HI, 0x7f00, 1);
		reg(e, SGPU_ENG_CTRL_ENABLE, 1);
		reg(SGPU_VF_ENGINES + SGPU_ENG_RING_TAIL, 1, 1);
		/* The driver restarts the engine at once: the counter and
		 * its log line are the evidence, not the status. */
		usleep(200000);
	} else {
		fprintf(stderr, "sgpu-hostile: unknown case %s\n", cs);
		return 2;
	}
	printf("status=%u %s=%u->%u\n", status, sgpu_counter_name(c), before,
	       counter(c));
	return 0;
}
