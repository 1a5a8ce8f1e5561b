/* SPDX-License-Identifier: Apache-2.0 */
/*
 * internal.h - private interfaces between the files of pack/ (not part of
 * the module's API; pack/pack.h is). Prefix pk_.
 *
 * Packing: pk_inputs (inputs.c: the command line resolved to files),
 * pk_gen (index.c, pages.c: the regenerated index and pages.jsonl, written
 * through pk_blob temporary files, blob.c), pk_sink (sink.c: ZIP, tar.gz,
 * tar.zst or a directory, under a temporary name renamed on commit), the
 * writers (wacz.c, bagit.c), pk_hash (hash.c: several OpenSSL digests in
 * one pass) and the date helpers (dates.c); UTF-8 is judged by warc_utf8_valid.
 * Verifying: pk_src (src.c: an archive or directory entry by entry),
 * pk_zipdir (zipdir.c: the ZIP central directory), pk_record_at (recat.c)
 * and the shared pk_verify context (verify.c, verify_wacz.c, verify_bag.c).
 */
#ifndef WARK_PACK_INTERNAL_H
#define WARK_PACK_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "pack/pack.h"
#include "warc/warc.h"

typedef struct pk_blob pk_blob;   /* generated content in a temporary file (blob.c) */

/* ---- Digests (hash.c) ---- */

enum { PK_MD5 = 1, PK_SHA1 = 2, PK_SHA256 = 4, PK_SHA512 = 8, PK_NALGS = 4 };
#define PK_HEX_MAX 129

typedef struct pk_hash {
	unsigned algs;
	void *ctx[PK_NALGS];   /* EVP_MD_CTX* per algorithm bit */
} pk_hash;

/* Algorithm bit of a name ("sha256", "SHA-256", "md5"...), or 0. */
unsigned pk_hash_alg(const char *name);
const char *pk_hash_name(unsigned alg);   /* "sha256" */
/* Start the digests named by the bits of algs (WARC_ERR_NOMEM; h is then
 * freed); feed them all with update. */
int pk_hash_init(pk_hash *h, unsigned algs, warc_error *err) WARC_WUR;
void pk_hash_update(pk_hash *h, const void *p, size_t n);
/* Lowercase hex of alg (must be one of the initialised ones) into out; frees nothing. */
void pk_hash_final(pk_hash *h, unsigned alg, char out[PK_HEX_MAX]);
/* Free every digest context (h may be zeroed or freed already). */
void pk_hash_free(pk_hash *h);
/* One-shot lowercase hex of a buffer. */
void pk_hash_buf(unsigned alg, const void *p, size_t n, char out[PK_HEX_MAX]);

/* ---- Output sink (sink.c) ---- */

typedef enum pk_sink_kind { PK_SINK_ZIP, PK_SINK_TAR_GZ, PK_SINK_TAR_ZST, PK_SINK_DIR } pk_sink_kind;
typedef struct pk_sink pk_sink;

/* ---- Archive formats by file name (formats.c) ---- */

typedef struct pk_format {
	const char *ext;       /* the name's suffix: ".tar.gz" */
	pack_kind kind;        /* what verify takes such a file for */
	int sink;              /* the pk_sink_kind a bag is written as, or -1: read only */
	bool look_inside;      /* .zip: a bag or a WACZ, verify reads its directory */
} pk_format;
/* The format a name ends with, or NULL. */
const pk_format *pk_format_of(const char *name);

typedef struct pk_digests {
	uint64_t bytes;
	char sha256[PK_HEX_MAX];
	char sha512[PK_HEX_MAX];
} pk_digests;

/*
 * Start writing final_path (through a temporary sibling). prefix is put in
 * front of every entry name ("NAME/" for a serialised bag, "" otherwise).
 */
int pk_sink_open(pk_sink **out, pk_sink_kind kind, const char *final_path, const char *prefix,
		 int64_t mtime, warc_error *err) WARC_WUR;
/* Copy a file into entry name; digests (sha256 always, sha512 if asked) computed on the way. */
int pk_sink_add_file(pk_sink *s, const char *name, const char *src, uint64_t expect_size, bool store,
		     bool sha512, pk_digests *d, volatile sig_atomic_t *stop, warc_error *err) WARC_WUR;
/* Copy generated content (see pk_blob). */
int pk_sink_add_blob(pk_sink *s, const char *name, pk_blob *b, bool store, bool sha512, pk_digests *d,
		     volatile sig_atomic_t *stop, warc_error *err) WARC_WUR;
/* Copy n bytes from memory. */
int pk_sink_add_mem(pk_sink *s, const char *name, const void *p, size_t n, bool store, bool sha512,
		    pk_digests *d, warc_error *err) WARC_WUR;
/* Finish, fsync, rename to the final name; frees s either way. */
int pk_sink_commit(pk_sink *s, warc_error *err) WARC_WUR;
/* Drop everything written; frees s. */
void pk_sink_abort(pk_sink *s);

/* ---- Inputs (inputs.c) ---- */

typedef struct pk_file {
	char *src;       /* path to read */
	char *name;      /* base name inside the archive's directory */
	uint64_t size;
	int64_t mtime;
	uint64_t dev, ino;   /* the same file reached twice is packed once */
} pk_file;

typedef struct pk_inputs {
	pk_file *warcs;
	size_t n_warcs;
	pk_file *text;         /* the text bundle, flattened */
	size_t n_text;
	char *bundle_pages;    /* the bundle's pages.jsonl (for titles and text), or NULL */
	char *bundle_dir;      /* directory the bundle's relative paths start from */
} pk_inputs;

/* Resolve the command line's inputs (pack_options.inputs) into files:
 * WARC files as given, crawl directories' warc/ WARCs and text bundle,
 * extract directories' bundle. WARC_ERR_IO for a path that cannot be read,
 * WARC_ERR_USAGE for anything else or for two files of one name. in is
 * filled either way; free it with pk_inputs_free(). */
int pk_inputs_collect(const char *const *inputs, size_t n, pk_inputs *in, warc_error *err) WARC_WUR;
void pk_inputs_free(pk_inputs *in);

/* ---- Generated content in unlinked temporary files (blob.c) ---- */

struct pk_blob {
	FILE *f;
	uint64_t len;
};

/* An empty blob in an unlinked DIR/.wark-pack-XXXXXX ("." when dir is NULL
 * or ""). WARC_ERR_IO when it cannot be made. */
int pk_blob_open(pk_blob *b, const char *dir, warc_error *err) WARC_WUR;
/* Append n bytes (b->len grows). WARC_ERR_IO on a write error. */
int pk_blob_write(pk_blob *b, const void *p, size_t n, warc_error *err) WARC_WUR;
/* Read exactly n bytes at off (written bytes are flushed first);
 * WARC_ERR_IO when fewer are there. */
int pk_blob_read_at(pk_blob *b, uint64_t off, void *p, size_t n, warc_error *err) WARC_WUR;
/* Close (the file vanishes) and empty b; safe on a closed blob. */
void pk_blob_close(pk_blob *b);

/* ---- Generated index and pages (index.c, pages.c) ---- */

typedef struct pk_gen {
	pk_blob cdxj;         /* sorted CDXJ, when !zipnum */
	pk_blob cdxgz, idx;   /* ZipNum form, when zipnum */
	bool zipnum;
	pk_blob pages;        /* pages.jsonl with its header */
	uint64_t lines, n_pages;
	int64_t newest;       /* newest capture time (epoch seconds), -1 if none */
	char *main_url;       /* first page, or NULL */
	char main_ts[32];
} pk_gen;

typedef struct pk_gen_options {
	uint64_t zipnum_threshold;
	uint64_t run_bytes;   /* index lines sorted in memory per run before spilling; 0 = 64 MiB */
	const char *tmpdir;   /* where the temporary files go (the output's directory) */
	volatile sig_atomic_t *stop;
} pk_gen_options;

/* A page candidate: an HTML 200 capture found while indexing. */
typedef struct pk_page_cand {
	char *url;
	char ts14[15];
	size_t warc;          /* index into pk_inputs.warcs */
	uint64_t offset;      /* of the response record */
} pk_page_cand;

/* Index every WARC of in (warc_index_file), sort the lines in bounded runs
 * into g->cdxj (or ZipNum g->cdxgz + g->idx past o->zipnum_threshold) and
 * write g->pages from the HTML captures. g is freed on failure. */
int pk_gen_build(const pk_inputs *in, const pk_gen_options *o, pk_gen *g, warc_error *err) WARC_WUR;
/* Close g's blobs and free its strings. */
void pk_gen_free(pk_gen *g);
/* Write g->pages from the candidates (deduplicated and reordered in place; *n updated). */
int pk_pages_build(const pk_inputs *in, pk_page_cand *c, size_t *n, pk_gen *g, warc_error *err) WARC_WUR;

/* Format epoch seconds as RFC 3339 UTC "YYYY-MM-DDThh:mm:ssZ". */
void pk_rfc3339(int64_t t, char out[32]);
/* "YYYYMMDDhhmmss" -> epoch seconds, -1 if malformed. */
int64_t pk_ts14_epoch(const char *ts14);

/* ---- Packers (wacz.c, bagit.c) ---- */

/* Write the archive of opt->format from the inputs and the generated index
 * and pages, every timestamp epoch; res counts what went in. Nothing is
 * left under opt->output on failure. pack_run() calls one of them. */
int pk_pack_wacz(const pack_options *opt, const pk_inputs *in, pk_gen *g, int64_t epoch,
		 pack_result *res, warc_error *err) WARC_WUR;
int pk_pack_bagit(const pack_options *opt, const pk_inputs *in, pk_gen *g, int64_t epoch,
		  pack_result *res, warc_error *err) WARC_WUR;

/* ---- Reading archives and directories (src.c) ---- */

typedef enum pk_etype { PK_E_FILE, PK_E_DIR, PK_E_LINK, PK_E_OTHER } pk_etype;
typedef struct pk_src pk_src;

/* Open an archive libarchive reads (ZIP, tar, compressed tar) or a
 * directory (walked in sorted order, symlinks not followed).
 * WARC_ERR_IO when it cannot be opened. */
int pk_src_open(pk_src **out, const char *path, warc_error *err) WARC_WUR;
/* Next entry (WARC_OK), WARC_EOF at the end, or an error (damaged archive). */
int pk_src_next(pk_src *s, const char **name, pk_etype *type, int64_t *size, warc_error *err) WARC_WUR;
/* Read the current entry's data: bytes, 0 at its end, negative warc_status on error. */
ssize_t pk_src_read(pk_src *s, void *buf, size_t n, warc_error *err) WARC_WUR;
/* Real path of the current entry when the source is a directory, else NULL. */
const char *pk_src_path(const pk_src *s);
/* Bytes read out of the archive so far (decompressed), for bomb limits. */
uint64_t pk_src_total(const pk_src *s);
/* Close s (NULL allowed). */
void pk_src_close(pk_src *s);

/* ---- ZIP central directory (zipdir.c) ---- */

typedef struct pk_zipent {
	char *name;
	uint16_t method, flags;
	uint64_t csize, usize, lho;
	uint64_t data_off;      /* start of the data (after the local header) */
} pk_zipent;

typedef struct pk_zipdir {
	pk_zipent *e;
	size_t n;
	bool zip64;
} pk_zipdir;

/* Parse and sanity-check the central directory (bounds, overlaps, local headers). */
int pk_zipdir_read(const char *path, pk_zipdir *z, warc_error *err) WARC_WUR;
/* Free the entries; z is empty again. */
void pk_zipdir_free(pk_zipdir *z);

/* ---- Records at offsets (recat.c) ---- */

/*
 * Read the WARC record at offset of an open WARC file (gzip member or plain)
 * and return its WARC-Target-URI (malloc'd, "" when absent) and the stored
 * length (gzip: member size). Bounded: headers up to WARC_LIMIT_HEADER.
 */
int pk_record_at(FILE *f, uint64_t offset, char **uri, uint64_t *stored_len, warc_error *err) WARC_WUR;

/* ---- Verification context (verify.c, verify_wacz.c, verify_bag.c) ---- */

typedef struct pk_vent {
	char *name;            /* as in the archive (leading "./" and trailing "/" removed) */
	pk_etype type;
	int64_t size;          /* -1 if unknown */
	char *data;            /* captured content of a metadata file, or NULL */
	size_t len;
	bool bad;              /* unsafe: reported and skipped */
	bool seen;             /* read in pass 2 */
	unsigned want;         /* digest algorithms needed */
	uint64_t bytes;        /* bytes read in pass 2 */
	char hex[PK_NALGS][PK_HEX_MAX];
} pk_vent;

typedef struct pk_expect {
	char *path;            /* entry name it refers to */
	unsigned alg;          /* 0: size only */
	char hex[PK_HEX_MAX];
	int64_t bytes;         /* -1 unknown */
	const char *source;    /* which file said so */
} pk_expect;

typedef struct pk_idxent {
	char *url;
	char ts14[15];
	char *filename;
	uint64_t offset, length;
	const char *source;
} pk_idxent;

typedef struct pk_verify {
	const char *path;
	const pack_verify_options *opt;
	pack_problem_fn fn;
	void *fctx;
	pack_verify_result *res;
	pk_vent *e;
	size_t n, cap;
	char root[1024];       /* bag: "NAME/" inside a serialisation, else "" */
	bool is_dir;
	pk_expect *x;
	size_t nx, capx;
	pk_idxent *ix;
	size_t nix, capix;
	char tmp[4096];        /* private temp directory, "" until made */
	/* where WARCs, indexes and pages live: "archive/", "indexes/", "pages/" in a
	 * WACZ; ROOT"data/warc/", ROOT"data/indexes/", ROOT"data/pages/" in a bag */
	char dir_warc[1100], dir_indexes[1100], dir_pages[1100];
	bool stop;             /* fatal structural problem: no further checks */
} pk_verify;

/* Count a problem (or a warning) and pass it to the caller's callback;
 * where is the entry concerned (NULL or "": the whole archive). */
void pk_problem(pk_verify *v, const char *where, const char *fmt, ...) WARC_PRINTF(3, 4);
void pk_warning(pk_verify *v, const char *where, const char *fmt, ...) WARC_PRINTF(3, 4);
/* The entry called name (after pk_vents_sort()), or NULL. */
pk_vent *pk_find(pk_verify *v, const char *name);
/* Pass 1's pieces: add an entry ("./" prefixes and trailing '/' dropped), then
 * sort them by name (pk_find needs it; a duplicate is reported and marked bad). */
int pk_vent_add(pk_verify *v, const char *name, pk_etype type, int64_t size) WARC_WUR;
void pk_vents_sort(pk_verify *v);
/* Free the entries, expectations and index lines (not v itself). */
void pk_verify_free(pk_verify *v);
/* What a manifest or datapackage says of path: its alg digest (alg 0: size
 * only) and size (-1: unknown), and which file said it. WARC_ERR_NOMEM. */
int pk_expect_add(pk_verify *v, const char *path, unsigned alg, const char *hex, int64_t bytes,
		  const char *source) WARC_WUR;
/* Kind-specific preparation after pass 1: read metadata, set expectations. */
void pk_wacz_prepare(pk_verify *v);
void pk_bag_prepare(pk_verify *v);
/* Index files (sorted, parseable, naming WARCs that exist) and pages (header, hits). */
void pk_check_indexes(pk_verify *v);
void pk_check_pages(pk_verify *v);
/* Is this entry a WARC whose records get checked? Sets *filename for index lookups. */
bool pk_is_warc_entry(const pk_verify *v, const char *name, const char **filename);

#endif
