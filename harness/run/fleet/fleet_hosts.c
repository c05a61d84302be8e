/* fleet_hosts.c — see fleet_hosts.h. */
#include "fleet_hosts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../base/file_read.h"
#include "../../base/parse.h"

#define TOKEN_MAX 1024

static bool in_set(const char *s, const char *extra)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || strchr(extra, *s)))
			return false;
	return true;
}

/* The next token of line (after *p), unquoting "..."; false at the end. A bad
 * token (an unterminated quote, too long, a control character) sets *bad. */
static bool next_token(const char **p, char *tok, bool *bad)
{
	const char *s = *p;
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s || *s == '#')
		return false;
	size_t k = 0;
	bool quoted = false;
	for (; *s && (quoted || (*s != ' ' && *s != '\t')); s++) {
		char c = *s;
		if (c == '"') {
			quoted = !quoted;
			continue;
		}
		if (quoted && c == '\\' && (s[1] == '"' || s[1] == '\\'))
			c = *++s;
		if ((unsigned char)c < 0x20 || c == 0x7f || k + 1 >= TOKEN_MAX) {
			*bad = true;
			return false;
		}
		tok[k++] = c;
	}
	tok[k] = '\0';
	*bad = quoted;
	*p = s;
	return !quoted;
}

static const char *const local_command_opts[] = {
    "ProxyCommand", "LocalCommand", "PermitLocalCommand", "KnownHostsCommand", "Match", NULL};

/* One key=value of a host line. */
static bool host_option(fleet_host *h, const char *tok, char *why, size_t len)
{
	const char *eq = strchr(tok, '=');
	char q[72];
	parse_quote(tok, q, sizeof q);
	if (!eq) {
		snprintf(why, len, "'%s' is not KEY=VALUE (name, port, identity, dir, ssh_option)",
		         q);
		return false;
	}
	size_t kl = (size_t)(eq - tok);
	const char *v = eq + 1;
	parse_quote(v, q, sizeof q);
#define IS(k) (kl == strlen(k) && strncmp(tok, k, kl) == 0)
	if (IS("name")) {
		if (!*v || strlen(v) >= sizeof h->name || v[0] == '.' || !in_set(v, "._-")) {
			snprintf(why, len,
			         "bad name '%s': 1-63 of A-Z a-z 0-9 . _ -, not starting "
			         "with .",
			         q);
			return false;
		}
		snprintf(h->name, sizeof h->name, "%.63s", v);
	} else if (IS("port")) {
		char *end;
		long p = strtol(v, &end, 10);
		if (!*v || *end || p < 1 || p > 65535) {
			snprintf(why, len, "bad port '%s': 1-65535", q);
			return false;
		}
		h->port = (int)p;
	} else if (IS("identity") || IS("dir")) {
		char *dst = IS("dir") ? h->dir : h->identity;
		if (!*v || strlen(v) >= sizeof h->dir) {
			snprintf(why, len, "bad %.*s '%s': empty or too long", (int)kl, tok, q);
			return false;
		}
		snprintf(dst, sizeof h->dir, "%.1023s", v);
	} else if (IS("ssh_option")) {
		const char *e2 = strchr(v, '=');
		char key[64] = "";
		if (e2 && (size_t)(e2 - v) < sizeof key)
			snprintf(key, sizeof key, "%.*s", (int)(e2 - v), v);
		bool ok = e2 && key[0] && in_set(key, "") && strlen(v) < sizeof h->ssh_opts[0];
		for (int i = 0; ok && local_command_opts[i]; i++)
			ok = strcasecmp(key, local_command_opts[i]) != 0;
		if (!ok) {
			snprintf(
			    why, len,
			    "bad ssh_option '%s': Key=Value, and not an option that runs a local "
			    "command (put those in your ssh config: --ssh-config)",
			    q);
			return false;
		}
		if (h->nssh_opts == FLEET_MAX_SSH_OPTS) {
			snprintf(why, len, "more than %d ssh_option", FLEET_MAX_SSH_OPTS);
			return false;
		}
		snprintf(h->ssh_opts[h->nssh_opts++], sizeof h->ssh_opts[0], "%.255s", v);
	} else {
		snprintf(why, len, "unknown key '%.*s' (name, port, identity, dir, ssh_option)",
		         (int)(kl < 40 ? kl : 40), tok);
		return false;
	}
#undef IS
	return true;
}

/* One line; false with why. */
static bool host_line(fleet_host *h, const char *line, char *why, size_t len)
{
	char tok[TOKEN_MAX];
	bool bad = false;
	const char *p = line;
	next_token(&p, tok, &bad); /* the caller saw a token */
	char q[72];
	parse_quote(tok, q, sizeof q);
	if (bad || tok[0] == '-' || !tok[0] || strlen(tok) >= sizeof h->dest ||
	    !in_set(tok, "._-:@%") || strchr(tok, '@') != strrchr(tok, '@')) {
		snprintf(why, len,
		         "bad destination '%s': [user@]host of letters, digits and ._-:@%%, not "
		         "starting with -",
		         q);
		return false;
	}
	snprintf(h->dest, sizeof h->dest, "%.255s", tok);
	snprintf(h->dir, sizeof h->dir, "corobench-fleet");
	/* the default label: the host part, with what a label cannot hold as '_' */
	const char *at = strchr(tok, '@');
	snprintf(h->name, sizeof h->name, "%.63s", at ? at + 1 : tok);
	for (char *c = h->name; *c; c++)
		if (!in_set((char[]){*c, 0}, "._-"))
			*c = '_';
	while (next_token(&p, tok, &bad))
		if (!host_option(h, tok, why, len))
			return false;
	if (bad) {
		snprintf(why, len,
		         "an unterminated quote, a control character or a value over %d "
		         "bytes",
		         TOKEN_MAX - 1);
		return false;
	}
	return true;
}

bool fleet_hosts_parse(const char *path, const char *text, size_t len, fleet_host **hosts, int *n,
                       char *err, size_t errlen)
{
	*hosts = calloc(FLEET_MAX_HOSTS, sizeof **hosts);
	*n = 0;
	if (!*hosts) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	int lineno = 0;
	for (size_t pos = 0; pos < len;) {
		size_t end = pos;
		while (end < len && text[end] != '\n')
			end++;
		lineno++;
		char line[8192];
		if (end - pos >= sizeof line) {
			snprintf(err, errlen, "%s: line %d: longer than %zu bytes", path, lineno,
			         sizeof line - 1);
			goto fail;
		}
		size_t l = end - pos;
		memcpy(line, text + pos, l);
		line[l] = '\0';
		if (l && line[l - 1] == '\r')
			line[--l] = '\0';
		pos = end + 1;
		char tok[TOKEN_MAX];
		bool bad = false;
		const char *p = line;
		if (!next_token(&p, tok, &bad) && !bad)
			continue; /* blank or comment */
		char why[600];
		if (*n == FLEET_MAX_HOSTS) {
			snprintf(err, errlen, "%s: line %d: more than %d hosts", path, lineno,
			         FLEET_MAX_HOSTS);
			goto fail;
		}
		fleet_host *h = &(*hosts)[*n];
		memset(h, 0, sizeof *h);
		h->line = lineno;
		if (!host_line(h, line, why, sizeof why)) {
			snprintf(err, errlen, "%s: line %d: %s", path, lineno, why);
			goto fail;
		}
		for (int i = 0; i < *n; i++)
			if (strcmp((*hosts)[i].name, h->name) == 0) {
				snprintf(
				    err, errlen,
				    "%s: line %d: name '%s' is line %d's too (each host needs its "
				    "own: name=LABEL)",
				    path, lineno, h->name, (*hosts)[i].line);
				goto fail;
			}
		(*n)++;
	}
	if (*n == 0) {
		snprintf(err, errlen, "%s: no host in it (one [user@]host per line)", path);
		goto fail;
	}
	return true;
fail:
	free(*hosts);
	*hosts = NULL;
	*n = 0;
	return false;
}

bool fleet_hosts_load(const char *path, fleet_host **hosts, int *n, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	if (!file_read_all(path, 1u << 20, &buf, &len, err, errlen))
		return false;
	if (memchr(buf, '\0', len)) {
		snprintf(err, errlen, "%s: not a text file (a NUL byte)", path);
		free(buf);
		return false;
	}
	bool ok = fleet_hosts_parse(path, buf, len, hosts, n, err, errlen);
	free(buf);
	return ok;
}
