/*
 * The portable way: request in shmem_request_hook from 15 on, from
 * _PG_init before.
 */
#include "postgres.h"
#include "miscadmin.h"
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/shmem.h"

#if PG_VERSION_NUM >= 150000
static shmem_request_hook_type prev_good_request = NULL;
#endif

void		good_init(void);

static void
request_space(void)
{
	RequestAddinShmemSpace(1024);
	RequestNamedLWLockTranche("good", 1);
}

static void
good_shmem_request(void)
{
#if PG_VERSION_NUM >= 150000
	if (prev_good_request)
		prev_good_request();
#endif
	request_space();
}

void
good_init(void)
{
#if PG_VERSION_NUM >= 150000
	prev_good_request = shmem_request_hook;
	shmem_request_hook = good_shmem_request;
#else
	good_shmem_request();
#endif
}
