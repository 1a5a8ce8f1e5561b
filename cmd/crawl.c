/* SPDX-License-Identifier: Apache-2.0 */
/*
 * crawl.c - 'wark crawl [OPTIONS] SEED... -o DIR': options in, crawl_run()
 * out, a status line on a terminal (a summary every few seconds otherwise)
 * and the exit code.
 *
 * Signals: the first SIGINT/SIGTERM asks the engine to stop scheduling and
 * finish what is in flight; the second makes it stop at once. Both leave a
 * consistent state.db for --resume. The options of a crawl are saved in
 * DIR/crawl.args so that 'wark crawl --resume -o DIR' needs nothing else;
 * options given with --resume are added after the saved ones (later wins).
 */
#include "cmd/cmd.h"
#include "crawl/crawl.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char crawl_help[] =
	"usage: wark crawl [OPTIONS] SEED... -o DIR\n"
	"       wark crawl --resume -o DIR [OPTIONS]\n"
	"Capture web sites into WARC files: DIR/warc/*.warc.gz, DIR/crawl.log,\n"
	"DIR/index.cdxj (CDXJ, sorted) and DIR/state.db (crawl state for --resume).\n"
	"  -o, --output DIR          output directory (required)\n"
	"      --seeds FILE          more seed URLs, one per line ('#' comments)\n"
	"      --scope MODE          page|prefix|host|domain|any (default host)\n"
	"      --depth N             link hops from a seed (default unlimited)\n"
	"      --include REGEX       add URLs matching to the scope (repeatable; PCRE2)\n"
	"      --exclude REGEX       never fetch URLs matching, requisites included (repeatable)\n"
	"      --requisites          fetch images, CSS, JS, fonts of pages even off scope (default)\n"
	"      --no-requisites       requisites must be in scope too\n"
	"      --host-connections N  parallel requests per host (default 2)\n"
	"      --connections N       parallel requests in total (default 32)\n"
	"      --delay TIME          pause between requests to one host (default 0; 500ms, 2s;\n"
	"                            a bare number is milliseconds)\n"
	"      --robots obey|ignore  robots.txt policy (default obey)\n"
	"      --max-pages N         stop after N page and requisite captures\n"
	"      --max-bytes SIZE      stop after SIZE bytes received\n"
	"      --max-time TIME       stop after TIME (90m, 2h; a bare number is seconds)\n"
	"      --max-size SIZE       cut responses beyond this (WARC-Truncated: length)\n"
	"      --timeout TIME        per request (default 30s; WARC-Truncated: time; a bare number\n"
	"                            is seconds)\n"
	"      --retries N           retries for resets, timeouts, 5xx, 429 (default 2)\n"
	"      --host-budget N       URLs accepted per host, against traps (default 100000, 0 = no limit)\n"
	"      --trap-chain N        cut a URL pattern after N thin pages in a row (calendars; default 100, 0 = off)\n"
	"      --user-agent S        default \"wark/" WARK_VERSION " (+https://github.com/wark-archive/wark)\"\n"
	"      --warc-size SIZE      rotate WARC files at this size (default 1GB)\n"
	"      --warc-prefix S       WARC file name prefix (default wark)\n"
	"      --accept-encoding S   Accept-Encoding sent (default gzip; '' for none); bodies stored as received\n"
	"      --resolve HOST:PORT:ADDR  use ADDR for HOST:PORT, as curl (repeatable)\n"
	"      --http1.1             HTTP/1.1 only, exact wire bytes (default: HTTP/2 over TLS when the\n"
	"                            server offers it, stored as HTTP/1.1 text with WARC-Protocol: h2)\n"
	"      --ca-certificate FILE\n"
	"                            also trust the CAs in this PEM file (as curl --cacert)\n"
	"      --no-check-certificate  do not verify TLS certificates or host names (recorded in warcinfo)\n"
	"      --resume              continue the crawl in DIR\n"
	"      --sitemaps            also follow sitemaps (robots.txt Sitemap: and /sitemap.xml)\n"
	"      --dedup-index FILE    CDXJ of earlier captures: identical payloads become revisits\n"
	"      --dedup-warcs DIR     also look for that index's WARCs here (for WARC-Refers-To)\n"
	"      --operator S          warcinfo operator field\n"
	"  -q, --quiet               no progress, only errors and the final summary\n"
	"  -v, --verbose             print every crawl.log line on stderr\n"
	"SIZE: bytes, or with a unit: k, KB, M, MB, G, GB (powers of 1000), KiB, MiB, GiB\n"
	"(powers of 1024), e.g. 500k, 1GB, 1.5GiB. TIME: 500ms, 2s, 1m, 2h.\n"
	"A SEED without a scheme (example.org/news, host:8080) is fetched over http://.\n"
	"Exit: 0 the crawl completed (some URLs may have failed: see crawl.log), 1 nothing\n"
	"could be captured or every seed failed, 2 bad usage, 130 interrupted (resume with --resume).\n";

enum {
	O_SEEDS = 256, O_SCOPE, O_DEPTH, O_INCLUDE, O_EXCLUDE, O_REQ, O_NOREQ, O_HOSTCONN, O_CONN, O_DELAY,
	O_ROBOTS, O_MAXPAGES, O_MAXBYTES, O_MAXTIME, O_MAXSIZE, O_TIMEOUT, O_RETRIES, O_BUDGET, O_UA,
	O_WARCSIZE, O_WARCPREFIX, O_AE, O_RESOLVE, O_RESUME, O_SITEMAPS, O_DEDUP, O_DEDUPWARCS, O_OPERATOR, O_HELP,
	O_HTTP11, O_CACERT, O_NOCHECKCERT, O_TRAPCHAIN,
};

static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "seeds", required_argument, NULL, O_SEEDS },
	{ "scope", required_argument, NULL, O_SCOPE },
	{ "depth", required_argument, NULL, O_DEPTH },
	{ "include", required_argument, NULL, O_INCLUDE },
	{ "exclude", required_argument, NULL, O_EXCLUDE },
	{ "requisites", no_argument, NULL, O_REQ },
	{ "no-requisites", no_argument, NULL, O_NOREQ },
	{ "host-connections", required_argument, NULL, O_HOSTCONN },
	{ "connections", required_argument, NULL, O_CONN },
	{ "delay", required_argument, NULL, O_DELAY },
	{ "robots", required_argument, NULL, O_ROBOTS },
	{ "max-pages", required_argument, NULL, O_MAXPAGES },
	{ "max-bytes", required_argument, NULL, O_MAXBYTES },
	{ "max-time", required_argument, NULL, O_MAXTIME },
	{ "max-size", required_argument, NULL, O_MAXSIZE },
	{ "timeout", required_argument, NULL, O_TIMEOUT },
	{ "retries", required_argument, NULL, O_RETRIES },
	{ "host-budget", required_argument, NULL, O_BUDGET },
	{ "trap-chain", required_argument, NULL, O_TRAPCHAIN },
	{ "user-agent", required_argument, NULL, O_UA },
	{ "warc-size", required_argument, NULL, O_WARCSIZE },
	{ "warc-prefix", required_argument, NULL, O_WARCPREFIX },
	{ "accept-encoding", required_argument, NULL, O_AE },
	{ "resolve", required_argument, NULL, O_RESOLVE },
	{ "http1.1", no_argument, NULL, O_HTTP11 },
	{ "ca-certificate", required_argument, NULL, O_CACERT },
	{ "no-check-certificate", no_argument, NULL, O_NOCHECKCERT },
	{ "resume", no_argument, NULL, O_RESUME },
	{ "sitemaps", no_argument, NULL, O_SITEMAPS },
	{ "dedup-index", required_argument, NULL, O_DEDUP },
	{ "dedup-warcs", required_argument, NULL, O_DEDUPWARCS },
	{ "operator", required_argument, NULL, O_OPERATOR },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, O_HELP },
	{ NULL, 0, NULL, 0 },
};

/* Set by the signal handler: 1 = finish in-flight and stop, 2 = stop now. */
static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	if (stop_flag < 2)
		stop_flag++;
}

/* A growable array of strings (seeds, patterns, resolve entries). */
struct strv {
	char **v;
	size_t n, cap;
};

static int strv_add(struct strv *s, const char *str)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		char **nv = realloc(s->v, cap * sizeof *nv);
		if (!nv)
			return -1;
		s->v = nv;
		s->cap = cap;
	}
	if (!(s->v[s->n] = strdup(str)))
		return -1;
	s->n++;
	return 0;
}

static void strv_free(struct strv *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* A count (--depth, --retries, ...): a number, with the units of a size (500k); at most 2^31-1. */
static int parse_uint(const char *s, unsigned *out)
{
	uint64_t v;
	if (cmd_parse_size(s, &v) || v > 0x7fffffff)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int read_seed_file(const char *path, struct strv *seeds)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char line[8192];
	while (fgets(line, sizeof line, f)) {
		char *p = line + strspn(line, " \t");
		p[strcspn(p, "\r\n")] = '\0';
		size_t n = strlen(p);
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			p[--n] = '\0';
		if (!*p || *p == '#')
			continue;
		if (strv_add(seeds, p)) {
			fclose(f);
			return -1;
		}
	}
	int bad = ferror(f);
	fclose(f);
	return bad ? -1 : 0;
}

/* ---- progress ---- */

struct ui {
	bool quiet, verbose, tty;
	time_t last_summary;
	bool status_shown;
	FILE *out;
};

static void status_text(const crawl_progress *p, char *out, size_t n)
{
	char rx[32];
	cmd_fmt_bytes(p->bytes, rx, sizeof rx);
	snprintf(out, n, "%llu captured (%llu revisits), %llu failed, %llu queued, %llu in flight, %u hosts, %s, %.0f s",
		 (unsigned long long)p->captured, (unsigned long long)p->revisits, (unsigned long long)p->failed,
		 (unsigned long long)p->queued, (unsigned long long)p->in_flight, p->hosts_active, rx,
		 p->elapsed_s);
}

static void clear_status(struct ui *ui)
{
	if (ui->status_shown) {
		fputs("\r\033[K", ui->out);
		ui->status_shown = false;
	}
}

static void on_event(void *ctx, const crawl_event *ev)
{
	struct ui *ui = ctx;
	if (!ui->verbose)
		return;
	warc_buf line;
	warc_buf_init(&line, WARC_LIMIT_LINE);
	if (crawl_log_line(ev, &line) == WARC_OK) {
		clear_status(ui);
		fputs(line.data, ui->out);
	}
	warc_buf_free(&line);
}

static void on_progress(void *ctx, const crawl_progress *p)
{
	struct ui *ui = ctx;
	if (ui->quiet)
		return;
	char text[256];
	status_text(p, text, sizeof text);
	if (ui->tty) {
		fprintf(ui->out, "\r\033[K%s", text);
		fflush(ui->out);
		ui->status_shown = true;
	} else {
		time_t now = time(NULL);
		if (now - ui->last_summary >= 5) {
			ui->last_summary = now;
			fprintf(ui->out, "wark crawl: %s\n", text);
		}
	}
}

/* ---- main ---- */

static int usage(const char *fmt, const char *arg)
{
	char msg[512];
	snprintf(msg, sizeof msg, fmt, arg);
	return cmd_usage_error("crawl", "%s", msg);
}

/* Not an exit code: parsing goes on. */
#define GO_ON (-1)

/* One crawl's options, as parsed (strings borrowed from argv or held here). */
struct job {
	crawl_config cfg;
	struct strv seeds, inc, exc, res;
	crawl_args held;        /* DIR/crawl.args of a resumed crawl */
	char **merged;          /* argv with the saved arguments first, or NULL */
	int argc;
	char **argv;            /* the arguments parsed (merged or as given) */
	struct ui ui;
	const char *dir, *seed_file;
	warc_buf cmdline;       /* for warcinfo */
};

static void job_free(struct job *j)
{
	strv_free(&j->seeds);
	strv_free(&j->inc);
	strv_free(&j->exc);
	strv_free(&j->res);
	crawl_args_free(&j->held);
	free(j->merged);
	warc_buf_free(&j->cmdline);
}

/* With --resume -o DIR, the saved arguments of DIR come first (later wins). */
static void merge_saved_args(struct job *j, int argc, char **argv)
{
	bool resume = false;
	const char *dir = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--resume"))
			resume = true;
		else if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) && i + 1 < argc)
			dir = argv[i + 1];
		else if (!strncmp(argv[i], "--output=", 9))
			dir = argv[i] + 9;
	}
	j->argc = argc;
	j->argv = argv;
	warc_error err;
	if (!resume || !dir || crawl_args_load(dir, &j->held, &err))
		return;
	char **nv = calloc((size_t)argc + j->held.n + 1, sizeof *nv);
	if (!nv)
		return;
	int k = 0;
	nv[k++] = argv[0];
	for (size_t i = 0; i < j->held.n; i++)
		nv[k++] = j->held.v[i];
	for (int i = 1; i < argc; i++)
		nv[k++] = argv[i];
	j->merged = j->argv = nv;
	j->argc = k;
}

/* "--NAME" of an option's getopt value, for messages. */
static const char *option_name(int c)
{
	for (const struct option *o = longopts; o->name; o++)
		if (o->val == c)
			return o->name;
	return "?";
}

/* The options that take a size: 1GB, 512KiB, 1e9 (cmd/units.c). */
static int set_size(struct job *j, int c, const char *a)
{
	crawl_config *cfg = &j->cfg;
	uint64_t v;
	if (cmd_parse_size(a, &v))
		return cmd_usage_error("crawl", "--%s '%s': expected " CMD_SIZE_FORMS, option_name(c), a);
	if (c == O_MAXBYTES) cfg->max_bytes = v;
	else if (c == O_MAXSIZE) cfg->max_size = v;
	else cfg->warc_size = v;
	return GO_ON;
}

/* The options that take a duration: --delay (a bare number is ms), --max-time and
 * --timeout (a bare number is seconds; other units rounded up to whole seconds). */
static int set_duration(struct job *j, int c, const char *a)
{
	crawl_config *cfg = &j->cfg;
	uint64_t ms;
	bool in_ms = c == O_DELAY;
	if (cmd_parse_duration(a, in_ms ? 1 : 1000, &ms) || (in_ms ? ms : ms / 1000) > 0x7fffffff)
		return cmd_usage_error("crawl", "--%s '%s': expected " CMD_DURATION_FORMS, option_name(c), a);
	unsigned v = in_ms ? (unsigned)ms : (unsigned)(ms / 1000 + (ms % 1000 != 0));
	if (c == O_DELAY) cfg->delay_ms = v;
	else if (c == O_MAXTIME) cfg->max_time_s = v;
	else cfg->timeout_s = v;
	return GO_ON;
}

/* The options that take a count: parsed and stored, or a usage error. */
static int set_number(struct job *j, int c, const char *a)
{
	crawl_config *cfg = &j->cfg;
	unsigned u;
	uint64_t v;
	if (c == O_MAXPAGES) {
		if (cmd_parse_size(a, &v))
			return usage("bad number '%s'", a);
		cfg->max_pages = v;
		return GO_ON;
	}
	if (c == O_DEPTH) {
		if (parse_uint(a, &u))
			return usage("--depth: not a number: '%s'", a);
		cfg->depth = (int)u;
		return GO_ON;
	}
	if (parse_uint(a, &u) || ((c == O_HOSTCONN || c == O_CONN) && u == 0))
		return usage("bad number '%s'", a);
	if (c == O_HOSTCONN) cfg->host_connections = u;
	else if (c == O_CONN) cfg->connections = u;
	else if (c == O_RETRIES) cfg->retries = u;
	else if (c == O_TRAPCHAIN) cfg->traps.max_thin_chain = u ? u : CRAWL_TRAP_CHAIN_OFF;
	else cfg->host_budget = u;
	return GO_ON;
}

static int out_of_memory(void)
{
	cmd_error("crawl", "out of memory");
	return EXIT_PROBLEMS;
}

/* One option from getopt: stored in j, or an exit code (help printed, bad usage). */
static int set_option(struct job *j, int c, const char *a)
{
	crawl_config *cfg = &j->cfg;
	switch (c) {
	case 'o': j->dir = a; break;
	case 'q': j->ui.quiet = true; j->ui.verbose = false; break;
	case 'v': j->ui.verbose = true; j->ui.quiet = false; break;
	case O_HELP: fputs(crawl_help, stdout); return EXIT_OK;
	case O_SEEDS: j->seed_file = a; break;
	case O_SCOPE:
		if (crawl_scope_mode_parse(a, &cfg->scope))
			return usage("--scope: unknown mode '%s' (page, prefix, host, domain, any)", a);
		break;
	case O_INCLUDE:
	case O_EXCLUDE:
		if (strv_add(c == O_INCLUDE ? &j->inc : &j->exc, a))
			return out_of_memory();
		break;
	case O_REQ: cfg->requisites = true; break;
	case O_NOREQ: cfg->requisites = false; break;
	case O_DEPTH: case O_HOSTCONN: case O_CONN: case O_RETRIES: case O_BUDGET: case O_TRAPCHAIN:
	case O_MAXPAGES:
		return set_number(j, c, a);
	case O_MAXBYTES: case O_MAXSIZE: case O_WARCSIZE:
		return set_size(j, c, a);
	case O_DELAY: case O_MAXTIME: case O_TIMEOUT:
		return set_duration(j, c, a);
	case O_ROBOTS:
		if (strcmp(a, "obey") && strcmp(a, "ignore"))
			return usage("--robots: expected obey or ignore, not '%s'", a);
		cfg->obey_robots = !strcmp(a, "obey");
		break;
	case O_UA: cfg->user_agent = a; break;
	case O_WARCPREFIX: cfg->warc_prefix = a; break;
	case O_AE: cfg->accept_encoding = a; break;
	case O_RESOLVE:
		if (strchr(a, ':') == NULL || strv_add(&j->res, a))
			return usage("--resolve: expected HOST:PORT:ADDR, not '%s'", a);
		break;
	case O_HTTP11: cfg->http1_only = true; break;
	case O_CACERT: cfg->ca_certificate = a; break;
	case O_NOCHECKCERT: cfg->check_certificate = false; break;
	case O_RESUME: cfg->resume = true; break;
	case O_SITEMAPS: cfg->sitemaps = true; break;
	case O_DEDUP: cfg->dedup_index = a; break;
	case O_DEDUPWARCS: cfg->dedup_warcs = a; break;
	case O_OPERATOR: cfg->operator_name = a; break;
	}
	return GO_ON;
}

/* j->argv into j: GO_ON, or an exit code. */
static int parse_options(struct job *j)
{
	opterr = 0;
	int c;
	while ((c = getopt_long(j->argc, j->argv, ":o:qv", longopts, NULL)) != -1) {
		int st = c == ':' ? usage("option '%s' needs an argument", j->argv[optind - 1])
		       : c == '?' ? usage("unknown option '%s'", j->argv[optind - 1])
		       : set_option(j, c, optarg);
		if (st != GO_ON)
			return st;
	}
	for (int i = optind; i < j->argc; i++)
		if (strv_add(&j->seeds, j->argv[i]))
			return out_of_memory();
	if (j->seed_file && read_seed_file(j->seed_file, &j->seeds)) {
		cmd_error("crawl", "%s: %s", j->seed_file, strerror(errno));
		return EXIT_USAGE;
	}
	return GO_ON;
}

/* A file an option names must be readable: else "OPTION PATH: why", exit 2. */
static int readable(const char *label, const char *path, int mode)
{
	if (!path || !access(path, mode))
		return GO_ON;
	cmd_error("crawl", "%s%s: %s", label, path, strerror(errno));
	return EXIT_USAGE;
}

/* Everything checked before anything is created: GO_ON or an exit code. */
static int validate(struct job *j)
{
	crawl_config *cfg = &j->cfg;
	if (!j->dir)
		return usage("%s", "no output directory (-o DIR)");
	if (!j->seeds.n && !cfg->resume)
		return usage("%s", "no seed URL");
	int st = readable("", cfg->dedup_index, R_OK);
	if (st != GO_ON)
		return st;
	if (cfg->dedup_warcs && !cfg->dedup_index)
		return usage("%s", "--dedup-warcs needs --dedup-index");
	if ((st = readable("", cfg->dedup_warcs, R_OK | X_OK)) != GO_ON)
		return st;
	return readable("--ca-certificate ", cfg->ca_certificate, R_OK);
}

/* The config from the options; DIR prepared for a new crawl. GO_ON or an exit code. */
static int prepare(struct job *j)
{
	crawl_config *cfg = &j->cfg;
	cfg->dir = j->dir;
	cfg->seeds = (const char *const *)j->seeds.v;
	cfg->nseeds = j->seeds.n;
	cfg->includes = (const char *const *)j->inc.v;
	cfg->nincludes = j->inc.n;
	cfg->excludes = (const char *const *)j->exc.v;
	cfg->nexcludes = j->exc.n;
	cfg->resolve = (const char *const *)j->res.v;
	cfg->nresolve = j->res.n;
	(void)!warc_buf_addstr(&j->cmdline, "wark crawl");
	for (int i = 1; i < j->argc; i++)
		(void)!warc_buf_printf(&j->cmdline, " %s", j->argv[i]);
	cfg->command_line = j->cmdline.data;
	/* A crawl killed before it saved any state (crawl.args only) starts again. */
	if (cfg->resume && j->merged && !crawl_outdir_has_state(j->dir))
		cfg->resume = false;
	warc_error err = { { 0 } };
	if (crawl_config_check(cfg, &err))
		return cmd_usage_error("crawl", "%s", err.msg);
	int rc = !cfg->resume && !j->merged ? crawl_outdir_prepare(j->dir, j->argc - 1, j->argv + 1, &err) : WARC_OK;
	if (rc) {
		cmd_error("crawl", "%s", err.msg);
		return cmd_exit_status(rc, false);
	}
	return GO_ON;
}

/* The run itself, with signals caught, and what it says at the end. */
static int run(struct job *j, crawl_result *result)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	crawl_callbacks cb = { .ctx = &j->ui, .on_event = on_event, .on_progress = on_progress, .stop = &stop_flag };
	warc_error err = { { 0 } };
	int rc = crawl_run(&j->cfg, &cb, result, &err);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	clear_status(&j->ui);
	if (rc) {
		if (rc == WARC_ERR_NOSPACE)
			cmd_error("crawl", "disk full: %s; every complete capture is kept: free some space and continue "
				  "with 'wark crawl --resume -o %s'", err.msg, j->dir);
		else
			cmd_error("crawl", "%s", err.msg);
		return cmd_exit_status(rc, false);
	}
	char text[256];
	status_text(&result->totals, text, sizeof text);
	const char *how = result->interrupted ? "interrupted (continue with --resume)"
			  : result->limit_reached ? "stopped at a limit"
			  : "complete";
	fprintf(stderr, "wark crawl: %s: %s\n", how, text);
	if (result->interrupted)
		return EXIT_INTERRUPTED;
	if (result->captured_total == 0 || (result->seeds_total && result->seeds_failed == result->seeds_total)) {
		cmd_error("crawl", "no seed could be captured (see %s/crawl.log)", j->dir);
		return EXIT_PROBLEMS;
	}
	return EXIT_OK;
}

int cmd_crawl_run(int argc, char **argv, crawl_result *result)
{
	memset(result, 0, sizeof *result);
	struct job j = { .ui = { .out = stderr, .tty = isatty(2) } };
	crawl_config_init(&j.cfg);
	warc_buf_init(&j.cmdline, WARC_LIMIT_LINE);
	merge_saved_args(&j, argc, argv);
	int status = parse_options(&j);
	if (status == GO_ON)
		status = validate(&j);
	if (status == GO_ON)
		status = prepare(&j);
	if (status == GO_ON)
		status = run(&j, result);
	job_free(&j);
	return status;
}

int cmd_crawl(int argc, char **argv)
{
	crawl_result result;
	int status = cmd_crawl_run(argc, argv, &result);
	crawl_result_free(&result);
	return status;
}
