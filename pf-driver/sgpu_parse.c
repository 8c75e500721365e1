// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgpu PF driver: strict parsing of sysfs stores (see sgpu_parse.h).
 *
 * kstrtou32() and sscanf() each accept something a store should not:
 * truncation to 32 bits, trailing junk, a key given twice. Every store
 * goes through these instead, so a typo is an error, never a silently
 * different setting.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#endif

#include "sgpu_parse.h"

#define SGPU_PARSE_MAX_KEYS	8

/* Drop one trailing newline, as every sysfs store may carry. */
static size_t sgpu_trim_len(const char *buf, size_t len)
{
	return len && buf[len - 1] == '\n' ? len - 1 : len;
}

static int sgpu_digit(char c, unsigned int base)
{
	int d;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'f')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		d = c - 'A' + 10;
	else
		return -1;
	return d < (int)base ? d : -1;
}

/* sgpu_parse_u64() of exactly @len bytes, no newline. */
static int sgpu_parse_num(const char *buf, size_t len, u64 min, u64 max,
			  bool size, u64 *val)
{
	unsigned int base = 10, shift = 0;
	bool range = false;
	size_t i = 0;
	u64 v = 0;
	int d;

	if (size && len) {
		switch (buf[len - 1]) {
		case 'k': case 'K':
			shift = 10;
			break;
		case 'm': case 'M':
			shift = 20;
			break;
		case 'g': case 'G':
			shift = 30;
			break;
		}
		len -= shift != 0;
	}
	if (len > 2 && buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == len)
		return -EINVAL;
	for (; i < len; i++) {
		d = sgpu_digit(buf[i], base);
		if (d < 0)
			return -EINVAL;
		if (v > (~0ull - d) / base)
			range = true;	/* keep going: junk still wins */
		else
			v = v * base + d;
	}
	if (range || (shift && v > ~0ull >> shift))
		return -ERANGE;
	v <<= shift;
	if (v < min || v > max)
		return -ERANGE;
	*val = v;
	return 0;
}

int sgpu_parse_u64(const char *buf, size_t len, u64 min, u64 max, bool size,
		   u64 *val)
{
	return sgpu_parse_num(buf, sgpu_trim_len(buf, len), min, max, size, val);
}

int sgpu_parse_bool(const char *buf, size_t len)
{
	len = sgpu_trim_len(buf, len);
	if (len == 1 && (buf[0] == '0' || buf[0] == '1'))
		return buf[0] - '0';
	return -EINVAL;
}

static bool sgpu_blank(char c)
{
	return c == ' ' || c == '\t';
}

int sgpu_parse_keys(const char *buf, size_t len, const struct sgpu_key *keys,
		    unsigned int nkeys, u64 *vals, unsigned int *given,
		    char *why, size_t n)
{
	bool seen[SGPU_PARSE_MAX_KEYS] = { false };
	size_t at = 0, tok, eq, klen;
	unsigned int k;
	int ret;

	if (nkeys > SGPU_PARSE_MAX_KEYS) {
		snprintf(why, n, "too many keys");
		return -EINVAL;
	}
	len = sgpu_trim_len(buf, len);
	for (k = 0; k < nkeys; k++)
		vals[k] = 0;
	for (;;) {
		while (at < len && sgpu_blank(buf[at]))
			at++;
		if (at == len)
			break;
		tok = at;
		while (at < len && !sgpu_blank(buf[at]) && buf[at] != '=')
			at++;
		klen = at - tok;
		if (at == len || buf[at] != '=') {
			snprintf(why, n, "'%.*s' is not key=value", (int)klen,
				 buf + tok);
			return -EINVAL;
		}
		for (k = 0; k < nkeys; k++)
			if (strlen(keys[k].name) == klen &&
			    !memcmp(keys[k].name, buf + tok, klen))
				break;
		if (k == nkeys) {
			snprintf(why, n, "unknown key '%.*s'", (int)klen,
				 buf + tok);
			return -EINVAL;
		}
		if (seen[k]) {
			snprintf(why, n, "%s given twice", keys[k].name);
			return -EINVAL;
		}
		seen[k] = true;
		eq = ++at;
		while (at < len && !sgpu_blank(buf[at]))
			at++;
		ret = sgpu_parse_num(buf + eq, at - eq, keys[k].min,
				     keys[k].max, keys[k].size, &vals[k]);
		if (ret == -ERANGE)
			snprintf(why, n, "%s=%.*s is outside %llu..%llu",
				 keys[k].name, (int)(at - eq), buf + eq,
				 (unsigned long long)keys[k].min,
				 (unsigned long long)keys[k].max);
		else if (ret)
			snprintf(why, n, "%s=%.*s is not a number",
				 keys[k].name, (int)(at - eq), buf + eq);
		if (ret)
			return ret;
	}
	for (k = 0; k < nkeys; k++) {
		if (!seen[k] && !keys[k].optional) {
			snprintf(why, n, "%s= is missing", keys[k].name);
			return -EINVAL;
		}
	}
	if (given)
		for (*given = 0, k = 0; k < nkeys; k++)
			*given |= seen[k] << k;
	return 0;
}
