/*
 * sgpu firmware: the GPU's build-time shape and the rules it must obey.
 *
 * Pure C (no QEMU, glib or kernel types) so host unit tests and fuzzers
 * link it directly. The QEMU glue fills struct sgpu_hw_config from device
 * properties and refuses to realize the device when this check fails.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SGPU_FW_CONFIG_H
#define SGPU_FW_CONFIG_H

#include <stddef.h>
#include <stdint.h>

struct sgpu_hw_config {
    uint32_t total_vfs;
    uint32_t mmu_units;
    uint32_t dma_channels;
    uint32_t codec_cores;
    uint64_t vram_size;         /* bytes, PF BAR2 */
    uint64_t vf_window;         /* bytes, each VF's BAR2 */
};

/*
 * Returns 0 if @cfg describes a GPU that can exist, or -EINVAL with a
 * one-line reason naming the offending property written to @why.
 */
int sgpu_hw_config_check(const struct sgpu_hw_config *cfg,
                         char *why, size_t why_len);

#endif /* SGPU_FW_CONFIG_H */
