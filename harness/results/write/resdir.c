/* resdir.c — making and checking the results directory (writers.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "writers.h"

/* mkdir -p; records in *created the first directory it had to create (so a
 * failure can remove exactly what it made). */
static bool mkdir_p(const char *path, char *created, size_t clen, char *err, size_t errlen)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp) {
		snprintf(err, errlen, "bad --out '%.60s...': path too long", path);
		return false;
	}
	created[0] = '\0';
	for (char *p = tmp + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		*p = '\0';
		struct stat st;
		if (stat(tmp, &st) == 0) {
			if (!S_ISDIR(st.st_mode)) {
				snprintf(err, errlen, "bad --out '%s': %s is not a directory", path,
				         tmp);
				return false;
			}
		} else if (mkdir(tmp, 0777) != 0) {
			snprintf(err, errlen, "bad --out '%s': cannot create %s: %s", path, tmp,
			         strerror(errno));
			return false;
		} else if (!created[0]) {
			snprintf(created, clen, "%s", tmp);
		}
		if (saved == '\0')
			break;
		*p = saved;
	}
	return true;
}

static bool file_is_dir_quiet(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void remove_created(const char *path, const char *created)
{
	/* remove the directories we made, deepest first, up to `created` */
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s", path);
	size_t stop = strlen(created);
	for (;;) {
		if (rmdir(tmp) != 0 || strlen(tmp) <= stop)
			break;
		char *slash = strrchr(tmp, '/');
		if (!slash)
			break;
		*slash = '\0';
	}
}

void resdir_default(char *out, size_t outlen, const char *suffix)
{
	char host[256] = "host";
	gethostname(host, sizeof host - 1);
	for (char *p = host; *p; p++)
		if (*p == '/' || *p == ' ')
			*p = '_';
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	char stamp[32];
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	snprintf(out, outlen, "results/%s-%s%s", stamp, host, suffix);
}

/* What a run leaves in its directory (docs/RESULTS.md): one of these present
 * means the directory holds a run's results. `report` adds charts/ and
 * report.html and `c2c` its c2c* files: neither is a run, so a run's directory
 * can take them, but no second run. */
static const char *const result_entries[] = {
    "runs.csv",    "summary.csv", "env.json", "bench.txt", "failures.csv",
    "skipped.csv", "soak.csv",    "latency",  NULL,
};

bool resdir_holds_results(const char *dir, char *what, size_t whatlen)
{
	for (int i = 0; result_entries[i]; i++) {
		char path[4200];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, result_entries[i]);
		/* lstat: a dangling link named runs.csv is still not an empty directory */
		if (lstat(path, &st) == 0) {
			snprintf(what, whatlen, "%s", result_entries[i]);
			return true;
		}
	}
	return false;
}

bool resdir_make(const char *dir, bool fresh, char *out, size_t outlen, char *err, size_t errlen)
{
	if (dir) {
		if (!*dir) {
			snprintf(err, errlen, "bad --out '': empty path");
			return false;
		}
		snprintf(out, outlen, "%s", dir);
	} else {
		resdir_default(out, outlen, "");
	}
	char created[4096], what[64];
	/* One run per directory: a second run would overwrite runs.csv and add its
	 * latency samples to the first one's histograms (latency/ merges rounds). */
	if (fresh && file_is_dir_quiet(out) && resdir_holds_results(out, what, sizeof what)) {
		snprintf(err, errlen,
		         "bad --out '%s': it holds the results of an earlier run (%s): give a new "
		         "or empty directory",
		         out, what);
		return false;
	}
	if (!mkdir_p(out, created, sizeof created, err, errlen))
		return false;
	char probe[4200];
	snprintf(probe, sizeof probe, "%s/.write-test.%d", out, (int)getpid());
	FILE *f = fopen(probe, "w");
	if (!f) {
		snprintf(err, errlen, "bad --out '%s': not writable: %s", out, strerror(errno));
		if (created[0])
			remove_created(out, created);
		return false;
	}
	fclose(f);
	unlink(probe);
	return true;
}
