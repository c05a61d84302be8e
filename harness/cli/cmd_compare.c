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
 * The table is compare.h's. `--baseline NAME DIR` compares DIR against a baseline
 * kept by `corobench baseline save` (results/baseline.h); `--fail-on-regression
 * PCT` adds the CI gate's verdict (report/gate.h). A note says first when the two
 * ran on different machines or builds (report/env_diff.h).
 * Exit status: 0 table printed (and the gate, if asked, passed); 1 the gate found
 * a regression; 2 bad usage or input (missing directory or baseline, unreadable
 * CSV, no configuration in common), one line why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/status.h"
#include "../report/compare.h"
#include "../report/env_diff.h"
#include "../report/gate.h"
#include "../report/safe_text.h"
#include "../results/baseline.h"
#include "command.h"

static int compare_main(int argc, char **argv);

static const cb_command cmd_compare = {
    .name = "compare",
    .usage = "compare DIR_A DIR_B [--metric M] [--csv] [--fail-on-regression PCT]\n"
             "       corobench compare --baseline NAME DIR [--fail-on-regression PCT]\n"
             "       corobench compare DIR --by FIELD=A,B [--metric M] [--csv]\n\n"
             "  --by FIELD=A,B  compare two values of one key field inside one run\n"
             "                  (runtime, chan, threads, placement, workload, or a parameter);\n"
             "                  --by runtime=gmp,go pairs Go's go-native with chan=go\n"
             "  --metric M      ns_per_op (default), an <event>/op counter, or metric:<name>\n"
             "  --csv           machine-readable output instead of the table\n"
             "  --baseline NAME  side A is the baseline NAME (corobench baseline save);\n"
             "                  give one directory, side B\n"
             "  --fail-on-regression PCT  exit 1 when a configuration of B is slower than\n"
             "                  A by more than PCT (e.g. 5%): one-sided Mann-Whitney,\n"
             "                  Holm-corrected over the configurations, and the 95% CI of\n"
             "                  B/A wholly above 1 + PCT (report/gate.h); the verdict goes\n"
             "                  to stdout (stderr with --csv)\n"
             "When A and B ran on different machines, compilers or Gos, it says so first.",
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
	const char *baseline = NULL; /* --baseline NAME */
	double gate_pct = -1;        /* --fail-on-regression, as a fraction */
	char gerr[4600];
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help"))
			return cmd_help(&cmd_compare);
		if (!strcmp(a, "--csv")) {
			csv = true;
		} else if (!strcmp(a, "--baseline") || !strcmp(a, "--fail-on-regression")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "corobench compare: %s needs a value\n", a);
				return 2;
			}
			if (!strcmp(a, "--baseline")) {
				baseline = argv[++i];
			} else if (!gate_parse_pct(argv[++i], &gate_pct, gerr, sizeof gerr)) {
				fprintf(stderr, "corobench compare: %s\n", gerr);
				return 2;
			}
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
	/* --baseline NAME DIR: the baseline is side A */
	static char basedir[4400];
	if (baseline) {
		if (ndirs != 1 || spec.by_field) {
			fprintf(stderr,
			        "corobench compare: --baseline NAME takes one directory, side "
			        "B (and no --by)\n");
			return 2;
		}
		if (baseline_path(baseline, basedir, sizeof basedir, gerr, sizeof gerr) != CB_OK) {
			safe_line(stderr, "corobench compare: ", gerr);
			return 2;
		}
		dirs[1] = dirs[0];
		dirs[0] = basedir;
		ndirs = 2;
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
		if (ndirs == 2) /* a different machine or build first: it may explain all */
			env_diff_print(csv ? stderr : stdout, &da, &db);
		if (csv)
			compare_print_csv(stdout, &t);
		else
			compare_print(stdout, &t);
		if (gate_pct > 0 && gate_report(csv ? stderr : stdout, &t, gate_pct))
			rc = 1;
		compare_free(&t);
	}
	results_free(&da);
	if (ndirs == 2)
		results_free(&db);
	return rc;
}
