#ifndef VGUARD_COMPAT_H
#define VGUARD_COMPAT_H
/* The code's own guard: it refuses to build before 17. */
#if PG_VERSION_NUM < 170000
#error "vguard requires PostgreSQL 17 or later"
#endif
#endif
