/*
 * Host unit tests of the second-stage translation of mediated VFs: the
 * VF_S2_SET command, live provisioning of a mediated VF, misses that park
 * an engine until the PF resolves them, failed and read-only pages,
 * invalidation while a job runs, and resets.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sgpu/sgpu_s2.h"
#include "tap.h"

#include "fw_setup.h"

#define ENG(e)      (SGPU_VF_ENGINES + (e) * SGPU_ENGINE_STRIDE)
#define TABLES      0xe00000ull         /* the PF's S2 tables */
#define VM_BUS      0x400000ull         /* where the VM's memory is */
#define VM_SIZE     (8 * MiB)
#define VM_BASE     0x100000000ull      /* the VM's IOVA of VM_BUS */
#define S2(vf, r)   (SGPU_PF_S2(vf) + (r))

/* What a PF driver keeps for one mediated VF. */
struct pf_s2 {
    struct harness *h;
    unsigned vf;
    uint64_t root, next;
    uint64_t ro_first, ro_len;          /* IOVAs the VM maps read-only */
    unsigned served, failed;
};

static uint64_t table_new(struct pf_s2 *s)
{
    uint64_t t = s->next;

    s->next += SGPU_S2_TABLE_SIZE;
    memset(s->h->ram + t, 0, SGPU_S2_TABLE_SIZE);
    return t;
}

static unsigned s2_set(struct harness *h, unsigned vf, unsigned enable,
                       uint64_t root)
{
    struct sgpu_fw_vf_s2_args a = {
        .vf = vf, .enable = enable,
        .root_lo = (uint32_t)root, .root_hi = root >> 32,
    };

    return h_cmd_args(h, SGPU_FW_CMD_VF_S2_SET, &a, sizeof(a));
}

static void pf_s2_init(struct pf_s2 *s, struct harness *h, unsigned vf)
{
    memset(s, 0, sizeof(*s));
    s->h = h;
    s->vf = vf;
    s->next = TABLES + vf * 0x40000;
    h_map(h, PF, TABLES, MiB);
    s->root = table_new(s);
    is_int(s2_set(h, vf, 1, s->root), SGPU_FW_OK, "VF%u: S2 on", vf);
}

/* The level-2 entry slot for @iova, making tables on the way. */
static uint8_t *leaf_slot(struct pf_s2 *s, uint64_t iova)
{
    uint64_t t = s->root, e;
    uint8_t *slot;
    unsigned l;

    for (l = 0; l < SGPU_S2_LEVELS - 1; l++) {
        slot = s->h->ram + t + SGPU_S2_INDEX(iova, l) * 8;
        e = sgpu_get_le64(slot);
        if (!(e & SGPU_S2E_VALID)) {
            e = table_new(s) | SGPU_S2E_VALID;
            sgpu_put_le64(slot, e);
        }
        t = e & SGPU_S2E_ADDR_MASK;
    }
    return s->h->ram + t + SGPU_S2_INDEX(iova, SGPU_S2_LEVELS - 1) * 8;
}

static void s2_map(struct pf_s2 *s, uint64_t iova, uint64_t bus, bool write)
{
    sgpu_put_le64(leaf_slot(s, iova), bus | SGPU_S2E_VALID |
                                      (write ? SGPU_S2E_WRITE : 0));
}

/*
 * Run the device and serve its misses as a PF driver does: a page of the
 * VM's memory is mapped (read-only where the VM has it so), anything else
 * fails. Returns the misses served.
 */
static unsigned run_served(struct pf_s2 *s)
{
    struct harness *h = s->h;
    unsigned n = 0, guard = 10000;
    uint32_t st;
    uint64_t iova;

    h_run(h);
    while (--guard) {
        st = h_rd(h, PF, S2(s->vf, SGPU_S2_FAULT_STATUS));
        if (!(st & SGPU_S2_FAULT_PENDING)) {
            break;
        }
        iova = h_rd(h, PF, S2(s->vf, SGPU_S2_FAULT_IOVA_LO)) |
               (uint64_t)h_rd(h, PF, S2(s->vf, SGPU_S2_FAULT_IOVA_HI)) << 32;
        h_wr(h, PF, SGPU_REG_VF_S2_PENDING(s->vf / 32), 1u << (s->vf % 32));
        if (iova >= VM_BASE && iova < VM_BASE + VM_SIZE &&
            !((st & SGPU_S2_FAULT_WRITE) && iova >= s->ro_first &&
              iova < s->ro_first + s->ro_len)) {
            s2_map(s, iova, VM_BUS + (iova - VM_BASE),
                   !(iova >= s->ro_first && iova < s->ro_first + s->ro_len));
            h_wr(h, PF, S2(s->vf, SGPU_S2_RESOLVE), SGPU_S2_RESOLVE_RETRY);
            s->served++;
        } else {
            h_wr(h, PF, S2(s->vf, SGPU_S2_RESOLVE), SGPU_S2_RESOLVE_FAIL);
            s->failed++;
        }
        n++;
        h_run(h);
    }
    return n;
}

static uint8_t *vm_mem(struct harness *h, uint64_t iova)
{
    return h->ram + VM_BUS + (iova - VM_BASE);
}

/* VF0 and VF1 exist, VF1 provisioned as usual; VF0 waits for an mdev. */
static void mediated_setup(struct harness *h, struct pf_s2 *s)
{
    struct sgpu_fw_slice s0 = slice_of(0), s1 = slice_of(1);

    h_init(h, &cfg4);
    h->quiet = 1;
    h_provision(h, 1, &s1);
    sgpu_fw_set_num_vfs(h->fw, 2);
    h_map(h, VF(0), VM_BUS, VM_SIZE);
    pf_s2_init(s, h, 0);
    is_int(h_provision(h, 0, &s0), SGPU_FW_OK,
           "a mediated VF that exists gets its slice live");
}

/* VF0's engine 0 with a ring at the VM's IOVA VM_BASE. */
static void vm_engine(struct harness *h)
{
    h_wr(h, VF(0), SGPU_VF_MMU(0) + SGPU_MMU_CTRL, SGPU_MMU_CTRL_ENABLE);
    h_wr(h, VF(0), ENG(0) + SGPU_ENG_RING_BASE_LO, (uint32_t)VM_BASE);
    h_wr(h, VF(0), ENG(0) + SGPU_ENG_RING_BASE_HI, VM_BASE >> 32);
    h_wr(h, VF(0), ENG(0) + SGPU_ENG_RING_SIZE, 16);
    h_wr(h, VF(0), ENG(0) + SGPU_ENG_CTRL, SGPU_ENG_CTRL_ENABLE);
}

static void vm_desc(struct harness *h, unsigned slot, uint32_t op,
                    uint32_t flags, uint32_t fill, uint64_t src, uint64_t dst,
                    uint64_t len)
{
    h_desc(h, VM_BUS + slot * SGPU_DESC_SIZE, op, flags, 0, fill, src, dst,
           len, 0, 0);
    h_wr(h, VF(0), ENG(0) + SGPU_ENG_RING_TAIL, (slot + 1) % 16);
}

static uint32_t vm_status(struct harness *h, unsigned slot)
{
    return h_desc_status(h, VM_BUS + slot * SGPU_DESC_SIZE);
}

static void test_set_checks(void)
{
    struct sgpu_fw_slice s0 = slice_of(0), s1 = slice_of(1);
    struct sgpu_fw_vf_query_resp q;
    struct sgpu_fw_vf_arg a = { .vf = 0 };
    struct harness h;

    h_init(&h, &cfg4);
    h.quiet = 1;
    is_int(s2_set(&h, 0, 1, TABLES + 8), SGPU_FW_E_ALIGN,
           "S2_SET: a root not 4 KiB aligned is E_ALIGN");
    is_int(s2_set(&h, 0, 2, TABLES), SGPU_FW_E_INVAL,
           "S2_SET: enable 2 is E_INVAL");
    is_int(s2_set(&h, 0, 0, TABLES), SGPU_FW_E_INVAL,
           "S2_SET: off with a root is E_INVAL");
    is_int(s2_set(&h, 0, 1, 0xfee00000ull), SGPU_FW_E_RANGE,
           "S2_SET: a root in the interrupt window is E_RANGE");
    is_int(s2_set(&h, 4, 1, TABLES), SGPU_FW_E_NO_VF,
           "S2_SET: VF >= TotalVFs is E_NO_VF");
    is_int(h_rd(&h, PF, S2(0, SGPU_S2_ROOT_LO)), 0,
           "refused commands changed nothing");

    h_provision(&h, 1, &s1);
    sgpu_fw_set_num_vfs(h.fw, 2);
    is_int(s2_set(&h, 1, 1, TABLES), SGPU_FW_E_BUSY,
           "S2_SET on an enabled VF with a slice is E_BUSY");
    is_int(h_provision(&h, 0, &s0), SGPU_FW_E_BUSY,
           "an enabled VF that is not mediated cannot get a slice");
    is_int(s2_set(&h, 0, 1, TABLES), SGPU_FW_OK,
           "S2_SET on an enabled VF without a slice");
    is_int(h_rd(&h, PF, S2(0, SGPU_S2_ROOT_LO)), (uint32_t)TABLES | 1,
           "ROOT_LO reads the root and the on bit");
    memset(h.vram + s0.vram_base, 0xa5, s0.vram_size);
    h.aperture_closed[0] = true;
    is_int(h_provision(&h, 0, &s0), SGPU_FW_OK,
           "the mediated VF gets a slice while enabled");
    is_int(nonzero(h.vram + s0.vram_base, s0.vram_size), 0,
           "what the PF left in that VRAM is scrubbed first");
    ok(!h.aperture_closed[0], "its BAR2 shows the slice");
    ok(h_rd(&h, VF(0), SGPU_REG_STATUS) & SGPU_STATUS_READY,
       "the VF is READY");
    is_int(h_provision(&h, 0, &s0), SGPU_FW_E_BUSY,
           "but its slice cannot change while it has one");
    is_int(s2_set(&h, 0, 0, 0), SGPU_FW_E_BUSY,
           "nor can S2 go off under it");
    h_cmd_args(&h, SGPU_FW_CMD_VF_QUERY, &a, sizeof(a));
    h_resp(&h, &q, sizeof(q));
    is_int(q.flags & SGPU_FW_VF_MEDIATED, SGPU_FW_VF_MEDIATED,
           "VF_QUERY says mediated");
    memset(h.vram + s0.vram_base, 0x5a, MiB);
    is_int(h_cmd_args(&h, SGPU_FW_CMD_VF_UNPROVISION, &a, sizeof(a)),
           SGPU_FW_OK, "a mediated VF gives its slice back while enabled");
    is_int(nonzero(h.vram + s0.vram_base, s0.vram_size), 0,
           "... scrubbed");
    ok(!(h_rd(&h, VF(0), SGPU_REG_STATUS) & SGPU_STATUS_READY),
       "... and is no longer READY");
    a.vf = 1;
    is_int(h_cmd_args(&h, SGPU_FW_CMD_VF_UNPROVISION, &a, sizeof(a)),
           SGPU_FW_E_BUSY, "an enabled VF that is not mediated keeps its own");
    is_int(s2_set(&h, 0, 0, 0), SGPU_FW_OK, "S2 goes off without a slice");
    sgpu_fw_set_num_vfs(h.fw, 0);
    sgpu_fw_set_num_vfs(h.fw, 2);
    is_int(s2_set(&h, 0, 1, TABLES), SGPU_FW_OK, "on again");
    sgpu_fw_set_num_vfs(h.fw, 0);
    is_int(h_rd(&h, PF, S2(0, SGPU_S2_ROOT_LO)), 0,
           "disabling the VFs turns S2 off");
    h_fini(&h);
}

static void test_miss_and_serve(void)
{
    struct harness h;
    struct pf_s2 s;
    const uint64_t src = VM_BASE + 0x10000, len = 3 * 4096 + 100;
    unsigned irqs, i, misses;

    mediated_setup(&h, &s);
    vm_engine(&h);
    for (i = 0; i < len; i++) {
        vm_mem(&h, src)[i] = (uint8_t)(i * 7 + 1);
    }
    pt_map(&h, 0, VA_VRAM, VRAM_DATA, MiB, SGPU_PTE_WRITE);
    irqs = h.irqs[PF][SGPU_PF_VEC_S2];
    vm_desc(&h, 0, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST, 0, src, VA_VRAM, len);
    h_run(&h);
    is_int(h_rd(&h, PF, S2(0, SGPU_S2_FAULT_STATUS)),
           SGPU_S2_FAULT_PENDING | SGPU_S2_FAULT_WRITE | SGPU_S2_FAULT_RING,
           "the ring slot misses first (written back: a write)");
    is_int(h_rd(&h, PF, S2(0, SGPU_S2_FAULT_IOVA_LO)), (uint32_t)VM_BASE,
           "FAULT_IOVA_LO names the ring's page");
    is_int(h_rd(&h, PF, S2(0, SGPU_S2_FAULT_IOVA_HI)), VM_BASE >> 32,
           "FAULT_IOVA_HI too");
    is_int(h_rd(&h, PF, SGPU_REG_VF_S2_PENDING(0)), 1, "VF_S2_PENDING bit 0");
    is_int(h.irqs[PF][SGPU_PF_VEC_S2] - irqs, 1, "the PF got vector 3 once");
    ok(h_rd(&h, PF, SGPU_REG_IRQ_STATUS) & SGPU_IRQ_S2_FAULT,
       "IRQ_STATUS has S2_FAULT");
    ok(h_rd(&h, VF(0), ENG(0) + SGPU_ENG_STATUS) & SGPU_ENG_STATUS_BUSY,
       "the parked engine reads BUSY");
    is_int(h_rd(&h, VF(0), ENG(0) + SGPU_ENG_RING_HEAD), 0,
           "and has not moved on");
    misses = run_served(&s);
    is_int(misses, 5, "one miss for the ring and one per source page");
    is_int(vm_status(&h, 0), SGPU_DESC_DONE, "the copy completed");
    is_int(memcmp(h.vram + slice_of(0).vram_base + VRAM_DATA,
                  vm_mem(&h, src), len), 0, "the VM's bytes are in VRAM");
    is_int(h_rd(&h, PF, S2(0, SGPU_S2_FAULTS)), 5, "S2_FAULTS counted 5");
    is_int(h_rd(&h, VF(0), SGPU_REG_COUNTER(SGPU_CNT_DMA_FAULT)), 0,
           "nothing counted against the VF");

    /* Mapped now: the same copy again runs without a miss. */
    memset(h.vram + slice_of(0).vram_base + VRAM_DATA, 0, len);
    vm_desc(&h, 1, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST, 0, src, VA_VRAM, len);
    is_int(run_served(&s), 0, "a mapped range runs without a miss");
    is_int(memcmp(h.vram + slice_of(0).vram_base + VRAM_DATA,
                  vm_mem(&h, src), len), 0, "and copies the same bytes");

    /* VRAM to the VM through a SYSTEM page of the VF's own MMU. */
    pt_set(&h, 0, VA_HOST, (VM_BASE + 0x40000) | SGPU_PTE_SYSTEM |
           SGPU_PTE_WRITE | SGPU_PTE_VALID);
    vm_desc(&h, 2, SGPU_OP_COPY, 0, 0, VA_VRAM, VA_HOST, 4096);
    is_int(run_served(&s), 1, "a SYSTEM page is the VM's too: one miss");
    is_int(vm_status(&h, 2), SGPU_DESC_DONE, "the copy to it completed");
    is_int(memcmp(vm_mem(&h, VM_BASE + 0x40000), vm_mem(&h, src), 4096), 0,
           "and landed in the VM's page");
    h_fini(&h);
}

static void test_fail_and_readonly(void)
{
    struct harness h;
    struct pf_s2 s;
    uint8_t before[4096];

    mediated_setup(&h, &s);
    vm_engine(&h);
    memcpy(before, h.ram + 0xd00000, sizeof(before));
    vm_desc(&h, 0, SGPU_OP_FILL, SGPU_DESC_F_DST_HOST, 0x11223344, 0,
            VM_BASE + VM_SIZE, 4096);
    run_served(&s);
    is_int(s.failed, 1, "an IOVA outside the VM's memory: the PF fails it");
    is_int(vm_status(&h, 0), SGPU_DESC_DONE | SGPU_DERR_DMA_FAULT,
           "the job ends with DMA_FAULT");
    is_int(h_rd(&h, VF(0), SGPU_REG_COUNTER(SGPU_CNT_DMA_FAULT)), 1,
           "counted as dma_fault");
    is_int(memcmp(before, h.ram + 0xd00000, sizeof(before)), 0,
           "host memory untouched");
    is_int(h_rd(&h, VF(0), ENG(0) + SGPU_ENG_STATUS) & SGPU_ENG_STATUS_ERROR,
           0, "the engine goes on");

    s.ro_first = VM_BASE + 0x80000;
    s.ro_len = 4096;
    memset(vm_mem(&h, s.ro_first), 0x77, 4096);
    vm_desc(&h, 1, SGPU_OP_FILL, SGPU_DESC_F_DST_HOST, 0x11223344, 0,
            s.ro_first, 4096);
    run_served(&s);
    is_int(vm_status(&h, 1), SGPU_DESC_DONE | SGPU_DERR_DMA_FAULT,
           "a write to a page the VM maps read-only fails");
    is_int(nonzero(vm_mem(&h, s.ro_first), 4096), 4096, "it kept its bytes");
    is_int(vm_mem(&h, s.ro_first)[0], 0x77, "... all of them");

    /* Read-only is enough to read from. */
    vm_desc(&h, 2, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST | SGPU_DESC_F_DST_HOST,
            0, s.ro_first, VM_BASE + 0x90000, 4096);
    run_served(&s);
    is_int(vm_status(&h, 2), SGPU_DESC_DONE, "a read-only page reads");
    is_int(memcmp(vm_mem(&h, VM_BASE + 0x90000), vm_mem(&h, s.ro_first),
                  4096), 0, "and its bytes arrive");

    /* The ring slot itself outside the VM stops the engine. */
    h_wr(&h, VF(0), ENG(1) + SGPU_ENG_RING_BASE_LO, 0);
    h_wr(&h, VF(0), ENG(1) + SGPU_ENG_RING_BASE_HI, 0x10);
    h_wr(&h, VF(0), ENG(1) + SGPU_ENG_RING_SIZE, 16);
    h_wr(&h, VF(0), ENG(1) + SGPU_ENG_CTRL, SGPU_ENG_CTRL_ENABLE);
    h_wr(&h, VF(0), ENG(1) + SGPU_ENG_RING_TAIL, 1);
    run_served(&s);
    is_int(SGPU_ENG_STATUS_CODE(h_rd(&h, VF(0), ENG(1) + SGPU_ENG_STATUS)),
           SGPU_DERR_RING_FETCH, "a ring outside the VM stops its engine");
    is_int(h_rd(&h, VF(0), SGPU_REG_COUNTER(SGPU_CNT_RING_FAULT)), 1,
           "counted as ring_fault");
    h_fini(&h);
}

/*
 * The PF moves the VM's page while a copy from it runs: after
 * S2_INVALIDATE, what is left of the copy must come from the new page.
 */
static void test_invalidate(void)
{
    struct harness h;
    struct pf_s2 s;
    const uint64_t src = VM_BASE + 0x100000, len = 2 * MiB;
    const uint64_t moved = VM_BUS + 4 * MiB;
    uint8_t *dst;
    uint64_t off, stale = 0;
    int guard = 100;

    mediated_setup(&h, &s);
    vm_engine(&h);
    memset(vm_mem(&h, src), 0xaa, len);
    memset(h.ram + moved, 0xbb, len);
    pt_map(&h, 0, VA_VRAM, VRAM_DATA, 4 * MiB, SGPU_PTE_WRITE);
    for (off = 0; off < len; off += 4096) {
        s2_map(&s, src + off, VM_BUS + (src - VM_BASE) + off, true);
    }
    s2_map(&s, VM_BASE, VM_BUS, true);
    vm_desc(&h, 0, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST, 0, src, VA_VRAM, len);
    /* Check both sides and move a few quanta, not all of it. */
    while (h_rd(&h, VF(0), ENG(0) + SGPU_ENG_DONE) == 0 &&
           !h.vram[slice_of(0).vram_base + VRAM_DATA] && --guard) {
        sgpu_fw_run(h.fw, 64 * 1024);
    }
    ok(h.vram[slice_of(0).vram_base + VRAM_DATA] == 0xaa &&
       h_rd(&h, VF(0), ENG(0) + SGPU_ENG_DONE) == 0,
       "the copy has started and not finished");
    for (off = 0; off < len; off += 4096) {
        s2_map(&s, src + off, moved + off, true);
    }
    h_wr(&h, PF, S2(0, SGPU_S2_INVALIDATE), 1);
    run_served(&s);
    is_int(vm_status(&h, 0), SGPU_DESC_DONE, "the copy completed");
    dst = h.vram + slice_of(0).vram_base + VRAM_DATA;
    for (off = len; off > 0 && dst[off - 1] == 0xbb; off--) {
        continue;
    }
    for (; off > 0; off--) {
        stale += dst[off - 1] != 0xaa;
    }
    is_int(stale, 0, "old bytes only before the invalidation");
    ok(dst[len - 1] == 0xbb, "the rest came from the page the PF moved to");
    h_fini(&h);
}

static void test_reset_and_bad_writes(void)
{
    struct harness h;
    struct pf_s2 s;
    unsigned logs;

    mediated_setup(&h, &s);
    vm_engine(&h);
    vm_desc(&h, 0, SGPU_OP_FILL, SGPU_DESC_F_DST_HOST, 1, 0, VM_BASE + 8192,
            4096);
    h_run(&h);
    ok(h_rd(&h, PF, S2(0, SGPU_S2_FAULT_STATUS)) & SGPU_S2_FAULT_PENDING,
       "a miss waits");
    sgpu_fw_vf_reset(h.fw, 0);
    is_int(h_rd(&h, PF, S2(0, SGPU_S2_FAULT_STATUS)), 0,
           "a reset of the VF drops its miss");
    is_int(h_rd(&h, PF, SGPU_REG_VF_S2_PENDING(0)), 0, "and its pending bit");
    is_int(h_rd(&h, PF, S2(0, SGPU_S2_ROOT_LO)), (uint32_t)s.root | 1,
           "its table stays (the VM's memory has not changed)");
    ok(!(h_rd(&h, VF(0), ENG(0) + SGPU_ENG_STATUS) & SGPU_ENG_STATUS_BUSY),
       "its engine is idle");

    logs = h.logs;
    h_wr(&h, PF, S2(0, SGPU_S2_RESOLVE), SGPU_S2_RESOLVE_RETRY);
    ok(h.logs > logs, "S2_RESOLVE with no miss pending is logged");
    logs = h.logs;
    h_wr(&h, PF, S2(0, SGPU_S2_RESOLVE), 3);
    ok(h.logs > logs, "S2_RESOLVE 3 is logged");
    logs = h.logs;
    h_wr(&h, PF, S2(0, SGPU_S2_INVALIDATE), 2);
    ok(h.logs > logs, "S2_INVALIDATE 2 is logged");
    logs = h.logs;
    is_int(h_rd(&h, PF, S2(4, SGPU_S2_ROOT_LO)), 0,
           "VF >= TotalVFs reads 0");
    ok(h.logs > logs, "and is logged");
    h_wr(&h, PF, S2(0, SGPU_S2_FAULTS), 0);
    ok(h_rd(&h, PF, S2(0, SGPU_S2_FAULTS)) > 0, "S2_FAULTS is read-only");

    /* A table the PF cannot read: the job fails, nothing waits. */
    is_int(h_cmd_args(&h, SGPU_FW_CMD_VF_UNPROVISION,
                      &(struct sgpu_fw_vf_arg) { .vf = 0 },
                      sizeof(struct sgpu_fw_vf_arg)), SGPU_FW_OK,
           "unprovision the mediated VF");
    is_int(s2_set(&h, 0, 1, 0x800000), SGPU_FW_OK,
           "a root the PF cannot reach");
    {
        struct sgpu_fw_slice s0 = slice_of(0);

        h_provision(&h, 0, &s0);
    }
    vm_engine(&h);
    h_wr(&h, VF(0), ENG(0) + SGPU_ENG_RING_TAIL, 1);
    h_run(&h);
    is_int(SGPU_ENG_STATUS_CODE(h_rd(&h, VF(0), ENG(0) + SGPU_ENG_STATUS)),
           SGPU_DERR_RING_FETCH, "an unreadable table stops the engine");
    is_int(h_rd(&h, PF, S2(0, SGPU_S2_FAULT_STATUS)), 0,
           "without a miss for the PF");
    h_fini(&h);
}

/* Another VF and the PF see none of it. */
static void test_isolation(void)
{
    struct harness h;
    struct pf_s2 s;
    const uint64_t src = VM_BASE + 0x10000;

    mediated_setup(&h, &s);
    vm_engine(&h);
    vf_setup(&h, 1, 0, 0x200000);
    pt_map(&h, 1, VA_VRAM, VRAM_DATA, MiB, SGPU_PTE_WRITE);
    h_map(&h, VF(1), 0x300000, 4096);
    memset(h.ram + 0x300000, 0x42, 4096);
    h_desc(&h, 0x200000, SGPU_OP_COPY, SGPU_DESC_F_SRC_HOST, 0, 0, 0x300000,
           VA_VRAM, 4096, 0, 0);
    vm_desc(&h, 0, SGPU_OP_FILL, SGPU_DESC_F_DST_HOST, 9, 0, src, 4096);
    vf_kick(&h, 1, 0, 0);
    is_int(h_desc_status(&h, 0x200000), SGPU_DESC_DONE,
           "VF1 (not mediated) runs while VF0 waits for the PF");
    is_int(h.vram[slice_of(1).vram_base + VRAM_DATA], 0x42,
           "with its own host addresses");
    is_int(h_rd(&h, PF, S2(1, SGPU_S2_FAULT_STATUS)), 0, "VF1 has no miss");
    is_int(h_rd(&h, VF(1), 0x2140), 0,
           "a VF reads nothing at VF_S2_PENDING's offset");
    run_served(&s);
    is_int(vm_status(&h, 0), SGPU_DESC_DONE, "VF0's fill completed");
    h_fini(&h);
}

int main(void)
{
    test_set_checks();
    test_miss_and_serve();
    test_fail_and_readonly();
    test_invalidate();
    test_reset_and_bad_writes();
    test_isolation();
    return tap_done();
}
