/* machine_opts.c — see machine_opts.h. */
#include "machine_opts.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../base/parse.h"

static const struct {
	struct option opt; /* getopt_long entry; .val is the flag below */
	unsigned flag;     /* MO_* bit that admits it                    */
} table[] = {
    {{"topology", required_argument, NULL, MO_TOPOLOGY}, MO_TOPOLOGY},
    {{"synthetic", required_argument, NULL, MO_SYNTHETIC}, MO_SYNTHETIC},
    {{"cpukind", required_argument, NULL, MO_CPUKIND}, MO_CPUKIND},
    {{"placement", required_argument, NULL, MO_PLACEMENT}, MO_PLACEMENT},
    {{"threads", required_argument, NULL, MO_THREADS}, MO_THREADS},
    {{"out", required_argument, NULL, MO_OUT}, MO_OUT},
    {{"samples", required_argument, NULL, MO_SAMPLES}, MO_SAMPLES},
    {{"cpus", required_argument, NULL, MO_CPUS}, MO_CPUS},
};
#define NOPTS (sizeof table / sizeof table[0])

static const char **slot(machine_opts *o, int flag)
{
	switch (flag) {
	case MO_TOPOLOGY:
		return &o->topology;
	case MO_SYNTHETIC:
		return &o->synthetic;
	case MO_CPUKIND:
		return &o->cpukind;
	case MO_PLACEMENT:
		return &o->placement;
	case MO_THREADS:
		return &o->threads;
	case MO_OUT:
		return &o->out;
	case MO_SAMPLES:
		return &o->samples;
	default:
		return &o->cpus;
	}
}

int mo_parse(int argc, char **argv, unsigned accept, machine_opts *o, char *err, size_t errlen)
{
	memset(o, 0, sizeof *o);
	struct option longs[NOPTS + 2];
	int n = 0;
	for (size_t i = 0; i < NOPTS; i++)
		if (accept & table[i].flag)
			longs[n++] = table[i].opt;
	longs[n++] = (struct option){"help", no_argument, NULL, 'h'};
	longs[n] = (struct option){NULL, 0, NULL, 0};
	char shorts[16] = ":h";
	if (accept & MO_PLACEMENT)
		strcat(shorts, "p:");
	if (accept & MO_THREADS)
		strcat(shorts, "t:");
	opterr = 0;
	optind = 1;
	int c;
	char q[72];
	while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		if (c == 'h')
			return 1;
		if (c == 'p' || c == 't')
			c = c == 'p' ? MO_PLACEMENT : MO_THREADS;
		if (c == ':') {
			parse_quote(argv[optind - 1], q, sizeof q);
			snprintf(err, errlen, "option '%s' needs a value", q);
			return 2;
		}
		if (c == '?') {
			parse_quote(argv[optind - 1], q, sizeof q);
			snprintf(err, errlen, "unknown option '%s' (see corobench %s --help)", q,
			         argv[0]);
			return 2;
		}
		*slot(o, c) = optarg;
	}
	if (optind < argc) {
		parse_quote(argv[optind], q, sizeof q);
		snprintf(err, errlen, "unexpected argument '%s'", q);
		return 2;
	}
	if (o->topology && o->synthetic) {
		snprintf(err, errlen, "--topology and --synthetic are exclusive: give one");
		return 2;
	}
	return 0;
}
