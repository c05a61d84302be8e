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

bool resdir_make(const char *dir, char *out, size_t outlen, char *err, size_t errlen)
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
	char created[4096];
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
