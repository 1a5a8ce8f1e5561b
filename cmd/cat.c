/*
 * cat.c - 'wark cat' (not built yet: reports that plainly).
 */
#include "cmd/cmd.h"

int cmd_cat(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_error("cat", "not implemented yet");
	return EXIT_USAGE;
}
