/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pack.c - 'wark pack': build a WACZ or a BagIt bag from crawl directories,
 * WARC files and extract output (the work is pack_run() in pack/).
 *
 * The process-wide settings that make the output byte-identical live here,
 * because only cmd/ may touch global state: TZ=UTC (ZIP stores local DOS
 * times), a UTF-8 locale (libarchive converts names through it), and the
 * fixed time from SOURCE_DATE_EPOCH.
 */
#include "cmd/cmd.h"
#include "pack/pack.h"

#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static volatile sig_atomic_t pack_stop;

static void on_signal(int sig)
{
	(void)sig;
	pack_stop = 1;
}

void cmd_pack_setup_process(void)
{
	setenv("TZ", "UTC0", 1);
	tzset();
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "");
}

static void help(void)
{
	printf("usage: wark pack [--format wacz|bagit] INPUT... -o OUTPUT\n\n"
	       "Pack WARCs, their regenerated index, a pages list and the extracted text into\n"
	       "one archive. INPUT is a crawl directory (DIR/warc/*.warc.gz, DIR/extract/ or\n"
	       "DIR/text/), a WARC file, or an extract output directory (with pages.jsonl).\n\n"
	       "options:\n"
	       "  -o, --output PATH        NAME.wacz; for bagit NAME.tar.gz, NAME.tar.zst,\n"
	       "                           NAME.zip or a new directory NAME/\n"
	       "  -f, --format FMT         wacz (default) or bagit\n"
	       "  -t, --title TEXT         datapackage.json title (default: the file name)\n"
	       "      --bag-info L=V       add 'L: V' to bag-info.txt (repeatable)\n"
	       "      --zipnum-threshold SIZE\n"
	       "                           index.cdxj above SIZE becomes ZipNum (default %u; 500k,\n"
	       "                           1MB, 1MiB: see 'wark crawl --help')\n"
	       "  -h, --help               this help\n\n"
	       "The same inputs give a byte-identical archive: timestamps come from\n"
	       "SOURCE_DATE_EPOCH when set, else from the newest capture in the WARCs.\n"
	       "Exit: 0 written, 1 packing failed, 2 bad usage or unreadable input.\n",
	       PACK_ZIPNUM_THRESHOLD_DEFAULT);
}

int cmd_pack_run(pack_options *opt)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		errno = 0;
		long long v = strtoll(sde, &end, 10);
		if (errno || *end || v < 0)
			return cmd_usage_error("pack", "SOURCE_DATE_EPOCH must be a number of seconds, not '%s'", sde);
		opt->epoch = v;
	}
	cmd_pack_setup_process();
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	opt->stop = &pack_stop;

	pack_result res;
	warc_error err = { "" };
	int rc = pack_run(opt, &res, &err);
	if (pack_stop) {
		cmd_error("pack", "interrupted; nothing written to %s", opt->output);
		return EXIT_INTERRUPTED;
	}
	if (rc) {
		cmd_error("pack", "%s", err.msg[0] ? err.msg : "packing failed");
		return cmd_exit_status(rc, false);
	}
	printf("%s: %llu WARC file%s, %llu index line%s%s, %llu page%s, %llu files, %llu bytes of input\n",
	       opt->output, (unsigned long long)res.warcs, res.warcs == 1 ? "" : "s",
	       (unsigned long long)res.index_lines, res.index_lines == 1 ? "" : "s", res.zipnum ? " (ZipNum)" : "",
	       (unsigned long long)res.pages, res.pages == 1 ? "" : "s", (unsigned long long)res.files,
	       (unsigned long long)res.bytes);
	return EXIT_OK;
}

void cmd_pack_options_init(pack_options *opt)
{
	memset(opt, 0, sizeof *opt);
	opt->zipnum_threshold = PACK_ZIPNUM_THRESHOLD_DEFAULT;
	opt->epoch = -1;
	opt->software = "wark " WARK_VERSION;
}

int cmd_pack(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "title", required_argument, NULL, 't' },
		{ "bag-info", required_argument, NULL, 'b' },
		{ "zipnum-threshold", required_argument, NULL, 'z' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	pack_options opt;
	cmd_pack_options_init(&opt);
	const char **bag_info = calloc((size_t)argc + 1, sizeof *bag_info);
	if (!bag_info)
		return EXIT_PROBLEMS;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "o:f:t:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			opt.output = optarg;
			break;
		case 'f':
			if (!strcmp(optarg, "wacz"))
				opt.format = PACK_WACZ;
			else if (!strcmp(optarg, "bagit") || !strcmp(optarg, "bag"))
				opt.format = PACK_BAGIT;
			else {
				free(bag_info);
				return cmd_usage_error("pack", "unknown format '%s' (wacz or bagit)", optarg);
			}
			break;
		case 't':
			opt.title = optarg;
			break;
		case 'b':
			bag_info[opt.n_bag_info++] = optarg;
			break;
		case 'z':
			if (cmd_parse_size(optarg, &opt.zipnum_threshold)) {
				free(bag_info);
				return cmd_usage_error("pack", "--zipnum-threshold '%s': expected " CMD_SIZE_FORMS,
						       optarg);
			}
			break;
		case 'h':
			help();
			free(bag_info);
			return EXIT_OK;
		default:
			free(bag_info);
			if (optopt)
				return cmd_usage_error("pack", "option -%c needs a value or is unknown", optopt);
			return cmd_usage_error("pack", "unknown option '%s'", argv[optind - 1]);
		}
	}
	opt.bag_info = bag_info;
	if (optind >= argc) {
		free(bag_info);
		return cmd_usage_error("pack", "no inputs given");
	}
	if (!opt.output) {
		free(bag_info);
		return cmd_usage_error("pack", "no output given (-o NAME.wacz)");
	}
	if (opt.n_bag_info && opt.format != PACK_BAGIT) {
		free(bag_info);
		return cmd_usage_error("pack", "--bag-info needs --format bagit");
	}
	opt.inputs = (const char *const *)(argv + optind);
	opt.n_inputs = (size_t)(argc - optind);
	int status = cmd_pack_run(&opt);
	free(bag_info);
	return status;
}
