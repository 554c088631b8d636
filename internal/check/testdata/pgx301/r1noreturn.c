/*
 * Calls after one that does not return never run: abort() or exit() to
 * quiet a compiler that does not know elog(ERROR) does not return is no
 * exit in server code. After a call that may return, or one that only a
 * condition guards, it still is.
 */
#include "postgres.h"
#include <stdlib.h>

void		r1_bad_datum(void);
void		r1_bad_family(int family);
void		r1_notice_then_exit(void);
void		r1_maybe_error(bool broken);
void		r1_after_label(int kind);
void		r1_unreachable(void);

void
r1_bad_datum(void)
{
	elog(ERROR, "invalid datum");

	/* keep the compiler quiet */
	abort();
}

void
r1_bad_family(int family)
{
	switch (family)
	{
		case 1:
			ereport(FATAL,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg("family %d is not supported", family)));
			exit(1);
		default:
			break;
	}
}

void
r1_unreachable(void)
{
	pg_unreachable();
	abort();
}

void
r1_notice_then_exit(void)
{
	elog(NOTICE, "leaving");
	exit(1);					/* want PGX302 */
}

void
r1_maybe_error(bool broken)
{
	if (broken)
		elog(ERROR, "broken");
	abort();					/* want PGX302 */
}

void
r1_after_label(int kind)
{
	if (kind == 0)
		goto fail;
	elog(ERROR, "kind %d", kind);
fail:
	abort();					/* want PGX302 */
}
