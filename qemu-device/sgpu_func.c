/*
 * sgpu: what every function has, PF or VF -- the identity block, the
 * scratch and interrupt registers, MSI-X set-up.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qapi/error.h"
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

bool sgpu_func_read(PCIDevice *dev, SgpuState *pf, SgpuFuncRegs *r,
                    hwaddr addr, uint64_t *val)
{
    switch (addr) {
    case SGPU_REG_ID:
        *val = SGPU_ID_MAGIC;
        return true;
    case SGPU_REG_VERSION:
        *val = pf->abi_version;
        return true;
    case SGPU_REG_FUNCTION:
        *val = pci_is_vf(dev) ?
               SGPU_FUNCTION_IS_VF | pcie_sriov_vf_number(dev) : 0;
        return true;
    case SGPU_REG_STATUS:
        *val = SGPU_STATUS_READY;
        return true;
    case SGPU_REG_VF_WINDOW_LO:
        *val = (uint32_t)pf->cfg.vf_window;
        return true;
    case SGPU_REG_VF_WINDOW_HI:
        *val = pf->cfg.vf_window >> 32;
        return true;
    case SGPU_REG_SCRATCH:
        *val = r->scratch;
        return true;
    case SGPU_REG_MSIX_VECTORS:
        *val = dev->msix_entries_nr;
        return true;
    case SGPU_REG_IRQ_STATUS:
        *val = r->irq_status;
        return true;
    default:
        return false;
    }
}

/* A write to IRQ_RAISE: only the self-test cause may be raised by software. */
static void sgpu_func_irq_raise(PCIDevice *dev, SgpuFuncRegs *r,
                                uint32_t raise)
{
    if (raise & ~SGPU_IRQ_SELFTEST) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: IRQ_RAISE 0x%" PRIx32 ": only the self-test bit "
                      "can be raised\n", dev->name, raise);
    }
    if (!(raise & SGPU_IRQ_SELFTEST)) {
        return;
    }
    r->irq_status |= SGPU_IRQ_SELFTEST;
    if (msix_enabled(dev)) {
        msix_notify(dev, 0);
    }
}

bool sgpu_func_write(PCIDevice *dev, SgpuFuncRegs *r, hwaddr addr,
                     uint64_t val)
{
    switch (addr) {
    case SGPU_REG_SCRATCH:
        r->scratch = val;
        return true;
    case SGPU_REG_IRQ_STATUS:
        r->irq_status &= ~val;
        return true;
    case SGPU_REG_IRQ_RAISE:
        sgpu_func_irq_raise(dev, r, val);
        return true;
    default:
        return false;
    }
}

void sgpu_func_reset(SgpuFuncRegs *r)
{
    r->scratch = 0;
    r->irq_status = 0;
}

void sgpu_func_bad_access(PCIDevice *dev, hwaddr addr, bool is_write,
                          uint64_t val)
{
    if (is_write) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: write of 0x%" PRIx64 " to "
                      "read-only or unimplemented register 0x%" HWADDR_PRIx
                      "\n", dev->name, val, addr);
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: read of unimplemented register "
                      "0x%" HWADDR_PRIx "\n", dev->name, addr);
    }
}
