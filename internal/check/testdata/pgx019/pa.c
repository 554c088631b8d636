#include "postgres.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"

PG_MODULE_MAGIC;

typedef struct Foo { int32 vl_len_; char data[FLEXIBLE_ARRAY_MEMBER]; } Foo;
#define DatumGetFooP(d) ((Foo *) PG_DETOAST_DATUM(d))
#define PG_GETARG_FOO_P(n) DatumGetFooP(PG_GETARG_DATUM(n))
#define PG_RETURN_FOO_P(x) PG_RETURN_POINTER(x)

PG_FUNCTION_INFO_V1(foo_in);
Datum foo_in(PG_FUNCTION_ARGS) { PG_RETURN_NULL(); }
PG_FUNCTION_INFO_V1(foo_out);
Datum foo_out(PG_FUNCTION_ARGS) { PG_RETURN_CSTRING(pstrdup(VARDATA(PG_GETARG_FOO_P(0)))); }

/* a wrong index: the declaration passes one text */
PG_FUNCTION_INFO_V1(label);
Datum
label(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(1); /* want PGX019 */

	PG_RETURN_TEXT_P(t);
}

/* the extension's own pointer macro, beyond the arity */
PG_FUNCTION_INFO_V1(merge);
Datum
merge(PG_FUNCTION_ARGS)
{
	Foo		   *a = PG_GETARG_FOO_P(0);
	Foo		   *b = PG_GETARG_FOO_P(1); /* want PGX019 */

	PG_RETURN_FOO_P(VARSIZE(a) > VARSIZE(b) ? a : b);
}

/* scalar and null-flag reads beyond the arity stay PGX011 warnings */
PG_FUNCTION_INFO_V1(flag);
Datum
flag(PG_FUNCTION_ARGS)
{
	bool		strict = PG_GETARG_BOOL(1); /* want PGX011 */
	Datum		raw = PG_GETARG_DATUM(2); /* want PGX011 */

	if (PG_ARGISNULL(0) || PG_ARGISNULL(3)) /* want PGX011 */
		PG_RETURN_NULL();
	(void) raw;
	PG_RETURN_BYTEA_P(strict ? PG_GETARG_BYTEA_PP(0) : NULL);
}

/* an overload passes the second text: within the arity (but not STRICT,
 * so a NULL second argument crashes: PGX501) */
PG_FUNCTION_INFO_V1(opt);
Datum
opt(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(PG_GETARG_TEXT_PP(1)); /* want PGX501 */
}

/* guarded by PG_NARGS(): the arguments are dynamic */
PG_FUNCTION_INFO_V1(first);
Datum
first(PG_FUNCTION_ARGS)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);

	if (PG_NARGS() > 1)
		a = PG_GETARG_ARRAYTYPE_P(1);
	PG_RETURN_ARRAYTYPE_P(a);
}
