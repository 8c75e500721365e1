/*
 * Host unit tests of the firmware's defences against a hostile VF: DMA
 * aimed at the device's own registers, the x86 interrupt window, FILL
 * patterns across chunks, and the time a refused job may cost.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sgpu/sgpu_bench.h"
#include "sgpu_qoi.h"
#include "tap.h"

#include "fw_setup.h"

#define RING0   0x100000ull     /* VF0 engine 0's ring (two_vfs) */
#define RING1   0x200000ull     /* VF1 engine 0's ring */
#define ENG(e)  (SGPU_VF_ENGINES + (e) * SGPU_ENGINE_STRIDE)
#define QUANTUM (256u * 1024)   /* an engine turn (docs/hardware.md) */

/* Host address of register @off of function @fn's BAR0, seen by DMA. */
static uint64_t bar0(unsigned fn, uint32_t off)
{
    return H_MMIO_BASE + fn * H_MMIO_FN + off;
}

/*
 * A COPY from host memory whose destination is a register block: each
 * dword written would be a register write. @target is the host address
 * the copy's destination starts at (through a system PTE of VF0).
 */
static void self_copy(struct harness *h, unsigned slot, uint64_t target,
                      uint32_t value, const char *what)
{
    const uint64_t hsrc = 0x400000, at = RING0 + slot * SGPU_DESC_SIZE;
    uint32_t before = h_rd(h, VF(0), SGPU_REG_COUNTER(SGPU_CNT_SELF_ACCESS));
    unsigned i;

    /* 8 KiB: the first page lands on registers, the second on RAM. */
    for (i = 0; i < 2048; i++) {
        sgpu_put_le32(h->ram + hsrc + 4 * i, value);
    }
    h_map(h, VF(0), hsrc, 8192);
    h_map(h, VF(0), 0x600000, 4096);
    pt_set(h, 0, VA_HOST, (target & ~0xfffull) | SGPU_PTE_SYSTEM |
           SGPU_PTE_WRITE | SGPU_PTE_VALID);
    pt_set(h, 0, VA_HOST + 4096, 0x600000 | SGPU_PTE_SYSTEM |
           SGPU_PTE_WRITE | SGPU_PTE_VALID);
    h_desc(h, at, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST, 0, 0, hsrc,
           VA_HOST + (target & 0xfff), 8192 - (target & 0xfff), 0, 0);
    vf_kick(h, 0, 0, slot);
    is_int(h_desc_status(h, at), SGPU_DESC_DONE | SGPU_DERR_DMA_FAULT,
           "%s: the copy fails with DMA_FAULT", what);
    ok(h_rd(h, VF(0), SGPU_REG_COUNTER(SGPU_CNT_SELF_ACCESS)) > before,
       "%s: counted as self_access", what);
    is_int(h_rd(h, VF(0), ENG(0) + SGPU_ENG_RING_HEAD), (slot + 1) % 16,
           "%s: VF0's engine moved on past it", what);
    is_int(h_rd(h, VF(0), ENG(0) + SGPU_ENG_STATUS) & SGPU_ENG_STATUS_ERROR,
           0, "%s: and is not stopped", what);
}

static void test_self_dma(void)
{
    struct harness h;
    unsigned logs;
    uint32_t arg0;

    two_vfs(&h);
    h.p2p = 1;
    self_copy(&h, 0, bar0(VF(0), ENG(0) + SGPU_ENG_CTRL),
              SGPU_ENG_CTRL_RESET, "DMA onto VF0's own ENG_CTRL");
    is_int(h_rd(&h, VF(0), ENG(0) + SGPU_ENG_RING_SIZE), 16,
           "... its ring is still configured");
    logs = h.logs;
    self_copy(&h, 1, bar0(VF(0), ENG(0) + SGPU_ENG_CTRL),
              SGPU_ENG_CTRL_RESET, "the same again");
    ok(h.logs - logs <= 3, "... logged briefly (%u lines)", h.logs - logs);

    self_copy(&h, 2, bar0(VF(1), ENG(0)), 0, "DMA onto VF1's ring registers");
    is_int(h_rd(&h, VF(1), ENG(0) + SGPU_ENG_RING_SIZE), 16,
           "... VF1's ring is untouched");
    is_int(h_rd(&h, VF(1), ENG(0) + SGPU_ENG_CTRL), SGPU_ENG_CTRL_ENABLE,
           "... and still enabled");

    arg0 = h_rd(&h, PF, SGPU_REG_FW_ARG(0));
    self_copy(&h, 3, bar0(PF, SGPU_REG_FW_ARG(0)), 0x12345678,
              "DMA onto the PF's firmware registers");
    is_int(h_rd(&h, PF, SGPU_REG_FW_ARG(0)), arg0,
           "... the PF's args unchanged");
    self_copy(&h, 4, bar0(PF, SGPU_REG_FW_CMD - 4), SGPU_FW_CMD_VF_UNPROVISION,
              "DMA that would issue a firmware command");
    is_int(h_rd(&h, PF, SGPU_REG_FW_STATUS) & SGPU_FW_STATUS_BUSY, 0,
           "... no command started");
    ok(sgpu_fw_vf_slice(h.fw, 0) && sgpu_fw_vf_slice(h.fw, 1),
       "... both slices stay");

    /* A ring whose descriptors are VF0's own registers. */
    h_wr(&h, VF(0), ENG(1) + SGPU_ENG_RING_BASE_LO,
         (uint32_t)bar0(VF(0), 0));
    h_wr(&h, VF(0), ENG(1) + SGPU_ENG_RING_BASE_HI, bar0(VF(0), 0) >> 32);
    h_wr(&h, VF(0), ENG(1) + SGPU_ENG_RING_SIZE, 16);
    h_wr(&h, VF(0), ENG(1) + SGPU_ENG_CTRL, SGPU_ENG_CTRL_ENABLE);
    h_wr(&h, VF(0), ENG(1) + SGPU_ENG_RING_TAIL, 1);
    h_run(&h);
    is_int(h_rd(&h, VF(0), ENG(1) + SGPU_ENG_STATUS),
           SGPU_ENG_STATUS_ERROR | SGPU_DERR_RING_FETCH << 8,
           "a ring on the device's own registers stops its engine");
    ok(h.p2p_refused > 0, "every such access was refused (%u)",
       h.p2p_refused);

    /* In one pass, both VFs' jobs hit registers: each is counted. */
    {
        uint32_t c0 = h_rd(&h, VF(0), SGPU_REG_COUNTER(SGPU_CNT_SELF_ACCESS));
        uint32_t c1 = h_rd(&h, VF(1), SGPU_REG_COUNTER(SGPU_CNT_SELF_ACCESS));

        h_map(&h, VF(1), 0x400000, 4096);
        h_desc(&h, RING0 + 5 * 64, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST |
               SGPU_DESC_F_DST_HOST, 0, 0, 0x400000, bar0(PF, 0x40), 4, 0,
               0);
        h_desc(&h, RING1 + 64, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST |
               SGPU_DESC_F_DST_HOST, 0, 0, 0x400000, bar0(PF, 0x40), 4, 0,
               0);
        h_wr(&h, VF(0), ENG(0) + SGPU_ENG_RING_TAIL, 6);
        h_wr(&h, VF(1), ENG(0) + SGPU_ENG_RING_TAIL, 2);
        sgpu_fw_run(h.fw, MiB);
        ok(h_rd(&h, VF(0), SGPU_REG_COUNTER(SGPU_CNT_SELF_ACCESS)) == c0 + 1 &&
           h_rd(&h, VF(1), SGPU_REG_COUNTER(SGPU_CNT_SELF_ACCESS)) == c1 + 1,
           "two VFs' self-DMA in one pass: each VF counted once");
    }

    /* VF1 streams on, unaffected. */
    pt_map(&h, 1, VA_VRAM, VRAM_DATA, MiB, SGPU_PTE_WRITE);
    h_desc(&h, RING1 + 128, SGPU_OP_FILL, 0, 0, 0x5a5a5a5a, 0, VA_VRAM, MiB,
           0, 0);
    vf_kick(&h, 1, 0, 2);
    is_int(h_desc_status(&h, RING1 + 128), SGPU_DESC_DONE, "VF1's fill runs");
    h_fini(&h);
}

/*
 * DMA that reaches config space resets a VF in the middle of a job: the
 * reset takes effect when the engine's access returns, and nothing of the
 * job runs after it.
 */
static void test_reset_from_dma(void)
{
    struct harness h;
    const uint64_t hsrc = 0x400000;

    two_vfs(&h);
    h.p2p = 1;
    h_map(&h, VF(0), hsrc, 2 * MiB);
    memset(h.ram + hsrc, 0x77, 2 * MiB);
    pt_map(&h, 0, VA_VRAM, VRAM_DATA, 2 * MiB, SGPU_PTE_WRITE);
    /* Page VA_HOST + 4 KiB is VF0's own config space. */
    pt_set(&h, 0, VA_HOST + 4096, H_ECAM_BASE | SGPU_PTE_SYSTEM |
           SGPU_PTE_WRITE | SGPU_PTE_VALID);
    pt_set(&h, 0, VA_HOST, (H_ECAM_BASE + 4096) | SGPU_PTE_SYSTEM |
           SGPU_PTE_WRITE | SGPU_PTE_VALID);
    h_desc(&h, RING0, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST, 0, 0, hsrc, VA_HOST,
           4096, 0, 0);
    vf_kick(&h, 0, 0, 0);
    is_int(h_desc_status(&h, RING0), SGPU_DESC_DONE | SGPU_DERR_DMA_FAULT,
           "VF0 cannot reach VF1's config space");
    ok(!sgpu_fw_vf_reset_pending(h.fw, 1), "... VF1 was not reset");

    h_desc(&h, RING0 + 64, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST, 0, 0,
           hsrc, VA_HOST + 4096, 4096, 0, 0);
    h_desc(&h, RING0 + 128, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST, 0, 0,
           hsrc, VA_VRAM, 2 * MiB, 0, 0);
    h_wr(&h, VF(0), ENG(0) + SGPU_ENG_RING_TAIL, 3);
    h_run(&h);
    is_int(h.flrs, 1, "a copy reached VF0's own config space");
    ok(sgpu_fw_vf_reset_pending(h.fw, 0), "... VF0 was reset and waits");
    is_int(h_desc_status(&h, RING0 + 64) | h_desc_status(&h, RING0 + 128), 0,
           "... neither that job nor the next completed");
    is_int(nonzero(h.vram + slice_of(0).vram_base, 8 * MiB), 0,
           "... VF0's slice is scrubbed and stays so");
    h_fini(&h);
}

/* Each descriptor side, ring or wait value that touches the window. */
static void test_irq_window(void)
{
    struct harness h;
    const uint64_t w = H_IRQ_WINDOW, hsrc = 0x400000;
    uint32_t faults;

    two_vfs(&h);
    h_map(&h, VF(0), hsrc, 2 * 4096);
    memset(h.ram + hsrc, 0x41, 8192);

    faults = h_rd(&h, VF(0), SGPU_REG_COUNTER(SGPU_CNT_DMA_FAULT));
    h_desc(&h, RING0, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST |
           SGPU_DESC_F_DST_HOST, 0, 0, hsrc, w, 4, 0, 0);
    vf_kick(&h, 0, 0, 0);
    is_int(h_desc_status(&h, RING0), SGPU_DESC_DONE | SGPU_DERR_DMA_FAULT,
           "4 bytes of 0x41 to 0xfee00000: DMA_FAULT");
    is_int(h_rd(&h, VF(0), SGPU_REG_COUNTER(SGPU_CNT_DMA_FAULT)), faults + 1,
           "... counted");

    h_desc(&h, RING0 + 64, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST |
           SGPU_DESC_F_DST_HOST, 0, 0, w + 0xff000, hsrc, 4096, 0, 0);
    vf_kick(&h, 0, 0, 1);
    is_int(h_desc_status(&h, RING0 + 64), SGPU_DESC_DONE | SGPU_DERR_DMA_FAULT,
           "a read from the window's last page: DMA_FAULT");

    h_desc(&h, RING0 + 128, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST |
           SGPU_DESC_F_DST_HOST, 0, 0, hsrc, w - 4096, 8192, 0, 0);
    vf_kick(&h, 0, 0, 2);
    is_int(h_desc_status(&h, RING0 + 128),
           SGPU_DESC_DONE | SGPU_DERR_DMA_FAULT,
           "a copy that runs into the window: DMA_FAULT");

    pt_set(&h, 0, VA_HOST, (w + 0x1000) | SGPU_PTE_SYSTEM | SGPU_PTE_WRITE |
           SGPU_PTE_VALID);
    h_desc(&h, RING0 + 192, SGPU_OP_FILL, 0, 0, 0x41414141, 0, VA_HOST,
           4096, 0, 0);
    vf_kick(&h, 0, 0, 3);
    is_int(h_desc_status(&h, RING0 + 192),
           SGPU_DESC_DONE | SGPU_DERR_DMA_FAULT,
           "a system PTE into the window: DMA_FAULT");

    h_desc(&h, RING0 + 256, SGPU_OP_WAIT, SGPU_DESC_F_SRC_HOST, 0, 0,
           w + 0x40, 0, 4, 0, 0);
    vf_kick(&h, 0, 0, 4);
    is_int(h_desc_status(&h, RING0 + 256),
           SGPU_DESC_DONE | SGPU_DERR_DMA_FAULT,
           "a WAIT on the window: DMA_FAULT");
    is_int(h.irq_window_bytes, 0, "nothing reached the window");

    /* A ring in the window cannot be enabled. */
    h_wr(&h, VF(0), ENG(1) + SGPU_ENG_RING_BASE_LO, (uint32_t)w);
    h_wr(&h, VF(0), ENG(1) + SGPU_ENG_RING_SIZE, 16);
    h_wr(&h, VF(0), ENG(1) + SGPU_ENG_CTRL, SGPU_ENG_CTRL_ENABLE);
    is_int(h_rd(&h, VF(0), ENG(1) + SGPU_ENG_STATUS),
           SGPU_ENG_STATUS_ERROR | SGPU_DERR_RING_CONFIG << 8,
           "a ring in the window: RING_CONFIG at enable");
    h_wr(&h, VF(0), ENG(1) + SGPU_ENG_CTRL, SGPU_ENG_CTRL_RESET);
    h_wr(&h, VF(0), ENG(1) + SGPU_ENG_RING_BASE_LO, (uint32_t)(w - 512));
    h_wr(&h, VF(0), ENG(1) + SGPU_ENG_CTRL, SGPU_ENG_CTRL_ENABLE);
    is_int(h_rd(&h, VF(0), ENG(1) + SGPU_ENG_STATUS),
           SGPU_ENG_STATUS_ERROR | SGPU_DERR_RING_CONFIG << 8,
           "a ring whose end reaches the window: RING_CONFIG");
    is_int(h.irq_window_bytes, 0, "still nothing reached the window");
    h_fini(&h);
}

/*
 * VF0 runs odd-length copies while VF1 fills: whatever budget is left
 * when VF1's turn comes, its pattern stays in phase with its address.
 */
static void test_fill_phase(void)
{
    static const uint64_t budgets[] = { 300001, 65537, 99991, 1 << 20 };
    const uint64_t len = 3 * MiB;
    const uint32_t pat = 0x04030201;
    unsigned b, slot, bad;
    uint64_t i;

    for (b = 0; b < sizeof(budgets) / sizeof(budgets[0]); b++) {
        struct harness h;
        const uint8_t *v;
        int turns = 0;

        two_vfs(&h);
        pt_map(&h, 0, VA_VRAM, VRAM_DATA, 4 * MiB, SGPU_PTE_WRITE);
        pt_map(&h, 1, VA_VRAM, VRAM_DATA, 4 * MiB, SGPU_PTE_WRITE);
        for (slot = 0; slot < 15; slot++) {
            h_desc(&h, RING0 + slot * SGPU_DESC_SIZE, SGPU_OP_COPY, 0, 0, 0,
                   VA_VRAM, VA_VRAM + MiB + slot, 2 * slot + 1 + 4093, 0, 0);
        }
        h_desc(&h, RING1, SGPU_OP_FILL, 0, 0, pat, 0, VA_VRAM, len, 0, 0);
        h_wr(&h, VF(0), ENG(0) + SGPU_ENG_RING_TAIL, 15);
        h_wr(&h, VF(1), ENG(0) + SGPU_ENG_RING_TAIL, 1);
        while (sgpu_fw_run(h.fw, budgets[b]) == SGPU_FW_BUSY &&
               ++turns < 1000) {
            continue;
        }
        is_int(h_desc_status(&h, RING1), SGPU_DESC_DONE,
               "budget %llu: VF1's fill done", (unsigned long long)budgets[b]);
        v = h.vram + slice_of(1).vram_base + VRAM_DATA;
        for (i = 0, bad = 0; i < len; i++) {
            bad += v[i] != ((pat >> (8 * (i & 3))) & 0xff);
        }
        is_int(bad, 0, "budget %llu: every byte of VF1's fill in phase",
               (unsigned long long)budgets[b]);
        h_fini(&h);
    }
}

/*
 * Refused jobs cost the time their check took. VA [0, 1 GiB) is mapped
 * with 4 KiB pages that wrap around 3 MiB of the slice, all but its last
 * page, so checking a 1 GiB job there walks 262143 page-table entries
 * before it fails; VA [1 GiB, 2 GiB) maps every page onto one page, so
 * its translation has a piece per page.
 */
static void test_check_budget(void)
{
    static const struct sgpu_hw_config big = {
        .total_vfs = 2, .mmu_units = 2, .dma_channels = 4, .codec_cores = 2,
        .vram_size = 32 * MiB, .vf_window = 16 * MiB,
    };
    struct sgpu_fw_slice s0 = {
        .mmu_first = 0, .mmu_count = 1, .dma_first = 0, .dma_count = 2,
        .codec_first = 0, .codec_count = 1,
        .vram_base = 8 * MiB, .vram_size = 8 * MiB,
    };
    struct harness h;
    const uint64_t gib = SGPU_JOB_MAX_LEN, data = 4 * MiB + MiB / 2;
    uint64_t va, l2, pte, i;
    uint8_t *base;
    unsigned slot, runs;
    uint32_t done;

    struct sgpu_fw_slice s1 = s0;
    int passes;

    s1.mmu_first = 1;
    s1.dma_first = 2;
    s1.codec_first = 1;
    s1.vram_base = 16 * MiB;
    h_init(&h, &big);
    h.quiet = 1;
    h_provision(&h, 0, &s0);
    h_provision(&h, 1, &s1);
    sgpu_fw_set_num_vfs(h.fw, 2);
    vf_setup(&h, 0, 0, RING0);
    vf_setup(&h, 1, 0, RING1);
    /* 1024 L2 tables from slice offset 16 KiB. */
    base = h.vram + s0.vram_base;
    for (i = 0; i < 1024; i++) {
        l2 = SGPU_PT_L1_SIZE + i * SGPU_PT_L2_SIZE;
        sgpu_put_le64(base + i * 8, l2 | SGPU_PTE_VALID);
    }
    for (va = 0; va < 2 * gib - SGPU_GPU_PAGE_SIZE; va += SGPU_GPU_PAGE_SIZE) {
        if (va == gib - SGPU_GPU_PAGE_SIZE) {
            continue;
        }
        pte = va < gib ? data + (va >> 12) % 768 * SGPU_GPU_PAGE_SIZE : data;
        sgpu_put_le64(base + SGPU_PT_L1_SIZE + (va >> 12) * 8,
                      pte | SGPU_PTE_WRITE | SGPU_PTE_VALID);
    }
    for (slot = 0; slot < 15; slot++) {
        h_desc(&h, RING0 + slot * SGPU_DESC_SIZE, SGPU_OP_FILL, 0, 0, 0, 0,
               slot == 14 ? gib : 0, gib, 0, 0);
    }
    h_wr(&h, VF(0), ENG(0) + SGPU_ENG_RING_TAIL, 15);
    sgpu_fw_run(h.fw, MiB);
    done = h_rd(&h, VF(0), ENG(0) + SGPU_ENG_DONE);
    is_int(done, 0, "a 1 MiB pass does not finish checking one 1 GiB job");
    /* VF1 fills 4 MiB meanwhile: checks share the device like copies. */
    pt_map(&h, 1, VA_VRAM, VRAM_DATA, 4 * MiB, SGPU_PTE_WRITE);
    h_desc(&h, RING1, SGPU_OP_FILL, 0, 0, 7, 0, VA_VRAM, 4 * MiB, 0, 0);
    h_wr(&h, VF(1), ENG(0) + SGPU_ENG_RING_TAIL, 1);
    for (passes = 1; passes < 64 && !h_desc_status(&h, RING1); passes++) {
        sgpu_fw_run(h.fw, MiB);
    }
    ok(passes <= 10, "VF1's 4 MiB fill beside VF0's checks took %d passes "
       "of 1 MiB (fair share: 8)", passes);
    for (runs = 1; runs < 100000 && sgpu_fw_run(h.fw, MiB) == SGPU_FW_BUSY;
         runs++) {
        continue;
    }
    is_int(h_rd(&h, VF(0), ENG(0) + SGPU_ENG_DONE), 15, "all 15 complete");
    is_int(h_desc_status(&h, RING0 + 13 * SGPU_DESC_SIZE),
           SGPU_DESC_DONE | SGPU_DERR_MMU_FAULT,
           "... a job whose last page is missing: MMU_FAULT");
    ok(runs + passes >= 14 * 16, "... 14 such checks (16 MiB of walks each) "
       "took %u passes of 1 MiB", runs + passes);
    is_int(h_desc_status(&h, RING0 + 14 * SGPU_DESC_SIZE),
           SGPU_DESC_DONE | SGPU_DERR_TOO_FRAGMENTED,
           "a job of %u+ discontiguous pages: TOO_FRAGMENTED",
           SGPU_JOB_MAX_PIECES);
    is_int(h_rd(&h, VF(0), SGPU_REG_COUNTER(SGPU_CNT_MMU_FAULT)), 14,
           "... the faults were counted");
    h_fini(&h);
}

/* A large scattered job's translation is given back when it ends. */
static void test_xlist_trim(void)
{
    struct harness h;
    uint64_t va;

    two_vfs(&h);
    for (va = 0; va < 4 * MiB; va += 2 * SGPU_GPU_PAGE_SIZE) {
        pt_set(&h, 0, VA_VRAM + va, (VRAM_DATA + 2 * MiB + va / 2) |
               SGPU_PTE_WRITE | SGPU_PTE_VALID);
        pt_set(&h, 0, VA_VRAM + va + SGPU_GPU_PAGE_SIZE,
               (VRAM_DATA + va / 2) | SGPU_PTE_WRITE | SGPU_PTE_VALID);
    }
    h_desc(&h, RING0, SGPU_OP_FILL, 0, 0, 0x01020304, 0, VA_VRAM, 4 * MiB,
           0, 0);
    vf_kick(&h, 0, 0, 0);
    is_int(h_desc_status(&h, RING0), SGPU_DESC_DONE,
           "a fill of 1024 discontiguous pages");
    is_int(sgpu_fw_xlist_bytes(h.fw), 0,
           "... its translation list is freed at the end");
    pt_map(&h, 0, VA_VRAM, VRAM_DATA, MiB, SGPU_PTE_WRITE);
    h_desc(&h, RING0 + 64, SGPU_OP_FILL, 0, 0, 1, 0, VA_VRAM, MiB, 0, 0);
    vf_kick(&h, 0, 0, 1);
    ok(sgpu_fw_xlist_bytes(h.fw) > 0 && sgpu_fw_xlist_bytes(h.fw) <= 4096,
       "... a small one keeps a small list (%llu bytes)",
       (unsigned long long)sgpu_fw_xlist_bytes(h.fw));
    /* Refused after one side grew long: given back all the same. */
    h_desc(&h, RING0 + 128, SGPU_OP_COPY, 0, 0, 0, VA_VRAM + MiB, VA_HUGE,
           3 * MiB, 0, 0);
    vf_kick(&h, 0, 0, 2);
    is_int(h_desc_status(&h, RING0 + 128), SGPU_DESC_DONE | SGPU_DERR_MMU_FAULT,
           "a copy from 768 discontiguous pages to an unmapped VA: refused");
    ok(sgpu_fw_xlist_bytes(h.fw) <= 4096,
       "... its source's long list is given back (%llu bytes kept)",
       (unsigned long long)sgpu_fw_xlist_bytes(h.fw));
    /* A codec job's lists too: a scattered 4 MiB... as 1 MiB of RGBA. */
    vf_setup(&h, 0, 2, 0x110000);
    h_desc(&h, 0x110000, SGPU_OP_QOI_ENCODE, SGPU_DESC_F_RGBA, 0, 0,
           VA_VRAM + MiB, VA_VRAM + 2 * MiB, MiB, 2 * MiB, 512 | 512 << 16);
    vf_kick(&h, 0, 2, 0);
    is_int(h_desc_status(&h, 0x110000), SGPU_DESC_DONE,
           "a QOI encode between discontiguous pages");
    ok(sgpu_fw_xlist_bytes(h.fw) <= 4096,
       "... its lists are given back (%llu bytes kept)",
       (unsigned long long)sgpu_fw_xlist_bytes(h.fw));
    h_fini(&h);
}

/*
 * A codec job runs on the translation its check recorded: the VF rewrites
 * its source page table entry while the (many-turn) check of the output
 * goes on, and the job still encodes the pixels it was checked against.
 */
static void test_codec_checked(void)
{
    struct harness h;
    struct sgpu_qoi_desc d = { 64, 16, 4, 0 };
    const uint64_t ring = 0x110000, px = VRAM_DATA, other = VRAM_DATA + MiB;
    const struct sgpu_fw_slice *s;
    uint8_t ref[8192];
    size_t ref_len;
    unsigned i;
    int turns;

    two_vfs(&h);
    s = sgpu_fw_vf_slice(h.fw, 0);
    vf_setup(&h, 0, 2, ring);
    for (i = 0; i < 4096; i++) {
        h.vram[s->vram_base + px + i] = (uint8_t)(i * 37 >> 2);
    }
    ref_len = sgpu_qoi_encode(h.vram + s->vram_base + px, &d, ref,
                              sizeof(ref));
    pt_map(&h, 0, VA_VRAM, px, 4096, SGPU_PTE_WRITE);
    /* Output: 64 pages no two of which continue each other. */
    for (i = 0; i < 64; i++) {
        pt_set(&h, 0, VA_HUGE + i * 4096ull, (VRAM_DATA + 2 * MiB +
               (63 - i) * 8192ull) | SGPU_PTE_WRITE | SGPU_PTE_VALID);
    }
    h_desc(&h, ring, SGPU_OP_QOI_ENCODE, SGPU_DESC_F_RGBA, 0, 0, VA_VRAM,
           VA_HUGE, 4096, 64 * 4096, 64 | 16 << 16);
    h_wr(&h, VF(0), ENG(2) + SGPU_ENG_RING_TAIL, 1);
    for (turns = 0; turns < 8; turns++) {
        sgpu_fw_run(h.fw, 200);     /* a few page walks a turn */
    }
    is_int(h_desc_status(&h, ring), 0, "the encode is still being checked");
    pt_set(&h, 0, VA_VRAM, other | SGPU_PTE_WRITE | SGPU_PTE_VALID);
    h_run(&h);
    is_int(h_desc_status(&h, ring), SGPU_DESC_DONE, "then it completes");
    is_int(h_desc_result(&h, ring), ref_len,
           "... with the size of the pixels it was checked against");
    ok(!memcmp(h.vram + s->vram_base + VRAM_DATA + 2 * MiB + 63 * 8192, ref,
               4096 < ref_len ? 4096 : ref_len),
       "... and their encoding, not the page the VF switched to");
    h_fini(&h);
}

/* An image that takes every QOI op: runs, small and large changes, alpha. */
static void codec_image(uint8_t *px, uint64_t npx)
{
    uint32_t x = 12345;
    uint64_t i;

    for (i = 0; i < npx; i++) {
        uint8_t *p = px + 4 * i;

        x = x * 1103515245 + 12345;
        if ((i / 700) % 3 == 0 && i) {
            memcpy(p, p - 4, 4);                /* runs */
        } else if ((i / 700) % 3 == 1) {
            p[0] = (uint8_t)(i >> 3);           /* diffs and lumas */
            p[1] = (uint8_t)(i >> 4) + (x >> 30);
            p[2] = (uint8_t)(i >> 5);
            p[3] = 255;
        } else {
            p[0] = x >> 24;                     /* noise, some alpha */
            p[1] = x >> 16;
            p[2] = x >> 8;
            p[3] = (x >> 7) & 1 ? 255 : (uint8_t)x;
        }
    }
}

/*
 * Passes of @budget bytes until the descriptor at @at (host RAM)
 * completes, counting the one before the call (it submitted the job).
 */
static int passes_until(struct harness *h, uint64_t at, uint64_t budget,
                        int max)
{
    int passes;

    for (passes = 0; passes < max && !h_desc_status(h, at); passes++) {
        sgpu_fw_run(h->fw, budget);
    }
    return passes;
}

/*
 * Codec jobs take a quantum per turn like copies: a 2 MiB encode runs
 * over many passes, its neighbour's fill gets its fair share meanwhile,
 * and the output is the reference encoder's, byte for byte. Then the
 * encoding decodes back (to host memory) to the very pixels, as RGBA and
 * as RGB.
 */
static void test_codec_turns(void)
{
    struct harness h;
    struct sgpu_qoi_desc d = { 1024, 512, 4, 0 };
    const uint64_t ring = 0x110000, in = VRAM_DATA, out = VRAM_DATA + 2 * MiB;
    const uint64_t host = 0x800000, len = 2 * MiB;
    const struct sgpu_fw_slice *s;
    uint8_t *px, *ref, *rgb;
    size_t ref_len;
    uint64_t i;
    int passes, fill_passes;

    two_vfs(&h);
    s = sgpu_fw_vf_slice(h.fw, 0);
    vf_setup(&h, 0, 2, ring);
    px = h.vram + s->vram_base + in;
    codec_image(px, len / 4);
    ref = malloc(sgpu_qoi_max_size(&d));
    rgb = malloc(len);
    ref_len = sgpu_qoi_encode(px, &d, ref, sgpu_qoi_max_size(&d));
    pt_map(&h, 0, VA_VRAM, VRAM_DATA, 6 * MiB, SGPU_PTE_WRITE);
    h_desc(&h, ring, SGPU_OP_QOI_ENCODE, SGPU_DESC_F_RGBA, 0, 0, VA_VRAM,
           VA_VRAM + 2 * MiB, len, sgpu_qoi_max_size(&d), 1024 | 512 << 16);
    h_wr(&h, VF(0), ENG(2) + SGPU_ENG_RING_TAIL, 1);
    /* VF1 fills 4 MiB beside it. */
    pt_map(&h, 1, VA_VRAM, VRAM_DATA, 4 * MiB, SGPU_PTE_WRITE);
    h_desc(&h, RING1, SGPU_OP_FILL, 0, 0, 7, 0, VA_VRAM, 4 * MiB, 0, 0);
    h_wr(&h, VF(1), ENG(0) + SGPU_ENG_RING_TAIL, 1);
    for (passes = 0; passes < 8; passes++) {
        sgpu_fw_run(h.fw, QUANTUM);
    }
    is_int(h_desc_status(&h, ring), 0, "8 passes of a quantum do not finish "
           "a 2 MiB encode");
    fill_passes = 8 + passes_until(&h, RING1, QUANTUM, 256);
    ok(fill_passes >= 16 && fill_passes <= 40, "VF1's 4 MiB fill beside "
       "VF0's 2 MiB encode took %d passes of a quantum (fair share: 32)",
       fill_passes);
    passes = fill_passes + passes_until(&h, ring, QUANTUM, 256);
    is_int(h_desc_status(&h, ring), SGPU_DESC_DONE, "the encode completes");
    ok(passes >= (int)(3 * MiB / QUANTUM), "... after %d passes of a "
       "quantum (its 2 MiB in and %zu out, a quantum a turn)", passes,
       ref_len);
    is_int(h_desc_result(&h, ring), ref_len, "... with the reference's size");
    ok(!memcmp(h.vram + s->vram_base + out, ref, ref_len),
       "... and bytes");

    /* Back to host memory, RGBA, then RGB. */
    h_map(&h, VF(0), host, len);
    h_desc(&h, ring + 64, SGPU_OP_QOI_DECODE,
           SGPU_DESC_F_RGBA | SGPU_DESC_F_DST_HOST, 0, 0, VA_VRAM + 2 * MiB,
           host, ref_len, len, 0);
    h_wr(&h, VF(0), ENG(2) + SGPU_ENG_RING_TAIL, 2);
    passes = passes_until(&h, ring + 64, QUANTUM, 256);
    is_int(h_desc_status(&h, ring + 64), SGPU_DESC_DONE,
           "the decode completes");
    ok(passes >= (int)(6 * MiB / QUANTUM), "... after %d passes of a "
       "quantum (a dry run and a real one, 1 MiB in and 2 MiB out each)",
       passes);
    is_int(sgpu_get_le32(h.ram + ring + 64 + 48), 1024 | 512 << 16,
           "... writes the dimensions back");
    ok(!memcmp(h.ram + host, px, len), "... and gives the very pixels back");
    for (i = 0; i < len / 4; i++) {
        memcpy(rgb + 3 * i, px + 4 * i, 3);
    }
    memset(h.ram + host, 0, len);
    h_desc(&h, ring + 128, SGPU_OP_QOI_DECODE, SGPU_DESC_F_DST_HOST, 0, 0,
           VA_VRAM + 2 * MiB, host, ref_len, len, 0);
    h_wr(&h, VF(0), ENG(2) + SGPU_ENG_RING_TAIL, 3);
    h_run(&h);
    is_int(h_desc_status(&h, ring + 128), SGPU_DESC_DONE, "an RGB decode");
    is_int(h_desc_result(&h, ring + 128), len / 4 * 3, "... its size");
    ok(!memcmp(h.ram + host, rgb, len / 4 * 3), "... its pixels");
    is_int(nonzero(h.ram + host + len / 4 * 3, len / 4), 0,
           "... and not a byte past them");
    free(ref);
    free(rgb);
    h_fini(&h);
}

/*
 * What cannot be known before the end is found by a dry run that writes
 * nothing: too small an output, and a bad image, leave the destination as
 * it was, however many turns they took. An output exactly the size of the
 * result is enough.
 */
static void test_codec_dry_run(void)
{
    struct harness h;
    struct sgpu_qoi_desc d = { 512, 512, 4, 0 };
    const uint64_t ring = 0x110000, in = VRAM_DATA, out = VRAM_DATA + MiB;
    const uint64_t host = 0x800000, len = MiB;
    const struct sgpu_fw_slice *s;
    uint8_t *px, *ref, *o;
    size_t ref_len;
    int passes;

    two_vfs(&h);
    s = sgpu_fw_vf_slice(h.fw, 0);
    vf_setup(&h, 0, 2, ring);
    px = h.vram + s->vram_base + in;
    o = h.vram + s->vram_base + out;
    codec_image(px, len / 4);
    ref = malloc(sgpu_qoi_max_size(&d));
    ref_len = sgpu_qoi_encode(px, &d, ref, sgpu_qoi_max_size(&d));
    pt_map(&h, 0, VA_VRAM, VRAM_DATA, 4 * MiB, SGPU_PTE_WRITE);
    memset(o, 0xaa, 2 * MiB);
    h_desc(&h, ring, SGPU_OP_QOI_ENCODE, SGPU_DESC_F_RGBA, 0, 0, VA_VRAM,
           VA_VRAM + MiB, len, ref_len - 1, 512 | 512 << 16);
    h_wr(&h, VF(0), ENG(2) + SGPU_ENG_RING_TAIL, 1);
    passes = passes_until(&h, ring, QUANTUM, 256);
    is_int(h_desc_status(&h, ring), SGPU_DESC_DONE | SGPU_DERR_QOI_SPACE,
           "an encode into one byte less than its result: QOI_SPACE");
    ok(passes >= 4, "... found after %d passes of a quantum", passes);
    is_int(nonzero(o, 2 * MiB), 2 * MiB, "... and nothing was written");
    h_desc(&h, ring + 64, SGPU_OP_QOI_ENCODE, SGPU_DESC_F_RGBA, 0, 0,
           VA_VRAM, VA_VRAM + MiB, len, ref_len, 512 | 512 << 16);
    h_wr(&h, VF(0), ENG(2) + SGPU_ENG_RING_TAIL, 2);
    h_run(&h);
    is_int(h_desc_status(&h, ring + 64), SGPU_DESC_DONE,
           "into exactly its size: done");
    ok(!memcmp(o, ref, ref_len) && o[ref_len] == 0xaa,
       "... the reference's bytes, and not one more");

    /* A bad end marker: QOI_FORMAT, and the pixels' buffer untouched. */
    h_map(&h, VF(0), host, len);
    memset(h.ram + host, 0x55, len);
    o[ref_len - 1] = 0;
    h_desc(&h, ring + 128, SGPU_OP_QOI_DECODE,
           SGPU_DESC_F_RGBA | SGPU_DESC_F_DST_HOST, 0, 0, VA_VRAM + MiB,
           host, ref_len, len, 0);
    h_wr(&h, VF(0), ENG(2) + SGPU_ENG_RING_TAIL, 3);
    passes = passes_until(&h, ring + 128, QUANTUM, 256);
    is_int(h_desc_status(&h, ring + 128), SGPU_DESC_DONE | SGPU_DERR_QOI_FORMAT,
           "a decode whose end marker is wrong: QOI_FORMAT");
    ok(passes >= 4, "... found after %d passes of a quantum", passes);
    is_int(nonzero(h.ram + host, len), len, "... and nothing was written");
    /* Cut short by a byte: the stream runs into the end marker. */
    o[ref_len - 1] = 1;
    h_desc(&h, ring + 192, SGPU_OP_QOI_DECODE,
           SGPU_DESC_F_RGBA | SGPU_DESC_F_DST_HOST, 0, 0, VA_VRAM + MiB,
           host, ref_len - 1, len, 0);
    h_wr(&h, VF(0), ENG(2) + SGPU_ENG_RING_TAIL, 4);
    h_run(&h);
    is_int(h_desc_status(&h, ring + 192), SGPU_DESC_DONE | SGPU_DERR_QOI_FORMAT,
           "a decode of a truncated image: QOI_FORMAT");
    is_int(nonzero(h.ram + host, len), len, "... and nothing was written");
    free(ref);
    h_fini(&h);
}

/*
 * A WAIT that never matches ends SGPU_WAIT_TIMEOUT_US after it started
 * waiting, with WAIT_TIMEOUT, counted; the engine goes on with its ring.
 * The clock starts when each WAIT starts waiting.
 */
static void test_wait_timeout(void)
{
    struct harness h;
    const uint64_t sem = 0x500000, s = SGPU_WAIT_TIMEOUT_US;

    two_vfs(&h);
    h_map(&h, VF(0), sem, 4096);
    pt_map(&h, 0, VA_VRAM, VRAM_DATA, MiB, SGPU_PTE_WRITE);
    h.now_us = 1000;
    h_desc(&h, RING0, SGPU_OP_WAIT, SGPU_DESC_F_SRC_HOST, 0, 1, sem, 0, 4,
           0, 0);
    h_desc(&h, RING0 + 64, SGPU_OP_WAIT, SGPU_DESC_F_SRC_HOST, 0, 2, sem, 0,
           4, 0, 0);
    h_desc(&h, RING0 + 128, SGPU_OP_FILL, 0, 0, 9, 0, VA_VRAM, 4096, 0, 0);
    h_wr(&h, VF(0), ENG(0) + SGPU_ENG_RING_TAIL, 3);
    is_int(sgpu_fw_run(h.fw, MiB), SGPU_FW_WAITING, "a WAIT waits");
    h.now_us += s / 2;
    sgpu_put_le32(h.ram + sem, 1);
    sgpu_fw_run(h.fw, MiB);
    is_int(h_desc_status(&h, RING0), SGPU_DESC_DONE,
           "it matches after half the timeout");
    h.now_us += s - 1;
    is_int(sgpu_fw_run(h.fw, MiB), SGPU_FW_WAITING,
           "the next WAIT waits until a microsecond before its own timeout");
    is_int(h_desc_status(&h, RING0 + 64), 0, "... unfinished");
    h.now_us += 1;
    sgpu_fw_run(h.fw, MiB);
    is_int(h_desc_status(&h, RING0 + 64),
           SGPU_DESC_DONE | SGPU_DERR_WAIT_TIMEOUT,
           "... then ends with WAIT_TIMEOUT");
    is_int(h_rd(&h, VF(0), SGPU_REG_COUNTER(SGPU_CNT_WAIT_TIMEOUT)), 1,
           "... counted as wait_timeout");
    h_run(&h);
    is_int(h_desc_status(&h, RING0 + 128), SGPU_DESC_DONE,
           "and the engine runs the job after it");
    is_int(h_rd(&h, VF(0), ENG(0) + SGPU_ENG_STATUS), 0,
           "... idle, no error");
    h_fini(&h);
}

/*
 * The device is shared by function, not by engine: VF0 keeps both its
 * DMA channels busy, VF1 one, and VF1 still gets half the device.
 */
static void test_share_by_function(void)
{
    struct harness h;
    int passes;

    two_vfs(&h);
    vf_setup(&h, 0, 1, 0x120000);
    pt_map(&h, 0, VA_VRAM, VRAM_DATA, 4 * MiB, SGPU_PTE_WRITE);
    pt_map(&h, 1, VA_VRAM, VRAM_DATA, 4 * MiB, SGPU_PTE_WRITE);
    h_desc(&h, RING0, SGPU_OP_FILL, 0, 0, 1, 0, VA_VRAM, 4 * MiB, 0, 0);
    h_desc(&h, 0x120000, SGPU_OP_FILL, 0, 0, 2, 0, VA_VRAM, 4 * MiB, 0, 0);
    h_desc(&h, RING1, SGPU_OP_FILL, 0, 0, 3, 0, VA_VRAM, 4 * MiB, 0, 0);
    h_wr(&h, VF(0), ENG(0) + SGPU_ENG_RING_TAIL, 1);
    h_wr(&h, VF(0), ENG(1) + SGPU_ENG_RING_TAIL, 1);
    h_wr(&h, VF(1), ENG(0) + SGPU_ENG_RING_TAIL, 1);
    passes = passes_until(&h, RING1, MiB, 64);
    ok(passes <= 9, "VF1's 4 MiB fill beside VF0's two took %d passes of "
       "1 MiB (its half: 8; a third: 12)", passes);
    h_run(&h);
    ok(h_desc_status(&h, RING0) == SGPU_DESC_DONE &&
       h_desc_status(&h, 0x120000) == SGPU_DESC_DONE,
       "... and both of VF0's complete");
    h_fini(&h);
}

/* VF @vf's engine 0 done count. */
static uint32_t done_of(struct harness *h, unsigned vf)
{
    return h_rd(h, VF(vf), ENG(0) + SGPU_ENG_DONE);
}

/*
 * Fair queueing by function: a VF that used little of the device finds
 * its job run at once beside one that keeps it busy, may run while the
 * device rests (sgpu_fw_run_behind) when the busy one may not, and saves
 * no more than SGPU_FW_CREDIT while idle.
 */
static void test_light_neighbour(void)
{
    struct harness h;
    uint8_t *snap = malloc(8 * MiB), *vf0;
    uint32_t done0, i;
    uint64_t charged;
    int passes;

    two_vfs(&h);
    vf0 = h.vram + sgpu_fw_vf_slice(h.fw, 0)->vram_base;
    pt_map(&h, 0, VA_VRAM, VRAM_DATA, 4 * MiB, SGPU_PTE_WRITE);
    pt_map(&h, 1, VA_VRAM, VRAM_DATA, 4 * MiB, SGPU_PTE_WRITE);
    for (i = 0; i < 15; i++) {
        h_desc(&h, RING0 + i * SGPU_DESC_SIZE, SGPU_OP_FILL, 0, 0, i + 1, 0,
               VA_VRAM + i % 2 * 2 * MiB, 2 * MiB, 0, 0);
    }
    h_wr(&h, VF(0), ENG(0) + SGPU_ENG_RING_TAIL, 15);
    for (i = 0; i < 6; i++) {
        sgpu_fw_run(h.fw, MiB);
    }
    done0 = done_of(&h, 0);
    ok(done0 >= 2 && done0 <= 3, "VF0 alone: %u of its 2 MiB fills in 6 MiB",
       done0);

    memcpy(snap, vf0, 8 * MiB);
    charged = sgpu_fw_run_behind(h.fw, MiB);
    ok(charged == 0 && done_of(&h, 0) == done0 &&
       !memcmp(snap, vf0, 8 * MiB), "while the device rests, VF0 alone does "
       "not run: it keeps the device busy (charged %llu)",
       (unsigned long long)charged);

    h_desc(&h, RING1, SGPU_OP_FILL, 0, 0, 0x77, 0, VA_VRAM, MiB / 2, 0, 0);
    h_wr(&h, VF(1), ENG(0) + SGPU_ENG_RING_TAIL, 1);
    charged = sgpu_fw_run_behind(h.fw, MiB);
    ok(h_desc_status(&h, RING1) == SGPU_DESC_DONE && charged > MiB / 2 &&
       charged < MiB, "VF1's 512 KiB fill runs in the rest, in one budget "
       "(charged %llu)", (unsigned long long)charged);
    ok(done_of(&h, 0) == done0 && !memcmp(snap, vf0, 8 * MiB),
       "... and VF0 still waits");

    h_desc(&h, RING1 + SGPU_DESC_SIZE, SGPU_OP_FILL, 0, 0, 0x78, 0, VA_VRAM,
           MiB, 0, 0);
    h_wr(&h, VF(1), ENG(0) + SGPU_ENG_RING_TAIL, 2);
    sgpu_fw_run(h.fw, MiB + 64 * 1024);     /* + descriptor, walks */
    is_int(h_desc_status(&h, RING1 + SGPU_DESC_SIZE), SGPU_DESC_DONE,
           "in one pass of its size, VF1's next 1 MiB fill runs whole");

    /* 12 MiB from VF1 now: beyond its credit, VF0 gets half again. */
    for (i = 0; i < 6; i++) {
        h_desc(&h, RING1 + (2 + i) * SGPU_DESC_SIZE, SGPU_OP_FILL, 0, 0,
               i, 0, VA_VRAM + i % 2 * 2 * MiB, 2 * MiB, 0, 0);
    }
    h_wr(&h, VF(1), ENG(0) + SGPU_ENG_RING_TAIL, 8);
    done0 = done_of(&h, 0);
    passes = passes_until(&h, RING1 + 7 * SGPU_DESC_SIZE, MiB, 64);
    i = done_of(&h, 0) - done0;
    ok(i >= 3 && i <= 6, "VF1's 12 MiB took %d passes of 1 MiB; VF0 got %u "
       "of its 2 MiB fills meanwhile (fair: 6; VF1's credit is at most "
       "4 MiB)", passes, i);
    h_run(&h);
    is_int(done_of(&h, 0), 15, "all of VF0's fills complete");
    free(snap);
    h_fini(&h);
}

/*
 * A WAIT that waits long saves no credit: VF1 waits while VF0 runs
 * 100 MiB, then queues 12 MiB; VF0 still gets its turns at once.
 */
static void test_parked_wait(void)
{
    struct harness h;
    const uint64_t sem = 0x500000;
    uint32_t done0, i;

    two_vfs(&h);
    h_map(&h, VF(1), sem, 4096);
    pt_map(&h, 0, VA_VRAM, VRAM_DATA, 4 * MiB, SGPU_PTE_WRITE);
    pt_map(&h, 1, VA_VRAM, VRAM_DATA, 4 * MiB, SGPU_PTE_WRITE);
    for (i = 0; i < 15; i++) {
        h_desc(&h, RING0 + i * SGPU_DESC_SIZE, SGPU_OP_FILL, 0, 0, i + 1, 0,
               VA_VRAM, 4 * MiB, 0, 0);
    }
    h_wr(&h, VF(0), ENG(0) + SGPU_ENG_RING_TAIL, 15);
    h_desc(&h, RING1, SGPU_OP_WAIT, SGPU_DESC_F_SRC_HOST, 0, 1, sem, 0, 4,
           0, 0);
    for (i = 0; i < 6; i++) {
        h_desc(&h, RING1 + (1 + i) * SGPU_DESC_SIZE, SGPU_OP_FILL, 0, 0, i, 0,
               VA_VRAM + i % 2 * 2 * MiB, 2 * MiB, 0, 0);
    }
    h_wr(&h, VF(1), ENG(0) + SGPU_ENG_RING_TAIL, 7);
    for (i = 0; i < 36; i++) {
        sgpu_fw_run(h.fw, MiB);
    }
    is_int(h_desc_status(&h, RING1), 0, "VF1's WAIT waits through 36 passes");
    done0 = done_of(&h, 0);
    sgpu_put_le32(h.ram + sem, 1);
    for (i = 0; i < 12; i++) {
        sgpu_fw_run(h.fw, MiB);
    }
    i = done_of(&h, 0) - done0;
    ok(i >= 1, "in the 12 passes after VF1's WAIT matched, VF0 finished %u "
       "of its 4 MiB fills (VF1 ran at most its 4 MiB of credit ahead)", i);
    h_run(&h);
    ok(done_of(&h, 0) == 15 && done_of(&h, 1) == 7, "all complete");
    h_fini(&h);
}

/*
 * Four VFs equally busy: none is behind the clock, so nothing runs while
 * the device rests -- a kick there gains no VF more time.
 */
static void test_rest_busy_four(void)
{
    struct harness h;
    struct sgpu_fw_slice sl;
    uint32_t vf, i, before[4];
    uint64_t charged = 0;

    h_init(&h, &cfg4);
    h.quiet = 1;
    for (vf = 0; vf < 4; vf++) {
        sl = slice_of(vf);
        h_provision(&h, vf, &sl);
    }
    sgpu_fw_set_num_vfs(h.fw, 4);
    for (vf = 0; vf < 4; vf++) {
        uint64_t ring = 0x100000 * (vf + 1);

        vf_setup(&h, vf, 0, ring);
        pt_map(&h, vf, VA_VRAM, VRAM_DATA, 4 * MiB, SGPU_PTE_WRITE);
        for (i = 0; i < 15; i++) {
            h_desc(&h, ring + i * SGPU_DESC_SIZE, SGPU_OP_FILL, 0, 0, i, 0,
                   VA_VRAM, 4 * MiB, 0, 0);
        }
        h_wr(&h, VF(vf), ENG(0) + SGPU_ENG_RING_TAIL, 15);
    }
    for (i = 0; i < 50; i++) {     /* passes that serve two of the four */
        sgpu_fw_run(h.fw, MiB / 2);
        charged += sgpu_fw_run_behind(h.fw, MiB / 2);
    }
    is_int(charged, 0, "50 rests with four busy VFs ran nothing");
    for (vf = 0; vf < 4; vf++) {
        before[vf] = done_of(&h, vf);
    }
    ok(before[0] + before[1] + before[2] + before[3] >= 4 &&
       before[0] >= 1 && before[1] >= 1 && before[2] >= 1 && before[3] >= 1,
       "... while the passes shared the device (%u %u %u %u of 4 MiB)",
       before[0], before[1], before[2], before[3]);
    h_fini(&h);
}

int main(void)
{
    test_self_dma();
    test_reset_from_dma();
    test_irq_window();
    test_fill_phase();
    test_check_budget();
    test_xlist_trim();
    test_codec_checked();
    test_codec_turns();
    test_codec_dry_run();
    test_wait_timeout();
    test_share_by_function();
    test_light_neighbour();
    test_parked_wait();
    test_rest_busy_four();
    return tap_done();
}
