/* show.c - what flurmsh and flurmtop both show of a record the controller
 * sent, worked out once so that the two say the same: a node's state word
 * with sinfo's reboot marks. Layout (columns, colours, JSON) stays each
 * program's. */
#include <stdio.h>
#include <string.h>

#include "admin/admin.h"

/* A string field of R, NULL when absent, empty or of another kind. */
static const char *rec_text(const struct admin_rec *r, const char *key)
{
	const struct admin_field *f = wire_admin_rec_get(r, key);

	return f && f->kind == ADMIN_F_STR && f->s && *f->s ? f->s : NULL;
}

const char *admin_node_state(const struct admin_rec *r, const char *none,
			     char *buf, size_t len)
{
	const char *word = rec_text(r, "state");
	const char *rb = rec_text(r, "reboot");

	if (!len)
		return buf;
	if (rb && !strcmp(rb, "issued"))
		snprintf(buf, len, "boot^");
	else
		snprintf(buf, len, "%s%s", word ? word : none, rb ? "@" : "");
	return buf;
}
