// SPDX-License-Identifier: GPL-2.0-only
/*
 * host-memcpy SIZE SECONDS: memcpy throughput of SIZE-byte buffers on the
 * host, in MB/s (median of 5 runs). It is the emulated device's physical
 * limit: QEMU's DMA engines end in a memcpy of guest RAM.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	size_t size = argc > 1 ? strtoul(argv[1], NULL, 0) : 4 << 20;
	double secs = argc > 2 ? atof(argv[2]) : 1, rate[5], t0, t;
	char *a = malloc(size), *b = malloc(size);
	unsigned long n;
	int r;

	if (!a || !b)
		return 1;
	memset(a, 1, size);
	memset(b, 2, size);
	for (r = 0; r < 5; r++) {
		n = 0;
		t0 = now();
		do {
			memcpy(r & 1 ? a : b, r & 1 ? b : a, size);
			n++;
			t = now() - t0;
		} while (t < secs);
		rate[r] = n * size / t / 1e6;
	}
	qsort(rate, 5, sizeof(rate[0]), cmp);
	/* Keep the copies observable so the compiler cannot drop them. */
	printf("%.1f %d\n", rate[2], a[size / 2] + b[size / 3]);
	return 0;
}
