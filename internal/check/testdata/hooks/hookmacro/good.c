/*
 * Hooks saved and installed through a macro that pastes the hook's name:
 * the expansion saves shmem_request_hook before replacing it, so the
 * shared memory requested from the hook function is requested in
 * shmem_request_hook.
 */
#include "postgres.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/shmem.h"

PG_MODULE_MAGIC;

#define INSTALL_HOOK(name, fn) \
	saved_##name##_hook = name##_hook; \
	name##_hook = fn;
#define UNINSTALL_HOOK(name) \
	name##_hook = saved_##name##_hook;

#if PG_VERSION_NUM >= 150000
static shmem_request_hook_type saved_shmem_request_hook = NULL;
#endif
static shmem_startup_hook_type saved_shmem_startup_hook = NULL;

void		_PG_init(void);
void		_PG_fini(void);

static void
request_space(void)
{
	RequestAddinShmemSpace(128);
	RequestNamedLWLockTranche("hookmacro", 1);
}

#if PG_VERSION_NUM >= 150000
static void
hookmacro_shmem_request(void)
{
	if (saved_shmem_request_hook)
		saved_shmem_request_hook();
	request_space();
}
#endif

static void
hookmacro_shmem_startup(void)
{
	if (saved_shmem_startup_hook)
		saved_shmem_startup_hook();
}

void
_PG_init(void)
{
	if (!process_shared_preload_libraries_in_progress)
		return;
#if PG_VERSION_NUM >= 150000
	INSTALL_HOOK(shmem_request, hookmacro_shmem_request);
#else
	request_space();
#endif
	INSTALL_HOOK(shmem_startup, hookmacro_shmem_startup);
}

void
_PG_fini(void)
{
	UNINSTALL_HOOK(shmem_startup);
}
