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

/*
 * Peer-to-peer: with h->p2p set, host addresses from H_MMIO_BASE on are the
 * device's own BAR0s (function fn at H_MMIO_BASE + fn * H_MMIO_FN), as an
 * IOMMU that maps BARs for peer DMA (VFIO does) shows them to the device.
 */
#define H_MMIO_BASE     0x80000000ull
#define H_MMIO_FN       0x20000ull      /* SGPU_PF_BAR0_SIZE */
/*
 * And config space, as ECAM: a write to H_ECAM_BASE + 4096 * n is an FLR
 * of VF n. Only VF n reaches its page (as if its VM's IOMMU mapped it).
 */
#define H_ECAM_BASE     0xb0000000ull
/*
 * The x86 interrupt window: what the device writes here would be an MSI.
 * Every function reaches it (as QEMU 7.2's intel-iommu let compatibility
 * MSIs through); the harness counts the bytes that got there.
 */
#define H_IRQ_WINDOW    0xfee00000ull
#define H_IRQ_WINDOW_SZ 0x100000ull

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
    int p2p;                            /* BAR0s reachable by DMA */
    unsigned p2p_refused;               /* register accesses refused */
    unsigned flrs;                      /* FLRs done through "ECAM" */
    uint64_t irq_window_bytes;          /* bytes moved in the window */
    uint64_t now_us;                    /* the device's clock */
    char last_log[256];
    int quiet;
};

static inline int h_in_mmio(struct harness *h, uint64_t addr, uint64_t len)
{
    return h->p2p && addr >= H_MMIO_BASE &&
           addr - H_MMIO_BASE < H_MAX_FN * H_MMIO_FN &&
           len <= H_MAX_FN * H_MMIO_FN - (addr - H_MMIO_BASE);
}

static inline int h_in_ecam(struct harness *h, uint64_t addr, uint64_t len)
{
    return h->p2p && addr >= H_ECAM_BASE &&
           addr - H_ECAM_BASE < H_MAX_FN * 4096ull &&
           len <= H_MAX_FN * 4096ull - (addr - H_ECAM_BASE);
}

static inline int h_in_irq_window(uint64_t addr, uint64_t len)
{
    return addr >= H_IRQ_WINDOW && len <= H_IRQ_WINDOW_SZ &&
           addr - H_IRQ_WINDOW <= H_IRQ_WINDOW_SZ - len;
}

/* DMA onto the device's own registers, a dword at a time, as PCI does. */
static inline int h_mmio(struct harness *h, uint64_t addr, uint8_t *buf,
                  uint64_t len, int is_write)
{
    uint64_t i;

    if ((addr | len) & 3) {
        return -1;
    }
    for (i = 0; i < len; i += 4) {
        uint64_t a = addr - H_MMIO_BASE + i;
        unsigned fn = a / H_MMIO_FN;
        uint32_t off = a % H_MMIO_FN, v;

        if (is_write) {
            v = sgpu_get_le32(buf + i);
            if (sgpu_fw_write(h->fw, fn, off, v)) {
                h->p2p_refused++;
                return -1;
            }
        } else {
            if (sgpu_fw_read(h->fw, fn, off, &v)) {
                h->p2p_refused++;
                return -1;
            }
            sgpu_put_le32(buf + i, v);
        }
    }
    return 0;
}

static inline int h_reachable(struct harness *h, unsigned fn, uint64_t addr,
                       uint64_t len)
{
    if (h_in_ecam(h, addr, len)) {
        return fn == SGPU_FN_VF((addr - H_ECAM_BASE) / 4096);
    }
    if (h_in_mmio(h, addr, len) || h_in_irq_window(addr, len)) {
        return 1;
    }
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

static inline int
h_dma_read(void *opaque, unsigned fn, uint64_t addr, void *buf,
           uint64_t len)
{
    struct harness *h = opaque;

    if (!h_reachable(h, fn, addr, len)) {
        return -1;
    }
    if (h_in_mmio(h, addr, len)) {
        return h_mmio(h, addr, buf, len, 0);
    }
    if (h_in_irq_window(addr, len)) {
        memset(buf, 0, len);
        h->irq_window_bytes += len;
        return 0;
    }
    memcpy(buf, h->ram + addr, len);
    return 0;
}

static inline int h_dma_write(void *opaque, unsigned fn, uint64_t addr,
                       const void *buf, uint64_t len)
{
    struct harness *h = opaque;

    if (!h_reachable(h, fn, addr, len)) {
        return -1;
    }
    if (h_in_mmio(h, addr, len)) {
        return h_mmio(h, addr, (uint8_t *)buf, len, 1);
    }
    if (h_in_ecam(h, addr, len)) {
        unsigned vf = (addr - H_ECAM_BASE) / 4096;

        sgpu_fw_vf_reset(h->fw, vf);
        sgpu_fw_vf_flr(h->fw, vf);
        h->flrs++;
        return 0;
    }
    if (h_in_irq_window(addr, len)) {
        h->irq_window_bytes += len;
        return 0;
    }
    memcpy(h->ram + addr, buf, len);
    return 0;
}

static inline int h_dma_check(void *opaque, unsigned fn, uint64_t addr,
                       uint64_t len, bool is_write)
{
    (void)is_write;
    return h_reachable(opaque, fn, addr, len) ? 0 : -1;
}

static inline void h_irq(void *opaque, unsigned fn, unsigned vector)
{
    struct harness *h = opaque;

    if (fn < H_MAX_FN && vector < H_MAX_VEC) {
        h->irqs[fn][vector]++;
    }
}

static inline void h_kick(void *opaque)
{
    ((struct harness *)opaque)->kicks++;
}

static inline void h_vram_zero(void *opaque, uint64_t off, uint64_t len)
{
    struct harness *h = opaque;

    memset(h->vram + off, 0, len);
}

static inline void h_vf_aperture(void *opaque, unsigned vf, bool open)
{
    struct harness *h = opaque;

    if (vf < H_MAX_FN) {
        h->aperture_closed[vf] = !open;
    }
}

static inline uint64_t h_now_us(void *opaque)
{
    return ((struct harness *)opaque)->now_us;
}

static inline void h_log(void *opaque, const char *msg)
{
    struct harness *h = opaque;

    h->logs++;
    snprintf(h->last_log, sizeof(h->last_log), "%s", msg);
    if (!h->quiet && getenv("SGPU_FW_LOG")) {
        fprintf(stderr, "fw: %s\n", msg);
    }
}

static inline void h_init(struct harness *h, const struct sgpu_hw_config *cfg)
{
    struct sgpu_fw_host host = {
        .opaque = h, .dma_read = h_dma_read, .dma_write = h_dma_write,
        .dma_check = h_dma_check, .irq = h_irq, .kick = h_kick,
        .vram_zero = h_vram_zero, .vf_aperture = h_vf_aperture,
        .now_us = h_now_us, .log = h_log,
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

static inline void h_fini(struct harness *h)
{
    sgpu_fw_free(h->fw);
    free(h->ram);
    free(h->vram);
    free(h->allowed);
}

/* Let function @fn reach host RAM [addr, addr + len). */
static inline void
h_map(struct harness *h, unsigned fn, uint64_t addr, uint64_t len)
{
    uint64_t p;

    for (p = addr / H_PAGE; p <= (addr + len - 1) / H_PAGE; p++) {
        h->allowed[fn][p] = 1;
    }
}

static inline uint32_t h_rd(struct harness *h, unsigned fn, uint32_t off)
{
    uint32_t v = 0;

    sgpu_fw_read(h->fw, fn, off, &v);
    return v;
}

static inline void
h_wr(struct harness *h, unsigned fn, uint32_t off, uint32_t val)
{
    sgpu_fw_write(h->fw, fn, off, val);
}

static inline void h_run(struct harness *h)
{
    int guard = 100000;

    while (sgpu_fw_run(h->fw, 1u << 20) == SGPU_FW_BUSY && --guard) {
        continue;
    }
}

/* Run a firmware command; returns its status code. */
static inline unsigned
h_cmd(struct harness *h, uint32_t cmd, const uint32_t *args,
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

/* Run a firmware command whose arguments are one of sgpu_fw_cmd.h's structs. */
static inline unsigned h_cmd_args(struct harness *h, uint32_t cmd,
                                  const void *args, size_t size)
{
    uint32_t a[SGPU_FW_NARGS] = { 0 };

    if (size) {
        memcpy(a, args, size);
    }
    return h_cmd(h, cmd, a, SGPU_FW_NARGS);
}

/* FW_RESP as one of sgpu_fw_cmd.h's structs. */
static inline void h_resp(struct harness *h, void *resp, size_t size)
{
    uint32_t r[SGPU_FW_NARGS];
    unsigned i;

    for (i = 0; i < SGPU_FW_NARGS; i++) {
        r[i] = h_rd(h, SGPU_FN_PF, SGPU_REG_FW_RESP(i));
    }
    memcpy(resp, r, size);
}

/* VF @vf and slice @s as VF_PROVISION/VF_REARM take them. */
static inline struct sgpu_fw_vf_slice_args
h_slice_args(unsigned vf, const struct sgpu_fw_slice *s)
{
    return (struct sgpu_fw_vf_slice_args) {
        .vf = vf, .slice = sgpu_fw_slice_to_words(s),
    };
}

static inline unsigned h_provision(struct harness *h, unsigned vf,
                            const struct sgpu_fw_slice *s)
{
    struct sgpu_fw_vf_slice_args a = h_slice_args(vf, s);

    return h_cmd_args(h, SGPU_FW_CMD_VF_PROVISION, &a, sizeof(a));
}

/* Write a descriptor into host RAM at @at. */
static inline void h_desc(struct harness *h, uint64_t at, uint32_t op,
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

static inline uint32_t h_desc_status(struct harness *h, uint64_t at)
{
    return sgpu_get_le32(h->ram + at + 52);
}

static inline uint32_t h_desc_result(struct harness *h, uint64_t at)
{
    return sgpu_get_le32(h->ram + at + 56);
}

#endif /* SGPU_FW_HARNESS_H */
