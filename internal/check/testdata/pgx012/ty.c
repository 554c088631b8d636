#include "postgres.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
PG_MODULE_MAGIC;
PG_FUNCTION_INFO_V1(mytype_in);
Datum mytype_in(PG_FUNCTION_ARGS) { char *s = PG_GETARG_CSTRING(0); PG_RETURN_POINTER(cstring_to_text(s)); }
PG_FUNCTION_INFO_V1(mytype_out);
Datum mytype_out(PG_FUNCTION_ARGS) { PG_RETURN_CSTRING(text_to_cstring((text *) PG_GETARG_VARLENA_PP(0))); }
PG_FUNCTION_INFO_V1(widen);
Datum
widen(PG_FUNCTION_ARGS)
{
	int64 v = PG_GETARG_INT64(0); /* want PGX012 */
	PG_RETURN_INT64(v);
}
PG_FUNCTION_INFO_V1(as_text);
Datum
as_text(PG_FUNCTION_ARGS)
{
	text *t = PG_GETARG_TEXT_PP(0); /* want PGX012 */
	PG_RETURN_TEXT_P(t);
}
PG_FUNCTION_INFO_V1(good);
Datum
good(PG_FUNCTION_ARGS)
{
	int32 a = PG_GETARG_INT32(0);
	float8 b = PG_GETARG_FLOAT8(1);
	bool c = PG_GETARG_BOOL(2);
	text *d = PG_GETARG_TEXT_PP(3);
	text *e = PG_GETARG_TEXT_PP(4);
	ArrayType *f = PG_GETARG_ARRAYTYPE_P(5);
	char g = PG_GETARG_CHAR(6);
	Datum h = PG_GETARG_DATUM(7);
	PG_RETURN_BOOL(a && b && c && d && e && f && g && h);
}
PG_FUNCTION_INFO_V1(poly);
Datum poly(PG_FUNCTION_ARGS) { PG_RETURN_DATUM(PG_GETARG_DATUM(0)); }
PG_FUNCTION_INFO_V1(shared);
Datum shared(PG_FUNCTION_ARGS) { PG_RETURN_INT32((int32) PG_GETARG_INT64(0)); }
PG_FUNCTION_INFO_V1(narrow);
Datum narrow(PG_FUNCTION_ARGS) { PG_RETURN_INT32(PG_GETARG_INT32(0)); } /* want PGX012 */
