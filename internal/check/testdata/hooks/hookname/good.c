/*
 * Saves whose names start with the project's name, not with "prev": the
 * variable that takes the hook's value before the hook is replaced is the
 * save, and the hook function chains to it.
 */
#include "postgres.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "executor/executor.h"
#include "storage/ipc.h"
#include "storage/shmem.h"

PG_MODULE_MAGIC;

#if PG_VERSION_NUM >= 150000
static shmem_request_hook_type hookname_stashed_shmem_request_hook = NULL;
#endif
static ExecutorStart_hook_type hookname_ExecutorStart_hook = NULL;

void		_PG_init(void);
void		_PG_fini(void);

#if PG_VERSION_NUM >= 150000
static void
hookname_shmem_request(void)
{
	if (hookname_stashed_shmem_request_hook)
		hookname_stashed_shmem_request_hook();
	RequestAddinShmemSpace(64);
}
#endif

static void
hookname_ExecutorStart(QueryDesc *queryDesc, int eflags)
{
	if (hookname_ExecutorStart_hook)
		hookname_ExecutorStart_hook(queryDesc, eflags);
	else
		standard_ExecutorStart(queryDesc, eflags);
}

void
_PG_fini(void)
{
	ExecutorStart_hook = hookname_ExecutorStart_hook;
}

void
_PG_init(void)
{
#if PG_VERSION_NUM >= 150000
	hookname_stashed_shmem_request_hook = shmem_request_hook;
	shmem_request_hook = hookname_shmem_request;
#else
	RequestAddinShmemSpace(64);
#endif
	hookname_ExecutorStart_hook = ExecutorStart_hook;
	ExecutorStart_hook = hookname_ExecutorStart;
}
