#include "postgres.h"
#include "fmgr.h"
PG_MODULE_MAGIC;
PG_FUNCTION_INFO_V1(good_kr);
Datum
good_kr(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(1);
}
PG_FUNCTION_INFO_V1(bad_ret);
int bad_ret(PG_FUNCTION_ARGS) /* want PGX003 */
{
	return 1;
}
PG_FUNCTION_INFO_V1(bad_args);
Datum bad_args(int x) /* want PGX003 */
{
	return (Datum) x;
}
PG_FUNCTION_INFO_V1(exported);
PGDLLEXPORT Datum exported(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(1);
}
