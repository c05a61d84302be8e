/*
 * cmd_claims.c — `corobench claims DIR... [--format text|json] [--brief]
 * [--expect ID=VERDICT]...`: the claims C1-C12 held against one or more
 * results directories (one verdict column per host), the same rows as the
 * report's "Claims checked" (findings/claims.h), without charts or a page.
 *
 * --expect lets a CI job watch a claim: `--expect C7=holds` makes the exit
 * status 1 when C7's verdict on any host is not "holds" (the verdict's words,
 * or with '-' for the spaces: does-not-hold, not-measured, cannot-tell).
 * Exit status: 0 printed (and every --expect met); 1 an --expect not met (one
 * line each on stderr); 2 bad usage or input, one line naming the bad value
 * or file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../report/findings/findings.h"
#include "../report/safe_text.h"
#include "claims_print.h"
#include "command.h"

static int claims_main(int argc, char **argv);

static const cb_command cmd_claims = {
    .name = "claims",
    .usage = "claims DIR... [--format text|json] [--brief] [--expect ID=VERDICT]...\n\n"
             "  DIR...               results directories (several: one verdict column per host)\n"
             "  --format text|json   a table and each claim's evidence (default), or JSON\n"
             "                       (schema: docs/CLAIMS.md)\n"
             "  --brief              the table only (text)\n"
             "  --expect ID=VERDICT  exit 1 unless claim ID has VERDICT on every host; VERDICT\n"
             "                       is holds, does-not-hold, mixed, not-measured, cannot-tell",
    .summary = "the claims C1-C12 about coroutines and channels, held against result dirs",
    .main = claims_main,
};
CMD_REGISTER(cmd_claims)

#define MAX_EXPECT 32

/* One --expect: claim index and the verdict wanted. */
typedef struct expect {
	int idx;      /* 0-based claim */
	rp_verdict v; /* wanted        */
} expect;

/* Parses "C7=holds" (the id in either case). */
static bool parse_expect(const char *s, expect *e)
{
	const char *eq = strchr(s, '=');
	if (!eq)
		return false;
	for (int i = 0; i < RP_NCLAIMS; i++) {
		const char *id = rp_claim_def_at(i)->id;
		if (strlen(id) == (size_t)(eq - s) && !strncasecmp(id, s, strlen(id))) {
			e->idx = i;
			return rp_verdict_parse(eq + 1, &e->v);
		}
	}
	return false;
}

static int bad(const char *what, const char *value)
{
	char v[161];
	safe_text(v, sizeof v, value);
	fprintf(stderr, "corobench claims: %s '%s' (see corobench claims --help)\n", what, v);
	return 2;
}

static int claims_main(int argc, char **argv)
{
	char *dirs[RM_MAX_HOSTS];
	int ndirs = 0, nexp = 0;
	bool json = false, brief = false;
	expect exp[MAX_EXPECT];
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help"))
			return cmd_help(&cmd_claims);
		if (!strcmp(a, "--format") || !strcmp(a, "--expect")) {
			if (i + 1 >= argc)
				return bad("missing value after", a);
			const char *v = argv[++i];
			if (!strcmp(a, "--format")) {
				if (strcmp(v, "text") && strcmp(v, "json"))
					return bad("--format takes text or json, not", v);
				json = !strcmp(v, "json");
			} else if (nexp == MAX_EXPECT) {
				return bad("too many --expect, at", v);
			} else if (!parse_expect(v, &exp[nexp++])) {
				return bad("--expect takes ID=VERDICT (e.g. C7=holds), not", v);
			}
		} else if (!strcmp(a, "--brief")) {
			brief = true;
		} else if (a[0] == '-' && a[1]) {
			return bad("unknown option", a);
		} else if (ndirs == RM_MAX_HOSTS) {
			return bad("too many directories, at", a);
		} else {
			dirs[ndirs++] = argv[i];
		}
	}
	if (ndirs == 0) {
		fprintf(stderr,
		        "corobench claims: no results directory given (see corobench claims "
		        "--help)\n");
		return 2;
	}
	static report_model m;
	static rp_findings f; /* ~2.5 MB: static */
	char err[800];
	if (!rm_load(&m, dirs, ndirs, err, sizeof err)) {
		safe_line(stderr, "corobench claims: ", err);
		return 2;
	}
	rp_findings_make(&m, &f);
	if (json)
		claims_print_json(stdout, &m, &f);
	else
		claims_print_text(stdout, &m, &f, brief);
	int rc = 0;
	for (int k = 0; k < nexp; k++)
		for (int h = 0; h < m.nhosts; h++) {
			const rp_claim *c = claims_row(&f, exp[k].idx, h);
			if (c && c->verdict == exp[k].v)
				continue;
			char line[400];
			snprintf(line, sizeof line, "%s on %s: %s, expected %s",
			         rp_claim_def_at(exp[k].idx)->id, m.hosts[h].label,
			         c ? rp_verdict_name(c->verdict) : "no row",
			         rp_verdict_name(exp[k].v));
			safe_line(stderr, "corobench claims: ", line);
			rc = 1;
		}
	rm_free(&m);
	return rc;
}
