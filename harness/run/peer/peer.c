/* peer.c — see peer.h: which peers there are, where their binaries lie, their
 * versions and env.json section; starting one for a job is peer_exec.c.
 *
 * Design notes
 *   - Found next to /proc/self/exe, not on $PATH: the peer must be the one built
 *     from this tree (same workload definitions and sizes), never some other
 *     corobench-go a user happens to have installed.
 *   - Why availability is decided by the binary and not by `go`: `make` builds the
 *     binary when go exists; a machine may have the binary without the toolchain
 *     (a copied build/). The reason distinguishes "no go" from "not built".
 *   - Placement: the process affinity is the union of the plan's per-worker sets.
 *     Go schedules Ps over Ms freely; pinning each M is not possible from outside
 *     the Go runtime (runtime.LockOSThread pins goroutines to Ms, not Ms to CPUs).
 *     With -t equal to the number of PUs in the plan this is the same CPUs the C
 *     runtimes get; the difference (no per-worker binding) is stated in the
 *     configuration's info record (placement_scope=process).
 */
#include "peer.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../base/format/json.h"
#include "../../base/proc.h"
#include "../../results/write/writers.h"

/* One external peer. */
typedef struct peer_def {
	const char *name;        /* -r name                                         */
	const char *binary;      /* file name next to the corobench binary          */
	const char *tool;        /* the program that builds it                       */
	const char *install;     /* what to run when the tool is missing             */
	const char *description; /* one line for `corobench list`                    */
} peer_def;

static const peer_def peers[] = {
    {"go", "corobench-go", "go", "apt-get install golang-go, then make",
     "Go's own runtime (goroutines, Go channels, sync), GOMAXPROCS = workers; the reference "
     "peer"},
};
#define NPEERS (sizeof peers / sizeof peers[0])

const char *const peer_names[] = {"go", NULL};

static char search_dir[PATH_MAX]; /* "" : next to /proc/self/exe */

void peer_set_search_dir(const char *dir)
{
	snprintf(search_dir, sizeof search_dir, "%s", dir ? dir : "");
}

/* Peers added at run time: the Go peer built by another Go (`run --go`,
 * go_build.h), each a runtime of its own (go@1.23) with its binary in the cache. */
typedef struct added_peer {
	peer_def def;               /* go's, with the name below                    */
	char name[80];              /* go@1.23                                      */
	char binary[PATH_MAX];      /* the built peer                               */
	char toolchain[1024];       /* the go it was built with                     */
	char toolchain_version[64]; /* what `go version` said                    */
	bool pending;               /* not built yet, and that is fine (--dry-run)  */
	char runtime_version[64];   /* the peer's own --version, once read          */
} added_peer;
static added_peer added[PEER_MAX_ADDED];
static int nadded;

static const added_peer *find_added(const char *name)
{
	for (int i = 0; i < nadded; i++)
		if (strcmp(added[i].name, name) == 0)
			return &added[i];
	return NULL;
}

static const peer_def *find(const char *name)
{
	for (size_t i = 0; i < NPEERS; i++)
		if (strcmp(peers[i].name, name) == 0)
			return &peers[i];
	const added_peer *a = find_added(name);
	return a ? &a->def : NULL;
}

bool peer_add(const char *name, const char *binary, const char *toolchain,
              const char *toolchain_version, bool pending)
{
	if (nadded == PEER_MAX_ADDED || find(name))
		return false;
	added_peer *a = &added[nadded++];
	memset(a, 0, sizeof *a);
	snprintf(a->name, sizeof a->name, "%s", name);
	snprintf(a->binary, sizeof a->binary, "%s", binary);
	snprintf(a->toolchain, sizeof a->toolchain, "%s", toolchain);
	snprintf(a->toolchain_version, sizeof a->toolchain_version, "%s", toolchain_version);
	a->pending = pending;
	a->def = peers[0];
	a->def.name = a->name;
	return true;
}

int peer_added_count(void)
{
	return nadded;
}

const char *peer_added_name(int i)
{
	return added[i].name;
}

/* Directory of the running corobench binary (or the test override). */
static bool self_dir(char *dir, size_t len)
{
	if (search_dir[0]) {
		snprintf(dir, len, "%s", search_dir);
		return true;
	}
	char exe[PATH_MAX];
	ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (k <= 0)
		return false;
	exe[k] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return false;
	*slash = '\0';
	return (size_t)snprintf(dir, len, "%s", exe) < len;
}

bool peer_binary_path(const char *name, char *path, size_t len)
{
	const added_peer *a = find_added(name);
	if (a)
		return (size_t)snprintf(path, len, "%s", a->binary) < len;
	const peer_def *p = find(name);
	char dir[PATH_MAX];
	if (!p || !self_dir(dir, sizeof dir))
		return false;
	return (size_t)snprintf(path, len, "%s/%s", dir, p->binary) < len;
}

bool peer_lookup(const char *name, bool *available, const char **reason)
{
	const peer_def *p = find(name);
	if (!p)
		return false;
	static char why[NPEERS][PATH_MAX + 128];
	char *w = why[p >= peers && p < peers + NPEERS ? p - peers : 0];
	char bin[PATH_MAX];
	const added_peer *a = find_added(name);
	if (a && a->pending) { /* --dry-run: built when the run starts */
		*available = true;
		*reason = NULL;
		return true;
	}
	if (a && access(a->binary, X_OK) != 0) {
		*available = false;
		*reason = "its peer was not built";
		return true;
	}
	if (!peer_binary_path(name, bin, sizeof bin)) {
		snprintf(w, sizeof why[0], "cannot locate the corobench binary's directory");
	} else if (access(bin, X_OK) == 0) {
		*available = true;
		*reason = NULL;
		return true;
	} else if (!proc_on_path(p->tool)) {
		snprintf(w, sizeof why[0], "%s not installed: %s", p->tool, p->install);
	} else {
		snprintf(w, sizeof why[0], "%s not built (%s is on PATH): run make", bin, p->tool);
	}
	*available = false;
	*reason = w;
	return true;
}

void peer_list(FILE *out)
{
	for (size_t i = 0; i < NPEERS; i++) {
		bool ok = false;
		const char *why = NULL;
		peer_lookup(peers[i].name, &ok, &why);
		fprintf(out, "  %-10s %s\n", peers[i].name, peers[i].description);
		if (ok)
			fprintf(out, "  %-10s   external peer, %s\n", "", peer_go_version());
		else
			fprintf(out, "  %-10s   unavailable: %s\n", "", why);
	}
}

/* First line of `BIN --version` (fork and execv with a pipe: no shell, so no path
 * is ever a shell word), or "" when it cannot be run. */
static void read_version(const char *bin, char *out, size_t len)
{
	out[0] = '\0';
	int fd[2];
	if (pipe(fd) != 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (dup2(fd[1], 1) < 0 || (null >= 0 && dup2(null, 2) < 0))
			_exit(127);
		close(fd[0]);
		execl(bin, bin, "--version", (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	if (pid > 0) {
		FILE *p = fdopen(fd[0], "r");
		if (p && fgets(out, (int)len, p))
			out[strcspn(out, "\n")] = '\0';
		if (p)
			fclose(p);
		else
			close(fd[0]);
		int st;
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			out[0] = '\0';
	} else {
		close(fd[0]);
	}
}

const char *peer_go_version(void)
{
	static char version[64];
	static bool done;
	if (done)
		return version;
	done = true;
	char bin[PATH_MAX];
	if (peer_binary_path("go", bin, sizeof bin) && access(bin, X_OK) == 0)
		read_version(bin, version, sizeof version);
	return version;
}

void peer_env_section(FILE *f, int *count, const cb_run *run)
{
	(void)run;
	bool ok = false;
	const char *why = NULL;
	peer_lookup("go", &ok, &why);
	json_kv_str(f, count, "go_version", ok ? peer_go_version() : "");
	json_kv_str(f, count, "go_peer", ok ? "available" : why);
	if (!nadded)
		return;
	/* "go_peers": {"go@1.23": {"toolchain": PATH, "toolchain_version": "go1.23.4",
	 * "runtime_version": what the built peer says, "binary": PATH}, ...} */
	char *raw = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&raw, &len);
	if (!m)
		return;
	fputc('{', m);
	for (int i = 0; i < nadded; i++) {
		added_peer *a = &added[i];
		if (!a->runtime_version[0] && access(a->binary, X_OK) == 0)
			read_version(a->binary, a->runtime_version, sizeof a->runtime_version);
		fputs(i ? ",\n    " : "\n    ", m);
		json_string(m, a->name);
		fputs(": {\"toolchain\": ", m);
		json_string(m, a->toolchain);
		fputs(", \"toolchain_version\": ", m);
		json_string(m, a->toolchain_version);
		fputs(", \"runtime_version\": ", m);
		json_string(m, a->runtime_version);
		fputs(", \"binary\": ", m);
		json_string(m, a->binary);
		fputc('}', m);
	}
	fputs("\n  }", m);
	fclose(m);
	json_kv_raw(f, count, "go_peers", raw);
	free(raw);
}
