/*
 * archive.c - 'wark archive' (not built yet: reports that plainly).
 */
#include "cmd/cmd.h"

int cmd_archive(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_error("archive", "not implemented yet");
	return EXIT_USAGE;
}
