/* counter_list.c — see counter_list.h. */
#include "counter_list.h"

#include <stdlib.h>
#include <string.h>

#include "counters.h"

void ctr_list_print(FILE *f)
{
	char pmus[256], ver[32];
	ctr_pmus_present(pmus, sizeof pmus);
	ctr_libpfm_version(ver, sizeof ver);
	int par = ctr_paranoid();
	fprintf(f, "counters (--counters LIST: named sets and/or libpfm4 event names):\n");
	for (int i = 0; i < ctr_named_set_count(); i++) {
		const ctr_named_set *s = ctr_named_set_at(i);
		fprintf(f, "  %-10s %s\n", s->name, s->description);
		if (s->events[0]) {
			fprintf(f, "  %-10s   ", "");
			for (int j = 0; s->events[j]; j++)
				fprintf(f, "%s%s", j ? ", " : "", s->events[j]);
			fputc('\n', f);
		}
	}
	fprintf(f,
	        "  on this machine (libpfm4 API %s, PMUs: %s; perf_event_paranoid=%d;\n"
	        "  counting user + kernel, `EVENT:u` for user space only):\n",
	        ver, pmus[0] ? pmus : "none", par);
	/* `default` holds every event of the other sets. */
	ctr_spec *spec = malloc(sizeof *spec);
	char err[256];
	if (!spec || !ctr_spec_parse("default", "--counters", spec, err, sizeof err)) {
		fprintf(f, "    (cannot probe: %s)\n", spec ? err : "out of memory");
		free(spec);
		return;
	}
	ctr_set *set = ctr_open(spec);
	for (int i = 0; set && i < ctr_count(set); i++) {
		const char *why;
		ctr_status st = ctr_status_of(set, i, &why);
		fprintf(f, "    %-16s %s%s%s\n", ctr_event_at(set, i)->name,
		        st == CTR_COUNTED ? "available" : ctr_status_name(st), why[0] ? ": " : "",
		        why);
	}
	ctr_close(set);
	free(spec);
	fprintf(f, "  any other event libpfm4 knows for these PMUs works too (perf list, or\n"
	           "  libpfm4's showevtinfo, lists them); it is opened the same way\n");
}
