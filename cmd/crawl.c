/*
 * crawl.c - 'wark crawl' (not built yet: reports that plainly).
 */
#include "cmd/cmd.h"

int cmd_crawl(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_error("crawl", "not implemented yet");
	return EXIT_USAGE;
}
