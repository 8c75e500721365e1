/*
 * Write seed inputs for fuzz_fw: a VF0 set up the way its driver would do
 * it, with a working COPY, FILL and QOI job, a copy onto the device's own
 * registers or its config space, and a 1 GiB job whose check outlasts many
 * turns, so the fuzzer starts from the interesting states instead of
 * finding them. Seeds 7 to 13 are the same with VF0 mediated, the PF
 * resolving its second-stage misses.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../unit/fw_harness.h"     /* H_MMIO_BASE, H_MMIO_FN */

#define HOST_BYTES  (16u * 1024)
#define VRAM_BYTES  (32u * 1024)

static uint8_t buf[1 + HOST_BYTES + VRAM_BYTES + 64 * 8];
static size_t len;

/* Append an action: kind 0 = VF0 register write, 5 = run. */
static void act(uint8_t kind, uint32_t off, uint32_t val)
{
    uint8_t *a = buf + len;

    a[0] = kind;
    a[1] = off;
    a[2] = off >> 8;
    a[3] = 0;
    sgpu_put_le32(a + 4, val);
    len += 8;
}

static void desc(unsigned slot, uint32_t op, uint32_t flags, uint32_t fill,
                 uint64_t src, uint64_t dst, uint64_t n, uint64_t dst_len,
                 uint32_t dims)
{
    uint8_t *d = buf + 1 + slot * SGPU_DESC_SIZE;

    sgpu_put_le32(d + 0, op);
    sgpu_put_le32(d + 4, flags);
    sgpu_put_le32(d + 12, fill);
    sgpu_put_le64(d + 16, src);
    sgpu_put_le64(d + 24, dst);
    sgpu_put_le64(d + 32, n);
    sgpu_put_le64(d + 40, dst_len);
    sgpu_put_le32(d + 48, dims);
}

int main(int argc, char **argv)
{
    uint8_t *vram = buf + 1 + HOST_BYTES;
    unsigned i, seed, kind;
    char name[512];
    FILE *f;

    if (argc != 2) {
        fprintf(stderr, "usage: mkseeds DIR\n");
        return 2;
    }
    for (seed = 0; seed < 14; seed++) {
        kind = seed % 7;
        memset(buf, 0, sizeof(buf));
        buf[0] = seed >= 7 ? 2 : 0;
        len = 1 + HOST_BYTES + VRAM_BYTES;
        /* L1 at slice 0, one L2 at 16 KiB: VA 0..16 KiB -> slice 20 KiB.. */
        sgpu_put_le64(vram, 16384 | SGPU_PTE_VALID);
        for (i = 0; i < 3; i++) {
            sgpu_put_le64(vram + 16384 + 8 * i,
                          (20480 + 4096 * i) | SGPU_PTE_VALID |
                          SGPU_PTE_WRITE);
        }
        /* VA 12 KiB -> host page 8 KiB (system memory). */
        sgpu_put_le64(vram + 16384 + 24, 8192 | SGPU_PTE_VALID |
                      SGPU_PTE_SYSTEM | SGPU_PTE_WRITE);
        if (kind == 0) {
            desc(0, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST | SGPU_DESC_F_IRQ, 0,
                 4096, 0, 4096, 0, 0);
            desc(1, SGPU_OP_COPY, 0, 0, 0, 12288, 4096, 0, 0);
        } else if (kind == 1) {
            desc(0, SGPU_OP_FILL, 0, 0x12345678, 0, 0, 8192, 0, 0);
            desc(1, SGPU_OP_COPY, SGPU_DESC_F_DST_HOST, 0, 4096, 4096, 4096,
                 0, 0);
        } else if (kind == 4) {
            /* VA 12 KiB -> VF0's own engine registers (peer-to-peer). */
            sgpu_put_le64(vram + 16384 + 24,
                          (H_MMIO_BASE + SGPU_FN_VF(0) * H_MMIO_FN +
                           SGPU_VF_ENGINES) | SGPU_PTE_VALID |
                          SGPU_PTE_SYSTEM | SGPU_PTE_WRITE);
            for (i = 0; i < 64; i++) {
                sgpu_put_le32(buf + 1 + 4096 + 4 * i, SGPU_ENG_CTRL_RESET);
            }
            desc(0, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST, 0, 4096, 12288 - 64,
                 256, 0, 0);
        } else if (kind == 6) {
            /* VA 12 KiB -> VF0's config space: an FLR mid-job. */
            sgpu_put_le64(vram + 16384 + 24, H_ECAM_BASE | SGPU_PTE_VALID |
                          SGPU_PTE_SYSTEM | SGPU_PTE_WRITE);
            desc(0, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST, 0, 4096, 8192, 8192,
                 0, 0);
            desc(1, SGPU_OP_FILL, 0, 0x11111111, 0, 0, 8192, 0, 0);
        } else if (kind == 5) {
            /*
             * 1 GiB of VA: L1 entries 0..510 share the L2 at 16 KiB, whose
             * 512 pages wrap around 200 slice pages; L1 511 uses an L2 at
             * 20 KiB with its last entry missing.
             */
            for (i = 0; i < 512; i++) {
                sgpu_put_le64(vram + 8 * i, (i < 511 ? 16384 : 20480) |
                              SGPU_PTE_VALID);
                sgpu_put_le64(vram + 16384 + 8 * i,
                              (24576 + 4096 * (i % 200)) | SGPU_PTE_VALID |
                              SGPU_PTE_WRITE);
                sgpu_put_le64(vram + 20480 + 8 * i, i == 511 ? 0 :
                              (24576 + 4096 * (i % 200)) | SGPU_PTE_VALID |
                              SGPU_PTE_WRITE);
            }
            desc(0, SGPU_OP_FILL, 0, 0x5a5a5a5a, 0, 0, SGPU_JOB_MAX_LEN, 0,
                 0);
        } else if (kind == 3) {
            /* A WAIT that matches at once, then one that never does. */
            desc(0, SGPU_OP_WAIT, SGPU_DESC_F_SRC_HOST, 0, 4096, 0, 4, 0, 0);
            desc(1, SGPU_OP_WAIT, 0, 0x1234, 0, 0, 4, 0, 0);
        } else {
            desc(0, SGPU_OP_QOI_ENCODE, SGPU_DESC_F_RGBA, 0, 0, 4096, 64,
                 4096, 4 | 4 << 16);
            desc(1, SGPU_OP_QOI_DECODE, SGPU_DESC_F_RGBA, 0, 4096, 8192,
                 4096, 4096, 0);
        }
        /* A 4-entry ring at host 0; engine 0 for DMA, 2 for the codec. */
        i = SGPU_VF_ENGINES + (kind == 2 ? 2 : 0) * SGPU_ENGINE_STRIDE;
        act(0, SGPU_VF_MMU(0) + SGPU_MMU_CTRL, SGPU_MMU_CTRL_ENABLE);
        act(0, i + SGPU_ENG_RING_SIZE, 4);
        act(0, i + SGPU_ENG_CTRL, SGPU_ENG_CTRL_ENABLE);
        act(0, i + SGPU_ENG_RING_TAIL, 2);
        act(5, 0, 1 << 16);
        for (i = 0; seed >= 7 && i < 4; i++) {
            /* The PF: S2_RESOLVE(VF0) = RETRY, then run again. */
            act(7, SGPU_S2_RESOLVE, SGPU_S2_RESOLVE_RETRY);
            buf[len - 5] = 0x80;    /* a[3]: the PF, for VF0 */
            act(5, 0, 1 << 16);
        }
        snprintf(name, sizeof(name), "%s/seed%u", argv[1], seed);
        f = fopen(name, "wb");
        if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
            perror(name);
            return 1;
        }
    }
    return 0;
}
