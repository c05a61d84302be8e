/*
 * fs.h — two file-system helpers the harness needs in several places: make a
 * directory and its parents (mkdir -p), and remove a tree (rm -rf) without
 * following symlinks. No shell, no exec.
 */
#ifndef COROBENCH_FS_H
#define COROBENCH_FS_H

#include <stdbool.h>
#include <stddef.h>

/* mkdir -p path; false with err naming the directory that could not be made. */
bool fs_mkdirs(const char *path, char *err, size_t errlen);

/* rm -rf path: symlinks are removed, never followed; a missing path is fine. */
void fs_rm_tree(const char *path);

#endif
