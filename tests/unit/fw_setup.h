/*
 * The GPU the firmware unit tests set up: a 4-VF configuration, VF slices,
 * page tables and rings in the harness's memory.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SGPU_FW_SETUP_H
#define SGPU_FW_SETUP_H

#include "fw_harness.h"

#define MiB (1024ull * 1024)
#define PF SGPU_FN_PF
#define VF(n) SGPU_FN_VF(n)

static const struct sgpu_hw_config cfg4 = {
    .total_vfs = 4, .mmu_units = 4, .dma_channels = 8, .codec_cores = 4,
    .vram_size = 64 * MiB, .vf_window = 16 * MiB,
};

/* The slice the tests give VF n of cfg4: 1 MMU, 2 DMA, 1 codec, 8 MiB. */
static inline struct sgpu_fw_slice slice_of(unsigned n)
{
    struct sgpu_fw_slice s = {
        .mmu_first = n, .mmu_count = 1, .dma_first = 2 * n, .dma_count = 2,
        .codec_first = n, .codec_count = 1,
        .vram_base = 8 * MiB * (n + 1), .vram_size = 8 * MiB,
    };
    return s;
}

/* VF page tables: L1 at slice offset 0, L2 tables from 16 KiB on. */
static inline void
pt_set(struct harness *h, unsigned vf, uint64_t va, uint64_t pte)
{
    const struct sgpu_fw_slice *s = sgpu_fw_vf_slice(h->fw, vf);
    uint8_t *base = h->vram + s->vram_base;
    uint64_t l2 = SGPU_PT_L1_SIZE + SGPU_VA_L1_INDEX(va) * SGPU_PT_L2_SIZE;

    sgpu_put_le64(base + SGPU_VA_L1_INDEX(va) * 8, l2 | SGPU_PTE_VALID);
    sgpu_put_le64(base + l2 + SGPU_VA_L2_INDEX(va) * 8, pte);
}

/* A 2 MiB page straight from the L1 table. */
static inline void
pt_huge(struct harness *h, unsigned vf, uint64_t va, uint64_t pte)
{
    const struct sgpu_fw_slice *s = sgpu_fw_vf_slice(h->fw, vf);

    sgpu_put_le64(h->vram + s->vram_base + SGPU_VA_L1_INDEX(va) * 8, pte);
}

static inline void
pt_map(struct harness *h, unsigned vf, uint64_t va, uint64_t addr,
       uint64_t len, uint64_t flags)
{
    uint64_t off;

    for (off = 0; off < len; off += SGPU_GPU_PAGE_SIZE) {
        pt_set(h, vf, va + off, (addr + off) | flags | SGPU_PTE_VALID);
    }
}

/* Where the tests keep page tables and data in a VF's slice. */
#define PT_AREA     (2 * MiB)       /* L1 + L2 tables live below this */
#define VRAM_DATA   (2 * MiB)       /* slice offset of the data buffer */
#define VA_VRAM     0x10000000ull   /* GPU VA of that buffer */
#define VA_HOST     0x20000000ull   /* GPU VA of a host buffer */
#define VA_HUGE     0x40000000ull   /* GPU VA mapped with 2 MiB pages */

/* Enable VF @vf's MMU unit 0 and engine @e with a 16-entry ring at @ring. */
static inline void vf_setup(struct harness *h, unsigned vf, unsigned e,
                     uint64_t ring)
{
    uint32_t eng = SGPU_VF_ENGINES + e * SGPU_ENGINE_STRIDE;

    h_map(h, VF(vf), ring, 16 * SGPU_DESC_SIZE);
    h_wr(h, VF(vf), SGPU_VF_MMU(0) + SGPU_MMU_PT_BASE_LO, 0);
    h_wr(h, VF(vf), SGPU_VF_MMU(0) + SGPU_MMU_CTRL, SGPU_MMU_CTRL_ENABLE);
    h_wr(h, VF(vf), eng + SGPU_ENG_RING_BASE_LO, (uint32_t)ring);
    h_wr(h, VF(vf), eng + SGPU_ENG_RING_BASE_HI, ring >> 32);
    h_wr(h, VF(vf), eng + SGPU_ENG_RING_SIZE, 16);
    h_wr(h, VF(vf), eng + SGPU_ENG_CTRL, SGPU_ENG_CTRL_ENABLE);
}

/* Submit the descriptor at ring slot @slot of VF @vf's engine @e and run. */
static inline void
vf_kick(struct harness *h, unsigned vf, unsigned e, unsigned slot)
{
    h_wr(h, VF(vf), SGPU_VF_ENGINES + e * SGPU_ENGINE_STRIDE +
         SGPU_ENG_RING_TAIL, (slot + 1) % 16);
    h_run(h);
}

static inline uint64_t nonzero(const uint8_t *p, uint64_t len)
{
    uint64_t i, n = 0;

    for (i = 0; i < len; i++) {
        n += p[i] != 0;
    }
    return n;
}

static inline void two_vfs(struct harness *h)
{
    struct sgpu_fw_slice s0 = slice_of(0), s1 = slice_of(1);

    h_init(h, &cfg4);
    h->quiet = 1;
    h_provision(h, 0, &s0);
    h_provision(h, 1, &s1);
    sgpu_fw_set_num_vfs(h->fw, 2);
    vf_setup(h, 0, 0, 0x100000);
    vf_setup(h, 1, 0, 0x200000);
}

#endif /* SGPU_FW_SETUP_H */
