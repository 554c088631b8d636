#ifndef REL_H
#define REL_H

/* Opens a heap relation. */
extern Relation heap_open(Oid relationId, LOCKMODE lockmode);

/*
 * The size of a page.
 */
#define BLCKSZ 8192
#define Max(x, y) ((x) > (y) ? (x) : (y))

extern PGDLLIMPORT int work_mem;

typedef struct RelationData
{
	Oid			rd_id;		/* relation's object id */
	int			rd_refcnt;
} RelationData;

typedef enum LockMode
{
	NoLock,
	AccessShareLock
} LockMode;

typedef void (*hook_type) (int a);

static inline int
rel_size(Relation r)
{
	return 0;
}

extern void elog_fatal(const char *fmt,...) pg_attribute_printf(1, 2) pg_attribute_noreturn();
#ifndef HAVE_MEMMOVE
#define memmove(d, s, c) bcopy(s, d, c)
#endif

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#if defined(WIN32) && !defined(__CYGWIN__)
#define lseek(a,b,c) _lseeki64((a),(b),(c))
#endif

#include "utils/rel_d.h"
#endif
