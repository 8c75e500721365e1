/*
 * sgpu: an emulated SR-IOV GPU -- a virtual function.
 *
 * The PF's SR-IOV core creates TotalVFs of these when the PF is realized,
 * disabled; VF Enable enables (and so resets) VFs 0..NumVFs-1 and clearing
 * it disables them again. BAR0 exposes only the VF's own registers (served
 * by the firmware) and MSI-X table; BAR2 is a fixed-size window (the PF's
 * vf-vram-window property) with the VF's VRAM slice mapped at offset 0.
 * The mapping follows the firmware at every reset of the VF (enabling is
 * one): the firmware refuses to change a slice while its VF is enabled, so
 * what is mapped then holds until the VF is disabled.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qapi/error.h"
#include "hw/pci/msix.h"
#include "hw/pci/pcie.h"
#include "hw/pci/pcie_sriov.h"
#include "migration/vmstate.h"

#include "sgpu.h"
#include "sgpu/sgpu_regs.h"

SgpuState *sgpu_vf_get_pf(SgpuVfState *vf)
{
    return SGPU(pcie_sriov_get_pf(PCI_DEVICE(vf)));
}

/*
 * These regions belong to the VF's PCIDevice, so the PF's re-entrancy guard
 * does not cover them: the firmware refuses the device's own DMA aimed here
 * and the access ends with a bus error.
 */
static MemTxResult sgpu_vf_read(void *opaque, hwaddr addr, uint64_t *val,
                                unsigned size, MemTxAttrs attrs)
{
    SgpuVfState *vf = opaque;
    uint32_t v;
    int ret = sgpu_fw_read(sgpu_vf_get_pf(vf)->fw,
                           SGPU_FN_VF(pcie_sriov_vf_number(PCI_DEVICE(vf))),
                           addr, &v);

    *val = v;
    return ret ? MEMTX_ACCESS_ERROR : MEMTX_OK;
}

static MemTxResult sgpu_vf_write(void *opaque, hwaddr addr, uint64_t val,
                                 unsigned size, MemTxAttrs attrs)
{
    SgpuVfState *vf = opaque;

    return sgpu_fw_write(sgpu_vf_get_pf(vf)->fw,
                         SGPU_FN_VF(pcie_sriov_vf_number(PCI_DEVICE(vf))),
                         addr, val) ? MEMTX_ACCESS_ERROR : MEMTX_OK;
}

static const MemoryRegionOps sgpu_vf_regs_ops = {
    .read_with_attrs = sgpu_vf_read,
    .write_with_attrs = sgpu_vf_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

/*
 * The part of the VRAM window not backed by a slice -- all of it while a
 * reset of the VF waits to be re-armed: reads 0, drops writes.
 */
static uint64_t sgpu_vf_unbacked_read(void *opaque, hwaddr addr,
                                      unsigned size)
{
    return 0;
}

static void sgpu_vf_unbacked_write(void *opaque, hwaddr addr, uint64_t val,
                                   unsigned size)
{
    qemu_log_mask(LOG_GUEST_ERROR,
                  "sgpu-vf%u: write to VRAM window offset 0x%" HWADDR_PRIx
                  " dropped: outside the VF's slice, or the slice is hidden"
                  " until the PF re-arms the VF\n",
                  pcie_sriov_vf_number(PCI_DEVICE(opaque)), addr);
}

static const MemoryRegionOps sgpu_vf_unbacked_ops = {
    .read = sgpu_vf_unbacked_read,
    .write = sgpu_vf_unbacked_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
};

static void sgpu_vf_realize(PCIDevice *dev, Error **errp)
{
    ERRP_GUARD();
    SgpuVfState *vf = SGPU_VF(dev);
    SgpuState *pf;

    if (!pci_is_vf(dev)) {
        error_setg(errp, "sgpu-vf is created by an sgpu PF through SR-IOV, "
                   "not with -device");
        return;
    }
    pf = sgpu_vf_get_pf(vf);

    pci_config_set_interrupt_pin(dev->config, 0);
    /*
     * A VF's Memory Space Enable does not apply (SR-IOV: VF MSE in the
     * PF's capability decides), but QEMU maps a VF's BARs by it, so it is
     * wired on: the BARs are decoded whenever the VF is enabled. This also
     * keeps the COMMAND writes around an FLR (Linux clears it while it
     * resets the function) from taking BAR0 out of the memory map and
     * putting it back, which renumbers the sections above it -- the
     * IOAPIC's and the local APIC's among them -- under vCPUs still
     * running on TLB entries of the old numbering: multi-threaded TCG then
     * delivers their MMIO accesses to the wrong region (docs/hardware.md).
     */
    pci_word_test_and_set_mask(dev->config + PCI_COMMAND, PCI_COMMAND_MEMORY);
    pci_word_test_and_clear_mask(dev->wmask + PCI_COMMAND, PCI_COMMAND_MEMORY);

    memory_region_init(&vf->bar0, OBJECT(vf), "sgpu-vf-bar0",
                       SGPU_VF_BAR0_SIZE);
    memory_region_init_io(&vf->regs, OBJECT(vf), &sgpu_vf_regs_ops, vf,
                          "sgpu-vf-regs", SGPU_VF_MSIX_TABLE);
    memory_region_add_subregion(&vf->bar0, 0, &vf->regs);
    pci_register_bar(dev, SGPU_BAR_REGS, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64, &vf->bar0);

    memory_region_init_io(&vf->vram_window, OBJECT(vf), &sgpu_vf_unbacked_ops,
                          vf, "sgpu-vf-vram", pf->cfg.vf_window);
    /*
     * Placed and sized by sgpu_vf_sync_vram() once the VF has a slice
     * (a slice never exceeds the window, the window never VRAM).
     */
    memory_region_init_alias(&vf->vram_slice, OBJECT(vf), "sgpu-vf-vram-slice",
                             &pf->vram, 0, pf->cfg.vf_window);
    memory_region_set_enabled(&vf->vram_slice, false);
    memory_region_add_subregion_overlap(&vf->vram_window, 0, &vf->vram_slice,
                                        1);
    pci_register_bar(dev, SGPU_BAR_VRAM, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64 |
                     PCI_BASE_ADDRESS_MEM_PREFETCH, &vf->vram_window);

    if (pcie_endpoint_cap_init(dev, SGPU_CAP_EXP_OFFSET) < 0) {
        error_setg(errp, "sgpu-vf: cannot add the PCIe capability");
        goto fail;
    }
    pcie_cap_flr_init(dev);
    sgpu_init_msix(dev, &vf->bar0, SGPU_VF_MSIX_VECTORS,
                   SGPU_VF_MSIX_TABLE, SGPU_VF_MSIX_PBA, errp);
    if (*errp) {
        goto fail;
    }
    pcie_ari_init(dev, SGPU_EXTCAP_ARI_OFFSET);
    return;

fail:
    /*
     * exit() does not run after a failed realize: undo what it would
     * (the alias is counted as a mapping of the PF's VRAM while it sits
     * in the window, and a region still in a container must not be
     * finalized).
     */
    memory_region_del_subregion(&vf->vram_window, &vf->vram_slice);
}

static void sgpu_vf_exit(PCIDevice *dev)
{
    SgpuVfState *vf = SGPU_VF(dev);

    msix_uninit(dev, &vf->bar0, &vf->bar0);
    memory_region_del_subregion(&vf->vram_window, &vf->vram_slice);
}

/*
 * Map what the firmware says into BAR2: the slice at offset 0 while the VF
 * is enabled and has one, visible unless a reset of the VF waits for the
 * PF to re-arm it. Changes the memory map only when something changed.
 */
void sgpu_vf_sync_vram(SgpuVfState *vf)
{
    PCIDevice *dev = PCI_DEVICE(vf);
    SgpuState *pf = sgpu_vf_get_pf(vf);
    unsigned n = pcie_sriov_vf_number(dev);
    const struct sgpu_fw_slice *slice = sgpu_fw_vf_slice(pf->fw, n);

    if (!dev->enabled || !slice) {
        memory_region_set_enabled(&vf->vram_slice, false);
        return;
    }
    memory_region_transaction_begin();
    memory_region_set_alias_offset(&vf->vram_slice, slice->vram_base);
    memory_region_set_size(&vf->vram_slice, slice->vram_size);
    memory_region_set_enabled(&vf->vram_slice,
                              !sgpu_fw_vf_reset_pending(pf->fw, n));
    memory_region_transaction_commit();
}

/*
 * Reset of this VF: when it is enabled or disabled, at a machine reset, and
 * as the state half of its FLR. The firmware stops its jobs, scrubs its
 * slice and resets its state; BAR2 follows.
 */
static void sgpu_vf_reset_hold(Object *obj, ResetType type)
{
    SgpuVfState *vf = SGPU_VF(obj);

    sgpu_fw_vf_reset(sgpu_vf_get_pf(vf)->fw,
                     pcie_sriov_vf_number(PCI_DEVICE(obj)));
    sgpu_vf_sync_vram(vf);
}

static void sgpu_vf_write_config(PCIDevice *dev, uint32_t addr,
                                 uint32_t val, int len)
{
    uint8_t *devctl = dev->config + dev->exp.exp_cap + PCI_EXP_DEVCTL;
    bool flr;

    pci_default_write_config(dev, addr, val, len);
    /* An FLR runs sgpu_vf_reset_hold(), then the firmware tells the PF. */
    flr = pci_get_word(devctl) & PCI_EXP_DEVCTL_BCR_FLR;
    pcie_cap_flr_write_config(dev, addr, val, len);
    if (flr) {
        sgpu_fw_vf_flr(sgpu_vf_get_pf(SGPU_VF(dev))->fw,
                       pcie_sriov_vf_number(dev));
    }
}

static const VMStateDescription vmstate_sgpu_vf = {
    .name = "sgpu-vf",
    .unmigratable = 1,
};

static void sgpu_vf_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    k->realize = sgpu_vf_realize;
    k->exit = sgpu_vf_exit;
    k->config_write = sgpu_vf_write_config;
    /* A VF's own Vendor/Device ID read 0xffff; these are what the PF says. */
    k->vendor_id = SGPU_PCI_VENDOR_ID;
    k->device_id = SGPU_PCI_DEVICE_ID_VF;
    k->revision = SGPU_PCI_REVISION;
    k->class_id = SGPU_PCI_CLASS;
    dc->desc = "sgpu SR-IOV GPU (virtual function)";
    rc->phases.hold = sgpu_vf_reset_hold;
    dc->vmsd = &vmstate_sgpu_vf;
    dc->user_creatable = false;
    set_bit(DEVICE_CATEGORY_DISPLAY, dc->categories);
}

static const TypeInfo sgpu_vf_info = {
    .name = TYPE_SGPU_VF,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(SgpuVfState),
    .class_init = sgpu_vf_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { }
    },
};

static void sgpu_vf_register_types(void)
{
    type_register_static(&sgpu_vf_info);
}

type_init(sgpu_vf_register_types)
