/*
 * cmd_export.c — `corobench export DIR [--format json|markdown|csv]`: a results
 * directory as one document on stdout (report/export.h; the JSON schema is in
 * docs/RESULTS.md): JSON for other tools, a markdown table to paste into a
 * report, CSV for a spreadsheet. Default format: json.
 * Exit status: 0 written; 2 bad usage or a directory that does not load (one
 * line naming the file and, for a bad row, its line).
 */
#include <stdio.h>
#include <string.h>

#include "../report/export.h"
#include "../report/safe_text.h"
#include "command.h"

static int export_main(int argc, char **argv);

static const cb_command cmd_export = {
    .name = "export",
    .usage = "export DIR [--format json|markdown|csv]\n\n"
             "  --format F   json (default): configurations with their medians, intervals,\n"
             "               repetitions and flags for every metric, skipped and failed\n"
             "               ones, and env.json (docs/RESULTS.md, \"export\");\n"
             "               markdown: the ns/op table to paste into a report;\n"
             "               csv: one row per configuration and metric\n"
             "Everything goes to stdout; every number is computed from runs.csv.",
    .summary = "a results directory as JSON, a markdown table or CSV on stdout",
    .main = export_main,
};
CMD_REGISTER(cmd_export)

static int export_main(int argc, char **argv)
{
	const char *dir = NULL, *format = "json";
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		char v[81];
		if (!strcmp(a, "-h") || !strcmp(a, "--help"))
			return cmd_help(&cmd_export);
		if (!strcmp(a, "--format") || !strncmp(a, "--format=", 9)) {
			if (a[8] == '=') {
				format = a + 9;
			} else if (i + 1 < argc) {
				format = argv[++i];
			} else {
				fprintf(stderr, "corobench export: --format needs a value (json, "
				                "markdown or csv)\n");
				return 2;
			}
			continue;
		}
		safe_text(v, sizeof v, a);
		if (a[0] == '-' && a[1]) {
			fprintf(stderr,
			        "corobench export: unknown option '%s' (see corobench export "
			        "--help)\n",
			        v);
			return 2;
		}
		if (dir) {
			fprintf(stderr,
			        "corobench export: one directory at a time ('%s' is a second)\n",
			        v);
			return 2;
		}
		dir = a;
	}
	export_format fmt;
	if (!export_format_parse(format, &fmt)) {
		char v[81];
		safe_text(v, sizeof v, format);
		fprintf(stderr, "corobench export: bad --format '%s': json, markdown or csv\n", v);
		return 2;
	}
	if (!dir) {
		fprintf(stderr,
		        "corobench export: no results directory given (see corobench export "
		        "--help)\n");
		return 2;
	}
	static rr_dir d; /* ~40 KiB: static rather than on the stack */
	char err[RR_ERR_LEN];
	if (!results_load(dir, &d, err, sizeof err)) {
		safe_line(stderr, "corobench export: ", err);
		return 2;
	}
	int rc = 0;
	if (!export_write(stdout, &d, fmt, err, sizeof err)) {
		safe_line(stderr, "corobench export: ", err);
		rc = 2;
	}
	results_free(&d);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "corobench export: cannot write to stdout\n");
		rc = rc ? rc : 1;
	}
	return rc;
}
