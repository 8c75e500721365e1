// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu: drive one VF's slice through /dev/sgpu-vf<N>.
 *
 *   sgpu [-d DEV] info                       the slice, as the driver sees it
 *   sgpu [-d DEV] counters                   the VF's adverse-event counters
 *   sgpu [-d DEV] dma-test SIZE [ENGINE]     random bytes host -> VRAM -> host,
 *                                            checked; prints the checksum
 *   sgpu [-d DEV] stream SECONDS SIZE [ENGINE]
 *                                            dma-test in a loop; prints rounds
 *                                            and errors (for isolation tests)
 *   sgpu [-d DEV] qoi-encode IN W H CH OUT   raw pixels -> QOI on a codec core
 *   sgpu [-d DEV] qoi-decode IN CH OUT       QOI -> raw pixels on a codec core
 *   sgpu [-d DEV] bench SIZE SECONDS [ENGINE]
 *                                            host -> VRAM copy throughput, MB/s
 *   sgpu [-d DEV] bench-qoi W H SECONDS      QOI encode throughput of a test
 *                                            pattern (the PF's bench_qoi's),
 *                                            MB/s of pixels
 *   sgpu [-d DEV] keep SIZE SEED             a VRAM BO holding a seeded
 *                                            pattern; each SIGUSR1 reads it
 *                                            back by CPU and by DMA and says
 *                                            "intact", "zero" or "changed";
 *                                            SIGTERM ends it (reset tests)
 *   sgpu [-d DEV] hang ENGINE JOBS [WAIT_MS] queue JOBS WAITs on a value
 *                                            nothing writes: they end only
 *                                            when the VF is reset; prints
 *                                            how they ended, and whether a
 *                                            new job works (each WAIT
 *                                            ioctl blocks up to WAIT_MS,
 *                                            default 60000)
 *   sgpu [-d DEV] flr-bench COUNT            FLR the VF COUNT times (root;
 *                                            through sysfs, as Linux does
 *                                            it); milliseconds from the
 *                                            reset written to a job done,
 *                                            p50/p99/max
 *   sgpu [-d DEV] load SECONDS SIZE [ENGINE] keep jobs queued through
 *                                            resets (copies, or QOI encodes
 *                                            on a codec core); counts jobs
 *                                            that finished, were aborted,
 *                                            were refused (EIO) or failed.
 *                                            Prints "running" once set up;
 *                                            each SIGUSR1 prints the counts
 *                                            so far; SECONDS 0 runs until
 *                                            SIGTERM
 *
 * DEV defaults to /dev/sgpu-vf0. Exit status: 0 ok, 1 failure, 2 usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "sgpu/sgpu_bench.h"
#include "sgpu/sgpu_desc.h"
#include "sgpu/sgpu_regs.h"
#include "uapi/sgpu/sgpu_vf.h"

static int fd;
static struct sgpu_vf_info info;

static void die(const char *what)
{
	fprintf(stderr, "sgpu: %s: %s\n", what, strerror(errno));
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct bo {
	uint32_t handle;
	uint64_t size;
	uint8_t *map;
};

static struct bo bo_new(uint64_t size, uint32_t flags)
{
	struct sgpu_vf_bo_create c = { .size = size, .flags = flags };
	struct bo b;

	if (ioctl(fd, SGPU_VF_IOC_BO_CREATE, &c))
		die("BO_CREATE");
	b.handle = c.handle;
	b.size = c.size;
	b.map = NULL;
	if (flags == SGPU_BO_SYSTEM) {
		b.map = mmap(NULL, c.size, PROT_READ | PROT_WRITE, MAP_SHARED,
			     fd, c.mmap_offset);
		if (b.map == MAP_FAILED)
			die("mmap");
	}
	return b;
}

static void bo_free(struct bo *b)
{
	struct sgpu_vf_bo_destroy d = { .handle = b->handle };

	if (b->map)
		munmap(b->map, b->size);
	if (ioctl(fd, SGPU_VF_IOC_BO_DESTROY, &d))
		die("BO_DESTROY");
}

static void bo_rw(struct bo *b, uint64_t off, void *data, uint64_t n,
		  unsigned long req)
{
	struct sgpu_vf_bo_rw rw = {
		.handle = b->handle, .offset = off, .size = n,
		.data = (uintptr_t)data,
	};

	if (ioctl(fd, req, &rw))
		die(req == SGPU_VF_IOC_BO_WRITE ? "BO_WRITE" : "BO_READ");
}

/* Submit and wait; returns the device's status (0 ok). */
static uint32_t job(struct sgpu_vf_submit *s, struct sgpu_vf_wait *w)
{
	if (ioctl(fd, SGPU_VF_IOC_SUBMIT, s))
		die("SUBMIT");
	memset(w, 0, sizeof(*w));
	w->engine = s->engine;
	w->seqno = s->seqno;
	w->timeout_ms = 30000;
	if (ioctl(fd, SGPU_VF_IOC_WAIT, w))
		die("WAIT");
	return w->status;
}

static uint32_t copy(uint32_t engine, struct bo *src, struct bo *dst,
		     uint64_t len)
{
	struct sgpu_vf_submit s = {
		.engine = engine, .op = SGPU_JOB_COPY, .src_handle = src->handle,
		.dst_handle = dst->handle, .len = len,
	};
	struct sgpu_vf_wait w;

	return job(&s, &w);
}

/* One round trip; returns 0 if the data came back intact. */
static int round_trip(struct bo *host_in, struct bo *vram, struct bo *host_out,
		      uint64_t size, uint32_t engine, uint32_t seed,
		      uint32_t *sum)
{
	uint32_t st;

	sgpu_fill_random(host_in->map, size, seed);
	memset(host_out->map, 0, size);
	*sum = sgpu_adler32(host_in->map, size);
	st = copy(engine, host_in, vram, size);
	if (!st)
		st = copy(engine, vram, host_out, size);
	if (st) {
		fprintf(stderr, "sgpu: copy failed: %s\n", sgpu_desc_err_name(st));
		return 1;
	}
	return sgpu_adler32(host_out->map, size) != *sum;
}

static int cmd_info(void)
{
	printf("vf_index %u\nabi %u.%u\nmailbox v%u\nmmu_units %u\n"
	       "dma_channels %u\ncodec_cores %u\nvram_size %llu\n"
	       "vram_free %llu\nvram_window %llu\nprofile %d\n",
	       info.vf_index, info.abi_version >> 16,
	       info.abi_version & 0xffff, info.mbox_version, info.mmu_units,
	       info.dma_channels, info.codec_cores,
	       (unsigned long long)info.vram_size,
	       (unsigned long long)info.vram_free,
	       (unsigned long long)info.vram_window, info.profile);
	return 0;
}

static int cmd_counters(void)
{
	struct sgpu_vf_counters c;
	unsigned int i;

	if (ioctl(fd, SGPU_VF_IOC_COUNTERS, &c))
		die("COUNTERS");
	for (i = 0; i < c.count && i < SGPU_CNT_NUM; i++)
		printf("%s %u\n", sgpu_counter_name(i), c.counter[i]);
	return 0;
}

static int cmd_dma_test(uint64_t size, uint32_t engine)
{
	struct bo in = bo_new(size, SGPU_BO_SYSTEM);
	struct bo out = bo_new(size, SGPU_BO_SYSTEM);
	struct bo vram = bo_new(size, SGPU_BO_VRAM);
	uint32_t sum;
	int bad = round_trip(&in, &vram, &out, size, engine, getpid(), &sum);

	printf("%s %llu bytes engine %u adler32 %08x\n",
	       bad ? "MISMATCH" : "ok", (unsigned long long)size, engine, sum);
	bo_free(&in);
	bo_free(&out);
	bo_free(&vram);
	return bad;
}

static int cmd_stream(double seconds, uint64_t size, uint32_t engine)
{
	struct bo in = bo_new(size, SGPU_BO_SYSTEM);
	struct bo out = bo_new(size, SGPU_BO_SYSTEM);
	struct bo vram = bo_new(size, SGPU_BO_VRAM);
	double end = now() + seconds;
	unsigned long rounds = 0, errors = 0;
	uint32_t sum;

	while (now() < end) {
		errors += round_trip(&in, &vram, &out, size, engine,
				     rounds * 7919 + getpid(), &sum) != 0;
		rounds++;
	}
	printf("rounds %lu errors %lu\n", rounds, errors);
	bo_free(&in);
	bo_free(&out);
	bo_free(&vram);
	return errors != 0;
}

static uint8_t *read_file(const char *path, size_t *len)
{
	struct stat st;
	uint8_t *buf;
	int f = open(path, O_RDONLY);

	if (f < 0 || fstat(f, &st))
		die(path);
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf || read(f, buf, st.st_size) != st.st_size)
		die(path);
	close(f);
	*len = st.st_size;
	return buf;
}

static void write_file(const char *path, const void *buf, size_t len)
{
	int f = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (f < 0 || write(f, buf, len) != (ssize_t)len || close(f))
		die(path);
}

static uint32_t codec_engine(void)
{
	if (!info.codec_cores) {
		fprintf(stderr, "sgpu: this VF has no codec core\n");
		exit(1);
	}
	return info.dma_channels;
}

static int cmd_qoi_encode(const char *in, uint32_t w, uint32_t h, uint32_t ch,
			  const char *out)
{
	size_t len;
	uint8_t *px = read_file(in, &len);
	uint64_t cap = (uint64_t)w * h * (ch + 1) + 22;
	struct bo src = bo_new(len, SGPU_BO_VRAM), dst = bo_new(cap, SGPU_BO_VRAM);
	struct sgpu_vf_submit s = {
		.engine = codec_engine(), .op = SGPU_JOB_QOI_ENCODE,
		.src_handle = src.handle, .dst_handle = dst.handle,
		.len = len, .dst_len = cap, .width = w, .height = h,
		.flags = ch == 4 ? SGPU_JOB_F_RGBA : 0,
	};
	struct sgpu_vf_wait wt;
	uint8_t *enc = malloc(cap);
	uint32_t st;

	bo_rw(&src, 0, px, len, SGPU_VF_IOC_BO_WRITE);
	st = job(&s, &wt);
	if (st) {
		fprintf(stderr, "sgpu: encode failed: %s\n", sgpu_desc_err_name(st));
		return 1;
	}
	bo_rw(&dst, 0, enc, wt.result, SGPU_VF_IOC_BO_READ);
	write_file(out, enc, wt.result);
	printf("encoded %ux%u x%u: %zu -> %u bytes\n", w, h, ch, len, wt.result);
	return 0;
}

static int cmd_qoi_decode(const char *in, uint32_t ch, const char *out)
{
	size_t len;
	uint8_t *enc = read_file(in, &len), *px;
	uint64_t cap = 64ull << 20;
	struct bo src = bo_new(len, SGPU_BO_VRAM), dst;
	struct sgpu_vf_submit s = {
		.engine = codec_engine(), .op = SGPU_JOB_QOI_DECODE,
		.src_handle = src.handle, .len = len,
		.flags = ch == 4 ? SGPU_JOB_F_RGBA : 0,
	};
	struct sgpu_vf_wait wt;
	uint32_t st;

	if (cap > info.vram_free - 2 * len)
		cap = (info.vram_free - 2 * len) & ~0xffffull;
	dst = bo_new(cap, SGPU_BO_VRAM);
	s.dst_handle = dst.handle;
	s.dst_len = cap;
	bo_rw(&src, 0, enc, len, SGPU_VF_IOC_BO_WRITE);
	st = job(&s, &wt);
	if (st) {
		fprintf(stderr, "sgpu: decode failed: %s\n", sgpu_desc_err_name(st));
		return 1;
	}
	px = malloc(wt.result);
	bo_rw(&dst, 0, px, wt.result, SGPU_VF_IOC_BO_READ);
	write_file(out, px, wt.result);
	printf("decoded %ux%u x%u: %zu -> %u bytes\n", wt.width, wt.height, ch,
	       len, wt.result);
	return 0;
}

/* Jobs in flight during a benchmark, as the PF's bench_dma keeps too. */
#define BENCH_DEPTH 32

static int wait_job(uint32_t engine, uint64_t seqno)
{
	struct sgpu_vf_wait w = {
		.engine = engine, .seqno = seqno, .timeout_ms = 30000,
	};

	if (ioctl(fd, SGPU_VF_IOC_WAIT, &w))
		die("WAIT");
	if (w.status)
		fprintf(stderr, "sgpu: job failed: %s\n",
			sgpu_desc_err_name(w.status));
	return w.status;
}

/* Run @s for @seconds keeping BENCH_DEPTH jobs queued; jobs per second. */
static double bench_jobs(struct sgpu_vf_submit *s, double seconds)
{
	uint64_t seq[BENCH_DEPTH];
	unsigned long queued = 0, done = 0;
	double t0 = now(), t;

	do {
		while (queued - done < BENCH_DEPTH) {
			if (ioctl(fd, SGPU_VF_IOC_SUBMIT, s))
				die("SUBMIT");
			seq[queued++ % BENCH_DEPTH] = s->seqno;
		}
		if (wait_job(s->engine, seq[done++ % BENCH_DEPTH]))
			exit(1);
		t = now() - t0;
	} while (t < seconds);
	while (done < queued)
		if (wait_job(s->engine, seq[done++ % BENCH_DEPTH]))
			exit(1);
	return done / (now() - t0);
}

static int cmd_bench(uint64_t size, double seconds, uint32_t engine)
{
	struct bo in = bo_new(size, SGPU_BO_SYSTEM);
	struct bo vram = bo_new(size, SGPU_BO_VRAM);
	struct sgpu_vf_submit s = {
		.engine = engine, .op = SGPU_JOB_COPY, .src_handle = in.handle,
		.dst_handle = vram.handle, .len = size,
	};
	double rate;

	sgpu_fill_random(in.map, size, 1);
	copy(engine, &in, &vram, size);	/* warm up */
	rate = bench_jobs(&s, seconds);
	printf("%.1f MB/s (%.0f copies of %llu bytes a second)\n",
	       rate * size / 1e6, rate, (unsigned long long)size);
	bo_free(&in);
	bo_free(&vram);
	return 0;
}

static int cmd_bench_qoi(uint32_t w, uint32_t h, double seconds)
{
	uint64_t size = (uint64_t)w * h * 3, cap = (uint64_t)w * h * 4 + 22;
	struct bo src = bo_new(size, SGPU_BO_VRAM), dst = bo_new(cap, SGPU_BO_VRAM);
	struct sgpu_vf_submit s = {
		.engine = codec_engine(), .op = SGPU_JOB_QOI_ENCODE,
		.src_handle = src.handle, .dst_handle = dst.handle,
		.len = size, .dst_len = cap, .width = w, .height = h,
	};
	uint8_t *px = malloc(size);
	struct sgpu_vf_wait wt;
	double rate;

	sgpu_bench_pattern(px, w, h);
	bo_rw(&src, 0, px, size, SGPU_VF_IOC_BO_WRITE);
	if (job(&s, &wt))	/* warm up, and the encoded size */
		return 1;
	rate = bench_jobs(&s, seconds);
	printf("%.1f MB/s (%.0f encodes of %ux%u a second, %u bytes each)\n",
	       rate * size / 1e6, rate, w, h, wt.result);
	return 0;
}

/* ---- reset tests: what a VF's user sees across resets -------------------- */

static volatile sig_atomic_t keep_check, keep_stop;

static void keep_signal(int sig)
{
	if (sig == SIGUSR1)
		keep_check = 1;
	else
		keep_stop = 1;
}

static const char *verdict(const uint8_t *got, const uint8_t *want,
			   uint64_t n)
{
	uint64_t i;

	if (!memcmp(got, want, n))
		return "intact";
	for (i = 0; i < n && !got[i]; i++)
		;
	return i == n ? "zero" : "changed";
}

static int cmd_keep(uint64_t size, uint32_t seed)
{
	struct bo vram = bo_new(size, SGPU_BO_VRAM);
	struct bo out = bo_new(size, SGPU_BO_SYSTEM);
	struct sgpu_vf_submit s = {
		.op = SGPU_JOB_COPY, .src_handle = vram.handle,
		.dst_handle = out.handle, .len = size,
	};
	uint8_t *want = malloc(size), *got = malloc(size);
	struct sigaction sa = { .sa_handler = keep_signal };
	int err;
	sigset_t block, old;
	struct sgpu_vf_wait w;

	if (!want || !got)
		die("malloc");
	sgpu_fill_random(want, size, seed);
	bo_rw(&vram, 0, want, size, SGPU_VF_IOC_BO_WRITE);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	printf("kept %llu bytes adler32 %08x\n", (unsigned long long)size,
	       sgpu_adler32(want, size));
	fflush(stdout);
	while (!keep_stop) {
		sigsuspend(&old);
		if (!keep_check)
			continue;
		keep_check = 0;
		bo_rw(&vram, 0, got, size, SGPU_VF_IOC_BO_READ);
		printf("cpu %s ", verdict(got, want, size));
		memset(out.map, 0xa5, size);
		err = ioctl(fd, SGPU_VF_IOC_SUBMIT, &s) ? errno : 0;
		if (!err) {
			memset(&w, 0, sizeof(w));
			w.engine = s.engine;
			w.seqno = s.seqno;
			w.timeout_ms = 30000;
			err = ioctl(fd, SGPU_VF_IOC_WAIT, &w) ? errno : 0;
		}
		if (err)
			printf("dma %s\n", strerror(err));
		else if (w.status)
			printf("dma %s\n", sgpu_desc_err_name(w.status));
		else
			printf("dma %s\n", verdict(out.map, want, size));
		fflush(stdout);
	}
	return 0;
}

static int cmd_hang(uint32_t engine, unsigned int jobs, uint32_t timeout_ms)
{
	struct bo sem = bo_new(4096, SGPU_BO_SYSTEM);
	struct bo in = bo_new(1 << 20, SGPU_BO_SYSTEM);
	struct bo out = bo_new(1 << 20, SGPU_BO_SYSTEM);
	struct bo vram = bo_new(1 << 20, SGPU_BO_VRAM);
	struct sgpu_vf_submit s = {
		.engine = engine, .op = SGPU_JOB_WAIT,
		.src_handle = sem.handle, .len = 4, .fill = 1,
	};
	unsigned long ok = 0, aborted = 0, failed = 0, i;
	uint64_t *seq = calloc(jobs, sizeof(*seq));
	struct sgpu_vf_wait w;
	uint32_t sum;
	int bad;

	if (!seq || !jobs || jobs >= 64) {
		fprintf(stderr, "sgpu: hang: 1 to 63 jobs\n");
		exit(2);
	}
	memset(sem.map, 0, sem.size);	/* nothing ever writes 1 there */
	for (i = 0; i < jobs; i++) {
		if (ioctl(fd, SGPU_VF_IOC_SUBMIT, &s))
			die("SUBMIT");
		seq[i] = s.seqno;
	}
	printf("queued %u\n", jobs);
	fflush(stdout);
	for (i = 0; i < jobs; i++) {
		memset(&w, 0, sizeof(w));
		w.engine = engine;
		w.seqno = seq[i];
		w.timeout_ms = timeout_ms;
		if (ioctl(fd, SGPU_VF_IOC_WAIT, &w))
			die("WAIT");
		ok += !w.status;
		aborted += w.status == SGPU_DERR_ABORTED;
		failed += w.status && w.status != SGPU_DERR_ABORTED;
	}
	bad = round_trip(&in, &vram, &out, in.size, 0, 42, &sum);
	printf("ok %lu aborted %lu failed %lu then %s\n", ok, aborted, failed,
	       bad ? "MISMATCH" : "ok");
	return bad;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The PCI function behind the open device node, as sysfs names it. */
static void dev_sysfs(char *path, size_t len)
{
	struct stat st;
	char link[256];

	if (fstat(fd, &st))
		die("fstat");
	snprintf(link, sizeof(link), "/sys/dev/char/%u:%u/device",
		 major(st.st_rdev), minor(st.st_rdev));
	if (!realpath(link, path) || strlen(path) >= len - 8)
		die(link);
}

static int cmd_flr_bench(unsigned int count)
{
	struct bo b = bo_new(4096, SGPU_BO_VRAM);
	struct sgpu_vf_submit s = {
		.op = SGPU_JOB_FILL, .dst_handle = b.handle, .len = 4096,
	};
	double *ms = calloc(count ? count : 1, sizeof(*ms)), t0;
	char path[PATH_MAX];
	struct sgpu_vf_wait w;
	unsigned int i;
	int f;

	if (!ms || !count)
		die("flr-bench: COUNT");
	dev_sysfs(path, sizeof(path));
	strcat(path, "/reset");
	for (i = 0; i < count; i++) {
		f = open(path, O_WRONLY);
		t0 = now();
		if (f < 0 || write(f, "1", 1) != 1)
			die(path);
		close(f);
		/* Usable again: a job goes through. */
		if (job(&s, &w))
			die("flr-bench: the job after the reset failed");
		ms[i] = (now() - t0) * 1e3;
	}
	qsort(ms, count, sizeof(*ms), cmp_double);
	printf("flr_ms p50 %.2f p99 %.2f max %.2f\n", ms[(count - 1) / 2],
	       ms[(count * 99 + 99) / 100 - 1], ms[count - 1]);
	return 0;
}

/* Wait for job @seqno; its status, or -errno. */
static int load_wait(uint32_t engine, uint64_t seqno)
{
	struct sgpu_vf_wait w = {
		.engine = engine, .seqno = seqno, .timeout_ms = 30000,
	};

	return ioctl(fd, SGPU_VF_IOC_WAIT, &w) ? -errno : (int)w.status;
}

/*
 * On a DMA channel the jobs copy SIZE bytes host -> VRAM; on a codec core
 * they QOI-encode about SIZE bytes of pixels (slower: the ring stays full).
 */
static int cmd_load(double seconds, uint64_t size, uint32_t engine)
{
	uint32_t w = 1024, h = size / (3 * w) ? size / (3 * w) : 1;
	bool codec = engine >= info.dma_channels;
	struct bo in = bo_new(codec ? (uint64_t)w * h * 3 : size,
			      codec ? SGPU_BO_VRAM : SGPU_BO_SYSTEM);
	struct bo out = bo_new(codec ? (uint64_t)w * h * 4 + 22 : size,
			       SGPU_BO_VRAM);
	struct sgpu_vf_submit s = {
		.engine = engine, .op = SGPU_JOB_COPY, .src_handle = in.handle,
		.dst_handle = out.handle, .len = codec ? (uint64_t)w * h * 3 : size,
	};
	unsigned long ok = 0, aborted = 0, refused = 0, other = 0, after = 0;
	unsigned long queued = 0, done = 0;
	uint64_t seq[BENCH_DEPTH];
	struct sigaction sa = { .sa_handler = keep_signal,
				.sa_flags = SA_RESTART };
	double end;
	int st;

	if (codec) {
		uint8_t *px = malloc(in.size);

		if (!px)
			die("malloc");
		sgpu_bench_pattern(px, w, h);
		bo_rw(&in, 0, px, in.size, SGPU_VF_IOC_BO_WRITE);
		free(px);
		s.op = SGPU_JOB_QOI_ENCODE;
		s.width = w;
		s.height = h;
		s.dst_len = out.size;
	} else {
		sgpu_fill_random(in.map, size, 1);
	}
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* The clock starts once the jobs can: setup is slow in a TCG guest. */
	printf("running\n");
	fflush(stdout);
	end = seconds ? now() + seconds : 0;
#define LOAD_ON() (!keep_stop && (!end || now() < end))
	while (LOAD_ON() || done < queued) {
		if (keep_check) {
			keep_check = 0;
			printf("ok %lu aborted %lu refused %lu failed %lu ok_after_reset %lu\n",
			       ok, aborted, refused, other, after);
			fflush(stdout);
		}
		if (LOAD_ON() && queued - done < BENCH_DEPTH) {
			if (!ioctl(fd, SGPU_VF_IOC_SUBMIT, &s)) {
				seq[queued++ % BENCH_DEPTH] = s.seqno;
				continue;
			}
			if (errno != EIO)
				die("SUBMIT");
			refused++;
			/* Held by a reset: finish what is queued, then retry. */
			while (done < queued) {
				st = load_wait(engine, seq[done++ % BENCH_DEPTH]);
				aborted += st == SGPU_DERR_ABORTED;
				other += st && st != SGPU_DERR_ABORTED;
			}
			usleep(1000);
			continue;
		}
		if (done == queued)
			continue;
		st = load_wait(engine, seq[done++ % BENCH_DEPTH]);
		if (!st) {
			ok++;
			after += aborted + refused > 0;
		} else if (st == SGPU_DERR_ABORTED) {
			aborted++;
		} else {
			other++;
			fprintf(stderr, "sgpu: job %s\n", st < 0 ?
				strerror(-st) : sgpu_desc_err_name(st));
		}
	}
#undef LOAD_ON
	printf("ok %lu aborted %lu refused %lu failed %lu ok_after_reset %lu\n",
	       ok, aborted, refused, other, after);
	bo_free(&in);
	bo_free(&out);
	return other != 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: sgpu [-d DEV] info|counters|dma-test SIZE [ENGINE]|"
		"stream SECONDS SIZE [ENGINE]|qoi-encode IN W H CH OUT|"
		"qoi-decode IN CH OUT|bench SIZE SECONDS [ENGINE]|"
		"bench-qoi W H SECONDS|keep SIZE SEED|hang ENGINE JOBS [WAIT_MS]|\n"
		"flr-bench COUNT|"
		"load SECONDS SIZE [ENGINE]\n");
	return 2;
}

static uint64_t num(const char *s)
{
	char *end;
	uint64_t v = strtoull(s, &end, 0);

	if (*end == 'K' || *end == 'k')
		v <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		v <<= 20, end++;
	if (*end || end == s) {
		fprintf(stderr, "sgpu: '%s' is not a number\n", s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	const char *dev = "/dev/sgpu-vf0";
	const char *cmd;

	if (argc > 2 && !strcmp(argv[1], "-d")) {
		dev = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc < 2)
		return usage();
	cmd = argv[1];
	fd = open(dev, O_RDWR);
	if (fd < 0)
		die(dev);
	if (ioctl(fd, SGPU_VF_IOC_INFO, &info))
		die("INFO");
	if (!strcmp(cmd, "info"))
		return cmd_info();
	if (!strcmp(cmd, "counters"))
		return cmd_counters();
	if (!strcmp(cmd, "dma-test") && (argc == 3 || argc == 4))
		return cmd_dma_test(num(argv[2]), argc == 4 ? num(argv[3]) : 0);
	if (!strcmp(cmd, "stream") && (argc == 4 || argc == 5))
		return cmd_stream(atof(argv[2]), num(argv[3]),
				  argc == 5 ? num(argv[4]) : 0);
	if (!strcmp(cmd, "qoi-encode") && argc == 7)
		return cmd_qoi_encode(argv[2], num(argv[3]), num(argv[4]),
				      num(argv[5]), argv[6]);
	if (!strcmp(cmd, "qoi-decode") && argc == 5)
		return cmd_qoi_decode(argv[2], num(argv[3]), argv[4]);
	if (!strcmp(cmd, "bench-qoi") && argc == 5)
		return cmd_bench_qoi(num(argv[2]), num(argv[3]), atof(argv[4]));
	if (!strcmp(cmd, "bench") && (argc == 4 || argc == 5))
		return cmd_bench(num(argv[2]), atof(argv[3]),
				 argc == 5 ? num(argv[4]) : 0);
	if (!strcmp(cmd, "keep") && argc == 4)
		return cmd_keep(num(argv[2]), num(argv[3]));
	if (!strcmp(cmd, "flr-bench") && argc == 3)
		return cmd_flr_bench(num(argv[2]));
	if (!strcmp(cmd, "hang") && (argc == 4 || argc == 5))
		return cmd_hang(num(argv[2]), num(argv[3]),
				argc == 5 ? num(argv[4]) : 60000);
	if (!strcmp(cmd, "load") && (argc == 4 || argc == 5))
		return cmd_load(atof(argv[2]), num(argv[3]),
				argc == 5 ? num(argv[4]) : 0);
	return usage();
}
