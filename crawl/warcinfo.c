/* SPDX-License-Identifier: Apache-2.0 */
/*
 * warcinfo.c - the warcinfo block that opens every WARC file of a crawl:
 * software, format, conformsTo, operator and hostname, then the whole crawl
 * configuration as "wark-*" fields, so a WARC says how it was made.
 */
#include "crawl/internal.h"

#include <string.h>
#include <unistd.h>

static const char *scope_name(crawl_scope_mode m)
{
	switch (m) {
	case CRAWL_SCOPE_PAGE: return "page";
	case CRAWL_SCOPE_PREFIX: return "prefix";
	case CRAWL_SCOPE_HOST: return "host";
	case CRAWL_SCOPE_DOMAIN: return "domain";
	case CRAWL_SCOPE_ANY: return "any";
	}
	return "?";
}

/* "name: value\r\n" with CR/LF in the value replaced (fields are one line). */
static int field(warc_buf *b, const char *name, const char *value)
{
	if (!value)
		return WARC_OK;
	if (warc_buf_printf(b, "%s: ", name))
		return WARC_ERR_TOOBIG;
	for (const char *p = value; *p; p++) {
		char c = (*p == '\r' || *p == '\n') ? ' ' : *p;
		if (warc_buf_add(b, &c, 1))
			return WARC_ERR_TOOBIG;
	}
	return warc_buf_addstr(b, "\r\n");
}

static int fieldu(warc_buf *b, const char *name, unsigned long long v)
{
	char s[32];
	snprintf(s, sizeof s, "%llu", v);
	return field(b, name, s);
}

static int build(const crawl_config *c, warc_buf *b)
{
	char host[256] = "";
	if (gethostname(host, sizeof host - 1))
		host[0] = '\0';
	int rc = field(b, "software", "wark/" WARK_VERSION);
	rc = rc ? rc : field(b, "format", "WARC File Format 1.1");
	rc = rc ? rc : field(b, "conformsTo",
			     "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/");
	rc = rc ? rc : field(b, "hostname", host[0] ? host : NULL);
	rc = rc ? rc : field(b, "operator", c->operator_name);
	rc = rc ? rc : field(b, "robots", c->obey_robots ? "classic" : "ignore");
	rc = rc ? rc : field(b, "http-header-user-agent", c->user_agent);
	rc = rc ? rc : field(b, "wark-command-line", c->command_line);
	for (size_t i = 0; !rc && i < c->nseeds; i++)
		rc = field(b, "wark-seed", c->seeds[i]);
	rc = rc ? rc : field(b, "wark-scope", scope_name(c->scope));
	if (!rc && c->depth >= 0)
		rc = fieldu(b, "wark-depth", (unsigned long long)c->depth);
	for (size_t i = 0; !rc && i < c->nincludes; i++)
		rc = field(b, "wark-include", c->includes[i]);
	for (size_t i = 0; !rc && i < c->nexcludes; i++)
		rc = field(b, "wark-exclude", c->excludes[i]);
	rc = rc ? rc : field(b, "wark-requisites", c->requisites ? "yes" : "no");
	rc = rc ? rc : fieldu(b, "wark-connections", c->connections);
	rc = rc ? rc : fieldu(b, "wark-host-connections", c->host_connections);
	rc = rc ? rc : fieldu(b, "wark-delay-ms", c->delay_ms);
	rc = rc ? rc : fieldu(b, "wark-max-pages", c->max_pages);
	rc = rc ? rc : fieldu(b, "wark-max-bytes", c->max_bytes);
	rc = rc ? rc : fieldu(b, "wark-max-time", c->max_time_s);
	rc = rc ? rc : fieldu(b, "wark-max-size", c->max_size);
	rc = rc ? rc : fieldu(b, "wark-timeout", c->timeout_s);
	rc = rc ? rc : fieldu(b, "wark-retries", c->retries);
	rc = rc ? rc : fieldu(b, "wark-host-budget", c->host_budget);
	rc = rc ? rc : field(b, "wark-accept-encoding", c->accept_encoding && *c->accept_encoding ? c->accept_encoding
											: "(none)");
	rc = rc ? rc : field(b, "wark-payload", "as received (content coding and chunking kept)");
	rc = rc ? rc : field(b, "wark-http-version", c->http1_only ? "http/1.1"
							       : "h2 over TLS when offered (ALPN), else http/1.1");
	rc = rc ? rc : field(b, "wark-ca-certificate", c->ca_certificate);
	rc = rc ? rc : field(b, "wark-check-certificate", c->check_certificate ? "yes" : "no");
	rc = rc ? rc : field(b, "wark-sitemaps", c->sitemaps ? "yes" : "no");
	rc = rc ? rc : field(b, "wark-dedup-index", c->dedup_index);
	rc = rc ? rc : field(b, "wark-dedup-warcs", c->dedup_warcs);
	rc = rc ? rc : field(b, "wark-resumed", c->resume ? "yes" : NULL);
	return rc;
}

int crw_open_writer(engine *e)
{
	const crawl_config *c = e->cfg;
	warc_buf *info = &e->warcinfo; /* kept until the writer is closed: it rotates files */
	warc_buf_init(info, WARC_LIMIT_HEADER);
	if (build(c, info))
		return warc_fail(e->err, WARC_ERR_TOOBIG, "crawl configuration too large for warcinfo");
	warc_writer_options opt = {
		.dir = e->warc_dir,
		.prefix = c->warc_prefix,
		.max_size = c->warc_size,
		.digest = WARC_SHA1,
		.warcinfo = info->data,
	};
	return warc_writer_open(&e->writer, &opt, e->err);
}
