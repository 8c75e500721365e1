/*
 * sgpu firmware: DMA channels and codec cores -- rings, descriptor checks
 * and execution.
 *
 * An engine fetches the descriptor at RING_HEAD through its owner's
 * requester ID, checks every field and the whole translated range of both
 * sides, and only then executes it, a quantum at a time so that all busy
 * engines share the device fairly. A descriptor that fails a check is
 * completed with an error status, counted against the VF and never
 * executed. A ring the engine cannot use stops that engine alone.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sgpu_fw_internal.h"

#include <string.h>

#include "sgpu/sgpu_le.h"

static void sgpu_job_decode(const uint8_t *d, struct sgpu_job *job)
{
    job->op = sgpu_get_le32(d + 0);
    job->flags = sgpu_get_le32(d + 4);
    job->mmu = sgpu_get_le32(d + 8);
    job->fill = sgpu_get_le32(d + 12);
    job->src = sgpu_get_le64(d + 16);
    job->dst = sgpu_get_le64(d + 24);
    job->len = sgpu_get_le64(d + 32);
    job->dst_len = sgpu_get_le64(d + 40);
    job->dims = sgpu_get_le32(d + 48);
    job->rsvd = sgpu_get_le32(d + 60);
}

unsigned sgpu_fw_engine_fn(const struct sgpu_fw_engine *eng)
{
    return eng->owner == SGPU_NO_OWNER ? SGPU_FN_PF : SGPU_FN_VF(eng->owner);
}

void sgpu_fw_engine_reset(struct sgpu_fw_engine *eng)
{
    sgpu_fw_xlist_free(&eng->src_x);
    sgpu_fw_xlist_free(&eng->dst_x);
    eng->ring_base = 0;
    eng->ring_size = 0;
    eng->head = 0;
    eng->tail = 0;
    eng->ctrl = 0;
    eng->status = 0;
    eng->done = 0;
    eng->has_job = false;
    eng->progress = 0;
    eng->waiting = false;
    eng->check = SGPU_CHECK_FIELDS;
    eng->checked = 0;
    memset(&eng->codec, 0, sizeof(eng->codec));
    eng->wait_since = 0;
    eng->slot_addr = 0;
    eng->s2_wait = false;
    eng->s2_ring = false;
    eng->s2_fail = false;
    eng->s2_stale = false;
    eng->s2_iova = 0;
}


/* Must @eng stop now (a reset of its function arrived while it ran)? */
static bool sgpu_fw_engine_stopping(const struct sgpu_fw *fw,
                                    const struct sgpu_fw_engine *eng)
{
    if (eng->owner == SGPU_NO_OWNER) {
        return fw->deferred_pf_reset;
    }
    return sgpu_fw_vf_stopping(fw, eng->owner);
}

bool sgpu_fw_engine_has_work(struct sgpu_fw *fw,
                             const struct sgpu_fw_engine *eng)
{
    if (!(eng->ctrl & SGPU_ENG_CTRL_ENABLE) ||
        (eng->status & SGPU_ENG_STATUS_ERROR) || eng->s2_wait) {
        return false;
    }
    if (eng->owner != SGPU_NO_OWNER && !sgpu_fw_vf_ready(fw, eng->owner)) {
        return false;   /* gone, reset and not re-armed, or held */
    }
    if (sgpu_fw_engine_stopping(fw, eng)) {
        return false;   /* a reset waits for the firmware call to end */
    }
    return eng->has_job || eng->head != eng->tail;
}

/* Stop @eng until its driver resets it. */
static void sgpu_fw_engine_fail(struct sgpu_fw *fw, struct sgpu_fw_engine *eng,
                                int err)
{
    unsigned fn = sgpu_fw_engine_fn(eng);

    eng->status = SGPU_ENG_STATUS_ERROR | (uint32_t)err << 8;
    eng->has_job = false;
    eng->check = SGPU_CHECK_FIELDS;
    eng->checked = 0;
    sgpu_fw_xlist_trim(&eng->src_x);
    sgpu_fw_xlist_trim(&eng->dst_x);
    sgpu_fw_count(fw, eng->owner, SGPU_CNT_RING_FAULT);
    sgpu_fw_log(fw, "function %u engine %u stopped: %s", fn,
                (unsigned)(eng - fw->engines), sgpu_desc_err_name(err));
    sgpu_fw_raise(fw, fn, SGPU_IRQ_ERROR);
}

static bool ring_config_ok(const struct sgpu_fw_engine *eng)
{
    return !(eng->ring_base & (SGPU_DESC_SIZE - 1)) &&
           eng->ring_size >= 2 && eng->ring_size <= SGPU_RING_MAX_ENTRIES &&
           !(eng->ring_size & (eng->ring_size - 1)) &&
           sgpu_fw_host_range_ok(eng->ring_base,
                                 (uint64_t)eng->ring_size * SGPU_DESC_SIZE);
}

/* The engine a function names in its register block, or NULL (refused). */
static struct sgpu_fw_engine *sgpu_fw_engine_lookup(struct sgpu_fw *fw,
                                                    int vf, unsigned idx)
{
    const struct sgpu_fw_slice *s;
    unsigned phys;

    if (vf == SGPU_NO_OWNER) {
        if (idx >= fw->nr_engines || fw->engines[idx].owner != SGPU_NO_OWNER) {
            sgpu_fw_log(fw, "PF: engine %u is not in the PF's pool", idx);
            return NULL;
        }
        return &fw->engines[idx];
    }
    s = sgpu_fw_vf_slice(fw, vf);
    if (!s || idx >= s->dma_count + s->codec_count) {
        sgpu_fw_count(fw, vf, SGPU_CNT_FOREIGN_ENGINE);
        sgpu_fw_log(fw, "VF%d: engine %u is not one of its %u", vf, idx,
                    s ? s->dma_count + s->codec_count : 0);
        return NULL;
    }
    phys = idx < s->dma_count ? s->dma_first + idx
           : fw->cfg.dma_channels + s->codec_first + (idx - s->dma_count);
    return &fw->engines[phys];
}

uint32_t sgpu_fw_engine_read(struct sgpu_fw *fw, int vf, unsigned idx,
                             uint32_t off)
{
    struct sgpu_fw_engine *eng = sgpu_fw_engine_lookup(fw, vf, idx);

    if (!eng) {
        return 0;
    }
    switch (off) {
    case SGPU_ENG_RING_BASE_LO:
        return (uint32_t)eng->ring_base;
    case SGPU_ENG_RING_BASE_HI:
        return eng->ring_base >> 32;
    case SGPU_ENG_RING_SIZE:
        return eng->ring_size;
    case SGPU_ENG_RING_HEAD:
        return eng->head;
    case SGPU_ENG_RING_TAIL:
        return eng->tail;
    case SGPU_ENG_CTRL:
        return eng->ctrl;
    case SGPU_ENG_STATUS:
        return eng->status |
               (sgpu_fw_engine_has_work(fw, eng) || eng->s2_wait ?
                SGPU_ENG_STATUS_BUSY : 0);
    case SGPU_ENG_DONE:
        return eng->done;
    case SGPU_ENG_TYPE:
        return eng->type;
    default:
        return 0;
    }
}

void sgpu_fw_engine_write(struct sgpu_fw *fw, int vf, unsigned idx,
                          uint32_t off, uint32_t val)
{
    struct sgpu_fw_engine *eng = sgpu_fw_engine_lookup(fw, vf, idx);

    if (!eng) {
        return;
    }
    switch (off) {
    case SGPU_ENG_RING_BASE_LO:
    case SGPU_ENG_RING_BASE_HI:
    case SGPU_ENG_RING_SIZE:
        if (eng->ctrl & SGPU_ENG_CTRL_ENABLE) {
            sgpu_fw_log(fw, "function %u engine %u: ring changed while "
                        "enabled; ignored", sgpu_fw_engine_fn(eng), idx);
            return;
        }
        if (off == SGPU_ENG_RING_SIZE) {
            eng->ring_size = val;
        } else if (off == SGPU_ENG_RING_BASE_LO) {
            eng->ring_base = (eng->ring_base & ~0xffffffffull) | val;
        } else {
            eng->ring_base = (eng->ring_base & 0xffffffffull) |
                             (uint64_t)val << 32;
        }
        return;
    case SGPU_ENG_RING_TAIL:
        if (!(eng->ctrl & SGPU_ENG_CTRL_ENABLE)) {
            eng->tail = val;    /* checked when the engine is enabled */
            return;
        }
        if (val >= eng->ring_size) {
            sgpu_fw_engine_fail(fw, eng, SGPU_DERR_RING_CONFIG);
            return;
        }
        eng->tail = val;
        fw->host.kick(fw->host.opaque);
        return;
    case SGPU_ENG_CTRL:
        if (val & SGPU_ENG_CTRL_RESET) {
            uint64_t base = eng->ring_base;
            uint32_t size = eng->ring_size;

            sgpu_fw_engine_reset(eng);
            eng->ring_base = base;
            eng->ring_size = size;
        }
        if ((val & SGPU_ENG_CTRL_ENABLE) &&
            !(eng->ctrl & SGPU_ENG_CTRL_ENABLE) &&
            (!ring_config_ok(eng) || eng->head >= eng->ring_size ||
             eng->tail >= eng->ring_size)) {
            eng->ctrl = SGPU_ENG_CTRL_ENABLE;
            sgpu_fw_engine_fail(fw, eng, SGPU_DERR_RING_CONFIG);
            return;
        }
        eng->ctrl = val & SGPU_ENG_CTRL_ENABLE;
        if (sgpu_fw_engine_has_work(fw, eng)) {
            fw->host.kick(fw->host.opaque);
        }
        return;
    default:
        sgpu_fw_log(fw, "function %u engine %u: write to read-only "
                    "register 0x%x", sgpu_fw_engine_fn(eng), idx, off);
        return;
    }
}

/* Check a job's fields; the address spaces its sides use come back. */
static int sgpu_fw_job_fields(struct sgpu_fw *fw, struct sgpu_fw_engine *eng,
                              const struct sgpu_job *j,
                              struct sgpu_fw_as *src, struct sgpu_fw_as *dst)
{
    bool dma = eng->type == SGPU_ENG_TYPE_DMA;
    bool wait = j->op == SGPU_OP_WAIT;
    unsigned w = j->dims & 0xffff, h = j->dims >> 16;
    unsigned ch = j->flags & SGPU_DESC_F_RGBA ? 4 : 3;
    const struct sgpu_fw_slice *s;

    if (!wait &&
        ((dma && j->op != SGPU_OP_COPY && j->op != SGPU_OP_FILL) ||
         (!dma && j->op != SGPU_OP_QOI_ENCODE &&
          j->op != SGPU_OP_QOI_DECODE))) {
        return SGPU_DERR_BAD_OP;
    }
    if ((j->flags & ~SGPU_DESC_F_ALL) || j->rsvd ||
        (dma && (j->dst_len || j->dims || (j->flags & SGPU_DESC_F_RGBA))) ||
        (j->op != SGPU_OP_FILL && !wait && j->fill) ||
        (j->op == SGPU_OP_FILL &&
         (j->src || (j->flags & SGPU_DESC_F_SRC_HOST))) ||
        (j->op == SGPU_OP_QOI_DECODE && j->dims) ||
        (wait && (j->dst || j->dst_len || j->dims ||
                  (j->flags & (SGPU_DESC_F_DST_HOST | SGPU_DESC_F_RGBA))))) {
        return SGPU_DERR_BAD_FLAGS;
    }
    switch (j->op) {
    case SGPU_OP_WAIT:
        if (j->len != 4 || (j->src & 3)) {
            return SGPU_DERR_BAD_LEN;
        }
        break;
    case SGPU_OP_COPY:
        if (!j->len || j->len > SGPU_JOB_MAX_LEN) {
            return SGPU_DERR_BAD_LEN;
        }
        break;
    case SGPU_OP_FILL:
        if (!j->len || j->len > SGPU_JOB_MAX_LEN || (j->len | j->dst) & 3) {
            return SGPU_DERR_BAD_LEN;
        }
        break;
    case SGPU_OP_QOI_ENCODE:
        if (!w || !h || w > SGPU_QOI_MAX_DIM || h > SGPU_QOI_MAX_DIM ||
            (uint64_t)w * h > SGPU_QOI_MAX_PIXELS ||
            j->len != (uint64_t)w * h * ch ||
            !j->dst_len || j->dst_len > SGPU_JOB_MAX_LEN) {
            return SGPU_DERR_BAD_LEN;
        }
        break;
    default: /* SGPU_OP_QOI_DECODE */
        if (!j->len || j->len > SGPU_QOI_MAX_ENCODED ||
            !j->dst_len || j->dst_len > SGPU_JOB_MAX_LEN) {
            return SGPU_DERR_BAD_LEN;
        }
        break;
    }

    src->fn = dst->fn = sgpu_fw_engine_fn(eng);
    src->vf = dst->vf = eng->owner;
    src->host = j->flags & SGPU_DESC_F_SRC_HOST;
    dst->host = j->flags & SGPU_DESC_F_DST_HOST;
    src->mmu = dst->mmu = 0;
    if (eng->owner == SGPU_NO_OWNER) {
        return j->mmu ? SGPU_DERR_BAD_MMU : 0;
    }
    if (((src->host || j->op == SGPU_OP_FILL) && dst->host) ||
        (wait && src->host)) {
        return 0;   /* no GPU VA involved */
    }
    s = sgpu_fw_vf_slice(fw, eng->owner);
    if (j->mmu >= s->mmu_count) {
        sgpu_fw_count(fw, eng->owner, SGPU_CNT_FOREIGN_ENGINE);
        return SGPU_DERR_BAD_MMU;
    }
    src->mmu = dst->mmu = s->mmu_first + j->mmu;
    if (!(fw->mmus[src->mmu].ctrl & SGPU_MMU_CTRL_ENABLE)) {
        return SGPU_DERR_BAD_MMU;
    }
    return 0;
}

/* Write the outcome into the descriptor and move on to the next one. */
static void sgpu_fw_engine_complete(struct sgpu_fw *fw,
                                    struct sgpu_fw_engine *eng, int err,
                                    uint32_t result)
{
    uint8_t wb[12];
    unsigned fn = sgpu_fw_engine_fn(eng);
    uint32_t flags = eng->job.flags;

    sgpu_put_le32(wb, eng->job.dims);
    sgpu_put_le32(wb + 4, SGPU_DESC_DONE | err);
    sgpu_put_le32(wb + 8, result);
    if (fw->host.dma_write(fw->host.opaque, fn, eng->slot_addr + 48,
                           wb, sizeof(wb))) {
        sgpu_fw_engine_fail(fw, eng, SGPU_DERR_RING_FETCH);
        return;
    }
    eng->has_job = false;
    eng->check = SGPU_CHECK_FIELDS;
    eng->checked = 0;
    sgpu_fw_xlist_trim(&eng->src_x);
    sgpu_fw_xlist_trim(&eng->dst_x);
    eng->head = (eng->head + 1) & (eng->ring_size - 1);
    eng->done++;
    if (flags & SGPU_DESC_F_IRQ) {
        sgpu_fw_raise(fw, fn, SGPU_IRQ_JOB);
    }
}

/*
 * Where the descriptor slot at head is on the bus (a mediated VF's ring
 * is at a VM IOVA) into eng->slot_addr: 0, SGPU_S2_MISS, or
 * SGPU_DERR_RING_FETCH.
 */
static int sgpu_fw_engine_slot(struct sgpu_fw *fw, struct sgpu_fw_engine *eng)
{
    uint64_t slot = eng->ring_base + (uint64_t)eng->head * SGPU_DESC_SIZE;
    uint64_t run, cost = 0;
    int err;

    if (sgpu_fw_s2_on(fw, eng->owner)) {
        /* The slot is written back too; it never crosses a page. */
        err = sgpu_fw_s2_translate(fw, eng->owner, slot, SGPU_DESC_SIZE,
                                   true, &slot, &run, &cost);
        if (err) {
            return err == SGPU_S2_MISS ? err : SGPU_DERR_RING_FETCH;
        }
        if (run < SGPU_DESC_SIZE ||
            !sgpu_fw_host_range_ok(slot, SGPU_DESC_SIZE)) {
            return SGPU_DERR_RING_FETCH;
        }
    }
    eng->slot_addr = slot;
    return 0;
}

/*
 * Fetch the descriptor at head and check its fields; 0 if they are good,
 * SGPU_S2_MISS (nothing changed) to wait for the PF.
 */
static int sgpu_fw_engine_fetch(struct sgpu_fw *fw, struct sgpu_fw_engine *eng,
                                struct sgpu_fw_as *src, struct sgpu_fw_as *dst)
{
    uint8_t d[SGPU_DESC_SIZE];
    struct sgpu_job *j = &eng->job;
    int err;

    err = sgpu_fw_engine_slot(fw, eng);
    if (err) {
        return err;
    }
    if (fw->host.dma_read(fw->host.opaque, sgpu_fw_engine_fn(eng),
                          eng->slot_addr, d, sizeof(d))) {
        return SGPU_DERR_RING_FETCH;
    }
    sgpu_job_decode(d, j);
    eng->progress = 0;
    eng->codec.phase = SGPU_CODEC_START;
    eng->check = SGPU_CHECK_FIELDS;
    eng->checked = 0;
    err = sgpu_fw_job_fields(fw, eng, j, src, dst);
    if (err) {
        if (err != SGPU_DERR_BAD_MMU || eng->owner == SGPU_NO_OWNER ||
            j->mmu < sgpu_fw_vf_slice(fw, eng->owner)->mmu_count) {
            sgpu_fw_count(fw, eng->owner, SGPU_CNT_DESC_REFUSED);
        }
    }
    return err;
}

/*
 * Check the job's sides against its address spaces, recording where each
 * goes, for as long as @budget lasts: 0 when both are checked,
 * SGPU_CHECK_MORE to go on next turn, or an SGPU_DERR_*.
 */
static int sgpu_fw_engine_check(struct sgpu_fw *fw, struct sgpu_fw_engine *eng,
                                const struct sgpu_fw_as *src,
                                const struct sgpu_fw_as *dst,
                                uint64_t *budget)
{
    const struct sgpu_job *j = &eng->job;
    int err;

    if (eng->check == SGPU_CHECK_FIELDS) {
        eng->check = j->op == SGPU_OP_FILL ? SGPU_CHECK_DST : SGPU_CHECK_SRC;
        eng->checked = 0;
    }
    if (eng->check == SGPU_CHECK_SRC) {
        err = sgpu_fw_as_check_step(fw, src, j->src,
                                    j->op == SGPU_OP_WAIT ? 4 : j->len,
                                    false, &eng->src_x, &eng->checked,
                                    budget);
        if (err) {
            return err;
        }
        eng->check = j->op == SGPU_OP_WAIT ? SGPU_CHECK_DONE
                                           : SGPU_CHECK_DST;
        eng->checked = 0;
    }
    if (eng->check == SGPU_CHECK_DST) {
        err = sgpu_fw_as_check_step(fw, dst, j->dst,
                                    eng->type == SGPU_ENG_TYPE_DMA ? j->len
                                                                   : j->dst_len,
                                    true, &eng->dst_x, &eng->checked, budget);
        if (err) {
            return err;
        }
        eng->check = SGPU_CHECK_DONE;
    }
    return 0;
}

/* sgpu_fw_dma_chunk(): stopped for a reset; the job is left to it. */
#define SGPU_DMA_STOPPED (-1)

/*
 * Move up to @n bytes of a COPY or FILL, from offset @off of the job, on
 * the pieces its check recorded; 0 or an SGPU_DERR_*.
 */
static int sgpu_fw_dma_chunk(struct sgpu_fw *fw, struct sgpu_fw_engine *eng,
                             const struct sgpu_fw_as *src,
                             const struct sgpu_fw_as *dst,
                             uint64_t off, uint64_t n)
{
    const struct sgpu_job *j = &eng->job;
    struct sgpu_fw_piece ps = { 0 }, pd;
    uint64_t done = 0, m;
    unsigned i;
    int err;

    if (j->op == SGPU_OP_FILL) {
        for (i = 0; i < SGPU_FW_BOUNCE / 4 + 1; i++) {
            sgpu_put_le32(fw->bounce + 4 * i, j->fill);
        }
    }
    while (done < n) {
        /* A FILL piece starts its pattern in phase with its job offset. */
        const uint8_t *pat = fw->bounce + ((off + done) & 3);

        if (sgpu_fw_xlist_at(&eng->dst_x, off + done, &pd) ||
            (j->op == SGPU_OP_COPY &&
             sgpu_fw_xlist_at(&eng->src_x, off + done, &ps))) {
            return SGPU_DERR_DMA_FAULT;     /* cannot happen: checked */
        }
        m = sgpu_min_u64(pd.len, n - done);
        if (j->op == SGPU_OP_COPY) {
            m = sgpu_min_u64(m, ps.len);
        }
        if (j->op == SGPU_OP_FILL || (ps.host && pd.host)) {
            m = sgpu_min_u64(m, SGPU_FW_BOUNCE);
        }
        if (j->op == SGPU_OP_FILL) {
            err = pd.host ? fw->host.dma_write(fw->host.opaque, dst->fn,
                                               pd.addr, pat, m)
                          : (memcpy(fw->vram + pd.addr, pat, m), 0);
        } else if (!ps.host && !pd.host) {
            memmove(fw->vram + pd.addr, fw->vram + ps.addr, m);
            err = 0;
        } else if (!ps.host) {
            err = fw->host.dma_write(fw->host.opaque, dst->fn, pd.addr,
                                     fw->vram + ps.addr, m);
        } else if (!pd.host) {
            err = fw->host.dma_read(fw->host.opaque, src->fn, ps.addr,
                                    fw->vram + pd.addr, m);
        } else {
            err = fw->host.dma_read(fw->host.opaque, src->fn, ps.addr,
                                    fw->bounce, m) ||
                  fw->host.dma_write(fw->host.opaque, dst->fn, pd.addr,
                                     fw->bounce, m);
        }
        if (sgpu_fw_engine_stopping(fw, eng)) {
            return SGPU_DMA_STOPPED;
        }
        if (err) {
            /* The IOMMU changed its mind since the check. */
            sgpu_fw_as_fault(fw, src, SGPU_DERR_DMA_FAULT,
                             pd.host ? pd.addr : ps.addr, pd.host);
            return SGPU_DERR_DMA_FAULT;
        }
        done += m;
    }
    return 0;
}

/*
 * A WAIT job's turn: read its value (where its check found it) and finish
 * on a match. Returns the bytes it counts as work: 0 while it waits.
 */
static uint64_t sgpu_fw_wait_poll(struct sgpu_fw *fw,
                                  struct sgpu_fw_engine *eng,
                                  const struct sgpu_fw_as *src)
{
    struct sgpu_fw_piece p;
    uint8_t v[4];

    if (sgpu_fw_xlist_at(&eng->src_x, 0, &p)) {
        eng->waiting = false;
        sgpu_fw_engine_complete(fw, eng, SGPU_DERR_DMA_FAULT, 0);
        return SGPU_DESC_SIZE;
    }
    if (p.host) {
        if (fw->host.dma_read(fw->host.opaque, src->fn, p.addr, v, 4)) {
            sgpu_fw_as_fault(fw, src, SGPU_DERR_DMA_FAULT, p.addr, false);
            eng->waiting = false;
            sgpu_fw_engine_complete(fw, eng, SGPU_DERR_DMA_FAULT, 0);
            return SGPU_DESC_SIZE;
        }
    } else {
        memcpy(v, fw->vram + p.addr, 4);
    }
    if (sgpu_get_le32(v) != eng->job.fill) {
        uint64_t now = fw->host.now_us(fw->host.opaque);

        if (!eng->waiting) {
            eng->waiting = true;
            eng->wait_since = now;
        }
        if (now - eng->wait_since < SGPU_WAIT_TIMEOUT_US) {
            return 0;
        }
        /* Nothing waits forever: the engine gets its ring back. */
        eng->waiting = false;
        sgpu_fw_count(fw, eng->owner, SGPU_CNT_WAIT_TIMEOUT);
        sgpu_fw_log(fw, "function %u engine %u: WAIT for 0x%x timed out "
                    "after %llu s", sgpu_fw_engine_fn(eng),
                    (unsigned)(eng - fw->engines), eng->job.fill,
                    (unsigned long long)(SGPU_WAIT_TIMEOUT_US / 1000000));
        sgpu_fw_engine_complete(fw, eng, SGPU_DERR_WAIT_TIMEOUT, 0);
        return SGPU_DESC_SIZE;
    }
    eng->waiting = false;
    sgpu_fw_engine_complete(fw, eng, 0, 0);
    return SGPU_DESC_SIZE;
}

uint64_t sgpu_fw_engine_step(struct sgpu_fw *fw, struct sgpu_fw_engine *eng,
                             uint64_t budget)
{
    struct sgpu_fw_as src, dst;
    uint64_t n, left = budget;
    uint32_t result = 0;
    int err;

    if (eng->s2_fail) {
        /* The PF found the VM's address was not the VM's. */
        eng->s2_fail = false;
        sgpu_fw_count(fw, eng->owner, SGPU_CNT_DMA_FAULT);
        sgpu_fw_log(fw, "VF%d: IOVA 0x%llx is not the VM's memory", eng->owner,
                    (unsigned long long)eng->s2_iova);
        if (eng->s2_ring || !eng->has_job) {
            sgpu_fw_engine_fail(fw, eng, SGPU_DERR_RING_FETCH);
        } else {
            sgpu_fw_engine_complete(fw, eng, SGPU_DERR_DMA_FAULT, 0);
        }
        return SGPU_FW_COST_DESC;
    }
    if (eng->has_job && eng->s2_stale) {
        /* The PF invalidated the table: translate the rest again. */
        err = sgpu_fw_engine_slot(fw, eng);
        if (err == SGPU_S2_MISS) {
            sgpu_fw_s2_park(fw, eng, true, true);
            return SGPU_FW_COST_WALK;
        }
        if (err) {
            sgpu_fw_engine_fail(fw, eng, err);
            return SGPU_FW_COST_DESC;
        }
        eng->s2_stale = false;
        eng->check = SGPU_CHECK_FIELDS;
        eng->checked = 0;
    }
    if (eng->has_job) {
        /* A job continued from an earlier turn: rebuild its sides. */
        err = sgpu_fw_job_fields(fw, eng, &eng->job, &src, &dst);
    } else {
        err = sgpu_fw_engine_fetch(fw, eng, &src, &dst);
        if (err == SGPU_S2_MISS) {
            sgpu_fw_s2_park(fw, eng, true, true);
            return SGPU_FW_COST_WALK;
        }
        if (err == SGPU_DERR_RING_FETCH) {
            sgpu_fw_engine_fail(fw, eng, err);
            return SGPU_FW_COST_DESC;
        }
        if (sgpu_fw_engine_stopping(fw, eng)) {
            return SGPU_FW_COST_DESC;
        }
        eng->has_job = true;
        left -= sgpu_min_u64(left, SGPU_FW_COST_DESC);
    }
    if (!err && eng->check != SGPU_CHECK_DONE) {
        /* A check takes at most a quantum per turn, like a transfer. */
        uint64_t turn = sgpu_min_u64(left, SGPU_FW_QUANTUM), t = turn;

        err = sgpu_fw_engine_check(fw, eng, &src, &dst, &t);
        left -= turn - t;
        if (err == SGPU_CHECK_MORE) {
            return sgpu_max_u64(budget - left, 1);
        }
        if (err == SGPU_S2_MISS) {
            /* Goes on where it stopped once the PF resolved it. */
            sgpu_fw_s2_park(fw, eng, eng->check == SGPU_CHECK_DST, false);
            return sgpu_max_u64(budget - left, 1);
        }
    }
    if (err) {
        sgpu_fw_log(fw, "function %u engine %u: descriptor %u refused: %s",
                    sgpu_fw_engine_fn(eng), (unsigned)(eng - fw->engines),
                    eng->head, sgpu_desc_err_name(err));
        sgpu_fw_engine_complete(fw, eng, err, 0);
        return budget - left + SGPU_FW_COST_DESC;
    }
    if (eng->job.op == SGPU_OP_WAIT) {
        /* A poll costs a descriptor's worth; sgpu_fw_run() sees waiting. */
        n = sgpu_fw_wait_poll(fw, eng, &src);
        return budget - left + (n ? n : SGPU_DESC_SIZE);
    }
    if (eng->job.op == SGPU_OP_COPY || eng->job.op == SGPU_OP_FILL) {
        n = sgpu_min_u64(sgpu_min_u64(left, SGPU_FW_QUANTUM),
                         eng->job.len - eng->progress);
        if (eng->job.op == SGPU_OP_FILL && n < eng->job.len - eng->progress) {
            n = n < 4 ? 4 : n & ~3ull;  /* whole pattern words */
        }
        err = sgpu_fw_dma_chunk(fw, eng, &src, &dst, eng->progress, n);
        if (err == SGPU_DMA_STOPPED) {
            return budget - left + n;
        }
        eng->progress += n;
        if (err || eng->progress == eng->job.len) {
            sgpu_fw_engine_complete(fw, eng, err, 0);
        }
        return budget - left + n;
    }
    /* A codec job takes a quantum of work per turn too. */
    n = 0;
    err = sgpu_fw_codec_run(fw, eng, &src, &dst,
                            sgpu_min_u64(left, SGPU_FW_QUANTUM), &n, &result);
    if (err == SGPU_CHECK_MORE || err == SGPU_XLIST_STOPPED ||
        sgpu_fw_engine_stopping(fw, eng)) {
        return sgpu_max_u64(budget - left + n, 1);
    }
    sgpu_fw_engine_complete(fw, eng, err, err ? 0 : result);
    return budget - left + n;
}
