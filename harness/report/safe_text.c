/* safe_text.c — see safe_text.h. */
#include "safe_text.h"

#include <stdint.h>
#include <string.h>

/* Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlong forms,
 * no surrogates, nothing above U+10FFFF) and its code point; 0 when p does not
 * start one. p[0] is not NUL. */
static int utf8_seq(const unsigned char *p, uint32_t *cp)
{
	unsigned char c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	int n;
	uint32_t v, min;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, v = c & 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, v = c & 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, v = c & 0x07, min = 0x10000;
	else
		return 0; /* a continuation byte, C0/C1 (overlong 2-byte), or F5..FF */
	for (int i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80) /* also stops at the terminating NUL */
			return 0;
		v = v << 6 | (p[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

static bool printable(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
		return false;
	if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
		return false;
	return true;
}

/* The next unit of s at *p: its safe form into unit (as is, or an escape),
 * advancing *p. Returns the unit's length. */
static size_t next_unit(const unsigned char **p, char unit[16])
{
	uint32_t cp;
	int n = utf8_seq(*p, &cp);
	if (n > 0 && printable(cp)) {
		memcpy(unit, *p, (size_t)n);
		*p += n;
		return (size_t)n;
	}
	static const char hex[] = "0123456789abcdef";
	size_t k = 0;
	unit[k++] = '\\';
	if (n == 1) { /* C0 or DEL */
		char named = cp == '\n'   ? 'n'
		             : cp == '\r' ? 'r'
		             : cp == '\t' ? 't'
		             : cp == 0x1B ? 'e'
		                          : 0;
		if (named) {
			unit[k++] = named;
		} else {
			unit[k++] = 'x';
			unit[k++] = hex[cp >> 4];
			unit[k++] = hex[cp & 15];
		}
		*p += 1;
	} else if (n > 1) { /* C1 or a bidi control: well-formed, but not shown */
		k += (size_t)snprintf(unit + k, 16 - k, "u{%04X}", (unsigned)cp);
		*p += n;
	} else { /* not UTF-8: the one byte */
		unit[k++] = 'x';
		unit[k++] = hex[**p >> 4];
		unit[k++] = hex[**p & 15];
		*p += 1;
	}
	return k;
}

bool safe_text(char *out, size_t len, const char *s)
{
	if (len == 0)
		return false;
	size_t w = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		char unit[16];
		size_t k = next_unit(&p, unit);
		if (w + k >= len) {
			out[w] = '\0';
			return false;
		}
		memcpy(out + w, unit, k);
		w += k;
	}
	out[w] = '\0';
	return true;
}

void safe_fputs(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		char unit[16];
		size_t k = next_unit(&p, unit);
		fwrite(unit, 1, k, f);
	}
}

void safe_line(FILE *f, const char *prefix, const char *s)
{
	fputs(prefix, f);
	safe_fputs(f, s);
	fputc('\n', f);
}

bool safe_text_clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t cp;
		int n = utf8_seq(p, &cp);
		if (n == 0 || !printable(cp))
			return false;
		p += n;
	}
	return true;
}
