/*
 * atomic_file.h — write a file so that readers see the old complete file or the
 * new complete file, never a half-written one: write to `<path>.tmp.<pid>`, then
 * fflush + fsync + rename over the final name. An aborted write removes the temp.
 */
#ifndef COROBENCH_ATOMIC_FILE_H
#define COROBENCH_ATOMIC_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct atomic_file {
	FILE *f;         /* write here between open and commit */
	char tmp[4096];  /* the temporary name                  */
	char path[4096]; /* the final name                      */
} atomic_file;

/* Returns false with err naming the path and errno's text. */
bool atomic_open(atomic_file *a, const char *path, char *err, size_t errlen);
/* Flushes, syncs, renames; false (temp removed) on any write error. */
bool atomic_commit(atomic_file *a, char *err, size_t errlen);
void atomic_abort(atomic_file *a);

/* Convenience: writes the whole string `text` to path atomically. */
bool atomic_write_string(const char *path, const char *text, char *err, size_t errlen);

#endif
