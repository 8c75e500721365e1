/*
 * A fake host for the sgpu firmware: host RAM with a per-function IOMMU
 * (a page bitmap of what each function may reach), VRAM, interrupt and
 * kick counters. Shared by the unit tests and the fuzzer.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SGPU_FW_HARNESS_H
#define SGPU_FW_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sgpu_fw.h"
#include "sgpu/sgpu_desc.h"
#include "sgpu/sgpu_fw_cmd.h"
#include "sgpu/sgpu_le.h"
#include "sgpu/sgpu_mbox.h"
#include "sgpu/sgpu_regs.h"

#define H_RAM_SIZE      (16u << 20)
#define H_PAGE          4096u
#define H_MAX_FN        65
#define H_MAX_VEC       4

struct harness {
    struct sgpu_fw *fw;
    struct sgpu_hw_config cfg;
    uint8_t *ram;
    uint8_t *vram;
    /* allowed[fn][page]: the IOMMU lets function fn reach that page */
    uint8_t (*allowed)[H_RAM_SIZE / H_PAGE];
    unsigned irqs[H_MAX_FN][H_MAX_VEC];
    bool aperture_closed[H_MAX_FN];     /* by VF number */
    unsigned kicks;
    unsigned logs;
    char last_log[256];
    int quiet;
};

static int h_reachable(struct harness *h, unsigned fn, uint64_t addr,
                       uint64_t len)
{
    uint64_t p;

    if (fn >= H_MAX_FN || addr >= H_RAM_SIZE || len > H_RAM_SIZE - addr) {
        return 0;
    }
    for (p = addr / H_PAGE; len && p <= (addr + len - 1) / H_PAGE; p++) {
        if (!h->allowed[fn][p]) {
            return 0;
        }
    }
    return 1;
}

static int h_dma_read(void *opaque, unsigned fn, uint64_t addr, void *buf,
                      uint64_t len)
{
    struct harness *h = opaque;

    if (!h_reachable(h, fn, addr, len)) {
        return -1;
    }
    memcpy(buf, h->ram + addr, len);
    return 0;
}

static int h_dma_write(void *opaque, unsigned fn, uint64_t addr,
                       const void *buf, uint64_t len)
{
    struct harness *h = opaque;

    if (!h_reachable(h, fn, addr, len)) {
        return -1;
    }
    memcpy(h->ram + addr, buf, len);
    return 0;
}

static int h_dma_check(void *opaque, unsigned fn, uint64_t addr,
                       uint64_t len, bool is_write)
{
    (void)is_write;
    return h_reachable(opaque, fn, addr, len) ? 0 : -1;
}

static void h_irq(void *opaque, unsigned fn, unsigned vector)
{
    struct harness *h = opaque;

    if (fn < H_MAX_FN && vector < H_MAX_VEC) {
        h->irqs[fn][vector]++;
    }
}

static void h_kick(void *opaque)
{
    ((struct harness *)opaque)->kicks++;
}

static void h_vram_zero(void *opaque, uint64_t off, uint64_t len)
{
    struct harness *h = opaque;

    memset(h->vram + off, 0, len);
}

static void h_vf_aperture(void *opaque, unsigned vf, bool open)
{
    struct harness *h = opaque;

    if (vf < H_MAX_FN) {
        h->aperture_closed[vf] = !open;
    }
}

static void h_log(void *opaque, const char *msg)
{
    struct harness *h = opaque;

    h->logs++;
    snprintf(h->last_log, sizeof(h->last_log), "%s", msg);
    if (!h->quiet && getenv("SGPU_FW_LOG")) {
        fprintf(stderr, "fw: %s\n", msg);
    }
}

static void h_init(struct harness *h, const struct sgpu_hw_config *cfg)
{
    struct sgpu_fw_host host = {
        .opaque = h, .dma_read = h_dma_read, .dma_write = h_dma_write,
        .dma_check = h_dma_check, .irq = h_irq, .kick = h_kick,
        .vram_zero = h_vram_zero, .vf_aperture = h_vf_aperture,
        .log = h_log,
    };

    memset(h, 0, sizeof(*h));
    h->cfg = *cfg;
    h->ram = calloc(1, H_RAM_SIZE);
    h->vram = calloc(1, cfg->vram_size);
    h->allowed = calloc(H_MAX_FN, sizeof(*h->allowed));
    if (!h->ram || !h->vram || !h->allowed) {
        abort();
    }
    h->fw = sgpu_fw_new(cfg, SGPU_VERSION(SGPU_ABI_MAJOR, SGPU_ABI_MINOR),
                        h->vram, &host);
    if (!h->fw) {
        abort();
    }
}

static void h_fini(struct harness *h)
{
    sgpu_fw_free(h->fw);
    free(h->ram);
    free(h->vram);
    free(h->allowed);
}

/* Let function @fn reach host RAM [addr, addr + len). */
static void h_map(struct harness *h, unsigned fn, uint64_t addr, uint64_t len)
{
    uint64_t p;

    for (p = addr / H_PAGE; p <= (addr + len - 1) / H_PAGE; p++) {
        h->allowed[fn][p] = 1;
    }
}

static uint32_t h_rd(struct harness *h, unsigned fn, uint32_t off)
{
    return sgpu_fw_read(h->fw, fn, off);
}

static void h_wr(struct harness *h, unsigned fn, uint32_t off, uint32_t val)
{
    sgpu_fw_write(h->fw, fn, off, val);
}

static void h_run(struct harness *h)
{
    int guard = 100000;

    while (sgpu_fw_run(h->fw, 1u << 20) == SGPU_FW_BUSY && --guard) {
        continue;
    }
}

/* Run a firmware command; returns its status code. */
static unsigned h_cmd(struct harness *h, uint32_t cmd, const uint32_t *args,
                      unsigned nargs)
{
    unsigned i;

    for (i = 0; i < SGPU_FW_NARGS; i++) {
        h_wr(h, SGPU_FN_PF, SGPU_REG_FW_ARG(i), i < nargs ? args[i] : 0);
    }
    h_wr(h, SGPU_FN_PF, SGPU_REG_FW_CMD, cmd);
    h_run(h);
    return SGPU_FW_STATUS_CODE(h_rd(h, SGPU_FN_PF, SGPU_REG_FW_STATUS));
}

static unsigned h_provision(struct harness *h, unsigned vf,
                            const struct sgpu_fw_slice *s)
{
    uint32_t a[11] = {
        vf, s->mmu_first, s->mmu_count, s->dma_first, s->dma_count,
        s->codec_first, s->codec_count, (uint32_t)s->vram_base,
        s->vram_base >> 32, (uint32_t)s->vram_size, s->vram_size >> 32,
    };

    return h_cmd(h, SGPU_FW_CMD_VF_PROVISION, a, 11);
}

/* Write a descriptor into host RAM at @at. */
static void h_desc(struct harness *h, uint64_t at, uint32_t op,
                   uint32_t flags, uint32_t mmu, uint32_t fill, uint64_t src,
                   uint64_t dst, uint64_t len, uint64_t dst_len, uint32_t dims)
{
    uint8_t *d = h->ram + at;

    memset(d, 0, SGPU_DESC_SIZE);
    sgpu_put_le32(d + 0, op);
    sgpu_put_le32(d + 4, flags);
    sgpu_put_le32(d + 8, mmu);
    sgpu_put_le32(d + 12, fill);
    sgpu_put_le64(d + 16, src);
    sgpu_put_le64(d + 24, dst);
    sgpu_put_le64(d + 32, len);
    sgpu_put_le64(d + 40, dst_len);
    sgpu_put_le32(d + 48, dims);
}

static uint32_t h_desc_status(struct harness *h, uint64_t at)
{
    return sgpu_get_le32(h->ram + at + 52);
}

static uint32_t h_desc_result(struct harness *h, uint64_t at)
{
    return sgpu_get_le32(h->ram + at + 56);
}

#endif /* SGPU_FW_HARNESS_H */
