/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sitesrv.h - start and stop tests/server/sitesrv.py (the fault-injecting
 * multi-host test site) from Criterion tests.
 *
 * The server binds 127.0.0.1 on a port the kernel picks and serves
 * news.test, static.test and other.test by Host header; reach them with
 * curl's --resolve (sitesrv_resolve_args) or libcurl's CURLOPT_RESOLVE
 * ("news.test:PORT:127.0.0.1"). Routes are documented at the top of
 * sitesrv.py. Every request is logged as one JSON line to the log path.
 * A started server must be stopped with sitesrv_stop() (also on failure
 * paths: Criterion runs each test in its own process, so a forgotten server
 * would outlive the test).
 */
#ifndef WARK_TEST_SITESRV_H
#define WARK_TEST_SITESRV_H

#include <stddef.h>
#include <sys/types.h>

struct sitesrv {
	pid_t pid;            /* python3 process, 0 when not running */
	int port;
	char dir[64];         /* private temporary directory (port file) */
	char log[4096];       /* request log (JSON lines) */
};

/*
 * Start the server, logging to logpath (NULL: a file in the server's own
 * temporary directory, see s->log, removed by sitesrv_stop). A log line is
 * written when its response is complete: to see every request, read the log
 * after sitesrv_stop() (so pass a logpath of your own). extra_args are further command-line
 * options ("--big-size 1000000 --drip-ms 20"), or NULL. Waits until the
 * port is known (at most 10 s). Returns 0, or -1 with nothing left running.
 */
int sitesrv_start_opts(struct sitesrv *s, const char *logpath, const char *extra_args);
/* Same with default options. */
int sitesrv_start(struct sitesrv *s, const char *logpath);
int sitesrv_port(const struct sitesrv *s);
/* "http://HOST:PORT" + path into out (path starts with '/'). */
const char *sitesrv_url(const struct sitesrv *s, const char *host, const char *path, char *out, size_t outsz);
/* "--resolve news.test:PORT:127.0.0.1 ..." for every host, for curl command lines. */
const char *sitesrv_resolve_args(const struct sitesrv *s, char *out, size_t outsz);
/* SIGTERM (the server lets requests in progress finish and log, at most 3 s),
 * wait (SIGKILL after 5 s), remove the temporary directory. Idempotent. */
void sitesrv_stop(struct sitesrv *s);

#endif
