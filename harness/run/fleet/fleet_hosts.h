/*
 * fleet_hosts.h — the hosts file of `corobench fleet HOSTS_FILE`: which machines
 * to measure over ssh, and how to reach each.
 *
 * Format: one host per line; `#` starts a comment; blank lines are skipped.
 *
 *     DEST [name=LABEL] [port=N] [identity=PATH] [dir=REMOTE_DIR] [ssh_option=Key=Value]...
 *
 *   DEST        [user@]host (a name, an IPv4 or IPv6 address, or a Host alias of
 *               the ssh config): letters, digits, `._-:@%`, not starting with `-`
 *               (it must never read as an option of ssh).
 *   name        the host's label in the results and the report (default: DEST's
 *               host part): 1-63 of `[A-Za-z0-9._-]`, not starting with `.`; the
 *               local results directory is named after it, so labels are unique.
 *   port        1-65535 (ssh -p).
 *   identity    a private key file (ssh -i, with IdentitiesOnly=yes).
 *   dir         the working directory on the host, created there (default
 *               `corobench-fleet`, relative to the remote home; `~` is not
 *               expanded: give an absolute path or a relative one).
 *   ssh_option  one `-o Key=Value` for ssh, repeatable. Options that make ssh run
 *               a local command (ProxyCommand, LocalCommand, PermitLocalCommand,
 *               KnownHostsCommand, Match) are refused here: put those in your ssh
 *               config (--ssh-config) where you can see them.
 * A value with spaces is written in double quotes: dir="/srv/bench runs"; inside
 * them `\"` and `\\` stand for `"` and `\`. No value may hold a control character.
 *
 * What it promises: either every line is valid or one error naming the file, the
 * line and the bad value (exit 2). Values are kept as given; none is ever put in
 * a shell string unquoted (fleet_ssh.c quotes each with shell_quote.h).
 */
#ifndef COROBENCH_FLEET_HOSTS_H
#define COROBENCH_FLEET_HOSTS_H

#include <stdbool.h>
#include <stddef.h>

#define FLEET_MAX_HOSTS    64
#define FLEET_MAX_SSH_OPTS 8

/* One host of the file. */
typedef struct fleet_host {
	char name[64];                          /* label                            */
	char dest[256];                         /* [user@]host                      */
	int port;                               /* 0: ssh's default                 */
	char identity[1024];                    /* "" : ssh's default keys          */
	char dir[1024];                         /* remote working directory         */
	char ssh_opts[FLEET_MAX_SSH_OPTS][256]; /* Key=Value for -o                 */
	int nssh_opts;                          /* count                            */
	int line;                               /* its line in the hosts file       */
} fleet_host;

/* Parses the hosts file at path into hosts (at most FLEET_MAX_HOSTS; malloc'd,
 * free()). False with err "PATH: line N: ...". */
bool fleet_hosts_load(const char *path, fleet_host **hosts, int *n, char *err, size_t errlen);

/* The same from text (tests). */
bool fleet_hosts_parse(const char *path, const char *text, size_t len, fleet_host **hosts, int *n,
                       char *err, size_t errlen);

#endif
