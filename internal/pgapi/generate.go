package pgapi

// serverapi.json.gz holds every declaration under src/include of each major
// (see gen/gen.go); its "sources" block names the release tag and the commit
// each major was read from: the newest release of 10-18 that the mirrors
// hold, and 19's newest beta.
// PGSRC is a list (like $PATH) of git directories with the PostgreSQL history (mirrors of
// postgres/postgres, which is too large to fetch here: postgresql-cfbot/
// postgresql holds 14-19, michaelpq/postgres 13, 17zhangw/postgres 10-12);
// a mirror without tags is read at the release's stamp commit.
//go:generate sh -c "go run ./gen -git $PGSRC -ref 10=REL_10_18 -ref 11=REL_11_13 -ref 12=REL_12_8 -ref 13=REL_13_20 -ref 14=REL_14_23 -ref 15=REL_15_18 -ref 16=REL_16_14 -ref 17=REL_17_10 -ref 18=REL_18_4 -ref 19=REL_19_BETA2 -o data/serverapi.json.gz"
