/* baseline.c — see baseline.h. */
#include "baseline.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../base/fs.h"
#include "../base/format/json.h"
#include "../base/format/json_read.h"
#include "../base/status.h"
#include "read/results_read.h"

/* The files of a results directory a baseline keeps (latency/ apart). */
static const char *const kept[] = {"runs.csv",     "summary.csv", "bench.txt",    "env.json",
                                   "failures.csv", "skipped.csv", "topology.xml", NULL};

bool baseline_root(char *out, size_t len, char *err, size_t errlen)
{
	const char *b = getenv("COROBENCH_BASELINES"), *x = getenv("XDG_DATA_HOME"),
	           *h = getenv("HOME");
	int k;
	if (b && b[0])
		k = snprintf(out, len, "%s", b);
	else if (x && x[0] == '/') /* XDG: a relative XDG_DATA_HOME is to be ignored */
		k = snprintf(out, len, "%s/corobench/baselines", x);
	else if (h && h[0])
		k = snprintf(out, len, "%s/.local/share/corobench/baselines", h);
	else {
		snprintf(err, errlen,
		         "no place for baselines: set COROBENCH_BASELINES, XDG_DATA_HOME or HOME");
		return false;
	}
	if (k <= 0 || (size_t)k >= len - BASELINE_NAME_MAX - 32) {
		snprintf(err, errlen, "the baselines directory's path is too long");
		return false;
	}
	return true;
}

bool baseline_name_ok(const char *name, char *err, size_t errlen)
{
	size_t n = strlen(name);
	bool ok = n >= 1 && n <= BASELINE_NAME_MAX && name[0] != '.' && name[0] != '-';
	for (const char *p = name; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		     (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-';
	if (!ok) {
		char q[80];
		size_t k = 0;
		for (const char *p = name; *p && k < 60; p++) /* shown, never printed raw */
			q[k++] = (unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f ? *p : '?';
		q[k] = '\0';
		snprintf(err, errlen,
		         "bad baseline name '%s%s': 1-%d characters of A-Z a-z 0-9 . _ -, not "
		         "starting with . or -",
		         q, strlen(name) > 60 ? "..." : "", BASELINE_NAME_MAX);
	}
	return ok;
}

/* Copies the regular file src to dst and syncs it; a missing src is fine
 * (*copied false). Symlinks and other types are not followed or copied. */
static bool copy_file(const char *src, const char *dst, bool *copied, char *err, size_t errlen)
{
	*copied = false;
	struct stat st;
	if (lstat(src, &st) != 0)
		return errno == ENOENT
		           ? true
		           : (snprintf(err, errlen, "cannot read %s: %s", src, strerror(errno)),
		              false);
	if (!S_ISREG(st.st_mode))
		return true;
	int in = open(src, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (in < 0) {
		snprintf(err, errlen, "cannot read %s: %s", src, strerror(errno));
		return false;
	}
	int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (out < 0) {
		snprintf(err, errlen, "cannot write %s: %s", dst, strerror(errno));
		close(in);
		return false;
	}
	char buf[65536];
	ssize_t k;
	bool ok = true;
	while (ok && (k = read(in, buf, sizeof buf)) != 0) {
		if (k < 0) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "cannot read %s: %s", src, strerror(errno));
			ok = false;
			break;
		}
		for (ssize_t w = 0; ok && w < k;) {
			ssize_t m = write(out, buf + w, (size_t)(k - w));
			if (m < 0 && errno == EINTR)
				continue;
			if (m < 0) {
				snprintf(err, errlen, "cannot write %s: %s", dst, strerror(errno));
				ok = false;
			}
			w += m > 0 ? m : 0;
		}
	}
	if (ok && fsync(out) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", dst, strerror(errno));
		ok = false;
	}
	close(in);
	if (close(out) != 0 && ok) {
		snprintf(err, errlen, "cannot write %s: %s", dst, strerror(errno));
		ok = false;
	}
	*copied = ok;
	return ok;
}

/* Copies the kept files, latency/, and writes baseline.json into dst. */
static bool copy_results(const char *src, const char *dst, const char *name, char *err,
                         size_t errlen)
{
	char a[4700], b[4700];
	bool copied;
	for (int i = 0; kept[i]; i++) {
		snprintf(a, sizeof a, "%s/%s", src, kept[i]);
		snprintf(b, sizeof b, "%s/%s", dst, kept[i]);
		if (!copy_file(a, b, &copied, err, errlen))
			return false;
	}
	snprintf(a, sizeof a, "%s/latency", src);
	DIR *dir = opendir(a);
	if (dir) {
		snprintf(b, sizeof b, "%s/latency", dst);
		bool ok = mkdir(b, 0777) == 0;
		if (!ok)
			snprintf(err, errlen, "cannot create %s: %s", b, strerror(errno));
		for (struct dirent *e; ok && (e = readdir(dir));) {
			if (e->d_name[0] == '.')
				continue;
			char fa[5000], fb[5000];
			snprintf(fa, sizeof fa, "%s/%s", a, e->d_name);
			snprintf(fb, sizeof fb, "%s/%s", b, e->d_name);
			ok = copy_file(fa, fb, &copied, err, errlen);
		}
		closedir(dir);
		if (!ok)
			return false;
	}
	/* baseline.json: the name, when, from where */
	char abs[4096], when[40];
	if (!realpath(src, abs))
		snprintf(abs, sizeof abs, "%s", src);
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S%z", &tm);
	snprintf(b, sizeof b, "%s/baseline.json", dst);
	FILE *f = fopen(b, "w");
	if (!f) {
		snprintf(err, errlen, "cannot write %s: %s", b, strerror(errno));
		return false;
	}
	int n = 0;
	fputs("{\n", f);
	json_kv_str(f, &n, "name", name);
	json_kv_str(f, &n, "saved", when);
	json_kv_str(f, &n, "source", abs);
	fputs("\n}\n", f);
	bool ok = fflush(f) == 0 && !ferror(f) && fsync(fileno(f)) == 0;
	if (fclose(f) != 0 || !ok) {
		snprintf(err, errlen, "cannot write %s: %s", b, strerror(errno ? errno : EIO));
		return false;
	}
	return true;
}

/* Syncs a directory (its entries: a rename is durable once its directory is). */
static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

int baseline_save(const char *name, const char *src, bool replace, char *err, size_t errlen)
{
	char root[4096], dst[4300], tmp[4400];
	if (!baseline_name_ok(name, err, errlen) || !baseline_root(root, sizeof root, err, errlen))
		return CB_EINVAL;
	/* the source must load, and carry its env.json */
	static rr_dir d;
	if (!results_load(src, &d, err, errlen))
		return CB_EINVAL;
	bool env = d.have_env;
	results_free(&d);
	if (!env) {
		snprintf(err, errlen,
		         "%.3000s/env.json: missing (a baseline keeps the env.json of the run that "
		         "made it, to tell later whether the machine or the compiler changed)",
		         src);
		return CB_EINVAL;
	}
	snprintf(dst, sizeof dst, "%s/%s", root, name);
	struct stat st;
	bool exists = lstat(dst, &st) == 0;
	if (exists && !replace) {
		snprintf(
		    err, errlen,
		    "baseline '%s' exists (%.3000s): --force replaces it, or choose another name",
		    name, dst);
		return CB_EINVAL;
	}
	if (!fs_mkdirs(root, err, errlen))
		return CB_EFAIL;
	snprintf(tmp, sizeof tmp, "%s/.%s.tmp.%d", root, name, (int)getpid());
	fs_rm_tree(tmp); /* a crashed save of this pid's number */
	if (mkdir(tmp, 0777) != 0) {
		snprintf(err, errlen, "cannot create %s: %s", tmp, strerror(errno));
		return CB_EFAIL;
	}
	if (!copy_results(src, tmp, name, err, errlen)) {
		fs_rm_tree(tmp);
		return CB_EFAIL;
	}
	sync_dir(tmp);
	int rc = CB_OK;
	if (!exists) {
		if (rename(tmp, dst) != 0) {
			snprintf(err, errlen, "cannot rename %s to %s: %s", tmp, dst,
			         strerror(errno));
			rc = errno == ENOTEMPTY || errno == EEXIST ? CB_EINVAL : CB_EFAIL;
		}
	} else if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dst, RENAME_EXCHANGE) != 0) {
		/* no atomic exchange here: the old one aside, the new one in, then the old
		 * one removed (a crash between the two leaves NAME absent and the old one
		 * under a dot name, never half a baseline under NAME) */
		char old[4500];
		snprintf(old, sizeof old, "%s/.%s.old.%d", root, name, (int)getpid());
		if (rename(dst, old) != 0 || rename(tmp, dst) != 0) {
			snprintf(err, errlen, "cannot replace %s: %s", dst, strerror(errno));
			rc = CB_EFAIL;
		}
		fs_rm_tree(old);
	}
	fs_rm_tree(tmp); /* after an exchange: the old baseline */
	sync_dir(root);
	return rc;
}

int baseline_path(const char *name, char *out, size_t len, char *err, size_t errlen)
{
	char root[4096];
	if (!baseline_name_ok(name, err, errlen) || !baseline_root(root, sizeof root, err, errlen))
		return CB_EINVAL;
	if ((size_t)snprintf(out, len, "%s/%s", root, name) >= len) {
		snprintf(err, errlen, "baseline path too long");
		return CB_EINVAL;
	}
	struct stat st;
	if (stat(out, &st) != 0 || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "no baseline '%s' in %.3000s (see corobench baseline list)",
		         name, root);
		return CB_EINVAL;
	}
	return CB_OK;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const baseline_info *)a)->name, ((const baseline_info *)b)->name);
}

/* Fills one entry from its directory. */
static void describe(const char *root, baseline_info *b)
{
	char dir[4300], path[4400];
	snprintf(dir, sizeof dir, "%s/%s", root, b->name);
	snprintf(path, sizeof path, "%s/baseline.json", dir);
	jsonr_doc meta;
	char err[600];
	if (!jsonr_load(path, &meta, err, sizeof err)) {
		snprintf(b->damaged, sizeof b->damaged, "%s", err);
		return;
	}
	const char *v;
	if ((v = jsonr_get(&meta, "saved")))
		snprintf(b->saved, sizeof b->saved, "%s", v);
	if ((v = jsonr_get(&meta, "source")))
		snprintf(b->source, sizeof b->source, "%s", v);
	jsonr_free(&meta);
	static rr_dir d;
	if (!results_load(dir, &d, b->damaged, sizeof b->damaged))
		return;
	const char *fields[][2] = {{"host", b->host},
	                           {"cpu_model", b->cpu},
	                           {"compiler", b->compiler},
	                           {"started", b->started}};
	size_t sizes[] = {sizeof b->host, sizeof b->cpu, sizeof b->compiler, sizeof b->started};
	for (int i = 0; i < 4; i++)
		if ((v = jsonr_get(&d.env, fields[i][0])))
			snprintf((char *)fields[i][1], sizes[i], "%s", v);
	for (int i = 0; i < d.nruns; i++) {
		bool seen = false; /* a few hundred keys: quadratic is fine */
		for (int j = 0; j < i && !seen; j++)
			seen = strcmp(d.runs[j].key, d.runs[i].key) == 0;
		b->configurations += !seen;
	}
	results_free(&d);
}

bool baseline_list(baseline_info **out, int *n, char *err, size_t errlen)
{
	char root[4096];
	*out = NULL;
	*n = 0;
	if (!baseline_root(root, sizeof root, err, errlen))
		return false;
	DIR *dir = opendir(root);
	if (!dir) {
		if (errno == ENOENT)
			return true; /* none saved yet */
		snprintf(err, errlen, "cannot read %s: %s", root, strerror(errno));
		return false;
	}
	int cap = 0;
	for (struct dirent *e; (e = readdir(dir));) {
		if (e->d_name[0] == '.' || strlen(e->d_name) > BASELINE_NAME_MAX)
			continue; /* ., .., a save in progress */
		char p[4400];
		struct stat st;
		snprintf(p, sizeof p, "%s/%s", root, e->d_name);
		if (lstat(p, &st) != 0 || !S_ISDIR(st.st_mode))
			continue; /* not a baseline */
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			baseline_info *m = realloc(*out, sizeof **out * (size_t)cap);
			if (!m) {
				closedir(dir);
				snprintf(err, errlen, "out of memory");
				return false;
			}
			*out = m;
		}
		baseline_info *b = &(*out)[(*n)++];
		memset(b, 0, sizeof *b);
		snprintf(b->name, sizeof b->name, "%.100s", e->d_name);
	}
	closedir(dir);
	for (int i = 0; i < *n; i++)
		describe(root, &(*out)[i]);
	if (*n)
		qsort(*out, (size_t)*n, sizeof **out, by_name);
	return true;
}

int baseline_rm(const char *name, char *err, size_t errlen)
{
	char dir[4300];
	int rc = baseline_path(name, dir, sizeof dir, err, errlen);
	if (rc != CB_OK)
		return rc;
	/* renamed aside first, so NAME is gone at once and never half removed */
	char aside[4500];
	snprintf(aside, sizeof aside, "%.4300s.rm.%d", dir, (int)getpid());
	char *slash = strrchr(aside, '/');
	memmove(slash + 2, slash + 1, strlen(slash + 1) + 1); /* /NAME -> /.NAME */
	slash[1] = '.';
	if (rename(dir, aside) != 0) {
		snprintf(err, errlen, "cannot remove %s: %s", dir, strerror(errno));
		return CB_EFAIL;
	}
	fs_rm_tree(aside);
	return CB_OK;
}
