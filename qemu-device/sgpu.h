/*
 * sgpu: an emulated SR-IOV GPU -- state shared by the PF and VF models.
 *
 * The device's logic lives in firmware/ (plain C); these files are the
 * QEMU glue that puts it on PCI.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_MISC_SGPU_H
#define HW_MISC_SGPU_H

#include "hw/pci/pci_device.h"
#include "qom/object.h"
#include "firmware/sgpu_fw.h"

#define TYPE_SGPU "sgpu"
#define TYPE_SGPU_VF "sgpu-vf"

OBJECT_DECLARE_SIMPLE_TYPE(SgpuState, SGPU)
OBJECT_DECLARE_SIMPLE_TYPE(SgpuVfState, SGPU_VF)

/* The physical function: owns the whole GPU. */
struct SgpuState {
    PCIDevice parent_obj;

    MemoryRegion bar0;          /* container: registers + MSI-X */
    MemoryRegion regs;
    MemoryRegion regs_hi;       /* the registers past MSI-X (S2) */
    MemoryRegion vram;          /* RAM-backed, BAR2 */

    struct sgpu_fw *fw;         /* the device's logic */
    QEMUBH *work_bh;            /* runs firmware commands and engines */
    QEMUTimer *wait_timer;      /* polls WAIT jobs; ends a busy pass's rest */
    /* wait_timer ends a busy pass's rest: whoever deletes it clears this */
    bool resting;
    unsigned num_vfs;           /* what the firmware was last told */

    /* Properties. */
    struct sgpu_hw_config cfg;
    uint32_t abi_version;       /* x-abi-version: tests fake a newer GPU */
};

/* A virtual function: a thin view on its PF, enabled by SR-IOV VF Enable. */
struct SgpuVfState {
    PCIDevice parent_obj;

    MemoryRegion bar0;          /* container: registers + MSI-X */
    MemoryRegion regs;
    MemoryRegion vram_window;   /* BAR2: the VF's window on VRAM */
    MemoryRegion vram_slice;    /* alias of its slice at window offset 0 */
};

/* Config-space layout, shared by the PF and its VFs. */
#define SGPU_CAP_MSIX_OFFSET    0x70
#define SGPU_CAP_EXP_OFFSET     0x80
#define SGPU_EXTCAP_ARI_OFFSET  0x100
#define SGPU_EXTCAP_SRIOV_OFFSET 0x110
#define SGPU_EXTCAP_ACS_OFFSET  0x160

/* Engines move at most this much per bottom-half run before yielding. */
#define SGPU_WORK_BUDGET        (4 * 1024 * 1024)
/* ...and then rest as long as that took, up to this (sgpu_pf_work). */
#define SGPU_WORK_REST_MAX_NS   (20 * 1000 * 1000)

SgpuState *sgpu_vf_get_pf(SgpuVfState *vf);
void sgpu_vf_sync_vram(SgpuVfState *vf);

/* sgpu_host.c: how the firmware reaches QEMU, and MSI-X set-up. */
void sgpu_host_init(SgpuState *s, struct sgpu_fw_host *host);
void sgpu_init_msix(PCIDevice *dev, MemoryRegion *bar0, unsigned vectors,
                    uint32_t table, uint32_t pba, Error **errp);

#endif /* HW_MISC_SGPU_H */
