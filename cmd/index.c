/*
 * index.c - 'wark index' (not built yet: reports that plainly).
 */
#include "cmd/cmd.h"

int cmd_index(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_error("index", "not implemented yet");
	return EXIT_USAGE;
}
