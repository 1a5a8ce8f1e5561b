/*
 * extract.c - 'wark extract' (not built yet: reports that plainly).
 */
#include "cmd/cmd.h"

int cmd_extract(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_error("extract", "not implemented yet");
	return EXIT_USAGE;
}
