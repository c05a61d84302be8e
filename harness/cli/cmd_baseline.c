/*
 * cmd_baseline.c — `corobench baseline save NAME DIR [--force] | list | rm NAME`:
 * results directories kept under a name (results/baseline.h says where and how),
 * for `corobench compare --baseline NAME DIR` later.
 * Exit status: 0 done; 1 an I/O error (a full disk: nothing half-saved is left);
 * 2 bad usage or input: a bad name, a damaged or missing source or baseline
 * (named with its file and line), NAME that exists without --force; `list`
 * shows every baseline and exits 2 when one of them is damaged, naming it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/status.h"
#include "../report/safe_text.h"
#include "../results/baseline.h"
#include "command.h"

static int baseline_main(int argc, char **argv);

static const cb_command cmd_baseline = {
    .name = "baseline",
    .usage = "baseline save NAME DIR [--force]   keep results directory DIR as NAME\n"
             "       corobench baseline list                     the baselines kept\n"
             "       corobench baseline rm NAME                  remove one\n\n"
             "Baselines live in $COROBENCH_BASELINES, else $XDG_DATA_HOME/corobench/baselines,\n"
             "else ~/.local/share/corobench/baselines, one directory each with the run's\n"
             "runs.csv, summary.csv, bench.txt, env.json, failures.csv, skipped.csv,\n"
             "topology.xml and latency/. Compare against one with\n"
             "corobench compare --baseline NAME DIR [--fail-on-regression 5%].\n"
             "  --force   save replaces an existing NAME (atomically)",
    .summary = "keep, list and remove named baselines to compare against",
    .main = baseline_main,
};
CMD_REGISTER(cmd_baseline)

static int fail(int status, const char *err)
{
	safe_line(stderr, "corobench baseline: ", err);
	return status == CB_EFAIL ? 1 : 2;
}

static int usage(const char *why)
{
	fprintf(stderr, "corobench baseline: %s (see corobench baseline --help)\n", why);
	return 2;
}

static int save(int argc, char **argv)
{
	const char *pos[2];
	int npos = 0;
	bool force = false;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--force")) {
			force = true;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			char v[81];
			safe_text(v, sizeof v, argv[i]);
			fprintf(stderr, "corobench baseline: unknown option '%s'\n", v);
			return 2;
		} else if (npos == 2) {
			return usage("save takes NAME and DIR");
		} else {
			pos[npos++] = argv[i];
		}
	}
	if (npos != 2)
		return usage("save takes NAME and DIR");
	char err[4600];
	int rc = baseline_save(pos[0], pos[1], force, err, sizeof err);
	if (rc != CB_OK)
		return fail(rc, err);
	char where[4400];
	baseline_path(pos[0], where, sizeof where, err, sizeof err);
	printf("saved baseline %s: %s\n", pos[0], where);
	return 0;
}

static void cell(const char *s, int width)
{
	char buf[1200];
	safe_text(buf, sizeof buf, s && s[0] ? s : "-");
	printf("%-*s ", width, buf);
}

static int list(void)
{
	char root[4096], err[600];
	if (!baseline_root(root, sizeof root, err, sizeof err))
		return fail(CB_EINVAL, err);
	baseline_info *b;
	int n;
	if (!baseline_list(&b, &n, err, sizeof err))
		return fail(CB_EFAIL, err);
	printf("baselines in ");
	safe_fputs(stdout, root);
	printf(" (%d)\n", n);
	if (n)
		printf("%-20s %-24s %-16s %7s  %s\n", "name", "saved", "host", "configs",
		       "cpu, compiler, source");
	int damaged = 0;
	for (int i = 0; i < n; i++) {
		cell(b[i].name, 20);
		if (b[i].damaged[0]) {
			printf("DAMAGED: ");
			safe_fputs(stdout, b[i].damaged);
			putchar('\n');
			damaged++;
			continue;
		}
		cell(b[i].saved, 24);
		cell(b[i].host, 16);
		printf("%7d  ", b[i].configurations);
		char cpu[400], comp[400], src[1200];
		safe_text(cpu, sizeof cpu, b[i].cpu);
		safe_text(comp, sizeof comp, b[i].compiler);
		safe_text(src, sizeof src, b[i].source);
		printf("%s, %s, from %s\n", cpu, comp, src);
	}
	for (int i = 0; i < n; i++)
		if (b[i].damaged[0]) /* the one line a script reads on stderr */
			fprintf(stderr, "corobench baseline: baseline '%s' is damaged: %s\n",
			        b[i].name, b[i].damaged);
	free(b);
	return damaged ? 2 : 0;
}

static int rm(int argc, char **argv)
{
	if (argc != 1)
		return usage("rm takes one NAME");
	char err[4600];
	int rc = baseline_rm(argv[0], err, sizeof err);
	if (rc != CB_OK)
		return fail(rc, err);
	printf("removed baseline %s\n", argv[0]);
	return 0;
}

static int baseline_main(int argc, char **argv)
{
	if (argc < 2)
		return usage("save, list or rm");
	const char *sub = argv[1];
	if (!strcmp(sub, "-h") || !strcmp(sub, "--help"))
		return cmd_help(&cmd_baseline);
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return cmd_help(&cmd_baseline);
	if (!strcmp(sub, "save"))
		return save(argc - 2, argv + 2);
	if (!strcmp(sub, "list"))
		return argc == 2 ? list() : usage("list takes no argument");
	if (!strcmp(sub, "rm"))
		return rm(argc - 2, argv + 2);
	char v[81];
	safe_text(v, sizeof v, sub);
	fprintf(stderr, "corobench baseline: unknown subcommand '%s': save, list or rm\n", v);
	return 2;
}
