/* html_text.c — see html_text.h. */
#include "html_text.h"

#include <stdlib.h>
#include <string.h>

#include "../safe_text.h"

void html_text(FILE *out, const char *s)
{
	/* safe_text first (an escape is at most 4 bytes per input byte) */
	size_t len = strlen(s) * 4 + 1;
	char small[1024], *buf = len <= sizeof small ? small : malloc(len);
	if (!buf)
		return;
	safe_text(buf, len, s);
	for (const char *p = buf; *p; p++) {
		switch (*p) {
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '&':
			fputs("&amp;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			fputc(*p, out);
		}
	}
	if (buf != small)
		free(buf);
}
