/* fs.c — see fs.h. */
#include "fs.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

bool fs_mkdirs(const char *path, char *err, size_t errlen)
{
	char p[4096];
	if ((size_t)snprintf(p, sizeof p, "%s", path) >= sizeof p || !p[0]) {
		snprintf(err, errlen, "cannot create '%.200s': empty or too long a path", path);
		return false;
	}
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s)
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			snprintf(err, errlen, "cannot create %s: %s", p, strerror(errno));
			return false;
		}
		if (!c)
			return true;
		*s = c;
	}
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void fs_rm_tree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}
