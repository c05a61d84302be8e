/* latency.c — see latency.h. */
#include "latency.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../base/atomic_file.h"
#include "hist_io.h"

bool lat_init(lat_rec *l)
{
	l->rep = histo_new_latency();
	l->kept = histo_new_latency();
	if (l->rep && l->kept)
		return true;
	lat_free(l);
	return false;
}

void lat_free(lat_rec *l)
{
	histo_free(l->rep);
	histo_free(l->kept);
	l->rep = l->kept = NULL;
}

void lat_record(lat_rec *l, uint64_t ns)
{
	histo_record(l->rep, ns);
}

void lat_end_rep(lat_rec *l, bool keep)
{
	if (keep)
		histo_merge(l->kept, l->rep);
	histo_reset(l->rep);
}

void lat_file_stem(const char *key, char *out, size_t outlen)
{
	size_t i = 0;
	for (; key[i] && i + 1 < outlen; i++)
		out[i] = key[i] == '/' ? '_' : key[i];
	out[i] = '\0';
}

/* Writes h to path through a temporary name: raw counters or the .hgrm text. */
static bool write_file(const char *path, const histo *h, bool raw, char *err, size_t errlen)
{
	atomic_file af;
	if (!atomic_open(&af, path, err, errlen))
		return false;
	int rc = raw ? histo_write_raw(h, af.f) : histo_write_hgrm(h, af.f, LAT_UNIT_NS, 5);
	if (rc != 0) {
		atomic_abort(&af);
		snprintf(err, errlen, "cannot write %s", path);
		return false;
	}
	return atomic_commit(&af, err, errlen);
}

bool lat_save(const lat_rec *l, const char *outdir, const char *key, char *err, size_t errlen)
{
	char dir[4096], stem[512], path[4096 + 600];
	snprintf(dir, sizeof dir, "%s/latency", outdir);
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", dir, strerror(errno));
		return false;
	}
	lat_file_stem(key, stem, sizeof stem);

	/* All rounds so far: what earlier rounds left, plus this one. */
	histo *total = histo_new_latency();
	if (!total) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	histo_merge(total, l->kept);
	snprintf(path, sizeof path, "%s/%s.histo", dir, stem);
	FILE *prev = fopen(path, "r");
	if (prev) {
		char why[200];
		bool ok = histo_read_raw(total, prev, why, sizeof why);
		fclose(prev);
		if (!ok) {
			snprintf(err, errlen, "%s: %s", path, why);
			histo_free(total);
			return false;
		}
	}

	bool ok = write_file(path, total, true, err, errlen);
	snprintf(path, sizeof path, "%s/%s.hgrm", dir, stem);
	ok = ok && write_file(path, total, false, err, errlen);
	histo_free(total);
	return ok;
}
