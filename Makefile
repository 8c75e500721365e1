# sgpu: an SR-IOV GPU anyone can run. See README.md.
#
#   make demo    boot the emulated GPU, load the PF driver, create VFs, show them
#   make test    build everything and run the whole suite
#   make test-e2e  only the libvirt end to end (a nested guest with a VF)
#   make shell   a guest shell with everything loaded
#   make lint    checkpatch --strict, sparse, QEMU's checkpatch
#   make bench   throughput figures into build/bench.json
#   make fuzz    a longer run of the firmware fuzzer
#   make stress  the flake hunters looped (STRESS_ROUNDS=N, default 50)
#   make deps    install what is missing from Debian's packages (root)
#   make dkms-install  build and install both modules with DKMS for the
#                running kernel (root; make dkms-remove undoes it)
#
# SGPU_KERNEL=6.12 builds the modules for, and boots, Debian 12's 6.12
# kernel instead of its default 6.1 (make test runs both).

SHELL := /bin/bash
BUILD := $(or $(SGPU_BUILD),$(CURDIR)/build)
SGPU_KERNEL ?= 6.1
export SGPU_KERNEL
# Modules, initramfs and nested guest of one kernel (scripts/lib.sh).
KBUILD = $(BUILD)/linux-$(SGPU_KERNEL)
CC ?= gcc
USER_CFLAGS := -O2 -g -Wall -Wextra -Werror -Iinclude

TOOLS := $(patsubst tools/%.c,$(BUILD)/bin/%,$(wildcard tools/*.c))
GUEST_TOOLS := $(patsubst tests/guest/tools/%.c,$(BUILD)/bin/%,$(wildcard tests/guest/tools/*.c))
HEADERS := $(shell find include -name '*.h')

.PHONY: all deps qemu modules tools initramfs nested demo shell test test-e2e unit lint fuzz bench stress dkms-install dkms-remove clean

all: qemu modules tools initramfs

deps:
	@scripts/deps.sh --check 2>/dev/null || scripts/deps.sh

qemu: deps
	@scripts/build-qemu.sh >/dev/null

modules: deps
	+scripts/build-modules.sh

# Guest tools are static: the guest has busybox, not a full libc install.
$(BUILD)/bin/%: tools/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -static -o $@ $<

$(BUILD)/bin/%: tests/guest/tools/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -static -o $@ $<

# sgpu-smi links libpci, which Debian ships shared only: the initramfs
# stages it with its libraries (scripts/mkinitramfs.sh).
$(BUILD)/bin/sgpu-smi: tools/sgpu-smi.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -o $@ $< -lpci

# The userspace VFIO driver and its tests: several files, one binary.
VFIO_SRC := $(wildcard tests/vfio/*.c)
$(BUILD)/bin/vfio-sgpu: $(VFIO_SRC) $(wildcard tests/vfio/*.h) $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -static -o $@ $(VFIO_SRC)

tools: $(TOOLS) $(GUEST_TOOLS) $(BUILD)/bin/vfio-sgpu

# Reference images made by ffmpeg, the codec's outside oracle.
$(BUILD)/guest-data/images: tests/guest/mkdata.sh
	tests/guest/mkdata.sh $(BUILD)/guest-data

initramfs: modules tools $(BUILD)/guest-data/images
	scripts/mkinitramfs.sh $(KBUILD)/initramfs.cpio.gz

# libvirt, our QEMU and a nested guest, appended to the initramfs for the
# end-to-end test.
nested: qemu modules tools $(BUILD)/guest-data/images
	scripts/mknested.sh $(KBUILD)/nested.cpio.gz

demo: qemu initramfs
	scripts/run-guest.sh --rig demo --mode demo

shell: qemu initramfs
	scripts/run-guest.sh --rig demo --mode shell

test: deps
	tests/run.sh

test-e2e: deps
	tests/run.sh --e2e-only

unit:
	tests/unit/run.sh

lint: deps
	tests/lint.sh

# Throughput figures into build/bench.json (see scripts/bench.sh).
bench: qemu initramfs
	scripts/bench.sh

# FUZZ_SECONDS=600 make fuzz for a longer run.
fuzz: deps
	tests/fuzz/run.sh $(or $(FUZZ_SECONDS),60)

# STRESS_ROUNDS=200 SGPU_TCG=single make stress: longer, one TCG thread.
stress: deps
	tests/stress.sh

# DKMS on a real host: the modules from /usr/src/sgpu-$(cat VERSION), for
# KVER (default: the running kernel); see docs/install.md.
dkms-install:
	scripts/dkms.sh install $(KVER)

dkms-remove:
	scripts/dkms.sh remove

clean:
	rm -rf $(BUILD)
