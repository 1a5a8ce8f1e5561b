/* SPDX-License-Identifier: Apache-2.0 */
/*
 * formats.c - which archive format a file name means, in one table.
 *
 * Packing a bag picks its container from the output name (bagit.c) and
 * verification picks its checks from the input name (verify.c); both read
 * this table so that every name pack writes, verify recognises. A .zip is
 * a bag or a WACZ by another name: verify looks inside it.
 */
#include "pack/internal.h"

static const pk_format formats[] = {
	{ ".wacz", PACK_KIND_WACZ, -1, false },
	{ ".tar.gz", PACK_KIND_BAG, PK_SINK_TAR_GZ, false },
	{ ".tgz", PACK_KIND_BAG, PK_SINK_TAR_GZ, false },
	{ ".tar.zst", PACK_KIND_BAG, PK_SINK_TAR_ZST, false },
	{ ".zip", PACK_KIND_BAG, PK_SINK_ZIP, true },
	{ ".tar", PACK_KIND_BAG, -1, false },
	{ ".tar.bz2", PACK_KIND_BAG, -1, false },
	{ ".tar.xz", PACK_KIND_BAG, -1, false },
};

const pk_format *pk_format_of(const char *name)
{
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
		if (warc_ends_with(name, formats[i].ext))
			return &formats[i];
	return NULL;
}
