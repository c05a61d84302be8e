/*
 * cmd_report.c — `corobench report DIR... [--out DIR] [--scripts DIR]`: charts,
 * data, gnuplot scripts and report.html from one or more results directories
 * (report.h). Several directories are shown side by side, keyed by host; their
 * report goes to --out, by default <parent of the first>/report-<host>-<host>.
 * The last line on stdout is "report: <path of report.html>".
 * Exit status: 0 written (even when gnuplot is missing: the output says so);
 * 2 bad usage or input, one line naming the bad value or file.
 */
#include <stdio.h>
#include <string.h>

#include "../report/report.h"
#include "../report/safe_text.h"
#include "command.h"

static int report_main(int argc, char **argv);

static const cb_command cmd_report = {
    .name = "report",
    .usage = "report DIR... [--out DIR] [--scripts DIR]\n\n"
             "  DIR...         results directories (several: side by side, keyed by host)\n"
             "  --out DIR      where charts/ and report.html go (default: DIR itself;\n"
             "                 several DIRs: <parent of the first>/report-<hostA>-<hostB>)\n"
             "  --scripts DIR  take the chart templates from DIR (default: the ones built\n"
             "                 into this binary from scripts/*.gp)",
    .summary = "charts (SVG, PNG) and report.html from one or more result dirs",
    .main = report_main,
};
CMD_REGISTER(cmd_report)

static int report_main(int argc, char **argv)
{
	report_opts o = {0};
	char *dirs[RM_MAX_HOSTS];
	int ndirs = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help"))
			return cmd_help(&cmd_report);
		if (!strcmp(a, "--out") || !strcmp(a, "--scripts")) {
			if (i + 1 >= argc || !argv[i + 1][0]) {
				fprintf(stderr, "corobench report: %s needs a directory\n", a);
				return 2;
			}
			*(!strcmp(a, "--out") ? &o.out : &o.scripts) = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			char v[81];
			safe_text(v, sizeof v, a);
			fprintf(stderr, "corobench report: unknown option '%s'\n", v);
			return 2;
		} else if (ndirs == RM_MAX_HOSTS) {
			char v[81];
			safe_text(v, sizeof v, a);
			fprintf(stderr, "corobench report: more than %d directories ('%s')\n",
			        RM_MAX_HOSTS, v);
			return 2;
		} else {
			dirs[ndirs++] = argv[i];
		}
	}
	if (ndirs == 0) {
		fprintf(stderr,
		        "corobench report: no results directory given (see corobench report "
		        "--help)\n");
		return 2;
	}
	char html[4200];
	return report_run(dirs, ndirs, &o, html, sizeof html);
}
