/*
 * Compiled for PostgreSQL 18 only (ifeq ($(MAJORVERSION),18)).
 */
#include "postgres.h"
#include "commands/vacuum.h"
#include "storage/proc.h"
#include "utils/snapmgr.h"

extern int	new_count(int n);

int
new_count(int n)
{
	vacuum_delay_point(false);
	if (old_snapshot_threshold >= 0)	/* want@18 PGX205 */
		n++;
	vacuum_delay_point();		/* want@18 PGX206 */
	return n + MyProcNumber;
}
