/*
 * Compiled for PostgreSQL 16 only: MyProcNumber is 17's.
 */
#include "postgres.h"
#include "miscadmin.h"
#include "storage/proc.h"

extern void compat_init(void);
extern int	compat_count(int n);

void
compat_init(void)
{
}

int
compat_count(int n)
{
	return n + MyProcNumber;	/* want@16 PGX205 */
}
