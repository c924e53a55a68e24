/* senda — the screens, one file and one view_ops each. */
#ifndef SENDA_SCREENS_H
#define SENDA_SCREENS_H

#include "ui/view.h"

extern const struct view_ops home_view;     /* arg: NULL */
extern const struct view_ops people_view;   /* arg: "search" to start searching, or NULL */
extern const struct view_ops intake_view;   /* arg: participant id to edit, or NULL for new */
extern const struct view_ops record_view;   /* arg: participant id */
extern const struct view_ops setup_view;    /* arg: NULL */
extern const struct view_ops help_view;     /* arg: the struct view * it explains */

#endif
