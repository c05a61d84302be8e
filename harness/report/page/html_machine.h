/*
 * html_machine.h — the "Machine" section of report.html (its heading is the
 * caller's; one anchored heading per host): per host, the shape
 * of topology.xml (packages, NUMA nodes, caches, cores, PUs), read through
 * hwloc so any hwloc export works, and what env.json recorded, as a table.
 *
 * What it promises: a missing or unreadable topology.xml or env.json is said
 * on the page, never an error; every text from the data goes through html_text.
 */
#ifndef COROBENCH_REPORT_HTML_MACHINE_H
#define COROBENCH_REPORT_HTML_MACHINE_H

#include <stdio.h>

#include "../model/report_model.h"

void rp_machine_html(FILE *out, const report_model *m);

#endif
