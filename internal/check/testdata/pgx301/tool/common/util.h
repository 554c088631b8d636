/* The program's helpers: frontend code through c.h, not postgres_fe.h. */
#include "c.h"
#include "libpq-fe.h"

extern char *util_copy(const char *s);
