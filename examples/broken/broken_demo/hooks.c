/*
 * hooks.c: hook mistakes pgext-ls catches (PostgreSQL 15).
 */
#include "postgres.h"

#include "executor/executor.h"
#include "fmgr.h"
#include "storage/ipc.h"
#include "storage/shmem.h"
#include "utils/guc.h"

void		_PG_init(void);

static ExecutorEnd_hook_type prev_ExecutorEnd = NULL;

/* PGX202: never calls prev_ExecutorEnd nor standard_ExecutorEnd */
static void
broken_ExecutorEnd(QueryDesc *queryDesc)	/* want PGX202 */
{
	elog(DEBUG1, "query ended");
}

/* PGX203: ExecutorStart_hook_type takes (QueryDesc *, int) */
static void
broken_ExecutorStart(QueryDesc *queryDesc)	/* want PGX203 */
{
	standard_ExecutorStart(queryDesc, 0);
}

void
_PG_init(void)
{
	/* PGX204: from PostgreSQL 15 this belongs in shmem_request_hook */
	RequestAddinShmemSpace(1024);	/* want PGX204 */

	prev_ExecutorEnd = ExecutorEnd_hook;
	ExecutorEnd_hook = broken_ExecutorEnd;
	/* PGX201: the previous ExecutorStart_hook is not saved */
	ExecutorStart_hook = broken_ExecutorStart;	/* want PGX201 */
}
