package pgapi

// serverapi.json.gz holds every declaration under src/include of each major
// (see gen/gen.go); its "sources" block names the commits it was made from.
// PGSRC is a list (like $PATH) of git directories with the PostgreSQL history (mirrors of
// postgres/postgres, which is too large to fetch here: postgresql-cfbot/
// postgresql holds 14-19, michaelpq/postgres 13, 17zhangw/postgres 10-12);
// the commits are the newest release stamps of each major they hold.
//go:generate sh -c "go run ./gen -git $PGSRC -ref 10=29abec3a62229a37ce21203acdeb03a7860c1102 -ref 11=2b4006920ca0d0a579579aecff65ef7fe81185bb -ref 12=de835071fda945fb5e40340d3ea8dd2ca13e725c -ref 13=c8f198c3acb59ed858b5b9b88b4fbc55cece544e -ref 14=4e1a23c0ea0be0214c6806baa212886cee8f14a6 -ref 15=005c1971a2926fbb9caf5a1ad634cd17a42bfd3c -ref 16=0d1c00c624fa7367d4a895f44381887757289682 -ref 17=25c49f3a4a742ba283f5cc43cc7f1d361552e917 -ref 18=f5cc81719e6da4cbdb1f797c48b693e91018153a -ref 19=7673dfe771e9de85b079ea2ec5cc6f22c83adab1 -o data/serverapi.json.gz"
