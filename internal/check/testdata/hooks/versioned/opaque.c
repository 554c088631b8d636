/*
 * Compiled under a condition on the version that pgext-ls does not
 * follow (grep -o): judged for no major.
 */
#include "postgres.h"
#include "access/heapam.h"

extern int	opaque_count(Oid relid);

int
opaque_count(Oid relid)
{
	Relation	rel = heap_open(relid, AccessShareLock);

	heap_close(rel, AccessShareLock);
	return 0;
}
