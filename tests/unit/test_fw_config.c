/*
 * Host unit tests of the firmware's GPU-shape validation.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>

#include "sgpu_fw_config.h"
#include "sgpu/sgpu_regs.h"
#include "tap.h"

#define MiB (1024ull * 1024)

static struct sgpu_hw_config defaults(void)
{
    struct sgpu_hw_config c = {
        .total_vfs = 8, .mmu_units = 8, .dma_channels = 16,
        .codec_cores = 8, .vram_size = 256 * MiB, .vf_window = 64 * MiB,
    };
    return c;
}

/* Expect a refusal whose message names @prop. */
static void refused(struct sgpu_hw_config c, const char *prop,
                    const char *what)
{
    char why[256] = "";

    is_int(sgpu_hw_config_check(&c, why, sizeof(why)), -EINVAL,
           "refuses %s", what);
    has_str(why, prop, "... and the message names %s", prop);
}

static void accepted(struct sgpu_hw_config c, const char *what)
{
    char why[256] = "";
    int ret = sgpu_hw_config_check(&c, why, sizeof(why));

    is_int(ret, 0, "accepts %s", what);
    if (ret) {
        printf("# %s\n", why);
    }
}

int main(void)
{
    struct sgpu_hw_config c;
    char tiny[8];

    accepted(defaults(), "the default GPU");

    c = defaults(); c.total_vfs = 0;
    refused(c, "total-vfs=0", "zero VFs");
    c = defaults(); c.total_vfs = 9;
    refused(c, "mmu-units=8", "more VFs than MMU units");
    c = defaults(); c.total_vfs = 8; c.dma_channels = 7;
    refused(c, "dma-channels=7", "more VFs than DMA channels");
    c = defaults(); c.total_vfs = 256; c.mmu_units = 256;
    c.dma_channels = 256; c.vram_size = 512 * MiB;
    refused(c, "total-vfs=256", "more VFs than an ARI bus holds");
    c.total_vfs = 255;
    accepted(c, "255 VFs, the most an ARI bus holds");

    c = defaults(); c.mmu_units = 0;
    refused(c, "mmu-units=0", "no MMU unit");
    c = defaults(); c.mmu_units = SGPU_MAX_MMU_UNITS + 1;
    refused(c, "mmu-units=257", "too many MMU units");
    c = defaults(); c.dma_channels = 0;
    refused(c, "dma-channels=0", "no DMA channel");
    c = defaults(); c.codec_cores = SGPU_MAX_CODEC_CORES + 1;
    refused(c, "codec-cores=257", "too many codec cores");
    c = defaults(); c.codec_cores = 0;
    accepted(c, "a GPU without codec cores");

    c = defaults(); c.vram_size = 100 * MiB;
    refused(c, "vram-size=104857600", "VRAM that is not a power of two");
    c = defaults(); c.vram_size = 8 * MiB; c.vf_window = 1 * MiB;
    refused(c, "vram-size=8388608", "VRAM below the minimum");
    c = defaults(); c.vram_size = SGPU_MAX_VRAM_SIZE * 2;
    refused(c, "vram-size", "VRAM above the maximum");
    c = defaults(); c.vram_size = 0;
    refused(c, "vram-size=0", "no VRAM");

    c = defaults(); c.vf_window = 48 * MiB;
    refused(c, "vf-vram-window=50331648",
            "a window that is not a power of two");
    c = defaults(); c.vf_window = 512 * 1024;
    refused(c, "vf-vram-window=524288", "a window smaller than a granule");
    c = defaults(); c.vf_window = 512 * MiB;
    refused(c, "vf-vram-window=536870912", "a window larger than VRAM");
    c = defaults(); c.vf_window = c.vram_size;
    accepted(c, "a window as large as VRAM");

    c = defaults(); c.vram_size = 16 * MiB; c.vf_window = 1 * MiB;
    c.total_vfs = 16; c.mmu_units = 16;
    refused(c, "too few for total-vfs=16", "VRAM with no granule for the PF");
    c.total_vfs = 15;
    accepted(c, "16 granules for 15 VFs and the PF");

    c = defaults(); c.total_vfs = 9;
    is_int(sgpu_hw_config_check(&c, NULL, 0), -EINVAL,
           "refuses without a message buffer");
    is_int(sgpu_hw_config_check(&c, tiny, sizeof(tiny)), -EINVAL,
           "refuses into a tiny buffer");
    is_int((long long)strlen(tiny), (long long)sizeof(tiny) - 1,
           "... which holds a truncated, terminated message");
    return tap_done();
}
