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

#include "sgpu/sgpu_s2.h"

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

struct sgpu_fw_slice_words
sgpu_fw_slice_to_words(const struct sgpu_fw_slice *s)
{
    return (struct sgpu_fw_slice_words) {
        .mmu_first = s->mmu_first, .mmu_count = s->mmu_count,
        .dma_first = s->dma_first, .dma_count = s->dma_count,
        .codec_first = s->codec_first, .codec_count = s->codec_count,
        .vram_base_lo = (uint32_t)s->vram_base,
        .vram_base_hi = s->vram_base >> 32,
        .vram_size_lo = (uint32_t)s->vram_size,
        .vram_size_hi = s->vram_size >> 32,
    };
}

static struct sgpu_fw_slice words_to_slice(const struct sgpu_fw_slice_words *w)
{
    return (struct sgpu_fw_slice) {
        .mmu_first = w->mmu_first, .mmu_count = w->mmu_count,
        .dma_first = w->dma_first, .dma_count = w->dma_count,
        .codec_first = w->codec_first, .codec_count = w->codec_count,
        .vram_base = sgpu_fw_u64(w->vram_base_lo, w->vram_base_hi),
        .vram_size = sgpu_fw_u64(w->vram_size_lo, w->vram_size_hi),
    };
}

static bool slice_words_equal(const struct sgpu_fw_slice_words *a,
                              const struct sgpu_fw_slice_words *b)
{
    return !memcmp(a, b, sizeof(*a));
}

static int sgpu_fw_cmd_provision(struct sgpu_fw *fw, unsigned vf,
                                 const struct sgpu_fw_vf_slice_args *args)
{
    struct sgpu_fw_vf *v = &fw->vfs[vf];
    struct sgpu_fw_slice s = words_to_slice(&args->slice);
    int err;

    if (!args_zero_from(fw->cmd_args, SGPU_FW_WORDS(*args))) {
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
    if (vf < fw->num_vfs) {
        /*
         * A mediated VF that exists gets the slice at once: what the PF
         * left in that VRAM goes first, and the VF starts fresh.
         */
        sgpu_fw_vf_reset_now(fw, vf);
        v->resets = 0;
        fw->host.vf_aperture(fw->host.opaque, vf, true);
    }
    return SGPU_FW_OK;
}

/* The command's results, as its struct, into FW_RESP. */
static void set_resp(struct sgpu_fw *fw, const void *resp, size_t size)
{
    memcpy(fw->fw_resp, resp, size);
}

static int sgpu_fw_cmd_run(struct sgpu_fw *fw)
{
    const uint32_t *a = fw->cmd_args;
    unsigned op = SGPU_FW_CMD_OP(fw->fw_cmd);
    struct sgpu_fw_vf_slice_args slice_args;
    struct sgpu_fw_vf_quarantine_args hold;
    unsigned vf = a[0];
    struct sgpu_fw_vf *v;

    /* Every layout starts at ARG0: take each as its struct. */
    memcpy(&slice_args, a, sizeof(slice_args));
    memcpy(&hold, a, sizeof(hold));
    if (fw->fw_cmd & SGPU_FW_CMD_RESERVED) {
        return SGPU_FW_E_INVAL;
    }
    if (op == SGPU_FW_CMD_QUERY) {
        if (!args_zero_from(a, 0)) {
            return SGPU_FW_E_INVAL;
        }
        set_resp(fw, &(struct sgpu_fw_query_resp) {
            .version = fw->abi_version,
            .mmu_units = fw->cfg.mmu_units,
            .dma_channels = fw->cfg.dma_channels,
            .codec_cores = fw->cfg.codec_cores,
            .total_vfs = fw->cfg.total_vfs,
            .vram_size_lo = (uint32_t)fw->cfg.vram_size,
            .vram_size_hi = fw->cfg.vram_size >> 32,
            .vf_window_lo = (uint32_t)fw->cfg.vf_window,
            .vf_window_hi = fw->cfg.vf_window >> 32,
            .vram_granule = SGPU_VRAM_GRANULE,
        }, sizeof(struct sgpu_fw_query_resp));
        return SGPU_FW_OK;
    }
    if (op < SGPU_FW_CMD_VF_PROVISION || op > SGPU_FW_CMD_VF_S2_SET) {
        return SGPU_FW_E_UNKNOWN_CMD;
    }
    if (vf >= fw->cfg.total_vfs) {
        return SGPU_FW_E_NO_VF;
    }
    v = &fw->vfs[vf];
    switch (op) {
    case SGPU_FW_CMD_VF_PROVISION:
        /* Only the host drives a mediated VF: it may get a slice live. */
        if (vf < fw->num_vfs && (!v->s2_on || v->provisioned)) {
            return SGPU_FW_E_BUSY;
        }
        return sgpu_fw_cmd_provision(fw, vf, &slice_args);
    case SGPU_FW_CMD_VF_UNPROVISION:
        if (!args_zero_from(a, SGPU_FW_WORDS(struct sgpu_fw_vf_arg))) {
            return SGPU_FW_E_INVAL;
        }
        if (vf < fw->num_vfs && !v->s2_on) {
            return SGPU_FW_E_BUSY;
        }
        if (!v->provisioned) {
            return SGPU_FW_E_NOT_PROVISIONED;
        }
        if (vf < fw->num_vfs) {
            sgpu_fw_vf_reset_now(fw, vf);   /* stop it, scrub the slice */
        }
        sgpu_fw_assign(fw, &v->slice, SGPU_NO_OWNER);
        memset(&v->slice, 0, sizeof(v->slice));
        v->provisioned = false;
        sgpu_fw_vf_set_pending(fw, vf, false);
        v->quarantined = false;
        v->resets = 0;
        if (vf < fw->num_vfs) {
            fw->host.vf_aperture(fw->host.opaque, vf, false);
        }
        return SGPU_FW_OK;
    case SGPU_FW_CMD_VF_S2_SET: {
        struct sgpu_fw_vf_s2_args s2;
        uint64_t root;

        memcpy(&s2, a, sizeof(s2));
        root = sgpu_fw_u64(s2.root_lo, s2.root_hi);
        if (!args_zero_from(a, SGPU_FW_WORDS(s2)) || s2.enable > 1 ||
            (!s2.enable && root)) {
            return SGPU_FW_E_INVAL;
        }
        if (root & (SGPU_S2_TABLE_SIZE - 1)) {
            return SGPU_FW_E_ALIGN;
        }
        if (s2.enable && !sgpu_fw_host_range_ok(root, SGPU_S2_TABLE_SIZE)) {
            return SGPU_FW_E_RANGE;
        }
        return sgpu_fw_s2_set(fw, vf, s2.enable, root);
    }
    case SGPU_FW_CMD_VF_QUERY:
        if (!args_zero_from(a, SGPU_FW_WORDS(struct sgpu_fw_vf_arg))) {
            return SGPU_FW_E_INVAL;
        }
        set_resp(fw, &(struct sgpu_fw_vf_query_resp) {
            .flags = (v->provisioned ? SGPU_FW_VF_PROVISIONED : 0) |
                     (vf < fw->num_vfs ? SGPU_FW_VF_ENABLED : 0) |
                     (v->reset_pending ? SGPU_FW_VF_RESET_PENDING : 0) |
                     (v->quarantined ? SGPU_FW_VF_QUARANTINED : 0) |
                     (v->s2_on ? SGPU_FW_VF_MEDIATED : 0),
            .slice = sgpu_fw_slice_to_words(&v->slice),
            .resets = v->resets,
        }, sizeof(struct sgpu_fw_vf_query_resp));
        return SGPU_FW_OK;
    case SGPU_FW_CMD_VF_COUNTERS:
        if (!args_zero_from(a, SGPU_FW_WORDS(struct sgpu_fw_vf_arg))) {
            return SGPU_FW_E_INVAL;
        }
        memcpy(fw->fw_resp, v->counters, sizeof(v->counters));
        return SGPU_FW_OK;
    case SGPU_FW_CMD_VF_CLEAR_COUNTERS:
        if (!args_zero_from(a, SGPU_FW_WORDS(struct sgpu_fw_vf_arg))) {
            return SGPU_FW_E_INVAL;
        }
        memset(v->counters, 0, sizeof(v->counters));
        return SGPU_FW_OK;
    case SGPU_FW_CMD_VF_RESET:
        if (!args_zero_from(a, SGPU_FW_WORDS(struct sgpu_fw_vf_arg))) {
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
        struct sgpu_fw_slice_words held = sgpu_fw_slice_to_words(&v->slice);

        if (!args_zero_from(a, SGPU_FW_WORDS(slice_args))) {
            return SGPU_FW_E_INVAL;
        }
        if (vf >= fw->num_vfs || !v->reset_pending) {
            return SGPU_FW_E_STATE;
        }
        if (!slice_words_equal(&held, &slice_args.slice)) {
            return SGPU_FW_E_MISMATCH;
        }
        sgpu_fw_vf_set_pending(fw, vf, false);
        set_resp(fw, &(struct sgpu_fw_vf_rearm_resp) { .resets = v->resets },
                 sizeof(struct sgpu_fw_vf_rearm_resp));
        sgpu_fw_raise(fw, SGPU_FN_VF(vf), SGPU_IRQ_STATE);
        return SGPU_FW_OK;
    }
    default: /* SGPU_FW_CMD_VF_QUARANTINE */
        if (!args_zero_from(a, SGPU_FW_WORDS(hold)) || hold.hold > 1) {
            return SGPU_FW_E_INVAL;
        }
        if (!v->provisioned) {
            return SGPU_FW_E_NOT_PROVISIONED;
        }
        v->quarantined = hold.hold;
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
        sgpu_fw_log(fw, "firmware command 0x%x (arg0 %u) refused: %s",
                    fw->fw_cmd, fw->cmd_args[0], sgpu_fw_err_name(err));
    }
    fw->fw_status = SGPU_FW_CMD_SEQ(fw->fw_cmd) << 16 | err;
    fw->fw_done++;
    sgpu_fw_raise(fw, SGPU_FN_PF, SGPU_IRQ_FW);
}
