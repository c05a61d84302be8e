/* file_read.c — see file_read.h. */
#include "file_read.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

bool file_read_all(const char *path, size_t max, char **buf, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, file_errtext(errno));
		return false;
	}
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		fclose(f);
		return false;
	}
	if ((unsigned long long)st.st_size > max) {
		snprintf(err, errlen, "%s: %lld bytes, more than the %zu this reader accepts", path,
		         (long long)st.st_size, max);
		fclose(f);
		return false;
	}
	/* Read until EOF rather than trusting st_size: the file may change under us. */
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *b = malloc(cap + 1);
	while (b) {
		n += fread(b + n, 1, cap - n, f);
		if (n < cap || n > max)
			break;
		cap *= 2;
		char *nb = realloc(b, cap + 1);
		if (!nb) {
			free(b);
			b = NULL;
		}
		b = nb;
	}
	bool bad = !b || ferror(f) || n > max;
	fclose(f);
	if (bad) {
		snprintf(err, errlen, "%s: %s", path,
		         !b        ? "out of memory"
		         : n > max ? "grew past the size limit"
		                   : "read error");
		free(b);
		return false;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return true;
}

bool file_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

int file_stat_errno(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? 0 : errno;
}

const char *file_errtext(int errnum)
{
	return errnum == EACCES || errnum == EPERM ? "permission denied" : strerror(errnum);
}
