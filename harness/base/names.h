/*
 * names.h — choosing names from a known set the way a user types them: shell
 * globs (fnmatch: `*`, `?`, `[...]`), case-insensitive, and when nothing
 * matches, the closest known names to suggest ("did you mean pingpong?").
 *
 * What it promises
 *   - names_match: which of the known names a pattern selects, case folded
 *     (FNM_CASEFOLD), so `PingPong`, `ping*` and `p?ngpong` select pingpong.
 *   - names_distance: the optimal-string-alignment edit distance (Levenshtein
 *     plus the transposition of two neighbours, so `pingpnog` is 1 from
 *     `pingpong`), case folded; pure, O(len(a) * len(b)), at most 256 bytes of
 *     each compared (longer strings are cut there).
 *   - names_suggest: up to three known names within a distance of
 *     max(2, len/3) of what was typed, closest first, written as "a, b" into
 *     out; "" when none is that close (a suggestion far from the typo misleads).
 *     For a glob, the distance is taken from the pattern without its
 *     metacharacters.
 * Nothing here allocates, prints or fails on any input.
 */
#ifndef COROBENCH_NAMES_H
#define COROBENCH_NAMES_H

#include <stdbool.h>
#include <stddef.h>

/* Does the pattern contain a glob metacharacter (`*`, `?`, `[`)? */
bool names_is_glob(const char *pattern);

/* Sets selected[i] (not clearing the others) for every known[i] the pattern
 * matches, case-insensitively; returns how many it matched. */
int names_match(const char *pattern, const char *const *known, int n, bool *selected);

/* Case-insensitive optimal-string-alignment distance. */
int names_distance(const char *a, const char *b);

/* The closest known names to `typed` ("" when none is close enough). */
void names_suggest(const char *typed, const char *const *known, int n, char *out, size_t len);

#endif
