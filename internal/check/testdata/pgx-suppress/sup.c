/* Suppression comments silence the codes they name on their own line and the line below. */
#include "postgres.h"
#include "fmgr.h"
PG_MODULE_MAGIC;
PG_FUNCTION_INFO_V1(f8);
Datum f8(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
PG_FUNCTION_INFO_V1(g8);
Datum g8(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
/* pgext-ls: ignore PGX004 */
PG_FUNCTION_INFO_V1(h8);
Datum h8(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
PG_FUNCTION_INFO_V1(i8); /* pgext-ls: ignore PGX001, PGX004 */
Datum i8(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
/* pgext-ls: ignore PGX001 */
PG_FUNCTION_INFO_V1(j8); /* want PGX004 (another code is named) */
Datum j8(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
/* pgext-ls: ignore PGX004 */

PG_FUNCTION_INFO_V1(k8); /* want PGX004 (two lines below the comment) */
Datum k8(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
/* pgext-ls: ignore
   PGX004 */
PG_FUNCTION_INFO_V1(l8); /* want PGX004 (the codes stand on the comment's first line) */
Datum l8(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
