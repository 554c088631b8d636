#include "postgres.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"

PG_MODULE_MAGIC;

typedef struct NnT { int32 vl_len_; char data[FLEXIBLE_ARRAY_MEMBER]; } NnT;
#define DatumGetNnTP(d) ((NnT *) PG_DETOAST_DATUM(d))
#define PG_GETARG_NN_T_P(n) DatumGetNnTP(PG_GETARG_DATUM(n))
#define RETURN_NULL_IF_NULL(n) do { if (PG_ARGISNULL(n)) PG_RETURN_NULL(); } while (0)

/* not STRICT, no test: SELECT nn_greet(NULL) crashes */
PG_FUNCTION_INFO_V1(nn_greet);
Datum
nn_greet(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0); /* want PGX501 */

	PG_RETURN_TEXT_P(t);
}

PG_FUNCTION_INFO_V1(nn_guarded);
Datum
nn_guarded(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(PG_GETARG_TEXT_PP(0));
}

/* the first argument is tested, the second is not; one finding per argument */
PG_FUNCTION_INFO_V1(nn_pair);
Datum
nn_pair(PG_FUNCTION_ARGS)
{
	text	   *a = PG_ARGISNULL(0) ? NULL : PG_GETARG_TEXT_PP(0);
	text	   *b = PG_GETARG_TEXT_PP(1); /* want PGX501 */
	text	   *c = PG_GETARG_TEXT_PP(1);

	PG_RETURN_TEXT_P(a ? a : (b ? b : c));
}

/* STRICT; the test serves a build that declares it otherwise */
PG_FUNCTION_INFO_V1(nn_strict);
Datum
nn_strict(PG_FUNCTION_ARGS)
{
#ifdef NN_NOSTRICT
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
#endif
	PG_RETURN_TEXT_P(PG_GETARG_TEXT_PP(0));
}

/* STRICT since 1.1 (ALTER FUNCTION); the test still serves databases at 1.0 */
PG_FUNCTION_INFO_V1(nn_made_strict);
Datum
nn_made_strict(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(PG_GETARG_TEXT_PP(0));
}

/* CALLED ON NULL INPUT since 1.1 */
PG_FUNCTION_INFO_V1(nn_made_lax);
Datum
nn_made_lax(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(PG_GETARG_TEXT_PP(0)); /* want PGX501 */
}

/* a by-value read of NULL is 0, not a crash */
PG_FUNCTION_INFO_V1(nn_count);
Datum
nn_count(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(PG_GETARG_INT32(0) + 1);
}

/* STRICT in every version: the test is dead */
PG_FUNCTION_INFO_V1(nn_dead);
Datum
nn_dead(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0)) /* want PGX503 */
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(PG_GETARG_TEXT_PP(0));
}

/* a non-strict input function gets a NULL string (InputFunctionCall) */
PG_FUNCTION_INFO_V1(nn_t_in);
Datum
nn_t_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0); /* want PGX502 */

	PG_RETURN_TEXT_P(cstring_to_text(s));
}

/* the server never calls an output function with NULL; SELECT nn_t_out(NULL) does */
PG_FUNCTION_INFO_V1(nn_t_out);
Datum
nn_t_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(text_to_cstring((text *) PG_GETARG_NN_T_P(0))); /* want PGX502 */
}

/* the project's own macro detoasts */
PG_FUNCTION_INFO_V1(nn_t_len);
Datum
nn_t_len(PG_FUNCTION_ARGS)
{
	NnT		   *v = PG_GETARG_NN_T_P(0); /* want PGX501 */

	PG_RETURN_INT32(VARSIZE(v));
}

/* internal arguments come from the server's machinery */
PG_FUNCTION_INFO_V1(nn_support);
Datum
nn_support(PG_FUNCTION_ARGS)
{
	StringInfo	s = (StringInfo) PG_GETARG_POINTER(0);

	PG_RETURN_POINTER(s);
}

/* a non-strict transition function gets a NULL state on the first row */
PG_FUNCTION_INFO_V1(nn_acc);
Datum
nn_acc(PG_FUNCTION_ARGS)
{
	StringInfo	s = (StringInfo) PG_GETARG_POINTER(0); /* want PGX502 */

	if (!PG_ARGISNULL(1))
		appendStringInfoString(s, text_to_cstring(PG_GETARG_TEXT_PP(1)));
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(nn_final);
Datum
nn_final(PG_FUNCTION_ARGS)
{
	StringInfo	s;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = (StringInfo) PG_GETARG_POINTER(0);
	PG_RETURN_TEXT_P(cstring_to_text(s->data));
}

static void
check_nulls(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		elog(ERROR, "NULL argument");
}

/* a helper of the project tests the flags */
PG_FUNCTION_INFO_V1(nn_helper);
Datum
nn_helper(PG_FUNCTION_ARGS)
{
	check_nulls(fcinfo);
	PG_RETURN_TEXT_P(PG_GETARG_TEXT_PP(0));
}

PG_FUNCTION_INFO_V1(nn_field);
Datum
nn_field(PG_FUNCTION_ARGS)
{
	if (fcinfo->args[0].isnull)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(PG_GETARG_TEXT_PP(0));
}

PG_FUNCTION_INFO_V1(nn_macro_guard);
Datum
nn_macro_guard(PG_FUNCTION_ARGS)
{
	RETURN_NULL_IF_NULL(0);
	PG_RETURN_TEXT_P(PG_GETARG_TEXT_PP(0));
}

PG_FUNCTION_INFO_V1(nn_opaque);
Datum
nn_opaque(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(PG_GETARG_TEXT_PP(0));
}
