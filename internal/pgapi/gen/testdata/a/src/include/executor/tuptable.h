#ifndef TUPTABLE_H
#define TUPTABLE_H

typedef struct TupleTableSlot
{
	NodeTag		type;
#define FIELDNO_TUPLETABLESLOT_FLAGS 1
	uint16		tts_flags;
	union
	{
		struct
		{
			int			last_var;
		}			fetch;
		struct InnerStep
		{
			int			jumpdone;
		}			step;
	}			d;
} TupleTableSlot;

enum SysCacheIdentifier
{
	AGGFNOID = 0,
	USERMAPPINGUSERSERVER
#define SysCacheSize (USERMAPPINGUSERSERVER + 1)
};

#define newNode(size, tag) \
({	Node   *_result; \
	AssertMacro((size) >= sizeof(Node));		/* need the tag, at least */ \
	_result = (Node *) palloc0fast(size); \
	_result; \
})

extern bool pg_attribute_aclcheck(Oid table_oid, int attnum) pg_attribute_unused();

#endif
