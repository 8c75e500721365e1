#!/usr/bin/env python3
"""Check sgpu-smi --json (guest test 88-smi) against the sysfs files and
lspci -vvv output the guest exported beside it. Prints one TAP-ish line
per problem ("bad: ...") and the number of values checked; exits 1 if
anything disagrees.

  check-smi.py SMI_JSON SYSFS_BEFORE SYSFS_AFTER LSPCI_VVV

A value may be what the file held before the JSON was taken or after
(interrupt counts move meanwhile), or, for a number, in between.
"""
import json
import re
import sys

smi_path, before_path, after_path, lspci_path = sys.argv[1:5]
bad = []
checked = 0


def expect(what, got, want, after=None):
    global checked
    checked += 1
    same = (lambda a, b: a == b and type(a) is type(b))
    if same(got, want) or (after is not None and same(got, after)):
        return
    if after is not None and isinstance(got, int) and \
            isinstance(want, int) and isinstance(after, int) and \
            want <= got <= after:
        return
    if isinstance(got, dict) and isinstance(want, dict) and \
            isinstance(after, dict) and set(got) == set(want) == set(after):
        for k in got:
            expect(f"{what}.{k}", got[k], want[k], after[k])
        return
    seen = want if after is None or after == want else f"{want!r} .. {after!r}"
    bad.append(f"{what}: sgpu-smi says {got!r}, the system {seen!r}")


def num(s):
    """A whole unsigned decimal or 0x number, else None."""
    return int(s, 0) if re.fullmatch(r"0x[0-9a-fA-F]+|[0-9]+", s) else None


def value(s):
    n = num(s)
    if n is not None:
        return n
    m = re.fullmatch(r"(0x[0-9a-fA-F]+|[0-9]+)\+(0x[0-9a-fA-F]+|[0-9]+)", s)
    if m:
        return {"first": int(m[1], 0), "count": int(m[2], 0)}
    return s


# How each file is documented to appear in the JSON (docs/sgpu-smi.md).
KINDS = {
    "abi_version": "str", "profile": "str", "state": "str",
    "reset_state": "str", "reserve": "pairs", "slice": "pairs",
    "guard": "pairs", "quota": "pairs", "counters": "lines",
    "reset_steps": "words",
}


def file_value(name, text):
    """What the documented rules make of one file's text."""
    text = text.rstrip("\n")
    kind = KINDS.get(name, "num")
    if kind == "str" or (kind == "pairs" and "=" not in text):
        return text
    if kind == "pairs":
        return {k: value(v) for k, v in
                (t.split("=", 1) for t in text.split() if "=" in t)}
    if kind == "lines":
        return {k: value(v) for k, v in
                (ln.split(" ", 1) for ln in text.split("\n") if " " in ln)}
    if kind == "words":
        return [w for w in text.split() if w != "none"]
    return value(text)


def read_dump(path):
    """Files by path ("=== ERROR": could not be read, None) and PFs with
    their sriov_numvfs and sriov_totalvfs."""
    files, pfs, cur = {}, {}, None
    with open(path) as f:
        for line in f:
            if line.startswith("=== ERROR"):
                files[cur] = None
                cur = None
            elif line.startswith("=== "):
                cur = line[4:].strip()
                if "/" in cur:
                    files[cur] = ""
                else:
                    bdf, numvfs, totalvfs = cur.split()
                    pfs[bdf] = (int(numvfs), int(totalvfs))
                    cur = None
            elif cur:
                files[cur] += line
    return files, pfs


sysfs, pfs = read_dump(before_path)
sysfs_after, _ = read_dump(after_path)

# lspci -vvv blocks by BDF.
blocks = {}
with open(lspci_path) as f:
    for block in f.read().split("\n\n"):
        if block.strip():
            blocks[block.split()[0]] = block


def check_fn(what, fn):
    blk = blocks.get(fn["bdf"])
    if blk is None:
        bad.append(f"{what}: {fn['bdf']} is not in lspci -vvv")
        return
    caps = fn["caps"]
    if caps is None:
        bad.append(f"{what}: caps unreadable, but the guest runs it as root")
        return
    m = re.search(r"Kernel driver in use: (\S+)", blk)
    expect(f"{what} driver", fn["driver"], m[1] if m else "-")
    m = re.search(r"IOMMU group: (\d+)", blk)
    expect(f"{what} iommu_group", fn["iommu_group"], int(m[1]) if m else "-")
    expect(f"{what} caps.pcie", caps["pcie"], "Express (" in blk)
    expect(f"{what} caps.sriov", caps["sriov"],
           "Single Root I/O Virtualization" in blk)
    expect(f"{what} caps.ari", caps["ari"], "Alternative Routing-ID" in blk)
    expect(f"{what} caps.acs", caps["acs"], "Access Control Services" in blk)
    m = re.search(r"MSI-X: Enable[+-] Count=(\d+)", blk)
    expect(f"{what} caps.msix", caps["msix"], m is not None)
    expect(f"{what} caps.msix_vectors", caps.get("msix_vectors"),
           int(m[1]) if m else None)
    m = re.search(r"DevCap:.*?FLReset([+-])", blk, re.S)
    expect(f"{what} caps.flr", caps["flr"], bool(m) and m[1] == "+")
    if caps["sriov"]:
        m = re.search(r"Total VFs: (\d+)", blk)
        expect(f"{what} caps.total_vfs", caps["total_vfs"], int(m[1]))
        m = re.search(r"Number of VFs: (\d+)", blk)
        expect(f"{what} caps.num_vfs", caps["num_vfs"], int(m[1]))


def check_files(what, obj, prefix, skip):
    names = {k[len(prefix):] for k in sysfs
             if k.startswith(prefix) and "/" not in k[len(prefix):]
             and k[len(prefix):] not in ("reset", "profiles")}
    for name in names:
        if sysfs[prefix + name] is None:
            expect(f"{what} {name} (unreadable: left out)", name in obj, False)
            continue
        expect(f"{what} {name}", obj.get(name),
               file_value(name, sysfs[prefix + name]),
               file_value(name, sysfs_after.get(prefix + name) or ""))
    extra = set(obj) - names - skip
    if extra:
        bad.append(f"{what}: keys with no sysfs file: {sorted(extra)}")


smi = json.load(open(smi_path))
expect("GPUs", sorted(g["bdf"] for g in smi["gpus"]), sorted(pfs))
for gpu in smi["gpus"]:
    pf = gpu["bdf"]
    check_fn(f"GPU {pf}", gpu)
    check_files(f"GPU {pf}", gpu["sgpu"], f"{pf}/sgpu/", set())
    # Independent of the tool's rules: the kernel's counts, and lspci's
    # BAR2 size against vram_size.
    numvfs, totalvfs = pfs.get(pf, (None, None))
    expect(f"GPU {pf} VFs listed", len(gpu["vfs"]), numvfs)
    expect(f"GPU {pf} caps.total_vfs", (gpu["caps"] or {}).get("total_vfs"), totalvfs)
    expect(f"GPU {pf} caps.num_vfs", (gpu["caps"] or {}).get("num_vfs"), numvfs)
    expect(f"GPU {pf} VF indexes", [v["index"] for v in gpu["vfs"]],
           list(range(numvfs or 0)))
    m = re.search(r"Region 2: Memory at .*\[size=(\d+)([KMG])\]",
                  blocks.get(pf, ""))
    if "vram_size" in gpu["sgpu"] and m:
        size = int(m[1]) << {"K": 10, "M": 20, "G": 30}[m[2]]
        expect(f"GPU {pf} vram_size (lspci BAR2)", gpu["sgpu"]["vram_size"],
               size)
    for vf in gpu["vfs"]:
        what = f"GPU {pf} VF{vf['index']} {vf['bdf']}"
        check_fn(what, vf)
        check_files(what, vf, f"{pf}/sgpu_vf{vf['index']}/",
                    {"index", "bdf", "driver", "iommu_group", "caps"})

for b in bad:
    print(f"bad: {b}")
print(f"checked {checked} values")
sys.exit(1 if bad else 0)
