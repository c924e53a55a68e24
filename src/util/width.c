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
	char *out = xmalloc(TEXT_FIT_ROOM(s ? strlen(s) : 0, cols));
	text_fit_to(out, s, cols, pad);
	return out;
}

size_t
text_fit_to(char *out, const char *s, size_t cols, bool pad)
{
	static const char ellipsis[] = "\xe2\x80\xa6";      /* … */
	static const char replacement[] = "\xef\xbf\xbd";   /* U+FFFD */
	const uint8_t *in = (const uint8_t *)(s ? s : "");
	size_t len = strlen((const char *)in);
	/* One pass, each character measured once: copy while it fits; keep
	 * where the text stood when one column was still free for "…", and
	 * cut back there if the text turns out to be too long. */
	size_t o = 0, used = 0, cut_o = 0, cut_used = 0;
	bool over = false;
	const uint8_t *p = in;
	while (*p) {
		int w, n;
		if (*p >= 0x20 && *p < 0x7f) {
			/* Printable ASCII: one column, no table to look up. */
			if (used + 1 > cols) {
				over = true;
				break;
			}
			out[o++] = (char)*p++;
			used++;
		} else {
			ucs4_t c;
			n = u8_mbtouc(&c, p, len - (size_t)(p - in));
			if (n <= 0)
				n = 1;
			bool ctl = is_control(c);
			w = ctl ? 1 : uc_width(c, "UTF-8");
			if (w < 0)
				w = 0;
			if (used + (size_t)w > cols) {
				over = true;
				break;
			}
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
		if (cols > 0 && used <= cols - 1) {
			cut_o = o;
			cut_used = used;
		}
	}
	/* Characters of no width after the last one that fits still fit. */
	if (over && cols > 0) {
		o = cut_o;
		used = cut_used;
		memcpy(out + o, ellipsis, 3);
		o += 3;
		used++;
	} else if (over) {
		o = used = 0;
	}
	while (pad && used < cols) {
		out[o++] = ' ';
		used++;
	}
	out[o] = '\0';
	return o;
}
