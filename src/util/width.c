/* senda — fitting text into terminal columns with libunistring widths. */
#include <config.h>

#include <string.h>
#include <unistr.h>
#include <unictype.h>
#include <uniwidth.h>

#include "senda/mem.h"
#include "senda/text.h"
#include "senda/width.h"

/* Shown as U+FFFD, one column: C0, DEL, C1 and the bidirectional controls. */
static bool
is_control(ucs4_t c)
{
	return text_char_is_control(c);
}

char *
text_fit(const char *s, size_t cols, bool pad)
{
	static const char ellipsis[] = "\xe2\x80\xa6";      /* … */
	static const char replacement[] = "\xef\xbf\xbd";   /* U+FFFD */
	const uint8_t *in = (const uint8_t *)(s ? s : "");
	size_t len = strlen((const char *)in);
	char *out = xmalloc(len * 3 + cols + 8);
	size_t o = 0, used = 0;
	/* Width of the whole string first: cut only when it does not fit. */
	size_t total = 0;
	for (const uint8_t *p = in; *p;) {
		ucs4_t c;
		int n = u8_mbtouc(&c, p, len - (size_t)(p - in));
		int w = is_control(c) ? 1 : uc_width(c, "UTF-8");
		total += w > 0 ? (size_t)w : 0;
		p += n > 0 ? n : 1;
	}
	size_t limit = total > cols ? (cols > 0 ? cols - 1 : 0) : cols;
	for (const uint8_t *p = in; *p;) {
		ucs4_t c;
		int n = u8_mbtouc(&c, p, len - (size_t)(p - in));
		if (n <= 0)
			n = 1;
		bool ctl = is_control(c);
		int w = ctl ? 1 : uc_width(c, "UTF-8");
		if (w < 0)
			w = 0;
		if (used + (size_t)w > limit)
			break;
		if (ctl || c == 0xfffd) {
			memcpy(out + o, replacement, 3);
			o += 3;
		} else {
			memcpy(out + o, p, (size_t)n);
			o += (size_t)n;
		}
		used += (size_t)w;
		p += n;
	}
	if (total > cols && cols > 0) {
		memcpy(out + o, ellipsis, 3);
		o += 3;
		used++;
	}
	while (pad && used < cols) {
		out[o++] = ' ';
		used++;
	}
	out[o] = '\0';
	return out;
}
