/*
 * gp_templates.h — the chart templates (scripts/ NAME.gp), built into the binary:
 * the Makefile writes $(BUILD)/gen/gp_templates.c from them (one entry per
 * file, named by its base name without .gp), so `corobench report` needs no
 * file beside it and never reads a template from the current directory.
 *
 * The table is declared weak: a build that compiles the sources without the
 * Makefile (scripts/fuzz.sh) still links, and then has no built-in templates
 * (gp_templates is NULL), which gnuplot.c reports as such.
 */
#ifndef COROBENCH_REPORT_GP_TEMPLATES_H
#define COROBENCH_REPORT_GP_TEMPLATES_H

#include <stddef.h>

/* One template. */
typedef struct gp_template {
	const char *name; /* "bars" for scripts/bars.gp; NULL ends the table */
	const char *text; /* the file's bytes                                */
	size_t len;       /* their count                                     */
} gp_template;

extern const gp_template gp_templates[] __attribute__((weak));

#endif
