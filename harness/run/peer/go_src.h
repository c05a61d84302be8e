/*
 * go_src.h — the Go peer's source (runtimes/go/: every .go file but the tests,
 * linkname.s, go.mod), built into the binary: the Makefile writes
 * $(BUILD)/gen/go_src.c from it, one entry per file. go_build.c writes it out to
 * build the peer with the Go a user names (`run --go PATH`), so that works from
 * any directory and from a binary shipped alone.
 *
 * Declared weak, as gp_templates.h is: a build without the Makefile (fuzz.sh)
 * still links, and then has no source (go_src_files is NULL), which go_build
 * reports as such.
 */
#ifndef COROBENCH_GO_SRC_H
#define COROBENCH_GO_SRC_H

#include <stddef.h>

/* One file. */
typedef struct go_src_file {
	const char *name; /* "main.go"; NULL ends the table */
	const char *text; /* its bytes                      */
	size_t len;       /* their count                    */
} go_src_file;

extern const go_src_file go_src_files[] __attribute__((weak));

#endif
