/* atomic_file.c — see atomic_file.h. */
#include "atomic_file.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

bool atomic_open(atomic_file *a, const char *path, char *err, size_t errlen)
{
	if (snprintf(a->path, sizeof a->path, "%s", path) >= (int)sizeof a->path ||
	    snprintf(a->tmp, sizeof a->tmp, "%s.tmp.%d", path, (int)getpid()) >=
	        (int)sizeof a->tmp) {
		snprintf(err, errlen, "path too long: %.80s...", path);
		return false;
	}
	a->f = fopen(a->tmp, "w");
	if (!a->f) {
		snprintf(err, errlen, "cannot write %s: %s", a->tmp, strerror(errno));
		return false;
	}
	return true;
}

bool atomic_commit(atomic_file *a, char *err, size_t errlen)
{
	errno = 0;
	bool ok = fflush(a->f) == 0 && !ferror(a->f) && fsync(fileno(a->f)) == 0;
	/* a buffered write that failed earlier left only the stream's error flag:
	 * its errno is gone, so say what is known rather than "Success" */
	int saved = errno ? errno : EIO;
	ok = (fclose(a->f) == 0) && ok;
	a->f = NULL;
	if (ok && rename(a->tmp, a->path) == 0)
		return true;
	if (ok)
		saved = errno;
	snprintf(err, errlen, "cannot write %s: %s", a->path, strerror(saved));
	unlink(a->tmp);
	return false;
}

void atomic_abort(atomic_file *a)
{
	if (a->f)
		fclose(a->f);
	a->f = NULL;
	unlink(a->tmp);
}

bool atomic_write_string(const char *path, const char *text, char *err, size_t errlen)
{
	atomic_file a;
	if (!atomic_open(&a, path, err, errlen))
		return false;
	fputs(text, a.f);
	return atomic_commit(&a, err, errlen);
}
