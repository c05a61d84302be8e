/*
 * main.c — corobench's entry point: dispatches to a subcommand (harness/cli/cmd_*.c).
 * Exit status: whatever the subcommand returns; 2 for an unknown subcommand.
 */
#include <stdio.h>
#include <string.h>

#include "../base/version.h"
#include "command.h"

static void usage(FILE *to)
{
	fprintf(to, "usage: corobench <command> [options]   (corobench <command> --help)\n\n");
	for (int i = 0; i < cmd_count(); i++)
		fprintf(to, "  %-8s %s\n", cmd_at(i)->name, cmd_at(i)->summary);
	fprintf(to, "\n  --version  print the version\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("corobench %s\n", COROBENCH_VERSION);
		return 0;
	}
	const cb_command *c = cmd_find(argv[1]);
	if (!c) {
		fprintf(stderr, "corobench: unknown command '%s' (see corobench --help)\n",
		        argv[1]);
		return 2;
	}
	return c->main(argc - 1, argv + 1);
}
