/*
 * sgpu: the firmware's view of the outside world -- DMA as a given function
 * (through its requester ID, so a vIOMMU translates), MSI-X, bottom halves,
 * VRAM scrubbing, guest-error logging.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/rcu.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "exec/memory.h"
#include "exec/ramblock.h"
#include "hw/pci/msix.h"
#include "hw/pci/pcie_sriov.h"

#include "sgpu.h"
#include "sgpu/sgpu_regs.h"

void sgpu_init_msix(PCIDevice *dev, MemoryRegion *bar0, unsigned vectors,
                    uint32_t table, uint32_t pba, Error **errp)
{
    unsigned i;

    if (msix_init(dev, vectors, bar0, SGPU_BAR_REGS, table,
                  bar0, SGPU_BAR_REGS, pba, SGPU_CAP_MSIX_OFFSET, errp)) {
        return;
    }
    for (i = 0; i < vectors; i++) {
        msix_vector_use(dev, i);
    }
}

/* The PCI function behind firmware function number @fn, or NULL. */
static PCIDevice *sgpu_host_fn(SgpuState *s, unsigned fn)
{
    if (fn == SGPU_FN_PF) {
        return PCI_DEVICE(s);
    }
    return pcie_sriov_get_vf_at_index(PCI_DEVICE(s), fn - 1);
}

static int sgpu_host_dma_read(void *opaque, unsigned fn, uint64_t addr,
                              void *buf, uint64_t len)
{
    PCIDevice *dev = sgpu_host_fn(opaque, fn);

    if (!dev || pci_dma_read(dev, addr, buf, len) != MEMTX_OK) {
        return -1;
    }
    return 0;
}

static int sgpu_host_dma_write(void *opaque, unsigned fn, uint64_t addr,
                               const void *buf, uint64_t len)
{
    PCIDevice *dev = sgpu_host_fn(opaque, fn);

    if (!dev || pci_dma_write(dev, addr, buf, len) != MEMTX_OK) {
        return -1;
    }
    return 0;
}

/* Is @mr one of this GPU's own regions (a BAR of the PF or a VF, VRAM)? */
static bool sgpu_host_own_region(SgpuState *s, MemoryRegion *mr)
{
    Object *owner = memory_region_owner(mr);

    if (owner == OBJECT(s)) {
        return true;
    }
    return object_dynamic_cast(owner, TYPE_SGPU_VF) &&
           sgpu_vf_get_pf(SGPU_VF(owner)) == s;
}

/*
 * Would the whole range be reachable as memory? Only RAM that is not the
 * device's own: peer-to-peer DMA onto its BARs (VFIO maps them into the
 * IOMMU) would re-enter the firmware or bypass a slice, and the device
 * has no business with any other MMIO (config space, MSI-X tables).
 * address_space_translate() clamps the length of RAM sections only, so
 * the loop refuses the first non-RAM section it meets.
 */
static int sgpu_host_dma_check(void *opaque, unsigned fn, uint64_t addr,
                               uint64_t len, bool is_write)
{
    SgpuState *s = opaque;
    PCIDevice *dev = sgpu_host_fn(s, fn);
    AddressSpace *as;
    MemoryRegion *mr;
    hwaddr xlat, l;

    if (!dev) {
        return -1;
    }
    as = pci_get_address_space(dev);
    RCU_READ_LOCK_GUARD();
    while (len) {
        l = len;
        mr = address_space_translate(as, addr, &xlat, &l, is_write,
                                     MEMTXATTRS_UNSPECIFIED);
        if (!memory_region_is_ram(mr) || memory_region_is_ram_device(mr) ||
            (is_write && memory_region_is_rom(mr)) ||
            sgpu_host_own_region(s, mr) || !l) {
            return -1;
        }
        l = MIN(l, len);
        addr += l;
        len -= l;
    }
    return 0;
}

static void sgpu_host_irq(void *opaque, unsigned fn, unsigned vector)
{
    PCIDevice *dev = sgpu_host_fn(opaque, fn);

    if (dev && msix_enabled(dev)) {
        msix_notify(dev, vector);
    }
}

static void sgpu_host_kick(void *opaque)
{
    SgpuState *s = opaque;

    /*
     * A rest only defers the work of functions that keep the device busy:
     * the PF's firmware commands (resets, provisioning) end it, and only
     * the PF can write those; other kicks run in it (sgpu_pf_work).
     */
    if (s->resting && sgpu_fw_cmd_pending(s->fw)) {
        timer_del(s->wait_timer);
        s->resting = false;
    }
    qemu_bh_schedule(s->work_bh);
}

/* Drop the pages (they read back as zero) where we can; else write zeros. */
static void sgpu_host_vram_zero(void *opaque, uint64_t off, uint64_t len)
{
    SgpuState *s = opaque;
    RAMBlock *rb = s->vram.ram_block;

    if (!len) {
        return;
    }
    if (ram_block_discard_is_disabled() ||
        ram_block_discard_range(rb, off, len)) {
        memset(memory_region_get_ram_ptr(&s->vram) + off, 0, len);
    }
}

/*
 * The firmware opened or closed VF @vf's aperture: BAR2 follows it (it
 * reads the whole state back from the firmware, so @open is not needed).
 */
static void sgpu_host_vf_aperture(void *opaque, unsigned vf, bool open)
{
    PCIDevice *dev = sgpu_host_fn(opaque, SGPU_FN_VF(vf));

    if (dev) {
        sgpu_vf_sync_vram(SGPU_VF(dev));
    }
}

static uint64_t sgpu_host_now_us(void *opaque)
{
    return qemu_clock_get_us(QEMU_CLOCK_VIRTUAL);
}

static void sgpu_host_log(void *opaque, const char *msg)
{
    SgpuState *s = opaque;

    qemu_log_mask(LOG_GUEST_ERROR, "%s: %s\n",
                  DEVICE(s)->id ? DEVICE(s)->id : TYPE_SGPU, msg);
}

void sgpu_host_init(SgpuState *s, struct sgpu_fw_host *host)
{
    host->opaque = s;
    host->dma_read = sgpu_host_dma_read;
    host->dma_write = sgpu_host_dma_write;
    host->dma_check = sgpu_host_dma_check;
    host->irq = sgpu_host_irq;
    host->kick = sgpu_host_kick;
    host->vram_zero = sgpu_host_vram_zero;
    host->vf_aperture = sgpu_host_vf_aperture;
    host->now_us = sgpu_host_now_us;
    host->log = sgpu_host_log;
}
