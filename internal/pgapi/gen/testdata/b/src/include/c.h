#ifndef C_H
#define C_H

#ifndef PGDLLIMPORT
#define PGDLLIMPORT
#endif

#define pg_attribute_printf(f,a) __attribute__((format(PG_PRINTF_ATTRIBUTE, f, a)))
#define pg_attribute_noreturn() __attribute__((noreturn))
#define pg_attribute_unused() __attribute__((unused))

#endif
