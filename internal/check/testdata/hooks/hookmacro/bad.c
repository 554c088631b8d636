/*
 * A macro that pastes the hook's name and replaces the hook without
 * saving it: the expansion loses the previous hook.
 */
#include "postgres.h"
#include "executor/executor.h"

#define REPLACE_HOOK(name, fn) name##_hook = fn

void		hookmacro_bad_init(void);

static void
hookmacro_ExecutorEnd(QueryDesc *queryDesc)
{
	standard_ExecutorEnd(queryDesc);
}

void
hookmacro_bad_init(void)
{
	REPLACE_HOOK(ExecutorEnd, hookmacro_ExecutorEnd);	/* want PGX201 */
}
