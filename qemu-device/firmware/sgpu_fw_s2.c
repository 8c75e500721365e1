/*
 * sgpu firmware: second-stage translation of mediated VFs.
 *
 * A VF behind an mdev runs with addresses of the VM that drives it; the
 * host mediates them. Each host address the VF's engines use goes through
 * a table in the PF's memory (sgpu_s2.h) before the IOMMU sees it as the
 * VF's. A miss parks the engine and tells the PF, which pins the VM's
 * page, fills the table and lets the engine go on, or fails the job. The
 * VF cannot reach the table, its registers or these commands.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sgpu_fw_internal.h"

#include <string.h>

#include "sgpu/sgpu_le.h"
#include "sgpu/sgpu_s2.h"

_Static_assert(sizeof(((struct sgpu_fw_s2_cache *)0)->e) ==
               SGPU_S2_TABLE_SIZE, "the cache holds one level-2 table");

/* Read PF memory at @addr for a walk of VF @vf's table; 0 or -1 (logged). */
static int s2_table_read(struct sgpu_fw *fw, unsigned vf, uint64_t addr,
                         void *buf, uint64_t len)
{
    if (sgpu_fw_host_range_ok(addr, len) &&
        !fw->host.dma_read(fw->host.opaque, SGPU_FN_PF, addr, buf, len)) {
        return 0;
    }
    sgpu_fw_log(fw, "VF%u: second-stage table unreadable at PF IOVA 0x%llx",
                vf, (unsigned long long)addr);
    return -1;
}

/*
 * The level-2 entry for @iova (0: nothing maps it), through the cache;
 * 0, or SGPU_DERR_DMA_FAULT when a table is unreadable.
 */
static int s2_leaf(struct sgpu_fw *fw, unsigned vf, uint64_t iova,
                   uint64_t *entry, uint64_t *cost)
{
    struct sgpu_fw_s2_cache *c = &fw->s2_cache;
    uint64_t base = iova & ~(SGPU_S2_SPAN(1) - 1), t, e;
    uint8_t b[8];
    unsigned l, i;

    *entry = 0;
    if (iova >> SGPU_S2_IOVA_BITS) {
        return 0;
    }
    if (!c->valid || c->vf != vf || c->base != base) {
        c->valid = false;
        t = fw->vfs[vf].s2_root;
        for (l = 0; l < SGPU_S2_LEVELS - 1; l++) {
            *cost += SGPU_FW_COST_WALK;
            if (s2_table_read(fw, vf, t + SGPU_S2_INDEX(iova, l) * 8, b, 8)) {
                return SGPU_DERR_DMA_FAULT;
            }
            e = sgpu_get_le64(b);
            if (!(e & SGPU_S2E_VALID)) {
                return 0;
            }
            t = e & SGPU_S2E_ADDR_MASK;
        }
        *cost += SGPU_FW_COST_WALK +
                 (SGPU_S2_TABLE_SIZE >> SGPU_FW_HOST_COST_SHIFT);
        if (s2_table_read(fw, vf, t, c->e, SGPU_S2_TABLE_SIZE)) {
            return SGPU_DERR_DMA_FAULT;
        }
        for (i = 0; i < SGPU_S2_ENTRIES; i++) {
            c->e[i] = sgpu_get_le64((const uint8_t *)&c->e[i]);
        }
        c->valid = true;
        c->vf = vf;
        c->base = base;
    }
    *entry = c->e[SGPU_S2_INDEX(iova, SGPU_S2_LEVELS - 1)];
    return 0;
}

int sgpu_fw_s2_translate(struct sgpu_fw *fw, unsigned vf, uint64_t iova,
                         uint64_t len, bool is_write, uint64_t *bus,
                         uint64_t *run, uint64_t *cost)
{
    uint64_t got = 0, first = 0, a, e, addr;
    int err;

    while (got < len && got < SGPU_FW_HOST_CHECK_MAX) {
        a = iova + got;
        err = s2_leaf(fw, vf, a, &e, cost);
        if (!err && (!(e & SGPU_S2E_VALID) ||
                     (is_write && !(e & SGPU_S2E_WRITE)))) {
            err = SGPU_S2_MISS;
        }
        addr = (e & SGPU_S2E_ADDR_MASK) + (a & (SGPU_S2_PAGE_SIZE - 1));
        if (err || (got && addr != first + got)) {
            if (got) {
                break;          /* the next call finds it */
            }
            fw->s2_miss = a & ~(SGPU_S2_PAGE_SIZE - 1);
            return err;
        }
        if (!got) {
            first = addr;
        }
        got += sgpu_min_u64(len - got, SGPU_S2_PAGE_SIZE -
                                       (a & (SGPU_S2_PAGE_SIZE - 1)));
    }
    *bus = first;
    *run = got;
    return 0;
}

void sgpu_fw_s2_park(struct sgpu_fw *fw, struct sgpu_fw_engine *eng,
                     bool is_write, bool ring)
{
    unsigned vf = eng->owner;
    struct sgpu_fw_vf *v = &fw->vfs[vf];
    uint32_t bit = 1u << (vf % 32);

    eng->s2_wait = true;
    eng->s2_ring = ring;
    eng->s2_iova = fw->s2_miss;
    if (v->s2_fault_status & SGPU_S2_FAULT_PENDING) {
        return;                 /* retried when the PF resolves that one */
    }
    v->s2_fault_status = SGPU_S2_FAULT_PENDING |
                         (is_write ? SGPU_S2_FAULT_WRITE : 0) |
                         (ring ? SGPU_S2_FAULT_RING : 0);
    v->s2_fault_iova = fw->s2_miss;
    if (v->s2_faults != UINT32_MAX) {
        v->s2_faults++;
    }
    if (!(fw->vf_s2_pending[vf / 32] & bit)) {
        fw->vf_s2_pending[vf / 32] |= bit;
        sgpu_fw_raise(fw, SGPU_FN_PF, SGPU_IRQ_S2_FAULT);
    }
}

void sgpu_fw_s2_vf_reset(struct sgpu_fw *fw, unsigned vf)
{
    fw->vfs[vf].s2_fault_status = 0;
    fw->vf_s2_pending[vf / 32] &= ~(1u << (vf % 32));
    fw->s2_cache.valid = false;
}

int sgpu_fw_s2_set(struct sgpu_fw *fw, unsigned vf, bool enable,
                   uint64_t root)
{
    struct sgpu_fw_vf *v = &fw->vfs[vf];

    if (vf < fw->num_vfs && v->provisioned) {
        return SGPU_FW_E_BUSY;  /* a VM may be using it: unprovision first */
    }
    v->s2_on = enable;
    v->s2_root = root;
    sgpu_fw_s2_vf_reset(fw, vf);
    return SGPU_FW_OK;
}

/* VF @vf of a PF S2 register offset, or -1 (logged) past TotalVFs. */
static int s2_reg_vf(struct sgpu_fw *fw, uint32_t off)
{
    unsigned vf = (off - SGPU_PF_S2(0)) / (SGPU_PF_S2(1) - SGPU_PF_S2(0));

    if (vf >= fw->cfg.total_vfs) {
        sgpu_fw_log(fw, "PF: S2 register 0x%x of VF%u: no such VF", off, vf);
        return -1;
    }
    return vf;
}

uint32_t sgpu_fw_s2_pf_read(struct sgpu_fw *fw, uint32_t off)
{
    int vf = s2_reg_vf(fw, off);
    const struct sgpu_fw_vf *v;

    if (vf < 0) {
        return 0;
    }
    v = &fw->vfs[vf];
    switch (off - SGPU_PF_S2(vf)) {
    case SGPU_S2_FAULT_IOVA_LO:
        return (uint32_t)v->s2_fault_iova;
    case SGPU_S2_FAULT_IOVA_HI:
        return v->s2_fault_iova >> 32;
    case SGPU_S2_FAULT_STATUS:
        return v->s2_fault_status;
    case SGPU_S2_FAULTS:
        return v->s2_faults;
    case SGPU_S2_ROOT_LO:
        return (uint32_t)v->s2_root | (v->s2_on ? 1 : 0);
    case SGPU_S2_ROOT_HI:
        return v->s2_root >> 32;
    default:
        return 0;
    }
}

/* Let VF @vf's parked engines go; @fail fails those on its fault's page. */
static void s2_resolve(struct sgpu_fw *fw, unsigned vf, bool fail)
{
    struct sgpu_fw_vf *v = &fw->vfs[vf];
    uint64_t page = v->s2_fault_iova;
    unsigned i;

    v->s2_fault_status = 0;
    fw->s2_cache.valid = false;
    for (i = 0; i < fw->nr_engines; i++) {
        struct sgpu_fw_engine *eng = &fw->engines[i];

        if (eng->owner == (int)vf && eng->s2_wait) {
            /* A job fails in its engine's turn: DMA happens only there. */
            eng->s2_wait = false;
            eng->s2_fail = fail && eng->s2_iova == page;
        }
    }
    fw->host.kick(fw->host.opaque);
}

void sgpu_fw_s2_pf_write(struct sgpu_fw *fw, uint32_t off, uint32_t val)
{
    int vf = s2_reg_vf(fw, off);
    unsigned i;

    if (vf < 0) {
        return;
    }
    switch (off - SGPU_PF_S2(vf)) {
    case SGPU_S2_RESOLVE:
        if (val != SGPU_S2_RESOLVE_RETRY && val != SGPU_S2_RESOLVE_FAIL) {
            sgpu_fw_log(fw, "PF: S2_RESOLVE of VF%d: bad value %u", vf, val);
        } else if (!(fw->vfs[vf].s2_fault_status & SGPU_S2_FAULT_PENDING)) {
            sgpu_fw_log(fw, "PF: S2_RESOLVE of VF%d: no fault pending", vf);
        } else {
            s2_resolve(fw, vf, val == SGPU_S2_RESOLVE_FAIL);
        }
        return;
    case SGPU_S2_INVALIDATE:
        if (val != 1) {
            sgpu_fw_log(fw, "PF: S2_INVALIDATE of VF%d: bad value %u", vf,
                        val);
            return;
        }
        /* Jobs in progress translate what is left of them again. */
        fw->s2_cache.valid = false;
        for (i = 0; i < fw->nr_engines; i++) {
            if (fw->engines[i].owner == vf && fw->engines[i].has_job) {
                fw->engines[i].s2_stale = true;
            }
        }
        return;
    default:
        sgpu_fw_log(fw, "PF: write of 0x%x to read-only S2 register 0x%x",
                    val, off);
        return;
    }
}
