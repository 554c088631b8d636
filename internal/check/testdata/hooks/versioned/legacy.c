/*
 * Compiled for PostgreSQL 13 and 14 only ($(filter 13% 14%,$(VNUM))).
 */
#include "postgres.h"
#include "access/heapam.h"
#include "commands/vacuum.h"

extern int	legacy_count(Oid relid);

int
legacy_count(Oid relid)
{
	Relation	rel = heap_open(relid, AccessShareLock);	/* want@13,14 PGX205 */

	AssertArg(relid != InvalidOid);
	vacuum_delay_point();
	heap_close(rel, AccessShareLock);	/* want@13,14 PGX205 */
	return 0;
}
