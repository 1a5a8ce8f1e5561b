/* SPDX-License-Identifier: Apache-2.0 */
/*
 * chunk.c - streaming, tolerant de-chunker for HTTP/1.1 chunked bodies.
 *
 * Design: a byte-level state machine, so the input may be cut anywhere (a
 * chunk-size line split over two feeds is fine) and memory is constant: the
 * only thing buffered is the current chunk-size line (bounded), kept so it
 * can be passed through raw if it turns out not to be one. Chunk data goes
 * to the sink in the slices it arrived in.
 *
 * Tolerance follows python warcio: archived bodies labelled chunked are
 * sometimes not (a proxy de-chunked them but kept the header), or are cut
 * short. On the first framing defect (size line not hex, no CRLF after the
 * data, an overlong size line) the de-chunker records a problem and passes
 * every remaining byte through unchanged, starting with the bytes of the
 * line it could not read. A missing last chunk or an input that ends inside
 * a chunk is recorded too. Every input byte is looked at once: it cannot
 * loop.
 */
#include "warc/warc.h"

#include <stdlib.h>
#include <string.h>

enum dstate {
	S_SIZE,          /* reading a chunk-size line */
	S_SIZE_LF,       /* size line had CR, LF must follow */
	S_DATA,          /* copying chunk data */
	S_DATA_END,      /* CRLF (or LF) must follow the data */
	S_DATA_LF,       /* CR seen after data, LF must follow */
	S_TRAILER_BOL,   /* at the start of a trailer line (after last chunk) */
	S_TRAILER_CR,    /* CR at the start of a trailer line */
	S_TRAILER_LINE,  /* inside a trailer field line */
	S_DONE,          /* after the final blank line; extra bytes ignored */
	S_RAW,           /* framing broken: everything passes through */
};

/* Where we are inside a chunk-size line. */
enum sphase { P_LEAD, P_DIGITS, P_TRAIL, P_EXT };

struct warc_dechunk {
	warc_sink_fn sink;
	void *ctx;
	enum dstate state;
	enum sphase phase;
	uint64_t size;        /* chunk size being parsed */
	uint64_t remaining;   /* data bytes left in the current chunk */
	uint64_t fed;         /* total bytes fed */
	uint64_t extra;       /* bytes after the last chunk */
	int error;            /* sticky sink error */
	bool has_problem;
	size_t line_len;
	char line[WARC_LIMIT_CHUNK_LINE + 1];   /* + a CR */
	char problem[160];
};

warc_dechunk *warc_dechunk_new(warc_sink_fn sink, void *ctx)
{
	warc_dechunk *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->sink = sink;
	d->ctx = ctx;
	d->state = S_SIZE;
	d->phase = P_LEAD;
	return d;
}

void warc_dechunk_free(warc_dechunk *d)
{
	free(d);
}

const char *warc_dechunk_problem(const warc_dechunk *d)
{
	return d->has_problem ? d->problem : NULL;
}

static void set_problem(warc_dechunk *d, const char *msg, uint64_t at)
{
	if (d->has_problem)
		return;
	d->has_problem = true;
	snprintf(d->problem, sizeof d->problem, "%s (at body byte %llu)", msg, (unsigned long long)at);
}

static int emit(warc_dechunk *d, const void *p, size_t n)
{
	if (!n || d->error)
		return d->error;
	int rc = d->sink(d->ctx, p, n);
	if (rc)
		d->error = rc;
	return d->error;
}

/* Framing is broken: pass the pending raw bytes through and everything after. */
static int fall_back(warc_dechunk *d, const char *msg, uint64_t at, const char *pending, size_t npending)
{
	set_problem(d, msg, at);
	d->state = S_RAW;
	int rc = emit(d, d->line, d->line_len);
	d->line_len = 0;
	if (!rc)
		rc = emit(d, pending, npending);
	return rc;
}

/* The chunk-size line is complete: go to data or trailers. */
static void size_line_done(warc_dechunk *d)
{
	d->line_len = 0;
	d->phase = P_LEAD;
	if (d->size == 0) {
		d->state = S_TRAILER_BOL;
	} else {
		d->remaining = d->size;
		d->state = S_DATA;
	}
	d->size = 0;
}

/*
 * One byte of a chunk-size line: 1*HEXDIG [ws] [";" ext] CRLF, with leading
 * whitespace tolerated (as python's int() does). Returns false when the byte
 * cannot belong to a chunk-size line.
 */
static bool size_byte(warc_dechunk *d, unsigned char c, const char **why)
{
	if (c == '\r' || c == '\n') {
		if (d->phase == P_LEAD) {
			*why = "empty chunk-size line";
			return false;
		}
		if (c == '\r') {
			d->line[d->line_len++] = '\r';   /* kept for a raw fall-back */
			d->state = S_SIZE_LF;
		} else {
			size_line_done(d);
		}
		return true;
	}
	if (d->line_len >= WARC_LIMIT_CHUNK_LINE) {
		*why = "chunk-size line too long";
		return false;
	}
	switch (d->phase) {
	case P_LEAD:
	case P_DIGITS:
		if (warc_hex_value(c) >= 0) {
			if (d->size >> 59) {
				*why = "chunk size too large";
				return false;
			}
			d->size = d->size * 16 + (uint64_t)warc_hex_value(c);
			d->phase = P_DIGITS;
			break;
		}
		if (c == ' ' || c == '\t')
			break;   /* P_LEAD stays; after digits we move to P_TRAIL */
		if (c == ';' && d->phase == P_DIGITS) {
			d->phase = P_EXT;
			break;
		}
		*why = "chunk size is not hex";
		return false;
	case P_TRAIL:
		if (c == ' ' || c == '\t')
			break;
		if (c == ';') {
			d->phase = P_EXT;
			break;
		}
		*why = "chunk size is not hex";
		return false;
	case P_EXT:
		break;
	}
	if ((c == ' ' || c == '\t') && d->phase == P_DIGITS)
		d->phase = P_TRAIL;
	d->line[d->line_len++] = (char)c;
	return true;
}

int warc_dechunk_feed(warc_dechunk *d, const void *buf, size_t n)
{
	const char *p = buf, *end = p + n;
	uint64_t base = d->fed;
	d->fed += n;
	if (d->error)
		return d->error;
	while (p < end) {
		uint64_t at = base + (uint64_t)(p - (const char *)buf);
		unsigned char c = (unsigned char)*p;
		const char *why = NULL;
		switch (d->state) {
		case S_SIZE:
			if (!size_byte(d, c, &why))
				return fall_back(d, why, at, p, (size_t)(end - p));
			p++;
			break;
		case S_SIZE_LF:
			if (c != '\n')
				return fall_back(d, "chunk-size line: CR without LF", at, p, (size_t)(end - p));
			size_line_done(d);
			p++;
			break;
		case S_DATA: {
			size_t take = (size_t)(end - p);
			if (take > d->remaining)
				take = (size_t)d->remaining;
			if (emit(d, p, take))
				return d->error;
			p += take;
			d->remaining -= take;
			if (!d->remaining)
				d->state = S_DATA_END;
			break;
		}
		case S_DATA_END:
			if (c == '\r') {
				d->state = S_DATA_LF;
			} else if (c == '\n') {
				d->state = S_SIZE;
			} else {
				return fall_back(d, "no CRLF after chunk data", at, p, (size_t)(end - p));
			}
			p++;
			break;
		case S_DATA_LF:
			if (c != '\n') {
				d->line[0] = '\r';
				d->line_len = 1;
				return fall_back(d, "no CRLF after chunk data", at, p, (size_t)(end - p));
			}
			d->state = S_SIZE;
			p++;
			break;
		case S_TRAILER_BOL:
			d->state = c == '\n' ? S_DONE : c == '\r' ? S_TRAILER_CR : S_TRAILER_LINE;
			p++;
			break;
		case S_TRAILER_CR:
			d->state = c == '\n' ? S_DONE : S_TRAILER_LINE;
			p++;
			break;
		case S_TRAILER_LINE: {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			if (!nl) {
				p = end;
			} else {
				p = nl + 1;
				d->state = S_TRAILER_BOL;
			}
			break;
		}
		case S_DONE:
			d->extra += (uint64_t)(end - p);
			p = end;
			break;
		case S_RAW:
			if (emit(d, p, (size_t)(end - p)))
				return d->error;
			p = end;
			break;
		}
	}
	return d->error;
}

int warc_dechunk_end(warc_dechunk *d)
{
	if (d->error)
		return d->error;
	char msg[96];
	switch (d->state) {
	case S_SIZE:
	case S_SIZE_LF:
		if (d->line_len) {
			return fall_back(d, "input ended in a chunk-size line", d->fed, NULL, 0);
		}
		if (d->fed)   /* an empty body (HEAD, 304, revisit) is fine */
			set_problem(d, "input ended before the last chunk", d->fed);
		break;
	case S_DATA:
		snprintf(msg, sizeof msg, "input ended inside a chunk (%llu bytes missing)",
			 (unsigned long long)d->remaining);
		set_problem(d, msg, d->fed);
		break;
	case S_DATA_END:
	case S_DATA_LF:
		set_problem(d, "input ended before the last chunk", d->fed);
		break;
	case S_DONE:
		if (d->extra) {
			snprintf(msg, sizeof msg, "%llu bytes after the last chunk ignored",
				 (unsigned long long)d->extra);
			set_problem(d, msg, d->fed - d->extra);
		}
		break;
	case S_TRAILER_BOL:
	case S_TRAILER_CR:
	case S_TRAILER_LINE:   /* a missing final CRLF is tolerated silently */
	case S_RAW:
		break;
	}
	return d->error;
}
