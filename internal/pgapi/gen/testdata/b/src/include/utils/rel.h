#ifndef REL_H
#define REL_H

/* Opens a heap relation. */
extern Relation table_open(Oid relationId, LOCKMODE lockmode);

/*
 * The size of a page.
 */
#define BLCKSZ 8192
#define Max(x, y) ((x) > (y) ? (x) : (y))

extern PGDLLIMPORT int work_mem;

typedef struct RelationData
{
	Oid			rd_id;		/* relation's object id */
	int			rd_refcnt;
	bool		rd_isnailed;
} RelationData;

typedef enum LockMode
{
	NoLock,
	AccessShareLock
} LockMode;

typedef void (*hook_type) (int a);

static inline int
rel_size(Relation r)
{
	return 0;
}

#ifdef USE_ARMV8_CRC32C
/* Use ARMv8 instructions. */
#define COMP_CRC32C(crc, data, len) ((crc) = pg_comp_crc32c((crc), (data), (len)))
#else
/* Use the slicing-by-8 algorithm. */
#define COMP_CRC32C(crc, data, len) ((crc) = pg_comp_crc32c((crc), (data), (len)))
#endif

extern void elog_fatal(const char *fmt,...) pg_attribute_printf(1, 2) pg_attribute_noreturn();
#endif
