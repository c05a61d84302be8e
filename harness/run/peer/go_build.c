/* go_build.c — see go_build.h. */
#include "go_build.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../base/fs.h"
#include "../../base/proc.h"
#include "go_src.h"

bool go_toolchain_version(const char *path, go_toolchain *g, char *err, size_t errlen)
{
	memset(g, 0, sizeof *g);
	if (snprintf(g->path, sizeof g->path, "%s", path) >= (int)sizeof g->path || !path[0]) {
		snprintf(err, errlen, "bad --go '%.60s': empty or too long", path);
		return false;
	}
	const char *argv[] = {path, "version", NULL};
	const char *env[] = {"GOTOOLCHAIN=local", NULL};
	char line[256];
	/* "go version go1.19.8 linux/amd64" */
	char word[3][80] = {"", "", ""};
	if (!proc_first_line(argv, env, line, sizeof line) ||
	    sscanf(line, "%79s %79s %79s", word[0], word[1], word[2]) != 3 ||
	    strcmp(word[0], "go") != 0 || strcmp(word[1], "version") != 0 ||
	    strncmp(word[2], "go", 2) != 0) {
		snprintf(err, errlen,
		         "bad --go '%.200s': not a Go toolchain ('%.200s version' did not print "
		         "'go version goX.Y...')",
		         path, path);
		return false;
	}
	snprintf(g->version, sizeof g->version, "%.63s", word[2]);
	return true;
}

/* "go1.23.4" -> "1.23" (major.minor) or the whole number part. */
static void short_version(const char *v, bool full, char *out, size_t len)
{
	const char *num = v + 2;
	size_t n = strlen(num);
	if (!full) {
		const char *dot = strchr(num, '.');
		const char *dot2 = dot ? strpbrk(dot + 1, ".rcbeta") : NULL;
		if (dot2)
			n = (size_t)(dot2 - num);
	}
	snprintf(out, len, "%.*s", (int)n, num);
}

bool go_runtime_names(go_toolchain *gs, int n, char *err, size_t errlen)
{
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (strcmp(gs[i].version, gs[j].version) == 0) {
				snprintf(
				    err, errlen,
				    "bad --go '%.200s': reports %s, as '%.200s' does (one runtime "
				    "key, go@VERSION, per Go version)",
				    gs[j].path, gs[j].version, gs[i].path);
				return false;
			}
	for (int i = 0; i < n; i++) {
		char a[64], b[64];
		short_version(gs[i].version, false, a, sizeof a);
		bool clash = false;
		for (int j = 0; j < n && !clash; j++) {
			short_version(gs[j].version, false, b, sizeof b);
			clash = j != i && strcmp(a, b) == 0;
		}
		if (clash)
			short_version(gs[i].version, true, a, sizeof a);
		snprintf(gs[i].name, sizeof gs[i].name, "go@%s", a);
	}
	return true;
}

bool go_cache_dir(char *out, size_t len)
{
	const char *c = getenv("COROBENCH_CACHE"), *x = getenv("XDG_CACHE_HOME"),
	           *h = getenv("HOME");
	int k;
	if (c && c[0])
		k = snprintf(out, len, "%s", c);
	else if (x && x[0] == '/') /* XDG: a relative path is to be ignored */
		k = snprintf(out, len, "%s/corobench", x);
	else if (h && h[0])
		k = snprintf(out, len, "%s/.cache/corobench", h);
	else
		return false;
	return k > 0 && (size_t)k < len;
}

static uint64_t source_hash(void)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a 64 */
	for (const go_src_file *f = go_src_files; f && f->name; f++) {
		for (const char *p = f->name; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ull;
		h = (h ^ 0) * 1099511628211ull;
		for (size_t i = 0; i < f->len; i++)
			h = (h ^ (unsigned char)f->text[i]) * 1099511628211ull;
	}
	return h;
}

static bool write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	bool ok = fwrite(text, 1, len, f) == len;
	return fclose(f) == 0 && ok;
}

bool go_peer_build(go_toolchain *g, bool dry, char *err, size_t errlen)
{
	char cache[3072], dir[3400];
	if (!go_cache_dir(cache, sizeof cache)) {
		snprintf(err, errlen,
		         "--go: no cache directory (set COROBENCH_CACHE, XDG_CACHE_HOME or HOME)");
		return false;
	}
	snprintf(dir, sizeof dir, "%s/go-peer/%s-%016llx", cache, g->version,
	         (unsigned long long)source_hash());
	snprintf(g->binary, sizeof g->binary, "%s/corobench-go", dir);
	g->built = access(g->binary, X_OK) == 0;
	if (g->built || dry)
		return true;
	if (!go_src_files || !go_src_files[0].name) {
		snprintf(err, errlen,
		         "--go: this corobench was built without the Go peer's source");
		return false;
	}
	char tmp[3500], src[3600], log[3500], out[3700];
	snprintf(tmp, sizeof tmp, "%s.tmp.%d", dir, (int)getpid());
	snprintf(src, sizeof src, "%s/src", tmp);
	snprintf(log, sizeof log, "%s.log", dir);
	snprintf(out, sizeof out, "%s/corobench-go", tmp);
	if (!fs_mkdirs(src, err, errlen))
		return false;
	for (const go_src_file *f = go_src_files; f->name; f++) {
		char path[3800];
		snprintf(path, sizeof path, "%s/%s", src, f->name);
		if (!write_file(path, f->text, f->len)) {
			snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
			fs_rm_tree(tmp);
			return false;
		}
	}
	/* GOTOOLCHAIN=local: a Go 1.21+ must build with itself, never download;
	 * without HOME, Go has no default cache or GOPATH: give it ours. */
	char gocache[3500], gopath[3500];
	snprintf(gocache, sizeof gocache, "GOCACHE=%s/go-build", cache);
	snprintf(gopath, sizeof gopath, "GOPATH=%s/gopath", cache);
	const char *h = getenv("HOME");
	bool home = h && h[0];
	const char *env[] = {"GOTOOLCHAIN=local",
	                     "GOFLAGS=-mod=mod",
	                     "GO111MODULE=on",
	                     "CGO_ENABLED=0",
	                     home ? NULL : gocache,
	                     gopath,
	                     NULL};
	int logfd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	const char *argv[] = {g->path, "build", "-o", out, ".", NULL};
	proc_opts o = {.in = -1, .out = logfd, .err = logfd, .cwd = src, .env = env};
	int rc = proc_run(argv, &o, err, errlen);
	if (logfd >= 0)
		close(logfd);
	if (rc != 0) {
		if (rc > 0)
			snprintf(err, errlen,
			         "--go %.200s: go build of the Go peer failed (exit %d): see %s",
			         g->path, rc, log);
		fs_rm_tree(tmp);
		return false;
	}
	/* the built binary moves into place; the source stays beside it for a reader */
	if (rename(tmp, dir) != 0 && access(g->binary, X_OK) != 0) {
		snprintf(err, errlen, "cannot rename %s to %s: %s", tmp, dir, strerror(errno));
		fs_rm_tree(tmp);
		return false;
	}
	fs_rm_tree(tmp); /* another process won the race */
	g->built = true;
	return true;
}
