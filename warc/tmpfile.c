/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tmpfile.c - an anonymous temporary file for spilled work (sort runs,
 * generated archive members).
 *
 * Created with mkstemp in the directory given (beside the output, so that
 * the space used is the output's) or in $TMPDIR (else /tmp), and unlinked
 * at once: nothing is left behind whatever happens to the process.
 */
#include "warc/warc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int warc_tmpfile(const char *dir, FILE **out, warc_error *err)
{
	*out = NULL;
	if (!dir || !*dir)
		dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	char path[4200];
	if (snprintf(path, sizeof path, "%s/.wark-tmp-XXXXXX", dir) >= (int)sizeof path)
		return warc_fail(err, WARC_ERR_USAGE, "%s: directory name too long", dir);
	int fd = mkstemp(path);
	if (fd < 0)
		return warc_fail(err, WARC_ERR_IO, "%s: cannot create a temporary file: %s", dir, strerror(errno));
	unlink(path);
	*out = fdopen(fd, "w+b");
	if (!*out) {
		close(fd);
		return warc_fail(err, WARC_ERR_IO, "%s: %s", dir, strerror(errno));
	}
	return WARC_OK;
}
