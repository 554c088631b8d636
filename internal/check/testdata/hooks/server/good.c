/*
 * The same symbols behind version guards or the module's own compatibility
 * macros, and names the module declares itself.
 */
#include "postgres.h"
#include "fmgr.h"
#include "access/heapam.h"
#include "storage/ipc.h"
#include "utils/snapmgr.h"
#if PG_VERSION_NUM >= 120000
#include "access/table.h"
#endif

#if PG_VERSION_NUM >= 120000
#define heap_open(r, l) table_open(r, l)
#define heap_close(r, l) table_close(r, l)
#endif

#if PG_VERSION_NUM < 170000
#define MyProcNumber MyBackendId
#endif

#if PG_VERSION_NUM >= 150000
static shmem_request_hook_type prev_request = NULL;
#endif

/*
 * IsA pastes its second argument (T_##_type_): T_String is a node tag in
 * every major, although the type String is declared only from 15 on.
 */
static bool
is_string(Node *node)
{
	return IsA(node, String);
}

/* A local of its own that shares a removed server global's name. */
static int
threshold(void)
{
	int			old_snapshot_threshold = 3;

	return old_snapshot_threshold;
}

PG_FUNCTION_INFO_V1(open_good);

Datum
open_good(PG_FUNCTION_ARGS)
{
	Relation	rel = heap_open(PG_GETARG_OID(0), AccessShareLock);
	int			natts = RelationGetNumberOfAttributes(rel);

#if PG_VERSION_NUM < 160000
	AssertArg(natts >= 0);
#else
	Assert(natts >= 0);
#endif
	heap_close(rel, AccessShareLock);
	PG_RETURN_INT32(natts + MyProcNumber + threshold() + is_string(NULL));
}

/*
 * Arguments a macro only pastes into another token or quotes name nothing
 * themselves: IsA(node, String) tests T_String, which every major has, and
 * the module's own TAG_OF and the server's CppAsString do the same.
 */
#define TAG_OF(t) T_##t

static bool
is_string_good(Node *node)
{
	const char *name = CppAsString(String);

	return IsA(node, String) && nodeTag(node) == TAG_OF(String) && name != NULL;
}

/*
 * A struct tag that no header of 13-15 declares (ErrorSaveContext is 16's)
 * names an incomplete type there: its declaration and a pointer to it
 * compile in every major.
 */
struct ErrorSaveContext;

static struct ErrorSaveContext *no_escontext = NULL;

static bool
has_escontext(void)
{
	return no_escontext != NULL;
}
