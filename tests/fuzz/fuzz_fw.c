/*
 * libFuzzer target for the sgpu firmware.
 *
 * The input is a GPU's worth of hostile state and actions: the first byte
 * picks a mode, then 16 KiB of host memory (rings, descriptors), 32 KiB of
 * VF0's VRAM (page tables), then 8-byte actions (register writes, runs,
 * resets). In mode 0 only VF0 acts, and the target checks isolation after
 * every input: the other VFs' VRAM and the VRAM no VF owns are unchanged.
 * DMA reaches the device's own registers (the harness's peer-to-peer
 * window) and the x86 interrupt window, as under VFIO.
 * In mode 1 the PF acts too (firmware commands, its engines), and only
 * memory safety is checked (by the sanitizers). With bit 1 of the first
 * byte, VF0 is mediated: its host addresses go through a second-stage
 * table in the PF's memory (an identity map of 2 MiB, with the entries
 * whose host byte has bit 7 set taken from the input instead), and the PF
 * resolves its misses and invalidates at the input's say.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "../unit/fw_harness.h"
#include "sgpu/sgpu_s2.h"

#define MiB (1024u * 1024)
#define HOST_BYTES  (16u * 1024)
#define VRAM_BYTES  (32u * 1024)
#define HEADER      (1 + HOST_BYTES + VRAM_BYTES)

static const struct sgpu_hw_config cfg = {
    .total_vfs = 4, .mmu_units = 4, .dma_channels = 8, .codec_cores = 4,
    .vram_size = 16 * MiB, .vf_window = 1 * MiB,
};

#include "fuzz_fw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct harness h;
    static uint8_t *before;
    static int ready;
    unsigned vf, mode, mediated, i;
    size_t pos;

    if (size < HEADER) {
        return 0;
    }
    if (!ready) {
        h_init(&h, &cfg);
        h.quiet = 1;
        h.p2p = 1;      /* DMA can reach the device's own registers */
        before = malloc(cfg.vram_size);
        ready = 1;
    }
    /*
     * A fresh GPU each time: VF n owns MMU n, DMA channels 2n and 2n + 1,
     * codec core n and VRAM [n + 1, n + 2) MiB; VRAM below 1 MiB and above
     * 5 MiB is nobody's. VF n's IOMMU maps host [n, n + 1) MiB.
     */
    sgpu_fw_reset(h.fw);
    memset(h.allowed, 0, H_MAX_FN * sizeof(*h.allowed));
    for (vf = 0; vf < 4; vf++) {
        struct sgpu_fw_slice s = {
            vf, 1, 2 * vf, 2, vf, 1, MiB * (vf + 1), MiB,
        };

        h_provision(&h, vf, &s);
        h_map(&h, SGPU_FN_VF(vf), vf * MiB, MiB);
    }
    h_map(&h, SGPU_FN_PF, 4 * MiB, MiB);
    mediated = data[0] & 2;
    if (mediated) {
        const uint64_t root = 4 * MiB, l1 = root + 4096, l2 = l1 + 4096;
        uint32_t args[SGPU_FW_NARGS] = { 0, 1, (uint32_t)root, 0 };

        memset(h.ram + root, 0, 3 * 4096);
        sgpu_put_le64(h.ram + root, l1 | SGPU_S2E_VALID);
        sgpu_put_le64(h.ram + l1, l2 | SGPU_S2E_VALID);
        for (i = 0; i < SGPU_S2_ENTRIES; i++) {
            sgpu_put_le64(h.ram + l2 + 8 * i,
                          data[1 + i] & 0x80 ? sgpu_get_le64(data + 1 + 8 * i)
                          : (uint64_t)i * 4096 | SGPU_S2E_VALID |
                            SGPU_S2E_WRITE);
        }
        h_cmd(&h, SGPU_FW_CMD_WORD(SGPU_FW_CMD_VF_S2_SET, 0), args, 4);
    }
    sgpu_fw_set_num_vfs(h.fw, 4);
    memset(h.vram, 0x77, cfg.vram_size);
    mode = data[0] & 1;
    memcpy(h.ram, data + 1, HOST_BYTES);
    memcpy(h.vram + MiB, data + 1 + HOST_BYTES, VRAM_BYTES);
    memcpy(before, h.vram, cfg.vram_size);

    for (pos = HEADER; pos + 8 <= size; pos += 8) {
        const uint8_t *a = data + pos;
        uint32_t off = (a[1] | a[2] << 8) & ~3u, val = sgpu_get_le32(a + 4);

        switch (a[0] % 8) {
        case 0: case 1: case 2: case 3:
            sgpu_fw_write(h.fw, SGPU_FN_VF(0), off & 0x3fff, val);
            break;
        case 4:
            sgpu_fw_read(h.fw, SGPU_FN_VF(0), off & 0x3fff, &val);
            break;
        case 5:
            h.now_us += (uint64_t)(val >> 20) * 1000000; /* WAIT timeouts */
            if (a[3] & 1) {
                sgpu_fw_run_behind(h.fw, val & 0xfffff);   /* a rest's kick */
            } else {
                sgpu_fw_run(h.fw, val & 0xfffff);
            }
            break;
        case 6:
            sgpu_fw_vf_reset(h.fw, 0);
            break;
        default:
            if (mediated && (a[3] & 0x80)) {
                /* The PF resolves a miss or invalidates VF0's table. */
                sgpu_fw_write(h.fw, SGPU_FN_PF,
                              SGPU_PF_S2((a[3] & 0x7f) % 5) + (off & 0x1c),
                              val % 4);
            } else if (mode) {
                sgpu_fw_write(h.fw, a[3] % 5, off, val);
            }
            break;
        }
    }
    for (pos = 0; pos < 1000 && sgpu_fw_run(h.fw, 4 * MiB) == SGPU_FW_BUSY;
         pos++) {
        continue;
    }
    if (mode == 0) {
        for (vf = 1; vf < 4; vf++) {
            const struct sgpu_fw_slice *s = sgpu_fw_vf_slice(h.fw, vf);

            if (memcmp(h.vram + s->vram_base, before + s->vram_base,
                       s->vram_size)) {
                fprintf(stderr, "VF0 changed VF%u's VRAM\n", vf);
                abort();
            }
        }
        if (memcmp(h.vram, before, MiB) ||
            memcmp(h.vram + 5 * MiB, before + 5 * MiB, 11 * MiB)) {
            fprintf(stderr, "VF0 changed VRAM outside every slice\n");
            abort();
        }
    }
    return 0;
}
