/*
 * Compiled for PostgreSQL 13 only (compat$(PGVER) in the Makefile): 13's
 * API, 13's hook signature.
 */
#include "postgres.h"
#include "miscadmin.h"
#include "tcop/utility.h"
#include "utils/snapmgr.h"

static ProcessUtility_hook_type prev_ProcessUtility = NULL;

extern void compat_init(void);
extern int	compat_count(int n);

/* The PostgreSQL 13 signature: 14 added bool readOnlyTree. */
static void
compat_ProcessUtility(PlannedStmt *pstmt, const char *queryString,
					  ProcessUtilityContext context, ParamListInfo params,
					  QueryEnvironment *queryEnv, DestReceiver *dest,
					  QueryCompletion *qc)
{
	if (prev_ProcessUtility)
		prev_ProcessUtility(pstmt, queryString, context, params, queryEnv, dest, qc);
	else
		standard_ProcessUtility(pstmt, queryString, context, params, queryEnv, dest, qc);
}

void
compat_init(void)
{
	prev_ProcessUtility = ProcessUtility_hook;
	ProcessUtility_hook = compat_ProcessUtility;
}

int
compat_count(int n)
{
	AssertArg(n >= 0);
	return n + (old_snapshot_threshold >= 0) + MyBackendId;
}
