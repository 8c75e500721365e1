// SPDX-License-Identifier: GPL-2.0-only
/*
 * vram-sum PF OFFSET LENGTH: FNV-1a of PF BAR2 (VRAM) bytes, read through
 * /sys/bus/pci/devices/PF/resource2, to prove from outside that a VF's
 * slice did not change.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	uint64_t off, len, i, h = 14695981039346656037ull;
	char path[256];
	uint8_t *p;
	int fd;

	if (argc != 4) {
		fprintf(stderr, "usage: vram-sum PF OFFSET LENGTH\n");
		return 2;
	}
	off = strtoull(argv[2], NULL, 0);
	len = strtoull(argv[3], NULL, 0);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource2",
		 argv[1]);
	fd = open(path, O_RDONLY | O_SYNC);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, off);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (i = 0; i < len; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	printf("%016llx\n", (unsigned long long)h);
	return 0;
}
