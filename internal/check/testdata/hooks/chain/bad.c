/*
 * Broken hook installation: one hook replaces whatever was installed
 * before, another saves the previous hook but never calls it.
 */
#include "postgres.h"
#include "executor/executor.h"
#include "storage/ipc.h"

static shmem_startup_hook_type prev_shmem_startup_hook = NULL;

void		bad_init(void);

static void
bad_ExecutorFinish(QueryDesc *queryDesc)
{
	standard_ExecutorFinish(queryDesc);
}

static void
bad_shmem_startup(void)			/* want PGX202 */
{
	/* forgets to call prev_shmem_startup_hook */
}

void
bad_init(void)
{
	ExecutorFinish_hook = bad_ExecutorFinish;	/* want PGX201 */
	prev_shmem_startup_hook = shmem_startup_hook;
	shmem_startup_hook = bad_shmem_startup;
}
