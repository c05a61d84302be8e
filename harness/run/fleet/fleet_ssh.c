/* fleet_ssh.c — see fleet_ssh.h. */
#include "fleet_ssh.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../base/fs.h"
#include "../../base/proc.h"
#include "../../base/shell_quote.h"
#include "../../base/xalloc.h"

/* The remote scripts: constants, so no value is ever part of their text. Their
 * parameters arrive as "$1"... (see the file comment of fleet_ssh.h). */

/* One line each (a newline inside quotes is literal to sh, but no newline is
 * the safer text to hand any login shell). */

/* $1 DIR, $2 bin|src: unpack the tar on stdin into DIR/$2, keeping src/build */
static const char ship_script[] =
    "set -e; mkdir -p -- \"$1\"; cd -- \"$1\"; rm -rf -- \"$2.new\"; mkdir -- \"$2.new\"; "
    "tar -C \"$2.new\" -xf -; if [ -d \"$2/build\" ]; then mv -- \"$2/build\" "
    "\"$2.new/build\"; fi; rm -rf -- \"$2\"; mv -- \"$2.new\" \"$2\"";

/* $1 DIR, $2 mode, $3 run id, $4 seed, then the run options */
static const char run_script[] =
    "set -e; cd -- \"$1\"; mode=$2 id=$3 seed=$4; shift 4; mkdir -p results; case $mode in "
    "bin-run) exec ./bin/corobench run \"$@\" --out \"results/$id\" ;; "
    "bin-bench) BUILD=bin COROBENCH_OUT=\"results/$id\" COROBENCH_SEED=\"$seed\" exec bash "
    "bin/bench.sh ;; "
    "src-run) cd src && make -j\"$(nproc 2>/dev/null || echo 2)\" all && exec ./build/corobench "
    "run \"$@\" --out \"../results/$id\" ;; "
    "src-bench) cd src && COROBENCH_OUT=\"../results/$id\" COROBENCH_SEED=\"$seed\" exec make "
    "bench ;; "
    "esac; exit 2";

/* $1 DIR, $2 run id: the results directory as a tar on stdout */
static const char fetch_script[] = "cd -- \"$1/results\" && exec tar -cf - -- \"$2\"";

#define MAX_ARGV 96

/* An argv under construction, with the strings it owns. */
typedef struct argv_t {
	const char *v[MAX_ARGV]; /* NULL-terminated           */
	int n;                   /* count                     */
	char *owned[4];          /* strings to free           */
	int nowned;              /* count                     */
	char port[8];            /* -p's value                */
} argv_t;

static void add(argv_t *a, const char *s)
{
	if (a->n < MAX_ARGV - 1)
		a->v[a->n++] = s;
	a->v[a->n] = NULL;
}

static void argv_free(argv_t *a)
{
	for (int i = 0; i < a->nowned; i++)
		free(a->owned[i]);
	a->nowned = 0;
}

/* ssh [options] -- DEST 'sh -c SCRIPT corobench-fleet ARGS...' */
static void ssh_argv(const fleet_job *job, const fleet_host *h, const char *script,
                     const char *const *args, argv_t *a)
{
	memset(a, 0, sizeof *a);
	const char *fixed[] = {"ssh", "-T",
	                       "-o",  "BatchMode=yes",
	                       "-o",  "ConnectTimeout=20",
	                       "-o",  "ServerAliveInterval=15",
	                       "-o",  "ServerAliveCountMax=4",
	                       NULL};
	for (int i = 0; fixed[i]; i++)
		add(a, fixed[i]);
	if (job->ssh_config) {
		add(a, "-F");
		add(a, job->ssh_config);
	}
	if (h->port) {
		snprintf(a->port, sizeof a->port, "%d", h->port);
		add(a, "-p");
		add(a, a->port);
	}
	if (h->identity[0]) {
		add(a, "-i");
		add(a, h->identity);
		add(a, "-o");
		add(a, "IdentitiesOnly=yes");
	}
	for (int i = 0; i < h->nssh_opts; i++) {
		add(a, "-o");
		add(a, h->ssh_opts[i]);
	}
	add(a, "--"); /* nothing after this reads as an option of ssh */
	add(a, h->dest);
	const char *remote[MAX_ARGV] = {"sh", "-c", script, "corobench-fleet"};
	int r = 4;
	for (int i = 0; args[i] && r < MAX_ARGV - 1; i++)
		remote[r++] = args[i];
	remote[r] = NULL;
	char *cmd = shq_join(remote);
	a->owned[a->nowned++] = cmd;
	add(a, cmd);
}

static bool exists(const char *dir, const char *name)
{
	char p[4400];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return access(p, F_OK) == 0;
}

/* The local tar that packs what is shipped. */
static void ship_tar_argv(const fleet_job *job, argv_t *a, char *scripts, size_t len)
{
	memset(a, 0, sizeof *a);
	add(a, "tar");
	add(a, "-cf");
	add(a, "-");
	if (job->binary) {
		add(a, "-C");
		add(a, job->bin_dir);
		add(a, "corobench");
		if (exists(job->bin_dir, "corobench-go"))
			add(a, "corobench-go");
		snprintf(scripts, len, "%s/scripts", job->src_dir);
		if (job->src_dir[0] && exists(scripts, "bench.sh")) {
			add(a, "-C");
			add(a, scripts);
			add(a, "bench.sh");
		}
	} else {
		add(a, "-C");
		add(a, job->src_dir);
		add(a, "--exclude=./build");
		add(a, "--exclude=./build-*");
		add(a, "--exclude=./results");
		add(a, "--exclude=./.git");
		add(a, ".");
	}
}

static const char *run_mode(const fleet_job *job)
{
	bool bench = !job->run_args || !job->run_args[0];
	return job->binary ? (bench ? "bin-bench" : "bin-run") : (bench ? "src-bench" : "src-run");
}

/* The run step's arguments: DIR, mode, id, seed, the run options. */
static void run_args(const fleet_job *job, const fleet_host *h, const char **args, char *seed,
                     size_t len)
{
	snprintf(seed, len, "%llu", (unsigned long long)job->seed);
	int n = 0;
	args[n++] = h->dir;
	args[n++] = run_mode(job);
	args[n++] = job->id;
	args[n++] = seed;
	for (int i = 0; job->run_args && job->run_args[i] && n < MAX_ARGV - 8; i++)
		args[n++] = job->run_args[i];
	args[n] = NULL;
}

bool fleet_ssh_check(const fleet_job *job, const fleet_host *hosts, int n, char *err, size_t errlen)
{
	for (int i = 0; job->run_args && job->run_args[i]; i++)
		if (!shq_safe_remote(job->run_args[i])) {
			snprintf(err, errlen,
			         "run option %d holds a control character: it cannot be sent to a "
			         "remote shell",
			         i + 1);
			return false;
		}
	for (int i = 0; i < n; i++)
		if (!shq_safe_remote(hosts[i].dir)) {
			snprintf(err, errlen, "host %s: dir holds a control character",
			         hosts[i].name);
			return false;
		}
	return true;
}

static void print_argv(FILE *f, const char *label, const argv_t *a, const char *pipe_to)
{
	char *s = shq_join(a->v);
	fprintf(f, "  %-6s %s%s%s\n", label, s, pipe_to ? " | " : "", pipe_to ? pipe_to : "");
	free(s);
}

void fleet_ssh_plan(FILE *f, const fleet_job *job, const fleet_host *h)
{
	argv_t tar, ssh;
	char scripts[4200], seed[32], fetchdir[4400];
	fprintf(f, "%s (%s%s%d, line %d):\n", h->name, h->dest, h->port ? " port " : "", h->port,
	        h->line);
	ship_tar_argv(job, &tar, scripts, sizeof scripts);
	const char *ship[] = {h->dir, job->binary ? "bin" : "src", NULL};
	ssh_argv(job, h, ship_script, ship, &ssh);
	char *sshs = shq_join(ssh.v);
	print_argv(f, "ship:", &tar, sshs);
	free(sshs);
	argv_free(&ssh);
	const char *args[MAX_ARGV];
	run_args(job, h, args, seed, sizeof seed);
	ssh_argv(job, h, run_script, args, &ssh);
	print_argv(f, "run:", &ssh, NULL);
	argv_free(&ssh);
	const char *fetch[] = {h->dir, job->id, NULL};
	ssh_argv(job, h, fetch_script, fetch, &ssh);
	snprintf(fetchdir, sizeof fetchdir, "%s/.%s.fetch", job->out, h->name);
	const char *untar[] = {
	    "tar", "-C", fetchdir, "-xf", "-", "--no-same-owner", "--no-same-permissions", NULL};
	char *u = shq_join(untar);
	print_argv(f, "fetch:", &ssh, u);
	free(u);
	argv_free(&ssh);
}

/* The last non-empty line the log got since offset `from` (the step's own
 * output), for a failure's reason. */
static void last_line(int log, off_t from, char *out, size_t len)
{
	out[0] = '\0';
	off_t end = lseek(log, 0, SEEK_END);
	if (end <= from)
		return;
	off_t start = end - from > 4096 ? end - 4096 : from;
	char buf[4097];
	ssize_t k = pread(log, buf, (size_t)(end - start), start);
	if (k <= 0)
		return;
	buf[k] = '\0';
	while (k > 0 && (buf[k - 1] == '\n' || buf[k - 1] == '\r' || buf[k - 1] == ' '))
		buf[--k] = '\0';
	char *nl = strrchr(buf, '\n');
	snprintf(out, len, "%.300s", nl ? nl + 1 : buf);
}

/* Runs `left | right` (either may be NULL: a single command), output to log. */
static int pipeline(const argv_t *left, const argv_t *right, int log, char *err, size_t errlen)
{
	if (!right) {
		proc_opts o = {.in = -1, .out = log, .err = log};
		return proc_run(left->v, &o, err, errlen);
	}
	int p[2];
	if (pipe2(p, O_CLOEXEC) != 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return -1;
	}
	proc_opts lo = {.in = -1, .out = p[1], .err = log};
	proc_opts ro = {.in = p[0], .out = log, .err = log};
	pid_t a = proc_spawn(left->v, &lo, err, errlen);
	pid_t b = a < 0 ? -1 : proc_spawn(right->v, &ro, err, errlen);
	close(p[0]);
	close(p[1]);
	int sa = a < 0 ? -1 : proc_wait(a), sb = b < 0 ? -1 : proc_wait(b);
	/* the first to fail says why, except a writer killed by SIGPIPE (141): its
	 * reader failed first (ssh could not connect, tar refused the stream) */
	if (sa == 128 + 13 && sb != 0)
		return sb;
	return sa != 0 ? sa : sb;
}

static void note(int log, const char *step, const fleet_host *h)
{
	dprintf(log, "== corobench fleet: %s on %s (%s)\n", step, h->name, h->dest);
}

/* One step; false (reason filled) when it failed. */
static bool step(const char *what, const argv_t *left, const argv_t *right, int log,
                 fleet_outcome *out, int *status)
{
	off_t from = lseek(log, 0, SEEK_END);
	char err[300] = "", line[400];
	int rc = pipeline(left, right, log, err, sizeof err);
	if (status)
		*status = rc;
	if (rc == 0 || (status && rc == 1 && strcmp(what, "run") == 0))
		return true;
	last_line(log, from, line, sizeof line);
	if (rc < 0)
		snprintf(out->reason, sizeof out->reason, "%s: could not start: %s", what,
		         err[0] ? err : line);
	else if (rc == 255) /* ssh's own failure: tar never exits 255 */
		snprintf(out->reason, sizeof out->reason, "%s: ssh failed: %s", what, line);
	else
		snprintf(out->reason, sizeof out->reason, "%s: exit %d: %s", what, rc, line);
	return false;
}

void fleet_ssh_host(const fleet_job *job, int i, void *arg, fleet_outcome *out)
{
	const fleet_host *h = &((const fleet_host *)arg)[i];
	snprintf(out->name, sizeof out->name, "%s", h->name);
	if (h->port)
		snprintf(out->where, sizeof out->where, "%.250s:%d", h->dest, h->port);
	else
		snprintf(out->where, sizeof out->where, "%.250s", h->dest);
	char path[4400];
	snprintf(path, sizeof path, "%s/%s.log", job->out, h->name);
	int log = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
	if (log < 0) {
		snprintf(out->reason, sizeof out->reason, "cannot write %.600s: %s", path,
		         strerror(errno));
		return;
	}
	argv_t tar, ssh;
	char scripts[4200], seed[32];
	/* ship */
	note(log, "ship", h);
	ship_tar_argv(job, &tar, scripts, sizeof scripts);
	const char *ship[] = {h->dir, job->binary ? "bin" : "src", NULL};
	ssh_argv(job, h, ship_script, ship, &ssh);
	bool ok = step("ship", &tar, &ssh, log, out, NULL);
	argv_free(&ssh);
	/* run */
	if (ok) {
		note(log, "run", h);
		const char *args[MAX_ARGV];
		run_args(job, h, args, seed, sizeof seed);
		ssh_argv(job, h, run_script, args, &ssh);
		ok = step("run", &ssh, NULL, log, out, &out->run_exit);
		argv_free(&ssh);
	}
	/* fetch, into a dot directory, sanitized, then renamed */
	char fetchdir[4400], got[4500];
	snprintf(fetchdir, sizeof fetchdir, "%s/.%s.fetch", job->out, h->name);
	snprintf(got, sizeof got, "%s/%s", fetchdir, job->id);
	snprintf(out->results, sizeof out->results, "%s/%s", job->out, h->name);
	if (ok) {
		note(log, "fetch", h);
		fs_rm_tree(fetchdir);
		char err[600];
		if (!fs_mkdirs(fetchdir, err, sizeof err)) {
			snprintf(out->reason, sizeof out->reason, "fetch: %s", err);
			ok = false;
		}
		const char *fetch[] = {h->dir, job->id, NULL};
		ssh_argv(job, h, fetch_script, fetch, &ssh);
		argv_t untar;
		memset(&untar, 0, sizeof untar);
		const char *u[] = {
		    "tar", "-C", fetchdir, "-xf", "-", "--no-same-owner", "--no-same-permissions",
		    NULL};
		for (int k = 0; u[k]; k++)
			add(&untar, u[k]);
		ok = ok && step("fetch", &ssh, &untar, log, out, NULL);
		argv_free(&ssh);
		struct stat st;
		if (ok && (lstat(got, &st) != 0 || !S_ISDIR(st.st_mode))) {
			snprintf(out->reason, sizeof out->reason,
			         "fetch: no results directory %s came back", job->id);
			ok = false;
		}
		if (ok) {
			fleet_sanitize(fetchdir);
			if (rename(got, out->results) != 0) {
				snprintf(out->reason, sizeof out->reason,
				         "fetch: cannot rename to %.600s: %s", out->results,
				         strerror(errno));
				ok = false;
			}
		}
		fs_rm_tree(fetchdir);
	}
	if (ok && out->run_exit == 1)
		snprintf(out->reason, sizeof out->reason,
		         "delivered, but some configurations failed (see its failures.csv)");
	out->ok = ok;
	dprintf(log, "== corobench fleet: %s: %s%s%s\n", h->name, ok ? "delivered" : "FAILED",
	        out->reason[0] ? ": " : "", out->reason);
	close(log);
}
