/*
 * sgpu firmware: the MMU units and the address spaces jobs use.
 *
 * A VF's GPU VAs go through one of its MMU units: a two-level walk of page
 * tables that must lie in the VF's own slice, ending at a page of that
 * slice or, with SGPU_PTE_SYSTEM, at host memory reached with the VF's own
 * requester ID. A PF job addresses VRAM directly. Every step of a walk is
 * bounds-checked against the slice; nothing else is reachable.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sgpu_fw_internal.h"

#include <stdlib.h>
#include <string.h>

#include "sgpu/sgpu_le.h"

/* A little-endian 64-bit page-table entry (compilers make this one load). */
static uint64_t vram_read64(struct sgpu_fw *fw, uint64_t off)
{
    return sgpu_get_le64(fw->vram + off);
}

/*
 * The L1 entry a walk last used: consecutive pages mostly share it, so a
 * range walk reads it once per 2 MiB instead of once per page.
 */
struct sgpu_walk_cache {
    bool valid;
    uint64_t l1_index;
    uint64_t l1;
};

void sgpu_fw_mmu_reset(struct sgpu_fw_mmu *mmu)
{
    mmu->pt_base = 0;
    mmu->ctrl = 0;
    mmu->fault_status = 0;
    mmu->fault_va = 0;
}

/* VF @vf's MMU unit @u, or NULL (counted) if it has no such unit. */
static struct sgpu_fw_mmu *sgpu_fw_vf_mmu(struct sgpu_fw *fw, unsigned vf,
                                          unsigned u)
{
    const struct sgpu_fw_slice *s = sgpu_fw_vf_slice(fw, vf);

    if (!s || u >= s->mmu_count) {
        sgpu_fw_count(fw, vf, SGPU_CNT_FOREIGN_ENGINE);
        sgpu_fw_log(fw, "VF%u: MMU unit %u is not one of its %u", vf, u,
                    s ? s->mmu_count : 0);
        return NULL;
    }
    return &fw->mmus[s->mmu_first + u];
}

uint32_t sgpu_fw_mmu_read(struct sgpu_fw *fw, int vf, uint32_t off)
{
    unsigned u = (off - SGPU_VF_MMU(0)) / (SGPU_VF_MMU(1) - SGPU_VF_MMU(0));
    struct sgpu_fw_mmu *mmu = sgpu_fw_vf_mmu(fw, vf, u);

    if (!mmu) {
        return 0;
    }
    switch (off - SGPU_VF_MMU(u)) {
    case SGPU_MMU_PT_BASE_LO:
        return (uint32_t)mmu->pt_base;
    case SGPU_MMU_PT_BASE_HI:
        return mmu->pt_base >> 32;
    case SGPU_MMU_CTRL:
        return mmu->ctrl;
    case SGPU_MMU_FAULT_STATUS:
        return mmu->fault_status;
    case SGPU_MMU_FAULT_VA_LO:
        return (uint32_t)mmu->fault_va;
    case SGPU_MMU_FAULT_VA_HI:
        return mmu->fault_va >> 32;
    default:
        return 0;
    }
}

void sgpu_fw_mmu_write(struct sgpu_fw *fw, int vf, uint32_t off, uint32_t val)
{
    unsigned u = (off - SGPU_VF_MMU(0)) / (SGPU_VF_MMU(1) - SGPU_VF_MMU(0));
    struct sgpu_fw_mmu *mmu = sgpu_fw_vf_mmu(fw, vf, u);

    if (!mmu) {
        return;
    }
    switch (off - SGPU_VF_MMU(u)) {
    case SGPU_MMU_PT_BASE_LO:
        mmu->pt_base = (mmu->pt_base & ~0xffffffffull) | val;
        break;
    case SGPU_MMU_PT_BASE_HI:
        mmu->pt_base = (mmu->pt_base & 0xffffffffull) | (uint64_t)val << 32;
        break;
    case SGPU_MMU_CTRL:
        mmu->ctrl = val & SGPU_MMU_CTRL_ENABLE;
        break;
    case SGPU_MMU_FAULT_STATUS:
        mmu->fault_status &= ~val;
        break;
    default:
        sgpu_fw_log(fw, "VF%u: write to read-only MMU register 0x%x",
                    vf, off);
        break;
    }
}

/*
 * Walk the page tables for @va: 0 with where the VA lands (a host IOVA or
 * an absolute VRAM offset) and how much of its page is left, or an
 * SGPU_DERR_*. @wc carries the L1 entry between calls of one range walk.
 */
static int sgpu_fw_mmu_walk(struct sgpu_fw *fw, const struct sgpu_fw_as *as,
                            uint64_t va, bool is_write, bool *host,
                            uint64_t *addr, uint64_t *left,
                            struct sgpu_walk_cache *wc)
{
    const struct sgpu_fw_slice *s = sgpu_fw_vf_slice(fw, as->vf);
    const struct sgpu_fw_mmu *mmu = &fw->mmus[as->mmu];
    uint64_t l1, pte, page = SGPU_GPU_PAGE_SIZE, l2_off;

    if (va >> SGPU_GPU_VA_BITS) {
        return SGPU_DERR_MMU_FAULT;
    }
    if (wc->valid && wc->l1_index == SGPU_VA_L1_INDEX(va)) {
        l1 = wc->l1;
    } else {
        if ((mmu->pt_base & (SGPU_PT_L1_SIZE - 1)) ||
            !sgpu_range_fits(mmu->pt_base, SGPU_PT_L1_SIZE, s->vram_size)) {
            return SGPU_DERR_OUT_OF_SLICE;
        }
        l1 = vram_read64(fw, s->vram_base + mmu->pt_base +
                         SGPU_VA_L1_INDEX(va) * 8);
        wc->valid = true;
        wc->l1_index = SGPU_VA_L1_INDEX(va);
        wc->l1 = l1;
    }
    if (!(l1 & SGPU_PTE_VALID)) {
        return SGPU_DERR_MMU_FAULT;
    }
    if (l1 & SGPU_PTE_HUGE) {
        pte = l1;
        page = SGPU_HUGE_PAGE_SIZE;
        if ((pte & SGPU_PTE_ADDR_MASK) & (page - 1)) {
            return SGPU_DERR_MMU_FAULT;
        }
    } else {
        l2_off = l1 & SGPU_PTE_ADDR_MASK;
        if (!sgpu_range_fits(l2_off, SGPU_PT_L2_SIZE, s->vram_size)) {
            return SGPU_DERR_OUT_OF_SLICE;
        }
        pte = vram_read64(fw, s->vram_base + l2_off +
                          SGPU_VA_L2_INDEX(va) * 8);
        if (!(pte & SGPU_PTE_VALID)) {
            return SGPU_DERR_MMU_FAULT;
        }
    }
    if (is_write && !(pte & SGPU_PTE_WRITE)) {
        return SGPU_DERR_MMU_FAULT;
    }
    *host = pte & SGPU_PTE_SYSTEM;
    *addr = (pte & SGPU_PTE_ADDR_MASK) + (va & (page - 1));
    *left = page - (va & (page - 1));
    if (!*host) {
        if (!sgpu_range_fits(pte & SGPU_PTE_ADDR_MASK, page, s->vram_size)) {
            return SGPU_DERR_OUT_OF_SLICE;
        }
        *addr += s->vram_base;
    }
    return 0;
}

/*
 * First contiguous piece of [addr, addr + len); 0 or an SGPU_DERR_*. Each
 * page-table walk adds SGPU_FW_COST_WALK to *@cost; the piece stops
 * growing once *@cost reaches @max_cost.
 */
static int sgpu_fw_as_piece(struct sgpu_fw *fw, const struct sgpu_fw_as *as,
                            uint64_t addr, uint64_t len, bool is_write,
                            struct sgpu_fw_piece *piece, uint64_t *cost,
                            uint64_t max_cost)
{
    struct sgpu_walk_cache wc = { .valid = false };
    uint64_t next, left;
    bool host;
    int err;

    if (as->host) {
        piece->host = true;
        piece->addr = addr;
        piece->len = sgpu_min_u64(len, SGPU_FW_HOST_CHECK_MAX);
        return 0;
    }
    if (as->vf == SGPU_NO_OWNER) {
        if (!sgpu_range_fits(addr, len, fw->cfg.vram_size)) {
            return SGPU_DERR_OUT_OF_SLICE;
        }
        piece->host = false;
        piece->addr = addr;
        piece->len = len;
        return 0;
    }
    *cost += SGPU_FW_COST_WALK;
    err = sgpu_fw_mmu_walk(fw, as, addr, is_write, &piece->host,
                           &piece->addr, &left, &wc);
    if (err) {
        return err;
    }
    piece->len = sgpu_min_u64(len, left);
    /* Grow the piece while the next pages continue it. */
    while (piece->len < len && *cost < max_cost &&
           !(piece->host && piece->len >= SGPU_FW_HOST_CHECK_MAX)) {
        *cost += SGPU_FW_COST_WALK;
        if (sgpu_fw_mmu_walk(fw, as, addr + piece->len, is_write, &host,
                             &next, &left, &wc) ||
            host != piece->host || next != piece->addr + piece->len) {
            break;
        }
        piece->len += sgpu_min_u64(len - piece->len, left);
    }
    if (piece->host) {
        piece->len = sgpu_min_u64(piece->len, SGPU_FW_HOST_CHECK_MAX);
    }
    return 0;
}

void sgpu_fw_as_fault(struct sgpu_fw *fw, const struct sgpu_fw_as *as,
                      int err, uint64_t addr, bool is_write)
{
    struct sgpu_fw_mmu *mmu;

    if (as->vf == SGPU_NO_OWNER) {
        return;
    }
    switch (err) {
    case SGPU_DERR_DMA_FAULT:
        sgpu_fw_count(fw, as->vf, SGPU_CNT_DMA_FAULT);
        sgpu_fw_log(fw, "VF%d: host memory at 0x%llx not reachable", as->vf,
                    (unsigned long long)addr);
        return;
    case SGPU_DERR_OUT_OF_SLICE:
        sgpu_fw_count(fw, as->vf, SGPU_CNT_OUT_OF_SLICE);
        break;
    case SGPU_DERR_MMU_FAULT:
        sgpu_fw_count(fw, as->vf, SGPU_CNT_MMU_FAULT);
        break;
    default:
        return;
    }
    sgpu_fw_log(fw, "VF%d: %s at GPU VA 0x%llx (%s)", as->vf,
                err == SGPU_DERR_MMU_FAULT ? "MMU fault" : "page outside slice",
                (unsigned long long)addr, is_write ? "write" : "read");
    if (as->host) {
        return;
    }
    mmu = &fw->mmus[as->mmu];
    mmu->fault_status = SGPU_MMU_FAULT_VALID |
                        (is_write ? SGPU_MMU_FAULT_WRITE : 0) |
                        (uint32_t)err << 8;
    mmu->fault_va = addr;
    sgpu_fw_raise(fw, SGPU_FN_VF(as->vf), SGPU_IRQ_ERROR);
}

void sgpu_fw_xlist_free(struct sgpu_fw_xlist *x)
{
    free(x->p);
    memset(x, 0, sizeof(*x));
}

void sgpu_fw_xlist_trim(struct sgpu_fw_xlist *x)
{
    if (x->cap > SGPU_FW_XLIST_KEEP) {
        sgpu_fw_xlist_free(x);
    }
}

/*
 * Append @p, merging it into the last piece when it continues it; -1 when
 * the list would pass SGPU_JOB_MAX_PIECES, -2 when memory ran out.
 */
static int sgpu_fw_xlist_add(struct sgpu_fw_xlist *x,
                             const struct sgpu_fw_piece *p)
{
    struct sgpu_fw_piece *last = x->n ? &x->p[x->n - 1] : NULL;

    if (last && last->host == p->host && last->addr + last->len == p->addr) {
        last->len += p->len;
        return 0;
    }
    if (x->n == SGPU_JOB_MAX_PIECES) {
        return -1;
    }
    if (x->n == x->cap) {
        uint32_t cap = x->cap ? 2 * x->cap : 8;
        struct sgpu_fw_piece *np;

        cap = cap > SGPU_JOB_MAX_PIECES ? SGPU_JOB_MAX_PIECES : cap;
        np = realloc(x->p, cap * sizeof(*np));
        if (!np) {
            return -2;
        }
        x->p = np;
        x->cap = cap;
    }
    x->p[x->n++] = *p;
    return 0;
}

int sgpu_fw_xlist_at(struct sgpu_fw_xlist *x, uint64_t off,
                     struct sgpu_fw_piece *piece)
{
    if (off < x->cur_base) {
        x->cur = 0;
        x->cur_base = 0;
    }
    while (x->cur < x->n && off >= x->cur_base + x->p[x->cur].len) {
        x->cur_base += x->p[x->cur].len;
        x->cur++;
    }
    if (x->cur >= x->n) {
        return -1;
    }
    piece->host = x->p[x->cur].host;
    piece->addr = x->p[x->cur].addr + (off - x->cur_base);
    piece->len = x->p[x->cur].len - (off - x->cur_base);
    return 0;
}

int sgpu_fw_as_check_step(struct sgpu_fw *fw, const struct sgpu_fw_as *as,
                          uint64_t addr, uint64_t len, bool is_write,
                          struct sgpu_fw_xlist *x, uint64_t *done,
                          uint64_t *budget)
{
    struct sgpu_fw_piece p;
    uint64_t cost = 0;
    int err = 0, ret;

    if (x && !*done) {
        x->n = 0;
        x->cur = 0;
        x->cur_base = 0;
    }
    if (len && addr + len < addr) {
        err = as->host ? SGPU_DERR_DMA_FAULT : SGPU_DERR_MMU_FAULT;
        sgpu_fw_as_fault(fw, as, err, addr, is_write);
        return err;
    }
    while (*done < len) {
        if (cost >= *budget) {
            *budget = 0;
            return SGPU_CHECK_MORE;
        }
        err = sgpu_fw_as_piece(fw, as, addr + *done, len - *done, is_write,
                               &p, &cost, *budget);
        if (!err && p.host && sgpu_fw_s2_on(fw, as->vf)) {
            /* A mediated VF's host address is the VM's: translate it. */
            uint64_t bus, run;

            err = sgpu_fw_s2_translate(fw, as->vf, p.addr, p.len, is_write,
                                       &bus, &run, &cost);
            if (err == SGPU_S2_MISS) {
                *budget -= sgpu_min_u64(cost, *budget);
                return err;
            }
            p.addr = bus;
            p.len = run;
        }
        if (!err && p.host) {
            cost += SGPU_FW_COST_WALK + (p.len >> SGPU_FW_HOST_COST_SHIFT);
            if (!sgpu_fw_host_range_ok(p.addr, p.len) ||
                fw->host.dma_check(fw->host.opaque, as->fn, p.addr, p.len,
                                   is_write)) {
                err = SGPU_DERR_DMA_FAULT;
            }
        }
        if (err) {
            sgpu_fw_as_fault(fw, as, err,
                             err == SGPU_DERR_DMA_FAULT && !as->host ?
                             p.addr : addr + *done, is_write);
            break;
        }
        ret = x ? sgpu_fw_xlist_add(x, &p) : 0;
        if (ret) {
            err = SGPU_DERR_TOO_FRAGMENTED;
            if (ret == -1) {
                sgpu_fw_log(fw, "VF%d: a job side of %llu bytes has more "
                            "than %u discontiguous pieces", as->vf,
                            (unsigned long long)len, SGPU_JOB_MAX_PIECES);
            } else {
                sgpu_fw_log(fw, "out of memory for a translation list");
            }
            break;
        }
        *done += p.len;
    }
    *budget -= sgpu_min_u64(cost, *budget);
    return err;
}

int sgpu_fw_xlist_rw(struct sgpu_fw *fw, const struct sgpu_fw_as *as,
                     struct sgpu_fw_xlist *x, uint64_t off, void *buf,
                     uint64_t len, bool is_write)
{
    struct sgpu_fw_piece p;
    uint64_t done = 0, m;
    uint8_t *b = buf;
    int ret;

    while (done < len) {
        if (sgpu_fw_xlist_at(x, off + done, &p)) {
            return SGPU_DERR_DMA_FAULT;     /* cannot happen: checked */
        }
        m = sgpu_min_u64(p.len, len - done);
        if (!p.host) {
            if (is_write) {
                memcpy(fw->vram + p.addr, b + done, m);
            } else {
                memcpy(b + done, fw->vram + p.addr, m);
            }
        } else {
            ret = is_write ?
                  fw->host.dma_write(fw->host.opaque, as->fn, p.addr,
                                     b + done, m) :
                  fw->host.dma_read(fw->host.opaque, as->fn, p.addr,
                                    b + done, m);
            if (as->vf == SGPU_NO_OWNER ? fw->deferred_pf_reset
                                        : sgpu_fw_vf_stopping(fw, as->vf)) {
                return SGPU_XLIST_STOPPED;
            }
            if (ret) {
                /* The IOMMU changed its mind since the check. */
                sgpu_fw_as_fault(fw, as, SGPU_DERR_DMA_FAULT, p.addr,
                                 is_write);
                return SGPU_DERR_DMA_FAULT;
            }
        }
        done += m;
    }
    return 0;
}
