/*
 * verify.c - 'wark verify' (not built yet: reports that plainly).
 */
#include "cmd/cmd.h"

int cmd_verify(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_error("verify", "not implemented yet");
	return EXIT_USAGE;
}
