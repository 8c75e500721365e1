/*
 * Host unit tests of the firmware command interface's protocol: arguments
 * are taken when FW_CMD is written, every completion carries its command's
 * sequence number, and a command written while one is busy is dropped and
 * counted, never run with another caller's arguments.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tap.h"

#include "fw_setup.h"

static uint64_t counters_sum(struct harness *h)
{
    uint64_t sum = 0;
    unsigned i;

    for (i = 0; i < SGPU_CNT_NUM; i++) {
        sum += h_rd(h, PF, SGPU_REG_FW_RESP(i));
    }
    return sum;
}

static void test_cmd_protocol(void)
{
    struct harness h;
    uint32_t st, done;
    unsigned i;

    two_vfs(&h);
    done = h_rd(&h, PF, SGPU_REG_FW_DONE);
    for (i = 0; i < SGPU_FW_NARGS; i++) {
        h_wr(&h, PF, SGPU_REG_FW_ARG(i), 0);
    }
    /* VF1 pokes an engine it does not have: an adverse event; VF0 none. */
    h_wr(&h, VF(1), SGPU_VF_ENGINES + 9 * SGPU_ENGINE_STRIDE, 1);

    h_wr(&h, PF, SGPU_REG_FW_ARG(0), 0);
    h_wr(&h, PF, SGPU_REG_FW_CMD,
         SGPU_FW_CMD_WORD(SGPU_FW_CMD_VF_COUNTERS, 7));
    is_int(h_rd(&h, PF, SGPU_REG_FW_STATUS),
           SGPU_FW_STATUS_BUSY | 7 << 16,
           "a started command reads BUSY and its seq");
    /* A late caller's arguments and command, while the first is busy. */
    h_wr(&h, PF, SGPU_REG_FW_ARG(0), 1);
    h_wr(&h, PF, SGPU_REG_FW_CMD,
         SGPU_FW_CMD_WORD(SGPU_FW_CMD_VF_COUNTERS, 8));
    is_int(h_rd(&h, PF, SGPU_REG_FW_DROPPED), 1,
           "a command written while one is busy is counted as dropped");
    h_run(&h);
    st = h_rd(&h, PF, SGPU_REG_FW_STATUS);
    is_int(SGPU_FW_STATUS_SEQ(st), 7, "the completion carries the first seq");
    is_int(SGPU_FW_STATUS_CODE(st), SGPU_FW_OK, "... and its status");
    is_int(counters_sum(&h), 0,
           "... and it ran with the arguments it was started with (VF0)");
    is_int(h_rd(&h, PF, SGPU_REG_FW_DONE), done + 1,
           "the dropped one never ran");

    h_wr(&h, PF, SGPU_REG_FW_CMD,
         SGPU_FW_CMD_WORD(SGPU_FW_CMD_VF_COUNTERS, 9));
    h_run(&h);
    st = h_rd(&h, PF, SGPU_REG_FW_STATUS);
    is_int(SGPU_FW_STATUS_SEQ(st), 9, "the next command completes as seq 9");
    ok(counters_sum(&h) > 0, "... with its own arguments (VF1's counters)");

    h_wr(&h, PF, SGPU_REG_FW_ARG(0), 0);
    h_wr(&h, PF, SGPU_REG_FW_CMD, SGPU_FW_CMD_QUERY | 0x01000000u);
    h_run(&h);
    is_int(SGPU_FW_STATUS_CODE(h_rd(&h, PF, SGPU_REG_FW_STATUS)),
           SGPU_FW_E_INVAL, "FW_CMD's reserved bits must be 0");
    h_wr(&h, PF, SGPU_REG_FW_CMD, SGPU_FW_CMD_QUERY);
    h_run(&h);
    is_int(SGPU_FW_STATUS_CODE(h_rd(&h, PF, SGPU_REG_FW_STATUS)),
           SGPU_FW_OK, "... the same QUERY without them runs");
    is_int(h_rd(&h, PF, SGPU_REG_FW_DROPPED), 1, "FW_DROPPED still 1");
    h_fini(&h);
}

/* The structs are the register layout: QUERY's answer read as its struct. */
static void test_cmd_structs(void)
{
    struct sgpu_fw_vf_query_resp q;
    struct sgpu_fw_query_resp g;
    struct sgpu_fw_vf_arg vf1 = { .vf = 1 };
    struct sgpu_fw_slice s1 = slice_of(1);
    struct harness h;

    two_vfs(&h);
    is_int(h_cmd_args(&h, SGPU_FW_CMD_QUERY, NULL, 0), SGPU_FW_OK, "QUERY");
    h_resp(&h, &g, sizeof(g));
    is_int(g.total_vfs, cfg4.total_vfs, "... total_vfs");
    is_int(sgpu_fw_u64(g.vram_size_lo, g.vram_size_hi), cfg4.vram_size,
           "... vram size");
    is_int(g.vram_granule, SGPU_VRAM_GRANULE, "... granule");
    is_int(h_cmd_args(&h, SGPU_FW_CMD_VF_QUERY, &vf1, sizeof(vf1)),
           SGPU_FW_OK, "VF_QUERY of VF1");
    h_resp(&h, &q, sizeof(q));
    is_int(q.flags, SGPU_FW_VF_PROVISIONED | SGPU_FW_VF_ENABLED, "... flags");
    is_int(q.slice.dma_first, s1.dma_first, "... dma first");
    is_int(sgpu_fw_u64(q.slice.vram_base_lo, q.slice.vram_base_hi),
           s1.vram_base, "... vram base");
    is_int(q.resets, 0, "... no resets");
    h_fini(&h);
}

int main(void)
{
    test_cmd_protocol();
    test_cmd_structs();
    return tap_done();
}
