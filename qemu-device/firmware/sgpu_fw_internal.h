/*
 * sgpu firmware: state and helpers shared by the firmware's files.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SGPU_FW_INTERNAL_H
#define SGPU_FW_INTERNAL_H

#include "sgpu_fw.h"
#include "sgpu_qoi.h"
#include "sgpu/sgpu_desc.h"
#include "sgpu/sgpu_fw_cmd.h"
#include "sgpu/sgpu_mbox.h"
#include "sgpu/sgpu_regs.h"

#define SGPU_NO_OWNER   (-1)    /* owned by the PF's pool */

/* A contiguous run of a translated range. */
struct sgpu_fw_piece {
    bool host;                  /* addr is a host IOVA, else a VRAM offset */
    uint64_t addr;
    uint64_t len;
};

/* A descriptor, decoded to host byte order. */
struct sgpu_job {
    uint32_t op, flags, mmu, fill;
    uint64_t src, dst, len, dst_len;
    uint32_t dims;
    uint32_t rsvd;
};

/*
 * A translated range: the pieces a job side was checked against, kept so
 * that the job runs on exactly what was checked (the device's TLB).
 */
struct sgpu_fw_xlist {
    struct sgpu_fw_piece *p;
    uint32_t n, cap;
    uint32_t cur;               /* the piece the last lookup found... */
    uint64_t cur_base;          /* ...and its offset in the range */
};

/* A codec job in progress (sgpu_fw_codec.c). */
struct sgpu_fw_codec {
    uint8_t phase;              /* SGPU_CODEC_* */
    uint64_t in;                /* input bytes consumed */
    uint64_t out;               /* output bytes made in this phase */
    uint64_t size;              /* QOI_DECODE: the output's size */
    struct sgpu_qoi_desc d;
    struct sgpu_qoi_stream q;
};

enum {
    SGPU_CODEC_START = 0,       /* nothing read yet */
    SGPU_CODEC_DRY,             /* coding to find out, writing nothing */
    SGPU_CODEC_WRITE,           /* coding and writing the output */
};

struct sgpu_fw_engine {
    uint8_t type;               /* SGPU_ENG_TYPE_* */
    int owner;                  /* VF number, or SGPU_NO_OWNER */
    uint64_t ring_base;
    uint32_t ring_size, head, tail, ctrl, status, done;
    /* The descriptor at head, once fetched and checked. */
    bool has_job;
    struct sgpu_job job;
    uint64_t progress;          /* bytes of it done */
    bool waiting;               /* WAIT: its value did not match yet */
    /*
     * A check can take longer than one turn: which side it is on
     * (SGPU_CHECK_*) and how many bytes of that side are checked.
     */
    uint8_t check;
    uint64_t checked;
    struct sgpu_fw_xlist src_x, dst_x;  /* where its sides go */
    struct sgpu_fw_codec codec;
    uint64_t wait_since;        /* WAIT: when it started waiting (us) */
    /*
     * Mediated VF (sgpu_fw_s2.c): the bus address of the descriptor slot
     * at head, translated when it was fetched; whether the engine waits
     * for the PF to resolve a second-stage miss (at page @s2_iova, of its
     * ring slot or of a job side), or was told by the PF to fail it;
     * and whether the PF invalidated the table since the job's
     * translations were made.
     */
    uint64_t slot_addr;
    bool s2_wait, s2_ring, s2_fail, s2_stale;
    uint64_t s2_iova;
};

enum {
    SGPU_CHECK_FIELDS = 0,      /* fetched, fields checked, sides not yet */
    SGPU_CHECK_SRC,
    SGPU_CHECK_DST,
    SGPU_CHECK_DONE,            /* runs on src_x and dst_x */
};

struct sgpu_fw_mmu {
    int owner;                  /* VF number, or SGPU_NO_OWNER */
    uint64_t pt_base;           /* slice offset of the L1 table */
    uint32_t ctrl, fault_status;
    uint64_t fault_va;
};

/* Registers every function has. */
struct sgpu_fw_func {
    uint32_t scratch;
    uint32_t irq_status;
};

struct sgpu_fw_vf {
    struct sgpu_fw_func func;
    bool provisioned;
    struct sgpu_fw_slice slice;
    uint32_t mbox_req[SGPU_MBOX_DWORDS];
    uint32_t mbox_reply[SGPU_MBOX_DWORDS];
    uint32_t mbox_status;
    uint32_t pf_reply[SGPU_MBOX_DWORDS];  /* what the PF is composing */
    uint32_t counters[SGPU_CNT_NUM];
    /* Kept across the VF's own resets; cleared when its slice goes. */
    bool reset_pending;         /* reset, waiting for VF_REARM */
    bool quarantined;           /* held by the PF */
    uint32_t resets;
    /*
     * Second-stage translation (sgpu_fw_s2.c), kept across the VF's
     * resets; off when the VF is disabled. The fault is the one the PF
     * was told about (S2_FAULT_*) and has not resolved.
     */
    bool s2_on;
    uint64_t s2_root;
    uint32_t s2_fault_status;
    uint64_t s2_fault_iova;
    uint32_t s2_faults;
};

/*
 * The last level-2 table of a second-stage walk, read whole: a range
 * walk reads the PF's memory once per 2 MiB instead of once per page.
 * Valid for one engine turn at most, and dropped by S2_INVALIDATE.
 */
struct sgpu_fw_s2_cache {
    bool valid;
    unsigned vf;
    uint64_t base;              /* the IOVA its first entry translates */
    uint64_t e[512];
};

/*
 * What one function (PF or VF) was charged, in budget bytes. A function
 * with work is kept at most SGPU_FW_CREDIT behind the clock: that is as
 * far ahead of the others as it may run before sharing turns, and idle
 * time (or a WAIT that waits) saves no more.
 */
struct sgpu_fw_fn_sched {
    uint64_t vtime;
    unsigned next;              /* engine its next turn starts from */
    int from_next, from_first;  /* sgpu_fw_pick()'s: engines that may run */
};

struct sgpu_fw {
    struct sgpu_hw_config cfg;
    uint32_t abi_version;
    uint8_t *vram;
    struct sgpu_fw_host host;
    unsigned num_vfs;

    struct sgpu_fw_func pf;
    uint32_t fw_args[SGPU_FW_NARGS], fw_resp[SGPU_FW_NARGS];
    /* What FW_CMD started: later FW_ARG writes cannot change it. */
    uint32_t cmd_args[SGPU_FW_NARGS];
    uint32_t fw_status, fw_done, fw_cmd, fw_dropped;
    uint32_t mbox_pending[8];
    uint32_t vf_reset_pending[8];       /* VF_RESET_PENDING, RW1C */
    uint32_t vf_adverse_pending[8];     /* VF_ADVERSE_PENDING, RW1C */
    uint32_t vf_s2_pending[8];          /* VF_S2_PENDING, RW1C */
    struct sgpu_fw_s2_cache s2_cache;
    uint64_t s2_miss;           /* the page the last SGPU_S2_MISS missed */

    unsigned nr_engines;        /* DMA channels, then codec cores */
    struct sgpu_fw_engine *engines;
    struct sgpu_fw_mmu *mmus;
    struct sgpu_fw_vf *vfs;
    uint8_t *bounce;            /* SGPU_FW_BOUNCE + 4 bytes, host-to-host */
    uint8_t *codec_buf;         /* SGPU_FW_CODEC_CHUNK bytes of codec input */
    /*
     * The scheduler (sgpu_fw_run): by function, the work it was charged
     * on a virtual clock, and by engine, whether it sits out this pass.
     */
    struct sgpu_fw_fn_sched *sched;
    uint64_t vclock;            /* start of the last turn given */
    unsigned last_fn;           /* function of that turn, for ties */
    uint8_t *sit_out;

    /*
     * Re-entry: @depth counts the public calls in progress. A register
     * access while one runs is the device's own DMA or interrupt message
     * aimed at its registers: refused. Resets that arrive then (config
     * space reached by DMA) wait in @deferred_* until the outermost call
     * returns, and the VFs they name stop at once.
     */
    unsigned depth;
    int engine_vf;              /* owner of the engine running, or -1 */
    int caller_vf;              /* VF whose register access runs, or -1 */
    bool self_access_seen;      /* counted and logged in this turn */
    bool deferred_any;          /* any of the below is set */
    bool deferred_pf_reset;
    int deferred_num_vfs;       /* -1: none */
    uint32_t deferred_vf_reset[8], deferred_vf_flr[8];
};

/*
 * Bytes an engine moves per turn, and the host-to-host bounce buffer.
 * What other work costs, in bytes of the budget sgpu_fw_run() is given:
 * a descriptor (its fetch and write-back are two DMA transactions), a
 * page-table walk, and checking host memory (per SGPU_FW_HOST_COST_SHIFT
 * power of two bytes, one byte). A check does at most
 * SGPU_FW_HOST_CHECK_MAX bytes of host memory per host call.
 */
#define SGPU_FW_QUANTUM (256u * 1024)
#define SGPU_FW_CREDIT  (4u * 1024 * 1024)
#define SGPU_FW_BOUNCE  (64u * 1024)
/*
 * Codec input read at a time: whole pixels of 3 and of 4 bytes, and
 * small enough that its encoding (at most 5 bytes a pixel, with a header
 * and an end marker) fits in the bounce buffer.
 */
#define SGPU_FW_CODEC_CHUNK     32760u
#define SGPU_FW_COST_DESC       4096u
#define SGPU_FW_COST_WALK       64u
#define SGPU_FW_HOST_COST_SHIFT 4
#define SGPU_FW_HOST_CHECK_MAX  (2u * 1024 * 1024)
/* A translation list longer than this is freed when its job ends. */
#define SGPU_FW_XLIST_KEEP      64u

/* Where a job side's addresses point. */
struct sgpu_fw_as {
    unsigned fn;                /* requester ID for host memory */
    int vf;                     /* SGPU_NO_OWNER: the PF */
    bool host;                  /* addresses are host IOVAs */
    unsigned mmu;               /* VF: physical MMU unit */
};

/* sgpu_fw.c */
void sgpu_fw_log(struct sgpu_fw *fw, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sgpu_fw_raise(struct sgpu_fw *fw, unsigned fn, uint32_t cause);
void sgpu_fw_count(struct sgpu_fw *fw, int vf, enum sgpu_counter c);
/* May VF @vf's engines run: a slice, not reset nor held, and it exists. */
bool sgpu_fw_vf_ready(struct sgpu_fw *fw, unsigned vf);
/* Reset @vf's state and leave it waiting for VF_REARM; tell the PF. */
/* Set VF @vf's reset-pending state, closing its aperture while pending. */
void sgpu_fw_vf_set_pending(struct sgpu_fw *fw, unsigned vf, bool pending);
void sgpu_fw_vf_reset_notify(struct sgpu_fw *fw, unsigned vf);
/* sgpu_fw_vf_reset() from inside the firmware (a command). */
void sgpu_fw_vf_reset_now(struct sgpu_fw *fw, unsigned vf);
struct sgpu_fw_func *sgpu_fw_func(struct sgpu_fw *fw, unsigned fn);

/* sgpu_fw_cmd.c */
void sgpu_fw_cmd_execute(struct sgpu_fw *fw);

/* sgpu_fw_mmu.c */
uint32_t sgpu_fw_mmu_read(struct sgpu_fw *fw, int vf, uint32_t off);
void sgpu_fw_mmu_write(struct sgpu_fw *fw, int vf, uint32_t off, uint32_t val);
void sgpu_fw_mmu_reset(struct sgpu_fw_mmu *mmu);
/*
 * Is all of [addr, addr + len) reachable? Resumable: go on from byte
 * *@done (0: start, and empty @x), recording the pieces in @x, spending
 * at most about *@budget. 0 when all is checked, SGPU_CHECK_MORE when the
 * budget ran out first, SGPU_S2_MISS when a mediated VF's page is not in
 * its second-stage table (fw->s2_miss; not counted), or an SGPU_DERR_*
 * (counted).
 */
#define SGPU_CHECK_MORE (-1)
int sgpu_fw_as_check_step(struct sgpu_fw *fw, const struct sgpu_fw_as *as,
                          uint64_t addr, uint64_t len, bool is_write,
                          struct sgpu_fw_xlist *x, uint64_t *done,
                          uint64_t *budget);
/* May the device send [addr, addr + len) to host memory (not interrupts)? */
static inline bool sgpu_fw_host_range_ok(uint64_t addr, uint64_t len)
{
    return !(len && addr < SGPU_IRQ_WINDOW_BASE + SGPU_IRQ_WINDOW_SIZE &&
             SGPU_IRQ_WINDOW_BASE < addr + len) && addr + len >= addr;
}
/* The piece of @x at range offset @off, cut to start there; -1 past it. */
int sgpu_fw_xlist_at(struct sgpu_fw_xlist *x, uint64_t off,
                     struct sgpu_fw_piece *piece);
void sgpu_fw_xlist_free(struct sgpu_fw_xlist *x);
/* Give back a list that grew long for one large job. */
void sgpu_fw_xlist_trim(struct sgpu_fw_xlist *x);
/*
 * Move @len bytes between @buf and range offset @off of the checked range
 * @x (of address space @as); 0, SGPU_DERR_DMA_FAULT (counted), or
 * SGPU_XLIST_STOPPED when a reset of @as's function arrived meanwhile.
 */
#define SGPU_XLIST_STOPPED (-2)
int sgpu_fw_xlist_rw(struct sgpu_fw *fw, const struct sgpu_fw_as *as,
                     struct sgpu_fw_xlist *x, uint64_t off, void *buf,
                     uint64_t len, bool is_write);
/* Count a translation error against @as's VF and record MMU faults. */
void sgpu_fw_as_fault(struct sgpu_fw *fw, const struct sgpu_fw_as *as,
                      int err, uint64_t addr, bool is_write);

/*
 * Stop running engines for VF @vf at once (a reset is deferred for it)?
 * Checked after every host call that could have re-entered.
 */
bool sgpu_fw_vf_stopping(const struct sgpu_fw *fw, unsigned vf);

/*
 * sgpu_fw_s2.c. Translate [iova, iova + len) of mediated VF @vf: 0 with
 * the bus address of its first byte and *@run, how many bytes from there
 * are contiguous on the bus (at least one byte, at most @len);
 * SGPU_S2_MISS (fw->s2_miss the page) to stall for the PF; or
 * SGPU_DERR_DMA_FAULT if the PF's table is unreadable (logged). Adds what
 * the walks cost to *@cost.
 */
#define SGPU_S2_MISS (-3)
int sgpu_fw_s2_translate(struct sgpu_fw *fw, unsigned vf, uint64_t iova,
                         uint64_t len, bool is_write, uint64_t *bus,
                         uint64_t *run, uint64_t *cost);
static inline bool sgpu_fw_s2_on(const struct sgpu_fw *fw, int vf)
{
    return vf != SGPU_NO_OWNER && fw->vfs[vf].s2_on;
}
/* Park @eng on fw->s2_miss and tell the PF if no fault of its VF waits. */
void sgpu_fw_s2_park(struct sgpu_fw *fw, struct sgpu_fw_engine *eng,
                     bool is_write, bool ring);
uint32_t sgpu_fw_s2_pf_read(struct sgpu_fw *fw, uint32_t off);
void sgpu_fw_s2_pf_write(struct sgpu_fw *fw, uint32_t off, uint32_t val);
/* The VF was reset (its engines too): its fault goes; its table stays. */
void sgpu_fw_s2_vf_reset(struct sgpu_fw *fw, unsigned vf);
/* VF_S2_SET. */
int sgpu_fw_s2_set(struct sgpu_fw *fw, unsigned vf, bool enable,
                   uint64_t root);

/* sgpu_fw_engine.c */
uint32_t sgpu_fw_engine_read(struct sgpu_fw *fw, int vf, unsigned idx,
                             uint32_t off);
void sgpu_fw_engine_write(struct sgpu_fw *fw, int vf, unsigned idx,
                          uint32_t off, uint32_t val);
void sgpu_fw_engine_reset(struct sgpu_fw_engine *eng);
/* Advance @eng by about @budget bytes; returns the bytes it accounted. */
uint64_t sgpu_fw_engine_step(struct sgpu_fw *fw, struct sgpu_fw_engine *eng,
                             uint64_t budget);
bool sgpu_fw_engine_has_work(struct sgpu_fw *fw,
                             const struct sgpu_fw_engine *eng);
/* The function an engine works for. */
unsigned sgpu_fw_engine_fn(const struct sgpu_fw_engine *eng);

/*
 * sgpu_fw_codec.c: go on with @eng's QOI job on the ranges it checked,
 * for about @turn bytes of work (input read plus output made), adding
 * what it did to *@spent (never more than @turn plus a few bytes). 0 when
 * the job is done (*@result its output size), SGPU_CHECK_MORE when it
 * needs another turn, SGPU_XLIST_STOPPED, or an SGPU_DERR_*.
 */
int sgpu_fw_codec_run(struct sgpu_fw *fw, struct sgpu_fw_engine *eng,
                      const struct sgpu_fw_as *src,
                      const struct sgpu_fw_as *dst, uint64_t turn,
                      uint64_t *spent, uint32_t *result);

/* sgpu_fw_mbox.c */
uint32_t sgpu_fw_mbox_pf_read(struct sgpu_fw *fw, uint32_t off);
void sgpu_fw_mbox_pf_write(struct sgpu_fw *fw, uint32_t off, uint32_t val);
uint32_t sgpu_fw_mbox_vf_read(struct sgpu_fw *fw, unsigned vf, uint32_t off);
void sgpu_fw_mbox_vf_write(struct sgpu_fw *fw, unsigned vf, uint32_t off,
                           uint32_t val);
void sgpu_fw_mbox_vf_reset(struct sgpu_fw *fw, unsigned vf);

static inline uint64_t sgpu_min_u64(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

static inline uint64_t sgpu_max_u64(uint64_t a, uint64_t b)
{
    return a > b ? a : b;
}

/* Does [first, first + count) lie within [0, total)? No overflow. */
static inline bool sgpu_range_fits(uint64_t first, uint64_t count,
                                   uint64_t total)
{
    return first <= total && count <= total - first;
}

/* Does [a, a + alen) intersect [b, b + blen)? Empty ranges never do. */
static inline bool sgpu_ranges_overlap(uint64_t a, uint64_t alen,
                                       uint64_t b, uint64_t blen)
{
    return alen && blen && a < b + blen && b < a + alen;
}

#endif /* SGPU_FW_INTERNAL_H */
