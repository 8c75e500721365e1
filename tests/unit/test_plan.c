/*
 * Host unit tests of the PF driver's provisioning planner (sgpu_plan.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sgpu_plan.h"
#include "tap.h"

#define MiB (1024ull * 1024)

static const struct sgpu_plan_gpu gpu = {
    .mmu_units = 8, .dma_channels = 16, .codec_cores = 8,
    .vram_size = 256 * MiB, .vf_window = 64 * MiB, .granule = MiB,
};
static const struct sgpu_quota reserve = { 0, 1, 0, 16 * MiB };

static int slices_disjoint(const struct sgpu_slice *s, unsigned n)
{
    unsigned i;

    for (i = 1; i < n; i++) {
        if (s[i].mmu_first != s[i - 1].mmu_first + s[i - 1].mmu_count ||
            s[i].dma_first != s[i - 1].dma_first + s[i - 1].dma_count ||
            s[i].codec_first != s[i - 1].codec_first + s[i - 1].codec_count ||
            s[i].vram_base != s[i - 1].vram_base + s[i - 1].vram_size) {
            return 0;
        }
    }
    return s[0].dma_first == reserve.dma && s[0].vram_base == reserve.vram;
}

int main(void)
{
    struct sgpu_quota q[8] = { { 0 } }, p;
    struct sgpu_slice s[8];
    char why[160] = "";
    int i;

    is_int(sgpu_plan_place(&gpu, &reserve, 8, q, s, why, sizeof(why)), 0,
           "8 VFs share the GPU fairly");
    ok(s[7].mmu_count == 1 && s[7].dma_count == 1 && s[7].codec_count == 1 &&
       s[7].vram_size == 30 * MiB, "... 1 MMU, 1 DMA, 1 codec, 30 MiB each");
    ok(slices_disjoint(s, 8), "... consecutive, after the PF's reserve");
    ok(s[7].dma_first + 1 <= gpu.dma_channels &&
       s[7].vram_base + s[7].vram_size <= gpu.vram_size,
       "... and inside the GPU");

    is_int(sgpu_plan_place(&gpu, &reserve, 2, q, s, why, sizeof(why)), 0,
           "2 VFs share the GPU fairly");
    ok(s[0].mmu_count == 4 && s[0].dma_count == 7 && s[0].codec_count == 4 &&
       s[0].vram_size == 64 * MiB,
       "... half each, VRAM capped at the 64 MiB window");

    is_int(sgpu_profile_quota(&gpu, &reserve, 2, &p), 0, "sgpu-4 fits");
    ok(p.mmu == 2 && p.dma == 3 && p.codec == 2 && p.vram == 60 * MiB,
       "... a quarter of what VFs may use");
    is_int(sgpu_profile_quota(&gpu, &reserve, 9, &p), -EINVAL,
           "profile index 9 refused");
    {
        struct sgpu_plan_gpu tiny = gpu;

        tiny.dma_channels = 4;
        is_int(sgpu_profile_quota(&tiny, &reserve, 3, &p), -ENOSPC,
               "sgpu-8 on a 4-channel GPU leaves instances no channel");
    }

    q[0] = (struct sgpu_quota){ 2, 4, 1, 32 * MiB };
    is_int(sgpu_plan_place(&gpu, &reserve, 3, q, s, why, sizeof(why)), 0,
           "a custom quota plus two fair shares");
    ok(s[0].mmu_count == 2 && s[0].dma_count == 4 && s[0].vram_size == 32 * MiB,
       "... VF0 gets exactly its quota");
    ok(s[1].mmu_count == 3 && s[1].dma_count == 5 && s[1].codec_count == 3 &&
       s[1].vram_size == 64 * MiB, "... the others split the rest");
    ok(slices_disjoint(s, 3), "... without overlap");

    q[1] = (struct sgpu_quota){ 1, 12, 0, 8 * MiB };
    is_int(sgpu_plan_place(&gpu, &reserve, 2, q, s, why, sizeof(why)),
           -ENOSPC, "4 + 12 DMA channels over-commit");
    has_str(why, "DMA channels: the VFs ask for 16, 15 left after the PF's "
            "reserve of 1", "... the reason names resource and numbers");

    for (i = 0; i < 4; i++) {
        q[i] = (struct sgpu_quota){ 1, 1, 0, 64 * MiB };
    }
    is_int(sgpu_plan_place(&gpu, &reserve, 4, q, s, why, sizeof(why)),
           -ENOSPC, "4 x 64 MiB would eat the reserve");
    has_str(why, "VRAM bytes: the VFs ask for 268435456, 251658240 left",
            "... the reason names VRAM");

    memset(q, 0, sizeof(q));
    q[0] = (struct sgpu_quota){ 7, 1, 0, MiB };
    is_int(sgpu_plan_place(&gpu, &reserve, 3, q, s, why, sizeof(why)),
           -ENOSPC, "a quota that leaves the fair VFs one MMU unit for two");
    has_str(why, "MMU units", "... names MMU units");

    p = (struct sgpu_quota){ 0, 1, 0, MiB };
    is_int(sgpu_quota_check(&gpu, &p, why, sizeof(why)), -EINVAL,
           "a quota without an MMU unit refused");
    p = (struct sgpu_quota){ 1, 1, 0, MiB + 4096 };
    is_int(sgpu_quota_check(&gpu, &p, why, sizeof(why)), -EINVAL,
           "VRAM that is not whole granules refused");
    p = (struct sgpu_quota){ 1, 1, 0, 128 * MiB };
    is_int(sgpu_quota_check(&gpu, &p, why, sizeof(why)), -EINVAL,
           "VRAM beyond the VF window refused");
    p = (struct sgpu_quota){ 1, 17, 0, MiB };
    is_int(sgpu_quota_check(&gpu, &p, why, sizeof(why)), -EINVAL,
           "more channels than the GPU has refused");

    {
        static struct sgpu_quota big[255];
        static struct sgpu_slice out[255];
        struct sgpu_plan_gpu g = {
            255, 256, 0, 512 * MiB, 2 * MiB, MiB,
        };
        struct sgpu_quota r = { 0, 1, 0, MiB };

        is_int(sgpu_plan_place(&g, &r, 255, big, out, why, sizeof(why)), 0,
               "255 VFs on an ARI-sized GPU");
        ok(out[254].dma_first == 255 && out[254].vram_size == 2 * MiB,
           "... the last one gets channel 255 and 2 MiB");
    }
    return tap_done();
}
