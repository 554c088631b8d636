/*
 * A copy of the hook taken after the hook was replaced holds this
 * library's own function, not the previous hook: nothing saved it.
 */
#include "postgres.h"
#include "executor/executor.h"

static ExecutorEnd_hook_type hookname_copy_ExecutorEnd_hook = NULL;

void		hookname_bad_init(void);

static void
hookname_ExecutorEnd(QueryDesc *queryDesc)
{
	standard_ExecutorEnd(queryDesc);
}

void
hookname_bad_init(void)
{
	ExecutorEnd_hook = hookname_ExecutorEnd;	/* want PGX201 */
	hookname_copy_ExecutorEnd_hook = ExecutorEnd_hook;
}
