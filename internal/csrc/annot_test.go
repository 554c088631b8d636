package csrc

import (
	"fmt"
	"slices"
	"testing"
)

func TestAnnotations(t *testing.T) {
	src := []byte(`#define PGDLLIMPORT __declspec(x)
/* PGDLLIMPORT in a comment */
extern PGDLLIMPORT int work_mem;
typedef struct Path
{
	pg_node_attr(no_copy_equal, custom_read_write(a, b))
	NodeTag type;
	List *pathtarget pg_node_attr(write_only);
	const char *s; /* "pg_node_attr(x)" */
} Path;
char *m = "PGDLLIMPORT";
`)
	want := map[string]bool{"PGDLLIMPORT": true, "pg_node_attr": true}
	got := Annotations(src, func(n string) bool { return want[n] })
	var texts []string
	for _, u := range got {
		texts = append(texts, string(src[u.Range.Start:u.Range.End]))
	}
	wantTexts := []string{"PGDLLIMPORT", "pg_node_attr(no_copy_equal, custom_read_write(a, b))", "pg_node_attr(write_only)"}
	if !slices.Equal(texts, wantTexts) {
		t.Fatalf("uses = %q, want %q", texts, wantTexts)
	}
	if got[0].Args != nil || !slices.Equal(got[1].Args, []string{"no_copy_equal", "custom_read_write(a, b)"}) {
		t.Errorf("args = %q, %q", got[0].Args, got[1].Args)
	}
}

func TestEnumDirectives(t *testing.T) {
	src := []byte("#define A 1\nenum X\n{\n\tA0,\n#ifdef Y\n\tB\n#define XSize (B + 1)\n#endif\n};\nstruct S {\n#define F 2\n\tint a;\n};\n")
	var got []string
	for _, r := range EnumDirectives(src) {
		got = append(got, string(src[r.Start:r.End]))
	}
	if want := []string{"#ifdef Y", "#define XSize (B + 1)", "#endif"}; !slices.Equal(got, want) {
		t.Errorf("EnumDirectives = %q, want %q", got, want)
	}
}

func TestDirectiveComments(t *testing.T) {
	src := []byte("/* doc */\n#define newNode(size) \\\n({ Node *r; /* need the tag */ \\\n\tr; \\\n}) // end\nint x; /* code */\n")
	var got []string
	for _, r := range DirectiveComments(src) {
		got = append(got, string(src[r.Start:r.End]))
	}
	if want := []string{"/* need the tag */", "// end"}; !slices.Equal(got, want) {
		t.Errorf("DirectiveComments = %q, want %q", got, want)
	}
}

func TestIncludes(t *testing.T) {
	src := []byte("#include \"postgres.h\"\n  #  include <stdio.h>\n/*\n#include \"commented.h\"\n*/\n#include \"utils/rel_d.h\" /* generated */\nint x;\n")
	var got []string
	for _, inc := range Includes(src) {
		got = append(got, fmt.Sprintf("%s %v", inc.Path, inc.System))
	}
	if want := []string{"postgres.h false", "stdio.h true", "utils/rel_d.h false"}; !slices.Equal(got, want) {
		t.Errorf("Includes = %q, want %q", got, want)
	}
}
