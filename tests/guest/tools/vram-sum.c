// SPDX-License-Identifier: GPL-2.0-only
/*
 * vram-sum [-z] PF OFFSET LENGTH: FNV-1a of PF BAR2 (VRAM) bytes, read
 * through /sys/bus/pci/devices/PF/resource2, to prove from outside that a
 * VF's slice did not change. With -z, the number of bytes that are not
 * zero instead (0 for a scrubbed slice).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	uint64_t off, len, i, nonzero = 0, h = 14695981039346656037ull;
	int count_nonzero = argc == 5 && !strcmp(argv[1], "-z");
	char path[256];
	uint8_t *p;
	int fd;

	if (count_nonzero) {
		argc--;
		argv++;
	}
	if (argc != 4) {
		fprintf(stderr, "usage: vram-sum [-z] PF OFFSET LENGTH\n");
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
	for (i = 0; i < len; i++) {
		h = (h ^ p[i]) * 1099511628211ull;
		nonzero += p[i] != 0;
	}
	if (count_nonzero)
		printf("%llu\n", (unsigned long long)nonzero);
	else
		printf("%016llx\n", (unsigned long long)h);
	return 0;
}
