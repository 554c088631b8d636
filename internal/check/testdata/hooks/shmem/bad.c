/*
 * Requests shared memory and LWLocks from _PG_init, which PostgreSQL 15
 * and later reject, and installs shmem_request_hook without a version
 * guard although 13 and 14 do not have it.
 */
#include "postgres.h"
#include "miscadmin.h"
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/shmem.h"

PG_MODULE_MAGIC;

static shmem_request_hook_type prev_shmem_request_hook = NULL;	/* want@13,14 PGX205 */

void		_PG_init(void);

static void
other_shmem_request(void)
{
	if (prev_shmem_request_hook)
		prev_shmem_request_hook();
}

void
_PG_init(void)
{
	if (!process_shared_preload_libraries_in_progress)
		return;
	RequestAddinShmemSpace(1024);	/* want@15,16,17,18 PGX204 */
	RequestNamedLWLockTranche("bad", 1);	/* want@15,16,17,18 PGX204 */
	prev_shmem_request_hook = shmem_request_hook;	/* want@13,14 PGX205 */
	shmem_request_hook = other_shmem_request;	/* want@13,14 PGX205 */
}
