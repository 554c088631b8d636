/*
 * Compiled for every major: what some majors lack is reported for them.
 */
#include "postgres.h"
#include "fmgr.h"

PG_MODULE_MAGIC;

extern void compat_init(void);
extern int	compat_count(int n);

void		_PG_init(void);

void
_PG_init(void)
{
	compat_init();
}

PG_FUNCTION_INFO_V1(versioned_count);

Datum
versioned_count(PG_FUNCTION_ARGS)
{
	int			n = PG_GETARG_INT32(0);

	AssertArg(n >= 0);			/* want@16,17,18 PGX205 */
	PG_RETURN_INT32(compat_count(n));
}
