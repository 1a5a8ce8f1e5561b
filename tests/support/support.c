/* SPDX-License-Identifier: Apache-2.0 */
/* support.c - see support.h. */
#include "tests/support/support.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

static char *slurp_stream(FILE *f)
{
	size_t cap = 4096, len = 0;
	char *p = malloc(cap);
	size_t n;
	while (p && (n = fread(p + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len < 2) {
			cap *= 2;
			p = realloc(p, cap);
		}
	}
	if (p)
		p[len] = '\0';
	return p;
}

static struct run run_cmdline(const char *cmd)
{
	struct run r = { -1, NULL, NULL };
	char errpath[] = "/tmp/wark-test-err-XXXXXX";
	int efd = mkstemp(errpath);
	if (efd < 0)
		return r;
	close(efd);
	size_t len = strlen(cmd) + strlen(errpath) + 16;
	char *full = malloc(len);
	snprintf(full, len, "(%s) 2>%s", cmd, errpath);
	FILE *p = popen(full, "r");
	free(full);
	if (!p) {
		unlink(errpath);
		return r;
	}
	r.out = slurp_stream(p);
	int st = pclose(p);
	r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	FILE *e = fopen(errpath, "r");
	r.err = e ? slurp_stream(e) : strdup("");
	if (e)
		fclose(e);
	unlink(errpath);
	return r;
}

const char *wark_bin(void)
{
	const char *b = getenv("WARK_BIN");
	return b ? b : "./wark";
}

struct run run_wark(const char *fmt, ...)
{
	char args[8192];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args, sizeof args, fmt, ap);
	va_end(ap);
	return run_sh("%s %s", wark_bin(), args);
}

struct run run_sh(const char *fmt, ...)
{
	char cmd[16384];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	return run_cmdline(cmd);
}

void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

const char *repo_root(void)
{
	static char buf[PATH_MAX];
	if (!buf[0] && !getcwd(buf, sizeof buf))
		return ".";
	return buf;
}

char *fixture_path(const char *rel)
{
	char *out = NULL;
	if (asprintf(&out, "%s/tests/fixtures/%s", repo_root(), rel) < 0)
		return NULL;
	return out;
}

char *make_tmpdir(void)
{
	char tmpl[] = "/tmp/wark-test-XXXXXX";
	char *d = mkdtemp(tmpl);
	return d ? strdup(d) : NULL;
}

void rm_rf(const char *path)
{
	if (!path || strncmp(path, "/tmp/", 5) != 0)
		return;
	struct run r = run_sh("rm -rf '%s'", path);
	run_free(&r);
}

char *suite_tmp;

void suite_tmp_init(void)
{
	suite_tmp = make_tmpdir();
	if (!suite_tmp)
		abort();
}

void suite_tmp_fini(void)
{
	rm_rf(suite_tmp);
	free(suite_tmp);
	suite_tmp = NULL;
}

char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 65536, n = 0, k;
	char *p = malloc(cap);
	while (p && (k = fread(p + n, 1, cap - n - 1, f)) > 0) {
		n += k;
		if (cap - n < 2) {
			cap *= 2;
			p = realloc(p, cap);
		}
	}
	fclose(f);
	if (p)
		p[n] = '\0';
	if (len)
		*len = n;
	return p;
}

int write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t w = fwrite(data, 1, len, f);
	return (fclose(f) == 0 && w == len) ? 0 : -1;
}

size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; s && *s; s++)
		if (*s == '\n')
			n++;
	return n;
}

size_t deflate_bytes(int window_bits, const void *in, size_t n, unsigned char **out)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	size_t cap = deflateBound(&z, n) + 64;
	*out = malloc(cap);
	if (!*out)
		abort();
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)n;
	z.next_out = *out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	size_t len = z.total_out;
	deflateEnd(&z);
	return len;
}
