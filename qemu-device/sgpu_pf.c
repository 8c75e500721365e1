/*
 * sgpu: an emulated SR-IOV GPU -- the physical function.
 *
 * The PF owns the whole GPU: BAR0 holds its registers (served by the
 * firmware, firmware/sgpu_fw.c) and the MSI-X table; BAR2 is all of VRAM.
 * Its SR-IOV capability owns TotalVFs sgpu-vf functions, which the guest's
 * VF Enable switches on and off. See docs/hardware.md for the contract
 * (include/sgpu/).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "qemu/units.h"
#include "qapi/error.h"
#include "hw/pci/msix.h"
#include "hw/pci/pci_bus.h"
#include "hw/pci/pcie.h"
#include "hw/pci/pcie_sriov.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"

#include "sgpu.h"
#include "sgpu/sgpu_desc.h"
#include "sgpu/sgpu_regs.h"

/* The device's own DMA aimed at its registers ends with a bus error. */
static MemTxResult sgpu_pf_read(void *opaque, hwaddr addr, uint64_t *val,
                                unsigned size, MemTxAttrs attrs)
{
    SgpuState *s = opaque;
    uint32_t v;
    int ret = sgpu_fw_read(s->fw, SGPU_FN_PF, addr, &v);

    *val = v;
    return ret ? MEMTX_ACCESS_ERROR : MEMTX_OK;
}

static MemTxResult sgpu_pf_write(void *opaque, hwaddr addr, uint64_t val,
                                 unsigned size, MemTxAttrs attrs)
{
    SgpuState *s = opaque;

    return sgpu_fw_write(s->fw, SGPU_FN_PF, addr, val) ? MEMTX_ACCESS_ERROR
                                                       : MEMTX_OK;
}

static MemTxResult sgpu_pf_read_hi(void *opaque, hwaddr addr, uint64_t *val,
                                   unsigned size, MemTxAttrs attrs)
{
    return sgpu_pf_read(opaque, SGPU_PF_REGS_HI + addr, val, size, attrs);
}

static MemTxResult sgpu_pf_write_hi(void *opaque, hwaddr addr, uint64_t val,
                                    unsigned size, MemTxAttrs attrs)
{
    return sgpu_pf_write(opaque, SGPU_PF_REGS_HI + addr, val, size, attrs);
}

/*
 * Firmware commands and engine work, outside any MMIO handler. The
 * passes run with the BQL held, so while work remains the device rests
 * as long as its last pass took (at most SGPU_WORK_REST_MAX_NS) before
 * the next: however much a VF queues, the vCPUs -- the guest's timer, its
 * console, other VFs' drivers -- get at least half the time. Only the
 * functions that keep the device busy wait out the rest: a kick during it
 * runs the jobs of functions back from idle with credit
 * (sgpu_fw_run_behind), and the rest grows by twice what that took, so
 * the half holds.
 */
static void sgpu_pf_work(void *opaque)
{
    SgpuState *s = opaque;
    int64_t t0 = qemu_clock_get_ns(QEMU_CLOCK_REALTIME), took;

    if (s->resting) {
        uint64_t charged = sgpu_fw_run_behind(s->fw, SGPU_WORK_BUDGET);

        took = MAX(qemu_clock_get_ns(QEMU_CLOCK_REALTIME) - t0, 0);
        if (charged && timer_pending(s->wait_timer)) {
            timer_mod_ns(s->wait_timer, timer_expire_time_ns(s->wait_timer) +
                         2 * MIN(took, SGPU_WORK_REST_MAX_NS));
        }
        if (charged >= SGPU_WORK_BUDGET) {
            qemu_bh_schedule(s->work_bh);   /* its catch-up goes on */
        }
        return;
    }
    switch (sgpu_fw_run(s->fw, SGPU_WORK_BUDGET)) {
    case SGPU_FW_BUSY:
        took = qemu_clock_get_ns(QEMU_CLOCK_REALTIME) - t0;
        s->resting = true;
        timer_mod_ns(s->wait_timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                     MIN(MAX(took, 0), SGPU_WORK_REST_MAX_NS));
        break;
    case SGPU_FW_WAITING:
        timer_mod(s->wait_timer, qemu_clock_get_us(QEMU_CLOCK_VIRTUAL) +
                  SGPU_WAIT_POLL_US);
        break;
    case SGPU_FW_IDLE:
        break;
    }
}

static void sgpu_pf_wait_timer(void *opaque)
{
    SgpuState *s = opaque;

    s->resting = false;
    qemu_bh_schedule(s->work_bh);
}

static const MemoryRegionOps sgpu_pf_regs_ops = {
    .read_with_attrs = sgpu_pf_read,
    .write_with_attrs = sgpu_pf_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static const MemoryRegionOps sgpu_pf_regs_hi_ops = {
    .read_with_attrs = sgpu_pf_read_hi,
    .write_with_attrs = sgpu_pf_write_hi,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

/*
 * The VFs take functions 1..TotalVFs of the bus through ARI, so the PF must
 * be function 0 of slot 0 on a bus of its own, behind a PCIe port.
 */
static bool sgpu_pf_check_placement(PCIDevice *dev, Error **errp)
{
    SgpuState *s = SGPU(dev);
    PCIBus *bus = pci_get_bus(dev);
    unsigned vf;

    if (pci_bus_is_root(bus) || !pci_bus_is_express(bus)) {
        error_setg(errp, "sgpu must sit behind a pcie-root-port or a "
                   "downstream port (bus=<port id>): its VFs fill the bus");
        return false;
    }
    if (dev->devfn != 0) {
        error_setg(errp, "sgpu must be at addr=0.0 of its bus, not %02x.%x: "
                   "the VFs follow it as ARI functions %u..%u",
                   PCI_SLOT(dev->devfn), PCI_FUNC(dev->devfn),
                   SGPU_VF_OFFSET,
                   SGPU_VF_OFFSET + (s->cfg.total_vfs - 1) * SGPU_VF_STRIDE);
        return false;
    }
    for (vf = 0; vf < s->cfg.total_vfs; vf++) {
        unsigned devfn = SGPU_VF_OFFSET + vf * SGPU_VF_STRIDE;

        if (bus->devices[devfn]) {
            error_setg(errp, "sgpu VF %u needs function %u of the bus, "
                       "which %s already occupies", vf, devfn,
                       bus->devices[devfn]->name);
            return false;
        }
    }
    return true;
}

/* What realize allocated besides QOM children; safe on a partial realize. */
static void sgpu_pf_free_state(SgpuState *s)
{
    g_clear_pointer(&s->work_bh, qemu_bh_delete);
    g_clear_pointer(&s->wait_timer, timer_free);
    g_clear_pointer(&s->fw, sgpu_fw_free);
}

static void sgpu_pf_realize(PCIDevice *dev, Error **errp)
{
    ERRP_GUARD();
    SgpuState *s = SGPU(dev);
    struct sgpu_fw_host host;
    char why[256];

    if (sgpu_hw_config_check(&s->cfg, why, sizeof(why))) {
        error_setg(errp, "%s", why);
        return;
    }
    if (!sgpu_pf_check_placement(dev, errp)) {
        return;
    }

    pci_config_set_interrupt_pin(dev->config, 0);

    memory_region_init(&s->bar0, OBJECT(s), "sgpu-bar0", SGPU_PF_BAR0_SIZE);
    memory_region_init_io(&s->regs, OBJECT(s), &sgpu_pf_regs_ops, s,
                          "sgpu-regs", SGPU_PF_MSIX_TABLE);
    memory_region_add_subregion(&s->bar0, 0, &s->regs);
    memory_region_init_io(&s->regs_hi, OBJECT(s), &sgpu_pf_regs_hi_ops, s,
                          "sgpu-regs-hi", SGPU_PF_BAR0_SIZE - SGPU_PF_REGS_HI);
    memory_region_add_subregion(&s->bar0, SGPU_PF_REGS_HI, &s->regs_hi);
    pci_register_bar(dev, SGPU_BAR_REGS, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64, &s->bar0);

    if (!memory_region_init_ram(&s->vram, OBJECT(s), "sgpu-vram",
                                s->cfg.vram_size, errp)) {
        return;
    }
    pci_register_bar(dev, SGPU_BAR_VRAM, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64 |
                     PCI_BASE_ADDRESS_MEM_PREFETCH, &s->vram);

    if (pcie_endpoint_cap_init(dev, SGPU_CAP_EXP_OFFSET) < 0) {
        error_setg(errp, "sgpu: cannot add the PCIe capability");
        return;
    }
    pcie_cap_flr_init(dev);
    sgpu_init_msix(dev, &s->bar0, SGPU_PF_MSIX_VECTORS,
                   SGPU_PF_MSIX_TABLE, SGPU_PF_MSIX_PBA, errp);
    if (*errp) {
        return;
    }

    /* The firmware exists before the VFs: they are realized below. */
    sgpu_host_init(s, &host);
    /*
     * Guarded: the PF's regions refuse accesses while it runs (the VFs'
     * regions belong to other devices; the firmware refuses those).
     */
    s->work_bh = qemu_bh_new_guarded(sgpu_pf_work, s,
                                     &DEVICE(s)->mem_reentrancy_guard);
    s->wait_timer = timer_new_us(QEMU_CLOCK_VIRTUAL, sgpu_pf_wait_timer, s);
    s->fw = sgpu_fw_new(&s->cfg, s->abi_version,
                        memory_region_get_ram_ptr(&s->vram), &host);
    if (!s->fw) {
        error_setg(errp, "sgpu: out of memory for the firmware state");
        goto fail;
    }

    /* A single-PF device: the ARI Next Function Number is 0. */
    pcie_ari_init(dev, SGPU_EXTCAP_ARI_OFFSET);
    /*
     * QEMU creates all TotalVFs sgpu-vf functions here, disabled; VF
     * Enable only enables them (and resets them, see sgpu_vf.c).
     */
    if (!pcie_sriov_pf_init(dev, SGPU_EXTCAP_SRIOV_OFFSET, TYPE_SGPU_VF,
                            SGPU_PCI_DEVICE_ID_VF, s->cfg.total_vfs,
                            s->cfg.total_vfs, SGPU_VF_OFFSET, SGPU_VF_STRIDE,
                            errp)) {
        goto fail;
    }
    pcie_sriov_pf_init_vf_bar(dev, SGPU_BAR_REGS,
                              PCI_BASE_ADDRESS_SPACE_MEMORY |
                              PCI_BASE_ADDRESS_MEM_TYPE_64,
                              SGPU_VF_BAR0_SIZE);
    pcie_sriov_pf_init_vf_bar(dev, SGPU_BAR_VRAM,
                              PCI_BASE_ADDRESS_SPACE_MEMORY |
                              PCI_BASE_ADDRESS_MEM_TYPE_64 |
                              PCI_BASE_ADDRESS_MEM_PREFETCH,
                              s->cfg.vf_window);
    /*
     * No peer-to-peer between our functions: an ACS capability with no
     * control bits tells the OS so, and each VF gets its own IOMMU group.
     */
    pcie_acs_init(dev, SGPU_EXTCAP_ACS_OFFSET);
    return;

fail:
    msix_uninit(dev, &s->bar0, &s->bar0);
    sgpu_pf_free_state(s);
}

static void sgpu_pf_exit(PCIDevice *dev)
{
    SgpuState *s = SGPU(dev);

    /* The VFs go first: they point at the PF's VRAM and firmware. */
    pcie_sriov_pf_exit(dev);
    msix_uninit(dev, &s->bar0, &s->bar0);
    sgpu_pf_free_state(s);
}

/*
 * Device reset, also reached through a PF FLR: the whole GPU returns to
 * power-on state. The PCI core then clears VF Enable and NumVFs and
 * disables the VFs (pcie_sriov_pf_reset). Inside a machine or bus reset
 * the VFs' own reset has already run by then (they sit before the PF on
 * the bus) and disabling them does not run it again, so their BAR2 is
 * brought in line with the reset firmware here.
 */
static void sgpu_pf_reset_hold(Object *obj, ResetType type)
{
    PCIDevice *dev = PCI_DEVICE(obj);
    SgpuState *s = SGPU(obj);
    unsigned vf;

    s->num_vfs = 0;
    sgpu_fw_reset(s->fw);
    /* The SR-IOV core's own array: its accessor sees enabled VFs only. */
    for (vf = 0; dev->exp.sriov_pf.vf && vf < s->cfg.total_vfs; vf++) {
        sgpu_vf_sync_vram(SGPU_VF(dev->exp.sriov_pf.vf[vf]));
    }
}

static void sgpu_pf_write_config(PCIDevice *dev, uint32_t addr,
                                 uint32_t val, int len)
{
    SgpuState *s = SGPU(dev);

    pci_default_write_config(dev, addr, val, len);
    pcie_cap_flr_write_config(dev, addr, val, len);
    /* VF Enable switches VFs on or off; the firmware follows. */
    if (pcie_sriov_num_vfs(dev) != s->num_vfs) {
        s->num_vfs = pcie_sriov_num_vfs(dev);
        sgpu_fw_set_num_vfs(s->fw, s->num_vfs);
    }
}

static const VMStateDescription vmstate_sgpu = {
    .name = "sgpu",
    .unmigratable = 1,
};

static const Property sgpu_pf_properties[] = {
    DEFINE_PROP_UINT32("total-vfs", SgpuState, cfg.total_vfs, 8),
    DEFINE_PROP_UINT32("mmu-units", SgpuState, cfg.mmu_units, 8),
    DEFINE_PROP_UINT32("dma-channels", SgpuState, cfg.dma_channels, 16),
    DEFINE_PROP_UINT32("codec-cores", SgpuState, cfg.codec_cores, 8),
    DEFINE_PROP_SIZE("vram-size", SgpuState, cfg.vram_size, 256 * MiB),
    DEFINE_PROP_SIZE("vf-vram-window", SgpuState, cfg.vf_window, 64 * MiB),
    DEFINE_PROP_UINT32("x-abi-version", SgpuState, abi_version,
                       SGPU_VERSION(SGPU_ABI_MAJOR, SGPU_ABI_MINOR)),
};

static void sgpu_pf_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    k->realize = sgpu_pf_realize;
    k->exit = sgpu_pf_exit;
    k->config_write = sgpu_pf_write_config;
    k->vendor_id = SGPU_PCI_VENDOR_ID;
    k->device_id = SGPU_PCI_DEVICE_ID_PF;
    k->revision = SGPU_PCI_REVISION;
    k->class_id = SGPU_PCI_CLASS;
    dc->desc = "sgpu SR-IOV GPU (physical function)";
    rc->phases.hold = sgpu_pf_reset_hold;
    dc->vmsd = &vmstate_sgpu;
    device_class_set_props(dc, sgpu_pf_properties);
    set_bit(DEVICE_CATEGORY_DISPLAY, dc->categories);
}

static const TypeInfo sgpu_pf_info = {
    .name = TYPE_SGPU,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(SgpuState),
    .class_init = sgpu_pf_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { }
    },
};

static void sgpu_pf_register_types(void)
{
    type_register_static(&sgpu_pf_info);
}

type_init(sgpu_pf_register_types)
