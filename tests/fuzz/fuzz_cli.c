/*
 * fuzz_cli.c — fuzz target for the command-line parsers (harness/cli/parse.h and
 * run_options.h). The input is split at NUL bytes into argv words for
 * `corobench run`, and also fed whole to parse_int / parse_list / parse_int_list.
 * Invariants: no crash, no leak, a failure always comes with a message, a success
 * respects the requested range.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../harness/base/parse.h"
#include "../../harness/cli/run/run_options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	char err[PARSE_ERR_LEN] = "";
	int64_t v;
	if (parse_int(text, -1000, 1000000, "-n", &v, err, sizeof err)) {
		if (v < -1000 || v > 1000000)
			abort();
	} else if (!err[0]) {
		abort();
	}
	char **items;
	int n;
	err[0] = '\0';
	if (parse_list(text, "-w", &items, &n, err, sizeof err))
		parse_list_free(items, n);
	else if (!err[0])
		abort();
	int64_t *vals;
	if (parse_int_list(text, 1, 1024, "-t", &vals, &n, err, sizeof err))
		free(vals);

	/* argv: "run" + the NUL-separated words */
	char *argv[64];
	int argc = 0;
	argv[argc++] = "run";
	for (size_t i = 0; i < size && argc < 63;) {
		argv[argc++] = text + i;
		i += strlen(text + i) + 1;
	}
	argv[argc] = NULL;
	run_options o;
	char err2[512] = "";
	int rc = run_options_parse(argc, argv, &o, err2, sizeof err2);
	if (rc == 0)
		run_options_free(&o);
	else if (rc == 2 && !err2[0])
		abort();
	free(text);
	return 0;
}
