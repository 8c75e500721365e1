/*
 * sgpu firmware: validation of the GPU's shape (see sgpu_fw_config.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sgpu_fw_config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "sgpu/sgpu_regs.h"

static int refuse(char *why, size_t why_len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int refuse(char *why, size_t why_len, const char *fmt, ...)
{
    va_list ap;

    if (why && why_len) {
        va_start(ap, fmt);
        vsnprintf(why, why_len, fmt, ap);
        va_end(ap);
    }
    return -EINVAL;
}

static int is_pow2(uint64_t v)
{
    return v && !(v & (v - 1));
}

int sgpu_hw_config_check(const struct sgpu_hw_config *cfg,
                         char *why, size_t why_len)
{
    uint64_t granules;

    if (cfg->total_vfs < 1 || cfg->total_vfs > SGPU_MAX_VFS) {
        return refuse(why, why_len,
                      "total-vfs=%" PRIu32 " is out of range 1..%u (VFs at "
                      "offset %u stride %u from function 0 must fit in one "
                      "ARI bus)", cfg->total_vfs, SGPU_MAX_VFS,
                      SGPU_VF_OFFSET, SGPU_VF_STRIDE);
    }
    if (cfg->mmu_units < 1 || cfg->mmu_units > SGPU_MAX_MMU_UNITS) {
        return refuse(why, why_len,
                      "mmu-units=%" PRIu32 " is out of range 1..%u",
                      cfg->mmu_units, SGPU_MAX_MMU_UNITS);
    }
    if (cfg->dma_channels < 1 || cfg->dma_channels > SGPU_MAX_DMA_CHANNELS) {
        return refuse(why, why_len,
                      "dma-channels=%" PRIu32 " is out of range 1..%u",
                      cfg->dma_channels, SGPU_MAX_DMA_CHANNELS);
    }
    if (cfg->codec_cores > SGPU_MAX_CODEC_CORES) {
        return refuse(why, why_len,
                      "codec-cores=%" PRIu32 " is out of range 0..%u",
                      cfg->codec_cores, SGPU_MAX_CODEC_CORES);
    }
    if (cfg->total_vfs > cfg->mmu_units) {
        return refuse(why, why_len,
                      "total-vfs=%" PRIu32 " exceeds mmu-units=%" PRIu32
                      ": every VF owns at least one MMU unit",
                      cfg->total_vfs, cfg->mmu_units);
    }
    if (cfg->total_vfs > cfg->dma_channels) {
        return refuse(why, why_len,
                      "total-vfs=%" PRIu32 " exceeds dma-channels=%" PRIu32
                      ": every VF owns at least one DMA channel",
                      cfg->total_vfs, cfg->dma_channels);
    }
    if (!is_pow2(cfg->vram_size) || cfg->vram_size < SGPU_MIN_VRAM_SIZE ||
        cfg->vram_size > SGPU_MAX_VRAM_SIZE) {
        return refuse(why, why_len,
                      "vram-size=%" PRIu64 " must be a power of two from "
                      "%llu MiB to %llu GiB", cfg->vram_size,
                      SGPU_MIN_VRAM_SIZE >> 20, SGPU_MAX_VRAM_SIZE >> 30);
    }
    if (!is_pow2(cfg->vf_window) || cfg->vf_window < SGPU_VRAM_GRANULE ||
        cfg->vf_window > cfg->vram_size) {
        return refuse(why, why_len,
                      "vf-vram-window=%" PRIu64 " must be a power of two "
                      "from %llu MiB to vram-size=%" PRIu64, cfg->vf_window,
                      SGPU_VRAM_GRANULE >> 20, cfg->vram_size);
    }
    /* One granule per VF at the least, and one kept for the PF. */
    granules = cfg->vram_size / SGPU_VRAM_GRANULE;
    if (granules < (uint64_t)cfg->total_vfs + 1) {
        return refuse(why, why_len,
                      "vram-size=%" PRIu64 " holds %" PRIu64 " granules of "
                      "%llu MiB: too few for total-vfs=%" PRIu32
                      " plus the PF", cfg->vram_size, granules,
                      SGPU_VRAM_GRANULE >> 20, cfg->total_vfs);
    }
    return 0;
}
