/*
 * machine_opts.h — the options `plan`, `topo` and `c2c` share: which topology
 * (--topology FILE.xml, --synthetic S), which CPU kind (--cpukind K), and the
 * one-line getopt error messages.
 *
 * What it promises: mo_parse recognises only the options the caller lists in
 * `accept` (other commands' options are "unknown" there), fills a machine_opts,
 * and on bad input returns 2 with one line in err naming the option or value;
 * 1 for --help; 0 otherwise. The caller's own options come back through `extra`.
 */
#ifndef COROBENCH_MACHINE_OPTS_H
#define COROBENCH_MACHINE_OPTS_H

#include <stdbool.h>
#include <stddef.h>

enum {
	MO_TOPOLOGY = 1u << 0,  /* --topology FILE.xml        */
	MO_SYNTHETIC = 1u << 1, /* --synthetic "pack:2 ..."   */
	MO_CPUKIND = 1u << 2,   /* --cpukind K                */
	MO_PLACEMENT = 1u << 3, /* -p/--placement P           */
	MO_THREADS = 1u << 4,   /* -t/--threads N             */
	MO_OUT = 1u << 5,       /* --out DIR                  */
	MO_SAMPLES = 1u << 6,   /* --samples N                */
	MO_CPUS = 1u << 7,      /* --cpus LIST                */
};

typedef struct machine_opts {
	const char *topology;  /* --topology, NULL: this system or --synthetic */
	const char *synthetic; /* --synthetic, NULL when not given            */
	const char *cpukind;   /* --cpukind, NULL when not given              */
	const char *placement; /* -p, NULL when not given                     */
	const char *threads;   /* -t as given, NULL when not given            */
	const char *out;       /* --out, NULL when not given                  */
	const char *samples;   /* --samples as given, NULL when not given     */
	const char *cpus;      /* --cpus as given, NULL when not given        */
} machine_opts;

/* Parses argv (argv[0] is the command name) for the options in `accept`. */
int mo_parse(int argc, char **argv, unsigned accept, machine_opts *o, char *err, size_t errlen);

#endif
