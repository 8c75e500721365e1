/*
 * sgpu firmware: state, register dispatch, resets, the scheduler loop.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sgpu_fw_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sgpu_fw_log(struct sgpu_fw *fw, const char *fmt, ...)
{
    char msg[256];
    va_list ap;

    if (!fw->host.log) {
        return;
    }
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    fw->host.log(fw->host.opaque, msg);
}

struct sgpu_fw_func *sgpu_fw_func(struct sgpu_fw *fw, unsigned fn)
{
    return fn == SGPU_FN_PF ? &fw->pf : &fw->vfs[fn - 1].func;
}

/* Which MSI-X vector carries @cause on function @fn. */
static unsigned sgpu_fw_vector(unsigned fn, uint32_t cause)
{
    if (fn == SGPU_FN_PF) {
        switch (cause) {
        case SGPU_IRQ_MBOX:
            return SGPU_PF_VEC_MBOX;
        case SGPU_IRQ_JOB:
            return SGPU_PF_VEC_JOB;
        case SGPU_IRQ_S2_FAULT:
            return SGPU_PF_VEC_S2;
        default:
            return SGPU_PF_VEC_EVENT;
        }
    }
    switch (cause) {
    case SGPU_IRQ_JOB:
        return SGPU_VF_VEC_JOB;
    case SGPU_IRQ_ERROR:
    case SGPU_IRQ_STATE:
        return SGPU_VF_VEC_ERROR;
    default:
        return SGPU_VF_VEC_MBOX;
    }
}

void sgpu_fw_raise(struct sgpu_fw *fw, unsigned fn, uint32_t cause)
{
    if (fn != SGPU_FN_PF && fn - 1 >= fw->num_vfs) {
        return;     /* the VF does not exist */
    }
    sgpu_fw_func(fw, fn)->irq_status |= cause;
    fw->host.irq(fw->host.opaque, fn, sgpu_fw_vector(fn, cause));
}

/* Set bit @vf of a PF pending bitmap; tell the PF if it was clear. */
static void sgpu_fw_pf_event(struct sgpu_fw *fw, uint32_t *bitmap,
                             unsigned vf)
{
    uint32_t bit = 1u << (vf % 32);

    if (!(bitmap[vf / 32] & bit)) {
        bitmap[vf / 32] |= bit;
        sgpu_fw_raise(fw, SGPU_FN_PF, SGPU_IRQ_VF_EVENT);
    }
}

void sgpu_fw_count(struct sgpu_fw *fw, int vf, enum sgpu_counter c)
{
    if (vf == SGPU_NO_OWNER) {
        return;
    }
    if (fw->vfs[vf].counters[c] != UINT32_MAX) {
        fw->vfs[vf].counters[c]++;
    }
    sgpu_fw_pf_event(fw, fw->vf_adverse_pending, vf);
}

bool sgpu_fw_vf_stopping(const struct sgpu_fw *fw, unsigned vf)
{
    uint32_t bit = 1u << (vf % 32);

    return fw->deferred_pf_reset || fw->deferred_num_vfs >= 0 ||
           (fw->deferred_vf_reset[vf / 32] & bit) ||
           (fw->deferred_vf_flr[vf / 32] & bit);
}

bool sgpu_fw_vf_ready(struct sgpu_fw *fw, unsigned vf)
{
    const struct sgpu_fw_vf *v = &fw->vfs[vf];

    return vf < fw->num_vfs && v->provisioned && !v->reset_pending &&
           !v->quarantined && !sgpu_fw_vf_stopping(fw, vf);
}

void sgpu_fw_vf_set_pending(struct sgpu_fw *fw, unsigned vf, bool pending)
{
    if (fw->vfs[vf].reset_pending != pending) {
        fw->vfs[vf].reset_pending = pending;
        fw->host.vf_aperture(fw->host.opaque, vf, !pending);
    }
}

void sgpu_fw_vf_reset_notify(struct sgpu_fw *fw, unsigned vf)
{
    struct sgpu_fw_vf *v = &fw->vfs[vf];

    if (!v->provisioned) {
        return;
    }
    sgpu_fw_vf_set_pending(fw, vf, true);
    v->resets++;
    sgpu_fw_pf_event(fw, fw->vf_reset_pending, vf);
}

static void sgpu_fw_vf_flr_now(struct sgpu_fw *fw, unsigned vf)
{
    if (vf < fw->num_vfs) {
        sgpu_fw_vf_reset_notify(fw, vf);
    }
}

static void sgpu_fw_reset_now(struct sgpu_fw *fw);

struct sgpu_fw *sgpu_fw_new(const struct sgpu_hw_config *cfg,
                            uint32_t abi_version, uint8_t *vram,
                            const struct sgpu_fw_host *host)
{
    struct sgpu_fw *fw = calloc(1, sizeof(*fw));
    unsigned i;

    if (!fw) {
        return NULL;
    }
    fw->cfg = *cfg;
    fw->abi_version = abi_version;
    fw->vram = vram;
    fw->host = *host;
    fw->nr_engines = cfg->dma_channels + cfg->codec_cores;
    fw->engines = calloc(fw->nr_engines, sizeof(*fw->engines));
    fw->mmus = calloc(cfg->mmu_units, sizeof(*fw->mmus));
    fw->vfs = calloc(cfg->total_vfs, sizeof(*fw->vfs));
    fw->bounce = malloc(SGPU_FW_BOUNCE + 4);
    fw->codec_buf = malloc(SGPU_FW_CODEC_CHUNK);
    fw->sched = calloc(cfg->total_vfs + 1, sizeof(*fw->sched));
    fw->sit_out = calloc(fw->nr_engines, 1);
    if (!fw->engines || !fw->mmus || !fw->vfs || !fw->bounce ||
        !fw->codec_buf || !fw->sched || !fw->sit_out) {
        sgpu_fw_free(fw);
        return NULL;
    }
    for (i = 0; i < fw->nr_engines; i++) {
        fw->engines[i].type = i < cfg->dma_channels ? SGPU_ENG_TYPE_DMA
                                                    : SGPU_ENG_TYPE_CODEC;
    }
    fw->deferred_num_vfs = -1;
    fw->engine_vf = SGPU_NO_OWNER;
    fw->caller_vf = SGPU_NO_OWNER;
    sgpu_fw_reset_now(fw);
    return fw;
}

void sgpu_fw_free(struct sgpu_fw *fw)
{
    unsigned i;

    if (!fw) {
        return;
    }
    for (i = 0; fw->engines && i < fw->nr_engines; i++) {
        sgpu_fw_engine_reset(&fw->engines[i]);
    }
    free(fw->engines);
    free(fw->mmus);
    free(fw->vfs);
    free(fw->bounce);
    free(fw->codec_buf);
    free(fw->sched);
    free(fw->sit_out);
    free(fw);
}

static void sgpu_fw_reset_now(struct sgpu_fw *fw)
{
    unsigned i;

    fw->num_vfs = 0;
    memset(&fw->pf, 0, sizeof(fw->pf));
    memset(fw->fw_args, 0, sizeof(fw->fw_args));
    memset(fw->fw_resp, 0, sizeof(fw->fw_resp));
    memset(fw->cmd_args, 0, sizeof(fw->cmd_args));
    fw->fw_status = 0;
    fw->fw_done = 0;
    fw->fw_cmd = 0;
    fw->fw_dropped = 0;
    memset(fw->mbox_pending, 0, sizeof(fw->mbox_pending));
    memset(fw->vf_reset_pending, 0, sizeof(fw->vf_reset_pending));
    memset(fw->vf_adverse_pending, 0, sizeof(fw->vf_adverse_pending));
    memset(fw->vf_s2_pending, 0, sizeof(fw->vf_s2_pending));
    fw->s2_cache.valid = false;
    for (i = 0; i < fw->nr_engines; i++) {
        sgpu_fw_engine_reset(&fw->engines[i]);
        fw->engines[i].owner = SGPU_NO_OWNER;
    }
    for (i = 0; i < fw->cfg.mmu_units; i++) {
        sgpu_fw_mmu_reset(&fw->mmus[i]);
        fw->mmus[i].owner = SGPU_NO_OWNER;
    }
    memset(fw->vfs, 0, fw->cfg.total_vfs * sizeof(*fw->vfs));
    memset(fw->sched, 0, (fw->cfg.total_vfs + 1) * sizeof(*fw->sched));
    fw->vclock = 0;
    fw->last_fn = 0;
    fw->host.vram_zero(fw->host.opaque, 0, fw->cfg.vram_size);
}

void sgpu_fw_vf_reset_now(struct sgpu_fw *fw, unsigned vf)
{
    struct sgpu_fw_vf *v = &fw->vfs[vf];
    unsigned i;

    for (i = 0; i < fw->nr_engines; i++) {
        if (fw->engines[i].owner == (int)vf) {
            sgpu_fw_engine_reset(&fw->engines[i]);
        }
    }
    for (i = 0; i < fw->cfg.mmu_units; i++) {
        if (fw->mmus[i].owner == (int)vf) {
            sgpu_fw_mmu_reset(&fw->mmus[i]);
        }
    }
    memset(&v->func, 0, sizeof(v->func));
    memset(v->counters, 0, sizeof(v->counters));
    sgpu_fw_mbox_vf_reset(fw, vf);
    sgpu_fw_s2_vf_reset(fw, vf);
    if (v->provisioned) {
        fw->host.vram_zero(fw->host.opaque, v->slice.vram_base,
                           v->slice.vram_size);
    }
}

static void sgpu_fw_set_num_vfs_now(struct sgpu_fw *fw, unsigned num_vfs)
{
    unsigned vf;

    if (num_vfs > fw->cfg.total_vfs) {
        num_vfs = 0;
    }
    /* VFs that go away are reset, so the next tenant finds nothing. */
    for (vf = num_vfs; vf < fw->num_vfs; vf++) {
        sgpu_fw_vf_reset_now(fw, vf);
        sgpu_fw_vf_set_pending(fw, vf, false);
        /* Its host may free the table once the VF is gone. */
        fw->vfs[vf].s2_on = false;
        fw->vfs[vf].s2_root = 0;
    }
    /* New VFs start fresh (their creation reset them). */
    for (vf = fw->num_vfs; vf < num_vfs; vf++) {
        sgpu_fw_vf_set_pending(fw, vf, false);
    }
    fw->num_vfs = num_vfs;
}

const struct sgpu_fw_slice *sgpu_fw_vf_slice(struct sgpu_fw *fw, unsigned vf)
{
    if (vf >= fw->cfg.total_vfs || !fw->vfs[vf].provisioned) {
        return NULL;
    }
    return &fw->vfs[vf].slice;
}

bool sgpu_fw_vf_reset_pending(struct sgpu_fw *fw, unsigned vf)
{
    return vf < fw->cfg.total_vfs && fw->vfs[vf].reset_pending;
}

uint64_t sgpu_fw_xlist_bytes(const struct sgpu_fw *fw)
{
    uint64_t n = 0;
    unsigned i;

    for (i = 0; i < fw->nr_engines; i++) {
        n += (uint64_t)(fw->engines[i].src_x.cap + fw->engines[i].dst_x.cap) *
             sizeof(struct sgpu_fw_piece);
    }
    return n;
}

/* The identity block and the registers every function has. */
static bool sgpu_fw_common_read(struct sgpu_fw *fw, unsigned fn,
                                uint32_t off, uint32_t *val)
{
    const struct sgpu_fw_slice *slice = NULL;
    bool pf = fn == SGPU_FN_PF;

    if (!pf) {
        slice = sgpu_fw_vf_slice(fw, fn - 1);
    }
    switch (off) {
    case SGPU_REG_ID:
        *val = SGPU_ID_MAGIC;
        break;
    case SGPU_REG_VERSION:
        *val = fw->abi_version;
        break;
    case SGPU_REG_FUNCTION:
        *val = pf ? 0 : SGPU_FUNCTION_IS_VF | (fn - 1);
        break;
    case SGPU_REG_STATUS:
        if (pf) {
            *val = SGPU_STATUS_READY;
        } else {
            const struct sgpu_fw_vf *v = &fw->vfs[fn - 1];

            *val = (sgpu_fw_vf_ready(fw, fn - 1) ? SGPU_STATUS_READY : 0) |
                   (v->reset_pending ? SGPU_STATUS_RESET_PENDING : 0) |
                   (v->quarantined ? SGPU_STATUS_QUARANTINED : 0);
        }
        break;
    case SGPU_REG_MMU_UNITS:
        *val = pf ? fw->cfg.mmu_units : slice ? slice->mmu_count : 0;
        break;
    case SGPU_REG_DMA_CHANNELS:
        *val = pf ? fw->cfg.dma_channels : slice ? slice->dma_count : 0;
        break;
    case SGPU_REG_CODEC_CORES:
        *val = pf ? fw->cfg.codec_cores : slice ? slice->codec_count : 0;
        break;
    case SGPU_REG_TOTAL_VFS:
        *val = pf ? fw->cfg.total_vfs : 0;
        break;
    case SGPU_REG_VRAM_SIZE_LO:
    case SGPU_REG_VRAM_SIZE_HI: {
        uint64_t size = pf ? fw->cfg.vram_size
                           : slice ? slice->vram_size : 0;

        *val = off == SGPU_REG_VRAM_SIZE_LO ? (uint32_t)size : size >> 32;
        break;
    }
    case SGPU_REG_VF_WINDOW_LO:
        *val = (uint32_t)fw->cfg.vf_window;
        break;
    case SGPU_REG_VF_WINDOW_HI:
        *val = fw->cfg.vf_window >> 32;
        break;
    case SGPU_REG_SCRATCH:
        *val = sgpu_fw_func(fw, fn)->scratch;
        break;
    case SGPU_REG_MSIX_VECTORS:
        *val = pf ? SGPU_PF_MSIX_VECTORS : SGPU_VF_MSIX_VECTORS;
        break;
    case SGPU_REG_NUM_VFS:
        *val = pf ? fw->num_vfs : 0;
        break;
    case SGPU_REG_RESETS:
        *val = pf ? 0 : fw->vfs[fn - 1].resets;
        break;
    case SGPU_REG_IRQ_STATUS:
        *val = sgpu_fw_func(fw, fn)->irq_status;
        break;
    default:
        if (!pf && off >= SGPU_REG_COUNTER(0) &&
            off < SGPU_REG_COUNTER(SGPU_CNT_NUM)) {
            *val = fw->vfs[fn - 1].counters[(off - SGPU_REG_COUNTER(0)) / 4];
            break;
        }
        return false;
    }
    return true;
}

static bool sgpu_fw_common_write(struct sgpu_fw *fw, unsigned fn,
                                 uint32_t off, uint32_t val)
{
    struct sgpu_fw_func *func = sgpu_fw_func(fw, fn);

    switch (off) {
    case SGPU_REG_SCRATCH:
        func->scratch = val;
        return true;
    case SGPU_REG_IRQ_STATUS:
        func->irq_status &= ~val;
        return true;
    case SGPU_REG_IRQ_RAISE:
        /* Software may raise only the self-test cause. */
        if (val & SGPU_IRQ_SELFTEST) {
            sgpu_fw_raise(fw, fn, SGPU_IRQ_SELFTEST);
        }
        return !(val & ~SGPU_IRQ_SELFTEST);
    default:
        return false;
    }
}

static uint32_t sgpu_fw_pf_read(struct sgpu_fw *fw, uint32_t off)
{
    uint32_t val;

    if (sgpu_fw_common_read(fw, SGPU_FN_PF, off, &val)) {
        return val;
    }
    if (off == SGPU_REG_FW_STATUS) {
        return fw->fw_status;
    }
    if (off == SGPU_REG_FW_DONE) {
        return fw->fw_done;
    }
    if (off == SGPU_REG_FW_DROPPED) {
        return fw->fw_dropped;
    }
    if (off >= SGPU_REG_FW_ARG(0) && off < SGPU_REG_FW_ARG(SGPU_FW_NARGS)) {
        return fw->fw_args[(off - SGPU_REG_FW_ARG(0)) / 4];
    }
    if (off >= SGPU_REG_FW_RESP(0) && off < SGPU_REG_FW_RESP(SGPU_FW_NARGS)) {
        return fw->fw_resp[(off - SGPU_REG_FW_RESP(0)) / 4];
    }
    if (off >= SGPU_REG_VF_RESET_PENDING(0) &&
        off < SGPU_REG_VF_RESET_PENDING(8)) {
        return fw->vf_reset_pending[(off - SGPU_REG_VF_RESET_PENDING(0)) / 4];
    }
    if (off >= SGPU_REG_VF_ADVERSE_PENDING(0) &&
        off < SGPU_REG_VF_ADVERSE_PENDING(8)) {
        return fw->vf_adverse_pending[(off - SGPU_REG_VF_ADVERSE_PENDING(0)) /
                                      4];
    }
    if (off >= SGPU_REG_VF_S2_PENDING(0) && off < SGPU_REG_VF_S2_PENDING(8)) {
        return fw->vf_s2_pending[(off - SGPU_REG_VF_S2_PENDING(0)) / 4];
    }
    if (off >= SGPU_REG_MBOX_PENDING(0) && off < SGPU_PF_ENGINES) {
        return sgpu_fw_mbox_pf_read(fw, off);
    }
    if (off >= SGPU_PF_ENGINES &&
        off < SGPU_PF_ENGINES + fw->nr_engines * SGPU_ENGINE_STRIDE) {
        return sgpu_fw_engine_read(fw, SGPU_NO_OWNER,
                                   (off - SGPU_PF_ENGINES) / SGPU_ENGINE_STRIDE,
                                   off % SGPU_ENGINE_STRIDE);
    }
    if (off >= SGPU_PF_S2(0) && off < SGPU_PF_S2(SGPU_MAX_VFS)) {
        return sgpu_fw_s2_pf_read(fw, off);
    }
    sgpu_fw_log(fw, "PF: read of unimplemented register 0x%x", off);
    return 0;
}

static void sgpu_fw_pf_write(struct sgpu_fw *fw, uint32_t off, uint32_t val)
{
    if (sgpu_fw_common_write(fw, SGPU_FN_PF, off, val)) {
        return;
    }
    if (off == SGPU_REG_FW_CMD) {
        if (fw->fw_status & SGPU_FW_STATUS_BUSY) {
            if (!fw->fw_dropped) {
                sgpu_fw_log(fw, "PF: firmware command 0x%x dropped: 0x%x is "
                            "busy (logged once, counted in FW_DROPPED)",
                            val, fw->fw_cmd);
            }
            if (fw->fw_dropped < UINT32_MAX) {
                fw->fw_dropped++;
            }
            return;
        }
        fw->fw_cmd = val;
        memcpy(fw->cmd_args, fw->fw_args, sizeof(fw->cmd_args));
        fw->fw_status = SGPU_FW_STATUS_BUSY |
                        SGPU_FW_CMD_SEQ(val) << 16;
        fw->host.kick(fw->host.opaque);
        return;
    }
    if (off >= SGPU_REG_FW_ARG(0) && off < SGPU_REG_FW_ARG(SGPU_FW_NARGS)) {
        fw->fw_args[(off - SGPU_REG_FW_ARG(0)) / 4] = val;
        return;
    }
    if (off >= SGPU_REG_VF_RESET_PENDING(0) &&
        off < SGPU_REG_VF_RESET_PENDING(8)) {
        fw->vf_reset_pending[(off - SGPU_REG_VF_RESET_PENDING(0)) / 4] &= ~val;
        return;
    }
    if (off >= SGPU_REG_VF_ADVERSE_PENDING(0) &&
        off < SGPU_REG_VF_ADVERSE_PENDING(8)) {
        fw->vf_adverse_pending[(off - SGPU_REG_VF_ADVERSE_PENDING(0)) / 4] &=
            ~val;
        return;
    }
    if (off >= SGPU_REG_VF_S2_PENDING(0) && off < SGPU_REG_VF_S2_PENDING(8)) {
        fw->vf_s2_pending[(off - SGPU_REG_VF_S2_PENDING(0)) / 4] &= ~val;
        return;
    }
    if (off >= SGPU_REG_MBOX_PENDING(0) && off < SGPU_PF_ENGINES) {
        sgpu_fw_mbox_pf_write(fw, off, val);
        return;
    }
    if (off >= SGPU_PF_ENGINES &&
        off < SGPU_PF_ENGINES + fw->nr_engines * SGPU_ENGINE_STRIDE) {
        sgpu_fw_engine_write(fw, SGPU_NO_OWNER,
                             (off - SGPU_PF_ENGINES) / SGPU_ENGINE_STRIDE,
                             off % SGPU_ENGINE_STRIDE, val);
        return;
    }
    if (off >= SGPU_PF_S2(0) && off < SGPU_PF_S2(SGPU_MAX_VFS)) {
        sgpu_fw_s2_pf_write(fw, off, val);
        return;
    }
    sgpu_fw_log(fw, "PF: write of 0x%x to read-only or unimplemented "
                "register 0x%x", val, off);
}

static uint32_t sgpu_fw_vf_read(struct sgpu_fw *fw, unsigned vf, uint32_t off)
{
    uint32_t val;

    if (sgpu_fw_common_read(fw, SGPU_FN_VF(vf), off, &val)) {
        return val;
    }
    if (off >= SGPU_VF_MMU(0) && off < SGPU_VF_MMU(SGPU_VF_MAX_MMU)) {
        return sgpu_fw_mmu_read(fw, vf, off);
    }
    if (off >= SGPU_VF_ENGINES &&
        off < SGPU_VF_ENGINES + SGPU_VF_MAX_ENGINES * SGPU_ENGINE_STRIDE) {
        return sgpu_fw_engine_read(fw, vf,
                                   (off - SGPU_VF_ENGINES) / SGPU_ENGINE_STRIDE,
                                   off % SGPU_ENGINE_STRIDE);
    }
    if (off >= SGPU_VF_MBOX_REQ(0) && off <= SGPU_VF_MBOX_STATUS) {
        return sgpu_fw_mbox_vf_read(fw, vf, off);
    }
    sgpu_fw_log(fw, "VF%u: read of unimplemented register 0x%x", vf, off);
    return 0;
}

static void sgpu_fw_vf_write(struct sgpu_fw *fw, unsigned vf, uint32_t off,
                             uint32_t val)
{
    if (sgpu_fw_common_write(fw, SGPU_FN_VF(vf), off, val)) {
        return;
    }
    if (off >= SGPU_VF_MMU(0) && off < SGPU_VF_MMU(SGPU_VF_MAX_MMU)) {
        sgpu_fw_mmu_write(fw, vf, off, val);
        return;
    }
    if (off >= SGPU_VF_ENGINES &&
        off < SGPU_VF_ENGINES + SGPU_VF_MAX_ENGINES * SGPU_ENGINE_STRIDE) {
        sgpu_fw_engine_write(fw, vf,
                             (off - SGPU_VF_ENGINES) / SGPU_ENGINE_STRIDE,
                             off % SGPU_ENGINE_STRIDE, val);
        return;
    }
    if (off >= SGPU_VF_MBOX_REQ(0) && off <= SGPU_VF_MBOX_STATUS) {
        sgpu_fw_mbox_vf_write(fw, vf, off, val);
        return;
    }
    sgpu_fw_log(fw, "VF%u: write of 0x%x to read-only or unimplemented "
                "register 0x%x", vf, val, off);
}

/*
 * Every public call that can reach the host brackets itself with these;
 * @caller_vf is the VF whose register access this is, or -1.
 */
static void sgpu_fw_enter(struct sgpu_fw *fw, int caller_vf)
{
    if (!fw->depth++) {
        fw->self_access_seen = false;
        fw->caller_vf = caller_vf;
    }
}

/*
 * Leaving the outermost call runs the resets that arrived inside it, in
 * order (a PF reset drops only what came before it), until none is left;
 * then the engines get another look.
 */
static void sgpu_fw_leave(struct sgpu_fw *fw)
{
    unsigned vf;
    uint32_t bit;
    int n;

    if (fw->depth > 1) {
        fw->depth--;
        return;
    }
    while (fw->deferred_any) {
        fw->deferred_any = false;
        if (fw->deferred_pf_reset) {
            fw->deferred_pf_reset = false;
            sgpu_fw_reset_now(fw);
        }
        for (vf = 0; vf < fw->cfg.total_vfs; vf++) {
            bit = 1u << (vf % 32);
            if (fw->deferred_vf_reset[vf / 32] & bit) {
                fw->deferred_vf_reset[vf / 32] &= ~bit;
                sgpu_fw_vf_reset_now(fw, vf);
            }
            if (fw->deferred_vf_flr[vf / 32] & bit) {
                fw->deferred_vf_flr[vf / 32] &= ~bit;
                sgpu_fw_vf_flr_now(fw, vf);
            }
        }
        n = fw->deferred_num_vfs;
        fw->deferred_num_vfs = -1;
        if (n >= 0) {
            sgpu_fw_set_num_vfs_now(fw, n);
        }
        fw->host.kick(fw->host.opaque);
    }
    fw->depth = 0;
}

/*
 * A register access from inside a firmware call: the device's own DMA (or
 * interrupt message) reached its registers. Count it once per call against
 * the VF whose engine was running, log it once, refuse it.
 */
static int sgpu_fw_self_access(struct sgpu_fw *fw, unsigned fn, uint32_t off,
                               bool is_write)
{
    int vf = fw->engine_vf != SGPU_NO_OWNER ? fw->engine_vf : fw->caller_vf;
    char who[16] = "the PF";

    if (!fw->self_access_seen) {
        fw->self_access_seen = true;
        if (vf != SGPU_NO_OWNER) {
            sgpu_fw_count(fw, vf, SGPU_CNT_SELF_ACCESS);
            snprintf(who, sizeof(who), "VF%d", vf);
        }
        sgpu_fw_log(fw, "%s: the device's own %s function %u's register "
                    "0x%x refused", who, is_write ? "write to" : "read of",
                    fn, off);
    }
    return SGPU_FW_REFUSED;
}

int sgpu_fw_read(struct sgpu_fw *fw, unsigned fn, uint32_t off,
                 uint32_t *val)
{
    *val = 0;
    if (fw->depth) {
        return sgpu_fw_self_access(fw, fn, off, false);
    }
    if (off & 3) {
        return 0;
    }
    sgpu_fw_enter(fw, fn == SGPU_FN_PF ? SGPU_NO_OWNER : (int)fn - 1);
    if (fn == SGPU_FN_PF) {
        *val = sgpu_fw_pf_read(fw, off);
    } else if (fn - 1 < fw->num_vfs) {
        *val = sgpu_fw_vf_read(fw, fn - 1, off);
    }
    sgpu_fw_leave(fw);
    return 0;
}

int sgpu_fw_write(struct sgpu_fw *fw, unsigned fn, uint32_t off, uint32_t val)
{
    if (fw->depth) {
        return sgpu_fw_self_access(fw, fn, off, true);
    }
    if (off & 3) {
        return 0;
    }
    sgpu_fw_enter(fw, fn == SGPU_FN_PF ? SGPU_NO_OWNER : (int)fn - 1);
    if (fn == SGPU_FN_PF) {
        sgpu_fw_pf_write(fw, off, val);
    } else if (fn - 1 < fw->num_vfs) {
        sgpu_fw_vf_write(fw, fn - 1, off, val);
    }
    sgpu_fw_leave(fw);
    return 0;
}

void sgpu_fw_reset(struct sgpu_fw *fw)
{
    if (fw->depth) {
        /* It supersedes what came before it; later events follow it. */
        fw->deferred_pf_reset = true;
        fw->deferred_num_vfs = -1;
        memset(fw->deferred_vf_reset, 0, sizeof(fw->deferred_vf_reset));
        memset(fw->deferred_vf_flr, 0, sizeof(fw->deferred_vf_flr));
        fw->deferred_any = true;
        return;
    }
    sgpu_fw_enter(fw, SGPU_NO_OWNER);
    sgpu_fw_reset_now(fw);
    sgpu_fw_leave(fw);
}

/* Run @now for VF @vf, or leave it in @deferred for sgpu_fw_leave(). */
static void sgpu_fw_vf_event(struct sgpu_fw *fw, unsigned vf,
                             uint32_t *deferred,
                             void (*now)(struct sgpu_fw *, unsigned))
{
    if (vf >= fw->cfg.total_vfs) {
        return;
    }
    if (fw->depth) {
        deferred[vf / 32] |= 1u << (vf % 32);
        fw->deferred_any = true;
        return;
    }
    sgpu_fw_enter(fw, SGPU_NO_OWNER);
    now(fw, vf);
    sgpu_fw_leave(fw);
}

void sgpu_fw_vf_reset(struct sgpu_fw *fw, unsigned vf)
{
    sgpu_fw_vf_event(fw, vf, fw->deferred_vf_reset, sgpu_fw_vf_reset_now);
}

void sgpu_fw_vf_flr(struct sgpu_fw *fw, unsigned vf)
{
    sgpu_fw_vf_event(fw, vf, fw->deferred_vf_flr, sgpu_fw_vf_flr_now);
}

void sgpu_fw_set_num_vfs(struct sgpu_fw *fw, unsigned num_vfs)
{
    unsigned cur, vf;

    if (fw->depth) {
        /*
         * Only the last count is kept, so VFs this one takes away are
         * reset now (n -> 0 -> n must still scrub them).
         */
        cur = fw->deferred_num_vfs >= 0 ? (unsigned)fw->deferred_num_vfs
                                        : fw->num_vfs;
        num_vfs = num_vfs > fw->cfg.total_vfs ? 0 : num_vfs;
        for (vf = num_vfs; vf < cur; vf++) {
            fw->deferred_vf_reset[vf / 32] |= 1u << (vf % 32);
        }
        fw->deferred_num_vfs = num_vfs;
        fw->deferred_any = true;
        return;
    }
    sgpu_fw_enter(fw, SGPU_NO_OWNER);
    sgpu_fw_set_num_vfs_now(fw, num_vfs);
    sgpu_fw_leave(fw);
}

static enum sgpu_fw_run_state sgpu_fw_state(struct sgpu_fw *fw)
{
    enum sgpu_fw_run_state state = SGPU_FW_IDLE;
    unsigned i;

    for (i = 0; i < fw->nr_engines; i++) {
        if (sgpu_fw_engine_has_work(fw, &fw->engines[i])) {
            if (!fw->engines[i].waiting) {
                return SGPU_FW_BUSY;
            }
            state = SGPU_FW_WAITING;
        }
    }
    return state;
}

/*
 * The next turn: the function with work that was charged least (ties go
 * round from the last one served), on the first of its engines with work
 * from where its last turn was. With @behind, only a function at least a
 * quantum behind the clock (one that came back from idle with credit).
 * Returns the engine, or -1. One look at each engine and each function.
 */
static int sgpu_fw_pick(struct sgpu_fw *fw, bool behind)
{
    unsigned nfn = fw->cfg.total_vfs + 1, i, fn, best = nfn;
    uint64_t floor;
    struct sgpu_fw_fn_sched *f;

    for (fn = 0; fn < nfn; fn++) {
        fw->sched[fn].from_next = fw->sched[fn].from_first = -1;
    }
    floor = fw->vclock > SGPU_FW_CREDIT ? fw->vclock - SGPU_FW_CREDIT : 0;
    for (i = 0; i < fw->nr_engines; i++) {
        if (!sgpu_fw_engine_has_work(fw, &fw->engines[i])) {
            continue;
        }
        f = &fw->sched[sgpu_fw_engine_fn(&fw->engines[i])];
        /*
         * Credit is bounded for every function with work, not only one
         * back from idle: a WAIT parked for long saves no more.
         */
        if (f->vtime < floor) {
            f->vtime = floor;
        }
        if (fw->sit_out[i]) {
            continue;
        }
        if (f->from_first < 0) {
            f->from_first = i;
        }
        if (f->from_next < 0 && i >= f->next) {
            f->from_next = i;
        }
    }
    for (i = 1; i <= nfn; i++) {
        fn = (fw->last_fn + i) % nfn;
        f = &fw->sched[fn];
        if (f->from_first < 0 ||
            (behind && f->vtime + SGPU_FW_QUANTUM > fw->vclock) ||
            (best < nfn && f->vtime >= fw->sched[best].vtime)) {
            continue;
        }
        best = fn;
    }
    if (best == nfn) {
        return -1;
    }
    f = &fw->sched[best];
    return f->from_next >= 0 ? f->from_next : f->from_first;
}

static enum sgpu_fw_run_state sgpu_fw_run_pass(struct sgpu_fw *fw,
                                               uint64_t budget, bool behind,
                                               uint64_t *charged)
{
    enum sgpu_fw_run_state state;
    uint64_t used = 0, n;
    int e;

    *charged = 0;
    if (fw->depth) {
        return SGPU_FW_BUSY;    /* from inside a call: run again later */
    }
    sgpu_fw_enter(fw, SGPU_NO_OWNER);
    if (fw->fw_status & SGPU_FW_STATUS_BUSY) {
        sgpu_fw_cmd_execute(fw);
    }
    /*
     * Fair queueing by function, a quantum a turn: each turn goes to the
     * function charged least so far, so a VF that keeps many engines busy
     * gets no more of the device than one that keeps one, and one that
     * uses little of it finds its jobs run at once. An engine whose WAIT
     * still waits, or that made no progress, sits out the rest of the
     * pass.
     */
    memset(fw->sit_out, 0, fw->nr_engines);
    while (used < budget && (e = sgpu_fw_pick(fw, behind)) >= 0) {
        struct sgpu_fw_engine *eng = &fw->engines[e];
        unsigned fn = sgpu_fw_engine_fn(eng);
        struct sgpu_fw_fn_sched *f = &fw->sched[fn];

        fw->vclock = f->vtime > fw->vclock ? f->vtime : fw->vclock;
        fw->last_fn = fn;
        f->next = (e + 1) % fw->nr_engines;
        fw->engine_vf = eng->owner;
        fw->self_access_seen = false;
        fw->s2_cache.valid = false;     /* the PF may have changed it */
        n = sgpu_fw_engine_step(fw, eng, budget - used);
        fw->engine_vf = SGPU_NO_OWNER;
        used += n;
        f->vtime += n;
        if (n == 0 || eng->waiting) {
            fw->sit_out[e] = 1;
        }
    }
    sgpu_fw_leave(fw);
    *charged = used;
    state = sgpu_fw_state(fw);
    return state;
}

enum sgpu_fw_run_state sgpu_fw_run(struct sgpu_fw *fw, uint64_t budget)
{
    uint64_t charged;

    return sgpu_fw_run_pass(fw, budget, false, &charged);
}

uint64_t sgpu_fw_run_behind(struct sgpu_fw *fw, uint64_t budget)
{
    uint64_t charged;

    sgpu_fw_run_pass(fw, budget, true, &charged);
    return charged;
}

bool sgpu_fw_cmd_pending(struct sgpu_fw *fw)
{
    return fw->fw_status & SGPU_FW_STATUS_BUSY;
}
