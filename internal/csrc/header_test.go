package csrc

import "testing"

// TestHeaderDecl: the declarations a header makes, as pgconfig quotes
// them: the first one of a name in file order, a static function's
// definition over its prototype, nothing from comments, macro bodies or
// parameter lists.
func TestHeaderDecl(t *testing.T) {
	src := `#ifdef __cplusplus
extern "C" {
#endif

/*
 * Doc of f.
 */
extern int f(int a, char *argv[]);
extern int x; /* trailing */
extern int y;

static inline int g(int v);

#ifdef USE_POPCNT
/* the pointer */
extern int (*pop) (int w);
#else
extern int pop(int w);
#endif

typedef void (*hook_type) (int a, void (*cb) (int));

typedef enum Color
{
	RED,
#define COLOR_LAST RED
} Color;

/* See f(). extern int commented(int); */
#define MAKE(n) \
	extern int n##_x(int); \
	extern int made(void)

static inline int
g(int v)
{
	static int inner(int);
	return v;
}

#ifdef __cplusplus
}
#endif
`
	h := ParseHeader([]byte(src))
	for _, c := range []struct {
		name, text, comment string
		line                int
	}{
		{"f", "extern int f(int a, char *argv[]);", "/*\n * Doc of f.\n */", 8},
		{"x", "extern int x; /* trailing */", "", 9},
		{"y", "extern int y;", "", 10}, // x's trailing comment is x's
		{"pop", "extern int (*pop) (int w);", "/* the pointer */", 16},
		{"hook_type", "typedef void (*hook_type) (int a, void (*cb) (int));", "", 21},
		{"Color", "typedef enum Color\n{\n\tRED,\n#define COLOR_LAST RED\n} Color;", "", 23},
		{"COLOR_LAST", "#define COLOR_LAST RED", "", 26},
		{"MAKE", "#define MAKE(n) \\\n\textern int n##_x(int); \\\n\textern int made(void)", "/* See f(). extern int commented(int); */", 30},
		{"g", "static inline int\ng(int v)\n", "", 34},
	} {
		d, ok := h.Decl(c.name)
		if !ok || d.Text != c.text || d.Comment != c.comment || d.Line != c.line {
			t.Errorf("Decl(%s) = %v line %d %q comment %q; want line %d %q comment %q", c.name, ok, d.Line, d.Text, d.Comment, c.line, c.text, c.comment)
		}
	}
	for _, name := range []string{"argv", "cb", "a", "commented", "made", "inner", "v", "RED", "int", "__cplusplus"} {
		if d, ok := h.Decl(name); ok {
			t.Errorf("Decl(%s) = line %d %q, want none", name, d.Line, d.Text)
		}
	}
	// Without a definition, a static function's prototype.
	if d, ok := ParseHeader([]byte("static inline int g(int v);\n")).Decl("g"); !ok || d.Text != "static inline int g(int v);" {
		t.Errorf("Decl(g) = %v %q, want the prototype", ok, d.Text)
	}
}

// TestCommentText: a comment's text without markers, leading stars and
// rule lines.
func TestCommentText(t *testing.T) {
	for c, want := range map[string]string{
		"/* one */":                           "one",
		"/*\n * a\n *\n * b\n */":             "a\n\nb",
		"/* ------\n * Ruled\n * ------\n */": "Ruled",
		"/** doc */":                          "doc",
	} {
		if got := CommentText(c); got != want {
			t.Errorf("CommentText(%q) = %q, want %q", c, got, want)
		}
	}
}
