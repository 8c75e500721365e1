/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sgpu PF driver: the one parser of every sysfs store. Plain C, so host
 * unit tests build it too.
 */
#ifndef SGPU_PARSE_H
#define SGPU_PARSE_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include "kcompat.h"
#endif

/* A key of a "key=value ..." store. */
struct sgpu_key {
	const char *name;
	u64 min, max;		/* the value's range, inclusive */
	bool size;		/* the value takes a K, M or G suffix */
	bool optional;		/* may be left out (its value is then 0) */
};

/*
 * Parse @buf (@len bytes, as a sysfs store gets them: one trailing
 * newline allowed) as "key=value" tokens separated by spaces or tabs into
 * @vals (one per key, in the order of @keys). Every key at most once and
 * every key not optional present; a value is a whole unsigned number,
 * decimal or 0x hex (and K/M/G where the key says so), within its range.
 * Returns 0; -EINVAL for a syntax error, an unknown, repeated or missing
 * key, or a value that is not a number; -ERANGE for a number outside its
 * range (overflow included). On error @why (@n bytes) says which. With
 * @seen, bit k says whether key k was given.
 */
int sgpu_parse_keys(const char *buf, size_t len, const struct sgpu_key *keys,
		    unsigned int nkeys, u64 *vals, unsigned int *seen,
		    char *why, size_t n);

/*
 * One whole unsigned number in [@min, @max] (with K/M/G if @size): 0,
 * -EINVAL or -ERANGE as above.
 */
int sgpu_parse_u64(const char *buf, size_t len, u64 min, u64 max, bool size,
		   u64 *val);

/* Exactly "0" or "1": that value, else -EINVAL. */
int sgpu_parse_bool(const char *buf, size_t len);

#endif /* SGPU_PARSE_H */
