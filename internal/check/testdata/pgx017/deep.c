#include "postgres.h"
#include "fmgr.h"

PG_MODULE_MAGIC;

#if LEVEL > 0
#if LEVEL > 1
#if LEVEL > 2
#if LEVEL > 3
#if LEVEL > 4
#if LEVEL > 5
#if LEVEL > 6
#if LEVEL > 7
#if LEVEL > 8
#if LEVEL > 9
#if LEVEL > 10
#if LEVEL > 11
#if LEVEL > 12
#if LEVEL > 13
#if LEVEL > 14
#if LEVEL > 15
#if LEVEL > 16
#if LEVEL > 17
#if LEVEL > 18
#if LEVEL > 19
#if LEVEL > 20
#if LEVEL > 21
#if LEVEL > 22
#if LEVEL > 23
#if LEVEL > 24
#if LEVEL > 25
#if LEVEL > 26
#if LEVEL > 27
#if LEVEL > 28
#if LEVEL > 29
#if LEVEL > 30
#if LEVEL > 31
#if LEVEL > 32
#if LEVEL > 33
#if LEVEL > 34
#if LEVEL > 35
#if LEVEL > 36
#if LEVEL > 37
#if LEVEL > 38
#if LEVEL > 39
#if LEVEL > 40
#if LEVEL > 41
#if LEVEL > 42
#if LEVEL > 43
#if LEVEL > 44
#if LEVEL > 45
#if LEVEL > 46
#if LEVEL > 47
#if LEVEL > 48
#if LEVEL > 49
#if LEVEL > 50
#if LEVEL > 51
#if LEVEL > 52
#if LEVEL > 53
#if LEVEL > 54
#if LEVEL > 55
#if LEVEL > 56
#if LEVEL > 57
#if LEVEL > 58
#if LEVEL > 59
#if LEVEL > 60
#if LEVEL > 61
#if LEVEL > 62
#if LEVEL > 63
#if LEVEL > 64 /* want PGX017 */
#if LEVEL > 65
#if LEVEL > 66
#if LEVEL > 67
#if LEVEL > 68
#if LEVEL > 69
static int deepest;
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
#endif
