// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysfs-write [-t] FILE VALUE: write VALUE to FILE in one write(2) and
 * print "ok" or the errno's name, so tests assert on the exact error.
 * With -t, "ok" is followed by how long the write took in microseconds
 * (CLOCK_MONOTONIC): the bench times sriov_numvfs writes with it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *errno_name(int e)
{
	switch (e) {
	case EINVAL: return "EINVAL";
	case ERANGE: return "ERANGE";
	case EBUSY: return "EBUSY";
	case ENOENT: return "ENOENT";
	case ENOMEM: return "ENOMEM";
	case ENOSPC: return "ENOSPC";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case EIO: return "EIO";
	case ENODEV: return "ENODEV";
	case EEXIST: return "EEXIST";
	case EAGAIN: return "EAGAIN";
	case ENOTTY: return "ENOTTY";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ETIMEDOUT: return "ETIMEDOUT";
	case EFAULT: return "EFAULT";
	case ENXIO: return "ENXIO";
	case E2BIG: return "E2BIG";
	case EOVERFLOW: return "EOVERFLOW";
	default: return NULL;
	}
}

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
	int timed = argc == 4 && !strcmp(argv[1], "-t");
	const char *name;
	long long t0;
	ssize_t n;
	int fd;

	if (argc != 3 && !timed) {
		fprintf(stderr, "usage: sysfs-write [-t] FILE VALUE\n");
		return 2;
	}
	argv += timed;
	fd = open(argv[1], O_WRONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 2;
	}
	t0 = now_us();
	n = write(fd, argv[2], strlen(argv[2]));
	t0 = now_us() - t0;
	if (n < 0) {
		name = errno_name(errno);
		if (name)
			printf("%s\n", name);
		else
			printf("errno%d\n", errno);
		close(fd);
		return 1;
	}
	close(fd);
	if (timed)
		printf("ok %lld\n", t0);
	else
		printf("ok\n");
	return 0;
}
