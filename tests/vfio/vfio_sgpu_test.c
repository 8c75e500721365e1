// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sgpu: drive sgpu VFs from userspace through VFIO, as a VMM or a
 * userspace driver would, and check what the device does.
 *
 *   vfio-sgpu test VF_A VF_B       the tests below, TAP-like lines
 *                                  ("ok - ...", "not ok - ...", "# ...")
 *   vfio-sgpu bench VF SIZE SECONDS
 *                                  host -> VRAM copies of SIZE bytes, 32
 *                                  in flight; prints MB/s
 *
 * Both VFs must be bound to vfio-pci (scripts/sgpu-vfctl vfio). Each is
 * opened in a container of its own, as two VMs would have them.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sgpu/sgpu_regs.h"
#include "sgpu/sgpu_bench.h"
#include "sgpu_vfio.h"

#define MiB		(1024 * 1024)
#define HOST		(SGPU_DESC_F_SRC_HOST | SGPU_DESC_F_DST_HOST)

static int failures;

static void check(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void check(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", cond ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	failures += !cond;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	return n == 0 || (b[0] == 0 && !memcmp(b, b + 1, n - 1));
}

static uint32_t counter(struct sgpu_vfio *g, unsigned int c)
{
	return sgpu_vfio_rd(g, SGPU_REG_COUNTER(c));
}

static void open_or_die(struct sgpu_vfio *g, const char *bdf)
{
	char why[256];

	if (sgpu_vfio_open(g, bdf, why, sizeof(why))) {
		printf("not ok - open %s through VFIO: %s\n", bdf, why);
		exit(1);
	}
}

static void test_basics(struct sgpu_vfio *a)
{
	check(a->dev.has_reset, "%s: VFIO offers a device reset", a->dev.bdf);
	check(a->dev.num_irqs_msix == SGPU_VF_MSIX_VECTORS,
	      "%s: %u MSI-X vectors", a->dev.bdf, a->dev.num_irqs_msix);
	check(SGPU_FUNCTION_VF_INDEX(sgpu_vfio_rd(a, SGPU_REG_FUNCTION)) <
	      256 && a->vram_size >= 4 * MiB,
	      "identity, function and a %llu MiB slice read through BAR0",
	      (unsigned long long)a->vram_size / MiB);
}

static void test_memcpy(struct sgpu_vfio *a)
{
	struct vfio_buf src, dst;
	int st;

	vfio_buf_alloc(&a->dev, MiB, &src);
	vfio_buf_alloc(&a->dev, MiB, &dst);
	sgpu_fill_random(src.va, MiB, 1);
	st = sgpu_vfio_copy(a, HOST, src.iova, dst.iova, MiB);
	check(st == 0 && !memcmp(src.va, dst.va, MiB),
	      "memcpy of 1 MiB between two IOVAs: status %d, data %s", st,
	      memcmp(src.va, dst.va, MiB) ? "differs" : "matches");

	/* Host -> VRAM (GPU VA, through the VF's own page tables) -> host. */
	memset(dst.va, 0, MiB);
	sgpu_fill_random(src.va, MiB, 2);
	st = sgpu_vfio_copy(a, SGPU_DESC_F_SRC_HOST, src.iova,
			    SGPU_VFIO_VRAM_VA, MiB);
	if (!st)
		st = sgpu_vfio_copy(a, SGPU_DESC_F_DST_HOST,
				    SGPU_VFIO_VRAM_VA, dst.iova, MiB);
	check(st == 0 && !memcmp(src.va, dst.va, MiB),
	      "host -> VRAM -> host through the GPU MMU: status %d", st);
	check(!memcmp(a->vram + SGPU_VFIO_VRAM_OFF, src.va, MiB),
	      "... and BAR2 shows the data where the page table put it");
	vfio_buf_free(&a->dev, &src);
	vfio_buf_free(&a->dev, &dst);
}

static void test_unmapped(struct sgpu_vfio *a)
{
	struct vfio_buf buf, guard;
	uint64_t hole = vfio_dev_unmapped_iova(&a->dev, MiB);
	uint32_t before = counter(a, SGPU_CNT_DMA_FAULT);
	int st;

	vfio_buf_alloc(&a->dev, MiB, &buf);
	vfio_buf_alloc(&a->dev, MiB, &guard);
	sgpu_fill_random(buf.va, MiB, 3);
	memset(guard.va, 0x5a, MiB);
	memcpy(guard.va, buf.va, 4096);
	st = sgpu_vfio_copy(a, HOST, hole, buf.iova, MiB);
	check(st == SGPU_DERR_DMA_FAULT,
	      "memcpy from an unmapped IOVA: the device refuses it (status %d, want %d)",
	      st, SGPU_DERR_DMA_FAULT);
	check(!memcmp(guard.va, buf.va, 4096),
	      "... and did not write a byte of the destination");
	st = sgpu_vfio_copy(a, HOST, buf.iova, hole, MiB);
	check(st == SGPU_DERR_DMA_FAULT,
	      "memcpy to an unmapped IOVA: refused too (status %d)", st);
	st = sgpu_vfio_copy(a, HOST, buf.iova, guard.iova + MiB - 4096,
			    8192);
	check(st == SGPU_DERR_DMA_FAULT &&
	      ((uint8_t *)guard.va)[MiB - 1] == 0x5a,
	      "a memcpy that runs off the end of a mapping: refused, nothing written (status %d)",
	      st);
	check(counter(a, SGPU_CNT_DMA_FAULT) == before + 3,
	      "the VF counted exactly those 3 DMA faults (%u -> %u)", before,
	      counter(a, SGPU_CNT_DMA_FAULT));
	st = sgpu_vfio_copy(a, HOST, buf.iova, guard.iova, MiB);
	check(st == 0 && !memcmp(buf.va, guard.va, MiB),
	      "the engine goes on: the next memcpy works");
	vfio_buf_free(&a->dev, &buf);
	vfio_buf_free(&a->dev, &guard);
}

/*
 * Peer-to-peer DMA onto the device's own registers: VF A's BAR0 and VF
 * B's, mapped into A's IOMMU domain as a VMM maps BARs. Copying a page of
 * ENG_CTRL=RESET words there must not reach a register.
 */
static void test_self_dma(struct sgpu_vfio *a, struct sgpu_vfio *b)
{
	uint64_t own, other;
	struct vfio_buf src, dst, bbuf;
	uint32_t *w;
	unsigned int i;
	int st;

	if (vfio_dev_map_va(&a->dev, (void *)a->regs, 4096, &own) ||
	    vfio_dev_map_va(&a->dev, (void *)b->regs, 4096, &other)) {
		check(0, "map the VFs' BAR0 pages into A's IOMMU domain: %s",
		      strerror(errno));
		return;
	}
	vfio_buf_alloc(&a->dev, 4096, &src);
	vfio_buf_alloc(&a->dev, 4096, &dst);
	w = src.va;
	for (i = 0; i < 1024; i++)
		w[i] = SGPU_ENG_CTRL_RESET;
	st = sgpu_vfio_copy(a, HOST, src.iova, own, 4096);
	check(st == SGPU_DERR_DMA_FAULT,
	      "DMA onto A's own BAR0 (ENG_CTRL=RESET words): refused (status %d)",
	      st);
	st = sgpu_vfio_copy(a, HOST, own, dst.iova, 4096);
	check(st == SGPU_DERR_DMA_FAULT && all_zero(dst.va, 4096),
	      "DMA from A's own BAR0: refused, nothing read (status %d)", st);
	st = sgpu_vfio_copy(a, HOST, src.iova, other, 4096);
	check(st == SGPU_DERR_DMA_FAULT,
	      "DMA onto B's BAR0: refused (status %d)", st);
	vfio_buf_alloc(&b->dev, 4096, &bbuf);
	check(sgpu_vfio_rd(b, SGPU_VF_ENGINES + SGPU_ENG_CTRL) ==
	      SGPU_ENG_CTRL_ENABLE &&
	      sgpu_vfio_copy(b, HOST, bbuf.iova, bbuf.iova + 2048, 2048) == 0,
	      "... B's engine is still set up and runs");
	vfio_buf_free(&b->dev, &bbuf);
	memset(src.va, 0x5a, 4096);
	st = sgpu_vfio_copy(a, HOST, src.iova, dst.iova, 4096);
	check(st == 0 && !memcmp(src.va, dst.va, 4096),
	      "A's engine goes on: the next copy works (status %d)", st);
	vfio_buf_free(&a->dev, &src);
	vfio_buf_free(&a->dev, &dst);
}

/*
 * The x86 interrupt window is never memory: a copy aimed there is refused
 * before a byte goes out (else it would be an interrupt message).
 */
static void test_irq_window(struct sgpu_vfio *a)
{
	uint32_t before = counter(a, SGPU_CNT_DMA_FAULT);
	struct vfio_buf src;
	int st, st2;

	vfio_buf_alloc(&a->dev, 4096, &src);
	memset(src.va, 0x41, 4096);
	st = sgpu_vfio_copy(a, HOST, src.iova, SGPU_IRQ_WINDOW_BASE, 4);
	st2 = sgpu_vfio_copy(a, HOST, SGPU_IRQ_WINDOW_BASE + 0x1000, src.iova,
			     4096);
	check(st == SGPU_DERR_DMA_FAULT && st2 == SGPU_DERR_DMA_FAULT &&
	      counter(a, SGPU_CNT_DMA_FAULT) == before + 2,
	      "4 bytes of 0x41 to 0xfee00000 and a read there: DMA_FAULT, counted (status %d %d)",
	      st, st2);
	vfio_buf_free(&a->dev, &src);
}

static void test_msi(struct sgpu_vfio *a)
{
	struct vfio_buf b;
	uint64_t n;
	int st;

	if (vfio_dev_msix_enable(&a->dev, SGPU_VF_MSIX_VECTORS, a->irq_fd)) {
		check(0, "MSI-X through eventfds: %s", strerror(errno));
		return;
	}
	/* The self-test cause signals vector 0. */
	sgpu_vfio_wr(a, SGPU_REG_IRQ_RAISE, SGPU_IRQ_SELFTEST);
	n = vfio_eventfd_wait(a->irq_fd[SGPU_VF_VEC_MBOX], 5000);
	check(n >= 1, "MSI-X vector 0 arrives on its eventfd (IRQ_RAISE)");
	sgpu_vfio_wr(a, SGPU_REG_IRQ_STATUS, SGPU_IRQ_SELFTEST);

	vfio_buf_alloc(&a->dev, 4096, &b);
	st = sgpu_vfio_wait(a, sgpu_vfio_submit(a, SGPU_OP_FILL,
						SGPU_DESC_F_DST_HOST |
						SGPU_DESC_F_IRQ, 0x12345678, 0,
						b.iova, 4096), 10000);
	n = vfio_eventfd_wait(a->irq_fd[SGPU_VF_VEC_JOB], 5000);
	check(st == 0 && n >= 1 && ((uint32_t *)b.va)[1023] == 0x12345678,
	      "a job with F_IRQ raises the JOB vector (status %d, %llu events)",
	      st, (unsigned long long)n);
	sgpu_vfio_wr(a, SGPU_REG_IRQ_STATUS, SGPU_IRQ_JOB);
	vfio_buf_free(&a->dev, &b);
}

static void test_reset(struct sgpu_vfio *a)
{
	struct vfio_buf sem, src, dst;
	uint32_t s1, s2, resets = sgpu_vfio_rd(a, SGPU_REG_RESETS);
	int st;

	vfio_buf_alloc(&a->dev, 4096, &sem);
	vfio_buf_alloc(&a->dev, MiB, &src);
	vfio_buf_alloc(&a->dev, MiB, &dst);
	/* A job that waits for a value nothing writes, and one behind it. */
	s1 = sgpu_vfio_submit(a, SGPU_OP_WAIT, SGPU_DESC_F_SRC_HOST, 1,
			      sem.iova, 0, 4);
	sgpu_fill_random(src.va, MiB, 4);
	s2 = sgpu_vfio_submit(a, SGPU_OP_COPY, HOST, 0, src.iova, dst.iova,
			      MiB);
	check(sgpu_vfio_wait(a, s1, 200) < 0 &&
	      (sgpu_vfio_rd(a, SGPU_VF_ENGINES + SGPU_ENG_STATUS) &
	       SGPU_ENG_STATUS_BUSY), "a hung job keeps engine 0 busy");
	check(!vfio_dev_reset(&a->dev), "VFIO_DEVICE_RESET mid-job: %s",
	      strerror(errno));
	check(!sgpu_vfio_wait_ready(a, 5000),
	      "the PF re-arms the VF (STATUS %#x, RESETS %u -> %u)",
	      sgpu_vfio_rd(a, SGPU_REG_STATUS), resets,
	      sgpu_vfio_rd(a, SGPU_REG_RESETS));
	usleep(100000);
	check(sgpu_vfio_wait(a, s1, 0) < 0 && sgpu_vfio_wait(a, s2, 0) < 0 &&
	      all_zero(dst.va, MiB) &&
	      sgpu_vfio_rd(a, SGPU_VF_ENGINES + SGPU_ENG_CTRL) == 0 &&
	      sgpu_vfio_rd(a, SGPU_VF_ENGINES + SGPU_ENG_RING_BASE_LO) == 0,
	      "the reset stopped both jobs (never completed, nothing copied) and the engine is at defaults");
	sgpu_vfio_setup(a);
	st = sgpu_vfio_copy(a, HOST, src.iova, dst.iova, MiB);
	check(st == 0 && !memcmp(src.va, dst.va, MiB),
	      "set up again, the VF copies correctly (status %d)", st);
	vfio_buf_free(&a->dev, &sem);
	vfio_buf_free(&a->dev, &src);
	vfio_buf_free(&a->dev, &dst);
}

/* Two VMs' VFs: the same IOVA means different memory in each. */
static void test_two_containers(struct sgpu_vfio *a, struct sgpu_vfio *b)
{
	struct vfio_buf abuf, bbuf, asrc, bonly;
	int st;

	check(a->dev.container != b->dev.container,
	      "%s and %s are in two containers", a->dev.bdf, b->dev.bdf);
	/* Line the IOVA allocators up, so the two buffers share an IOVA. */
	if (a->dev.iova_next < b->dev.iova_next)
		a->dev.iova_next = b->dev.iova_next;
	b->dev.iova_next = a->dev.iova_next;
	vfio_buf_alloc(&a->dev, MiB, &abuf);
	vfio_buf_alloc(&b->dev, MiB, &bbuf);
	memset(abuf.va, 0xaa, MiB);
	memset(bbuf.va, 0xbb, MiB);
	vfio_buf_alloc(&a->dev, MiB, &asrc);
	memset(asrc.va, 0x11, MiB);
	check(abuf.iova == bbuf.iova, "each maps its own buffer at IOVA %#llx",
	      (unsigned long long)abuf.iova);
	st = sgpu_vfio_copy(a, HOST, asrc.iova, abuf.iova, MiB);
	check(st == 0 && ((uint8_t *)abuf.va)[MiB / 2] == 0x11 &&
	      ((uint8_t *)bbuf.va)[0] == 0xbb &&
	      !memcmp(bbuf.va, (uint8_t *)bbuf.va + 1, MiB - 1),
	      "VF A writing to that IOVA lands in A's buffer; B's is untouched");
	/* An IOVA only B has mapped (past all of A's) is nothing to A. */
	if (b->dev.iova_next < a->dev.iova_next)
		b->dev.iova_next = a->dev.iova_next;
	vfio_buf_alloc(&b->dev, MiB, &bonly);
	memset(bonly.va, 0xcc, MiB);
	st = sgpu_vfio_copy(a, HOST, asrc.iova, bonly.iova, MiB);
	check(st == SGPU_DERR_DMA_FAULT && ((uint8_t *)bonly.va)[0] == 0xcc,
	      "VF A writing to an IOVA only B mapped: DMA fault (status %d), B's memory untouched",
	      st);
	st = sgpu_vfio_copy(a, HOST, bonly.iova, abuf.iova, MiB);
	check(st == SGPU_DERR_DMA_FAULT && ((uint8_t *)abuf.va)[0] == 0x11,
	      "... reading it: DMA fault too (status %d), nothing leaks", st);
	vfio_buf_free(&b->dev, &bonly);
	st = sgpu_vfio_copy(b, HOST, bbuf.iova, bbuf.iova, 4096);
	check(st == 0, "B still works (status %d)", st);
	vfio_buf_free(&a->dev, &abuf);
	vfio_buf_free(&a->dev, &asrc);
	vfio_buf_free(&b->dev, &bbuf);
}

static int cmd_test(const char *bdf_a, const char *bdf_b)
{
	struct sgpu_vfio a, b;

	open_or_die(&a, bdf_a);
	open_or_die(&b, bdf_b);
	sgpu_vfio_setup(&a);
	sgpu_vfio_setup(&b);
	test_basics(&a);
	test_memcpy(&a);
	test_unmapped(&a);
	test_self_dma(&a, &b);
	test_irq_window(&a);
	test_msi(&a);
	test_reset(&a);
	test_two_containers(&a, &b);
	vfio_dev_msix_disable(&a.dev);
	sgpu_vfio_close(&a);
	sgpu_vfio_close(&b);
	return failures != 0;
}

/* Host -> VRAM copies with 32 in flight, like sgpu bench on sgpu_vf. */
static int cmd_bench(const char *bdf, uint64_t size, double seconds)
{
	struct sgpu_vfio g;
	struct vfio_buf src;
	uint32_t slots[32];
	unsigned long done = 0, queued = 0;
	double t0;

	open_or_die(&g, bdf);
	sgpu_vfio_setup(&g);
	if (size > SGPU_VFIO_VRAM_LEN || vfio_buf_alloc(&g.dev, size, &src)) {
		fprintf(stderr, "vfio-sgpu: bench: at most %llu bytes\n",
			SGPU_VFIO_VRAM_LEN);
		return 2;
	}
	sgpu_fill_random(src.va, size, 5);
	t0 = now();
	do {
		while (queued - done < 32)
			slots[queued++ % 32] =
				sgpu_vfio_submit(&g, SGPU_OP_COPY,
						 SGPU_DESC_F_SRC_HOST, 0,
						 src.iova, SGPU_VFIO_VRAM_VA,
						 size);
		if (sgpu_vfio_wait(&g, slots[done++ % 32], 10000)) {
			fprintf(stderr, "vfio-sgpu: bench: a copy failed\n");
			return 1;
		}
	} while (now() - t0 < seconds);
	while (done < queued)
		sgpu_vfio_wait(&g, slots[done++ % 32], 10000);
	printf("%.1f MB/s\n", done * (double)size / (now() - t0) / 1e6);
	vfio_buf_free(&g.dev, &src);
	sgpu_vfio_close(&g);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "test"))
		return cmd_test(argv[2], argv[3]);
	if (argc == 5 && !strcmp(argv[1], "bench"))
		return cmd_bench(argv[2], strtoull(argv[3], NULL, 0),
				 atof(argv[4]));
	fprintf(stderr, "usage: vfio-sgpu test VF_A VF_B | bench VF SIZE SECONDS\n");
	return 2;
}
