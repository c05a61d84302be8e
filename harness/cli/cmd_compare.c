/*
 * cmd_compare.c — `corobench compare`: are two sets of results different?
 *
 *   corobench compare DIR_A DIR_B [--metric M] [--csv]
 *   corobench compare DIR --by FIELD=A,B [--metric M] [--csv]
 *
 * The first form matches configurations by key across two results directories
 * (before/after a change, machine A/machine B). The second compares two values
 * of one key field inside one run, where the measurements were interleaved and
 * are most comparable: `--by runtime=pthread,gmp`, `--by chan=go,lockfree`,
 * `--by threads=1,2`, `--by placement=none,spread`, `--by workload=ring,pingpong`.
 * `--by runtime=gmp,go` pairs like for like (report/pairing.h): Go's own
 * channels (chan=go-native) with the C runtimes' go variant, its C port. A
 * field no key has is exit 2 naming it.
 * The table is compare.h's. Exit status: 0 table printed; 2 bad usage or input
 * (missing directory, unreadable CSV, no configuration in common), one line why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../report/compare.h"
#include "../report/safe_text.h"
#include "command.h"

static int compare_main(int argc, char **argv);

static const cb_command cmd_compare = {
    .name = "compare",
    .usage = "compare DIR_A DIR_B [--metric M] [--csv]\n"
             "       corobench compare DIR --by FIELD=A,B [--metric M] [--csv]\n\n"
             "  --by FIELD=A,B  compare two values of one key field inside one run\n"
             "                  (runtime, chan, threads, placement, workload, or a parameter);\n"
             "                  --by runtime=gmp,go pairs Go's go-native with chan=go\n"
             "  --metric M      ns_per_op (default), an <event>/op counter, or metric:<name>\n"
             "  --csv           machine-readable output instead of the table",
    .summary = "significance-tested comparison of two result sets (benchstat-style)",
    .main = compare_main,
};
CMD_REGISTER(cmd_compare)

/* Parses "FIELD=A,B" into its three parts (pointers into buf). */
static bool parse_by(char *buf, cmp_spec *spec)
{
	char *eq = strchr(buf, '=');
	if (!eq || eq == buf)
		return false;
	*eq = '\0';
	char *comma = strchr(eq + 1, ',');
	if (!comma || comma == eq + 1 || !comma[1] || strchr(comma + 1, ','))
		return false;
	*comma = '\0';
	spec->by_field = buf;
	spec->by_a = eq + 1;
	spec->by_b = comma + 1;
	return strcmp(spec->by_a, spec->by_b) != 0;
}

static int compare_main(int argc, char **argv)
{
	cmp_spec spec = {.metric = "ns_per_op", .alpha = 0.05};
	const char *dirs[2];
	int ndirs = 0;
	bool csv = false;
	char bybuf[256] = "";
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help"))
			return cmd_help(&cmd_compare);
		if (!strcmp(a, "--csv")) {
			csv = true;
		} else if (!strcmp(a, "--metric") || !strcmp(a, "--by")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "corobench compare: %s needs a value\n", a);
				return 2;
			}
			if (!strcmp(a, "--metric")) {
				spec.metric = argv[++i];
			} else {
				snprintf(bybuf, sizeof bybuf, "%s", argv[++i]);
				if (!parse_by(bybuf, &spec)) {
					char v[81];
					safe_text(v, sizeof v, argv[i]);
					fprintf(stderr,
					        "corobench compare: --by '%s': expected FIELD=A,B "
					        "with two different values (e.g. "
					        "runtime=pthread,gmp)\n",
					        v);
					return 2;
				}
			}
		} else if (a[0] == '-' && a[1]) {
			char v[81];
			safe_text(v, sizeof v, a);
			fprintf(stderr, "corobench compare: unknown option '%s'\n", v);
			return 2;
		} else if (ndirs == 2) {
			char v[81];
			safe_text(v, sizeof v, a);
			fprintf(stderr, "corobench compare: too many directories ('%s')\n", v);
			return 2;
		} else {
			dirs[ndirs++] = a;
		}
	}
	if (ndirs == 0 || (ndirs == 1 && !spec.by_field) || (ndirs == 2 && spec.by_field)) {
		fprintf(stderr, "corobench compare: %s (see corobench compare --help)\n",
		        ndirs == 0   ? "no results directory given"
		        : ndirs == 1 ? "one directory needs --by FIELD=A,B"
		                     : "--by compares inside one directory; give one");
		return 2;
	}
	static rr_dir da, db; /* ~40 KiB each: static rather than on the stack */
	char err[RR_ERR_LEN];
	if (!results_load(dirs[0], &da, err, sizeof err)) {
		safe_line(stderr, "corobench compare: ", err);
		return 2;
	}
	if (ndirs == 2 && !results_load(dirs[1], &db, err, sizeof err)) {
		safe_line(stderr, "corobench compare: ", err);
		results_free(&da);
		return 2;
	}
	cmp_table t;
	int rc = 0;
	if (!compare_build(&da, ndirs == 2 ? &db : NULL, &spec, &t, err, sizeof err)) {
		safe_line(stderr, "corobench compare: ", err);
		rc = 2;
	} else {
		if (csv)
			compare_print_csv(stdout, &t);
		else
			compare_print(stdout, &t);
		compare_free(&t);
	}
	results_free(&da);
	if (ndirs == 2)
		results_free(&db);
	return rc;
}
