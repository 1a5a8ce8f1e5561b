/*
 * extract.c - 'wark extract': article text, captions and metadata of pages.
 *
 * Inputs are HTML (or gzip-compressed HTML) files, WARC files, or crawl
 * directories (DIR/warc/ holding .warc.gz files). With -o OUTDIR every page becomes one
 * line of OUTDIR/pages.jsonl (skipped pages too, with "skipped": reason) and
 * one OUTDIR/text/<host_path>.txt, and pages read from WARCs also get a WET
 * conversion record (OUTDIR/NAME.warc.wet.gz, written with the WARC writer);
 * without -o, --format chooses what goes to stdout. The extraction itself is extract/; this file only finds inputs,
 * names outputs and reports.
 */
#include "cmd/cmd.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "extract/extract.h"

#define MAX_FILE (64u << 20)

typedef struct ctx {
	const char *outdir;
	const char *format;      /* jsonl | txt | md */
	const char *url;
	FILE *pages;
	char **names;            /* text file names used so far */
	size_t nnames, cnames;
	size_t extracted, skipped;
	int status;
	extract_options opt;
	warc_writer *wet;        /* OUTDIR/NAME.warc.wet.gz, opened on the first WARC page */
	char **wetnames;         /* files the writer produced, renamed at the end */
	size_t nwet;
	bool wet_failed;
} ctx;

static void usage(FILE *f)
{
	fprintf(f, "usage: wark extract [OPTIONS] INPUT... -o OUTDIR\n"
		   "       wark extract --format jsonl|txt|md INPUT...\n\n"
		   "Write the article text, image captions and metadata (title, byline, date,\n"
		   "language) of each HTML page. INPUT is an HTML file (.html or .html.gz),\n"
		   "a WARC file, or a crawl directory (DIR/warc/*.warc.gz).\n\n"
		   "options:\n"
		   "  -o, --output DIR   write DIR/pages.jsonl and DIR/text/*.txt\n"
		   "  -f, --format FMT   to stdout: jsonl (default), txt or md\n"
		   "      --url URL      the page URL of a single HTML file input\n"
		   "  -h, --help         this help\n\n"
		   "From WARCs, every response, resource and revisit record is listed in\n"
		   "pages.jsonl; those that are not HTML or text, are not 2xx, or cannot be\n"
		   "decoded carry \"skipped\": reason. With -o, WARC pages also get WET\n"
		   "conversion records in DIR/*.warc.wet.gz. See SPEC.md \"wark extract\".\n");
}

/* Read a whole file, inflating gzip; bounded by MAX_FILE. */
static int slurp(const char *path, char **out, size_t *len, char *why, size_t whysz)
{
	gzFile g = gzopen(path, "rb");
	if (!g) {
		snprintf(why, whysz, "%s", strerror(errno));
		return -1;
	}
	size_t cap = 1 << 16, n = 0;
	char *b = malloc(cap);
	for (;;) {
		if (!b) { snprintf(why, whysz, "out of memory"); gzclose(g); return -1; }
		if (n + 1 >= cap) {
			if (cap >= MAX_FILE) { snprintf(why, whysz, "larger than %u bytes", MAX_FILE); free(b); gzclose(g); return -2; }
			char *nb = realloc(b, cap * 2);
			if (!nb) { free(b); b = NULL; continue; }
			b = nb;
			cap *= 2;
		}
		int r = gzread(g, b + n, (unsigned)(cap - n - 1));
		if (r < 0) { int e; snprintf(why, whysz, "%s", gzerror(g, &e)); free(b); gzclose(g); return -2; }
		if (r == 0) break;
		n += (size_t)r;
	}
	gzclose(g);
	b[n] = 0;
	*out = b;
	*len = n;
	return 0;
}

static int ensure_dir(const char *p)
{
	if (mkdir(p, 0777) && errno != EEXIST) return -1;
	return 0;
}

static bool name_used(ctx *c, const char *n)
{
	for (size_t i = 0; i < c->nnames; i++)
		if (!strcmp(c->names[i], n)) return true;
	return false;
}

static void remember(ctx *c, const char *n)
{
	if (c->nnames == c->cnames) {
		size_t k = c->cnames ? c->cnames * 2 : 64;
		char **nn = realloc(c->names, k * sizeof *nn);
		if (!nn) return;
		c->names = nn;
		c->cnames = k;
	}
	char *d = strdup(n);
	if (d) c->names[c->nnames++] = d;
}

static void emit(ctx *c, extract_result *r)
{
	warc_error err;
	bool skipped = extract_result_skipped(r) != NULL;
	if (skipped) c->skipped++;
	else c->extracted++;
	if (!c->outdir) {
		if (!strcmp(c->format, "jsonl")) {
			char *j = extract_result_json(r);
			if (j) { fputs(j, stdout); fputc('\n', stdout); free(j); }
		} else if (!skipped) {
			int rc = !strcmp(c->format, "md") ? extract_write_md(r, stdout, &err) : extract_write_txt(r, stdout, &err);
			if (rc) c->status = EXIT_PROBLEMS;
			if (!strcmp(c->format, "txt")) fputc('\n', stdout);
		} else {
			cmd_error("extract", "%s: skipped: %s", extract_result_url(r) ? extract_result_url(r) : "page",
				  extract_result_skipped(r));
		}
		return;
	}
	char *j = extract_result_json(r);
	if (j) {
		fputs(j, c->pages);
		fputc('\n', c->pages);
		free(j);
	}
	if (skipped) return;
	char slug[128], path[4096];
	extract_result_slug(r, slug, sizeof slug);
	char name[160];
	snprintf(name, sizeof name, "%s", slug);
	for (int i = 2; name_used(c, name) && i < 100000; i++) snprintf(name, sizeof name, "%s-%d", slug, i);
	remember(c, name);
	snprintf(path, sizeof path, "%s/text/%s.txt", c->outdir, name);
	FILE *f = fopen(path, "w");
	if (!f) {
		cmd_error("extract", "%s: %s", path, strerror(errno));
		c->status = EXIT_PROBLEMS;
		return;
	}
	if (extract_write_txt(r, f, &err)) c->status = EXIT_PROBLEMS;
	if (fclose(f)) c->status = EXIT_PROBLEMS;
}

static void wet_write(ctx *c, extract_result *r, const char *refers_to, const char *date)
{
	warc_error err;
	if (c->wet_failed) return;
	if (!c->wet) {
		warc_writer_options o = {.dir = c->outdir, .prefix = "wark-extract",
					 .warcinfo = "software: wark extract\r\nformat: WARC File Format 1.1 (WET conversion records)\r\n"};
		if (warc_writer_open(&c->wet, &o, &err)) {
			cmd_error("extract", "WET output: %s", err.msg);
			c->wet_failed = true;
			c->status = EXIT_PROBLEMS;
			return;
		}
	}
	size_t len = 0;
	char *body = extract_result_wet_body(r, &len);
	warc_headers *h = warc_headers_new();
	int rc = body && h ? WARC_OK : WARC_ERR_NOMEM;
	if (!rc && refers_to) rc = warc_headers_add(h, "WARC-Refers-To", refers_to);
	if (!rc && extract_result_language(r))
		rc = warc_headers_add(h, "WARC-Identified-Content-Language", extract_result_language(r));
	warc_buf uri;
	warc_buf_init(&uri, 1 << 16);
	const char *target = extract_result_url(r);
	if (!rc && target && warc_uri_to_ascii(target, &uri, &err) == WARC_OK) target = uri.data;
	warc_record_spec spec = {.type = "conversion", .target_uri = target, .date = date,
				 .content_type = "text/plain", .extra = h, .payload = WARC_PAYLOAD_BLOCK,
				 .block = body, .block_len = len};
	warc_written where;
	if (!rc && (rc = warc_writer_write(c->wet, &spec, &where, &err)) != WARC_OK) {
		cmd_error("extract", "WET record for %s: %s", target ? target : "page", err.msg);
		c->status = EXIT_PROBLEMS;
	}
	if (!rc && (!c->nwet || strcmp(c->wetnames[c->nwet - 1], where.filename))) {
		char **nn = realloc(c->wetnames, (c->nwet + 1) * sizeof *nn);
		if (nn) {
			c->wetnames = nn;
			if ((nn[c->nwet] = strdup(where.filename))) c->nwet++;
		}
	}
	warc_buf_free(&uri);
	warc_headers_free(h);
	free(body);
}

/* Close the WET writer and rename its files NAME.warc.wet.gz. */
static void wet_close(ctx *c)
{
	warc_error err;
	if (c->wet && warc_writer_close(c->wet, &err)) {
		cmd_error("extract", "WET output: %s", err.msg);
		c->status = EXIT_PROBLEMS;
	}
	c->wet = NULL;
	for (size_t i = 0; i < c->nwet; i++) {
		char from[4096], to[4096];
		const char *n = c->wetnames[i];
		size_t l = strlen(n);
		if (l > 8 && !strcmp(n + l - 8, ".warc.gz")) {
			snprintf(from, sizeof from, "%s/%s", c->outdir, n);
			snprintf(to, sizeof to, "%s/%.*s.warc.wet.gz", c->outdir, (int)(l - 8), n);
			if (rename(from, to)) {
				cmd_error("extract", "%s: %s", from, strerror(errno));
				c->status = EXIT_PROBLEMS;
			}
		}
		free(c->wetnames[i]);
	}
	free(c->wetnames);
	c->wetnames = NULL;
	c->nwet = 0;
}

static bool is_warc_name(const char *p)
{
	size_t n = strlen(p);
	return (n > 5 && !strcmp(p + n - 5, ".warc")) || (n > 8 && !strcmp(p + n - 8, ".warc.gz"));
}

static void do_html(ctx *c, const char *path, const char *url)
{
	char *body = NULL, why[256];
	size_t len = 0;
	extract_source src = {.source = path, .url = url};
	extract_result *r = NULL;
	warc_error err;
	int s = slurp(path, &body, &len, why, sizeof why);
	if (s == -1) {
		cmd_error("extract", "%s: %s", path, why);
		c->status = EXIT_USAGE;
		return;
	}
	if (s == -2) {
		char reason[300];
		snprintf(reason, sizeof reason, "unreadable: %s", why);
		if (extract_result_new_skipped(&src, reason, &r) == WARC_OK) emit(c, r);
		extract_result_free(r);
		return;
	}
	/* A file is HTML unless it says otherwise: let extract_page sniff. */
	const char *n = path + strlen(path);
	bool txt = strlen(path) > 4 && !strcmp(n - 4, ".txt");
	src.content_type = txt ? "text/plain" : "text/html";
	if (extract_page(body, len, &src, &c->opt, &r, &err)) {
		cmd_error("extract", "%s: %s", path, err.msg);
		c->status = EXIT_PROBLEMS;
	} else {
		emit(c, r);
	}
	extract_result_free(r);
	free(body);
}

static void skip_record(ctx *c, const extract_source *src, const char *reason)
{
	extract_result *r = NULL;
	if (extract_result_new_skipped(src, reason, &r) == WARC_OK) emit(c, r);
	extract_result_free(r);
}

/* One response or resource record: decode the payload and extract it. */
static void do_record(ctx *c, const char *path, warc_record *rec)
{
	const char *type = warc_record_type(rec);
	const warc_headers *wh = warc_record_headers(rec);
	extract_source src = {.source = path, .url = warc_record_target_uri(rec), .ts = warc_record_date(rec),
			      .record_id = warc_record_id(rec), .digest = warc_headers_get(wh, "WARC-Payload-Digest")};
	char reason[700];
	if (!strcmp(type, "revisit")) {
		skip_record(c, &src, "revisit record: payload not stored here");
		return;
	}
	size_t limit = c->opt.max_input ? c->opt.max_input : (32u << 20);
	warc_buf body, warn;
	warc_buf_init(&body, limit);
	warc_buf_init(&warn, 4096);
	warc_error err;
	warc_http *h = NULL;
	char ctype[512] = "";
	int rc;
	if (!strcmp(type, "response")) {
		rc = warc_record_http_body(rec, &body, &h, &warn, &err);
		if (h) {
			const char *v = warc_headers_get(warc_http_headers(h), "Content-Type");
			snprintf(ctype, sizeof ctype, "%s", v ? v : "");
		}
	} else {
		const char *v = warc_record_content_type(rec);
		snprintf(ctype, sizeof ctype, "%s", v ? v : "");
		char buf[65536];
		ssize_t n;
		rc = WARC_OK;
		while ((n = warc_record_read(rec, buf, sizeof buf, &err)) > 0)
			if ((rc = warc_buf_add(&body, buf, (size_t)n)) != WARC_OK) {
				warc_fail(&err, rc, "block larger than %zu bytes", limit);
				break;
			}
		if (n < 0) rc = (int)n;
	}
	if (rc == WARC_ERR_TOOBIG) {
		snprintf(reason, sizeof reason, "payload exceeds the %zu byte limit", limit);
		skip_record(c, &src, reason);
	} else if (rc) {
		snprintf(reason, sizeof reason, "payload could not be decoded: %s", err.msg);
		skip_record(c, &src, reason);
	} else if (h && (warc_http_status(h) < 200 || warc_http_status(h) > 299)) {
		snprintf(reason, sizeof reason, "HTTP status %d", warc_http_status(h));
		skip_record(c, &src, reason);
	} else {
		src.content_type = ctype;
		extract_result *r = NULL;
		if (extract_page(body.data ? body.data : "", body.len, &src, &c->opt, &r, &err)) {
			cmd_error("extract", "%s: %s", path, err.msg);
			c->status = EXIT_PROBLEMS;
		} else {
			emit(c, r);
			if (c->outdir && !extract_result_skipped(r)) wet_write(c, r, src.record_id, src.ts);
		}
		extract_result_free(r);
	}
	warc_http_free(h);
	warc_buf_free(&body);
	warc_buf_free(&warn);
}

static void do_warc(ctx *c, const char *path)
{
	warc_reader *rd = NULL;
	warc_error err;
	if (warc_reader_open(&rd, path, &err)) {
		cmd_error("extract", "%s", err.msg);
		c->status = EXIT_USAGE;
		return;
	}
	for (;;) {
		warc_record *rec = NULL;
		int rc = warc_reader_next(rd, &rec, &err);
		if (rc == WARC_EOF) break;
		if (rc) {
			cmd_error("extract", "%s", err.msg);
			c->status = EXIT_PROBLEMS;
			if (warc_reader_resync(rd, &err)) break;
			continue;
		}
		const char *type = warc_record_type(rec);
		const char *ct = warc_record_content_type(rec);
		bool http = ct && strstr(ct, "application/http");
		if ((!strcmp(type, "response") && http) || !strcmp(type, "resource") ||
		    (!strcmp(type, "revisit") && http))
			do_record(c, path, rec);
	}
	warc_reader_close(rd);
}

/* A WARC whatever its name: "WARC/" at the start, plain or inside gzip. */
static bool looks_warc(const char *path)
{
	gzFile g = gzopen(path, "rb");
	char b[5];
	bool yes = g && gzread(g, b, 5) == 5 && !memcmp(b, "WARC/", 5);
	if (g) gzclose(g);
	return yes;
}

static void do_input(ctx *c, const char *path, const char *url)
{
	struct stat st;
	if (stat(path, &st)) {
		cmd_error("extract", "%s: %s", path, strerror(errno));
		c->status = EXIT_USAGE;
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		char pat[4096];
		glob_t g;
		snprintf(pat, sizeof pat, "%s/warc/*.warc.gz", path);
		if (glob(pat, 0, NULL, &g) == 0) {
			for (size_t i = 0; i < g.gl_pathc; i++) do_warc(c, g.gl_pathv[i]);
			globfree(&g);
		} else {
			cmd_error("extract", "%s: no warc/*.warc.gz in this directory", path);
			c->status = EXIT_USAGE;
		}
		return;
	}
	if (is_warc_name(path) || looks_warc(path)) do_warc(c, path);
	else do_html(c, path, url);
}

int cmd_extract(int argc, char **argv)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'},
		{"format", required_argument, NULL, 'f'},
		{"url", required_argument, NULL, 'u'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	ctx c;
	memset(&c, 0, sizeof c);
	c.format = "jsonl";
	bool format_given = false;
	int o;
	opterr = 0;
	optind = 1;
	while ((o = getopt_long(argc, argv, ":o:f:h", opts, NULL)) != -1) {
		switch (o) {
		case 'o': c.outdir = optarg; break;
		case 'f': c.format = optarg; format_given = true; break;
		case 'u': c.url = optarg; break;
		case 'h': usage(stdout); return EXIT_OK;
		case ':': return cmd_usage_error("extract", "option %s needs a value", argv[optind - 1]);
		default: return cmd_usage_error("extract", "unknown option %s", argv[optind - 1]);
		}
	}
	if (strcmp(c.format, "jsonl") && strcmp(c.format, "txt") && strcmp(c.format, "md"))
		return cmd_usage_error("extract", "unknown format '%s' (jsonl, txt or md)", c.format);
	if (optind >= argc) return cmd_usage_error("extract", "no input given");
	if (c.outdir && format_given) return cmd_usage_error("extract", "use either -o DIR or --format, not both");
	if (c.url && argc - optind != 1) return cmd_usage_error("extract", "--url applies to a single HTML file input");
	if (c.outdir) {
		char p[4096];
		snprintf(p, sizeof p, "%s/text", c.outdir);
		if (ensure_dir(c.outdir) || ensure_dir(p)) {
			cmd_error("extract", "%s: %s", c.outdir, strerror(errno));
			return EXIT_USAGE;
		}
		snprintf(p, sizeof p, "%s/pages.jsonl", c.outdir);
		c.pages = fopen(p, "w");
		if (!c.pages) {
			cmd_error("extract", "%s: %s", p, strerror(errno));
			return EXIT_USAGE;
		}
	}
	for (int i = optind; i < argc; i++) do_input(&c, argv[i], c.url);
	wet_close(&c);
	if (c.pages && fclose(c.pages)) {
		cmd_error("extract", "writing pages.jsonl failed");
		c.status = EXIT_PROBLEMS;
	}
	if (c.outdir)
		fprintf(stderr, "wark extract: %zu pages extracted, %zu skipped\n", c.extracted, c.skipped);
	for (size_t i = 0; i < c.nnames; i++) free(c.names[i]);
	free(c.names);
	return c.status;
}
