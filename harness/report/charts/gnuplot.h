/*
 * gnuplot.h — gnuplot for the report: the chart templates, the gnuplot
 * program, writing a chart's script, rendering it to SVG and PNG, and putting
 * the charts in place.
 *
 * Templates: scripts/<kind>.gp in the repository (readable, reusable by hand:
 * each says at its top which variables it reads), built into the binary by the
 * Makefile (gp_templates.h), so `corobench report` finds them from any
 * directory and as a binary copied elsewhere. `--scripts DIR` (gp_init's
 * scripts_opt) takes them from DIR instead; nothing else is ever looked at (not
 * ./scripts, not an environment variable: a results tree or a working
 * directory must not be able to hand corobench a gnuplot file to run).
 * A chart's script DIR/charts/<name>.gp is a generated preamble (the variables:
 * data file, title, series names, ...) followed by copies of common.gp and the
 * template, so it runs alone: `cd DIR/charts && gnuplot <name>.gp` re-renders
 * it, and `gnuplot -e "formats='png'" <name>.gp` renders one format only.
 *
 * Text from the results never reaches gnuplot as code. gnuplot runs the text
 * between backquotes of a command line and expands @macros, except inside
 * single-quoted strings, where a backslash is an ordinary character and '' is
 * a quote (gnuplot 5.4, "help quotes", "help backquotes", "help macros"); a
 * newline would end the command. So:
 *   - in a script, a text is only ever a single-quoted literal written by
 *     gp_str (safe_text.h's rule first: no control character, no newline, no
 *     invalid UTF-8; then ' doubled), assigned to a variable; the templates
 *     use such variables as values (titles, labels), never with `eval`, `@`,
 *     `system` or as a format;
 *   - labels of the x axis are data: a column of the .dat file read with
 *     xtic(), written by gp_datastr (gnuplot reads data-file strings with C
 *     escapes and no substitution; a " cannot be inside one and is written as
 *     ', a \ is doubled); comment lines in data files go through safe_text.
 * Everything else in a preamble is a number or a constant of the code.
 *
 * Rendering never destroys what it cannot replace: the report writes its data,
 * scripts and images into a fresh staging directory (DIR/.charts-XXXXXX) and
 * gp_commit moves them into DIR/charts/ only when every chart rendered, or
 * when charts/ holds no image that would be lost; otherwise charts/ is left as
 * it was and this report's files go to DIR/charts.incomplete/.
 *
 * What it promises: a missing gnuplot is not an error: the data and scripts
 * are still written, and `why_no_gnuplot` says what is missing so the report
 * can say so. A gnuplot that fails or hangs (GP_TIMEOUT_S) fails that chart
 * only, with the last line of its log.
 */
#ifndef COROBENCH_REPORT_GP_H
#define COROBENCH_REPORT_GP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define GP_TIMEOUT_S 60 /* a chart takes ~0.1 s; 60 s means gnuplot is stuck */

typedef struct gp_env {
	char scripts[4096];       /* --scripts DIR, or "" for the built-in templates */
	char gnuplot[4096];       /* the gnuplot program, "" when not in PATH        */
	char why_no_gnuplot[200]; /* why charts are not rendered                     */
	char charts[4096];        /* where the files are: the staging directory until
	                             gp_commit, then DIR/charts or charts.incomplete */
	char final[4096];         /* DIR/charts                                      */
	char alt[4096];           /* DIR/charts.incomplete                            */
	bool committed;           /* gp_commit ran                                    */
	bool kept_old;            /* gp_commit left DIR/charts as it was              */
} gp_env;

/* The first executable `gnuplot` on PATH into out; false when there is none. */
bool gp_find_gnuplot(char *out, size_t len);

/* Finds gnuplot and checks the templates (built in, or scripts_opt/common.gp:
 * when that is missing the report stops, the option named the place); creates
 * DIR/charts when missing and a fresh staging directory for this report.
 * False with err (exit 2) when the option's templates or a directory cannot be
 * had. */
bool gp_init(gp_env *g, const char *outdir, const char *scripts_opt, char *err, size_t errlen);

/* Opens <staging>/<name>.<ext> for writing (data files). */
FILE *gp_open(const gp_env *g, const char *name, const char *ext, char *err, size_t errlen);

/* Writes <staging>/<name>.gp: a header, `preamble`, common.gp and <kind>.gp.
 * False with err when a template is missing or the file cannot be written. */
bool gp_write_script(const gp_env *g, const char *name, const char *kind, const char *preamble,
                     char *err, size_t errlen);

/* Renders <staging>/<name>.gp for each of n names (gnuplot run there, which
 * writes <name>.svg and <name>.png), GP_PARALLEL at a time: gnuplot spends most
 * of its ~0.5 s start-up waiting, not computing. ok[i] tells whether both images
 * exist and are non-empty afterwards; why[i] (GP_WHY_LEN) says what went wrong:
 * gnuplot absent, failed (its last message; the log is kept as <name>.log), or
 * timed out (GP_TIMEOUT_S). */
#define GP_PARALLEL 4
#define GP_WHY_LEN  300
void gp_render_all(const gp_env *g, const char *const *names, int n, bool *ok,
                   char (*why)[GP_WHY_LEN]);

/* Puts this report's chart files in place (see the top): into DIR/charts when
 * all_rendered or when DIR/charts holds no .svg/.png, removing there the
 * .dat/.gp/.svg/.png/.log files this report did not write (files of other
 * kinds are never touched); else into DIR/charts.incomplete, leaving
 * DIR/charts as it was. g->charts then names where they are. False with err
 * when a file cannot be moved. */
bool gp_commit(gp_env *g, bool all_rendered, char *err, size_t errlen);

/* Removes the staging directory when gp_commit did not run (an error stopped
 * the report). */
void gp_abort(gp_env *g);

/* s as a single-quoted gnuplot string literal, quotes included: safe_text's
 * rule, then ' doubled. Never holds a newline, a control character or bytes
 * that are not UTF-8; gnuplot substitutes nothing inside it. */
void gp_str(char *out, size_t len, const char *s);

/* s as a double-quoted string field of a gnuplot data file: safe_text's rule,
 * then " written as ' and \ doubled. */
void gp_datastr(char *out, size_t len, const char *s);

#endif
