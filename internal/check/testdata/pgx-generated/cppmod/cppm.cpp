#include <vector>

extern "C" {
#include "postgres.h"
#include "fmgr.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(cppm_add);
PG_FUNCTION_INFO_V1(cppm_undefined); // want PGX002
}

namespace {
int twice(int x) { return 2 * x; }
}

class Adder {
public:
	int add(int a, int b) const { return a + b; }
};

extern "C" Datum
cppm_add(PG_FUNCTION_ARGS)
{
	int32 a = PG_GETARG_INT32(0);
	int32 b = PG_GETARG_INT32(1);
	std::vector<int> v{a, b};
	PG_RETURN_INT32(Adder().add(v[0], twice(v[1]) / 2));
}
