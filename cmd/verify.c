/*
 * verify.c - 'wark verify' (not built yet: reports that plainly).
 */
#include "cmd/cmd.h"

int cmd_verify(int argc, char **argv)
{
	/* archives (WACZ, bags) are checked by cmd/verify_archive.c */
	if (cmd_verify_wants_archives(argc, argv))
		return cmd_verify_archives(argc, argv);
	(void)argc;
	(void)argv;
	cmd_error("verify", "not implemented yet");
	return EXIT_USAGE;
}
