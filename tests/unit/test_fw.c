/*
 * Host unit tests of the sgpu firmware: registers, provisioning, MMU, DMA
 * and codec engines, isolation between VFs, mailbox, resets.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sgpu/sgpu_bench.h"
#include "sgpu_qoi.h"
#include "tap.h"

#include "fw_setup.h"

static void test_identity(void)
{
    struct harness h;
    struct sgpu_fw_slice s = slice_of(1);

    h_init(&h, &cfg4);
    is_int(h_rd(&h, PF, SGPU_REG_ID), SGPU_ID_MAGIC, "PF ID reads SGPU");
    is_int(h_rd(&h, PF, SGPU_REG_TOTAL_VFS), 4, "PF TOTAL_VFS");
    is_int(h_rd(&h, PF, SGPU_REG_VRAM_SIZE_LO), 64 * MiB, "PF VRAM size");
    is_int(h_rd(&h, VF(1), SGPU_REG_ID), 0, "a VF that is not enabled reads 0");
    is_int(h_provision(&h, 1, &s), SGPU_FW_OK, "provision VF1");
    sgpu_fw_set_num_vfs(h.fw, 2);
    is_int(h_rd(&h, PF, SGPU_REG_NUM_VFS), 2, "PF NUM_VFS follows VF Enable");
    is_int(h_rd(&h, VF(1), SGPU_REG_FUNCTION), SGPU_FUNCTION_IS_VF | 1,
           "VF1 FUNCTION");
    is_int(h_rd(&h, VF(1), SGPU_REG_DMA_CHANNELS), 2,
           "VF1 sees its 2 channels");
    is_int(h_rd(&h, VF(1), SGPU_REG_VRAM_SIZE_LO), 8 * MiB,
           "VF1 sees its 8 MiB slice");
    is_int(h_rd(&h, VF(0), SGPU_REG_DMA_CHANNELS), 0,
           "unprovisioned VF0 sees no channels");
    h_wr(&h, VF(1), SGPU_REG_IRQ_RAISE, SGPU_IRQ_SELFTEST);
    is_int(h.irqs[VF(1)][0], 1, "VF self-test interrupt on vector 0");
    h_wr(&h, VF(1), SGPU_REG_IRQ_RAISE, SGPU_IRQ_JOB);
    is_int(h.irqs[VF(1)][1], 0, "software cannot raise a job interrupt");
    h_fini(&h);
}

static void test_provisioning(void)
{
    struct harness h;
    struct sgpu_fw_slice s;
    uint32_t a[16] = { 0 };

    h_init(&h, &cfg4);
    s = slice_of(0);
    is_int(h_provision(&h, 0, &s), SGPU_FW_OK, "a valid slice is accepted");
    s = slice_of(1);
    s.dma_first = 1;
    is_int(h_provision(&h, 1, &s), SGPU_FW_E_OVERLAP,
           "overlapping DMA channels refused");
    s = slice_of(1);
    s.mmu_first = 0;
    is_int(h_provision(&h, 1, &s), SGPU_FW_E_OVERLAP,
           "overlapping MMU units refused");
    s = slice_of(1);
    s.codec_first = 0;
    is_int(h_provision(&h, 1, &s), SGPU_FW_E_OVERLAP,
           "overlapping codec cores refused");
    s = slice_of(1);
    s.vram_base = 12 * MiB;
    is_int(h_provision(&h, 1, &s), SGPU_FW_E_OVERLAP,
           "overlapping VRAM refused");
    s = slice_of(1);
    s.dma_first = 7;
    is_int(h_provision(&h, 1, &s), SGPU_FW_E_RANGE,
           "channels past the GPU refused");
    s = slice_of(1);
    s.vram_base = ~0ull - MiB + 1;
    is_int(h_provision(&h, 1, &s), SGPU_FW_E_RANGE,
           "a VRAM range that wraps refused");
    s = slice_of(1);
    s.vram_base += 4096;
    is_int(h_provision(&h, 1, &s), SGPU_FW_E_ALIGN,
           "misaligned VRAM refused");
    s = slice_of(1);
    s.vram_base = 32 * MiB;
    s.vram_size = 32 * MiB;
    is_int(h_provision(&h, 1, &s), SGPU_FW_E_WINDOW,
           "a slice larger than the VF window refused");
    s = slice_of(1);
    s.mmu_count = 0;
    is_int(h_provision(&h, 1, &s), SGPU_FW_E_INVAL,
           "a slice without an MMU unit refused");
    s = slice_of(1);
    is_int(h_provision(&h, 4, &s), SGPU_FW_E_NO_VF, "VF 4 of 4 refused");
    a[0] = 1;
    a[15] = 1;
    is_int(h_cmd(&h, SGPU_FW_CMD_VF_UNPROVISION, a, 16), SGPU_FW_E_INVAL,
           "a non-zero reserved argument refused");
    is_int(h_cmd(&h, 99, NULL, 0), SGPU_FW_E_UNKNOWN_CMD,
           "unknown command refused");
    ok(h.logs > 0, "refusals are logged (%s)", h.last_log);
    is_int(sgpu_fw_vf_slice(h.fw, 1) == NULL, 1,
           "... and none of them gave VF1 a slice");

    sgpu_fw_set_num_vfs(h.fw, 1);
    s = slice_of(0);
    s.dma_count = 1;
    is_int(h_provision(&h, 0, &s), SGPU_FW_E_BUSY,
           "changing an enabled VF's slice refused");
    a[0] = 0;
    a[15] = 0;
    is_int(h_cmd(&h, SGPU_FW_CMD_VF_UNPROVISION, a, 1), SGPU_FW_E_BUSY,
           "unprovisioning an enabled VF refused");
    is_int(sgpu_fw_vf_slice(h.fw, 0)->dma_count, 2, "... slice unchanged");
    is_int(h_cmd(&h, SGPU_FW_CMD_VF_QUERY, a, 1), SGPU_FW_OK, "VF query");
    is_int(h_rd(&h, PF, SGPU_REG_FW_RESP(0)),
           SGPU_FW_VF_PROVISIONED | SGPU_FW_VF_ENABLED, "... flags");
    is_int(h_rd(&h, PF, SGPU_REG_FW_RESP(9)), 8 * MiB, "... VRAM size");
    sgpu_fw_set_num_vfs(h.fw, 0);
    is_int(h_cmd(&h, SGPU_FW_CMD_VF_UNPROVISION, a, 1), SGPU_FW_OK,
           "unprovision after VF disable");
    is_int(h_cmd(&h, SGPU_FW_CMD_VF_UNPROVISION, a, 1),
           SGPU_FW_E_NOT_PROVISIONED, "unprovision twice refused");
    is_int(h_rd(&h, PF, SGPU_REG_FW_DONE), 18, "FW_DONE counted commands");
    is_int(h.irqs[PF][SGPU_PF_VEC_EVENT], 18,
           "each command raised the event vector");

    h_wr(&h, PF, SGPU_REG_FW_CMD, SGPU_FW_CMD_QUERY);
    h_wr(&h, PF, SGPU_REG_FW_CMD, 77);
    h_run(&h);
    is_int(h_rd(&h, PF, SGPU_REG_FW_STATUS), SGPU_FW_OK,
           "a command written while one is busy is dropped");
    is_int(h_rd(&h, PF, SGPU_REG_FW_RESP(4)), 4, "QUERY reports TotalVFs");
    h_fini(&h);
}

/* Two VFs with slices, enabled, MMU unit 0 and engine 0 on each. */
static void test_dma(void)
{
    struct harness h;
    const uint64_t len = 3 * MiB + 100, hsrc = 0x400000, hdst = 0x800000;
    const struct sgpu_fw_slice *s;
    uint64_t ring = 0x100000;
    uint32_t sum;

    two_vfs(&h);
    s = sgpu_fw_vf_slice(h.fw, 0);
    sgpu_fill_random(h.ram + hsrc, len, 7);
    sum = sgpu_adler32(h.ram + hsrc, len);
    h_map(&h, VF(0), hsrc, len);
    h_map(&h, VF(0), hdst, len);
    pt_map(&h, 0, VA_VRAM, VRAM_DATA, 4 * MiB, SGPU_PTE_WRITE);
    pt_map(&h, 0, VA_HOST, hdst, 4 * MiB, SGPU_PTE_WRITE | SGPU_PTE_SYSTEM);

    h_desc(&h, ring, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST | SGPU_DESC_F_IRQ, 0,
           0, hsrc, VA_VRAM, len, 0, 0);
    vf_kick(&h, 0, 0, 0);
    is_int(h_desc_status(&h, ring), SGPU_DESC_DONE, "host -> VRAM copy done");
    is_int(sgpu_adler32(h.vram + s->vram_base + VRAM_DATA, len), sum,
           "... VRAM holds the data");
    is_int(h.irqs[VF(0)][SGPU_VF_VEC_JOB], 1, "... job interrupt on vector 1");
    is_int(h_rd(&h, VF(0), SGPU_VF_ENGINES + SGPU_ENG_RING_HEAD), 1,
           "... head advanced");
    is_int(h_rd(&h, VF(0), SGPU_VF_ENGINES + SGPU_ENG_DONE), 1,
           "... done counted");

    h_desc(&h, ring + 64, SGPU_OP_COPY, 0, 0, 0, VA_VRAM, VA_HOST, len, 0, 0);
    vf_kick(&h, 0, 0, 1);
    is_int(h_desc_status(&h, ring + 64), SGPU_DESC_DONE,
           "VRAM -> host copy through system PTEs done");
    is_int(sgpu_adler32(h.ram + hdst, len), sum, "... round trip checks out");

    h_desc(&h, ring + 128, SGPU_OP_FILL, 0, 0, 0xa5a55a5a, 0, VA_VRAM,
           MiB, 0, 0);
    vf_kick(&h, 0, 0, 2);
    is_int(h_desc_status(&h, ring + 128), SGPU_DESC_DONE, "fill done");
    is_int(sgpu_get_le32(h.vram + s->vram_base + VRAM_DATA + MiB - 4),
           0xa5a55a5a, "... pattern in VRAM");
    is_int(h.vram[s->vram_base + VRAM_DATA + MiB] ==
           h.ram[hsrc + MiB], 1, "... and not past its end");

    h_desc(&h, ring + 192, SGPU_OP_COPY, 0, 0, 0, VA_VRAM, VA_VRAM + 4096,
           8192, 0, 0);
    vf_kick(&h, 0, 0, 3);
    is_int(h_desc_status(&h, ring + 192), SGPU_DESC_DONE,
           "overlapping VRAM -> VRAM copy done");
    is_int(sgpu_get_le32(h.vram + s->vram_base + VRAM_DATA + 4096), 0xa5a55a5a,
           "... with memmove semantics");

    /* 2 MiB pages: two of them back 4 MiB of VA at slice offset 4 MiB. */
    pt_huge(&h, 0, VA_HUGE, (4 * MiB) | SGPU_PTE_HUGE | SGPU_PTE_WRITE |
            SGPU_PTE_VALID);
    pt_huge(&h, 0, VA_HUGE + 2 * MiB, (6 * MiB) | SGPU_PTE_HUGE |
            SGPU_PTE_WRITE | SGPU_PTE_VALID);
    h_desc(&h, ring + 256, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST, 0, 0, hsrc,
           VA_HUGE + 100, 3 * MiB, 0, 0);
    vf_kick(&h, 0, 0, 4);
    is_int(h_desc_status(&h, ring + 256), SGPU_DESC_DONE,
           "a copy across two 2 MiB pages done");
    is_int(sgpu_adler32(h.vram + s->vram_base + 4 * MiB + 100, 3 * MiB),
           sgpu_adler32(h.ram + hsrc, 3 * MiB),
           "... data where the pages point");
    h_fini(&h);
}

/* Each hostile descriptor: refused with @err, counted, nothing written. */
static void hostile(struct harness *h, unsigned slot, uint32_t op,
                    uint32_t flags, uint32_t mmu, uint64_t src, uint64_t dst,
                    uint64_t len, int err, enum sgpu_counter c,
                    const char *what)
{
    uint64_t ring = 0x100000, at = ring + slot * SGPU_DESC_SIZE;
    uint32_t before = h_rd(h, VF(0), SGPU_REG_COUNTER(c));
    uint32_t victim = sgpu_adler32(h->vram + slice_of(1).vram_base, 8 * MiB);

    h_desc(h, at, op, flags, mmu, 0, src, dst, len, 0, 0);
    vf_kick(h, 0, 0, slot);
    is_int(h_desc_status(h, at), SGPU_DESC_DONE | err, "%s: refused", what);
    is_int(h_rd(h, VF(0), SGPU_REG_COUNTER(c)), before + 1,
           "%s: counted", what);
    is_int(sgpu_adler32(h->vram + slice_of(1).vram_base, 8 * MiB), victim,
           "%s: VF1's VRAM intact", what);
}

static void test_hostile(void)
{
    struct harness h;
    const uint64_t hsrc = 0x400000;
    uint64_t vf1_vram;
    uint32_t vf1_sum, eng;

    two_vfs(&h);
    vf1_vram = slice_of(1).vram_base;
    sgpu_fill_random(h.vram + vf1_vram + PT_AREA, 6 * MiB, 99);
    h_map(&h, VF(0), hsrc, MiB);
    pt_map(&h, 0, VA_VRAM, VRAM_DATA, MiB, SGPU_PTE_WRITE);
    pt_map(&h, 0, VA_VRAM + MiB, VRAM_DATA + MiB, 64 * 1024, 0);
    /* A PTE that points past the slice: the next VF's VRAM. */
    pt_set(&h, 0, VA_VRAM + 2 * MiB, (8 * MiB) | SGPU_PTE_VALID |
           SGPU_PTE_WRITE);
    /* A system PTE to host memory VF0's IOMMU does not map. */
    pt_set(&h, 0, VA_HOST, 0xc00000 | SGPU_PTE_VALID | SGPU_PTE_SYSTEM |
           SGPU_PTE_WRITE);

    hostile(&h, 0, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST, 0, hsrc,
            VA_VRAM + 2 * MiB, 4096, SGPU_DERR_OUT_OF_SLICE,
            SGPU_CNT_OUT_OF_SLICE, "PTE pointing outside the slice");
    hostile(&h, 1, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST, 0, hsrc,
            VA_VRAM + 3 * MiB, 4096, SGPU_DERR_MMU_FAULT, SGPU_CNT_MMU_FAULT,
            "unmapped GPU VA");
    hostile(&h, 2, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST, 0, hsrc,
            VA_VRAM + MiB, 4096, SGPU_DERR_MMU_FAULT, SGPU_CNT_MMU_FAULT,
            "write to a read-only page");
    hostile(&h, 3, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST, 1, hsrc, VA_VRAM,
            4096, SGPU_DERR_BAD_MMU, SGPU_CNT_FOREIGN_ENGINE,
            "another VF's MMU unit");
    hostile(&h, 4, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST, 0, hsrc, VA_VRAM,
            SGPU_JOB_MAX_LEN + 1, SGPU_DERR_BAD_LEN, SGPU_CNT_DESC_REFUSED,
            "an absurd length");
    hostile(&h, 5, 77, 0, 0, 0, VA_VRAM, 4096, SGPU_DERR_BAD_OP,
            SGPU_CNT_DESC_REFUSED, "an unknown op");
    hostile(&h, 6, SGPU_OP_QOI_ENCODE, 0, 0, VA_VRAM, VA_VRAM, 12,
            SGPU_DERR_BAD_OP, SGPU_CNT_DESC_REFUSED,
            "a codec op on a DMA channel");
    hostile(&h, 7, SGPU_OP_COPY, 0x100, 0, VA_VRAM, VA_VRAM, 4096,
            SGPU_DERR_BAD_FLAGS, SGPU_CNT_DESC_REFUSED, "an unknown flag");
    hostile(&h, 8, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST, 0, 0xc00000, VA_VRAM,
            4096, SGPU_DERR_DMA_FAULT, SGPU_CNT_DMA_FAULT,
            "host memory the IOMMU refuses");
    hostile(&h, 9, SGPU_OP_COPY, 0, 0, VA_VRAM, VA_HOST, 4096,
            SGPU_DERR_DMA_FAULT, SGPU_CNT_DMA_FAULT,
            "a system PTE to unmapped host memory");
    /* 2 MiB pages: past the slice's end, misaligned, read-only. */
    pt_huge(&h, 0, VA_HUGE, (7 * MiB + MiB) | SGPU_PTE_HUGE |
            SGPU_PTE_WRITE | SGPU_PTE_VALID);
    pt_huge(&h, 0, VA_HUGE + 2 * MiB, (2 * MiB + 4096) | SGPU_PTE_HUGE |
            SGPU_PTE_WRITE | SGPU_PTE_VALID);
    pt_huge(&h, 0, VA_HUGE + 4 * MiB, (4 * MiB) | SGPU_PTE_HUGE |
            SGPU_PTE_VALID);
    pt_huge(&h, 0, VA_HUGE + 6 * MiB, (6 * MiB) | SGPU_PTE_HUGE |
            SGPU_PTE_WRITE | SGPU_PTE_VALID);
    hostile(&h, 10, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST, 0, hsrc, VA_HUGE,
            4096, SGPU_DERR_OUT_OF_SLICE, SGPU_CNT_OUT_OF_SLICE,
            "a 2 MiB page past the slice");
    hostile(&h, 11, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST, 0, hsrc,
            VA_HUGE + 2 * MiB, 4096, SGPU_DERR_MMU_FAULT, SGPU_CNT_MMU_FAULT,
            "a misaligned 2 MiB page");
    hostile(&h, 12, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST, 0, hsrc,
            VA_HUGE + 4 * MiB, 4096, SGPU_DERR_MMU_FAULT, SGPU_CNT_MMU_FAULT,
            "a write to a read-only 2 MiB page");
    hostile(&h, 13, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST, 0, hsrc,
            VA_HUGE + 6 * MiB + 2 * MiB - 4096, 8192, SGPU_DERR_MMU_FAULT,
            SGPU_CNT_MMU_FAULT, "a copy running off a 2 MiB page");
    h_fini(&h);

    two_vfs(&h);
    vf1_sum = sgpu_adler32(h.vram + slice_of(1).vram_base, 8 * MiB);
    /* A range crossing from mapped into unmapped: nothing may move. */
    pt_map(&h, 0, VA_VRAM, VRAM_DATA, 8192, SGPU_PTE_WRITE);
    h_map(&h, VF(0), hsrc, MiB);
    sgpu_fill_random(h.ram + hsrc, 3 * 4096, 5);
    h_desc(&h, 0x100000, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST, 0, 0, hsrc,
           VA_VRAM, 3 * 4096, 0, 0);
    vf_kick(&h, 0, 0, 0);
    is_int(h_desc_status(&h, 0x100000), SGPU_DESC_DONE | SGPU_DERR_MMU_FAULT,
           "a copy running into an unmapped page is refused");
    is_int(h.vram[slice_of(0).vram_base + VRAM_DATA], 0,
           "... before a single byte moved");
    is_int(h_rd(&h, VF(0), SGPU_VF_MMU(0) + SGPU_MMU_FAULT_VA_LO),
           VA_VRAM + 8192, "... the MMU recorded the faulting VA");
    ok(h_rd(&h, VF(0), SGPU_VF_MMU(0) + SGPU_MMU_FAULT_STATUS) &
       SGPU_MMU_FAULT_WRITE, "... as a write fault");
    is_int(h.irqs[VF(0)][SGPU_VF_VEC_ERROR], 1,
           "... and raised the error vector");

    /* Foreign engine registers and garbage rings. */
    eng = SGPU_VF_ENGINES + 5 * SGPU_ENGINE_STRIDE;
    h_wr(&h, VF(0), eng + SGPU_ENG_RING_BASE_LO, 0x200000);
    is_int(h_rd(&h, VF(0), SGPU_REG_COUNTER(SGPU_CNT_FOREIGN_ENGINE)), 1,
           "writing engine 5 of a 3-engine VF is counted");
    is_int(h_rd(&h, VF(1), SGPU_VF_ENGINES + SGPU_ENG_RING_BASE_LO),
           0x200000, "... and VF1's engine 0 ring is untouched");
    eng = SGPU_VF_ENGINES + SGPU_ENGINE_STRIDE;
    h_wr(&h, VF(0), eng + SGPU_ENG_RING_BASE_LO, 0xdead0000);
    h_wr(&h, VF(0), eng + SGPU_ENG_RING_SIZE, 16);
    h_wr(&h, VF(0), eng + SGPU_ENG_CTRL, SGPU_ENG_CTRL_ENABLE);
    h_wr(&h, VF(0), eng + SGPU_ENG_RING_TAIL, 1);
    h_run(&h);
    is_int(h_rd(&h, VF(0), eng + SGPU_ENG_STATUS),
           SGPU_ENG_STATUS_ERROR | SGPU_DERR_RING_FETCH << 8,
           "a ring at a garbage address stops that engine");
    is_int(h_rd(&h, VF(0), SGPU_REG_COUNTER(SGPU_CNT_RING_FAULT)), 1,
           "... counted as a ring fault");
    h_wr(&h, VF(0), eng + SGPU_ENG_CTRL, SGPU_ENG_CTRL_RESET);
    h_wr(&h, VF(0), eng + SGPU_ENG_RING_SIZE, 3);
    h_wr(&h, VF(0), eng + SGPU_ENG_CTRL, SGPU_ENG_CTRL_ENABLE);
    is_int(SGPU_ENG_STATUS_CODE(h_rd(&h, VF(0), eng + SGPU_ENG_STATUS)),
           SGPU_DERR_RING_CONFIG, "a ring size that is not a power of two "
           "stops the engine");
    h_wr(&h, VF(0), eng + SGPU_ENG_CTRL, SGPU_ENG_CTRL_RESET);
    is_int(h_rd(&h, VF(0), eng + SGPU_ENG_STATUS), 0, "RESET clears it");
    h_wr(&h, VF(0), SGPU_VF_MMU(3) + SGPU_MMU_PT_BASE_LO, 0);
    is_int(h_rd(&h, VF(0), SGPU_REG_COUNTER(SGPU_CNT_FOREIGN_ENGINE)), 2,
           "writing MMU unit 3 of a 1-unit VF is counted");
    /* PF engine access to a VF's engine. */
    h_wr(&h, PF, SGPU_PF_ENGINES + SGPU_ENG_RING_TAIL, 5);
    is_int(h_rd(&h, VF(0), SGPU_VF_ENGINES + SGPU_ENG_RING_TAIL), 1,
           "the PF cannot drive an engine a VF owns");
    is_int(sgpu_adler32(h.vram + slice_of(1).vram_base, 8 * MiB), vf1_sum,
           "VF1's VRAM untouched by all of it");
    h_fini(&h);
}

static void test_pf_engine(void)
{
    struct harness h;
    struct sgpu_fw_slice s = slice_of(0);
    uint32_t eng = SGPU_PF_ENGINES + 7 * SGPU_ENGINE_STRIDE;
    uint64_t ring = 0x300000;

    h_init(&h, &cfg4);
    h.quiet = 1;
    h_provision(&h, 0, &s);
    h_map(&h, PF, ring, 4096);
    h_map(&h, PF, 0x400000, MiB);
    sgpu_fill_random(h.ram + 0x400000, MiB, 3);
    h_wr(&h, PF, eng + SGPU_ENG_RING_BASE_LO, ring);
    h_wr(&h, PF, eng + SGPU_ENG_RING_SIZE, 4);
    h_wr(&h, PF, eng + SGPU_ENG_CTRL, SGPU_ENG_CTRL_ENABLE);
    h_desc(&h, ring, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST | SGPU_DESC_F_IRQ, 0,
           0, 0x400000, 40 * MiB, MiB, 0, 0);
    h_wr(&h, PF, eng + SGPU_ENG_RING_TAIL, 1);
    h_run(&h);
    is_int(h_desc_status(&h, ring), SGPU_DESC_DONE,
           "a PF engine copies to a VRAM offset");
    is_int(sgpu_adler32(h.vram + 40 * MiB, MiB),
           sgpu_adler32(h.ram + 0x400000, MiB), "... data checks out");
    is_int(h.irqs[PF][SGPU_PF_VEC_JOB], 1, "... PF job vector");
    h_desc(&h, ring + 64, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST, 0, 0, 0x400000,
           64 * MiB - 4096, 8192, 0, 0);
    h_wr(&h, PF, eng + SGPU_ENG_RING_TAIL, 2);
    h_run(&h);
    is_int(h_desc_status(&h, ring + 64), SGPU_DESC_DONE |
           SGPU_DERR_OUT_OF_SLICE, "a PF copy past the end of VRAM refused");
    h_fini(&h);
}

/* Two engines with long copies share the device turn by turn. */
static void test_fairness(void)
{
    struct harness h;
    uint32_t d0, d1;
    int turns;

    two_vfs(&h);
    pt_map(&h, 0, VA_VRAM, VRAM_DATA, 4 * MiB, SGPU_PTE_WRITE);
    pt_map(&h, 1, VA_VRAM, VRAM_DATA, 4 * MiB, SGPU_PTE_WRITE);
    h_desc(&h, 0x100000, SGPU_OP_FILL, 0, 0, 1, 0, VA_VRAM, 4 * MiB, 0, 0);
    h_desc(&h, 0x200000, SGPU_OP_FILL, 0, 0, 2, 0, VA_VRAM, 4 * MiB, 0, 0);
    h_wr(&h, VF(0), SGPU_VF_ENGINES + SGPU_ENG_RING_TAIL, 1);
    h_wr(&h, VF(1), SGPU_VF_ENGINES + SGPU_ENG_RING_TAIL, 1);
    for (turns = 0; turns < 4; turns++) {
        sgpu_fw_run(h.fw, 1 * MiB);
    }
    d0 = h_rd(&h, VF(0), SGPU_VF_ENGINES + SGPU_ENG_DONE);
    d1 = h_rd(&h, VF(1), SGPU_VF_ENGINES + SGPU_ENG_DONE);
    is_int(d0 + d1, 0, "after 4 MiB of budget neither 4 MiB fill is done");
    ok(sgpu_get_le32(h.vram + slice_of(0).vram_base + VRAM_DATA + MiB) == 1 &&
       sgpu_get_le32(h.vram + slice_of(1).vram_base + VRAM_DATA + MiB) == 2,
       "... both have moved past 1 MiB");
    h_run(&h);
    is_int(h_desc_status(&h, 0x100000) & h_desc_status(&h, 0x200000),
           SGPU_DESC_DONE, "both finish");
    h_fini(&h);
}

static void test_codec(void)
{
    struct harness h;
    struct sgpu_qoi_desc d = { 61, 37, 4, 0 };
    const uint64_t px_len = 61 * 37 * 4, hbuf = 0x400000;
    const struct sgpu_fw_slice *s;
    uint8_t *ref = malloc(sgpu_qoi_max_size(&d));
    size_t ref_len;
    uint64_t i;

    two_vfs(&h);
    s = sgpu_fw_vf_slice(h.fw, 0);
    vf_setup(&h, 0, 2, 0x110000);   /* VF0's engine 2 is its codec core */
    for (i = 0; i < px_len; i++) {  /* runs, gradients and noise */
        h.ram[hbuf + i] = i < px_len / 3 ? 200 : i < px_len / 2 ?
                          (uint8_t)(i / 4) : (uint8_t)(i * 7919 >> 3);
    }
    ref_len = sgpu_qoi_encode(h.ram + hbuf, &d, ref, sgpu_qoi_max_size(&d));
    ok(ref_len > SGPU_QOI_HEADER_SIZE, "the codec library encodes");
    h_map(&h, VF(0), hbuf, MiB);
    pt_map(&h, 0, VA_VRAM, VRAM_DATA, 2 * MiB, SGPU_PTE_WRITE);
    pt_map(&h, 0, VA_HOST, hbuf, MiB, SGPU_PTE_SYSTEM);

    h_desc(&h, 0x110000, SGPU_OP_QOI_ENCODE, SGPU_DESC_F_RGBA, 0, 0, VA_HOST,
           VA_VRAM, px_len, MiB, 61 | 37 << 16);
    vf_kick(&h, 0, 2, 0);
    is_int(h_desc_status(&h, 0x110000), SGPU_DESC_DONE, "codec core encodes");
    is_int(h_desc_result(&h, 0x110000), ref_len, "... to the library's size");
    is_int(memcmp(h.vram + s->vram_base + VRAM_DATA, ref, ref_len), 0,
           "... byte for byte");

    h_desc(&h, 0x110000 + 64, SGPU_OP_QOI_DECODE, SGPU_DESC_F_RGBA, 0, 0,
           VA_VRAM, VA_VRAM + MiB, ref_len, MiB, 0);
    vf_kick(&h, 0, 2, 1);
    is_int(h_desc_status(&h, 0x110000 + 64), SGPU_DESC_DONE,
           "codec core decodes");
    is_int(sgpu_get_le32(h.ram + 0x110000 + 64 + 48), 61 | 37 << 16,
           "... and reports the dimensions");
    is_int(memcmp(h.vram + s->vram_base + VRAM_DATA + MiB, h.ram + hbuf,
                  px_len), 0, "... back to the source pixels");

    h.vram[s->vram_base + VRAM_DATA + 20] ^= 0xff;
    memset(h.vram + s->vram_base + VRAM_DATA + MiB, 0x11, 64);
    h_desc(&h, 0x110000 + 128, SGPU_OP_QOI_DECODE, SGPU_DESC_F_RGBA, 0, 0,
           VA_VRAM, VA_VRAM + MiB, ref_len - 9, MiB, 0);
    vf_kick(&h, 0, 2, 2);
    is_int(h_desc_status(&h, 0x110000 + 128),
           SGPU_DESC_DONE | SGPU_DERR_QOI_FORMAT, "a truncated image refused");
    is_int(h.vram[s->vram_base + VRAM_DATA + MiB], 0x11,
           "... leaving the destination untouched");
    h_desc(&h, 0x110000 + 192, SGPU_OP_QOI_ENCODE, SGPU_DESC_F_RGBA, 0, 0,
           VA_HOST, VA_VRAM, px_len, 100, 61 | 37 << 16);
    vf_kick(&h, 0, 2, 3);
    is_int(h_desc_status(&h, 0x110000 + 192),
           SGPU_DESC_DONE | SGPU_DERR_QOI_SPACE, "too small an output refused");
    h_desc(&h, 0x110000 + 256, SGPU_OP_QOI_ENCODE, SGPU_DESC_F_RGBA, 0, 0,
           VA_HOST, VA_VRAM, px_len - 1, MiB, 61 | 37 << 16);
    vf_kick(&h, 0, 2, 4);
    is_int(h_desc_status(&h, 0x110000 + 256),
           SGPU_DESC_DONE | SGPU_DERR_BAD_LEN,
           "a length that does not match the dimensions refused");
    free(ref);
    h_fini(&h);
}

static void test_qoi_library(void)
{
    /* 7x1 RGBA exercising every op, worked out by hand from the spec. */
    static const uint8_t img[] = {
        255, 0, 0, 255,     /* DIFF from (0,0,0,255): -1,0,0 wraps */
        255, 0, 0, 255,     /* RUN ... */
        0, 0, 255, 255,     /* ... of 1, then DIFF (+1,0,-1 wrapping) */
        10, 20, 30, 255,    /* RGB */
        12, 22, 31, 255,    /* LUMA: dg 2, dr-dg 0, db-dg -1 */
        255, 0, 0, 255,     /* INDEX 50 */
        255, 0, 0, 128,     /* RGBA */
    };
    static const uint8_t img_qoi[] = {
        'q', 'o', 'i', 'f', 0, 0, 0, 7, 0, 0, 0, 1, 4, 0,
        0x5a, 0xc0, 0x79, 0xfe, 10, 20, 30, 0xa2, 0x87, 0x32,
        0xff, 255, 0, 0, 128,
        0, 0, 0, 0, 0, 0, 0, 1,
    };
    struct sgpu_qoi_desc d = { 7, 1, 4, 0 }, got;
    uint8_t out[64], px[32];
    size_t n = sgpu_qoi_encode(img, &d, out, sizeof(out));
    unsigned trial;

    is_int(n, sizeof(img_qoi), "7-pixel image encodes to 37 bytes");
    is_int(memcmp(out, img_qoi, sizeof(img_qoi)), 0,
           "... exactly as worked out from the specification");
    is_int(sgpu_qoi_decode(img_qoi, sizeof(img_qoi), 4, px, sizeof(px),
                           &got), 0, "decodes");
    is_int(memcmp(px, img, sizeof(img)), 0, "... to the source pixels");
    is_int(sgpu_qoi_encode(img, &d, out, 30), 0, "refuses a short output");
    is_int(sgpu_qoi_decode(img_qoi, sizeof(img_qoi), 4, px, 27, &got), -2,
           "refuses a short pixel buffer");
    is_int(sgpu_qoi_decode(img_qoi, sizeof(img_qoi) - 1, 4, px, 32, &got),
           -1, "refuses a missing end marker");
    for (trial = 0; trial < 50; trial++) {
        struct sgpu_qoi_desc r = { 1 + trial % 17, 1 + trial % 13,
                                   3 + trial % 2, 0 };
        uint64_t len = (uint64_t)r.width * r.height * r.channels;
        uint8_t src[17 * 13 * 4], back[17 * 13 * 4];
        uint8_t enc[17 * 13 * 5 + 22];
        size_t m;

        sgpu_fill_random(src, len, trial);
        if (trial % 3 == 0) {
            memset(src, 42, len / 2);
        }
        m = sgpu_qoi_encode(src, &r, enc, sizeof(enc));
        if (!m || sgpu_qoi_decode(enc, m, r.channels, back, sizeof(back),
                                  &got) || memcmp(src, back, len)) {
            break;
        }
    }
    is_int(trial, 50, "50 random images round-trip exactly");
}

static void test_mailbox(void)
{
    struct harness h;
    struct sgpu_fw_slice s = slice_of(2);

    h_init(&h, &cfg4);
    h_provision(&h, 2, &s);
    sgpu_fw_set_num_vfs(h.fw, 3);
    h_wr(&h, VF(2), SGPU_VF_MBOX_REQ(0),
         SGPU_MBOX_HDR(1, SGPU_MBOX_HELLO, 7, 1));
    h_wr(&h, VF(2), SGPU_VF_MBOX_REQ(1), 1);
    h_wr(&h, VF(2), SGPU_VF_MBOX_SEND, 1);
    is_int(h_rd(&h, PF, SGPU_REG_MBOX_PENDING(0)), 1u << 2,
           "VF2's request is pending at the PF");
    is_int(h.irqs[PF][SGPU_PF_VEC_MBOX], 1, "... on the PF mailbox vector");
    is_int(h_rd(&h, PF, SGPU_PF_MBOX_REQ(2, 1)), 1, "PF reads the request");
    h_wr(&h, VF(2), SGPU_VF_MBOX_SEND, 1);
    is_int(h.irqs[PF][SGPU_PF_VEC_MBOX], 1,
           "a second send while pending is dropped");
    h_wr(&h, PF, SGPU_PF_MBOX_REPLY(2, 0), 0xabcd);
    h_wr(&h, PF, SGPU_REG_MBOX_PENDING(0), 1u << 2);
    h_wr(&h, PF, SGPU_REG_MBOX_SEND, 2);
    is_int(h_rd(&h, VF(2), SGPU_VF_MBOX_REPLY(0)), 0xabcd,
           "VF2 gets the reply");
    is_int(h_rd(&h, VF(2), SGPU_VF_MBOX_STATUS), SGPU_MBOX_STATUS_REPLY,
           "... status says so");
    is_int(h.irqs[VF(2)][SGPU_VF_VEC_MBOX], 1, "... on its mailbox vector");
    is_int(h_rd(&h, VF(1), SGPU_VF_MBOX_REPLY(0)), 0, "VF1 saw nothing");
    h_wr(&h, PF, SGPU_REG_MBOX_SEND, 200);
    is_int(h.irqs[VF(1)][0] + h.irqs[VF(0)][0], 0,
           "a send to a VF that does not exist goes nowhere");
    h_fini(&h);
}

static void test_resets(void)
{
    struct harness h;
    const struct sgpu_fw_slice *s0, *s1;
    uint32_t sum1;

    two_vfs(&h);
    s0 = sgpu_fw_vf_slice(h.fw, 0);
    s1 = sgpu_fw_vf_slice(h.fw, 1);
    memset(h.vram + s0->vram_base, 0x5a, s0->vram_size);
    sgpu_fill_random(h.vram + s1->vram_base, s1->vram_size, 11);
    sum1 = sgpu_adler32(h.vram + s1->vram_base, s1->vram_size);
    h_wr(&h, VF(0), SGPU_REG_SCRATCH, 0x1234);
    h_wr(&h, VF(1), SGPU_REG_SCRATCH, 0x5678);
    sgpu_fw_vf_reset(h.fw, 0);
    is_int(nonzero(h.vram + s0->vram_base, s0->vram_size), 0,
           "VF0's FLR scrubbed its slice to zero");
    is_int(sgpu_adler32(h.vram + s1->vram_base, s1->vram_size), sum1,
           "... VF1's VRAM intact");
    is_int(h_rd(&h, VF(0), SGPU_REG_SCRATCH), 0, "... VF0 registers reset");
    is_int(h_rd(&h, VF(0), SGPU_VF_ENGINES + SGPU_ENG_CTRL), 0,
           "... VF0 engines reset");
    is_int(h_rd(&h, VF(1), SGPU_REG_SCRATCH), 0x5678, "... VF1 registers kept");
    is_int(h_rd(&h, VF(1), SGPU_VF_ENGINES + SGPU_ENG_CTRL),
           SGPU_ENG_CTRL_ENABLE, "... VF1 engine still enabled");
    ok(sgpu_fw_vf_slice(h.fw, 0) != NULL, "... VF0 keeps its slice");
    sgpu_fw_set_num_vfs(h.fw, 1);
    is_int(nonzero(h.vram + s1->vram_base, s1->vram_size), 0,
           "disabling VF1 scrubbed its slice");
    sgpu_fw_reset(h.fw);
    ok(!sgpu_fw_vf_slice(h.fw, 0) && !h_rd(&h, PF, SGPU_REG_NUM_VFS),
       "PF reset: no slices, no VFs");
    h_fini(&h);
}

/* The slice of VF @n as VF_PROVISION/VF_REARM arguments. */
static unsigned rearm(struct harness *h, unsigned vf, struct sgpu_fw_slice s)
{
    struct sgpu_fw_vf_slice_args a = h_slice_args(vf, &s);

    return h_cmd_args(h, SGPU_FW_CMD_VF_REARM, &a, sizeof(a));
}

static void test_reset_protocol(void)
{
    struct harness h;
    struct sgpu_fw_slice wrong;
    uint32_t a[2], ev;

    two_vfs(&h);
    pt_map(&h, 0, VA_VRAM, VRAM_DATA, MiB, SGPU_PTE_WRITE);
    is_int(h_rd(&h, VF(0), SGPU_REG_STATUS), SGPU_STATUS_READY,
           "VF0 starts ready");
    ev = h.irqs[PF][SGPU_PF_VEC_EVENT];
    sgpu_fw_vf_reset(h.fw, 0);
    sgpu_fw_vf_flr(h.fw, 0);
    is_int(h_rd(&h, VF(0), SGPU_REG_STATUS), SGPU_STATUS_RESET_PENDING,
           "after an FLR VF0 waits to be re-armed");
    is_int(h_rd(&h, PF, SGPU_REG_VF_RESET_PENDING(0)), 1,
           "... the PF sees it pending");
    is_int(h.irqs[PF][SGPU_PF_VEC_EVENT], ev + 1, "... with an interrupt");
    is_int(h_rd(&h, VF(1), SGPU_REG_STATUS), SGPU_STATUS_READY,
           "... VF1 is untouched");
    is_int(h.aperture_closed[0], 1, "... VF0's VRAM aperture is closed");
    is_int(h.aperture_closed[1], 0, "... VF1's stays open");
    is_int(sgpu_fw_vf_reset_pending(h.fw, 0) * 2 +
           sgpu_fw_vf_reset_pending(h.fw, 1), 2,
           "... which is what sgpu_fw_vf_reset_pending() tells the glue");
    is_int(sgpu_fw_vf_reset_pending(h.fw, 1000), 0,
           "... and a VF number out of range is not pending");

    /* Jobs wait while the VF is not re-armed. */
    vf_setup(&h, 0, 0, 0x100000);
    h_desc(&h, 0x100000, SGPU_OP_FILL, 0, 0, 7, 0, VA_VRAM, 4096, 0, 0);
    pt_map(&h, 0, VA_VRAM, VRAM_DATA, MiB, SGPU_PTE_WRITE);
    vf_kick(&h, 0, 0, 0);
    is_int(h_rd(&h, VF(0), SGPU_VF_ENGINES + SGPU_ENG_DONE), 0,
           "a reset VF's engine does not run");
    wrong = slice_of(0);
    wrong.dma_count = 1;
    is_int(rearm(&h, 0, wrong), SGPU_FW_E_MISMATCH,
           "re-arming with a different slice refused");
    is_int(rearm(&h, 1, slice_of(1)), SGPU_FW_E_STATE,
           "re-arming a VF that was not reset refused");
    is_int(rearm(&h, 0, slice_of(0)), SGPU_FW_OK, "re-arming with its slice");
    is_int(h.aperture_closed[0], 0, "... opens VF0's aperture again");
    is_int(sgpu_fw_vf_reset_pending(h.fw, 0), 0, "... no longer pending");
    is_int(h_rd(&h, PF, SGPU_REG_FW_RESP(0)), 1,
           "... and answers the resets it covers");
    h_run(&h);
    is_int(h_rd(&h, VF(0), SGPU_VF_ENGINES + SGPU_ENG_DONE), 1,
           "... and the queued job runs");
    is_int(h.irqs[VF(0)][SGPU_VF_VEC_ERROR] > 0, 1,
           "... the VF was told its state changed");

    a[0] = 1;
    is_int(h_cmd(&h, SGPU_FW_CMD_VF_RESET, a, 1), SGPU_FW_OK,
           "a PF-requested VF reset");
    is_int(h_rd(&h, VF(1), SGPU_REG_STATUS), SGPU_STATUS_RESET_PENDING,
           "... leaves VF1 waiting");
    is_int(h_rd(&h, PF, SGPU_REG_VF_RESET_PENDING(0)), 3,
           "... and pending at the PF");
    a[0] = 3;
    is_int(h_cmd(&h, SGPU_FW_CMD_VF_RESET, a, 1), SGPU_FW_E_STATE,
           "resetting a VF that does not exist refused");

    a[0] = 0;
    a[1] = 1;
    is_int(h_cmd(&h, SGPU_FW_CMD_VF_QUARANTINE, a, 2), SGPU_FW_OK,
           "quarantine VF0");
    is_int(h_rd(&h, VF(0), SGPU_REG_STATUS), SGPU_STATUS_QUARANTINED,
           "... its STATUS says so");
    h_desc(&h, 0x100000 + 64, SGPU_OP_FILL, 0, 0, 7, 0, VA_VRAM, 4096, 0, 0);
    vf_kick(&h, 0, 0, 1);
    is_int(h_rd(&h, VF(0), SGPU_VF_ENGINES + SGPU_ENG_DONE), 1,
           "... its engines hold");
    a[1] = 2;
    is_int(h_cmd(&h, SGPU_FW_CMD_VF_QUARANTINE, a, 2), SGPU_FW_E_INVAL,
           "quarantine 2 refused");
    a[1] = 0;
    h_cmd(&h, SGPU_FW_CMD_VF_QUARANTINE, a, 2);
    is_int(h_rd(&h, VF(0), SGPU_VF_ENGINES + SGPU_ENG_DONE), 2,
           "released: the held job runs");

    a[0] = 1;
    is_int(h_cmd(&h, SGPU_FW_CMD_VF_QUERY, a, 1), SGPU_FW_OK, "VF1 query");
    is_int(h_rd(&h, PF, SGPU_REG_FW_RESP(0)),
           SGPU_FW_VF_PROVISIONED | SGPU_FW_VF_ENABLED |
           SGPU_FW_VF_RESET_PENDING, "... reset pending");
    is_int(h_rd(&h, PF, SGPU_REG_FW_RESP(11)), 1, "... one reset so far");

    h_wr(&h, PF, SGPU_REG_VF_ADVERSE_PENDING(0), ~0u);
    h_wr(&h, VF(0), SGPU_VF_ENGINES + 9 * SGPU_ENGINE_STRIDE, 1);
    h_wr(&h, VF(0), SGPU_VF_ENGINES + 9 * SGPU_ENGINE_STRIDE, 1);
    is_int(h_rd(&h, PF, SGPU_REG_VF_ADVERSE_PENDING(0)), 1,
           "adverse events from VF0 are pending at the PF");

    sgpu_fw_set_num_vfs(h.fw, 0);
    is_int(h.aperture_closed[1], 0, "a VF that goes away is not left closed");
    a[0] = 1;
    h_cmd(&h, SGPU_FW_CMD_VF_UNPROVISION, a, 1);
    wrong = slice_of(1);
    is_int(h_provision(&h, 1, &wrong), SGPU_FW_OK, "VF1 provisioned again");
    h_cmd(&h, SGPU_FW_CMD_VF_QUERY, a, 1);
    is_int(h_rd(&h, PF, SGPU_REG_FW_RESP(11)), 0,
           "a new slice starts with no resets counted");
    h_fini(&h);
}

/*
 * WAIT: an engine blocks on a semaphore until the CPU or another engine
 * signals it, without holding up anyone else; only a reset ends a WAIT
 * that never matches.
 */
static void test_wait(void)
{
    const uint64_t ring = 0x100000, ring1 = 0x180000, sem = 0x300000;
    const uint32_t e0 = SGPU_VF_ENGINES, e1 = e0 + SGPU_ENGINE_STRIDE;
    struct harness h;

    two_vfs(&h);
    vf_setup(&h, 0, 1, ring1);
    h_map(&h, VF(0), sem, 4096);
    pt_map(&h, 0, VA_VRAM, VRAM_DATA, MiB, SGPU_PTE_WRITE);
    pt_map(&h, 1, VA_VRAM, VRAM_DATA, MiB, SGPU_PTE_WRITE);

    h_desc(&h, ring, SGPU_OP_WAIT, SGPU_DESC_F_SRC_HOST, 0, 7, sem, 0, 4,
           0, 0);
    h_desc(&h, ring + 64, SGPU_OP_FILL, 0, 0, 0xabababab, 0, VA_VRAM, 4096,
           0, 0);
    h_wr(&h, VF(0), e0 + SGPU_ENG_RING_TAIL, 2);
    is_int(sgpu_fw_run(h.fw, MiB), SGPU_FW_WAITING,
           "a WAIT whose value does not match leaves the firmware waiting");
    is_int(h_rd(&h, VF(0), e0 + SGPU_ENG_DONE), 0,
           "... its engine completes nothing");
    is_int(h_rd(&h, VF(0), e0 + SGPU_ENG_STATUS), SGPU_ENG_STATUS_BUSY,
           "... and reads busy");
    h_desc(&h, 0x200000, SGPU_OP_FILL, 0, 0, 1, 0, VA_VRAM, 4096, 0, 0);
    vf_kick(&h, 1, 0, 0);
    is_int(h_rd(&h, VF(1), e0 + SGPU_ENG_DONE), 1,
           "another VF's engine runs meanwhile");
    h_desc(&h, ring1, SGPU_OP_FILL, 0, 0, 2, 0, VA_VRAM, 4096, 0, 0);
    vf_kick(&h, 0, 1, 0);
    is_int(h_rd(&h, VF(0), e1 + SGPU_ENG_DONE), 1,
           "... and so does the VF's other engine");
    sgpu_put_le32(h.ram + sem, 7);
    h_run(&h);
    is_int(h_rd(&h, VF(0), e0 + SGPU_ENG_DONE), 2,
           "signalled by the CPU, the WAIT and the job behind it complete");
    is_int(h_desc_status(&h, ring), SGPU_DESC_DONE, "... the WAIT with ok");
    is_int(sgpu_fw_run(h.fw, MiB), SGPU_FW_IDLE, "... nothing is left");

    /* A semaphore in VRAM, signalled by a FILL on the other engine. */
    h_desc(&h, ring + 128, SGPU_OP_WAIT, 0, 0, 0x55555555, VA_VRAM + 0x100,
           0, 4, 0, 0);
    vf_kick(&h, 0, 0, 2);
    is_int(h_rd(&h, VF(0), e0 + SGPU_ENG_DONE), 2, "a WAIT on VRAM waits");
    h_desc(&h, ring1 + 64, SGPU_OP_FILL, 0, 0, 0x55555555, 0, VA_VRAM, 4096,
           0, 0);
    vf_kick(&h, 0, 1, 1);
    is_int(h_rd(&h, VF(0), e0 + SGPU_ENG_DONE), 3,
           "... until another engine writes the value");

    /* Malformed WAITs are refused like any descriptor. */
    h_desc(&h, ring + 192, SGPU_OP_WAIT, 0, 0, 1, VA_VRAM, 0, 8, 0, 0);
    vf_kick(&h, 0, 0, 3);
    is_int(SGPU_DESC_ERR(h_desc_status(&h, ring + 192)), SGPU_DERR_BAD_LEN,
           "a WAIT of 8 bytes is refused");
    h_desc(&h, ring + 256, SGPU_OP_WAIT, 0, 0, 1, VA_VRAM + 2, 0, 4, 0, 0);
    vf_kick(&h, 0, 0, 4);
    is_int(SGPU_DESC_ERR(h_desc_status(&h, ring + 256)), SGPU_DERR_BAD_LEN,
           "... so is a misaligned one");
    h_desc(&h, ring + 320, SGPU_OP_WAIT, 0, 0, 1, VA_VRAM, VA_VRAM, 4, 0, 0);
    vf_kick(&h, 0, 0, 5);
    is_int(SGPU_DESC_ERR(h_desc_status(&h, ring + 320)), SGPU_DERR_BAD_FLAGS,
           "... and one with a destination");
    h_desc(&h, ring + 384, SGPU_OP_WAIT, 0, 0, 1, VA_HUGE, 0, 4, 0, 0);
    vf_kick(&h, 0, 0, 6);
    is_int(SGPU_DESC_ERR(h_desc_status(&h, ring + 384)), SGPU_DERR_MMU_FAULT,
           "... and one on an unmapped GPU VA");

    /* Only a reset ends a WAIT that never matches. */
    h_desc(&h, ring + 448, SGPU_OP_WAIT, SGPU_DESC_F_SRC_HOST, 0, 9, sem, 0,
           4, 0, 0);
    h_desc(&h, ring + 512, SGPU_OP_FILL, 0, 0, 3, 0, VA_VRAM, 4096, 0, 0);
    h_wr(&h, VF(0), e0 + SGPU_ENG_RING_TAIL, 9);
    is_int(sgpu_fw_run(h.fw, MiB), SGPU_FW_WAITING,
           "a WAIT that never matches");
    sgpu_fw_vf_reset(h.fw, 0);
    sgpu_fw_vf_flr(h.fw, 0);
    is_int(sgpu_fw_run(h.fw, MiB), SGPU_FW_IDLE, "... ends with VF0's FLR");
    is_int(h_desc_status(&h, ring + 448) | h_desc_status(&h, ring + 512), 0,
           "... neither it nor the job behind it was completed");
    h_desc(&h, 0x200000 + 64, SGPU_OP_WAIT, 0, 0, 9, VA_VRAM, 0, 4, 0, 0);
    vf_kick(&h, 1, 0, 1);
    is_int(sgpu_fw_run(h.fw, MiB), SGPU_FW_WAITING, "VF1 waits too");
    h_wr(&h, VF(1), e0 + SGPU_ENG_CTRL, SGPU_ENG_CTRL_RESET);
    is_int(sgpu_fw_run(h.fw, MiB), SGPU_FW_IDLE,
           "... until its driver resets the engine");
    h_fini(&h);
}

int main(void)
{
    test_identity();
    test_provisioning();
    test_dma();
    test_hostile();
    test_pf_engine();
    test_fairness();
    test_codec();
    test_qoi_library();
    test_mailbox();
    test_resets();
    test_reset_protocol();
    test_wait();
    return tap_done();
}
