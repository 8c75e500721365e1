/*
 * sgpu: an emulated SR-IOV GPU -- state shared by the PF and VF models.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_MISC_SGPU_H
#define HW_MISC_SGPU_H

#include "hw/pci/pci.h"
#include "qom/object.h"
#include "firmware/sgpu_fw_config.h"

#define TYPE_SGPU "sgpu"
#define TYPE_SGPU_VF "sgpu-vf"

OBJECT_DECLARE_SIMPLE_TYPE(SgpuState, SGPU)
OBJECT_DECLARE_SIMPLE_TYPE(SgpuVfState, SGPU_VF)

/* Registers every function has, PF or VF (sgpu_func.c). */
typedef struct SgpuFuncRegs {
    uint32_t scratch;
    uint32_t irq_status;
} SgpuFuncRegs;

/* The physical function: owns the whole GPU. */
struct SgpuState {
    PCIDevice parent_obj;

    MemoryRegion bar0;          /* container: registers + MSI-X */
    MemoryRegion regs;
    MemoryRegion vram;          /* RAM-backed, BAR2 */

    /* Properties. */
    struct sgpu_hw_config cfg;
    uint32_t abi_version;       /* x-abi-version: tests fake a newer GPU */

    SgpuFuncRegs regs_common;
};

/* A virtual function: a thin view on its PF, created by SR-IOV VF Enable. */
struct SgpuVfState {
    PCIDevice parent_obj;

    MemoryRegion bar0;          /* container: registers + MSI-X */
    MemoryRegion regs;
    MemoryRegion vram_window;   /* BAR2: the VF's window on VRAM */

    SgpuFuncRegs regs_common;
};

/* Config-space layout, shared by the PF and its VFs. */
#define SGPU_CAP_MSIX_OFFSET    0x70
#define SGPU_CAP_EXP_OFFSET     0x80
#define SGPU_EXTCAP_ARI_OFFSET  0x100
#define SGPU_EXTCAP_SRIOV_OFFSET 0x110
#define SGPU_EXTCAP_ACS_OFFSET  0x160

SgpuState *sgpu_vf_get_pf(SgpuVfState *vf);
/* sgpu_func.c: what the PF and every VF have in common. */
void sgpu_init_msix(PCIDevice *dev, MemoryRegion *bar0, unsigned vectors,
                    uint32_t table, uint32_t pba, Error **errp);
/* Handle a common register; false if @addr is not one. */
bool sgpu_func_read(PCIDevice *dev, SgpuState *pf, SgpuFuncRegs *r,
                    hwaddr addr, uint64_t *val);
bool sgpu_func_write(PCIDevice *dev, SgpuFuncRegs *r, hwaddr addr,
                     uint64_t val);
void sgpu_func_reset(SgpuFuncRegs *r);
/* Log a guest access to a register nobody implements. */
void sgpu_func_bad_access(PCIDevice *dev, hwaddr addr, bool is_write,
                          uint64_t val);

#endif /* HW_MISC_SGPU_H */
