#include "postgres.h"
#include "fmgr.h"
/* One magic block per compiler: the branches are alternatives, never both compiled. */
#if defined(_MSC_VER) && _MSC_VER >= 1900
PG_MODULE_MAGIC;
#else
PG_MODULE_MAGIC;
#endif
/* Different operating systems are never compiled together either. */
#ifdef WIN32
PG_FUNCTION_INFO_V1(a);
#endif
#ifdef __APPLE__
PG_FUNCTION_INFO_V1(a);
#endif
#if !defined(WIN32) && !defined(__APPLE__)
PG_FUNCTION_INFO_V1(a);
#endif
Datum a(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
