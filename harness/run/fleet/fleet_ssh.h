/*
 * fleet_ssh.h — the ssh backend of `corobench fleet` (fleet.h): each host is
 * reached with the user's own OpenSSH client (their keys, agent and config; no
 * program of ours runs there but corobench itself) in three steps:
 *
 *   ship   `tar -c` here | ssh HOST: unpack into DIR/bin (--binary: corobench,
 *          corobench-go, bench.sh) or DIR/src (the source tree without build*,
 *          results and .git; an earlier build/ there is kept, so make rebuilds
 *          only what changed)
 *   run    ssh HOST: in DIR, `corobench run ARGS --out results/ID` (--binary) or
 *          `make all` then the same from src/; without run options `make bench`
 *          (or bin/bench.sh) into results/ID; the same --seed on every host
 *   fetch  ssh HOST: `tar -c` of DIR/results/ID | `tar -x` here, into
 *          OUT/.NAME.fetch, sanitized (fleet_sanitize), renamed to OUT/NAME
 *
 * Why tar over ssh and not scp or rsync: one quoting rule for every path. scp
 * reads a remote path through the remote shell in its legacy mode and not in its
 * SFTP mode (the default since OpenSSH 9.0), so the same path means different
 * things on different clients; rsync is often not installed. tar is everywhere,
 * and here its paths are arguments of a command we write.
 *
 * Quoting. ssh hands its command to the remote login shell as one string, so a
 * remote shell is unavoidable. Each remote step is `sh -c SCRIPT corobench-fleet
 * ARG...`: SCRIPT is a constant of this file (it holds no value from the command
 * line or the hosts file: those arrive as its positional parameters, "$1"...),
 * and every word of that command is quoted by shell_quote.h's one tested rule.
 * Values with control characters are refused before anything connects. The
 * remote login shell must be a POSIX shell (sh, bash, dash, zsh, ksh); csh and
 * fish read single quotes differently. Locally, ssh and tar are exec'd with
 * argv arrays (proc.h): no local shell.
 *
 * ssh runs with BatchMode=yes (never a password prompt), ConnectTimeout=20 and
 * ServerAliveInterval=15 x 4 (a host that vanishes fails the host in a minute),
 * plus the host's port, identity (IdentitiesOnly=yes) and ssh_options, and
 * --ssh-config FILE as -F.
 */
#ifndef COROBENCH_FLEET_SSH_H
#define COROBENCH_FLEET_SSH_H

#include <stdbool.h>
#include <stdio.h>

#include "fleet.h"
#include "fleet_hosts.h"

/* The backend's host function for fleet_parallel: arg is the fleet_host array. */
void fleet_ssh_host(const fleet_job *job, int host, void *arg, fleet_outcome *out);

/* The three steps of one host as the commands they exec, shell-quoted one per
 * line (for --dry-run: nothing connects). */
void fleet_ssh_plan(FILE *f, const fleet_job *job, const fleet_host *h);

/* Checks that every value that will reach a remote shell can (no control
 * character); false with err naming it. */
bool fleet_ssh_check(const fleet_job *job, const fleet_host *hosts, int n, char *err,
                     size_t errlen);

#endif
