/*
 * Compiled for PostgreSQL 9.4 only, which no supported major is.
 */
#include "postgres.h"
#include "access/heapam.h"

extern int	compat_count(int n);

int
compat_count(int n)
{
	Relation	rel = heap_open(n, AccessShareLock);

	heap_close(rel, AccessShareLock);
	return n;
}
