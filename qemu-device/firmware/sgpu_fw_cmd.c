/*
 * sgpu firmware: the PF's commands and the VF resource table.
 *
 * The firmware owns the table of slices. It refuses a slice that runs past
 * the GPU, overlaps another VF's, is misaligned, cannot fit the VF's BAR2
 * window or would change under a running VF.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sgpu_fw_internal.h"

#include <string.h>

static uint64_t arg64(const uint32_t *args, unsigned lo)
{
    return args[lo] | (uint64_t)args[lo + 1] << 32;
}

/* Do arguments [from, SGPU_FW_NARGS) all read 0? */
static bool args_zero_from(const uint32_t *args, unsigned from)
{
    unsigned i;

    for (i = from; i < SGPU_FW_NARGS; i++) {
        if (args[i]) {
            return false;
        }
    }
    return true;
}

static int sgpu_fw_check_slice(struct sgpu_fw *fw, unsigned vf,
                               const struct sgpu_fw_slice *s)
{
    const struct sgpu_hw_config *cfg = &fw->cfg;
    unsigned other;

    if (s->mmu_count < 1 || s->mmu_count > SGPU_VF_MAX_MMU ||
        (uint64_t)s->dma_count + s->codec_count > SGPU_VF_MAX_ENGINES ||
        s->vram_size < SGPU_VRAM_GRANULE) {
        return SGPU_FW_E_INVAL;
    }
    if (!sgpu_range_fits(s->mmu_first, s->mmu_count, cfg->mmu_units) ||
        !sgpu_range_fits(s->dma_first, s->dma_count, cfg->dma_channels) ||
        !sgpu_range_fits(s->codec_first, s->codec_count, cfg->codec_cores) ||
        !sgpu_range_fits(s->vram_base, s->vram_size, cfg->vram_size)) {
        return SGPU_FW_E_RANGE;
    }
    if ((s->vram_base | s->vram_size) & (SGPU_VRAM_GRANULE - 1)) {
        return SGPU_FW_E_ALIGN;
    }
    if (s->vram_size > cfg->vf_window) {
        return SGPU_FW_E_WINDOW;
    }
    for (other = 0; other < cfg->total_vfs; other++) {
        const struct sgpu_fw_slice *o = sgpu_fw_vf_slice(fw, other);

        if (other == vf || !o) {
            continue;
        }
        if (sgpu_ranges_overlap(s->mmu_first, s->mmu_count,
                                o->mmu_first, o->mmu_count) ||
            sgpu_ranges_overlap(s->dma_first, s->dma_count,
                                o->dma_first, o->dma_count) ||
            sgpu_ranges_overlap(s->codec_first, s->codec_count,
                                o->codec_first, o->codec_count) ||
            sgpu_ranges_overlap(s->vram_base, s->vram_size,
                                o->vram_base, o->vram_size)) {
            return SGPU_FW_E_OVERLAP;
        }
    }
    return SGPU_FW_OK;
}

/* Give (or take back, @owner SGPU_NO_OWNER) the slice's engines and MMUs. */
static void sgpu_fw_assign(struct sgpu_fw *fw, const struct sgpu_fw_slice *s,
                           int owner)
{
    unsigned i;

    for (i = 0; i < s->mmu_count; i++) {
        sgpu_fw_mmu_reset(&fw->mmus[s->mmu_first + i]);
        fw->mmus[s->mmu_first + i].owner = owner;
    }
    for (i = 0; i < s->dma_count; i++) {
        sgpu_fw_engine_reset(&fw->engines[s->dma_first + i]);
        fw->engines[s->dma_first + i].owner = owner;
    }
    for (i = 0; i < s->codec_count; i++) {
        unsigned e = fw->cfg.dma_channels + s->codec_first + i;

        sgpu_fw_engine_reset(&fw->engines[e]);
        fw->engines[e].owner = owner;
    }
}

static void slice_to_words(const struct sgpu_fw_slice *s, uint32_t *w)
{
    w[0] = s->mmu_first;
    w[1] = s->mmu_count;
    w[2] = s->dma_first;
    w[3] = s->dma_count;
    w[4] = s->codec_first;
    w[5] = s->codec_count;
    w[6] = (uint32_t)s->vram_base;
    w[7] = s->vram_base >> 32;
    w[8] = (uint32_t)s->vram_size;
    w[9] = s->vram_size >> 32;
}

static int sgpu_fw_cmd_provision(struct sgpu_fw *fw, unsigned vf)
{
    const uint32_t *a = fw->fw_args;
    struct sgpu_fw_vf *v = &fw->vfs[vf];
    struct sgpu_fw_slice s = {
        .mmu_first = a[1], .mmu_count = a[2],
        .dma_first = a[3], .dma_count = a[4],
        .codec_first = a[5], .codec_count = a[6],
        .vram_base = arg64(a, 7), .vram_size = arg64(a, 9),
    };
    int err;

    if (!args_zero_from(a, 11)) {
        return SGPU_FW_E_INVAL;
    }
    err = sgpu_fw_check_slice(fw, vf, &s);
    if (err) {
        return err;
    }
    if (v->provisioned) {
        sgpu_fw_assign(fw, &v->slice, SGPU_NO_OWNER);
    }
    v->slice = s;
    v->provisioned = true;
    sgpu_fw_assign(fw, &s, vf);
    return SGPU_FW_OK;
}

static int sgpu_fw_cmd_run(struct sgpu_fw *fw)
{
    const uint32_t *a = fw->fw_args;
    uint32_t *r = fw->fw_resp;
    unsigned vf = a[0];
    struct sgpu_fw_vf *v;

    if (fw->fw_cmd == SGPU_FW_CMD_QUERY) {
        if (!args_zero_from(a, 0)) {
            return SGPU_FW_E_INVAL;
        }
        r[0] = fw->abi_version;
        r[1] = fw->cfg.mmu_units;
        r[2] = fw->cfg.dma_channels;
        r[3] = fw->cfg.codec_cores;
        r[4] = fw->cfg.total_vfs;
        r[5] = (uint32_t)fw->cfg.vram_size;
        r[6] = fw->cfg.vram_size >> 32;
        r[7] = (uint32_t)fw->cfg.vf_window;
        r[8] = fw->cfg.vf_window >> 32;
        r[9] = SGPU_VRAM_GRANULE;
        return SGPU_FW_OK;
    }
    if (fw->fw_cmd < SGPU_FW_CMD_VF_PROVISION ||
        fw->fw_cmd > SGPU_FW_CMD_VF_QUARANTINE) {
        return SGPU_FW_E_UNKNOWN_CMD;
    }
    if (vf >= fw->cfg.total_vfs) {
        return SGPU_FW_E_NO_VF;
    }
    v = &fw->vfs[vf];
    switch (fw->fw_cmd) {
    case SGPU_FW_CMD_VF_PROVISION:
        if (vf < fw->num_vfs) {
            return SGPU_FW_E_BUSY;
        }
        return sgpu_fw_cmd_provision(fw, vf);
    case SGPU_FW_CMD_VF_UNPROVISION:
        if (!args_zero_from(a, 1)) {
            return SGPU_FW_E_INVAL;
        }
        if (vf < fw->num_vfs) {
            return SGPU_FW_E_BUSY;
        }
        if (!v->provisioned) {
            return SGPU_FW_E_NOT_PROVISIONED;
        }
        sgpu_fw_assign(fw, &v->slice, SGPU_NO_OWNER);
        memset(&v->slice, 0, sizeof(v->slice));
        v->provisioned = false;
        sgpu_fw_vf_set_pending(fw, vf, false);
        v->quarantined = false;
        v->resets = 0;
        return SGPU_FW_OK;
    case SGPU_FW_CMD_VF_QUERY:
        if (!args_zero_from(a, 1)) {
            return SGPU_FW_E_INVAL;
        }
        r[0] = (v->provisioned ? SGPU_FW_VF_PROVISIONED : 0) |
               (vf < fw->num_vfs ? SGPU_FW_VF_ENABLED : 0) |
               (v->reset_pending ? SGPU_FW_VF_RESET_PENDING : 0) |
               (v->quarantined ? SGPU_FW_VF_QUARANTINED : 0);
        slice_to_words(&v->slice, &r[1]);
        r[11] = v->resets;
        return SGPU_FW_OK;
    case SGPU_FW_CMD_VF_COUNTERS:
        if (!args_zero_from(a, 1)) {
            return SGPU_FW_E_INVAL;
        }
        memcpy(r, v->counters, sizeof(v->counters));
        return SGPU_FW_OK;
    case SGPU_FW_CMD_VF_CLEAR_COUNTERS:
        if (!args_zero_from(a, 1)) {
            return SGPU_FW_E_INVAL;
        }
        memset(v->counters, 0, sizeof(v->counters));
        return SGPU_FW_OK;
    case SGPU_FW_CMD_VF_RESET:
        if (!args_zero_from(a, 1)) {
            return SGPU_FW_E_INVAL;
        }
        if (vf >= fw->num_vfs || !v->provisioned) {
            return SGPU_FW_E_STATE;
        }
        sgpu_fw_vf_reset_now(fw, vf);
        sgpu_fw_vf_reset_notify(fw, vf);
        sgpu_fw_raise(fw, SGPU_FN_VF(vf), SGPU_IRQ_STATE);
        return SGPU_FW_OK;
    case SGPU_FW_CMD_VF_REARM: {
        uint32_t held[10];

        if (!args_zero_from(a, 11)) {
            return SGPU_FW_E_INVAL;
        }
        if (vf >= fw->num_vfs || !v->reset_pending) {
            return SGPU_FW_E_STATE;
        }
        slice_to_words(&v->slice, held);
        if (memcmp(held, &a[1], sizeof(held))) {
            return SGPU_FW_E_MISMATCH;
        }
        sgpu_fw_vf_set_pending(fw, vf, false);
        r[0] = v->resets;
        sgpu_fw_raise(fw, SGPU_FN_VF(vf), SGPU_IRQ_STATE);
        return SGPU_FW_OK;
    }
    default: /* SGPU_FW_CMD_VF_QUARANTINE */
        if (!args_zero_from(a, 2) || a[1] > 1) {
            return SGPU_FW_E_INVAL;
        }
        if (!v->provisioned) {
            return SGPU_FW_E_NOT_PROVISIONED;
        }
        v->quarantined = a[1];
        sgpu_fw_raise(fw, SGPU_FN_VF(vf), SGPU_IRQ_STATE);
        return SGPU_FW_OK;
    }
}

void sgpu_fw_cmd_execute(struct sgpu_fw *fw)
{
    int err;

    memset(fw->fw_resp, 0, sizeof(fw->fw_resp));
    err = sgpu_fw_cmd_run(fw);
    if (err) {
        sgpu_fw_log(fw, "firmware command %u (arg0 %u) refused: %s",
                    fw->fw_cmd, fw->fw_args[0], sgpu_fw_err_name(err));
    }
    fw->fw_status = err;
    fw->fw_done++;
    sgpu_fw_raise(fw, SGPU_FN_PF, SGPU_IRQ_FW);
}
