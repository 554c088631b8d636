#ifndef PG_CLASS_H
#define PG_CLASS_H

#include "catalog/genbki.h"

/* The pg_class row. */
CATALOG(pg_class,1259,RelationRelationId) BKI_BOOTSTRAP BKI_ROWTYPE_OID(83,RelationRelation_Rowtype_Id)
{
	Oid			oid;
	NameData	relname;
	Oid			relnamespace BKI_LOOKUP(pg_namespace);
	char		relkind BKI_DEFAULT(r);
} FormData_pg_class;

typedef FormData_pg_class *Form_pg_class;

DECLARE_UNIQUE_INDEX(pg_class_oid_index, 2662, ClassOidIndexId, on pg_class using btree(oid oid_ops));

#ifdef EXPOSE_TO_CLIENT_CODE

/* An ordinary table. */
#define		  RELKIND_RELATION		  'r'

#endif							/* EXPOSE_TO_CLIENT_CODE */

extern int	errdetail_relkind_not_supported(char relkind);

#endif
