#ifndef GENBKI_H
#define GENBKI_H

#define CATALOG(name,oid,oidmacro)	typedef struct CppConcat(FormData_,name)
#define BKI_BOOTSTRAP
#define BKI_ROWTYPE_OID(oid,oidmacro)
#define BKI_DEFAULT(value)
#define BKI_LOOKUP(catalog)
#define DECLARE_UNIQUE_INDEX(name,oid,oidmacro,decl) extern int no_such_variable
#define MAKE_SYSCACHE(name,idxname,nbuckets) extern int no_such_variable

#endif
