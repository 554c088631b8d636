#ifndef DEMO_UTIL_H
#define DEMO_UTIL_H

extern int32 demo_sum(int32 a, int32 b);

#endif
