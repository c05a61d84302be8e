/*
 * counter_spec.h — which counters to take: `--counters LIST` parsed and encoded.
 *
 * What it is for
 *   The parent parses `--counters` before anything forks, so bad input is exit 2
 *   and a forked child gets a ready spec (plain memory, no pointers). Each item of
 *   LIST is either a named set (like LIKWID's groups) or any libpfm4 event string:
 *
 *     default  cycles, instructions, branch-misses, LLC-load-misses, task-clock,
 *              ctx-switches, cpu-migrations, page-faults
 *     sw       the software ones: task-clock, ctx-switches, cpu-migrations, page-faults
 *     none     no counters (alone only)
 *     EVENT    a libpfm4 string: `cycles`, `instructions:u`, `LLC-LOAD-MISSES`,
 *              `perf::CONTEXT-SWITCHES`, a raw `r01c2`, a PMU event `INST_RETIRED:ANY_P`
 *
 *   Names go through libpfm4 (pfm_get_os_event_encoding, PFM_OS_PERF_EVENT_EXT);
 *   the default privilege level is user + kernel (a context switch, a page fault
 *   and the kernel half of a futex round trip are part of what a runtime costs),
 *   `:u` on an event asks for user space only.
 *
 * Names (labels)
 *   An event's label names its column (`<label>/op`), protocol key (`ctr.<label>`)
 *   and benchstat unit, so it is canonical: the perf generic events get perf's
 *   short names whatever the spelling (`cs`, `context-switches` and
 *   `perf::CONTEXT-SWITCHES` are all `ctx-switches`; `LLC-LOAD-MISSES` is
 *   `LLC-load-misses`), with `:u` / `:k` appended for user-only / kernel-only.
 *   Any other event keeps the string it was given, with characters outside
 *   [A-Za-z0-9_.:+-] replaced by `_` (so `=`, `/`, `,` and spaces never reach a
 *   key=value record, a CSV header or a benchstat unit).
 *
 * What it promises
 *   - ctr_spec_parse fails with one line naming the bad value for: an empty list or
 *     item, an unknown name that libpfm4 cannot encode, `none` with anything else,
 *     an event given twice (also under two spellings: same encoding, or same
 *     label), more than CTR_MAX_EVENTS events.
 *   - An event of a named set that libpfm4 cannot encode on this machine is kept,
 *     with encoded = false and libpfm4's error in why: it becomes the status
 *     `not-encodable`, and the run goes on (degrade, don't die). A string the
 *     user typed that cannot be encoded is bad input (exit 2).
 *   - Encoding success is not availability: counters.c tries to open each event.
 */
#ifndef COROBENCH_COUNTER_SPEC_H
#define COROBENCH_COUNTER_SPEC_H

#include <stdbool.h>
#include <stddef.h>

#include <linux/perf_event.h>

#include "counter_status.h"

/* default has 8; a PMU counts 4-8 at once, so 16 multiplexes at most ~4x; and 16
 * counters + their ratios + a rep record's ~10 other fields stay well inside the
 * child protocol's 64 fields per record (protocol.h) */
#define CTR_MAX_EVENTS 16
#define CTR_NAME_LEN   64  /* label: the longest perf generic name is 25 chars             */
#define CTR_STR_LEN    128 /* an event string as typed                                     */
#define CTR_FSTR_LEN   256 /* libpfm4's fully qualified string (perf::...:u=1:k=1:...)    */

/* One event to count. */
typedef struct ctr_event {
	char name[CTR_NAME_LEN];     /* label: column `<name>/op`, key `ctr.<name>`          */
	char str[CTR_STR_LEN];       /* the libpfm4 string it was encoded from               */
	char fstr[CTR_FSTR_LEN];     /* libpfm4's fully qualified string (for env.json)      */
	bool encoded;                /* attr is valid                                        */
	bool hw;                     /* needs a PMU counter (not a software event)           */
	struct perf_event_attr attr; /* the encoding; counters.c adds read_format etc.       */
	char why[CTR_WHY_LEN];       /* when !encoded: libpfm4's error                       */
} ctr_event;

/* A parsed --counters LIST. Plain memory: a forked child uses the parent's copy. */
typedef struct ctr_spec {
	int n;                        /* events; 0 for `none`                    */
	ctr_event ev[CTR_MAX_EVENTS]; /* in the order given, sets expanded       */
} ctr_spec;

/* A named set. */
typedef struct ctr_named_set {
	const char *name;          /* `default`, `sw`, `none`              */
	const char *description;   /* one line for `corobench list`        */
	const char *const *events; /* libpfm4 strings, NULL-terminated     */
} ctr_named_set;

int ctr_named_set_count(void);
const ctr_named_set *ctr_named_set_at(int i);
const ctr_named_set *ctr_named_set_find(const char *name); /* NULL if none */

/* Parses LIST (see above). `what` names the option in messages ("--counters"). */
bool ctr_spec_parse(const char *list, const char *what, ctr_spec *out, char *err, size_t errlen);

/* Encodes one libpfm4 string into ev (name, str, fstr, hw, attr). Returns true on
 * success; false with libpfm4's error in ev->why (ev->name is still set from the
 * string, so a not-encodable event has a column name). */
bool ctr_encode(const char *str, ctr_event *ev);

/* The PMUs libpfm4 found on this machine, comma separated ("perf, perf_raw" in a
 * VM; "perf, perf_raw, amd64_fam19h_zen3" on a Zen 3). Truncated to fit. */
void ctr_pmus_present(char *out, size_t outlen);

/* libpfm4's API version as "4.0" (pfm_get_version: not the package version) (for env.json);
 * "unknown" if it failed to start. */
void ctr_libpfm_version(char *out, size_t outlen);

#endif
