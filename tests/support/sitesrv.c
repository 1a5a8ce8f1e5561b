/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sitesrv.c - see sitesrv.h. fork + exec of python3 on the script in the
 * repository (tests run from the repository root); the port is read from a
 * file the server renames into place once it listens, so there is no race
 * between "file exists" and "file complete".
 */
#include "tests/support/sitesrv.h"
#include "tests/support/support.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *const HOSTS[] = { "news.test", "static.test", "other.test" };

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

int sitesrv_start_opts(struct sitesrv *s, const char *logpath, const char *extra_args)
{
	memset(s, 0, sizeof *s);
	char tmpl[] = "/tmp/wark-sitesrv-XXXXXX";
	if (!mkdtemp(tmpl))
		return -1;
	snprintf(s->dir, sizeof s->dir, "%s", tmpl);
	char portfile[128];
	snprintf(portfile, sizeof portfile, "%s/port", s->dir);
	if (logpath)
		snprintf(s->log, sizeof s->log, "%s", logpath);
	else
		snprintf(s->log, sizeof s->log, "%s/requests.log", s->dir);
	char script[4096];
	snprintf(script, sizeof script, "%s/tests/server/sitesrv.py", repo_root());

	char *argv[64];
	int argc = 0;
	argv[argc++] = "python3";
	argv[argc++] = script;
	argv[argc++] = "--port-file";
	argv[argc++] = portfile;
	argv[argc++] = "--log";
	argv[argc++] = s->log;
	char *extra = extra_args ? strdup(extra_args) : NULL;
	for (char *save = NULL, *tok = extra ? strtok_r(extra, " ", &save) : NULL; tok && argc < 62;
	     tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	argv[argc] = NULL;

	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		free(extra);
		rm_rf(s->dir);
		return -1;
	}
	if (pid == 0) {
		execvp("python3", argv);
		_exit(127);
	}
	free(extra);
	s->pid = pid;
	for (int i = 0; i < 1000; i++) {
		FILE *f = fopen(portfile, "r");
		if (f) {
			int port = 0;
			int ok = fscanf(f, "%d", &port) == 1 && port > 0;
			fclose(f);
			if (ok) {
				s->port = port;
				return 0;
			}
		}
		int st;
		if (waitpid(pid, &st, WNOHANG) == pid) {
			s->pid = 0;
			break;
		}
		sleep_ms(10);
	}
	sitesrv_stop(s);
	return -1;
}

int sitesrv_start(struct sitesrv *s, const char *logpath)
{
	return sitesrv_start_opts(s, logpath, NULL);
}

int sitesrv_port(const struct sitesrv *s)
{
	return s->port;
}

const char *sitesrv_url(const struct sitesrv *s, const char *host, const char *path, char *out, size_t outsz)
{
	snprintf(out, outsz, "http://%s:%d%s", host, s->port, path ? path : "/");
	return out;
}

const char *sitesrv_resolve_args(const struct sitesrv *s, char *out, size_t outsz)
{
	size_t k = 0;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof HOSTS / sizeof HOSTS[0] && k < outsz; i++) {
		int n = snprintf(out + k, outsz - k, "%s--resolve %s:%d:127.0.0.1", i ? " " : "", HOSTS[i], s->port);
		if (n < 0)
			break;
		k += (size_t)n;
	}
	return out;
}

void sitesrv_stop(struct sitesrv *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		int st;
		int waited = 0;
		while (waitpid(s->pid, &st, WNOHANG) == 0) {
			if (waited >= 5000) {
				kill(s->pid, SIGKILL);
				waitpid(s->pid, &st, 0);
				break;
			}
			sleep_ms(10);
			waited += 10;
		}
		s->pid = 0;
	}
	if (s->dir[0]) {
		rm_rf(s->dir);
		s->dir[0] = '\0';
	}
}
