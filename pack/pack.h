/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pack.h - packaging web archives: WACZ 1.1.1 and BagIt 1.0 (RFC 8493),
 * and verification of such archives.
 *
 * Design: everything streams. A file is read once, and its digests are
 * computed while its bytes go into the archive (libarchive for ZIP and tar,
 * plain files for a bag directory), so memory stays flat in the size of the
 * WARCs. The generated index and pages go through unlinked temporary files
 * beside the output (the index is sorted in bounded runs and merged); only
 * one small record per HTML page (URL, time, offset) is kept in memory.
 *
 * Invariants:
 *  - Deterministic: the same inputs and the same fixed time give a
 *    byte-identical archive. Entries are written in sorted order, every
 *    entry carries the same mtime, uid/gid 0 and mode 0644/0755, no
 *    host names or user names. (ZIP DOS times are local time: the caller
 *    sets TZ=UTC, see cmd/pack.c.)
 *  - Atomic: output is written under a temporary name in the target's
 *    directory, fsync'ed and renamed; a failed or interrupted pack leaves
 *    nothing under the final name.
 *  - Verification never writes outside a private temporary directory and
 *    never uses names from the archive to build paths.
 */
#ifndef WARK_PACK_H
#define WARK_PACK_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "warc/warc.h"

/* ---- Packing ----------------------------------------------------------- */

typedef enum pack_format { PACK_WACZ = 0, PACK_BAGIT = 1 } pack_format;

typedef struct pack_options {
	pack_format format;
	/*
	 * Output path. WACZ: NAME.wacz. BagIt: NAME.tar.gz, NAME.tar.zst,
	 * NAME.zip (one top-level directory NAME/ inside), or a new directory
	 * (path ending in '/'; an existing one is refused).
	 */
	const char *output;
	/*
	 * Inputs: crawl directories (DIR/warc/ *.warc.gz, DIR/extract/ or
	 * DIR/text/ bundle; DIR/index.cdxj is ignored, the index is regenerated),
	 * WARC files (.warc, .warc.gz), and extract output directories (holding
	 * pages.jsonl).
	 */
	const char *const *inputs;
	size_t n_inputs;
	const char *title;            /* datapackage title; NULL = output base name */
	const char *software;         /* e.g. "wark 0.1.0" */
	/* BagIt: extra bag-info.txt fields as "LABEL=VALUE" strings, in order. */
	const char *const *bag_info;
	size_t n_bag_info;
	/* Fixed time for every timestamp (SOURCE_DATE_EPOCH); < 0 = the crawl's end
	 * time (newest capture). The caller sets TZ=UTC for ZIP's local DOS times. */
	int64_t epoch;
	/* index.cdxj larger than this becomes ZipNum (index.cdx.gz + index.idx). */
	uint64_t zipnum_threshold;
	/* Index bytes sorted in memory before a run spills to a temporary file; 0 = 64 MiB. */
	uint64_t index_run_bytes;
	/* Set asynchronously (signal handler) to abandon the pack; may be NULL. */
	volatile sig_atomic_t *stop;
} pack_options;

typedef struct pack_result {
	uint64_t warcs;         /* WARC files packed */
	uint64_t files;         /* entries written (not counting directories) */
	uint64_t bytes;         /* payload bytes read from inputs */
	uint64_t index_lines;
	uint64_t pages;
	bool zipnum;            /* the index was written as ZipNum */
} pack_result;

/* Build the archive. Returns WARC_OK, WARC_ERR_USAGE (bad inputs/names),
 * WARC_ERR_NOTFOUND (an input or the output's directory does not exist),
 * WARC_ERR_NOSPACE (the disk filled), WARC_ERR_IO, or another warc_status;
 * err names the file concerned. */
int pack_run(const pack_options *opt, pack_result *res, warc_error *err) WARC_WUR;

/* ---- Verification ------------------------------------------------------ */

typedef enum pack_kind { PACK_KIND_NONE = 0, PACK_KIND_WACZ, PACK_KIND_BAG } pack_kind;

/*
 * What a path looks like, from its name and (for directories and .zip) its
 * contents: a .wacz, a serialised bag (.tar, .tar.gz, .tgz, .tar.zst, a .zip
 * holding bagit.txt), a directory with bagit.txt, or neither.
 */
pack_kind pack_detect(const char *path);

/* Called once per problem; where = entry name or "" for the whole archive. */
typedef void (*pack_problem_fn)(void *ctx, const char *where, bool is_warning, const char *msg);

typedef struct pack_verify_options {
	bool skip_records;       /* do not run warc_verify_file on the WARCs */
	const char *tmpdir;      /* where the private temp dir goes; NULL = $TMPDIR or /tmp */
	volatile sig_atomic_t *stop;
} pack_verify_options;

typedef struct pack_verify_result {
	pack_kind kind;
	uint64_t files;           /* regular entries seen */
	uint64_t bytes;           /* their bytes */
	uint64_t hashes_checked;
	uint64_t index_lines;
	uint64_t pages;
	uint64_t warc_records;
	uint64_t problems;
	uint64_t warnings;
} pack_verify_result;

/*
 * Check an archive: container structure (names, types, ZIP methods),
 * every size and hash against datapackage.json / the manifests (nothing
 * missing, nothing extra), the datapackage digest, Payload-Oxum, the pages
 * header and that every page hits an index entry, that the index is sorted
 * and its offsets land on records of the right URL, then every WARC
 * record's digests. Returns WARC_OK when the archive could be examined (see
 * result->problems), WARC_ERR_IO or WARC_ERR_NOTFOUND when it cannot be
 * opened, WARC_ERR_USAGE when it is not a WACZ or bag at all.
 */
int pack_verify(const char *path, const pack_verify_options *opt, pack_problem_fn fn, void *ctx,
		pack_verify_result *res, warc_error *err) WARC_WUR;

/* ---- Limits -------------------------------------------------------------- */

/* Every limit of pack/, named once; SPEC.md section 5 "Limits" lists them. */

/* Packing */
#define PACK_LIMIT_GENERATED (1ull << 31)       /* an index, pages or manifest file: larger fails (and in verify) */
#define PACK_LIMIT_TAG_FILE (1u << 20)          /* bagit.txt, bag-info.txt, a tag manifest, datapackage.json */
#define PACK_ZIPNUM_THRESHOLD_DEFAULT (1u << 20)  /* index.cdxj size above which ZipNum is written instead */
#define PACK_ZIPNUM_BLOCK_LINES 1024            /* CDXJ lines per ZipNum block */
#define PACK_INPUT_FILES_MAX 1000000            /* files gathered from the inputs: more is WARC_ERR_TOOBIG */
#define PACK_BUNDLE_DEPTH_MAX 4                 /* directory nesting of a text bundle input: deeper is refused */
#define PACK_BUNDLE_LINE_MAX (64u << 20)        /* one pages.jsonl line of a text bundle: longer fails the pack */
#define PACK_BUNDLE_TEXT_MAX (16u << 20)        /* one text file of a text bundle: longer is not used */
#define PACK_TITLE_BODY_MAX (256u << 10)        /* bytes of a page body searched for its <title> */
#define PACK_TITLE_MAX 500u                     /* a page title is cut once it reaches this many bytes */

/* Verifying */
#define PACK_VERIFY_ENTRIES_MAX 1000000u        /* entries of a ZIP or bag directory: more is refused */
#define PACK_VERIFY_BAG_DEPTH_MAX 32            /* directory nesting of a bag: deeper is refused */
#define PACK_VERIFY_ZIP_CD_MAX (512u << 20)     /* bytes of a ZIP central directory: larger is refused */
#define PACK_VERIFY_METADATA_MAX (64u << 20)    /* datapackage.json, bagit.txt, bag-info.txt, fetch.txt read */
#define PACK_VERIFY_METADATA_TOTAL (2ull << 30) /* all metadata files read: more is a problem */
#define PACK_VERIFY_BOMB_RATIO 100              /* bytes inflated per archive byte before "bomb" ... */
#define PACK_VERIFY_BOMB_FLOOR (1ull << 30)     /* ... but never below this */
#define PACK_ZIPNUM_BLOCK_MAX (256u << 20)      /* one ZipNum block inflated: larger is a problem */

#endif
