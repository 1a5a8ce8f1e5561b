/*
 * ls.c - 'wark ls' (not built yet: reports that plainly).
 */
#include "cmd/cmd.h"

int cmd_ls(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_error("ls", "not implemented yet");
	return EXIT_USAGE;
}
