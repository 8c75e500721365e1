// SPDX-License-Identifier: GPL-2.0-only
/*
 * map-loop DEV GOFILE: a user of a VF's mmaps while the VF goes away.
 * map-loop -d DEV: only check that a system BO's mapping survives
 * MADV_DONTNEED (prints "dontneed ok").
 *
 * Maps a VRAM BO and a SYSTEM BO of DEV (/dev/sgpu-vfN) MAP_SHARED, fills
 * both, checks the VRAM mapping against BO_READ, prints "mapped", then
 * loops: read the whole VRAM
 * mapping, write and read back the whole system mapping, INFO. When an
 * ioctl fails it waits for GOFILE to exist (the VF's removal is complete),
 * then reads both mappings once more and writes into the VRAM one. A
 * SIGBUS kills it before the last line; otherwise its last line is
 *   done errno=E vram_nonzero=N system_bad=M [...]
 * and it exits 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "uapi/sgpu/sgpu_vf.h"

#define LEN	(64u << 10)
#define WORDS	(LEN / 4)

static int fd;

static void die(const char *what)
{
	printf("error %s: %s\n", what, strerror(errno));
	exit(1);
}

static volatile uint32_t *map_bo(uint32_t flags, uint32_t *handle)
{
	struct sgpu_vf_bo_create c = { .size = LEN, .flags = flags };
	void *p;

	if (ioctl(fd, SGPU_VF_IOC_BO_CREATE, &c))
		die("BO_CREATE");
	p = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 c.mmap_offset);
	if (p == MAP_FAILED)
		die("mmap");
	*handle = c.handle;
	return p;
}

static uint32_t pattern(uint32_t pass, uint32_t i)
{
	return (pass * 2654435761u) ^ (i * 40503u) ^ 0xa5a5a5a5u;
}

int main(int argc, char **argv)
{
	volatile uint32_t *vram, *sys;
	static uint32_t buf[WORDS];
	struct sgpu_vf_bo_rw rw = { .size = LEN, .data = (uintptr_t)buf };
	struct sgpu_vf_info info;
	uint32_t hv, hs, i, pass, vram_nonzero = 0, system_bad = 0;
	uint32_t changed_passes = 0;
	int err, rerr, waited, dontneed = 0;

	if (argc == 3 && !strcmp(argv[1], "-d")) {
		dontneed = 1;
		argv[1] = argv[2];
	} else if (argc != 3) {
		fprintf(stderr, "usage: map-loop DEV GOFILE | map-loop -d DEV\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	fd = open(argv[1], O_RDWR);
	if (fd < 0)
		die("open");
	vram = map_bo(SGPU_BO_VRAM, &hv);
	sys = map_bo(SGPU_BO_SYSTEM, &hs);
	for (i = 0; i < WORDS; i++) {
		vram[i] = pattern(0, i);
		sys[i] = pattern(0, i);
	}
	rw.handle = hv;
	if (ioctl(fd, SGPU_VF_IOC_BO_READ, &rw))
		die("BO_READ");
	for (i = 0; i < WORDS; i++)
		if (buf[i] != pattern(0, i)) {
			printf("error: the VRAM mapping is not the BO (word %u)\n",
			       i);
			return 1;
		}
	if (dontneed) {
		if (madvise((void *)sys, LEN, MADV_DONTNEED))
			die("madvise");
		for (i = 0; i < WORDS; i++)
			if (sys[i] != pattern(0, i)) {
				printf("error: system BO lost word %u to MADV_DONTNEED\n",
				       i);
				return 1;
			}
		printf("dontneed ok\n");
		return 0;
	}
	printf("mapped\n");

	for (pass = 1;; pass++) {
		uint32_t bad = 0;

		for (i = 0; i < WORDS; i++)
			bad += vram[i] != pattern(0, i);
		changed_passes += bad != 0;
		for (i = 0; i < WORDS; i++)
			sys[i] = pattern(pass, i);
		for (i = 0; i < WORDS; i++)
			system_bad += sys[i] != pattern(pass, i);
		if (ioctl(fd, SGPU_VF_IOC_INFO, &info))
			break;
		usleep(2000);
	}
	err = errno;
	printf("ioctl failed after %u passes: %s\n", pass, strerror(err));
	for (waited = 0; access(argv[2], F_OK) && waited < 3000; waited++)
		usleep(10000);
	if (waited == 3000) {
		printf("error: %s never appeared\n", argv[2]);
		return 1;
	}
	for (i = 0; i < WORDS; i++) {
		vram_nonzero += vram[i] != 0;
		system_bad += sys[i] != pattern(pass, i);
	}
	/* Writes after the VF went reach nothing, and do not fault. */
	for (i = 0; i < WORDS; i++)
		vram[i] = ~0u;
	rerr = ioctl(fd, SGPU_VF_IOC_BO_READ, &rw) ? errno : 0;
	printf("done errno=%d vram_nonzero=%u system_bad=%u changed_passes=%u read_errno=%d\n",
	       err, vram_nonzero, system_bad, changed_passes, rerr);
	return 0;
}
