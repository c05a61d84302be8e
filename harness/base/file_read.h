/*
 * file_read.h — read a whole file into memory, for the readers of a results
 * directory (CSV, JSON, .hgrm, SVG/PNG embedding).
 *
 * What it promises: the buffer is NUL-terminated (so text parsers may stop at the
 * NUL) and its length excludes that NUL; a missing, unreadable or oversized file is
 * an error naming the path and the reason. Nothing is allocated on failure.
 */
#ifndef COROBENCH_FILE_READ_H
#define COROBENCH_FILE_READ_H

#include <stdbool.h>
#include <stddef.h>

bool file_read_all(const char *path, size_t max, char **buf, size_t *len, char *err, size_t errlen);

/* True when path exists and is a directory. */
bool file_is_dir(const char *path);
/* True when path exists (any type). */
bool file_exists(const char *path);
/* 0 when path exists, else stat's errno: ENOENT (absent) told apart from
 * EACCES (there may be a file this user cannot see) and the rest. */
int file_stat_errno(const char *path);
/* "permission denied" for EACCES/EPERM (what a user must fix is the
 * permissions, not a missing file), strerror's text otherwise. */
const char *file_errtext(int errnum);

#endif
