#include "postgres.h"
#include "fmgr.h"

PG_MODULE_MAGIC;

#ifdef LEVEL0
#ifdef LEVEL1
#ifdef LEVEL2
#ifdef LEVEL3
#ifdef LEVEL4
#ifdef LEVEL5
#ifdef LEVEL6
#ifdef LEVEL7
#ifdef LEVEL8
#ifdef LEVEL9
#ifdef LEVEL10
#ifdef LEVEL11
#ifdef LEVEL12
#ifdef LEVEL13
#ifdef LEVEL14
#ifdef LEVEL15
#ifdef LEVEL16
#ifdef LEVEL17
#ifdef LEVEL18
#ifdef LEVEL19
#ifdef LEVEL20
#ifdef LEVEL21
#ifdef LEVEL22
#ifdef LEVEL23
#ifdef LEVEL24
#ifdef LEVEL25
#ifdef LEVEL26
#ifdef LEVEL27
#ifdef LEVEL28
#ifdef LEVEL29
#ifdef LEVEL30
#ifdef LEVEL31
#ifdef LEVEL32
#ifdef LEVEL33
#ifdef LEVEL34
#ifdef LEVEL35
#ifdef LEVEL36
#ifdef LEVEL37
#ifdef LEVEL38
#ifdef LEVEL39
#ifdef LEVEL40
#ifdef LEVEL41
#ifdef LEVEL42
#ifdef LEVEL43
#ifdef LEVEL44
#ifdef LEVEL45
#ifdef LEVEL46
#ifdef LEVEL47
#ifdef LEVEL48
#ifdef LEVEL49
#ifdef LEVEL50
#ifdef LEVEL51
#ifdef LEVEL52
#ifdef LEVEL53
#ifdef LEVEL54
#ifdef LEVEL55
#ifdef LEVEL56
#ifdef LEVEL57
#ifdef LEVEL58
#ifdef LEVEL59
#ifdef LEVEL60
#ifdef LEVEL61
#ifdef LEVEL62
static int fine;
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
