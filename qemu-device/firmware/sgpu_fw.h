/*
 * sgpu firmware: the GPU's logic in plain C.
 *
 * This library is the device: its register file, the firmware that owns
 * the VF resource table and validates every command and every job against
 * a VF's slice, the MMU units, the DMA and codec engines and the mailbox.
 * It has no QEMU, glib or kernel types; the QEMU glue (sgpu_pf.c,
 * sgpu_vf.c, sgpu_host.c) maps PCI accesses onto it and gives it a way to
 * reach host memory and raise interrupts, and host unit tests and the
 * fuzzer do the same with plain buffers.
 *
 * Not thread-safe: the caller serialises every call (QEMU: the BQL).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SGPU_FW_H
#define SGPU_FW_H

#include <stdbool.h>
#include <stdint.h>

#include "sgpu/sgpu_fw_cmd.h"
#include "sgpu_fw_config.h"

/* Function numbers: 0 is the PF, 1 + n is VF n. */
#define SGPU_FN_PF      0u
#define SGPU_FN_VF(n)   ((n) + 1u)

struct sgpu_fw;

/* What the firmware needs from its surroundings. */
struct sgpu_fw_host {
    void *opaque;
    /*
     * Reach host memory as function @fn (through its requester ID, so an
     * IOMMU applies). Return 0, or -1 if any byte is not reachable.
     */
    int (*dma_read)(void *opaque, unsigned fn, uint64_t addr, void *buf,
                    uint64_t len);
    int (*dma_write)(void *opaque, unsigned fn, uint64_t addr,
                     const void *buf, uint64_t len);
    /* Would the whole range be reachable? Moves no data. 0 or -1. */
    int (*dma_check)(void *opaque, unsigned fn, uint64_t addr, uint64_t len,
                     bool is_write);
    /* Signal MSI-X @vector of function @fn. */
    void (*irq)(void *opaque, unsigned fn, unsigned vector);
    /* Ask for sgpu_fw_run() soon, from outside this call. */
    void (*kick)(void *opaque);
    /* Make VRAM [off, off + len) read zero (it may drop the backing). */
    void (*vram_zero)(void *opaque, uint64_t off, uint64_t len);
    /*
     * Open or close VF @vf's VRAM aperture (its BAR2 view of its slice).
     * Closed while a reset waits for re-arming: the CPU then reads zeros
     * and its writes are dropped, so the scrubbed slice stays scrubbed.
     */
    void (*vf_aperture)(void *opaque, unsigned vf, bool open);
    /* The device's clock: microseconds, only ever going forward. */
    uint64_t (*now_us)(void *opaque);
    /* A guest did something the device refused; one line, no newline. */
    void (*log)(void *opaque, const char *msg);
};

/* A VF's resources: ranges in the GPU's physical numbering. */
struct sgpu_fw_slice {
    uint32_t mmu_first, mmu_count;
    uint32_t dma_first, dma_count;
    uint32_t codec_first, codec_count;
    uint64_t vram_base, vram_size;
};

/*
 * @cfg must have passed sgpu_hw_config_check(); @vram is cfg->vram_size
 * bytes the caller owns. Returns NULL if out of memory.
 */
struct sgpu_fw *sgpu_fw_new(const struct sgpu_hw_config *cfg,
                            uint32_t abi_version, uint8_t *vram,
                            const struct sgpu_fw_host *host);
void sgpu_fw_free(struct sgpu_fw *fw);

/* Power-on state: no slices, no VFs, engines idle, VRAM zero. PF FLR. */
void sgpu_fw_reset(struct sgpu_fw *fw);

/*
 * A 32-bit register access to BAR0 of function @fn. Returns 0, or
 * SGPU_FW_REFUSED when the access comes from inside a firmware call -- a
 * DMA or an interrupt message of the device aimed at its own registers:
 * a write is then dropped and a read returns 0 (the host should end the
 * bus transaction with an error).
 */
#define SGPU_FW_REFUSED (-1)
int sgpu_fw_read(struct sgpu_fw *fw, unsigned fn, uint32_t off,
                 uint32_t *val);
int sgpu_fw_write(struct sgpu_fw *fw, unsigned fn, uint32_t off,
                  uint32_t val);

/* VF Enable / NumVFs changed: VFs [0, n) are enabled; the others reset. */
void sgpu_fw_set_num_vfs(struct sgpu_fw *fw, unsigned num_vfs);

/*
 * Reset of VF @vf (at creation, or the state half of an FLR): its jobs stop
 * and nothing more is read or written on its behalf, its VRAM slice reads
 * zero, its registers, MMU units, engines, mailbox and counters return to
 * defaults. Its slice stays.
 */
void sgpu_fw_vf_reset(struct sgpu_fw *fw, unsigned vf);

/*
 * A Function Level Reset of VF @vf has just completed (after
 * sgpu_fw_vf_reset): the VF waits for the PF to re-arm it, and the PF
 * gets a VF_EVENT interrupt.
 */
void sgpu_fw_vf_flr(struct sgpu_fw *fw, unsigned vf);

/* What sgpu_fw_run() leaves behind. */
enum sgpu_fw_run_state {
    SGPU_FW_IDLE = 0,   /* nothing until a register write kicks again */
    SGPU_FW_BUSY,       /* work remains: run again soon */
    SGPU_FW_WAITING,    /* only WAIT jobs: run again in SGPU_WAIT_POLL_US */
};

/*
 * Do queued work -- firmware commands, then engines, fairly by function
 * -- moving at most about @budget bytes.
 */
enum sgpu_fw_run_state sgpu_fw_run(struct sgpu_fw *fw, uint64_t budget);
/*
 * The same, but only for functions at least a quantum behind the
 * scheduler's clock (back from idle with credit): while the device rests
 * after a busy pass, a VF that used little of the device still runs its
 * jobs at once, and the ones that keep it busy wait. Returns the bytes
 * charged (@budget or more: there may be more to run).
 */
uint64_t sgpu_fw_run_behind(struct sgpu_fw *fw, uint64_t budget);

/* VF @vf's slice, or NULL if it has none. */
const struct sgpu_fw_slice *sgpu_fw_vf_slice(struct sgpu_fw *fw, unsigned vf);
/* A slice as VF_PROVISION, VF_QUERY and VF_REARM carry it. */
struct sgpu_fw_slice_words
sgpu_fw_slice_to_words(const struct sgpu_fw_slice *s);

/* Does a reset of VF @vf wait for the PF to re-arm it (aperture closed)? */
bool sgpu_fw_vf_reset_pending(struct sgpu_fw *fw, unsigned vf);
/* Has the PF written a firmware command that has not run yet? */
bool sgpu_fw_cmd_pending(struct sgpu_fw *fw);

/* Bytes the engines hold for the translations of their current jobs. */
uint64_t sgpu_fw_xlist_bytes(const struct sgpu_fw *fw);

#endif /* SGPU_FW_H */
