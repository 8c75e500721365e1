// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu-reg: read or write one BAR0 register of an sgpu PF or VF from
 * userspace, by name (from include/sgpu/sgpu_regs.h) or by offset.
 *
 *   sgpu-reg BDF REG          print the register as 0x%08x
 *   sgpu-reg BDF REG VALUE    write it
 *   sgpu-reg --list           the register names
 *
 * A VF's engine and MMU unit registers are named ENG<n>_<REG> and
 * MMU<n>_<REG>, e.g. ENG0_RING_BASE_LO, MMU0_PT_BASE_LO.
 *
 * It maps /sys/bus/pci/devices/BDF/resource0, which the kernel refuses while
 * a driver owns the BAR (CONFIG_IO_STRICT_DEVMEM): unbind the function first.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sgpu/sgpu_regs.h"

#define REG(name) { #name, SGPU_REG_##name }
static const struct {
	const char *name;
	uint32_t offset;
} regs[] = {
	REG(ID), REG(VERSION), REG(FUNCTION), REG(STATUS),
	REG(MMU_UNITS), REG(DMA_CHANNELS), REG(CODEC_CORES), REG(TOTAL_VFS),
	REG(VRAM_SIZE_LO), REG(VRAM_SIZE_HI), REG(VF_WINDOW_LO),
	REG(VF_WINDOW_HI), REG(SCRATCH), REG(MSIX_VECTORS),
	REG(IRQ_STATUS), REG(IRQ_RAISE), REG(NUM_VFS), REG(RESETS),
};

#define UNIT_REG(prefix, name) { #name, prefix##name }
static const struct {
	const char *name;
	uint32_t offset;
} eng_regs[] = {
	UNIT_REG(SGPU_ENG_, RING_BASE_LO), UNIT_REG(SGPU_ENG_, RING_BASE_HI),
	UNIT_REG(SGPU_ENG_, RING_SIZE), UNIT_REG(SGPU_ENG_, RING_HEAD),
	UNIT_REG(SGPU_ENG_, RING_TAIL), UNIT_REG(SGPU_ENG_, CTRL),
	UNIT_REG(SGPU_ENG_, STATUS), UNIT_REG(SGPU_ENG_, DONE),
	UNIT_REG(SGPU_ENG_, TYPE),
}, mmu_regs[] = {
	UNIT_REG(SGPU_MMU_, PT_BASE_LO), UNIT_REG(SGPU_MMU_, PT_BASE_HI),
	UNIT_REG(SGPU_MMU_, CTRL), UNIT_REG(SGPU_MMU_, FAULT_STATUS),
	UNIT_REG(SGPU_MMU_, FAULT_VA_LO), UNIT_REG(SGPU_MMU_, FAULT_VA_HI),
};

/* ENG<n>_<REG> or MMU<n>_<REG>: a VF's per-unit register. */
static int parse_unit_reg(const char *s, uint32_t *off)
{
	unsigned long n;
	char *end;
	size_t i;

	if (!strncasecmp(s, "ENG", 3)) {
		n = strtoul(s + 3, &end, 10);
		if (end == s + 3 || *end != '_' || n >= SGPU_VF_MAX_ENGINES)
			return -1;
		for (i = 0; i < sizeof(eng_regs) / sizeof(eng_regs[0]); i++) {
			if (!strcasecmp(end + 1, eng_regs[i].name)) {
				*off = SGPU_VF_ENGINES +
				       n * SGPU_ENGINE_STRIDE +
				       eng_regs[i].offset;
				return 0;
			}
		}
	} else if (!strncasecmp(s, "MMU", 3)) {
		n = strtoul(s + 3, &end, 10);
		if (end == s + 3 || *end != '_' || n >= SGPU_VF_MAX_MMU)
			return -1;
		for (i = 0; i < sizeof(mmu_regs) / sizeof(mmu_regs[0]); i++) {
			if (!strcasecmp(end + 1, mmu_regs[i].name)) {
				*off = SGPU_VF_MMU(n) + mmu_regs[i].offset;
				return 0;
			}
		}
	}
	return -1;
}

static int parse_reg(const char *s, uint32_t *off)
{
	char *end;
	size_t i;

	for (i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		if (!strcasecmp(s, regs[i].name)) {
			*off = regs[i].offset;
			return 0;
		}
	}
	if (!parse_unit_reg(s, off))
		return 0;
	errno = 0;
	*off = strtoul(s, &end, 0);
	return (errno || *end || end == s) ? -1 : 0;
}

int main(int argc, char **argv)
{
	char path[256], *end;
	volatile uint32_t *reg;
	unsigned long val = 0;
	struct stat st;
	uint32_t off;
	void *map;
	size_t i;
	int fd;

	if (argc == 2 && !strcmp(argv[1], "--list")) {
		for (i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
			printf("%-14s 0x%03" PRIx32 "\n", regs[i].name,
			       regs[i].offset);
		for (i = 0; i < sizeof(eng_regs) / sizeof(eng_regs[0]); i++)
			printf("ENG<n>_%-14s 0x%04x + n * 0x%x + 0x%02" PRIx32 "\n",
			       eng_regs[i].name, SGPU_VF_ENGINES,
			       SGPU_ENGINE_STRIDE, eng_regs[i].offset);
		for (i = 0; i < sizeof(mmu_regs) / sizeof(mmu_regs[0]); i++)
			printf("MMU<n>_%-14s 0x%04x + n * 0x%x + 0x%02" PRIx32 "\n",
			       mmu_regs[i].name, SGPU_VF_MMU(0),
			       SGPU_VF_MMU(1) - SGPU_VF_MMU(0), mmu_regs[i].offset);
		return 0;
	}
	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: sgpu-reg BDF REG [VALUE] | --list\n");
		return 2;
	}
	if (parse_reg(argv[2], &off)) {
		fprintf(stderr, "sgpu-reg: unknown register '%s' (see --list)\n",
			argv[2]);
		return 2;
	}
	if (argc == 4) {
		errno = 0;
		val = strtoul(argv[3], &end, 0);
		if (errno || *end || end == argv[3] || val > UINT32_MAX) {
			fprintf(stderr, "sgpu-reg: '%s' is not a 32-bit value\n",
				argv[3]);
			return 2;
		}
	}
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource%d",
		 argv[1], SGPU_BAR_REGS);
	fd = open(path, O_RDWR | O_SYNC);
	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "sgpu-reg: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (off & 3 || (off_t)off + 4 > st.st_size) {
		fprintf(stderr, "sgpu-reg: offset %#" PRIx32 " is not an aligned register of a %lld-byte BAR\n",
			off, (long long)st.st_size);
		return 2;
	}
	map = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		fprintf(stderr, "sgpu-reg: mmap %s: %s (is a driver bound?)\n",
			path, strerror(errno));
		return 1;
	}
	reg = (volatile uint32_t *)((char *)map + off);
	if (argc == 4)
		*reg = (uint32_t)val;
	else
		printf("0x%08" PRIx32 "\n", *reg);
	munmap(map, st.st_size);
	close(fd);
	return 0;
}
