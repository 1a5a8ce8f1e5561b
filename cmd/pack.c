/*
 * pack.c - 'wark pack' (not built yet: reports that plainly).
 */
#include "cmd/cmd.h"

int cmd_pack(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_error("pack", "not implemented yet");
	return EXIT_USAGE;
}
