/*
 * Server functions, macros, types and globals that some supported majors'
 * headers lack, used without a version guard.
 */
#include "postgres.h"
#include "fmgr.h"
#include "access/heapam.h"
#include "storage/ipc.h"
#include "utils/snapmgr.h"

PG_MODULE_MAGIC;

static shmem_request_hook_type prev_request = NULL;	/* want@13,14 PGX205 */

/* The type String is declared only from 15 on; castNode names its type. */
static bool
is_string(Node *node)
{
	String	   *s;				/* want@13,14 PGX205 */

	s = castNode(String, node);	/* want@13,14 PGX205 */
	return s != NULL;
}

PG_FUNCTION_INFO_V1(open_bad);

Datum
open_bad(PG_FUNCTION_ARGS)
{
	Relation	rel = heap_open(PG_GETARG_OID(0), AccessShareLock);	/* want@13,14,15,16,17,18 PGX205 */
	int			natts = RelationGetNumberOfAttributes(rel);

	AssertArg(natts >= 0);		/* want@16,17,18 PGX205 */
	if (old_snapshot_threshold >= 0)	/* want@17,18 PGX205 */
		natts++;
	heap_close(rel, AccessShareLock);	/* want@13,14,15,16,17,18 PGX205 */
	PG_RETURN_INT32(natts + MyProcNumber + is_string(NULL));	/* want@13,14,15,16 PGX205 */
}

/* castNode casts to its type argument as well as pasting it: a use. */
static bool
is_string_bad(Node *node)
{
	return castNode(String, node) != NULL;	/* want@13,14 PGX205 */
}
