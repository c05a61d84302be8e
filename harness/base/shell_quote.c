/* shell_quote.c — see shell_quote.h. */
#include "shell_quote.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static bool plain(const char *w)
{
	if (!*w)
		return false;
	for (const char *p = w; *p; p++)
		if (!strchr(
		        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+=.,:/@%",
		        *p))
			return false;
	return true;
}

/* Length of the quoted form of w (no NUL). */
static size_t quoted_len(const char *w)
{
	if (plain(w))
		return strlen(w);
	size_t n = 2;
	for (const char *p = w; *p; p++)
		n += *p == '\'' ? 4 : 1;
	return n;
}

static size_t put_quoted(char *out, const char *w)
{
	if (plain(w)) {
		size_t n = strlen(w);
		memcpy(out, w, n);
		return n;
	}
	size_t k = 0;
	out[k++] = '\'';
	for (const char *p = w; *p; p++) {
		if (*p == '\'') {
			memcpy(out + k, "'\\''", 4);
			k += 4;
		} else {
			out[k++] = *p;
		}
	}
	out[k++] = '\'';
	return k;
}

bool shq_append(char *buf, size_t len, size_t *used, const char *w)
{
	size_t need = quoted_len(w) + (*used ? 1 : 0);
	if (*used + need + 1 > len)
		return false;
	if (*used)
		buf[(*used)++] = ' ';
	*used += put_quoted(buf + *used, w);
	buf[*used] = '\0';
	return true;
}

char *shq_join(const char *const *argv)
{
	size_t total = 1;
	for (int i = 0; argv[i]; i++)
		total += quoted_len(argv[i]) + 1;
	char *s = xmalloc(total);
	size_t used = 0;
	s[0] = '\0';
	for (int i = 0; argv[i]; i++)
		shq_append(s, total, &used, argv[i]);
	return s;
}

bool shq_safe_remote(const char *w)
{
	for (const unsigned char *p = (const unsigned char *)w; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}
