/*
 * gnuplot.h — gnuplot for the report: finding the chart templates and the
 * gnuplot program, writing a chart's script, rendering it to SVG and PNG.
 *
 * Templates: scripts/<kind>.gp in the repository (readable, reusable by hand:
 * each says at its top which variables it reads). A chart's script under
 * DIR/charts/<name>.gp is a generated preamble (the variables: data file, title,
 * series names, ...) followed by copies of scripts/common.gp and the template,
 * so it runs alone: `cd DIR/charts && gnuplot <name>.gp` re-renders it, and
 * `gnuplot -e "formats='png'" <name>.gp` renders one format only.
 * The templates are looked for in: --scripts DIR, $COROBENCH_SCRIPTS,
 * <directory of the corobench binary>/../scripts, ./scripts.
 *
 * What it promises: a missing gnuplot or missing templates is not an error: the
 * data and scripts are still written (when templates exist), and `why_*` says
 * what is missing so the report can say so. A gnuplot that fails or hangs
 * (GP_TIMEOUT_S) fails that chart only, with the last line of its log.
 */
#ifndef COROBENCH_REPORT_GP_H
#define COROBENCH_REPORT_GP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define GP_TIMEOUT_S 60 /* a chart takes ~0.1 s; 60 s means gnuplot is stuck */

typedef struct gp_env {
	char scripts[4096];       /* templates directory, "" when not found    */
	char why_no_scripts[400]; /* where it looked, when not found           */
	char gnuplot[4096];       /* the gnuplot program, "" when not in PATH  */
	char why_no_gnuplot[200]; /* why charts are not rendered               */
	char charts[4096];        /* DIR/charts: data, scripts, images         */
} gp_env;

/* The first executable `gnuplot` on PATH into out; false when there is none. */
bool gp_find_gnuplot(char *out, size_t len);

/* Finds the templates and gnuplot; creates the charts directory and removes
 * the .dat/.gp/.svg/.png/.log files an earlier report left there. False (err
 * filled) only when the charts directory cannot be made. */
bool gp_init(gp_env *g, const char *outdir, const char *scripts_opt, char *err, size_t errlen);

/* Opens charts/<name>.<ext> for writing (data files). */
FILE *gp_open(const gp_env *g, const char *name, const char *ext, char *err, size_t errlen);

/* Writes charts/<name>.gp: a header, `preamble`, common.gp and <kind>.gp.
 * False with err when the templates are missing or the file cannot be written. */
bool gp_write_script(const gp_env *g, const char *name, const char *kind, const char *preamble,
                     char *err, size_t errlen);

/* Renders charts/<name>.gp for each of n names (gnuplot run in charts/, which
 * writes <name>.svg and <name>.png), GP_PARALLEL at a time: gnuplot spends most
 * of its ~0.5 s start-up waiting, not computing. ok[i] tells whether both images
 * exist and are non-empty afterwards; why[i] (GP_WHY_LEN) says what went wrong:
 * gnuplot absent, failed (its last message; the log is kept as <name>.log), or
 * timed out (GP_TIMEOUT_S). */
#define GP_PARALLEL 4
#define GP_WHY_LEN  300
void gp_render_all(const gp_env *g, const char *const *names, int n, bool *ok,
                   char (*why)[GP_WHY_LEN]);

/* s as a gnuplot double-quoted string literal, quotes included. */
void gp_quote(char *out, size_t len, const char *s);

#endif
