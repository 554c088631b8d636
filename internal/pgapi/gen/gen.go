// Command gen builds internal/pgapi/data/serverapi.json.gz, the server C API
// of each PostgreSQL major: the exported function prototypes, macros,
// typedefs, structs with their fields, enums with their values and global
// variables declared under src/include, each with its header and the comment
// above it.
//
// It reads each major's src/include either from a git repository holding the
// PostgreSQL history (-git DIR and -ref MAJOR=REF, one per major: a release
// tag such as REL_15_18, read at the release's stamp commit in a mirror
// without tags) or from a directory (-dir MAJOR=PATH, the directory that
// holds src/include). The annotations a C grammar cannot read
// (PGDLLIMPORT, pg_attribute_*, pg_node_attr(...), a catalog header's
// CATALOG(...) and BKI_ markers) are blanked before parsing. A
// declaration that reads the same in several majors is stored once with the
// majors it holds for. Run it with go generate in internal/pgapi:
//
//	go run ./gen -git /path/to/postgres.git [-git another.git] -ref 15=REL_15_18 ... -o data/serverapi.json.gz
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/c"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/pgapi/apiformat"
)

// Decl kinds.
const (
	KindFunc    = "func"    // extern prototype or static inline function
	KindMacro   = "macro"   // #define, object- or function-like
	KindTypedef = "typedef" // typedef
	KindStruct  = "struct"  // struct or union with a body
	KindEnum    = "enum"    // enum with a body
	KindVar     = "var"     // extern global variable
)

// The data's types are apiformat's, shared with package pgapi, which reads
// what gen writes.
type (
	Decl   = apiformat.Decl
	Entry  = apiformat.Entry
	Source = apiformat.Source
	File   = apiformat.File
)

// tree is one major's src/include: header path -> content.
type tree map[string][]byte

func main() {
	var gitDirs, refs, dirs multiFlag
	flag.Var(&gitDirs, "git", "git directories of PostgreSQL repositories, a list like $PATH (repeatable; a ref is read from the first that has it)")
	flag.Var(&refs, "ref", "MAJOR=REF to read from -git (repeatable)")
	flag.Var(&dirs, "dir", "MAJOR=DIR, DIR holding src/include (repeatable)")
	out := flag.String("o", "data/serverapi.json.gz", "output file")
	flag.Parse()
	var srcs []Source
	trees := map[int]tree{}
	for _, r := range refs {
		major, ref, err := splitMajor(r)
		if err != nil {
			log.Fatal(err)
		}
		var list []string
		for _, g := range gitDirs {
			list = append(list, filepath.SplitList(g)...)
		}
		t, commit, err := readGit(list, ref)
		if err != nil {
			log.Fatal(err)
		}
		trees[major] = t
		srcs = append(srcs, Source{Major: major, Ref: ref, Commit: commit})
	}
	for _, d := range dirs {
		major, dir, err := splitMajor(d)
		if err != nil {
			log.Fatal(err)
		}
		t, err := readDir(dir)
		if err != nil {
			log.Fatal(err)
		}
		trees[major] = t
		srcs = append(srcs, Source{Major: major, Ref: filepath.Base(dir)})
	}
	data, err := Generate(srcs, trees)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		log.Fatal(err)
	}
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func splitMajor(s string) (int, string, error) {
	k, v, ok := strings.Cut(s, "=")
	n, err := strconv.Atoi(k)
	if !ok || err != nil {
		return 0, "", fmt.Errorf("want MAJOR=VALUE, got %q", s)
	}
	return n, v, nil
}

// readGit reads src/include/**/*.h of ref in the first of the git
// directories that holds it. A release tag (REL_15_18, REL_19_BETA2) that
// no directory holds as a tag, as in mirrors that carry the branches
// only, is the one commit of the directory whose subject is the
// release's version stamp ("Stamp 15.18.", "Stamp 19beta2.").
func readGit(dirs []string, ref string) (tree, string, error) {
	for _, dir := range dirs {
		err := exec.Command("git", "--git-dir="+dir, "cat-file", "-e", ref+"^{commit}").Run()
		if err == nil {
			return readGitDir(dir, ref)
		}
	}
	if subject, ok := stampSubject(ref); ok {
		for _, dir := range dirs {
			out, err := exec.Command("git", "--git-dir="+dir, "log", "--all", "--format=%H", "--fixed-strings", "--grep="+subject).Output()
			if err != nil {
				return nil, "", fmt.Errorf("git log in %s: %w", dir, err)
			}
			var commits []string
			for _, c := range strings.Fields(string(out)) {
				msg, err := exec.Command("git", "--git-dir="+dir, "log", "-1", "--format=%s", c).Output()
				if err == nil && strings.TrimSpace(string(msg)) == subject && !slices.Contains(commits, c) {
					commits = append(commits, c)
				}
			}
			switch len(commits) {
			case 0:
				continue
			case 1:
				return readGitDir(dir, commits[0])
			default:
				return nil, "", fmt.Errorf("%s: %d commits of %s are %q: %v", ref, len(commits), dir, subject, commits)
			}
		}
	}
	return nil, "", fmt.Errorf("no git directory of %v holds %s", dirs, ref)
}

// releaseTagRE matches PostgreSQL's release tags from 10 on: REL_15_18,
// REL_19_BETA2, REL_19_RC1.
var releaseTagRE = regexp.MustCompile(`^REL_(\d+)_(\d+|BETA\d+|RC\d+)$`)

// stampSubject returns the subject of the commit that a release tag
// points to: "Stamp 15.18." for REL_15_18, "Stamp 19beta2." for
// REL_19_BETA2.
func stampSubject(tag string) (string, bool) {
	m := releaseTagRE.FindStringSubmatch(tag)
	if m == nil {
		return "", false
	}
	if m[2][0] >= '0' && m[2][0] <= '9' {
		return "Stamp " + m[1] + "." + m[2] + ".", true
	}
	return "Stamp " + m[1] + strings.ToLower(m[2]) + ".", true
}

func readGitDir(dir, ref string) (tree, string, error) {
	git := func(args ...string) ([]byte, error) {
		out, err := exec.Command("git", append([]string{"--git-dir=" + dir}, args...)...).Output()
		if err != nil {
			return nil, fmt.Errorf("git %s: %w", strings.Join(args, " "), err)
		}
		return out, nil
	}
	commit, err := git("rev-parse", ref+"^{commit}")
	if err != nil {
		return nil, "", err
	}
	list, err := git("ls-tree", "-r", "--name-only", ref, "src/include")
	if err != nil {
		return nil, "", err
	}
	t := tree{}
	for _, p := range strings.Split(strings.TrimSpace(string(list)), "\n") {
		if !strings.HasSuffix(p, ".h") {
			continue
		}
		b, err := git("show", ref+":"+p)
		if err != nil {
			return nil, "", err
		}
		t[strings.TrimPrefix(p, "src/include/")] = b
	}
	return t, strings.TrimSpace(string(commit)), nil
}

// readDir reads DIR/src/include/**/*.h.
func readDir(dir string) (tree, error) {
	root := filepath.Join(dir, "src", "include")
	t := tree{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".h") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		t[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", root, err)
	}
	return t, nil
}

// Generate extracts the declarations of each major's tree and returns the
// merged, sorted entries gzip'd in apiformat's layout (a head line that
// indexes them, then a line each).
func Generate(srcs []Source, trees map[int]tree) ([]byte, error) {
	type key struct{ k, n, h, t, d string }
	merged := map[string]*Entry{}
	var majors []int
	for m := range trees {
		majors = append(majors, m)
	}
	sort.Ints(majors)
	for _, m := range majors {
		paths := make([]string, 0, len(trees[m]))
		for p := range trees[m] {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		ann := annotationsOf(trees[m])
		for _, p := range paths {
			for _, d := range Extract(p, trees[m][p], ann) {
				b, _ := json.Marshal(d)
				k := string(b)
				e := merged[k]
				if e == nil {
					e = &Entry{Decl: d}
					merged[k] = e
				}
				if n := len(e.Majors); n == 0 || e.Majors[n-1] != m {
					e.Majors = append(e.Majors, m)
				}
			}
		}
	}
	f := File{Sources: srcs, Mentions: mentions(majors, trees), Generated: generated(majors, trees)}
	sort.Slice(f.Sources, func(i, j int) bool { return f.Sources[i].Major < f.Sources[j].Major })
	// The declarations in a total order, so that a run over the same
	// trees writes the same bytes: the Decl's JSON (its key in merged)
	// breaks the ties of two that differ only in their comment, fields
	// or platform mark (COMP_CRC32C under two #ifs of one header).
	keys := make([]string, 0, len(merged))
	for k := range merged {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := merged[keys[i]], merged[keys[j]]
		switch {
		case a.Name != b.Name:
			return a.Name < b.Name
		case a.Kind != b.Kind:
			return a.Kind < b.Kind
		case a.Majors[0] != b.Majors[0]:
			return a.Majors[0] < b.Majors[0]
		case a.Header != b.Header:
			return a.Header < b.Header
		case a.Text != b.Text:
			return a.Text < b.Text
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		f.Decls = append(f.Decls, *merged[k])
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err := apiformat.Encode(zw, f); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("compressing: %w", err)
	}
	return buf.Bytes(), nil
}

// mentions returns, for each identifier the code of some but not all
// majors' headers mentions, those majors.
func mentions(majors []int, trees map[int]tree) map[string][]int {
	by := map[string][]int{}
	for _, m := range majors {
		seen := map[string]bool{}
		for _, src := range trees[m] {
			for _, id := range csrc.Identifiers(src) {
				if !seen[id] {
					seen[id] = true
					by[id] = append(by[id], m)
				}
			}
		}
	}
	out := map[string][]int{}
	for id, ms := range by {
		if len(ms) < len(majors) {
			sort.Ints(ms)
			out[id] = ms
		}
	}
	return out
}

// generated returns, per major, the headers that include a header the
// tree does not hold, with those includes.
func generated(majors []int, trees map[int]tree) map[int]map[string][]string {
	out := map[int]map[string][]string{}
	for _, m := range majors {
		t := trees[m]
		for h, src := range t {
			for _, in := range csrc.Includes(src) {
				inc := in.Path
				if in.System {
					continue
				}
				if _, ok := t[inc]; ok {
					continue
				}
				if dir := filepath.Dir(h); dir != "." {
					if _, ok := t[dir+"/"+inc]; ok {
						continue
					}
				}
				if out[m] == nil {
					out[m] = map[string][]string{}
				}
				out[m][h] = append(out[m][h], inc)
			}
		}
	}
	return out
}

// fixedAnnotations are the annotations of declarations every major's
// headers use that a C grammar cannot read.
var fixedAnnotations = []string{"PGDLLIMPORT", "PGDLLEXPORT", "pg_nodiscard", "pg_noreturn", "pg_noinline", "pg_node_attr"}

// catalogMacro starts a catalog header's row struct: "CATALOG(pg_class,
// 1259, RelationRelationId) BKI_BOOTSTRAP ... { ... } FormData_pg_class;",
// which genbki.h turns into "typedef struct FormData_pg_class".
const catalogMacro = "CATALOG"

// Annotations is the set of macro names whose code uses Extract blanks
// out (keeping offsets) before parsing: attributes (PGDLLIMPORT,
// pg_attribute_unused(), pg_node_attr(...)) and the catalog headers'
// markers (BKI_DEFAULT(...), DECLARE_UNIQUE_INDEX(...), MAKE_SYSCACHE(...)).
type Annotations map[string]bool

// annotationsOf returns the annotations of one major's tree: the fixed
// ones, every pg_attribute_* macro c.h defines, and every macro that
// catalog/genbki.h defines but CATALOG, which Extract rewrites.
func annotationsOf(t tree) Annotations {
	ann := Annotations{}
	for _, n := range fixedAnnotations {
		ann[n] = true
	}
	for _, d := range Extract("c.h", t["c.h"], ann) {
		if d.Kind == KindMacro && strings.HasPrefix(d.Name, "pg_attribute_") {
			ann[d.Name] = true
		}
	}
	for _, d := range Extract("catalog/genbki.h", t["catalog/genbki.h"], ann) {
		if d.Kind == KindMacro && d.Name != catalogMacro {
			ann[d.Name] = true
		}
	}
	return ann
}

var spaceRE = regexp.MustCompile(`\s+`)

// Extract returns the declarations of one header. ann names the macros
// whose uses are blanked before parsing (nil: the fixed ones only); a
// catalog header's "CATALOG(name, ...)" reads as "typedef struct" of the
// FormData_name its closing "} FormData_name;" names.
func Extract(header string, src []byte, ann Annotations) []Decl {
	if ann == nil {
		ann = Annotations{}
		for _, n := range fixedAnnotations {
			ann[n] = true
		}
	}
	clean := bytes.Clone(src)
	for _, u := range csrc.Annotations(src, func(n string) bool { return ann[n] || n == catalogMacro }) {
		r := blank(clean[u.Range.Start:u.Range.End])
		if u.Name == catalogMacro && len(r) >= len("typedef struct") {
			copy(r, "typedef struct")
		}
	}
	// A comment inside a directive may end it for the grammar (newNode's
	// "/* need the tag, at least */ \" on a continued line).
	for _, r := range csrc.DirectiveComments(src) {
		c := clean[r.Start:r.End]
		for i := range c {
			// A comment's line continuations continue its directive.
			if cont := c[i] == '\\' && (i+1 < len(c) && c[i+1] == '\n' || i+2 < len(c) && c[i+1] == '\r' && c[i+2] == '\n'); !cont && c[i] != '\n' && c[i] != '\r' {
				c[i] = ' '
			}
		}
	}
	// A #define inside an enum's body (SysCacheSize before the closing
	// brace) breaks the grammar's enum: it is read on its own.
	var enumDefines [][2]int
	for _, r := range csrc.EnumDirectives(src) {
		if d := strings.Fields(strings.TrimPrefix(string(src[r.Start:r.End]), "#")); len(d) > 1 && d[0] == "define" {
			enumDefines = append(enumDefines, [2]int{r.Start, r.End})
			blank(clean[r.Start:r.End])
		}
	}
	x := extractor{header: header, src: src, clean: clean}
	if !x.parse(clean) {
		return nil
	}
	for _, r := range enumDefines {
		// The directive alone, at its offset: the rest blanked.
		one := blank(bytes.Clone(src))
		copy(one[r[0]:r[1]], src[r[0]:r[1]])
		x.parse(one)
	}
	return x.out
}

// blank replaces every byte of b but its newlines with a space, keeping
// offsets and lines, and returns b.
func blank(b []byte) []byte {
	for i, c := range b {
		if c != '\n' {
			b[i] = ' '
		}
	}
	return b
}

// parse parses text (src with parts blanked) and records its
// declarations.
func (x *extractor) parse(text []byte) bool {
	p := sitter.NewParser()
	defer p.Close()
	p.SetLanguage(c.GetLanguage())
	t, err := p.ParseCtx(context.Background(), nil, text)
	if err != nil || t == nil {
		return false
	}
	defer t.Close()
	x.walk(t.RootNode())
	return true
}

type extractor struct {
	header     string
	src, clean []byte
	out        []Decl
	// conds holds the enclosing #if conditions, innermost last; an #ifndef
	// is "!NAME".
	conds []string
}

func (x *extractor) text(n *sitter.Node) string {
	return string(x.src[n.StartByte():n.EndByte()])
}

func collapse(s string) string { return strings.TrimSpace(spaceRE.ReplaceAllString(s, " ")) }

// doc returns the comment that ends on the line above n, or on n's own line
// before it.
func (x *extractor) doc(n *sitter.Node) string {
	prev := n.PrevSibling()
	if prev == nil || prev.Type() != "comment" {
		return ""
	}
	if n.StartPoint().Row > prev.EndPoint().Row+1 {
		return ""
	}
	return csrc.CommentText(x.text(prev))
}

// platformDependent reports whether a declaration of name under the
// enclosing conditions depends on the platform: a condition on a HAVE_
// macro of configure, "#ifndef name" / "#if !defined(name)" (a fallback
// for what a system header may define: M_PI), or one that requires an
// operating system or compiler (port.h's lseek for WIN32 only, which
// <unistd.h> declares everywhere else).
func (x *extractor) platformDependent(name string) bool {
	for _, c := range x.conds {
		if csrc.Cond(c).Requires(csrc.IsPlatformMacro) {
			return true
		}
		c = strings.Join(strings.Fields(c), "")
		if strings.Contains(c, "HAVE_") || c == "!"+name || c == "!defined("+name+")" || c == "!defined"+name {
			return true
		}
	}
	return false
}

func (x *extractor) emit(n *sitter.Node, d Decl) {
	d.Header = x.header
	d.Doc = x.doc(n)
	d.Text = collapse(d.Text)
	d.Platform = x.platformDependent(d.Name)
	x.out = append(x.out, d)
}

func (x *extractor) walk(n *sitter.Node) {
	for i := 0; i < int(n.NamedChildCount()); i++ {
		ch := n.NamedChild(i)
		switch ch.Type() {
		case "preproc_if", "preproc_ifdef", "preproc_elif", "preproc_elifdef":
			cond := ""
			if c := ch.ChildByFieldName("condition"); c != nil {
				cond = x.text(c)
			} else if c := ch.ChildByFieldName("name"); c != nil {
				cond = x.text(c)
				if strings.HasPrefix(x.text(ch), "#ifndef") {
					cond = "!" + cond
				}
			}
			x.conds = append(x.conds, cond)
			x.walk(ch)
			x.conds = x.conds[:len(x.conds)-1]
		case "preproc_else", "linkage_specification", "declaration_list", "ERROR":
			x.walk(ch)
		case "preproc_def", "preproc_function_def":
			x.macro(ch)
		case "declaration":
			x.declaration(ch)
		case "function_definition":
			if name := funcName(ch.ChildByFieldName("declarator"), x); name != "" {
				body := ch.ChildByFieldName("body")
				end := ch.EndByte()
				if body != nil {
					end = body.StartByte()
				}
				x.emit(ch, Decl{Kind: KindFunc, Name: name, Text: string(x.src[ch.StartByte():end]) + ";"})
			}
		case "type_definition":
			x.typedef(ch)
		case "struct_specifier", "union_specifier", "enum_specifier":
			x.tagged(ch, ch)
		case "expression_statement":
			// struct foo { ... }; parses as a declaration; nothing else here.
		}
	}
}

// macro records a #define (n is a preproc_def or preproc_function_def);
// an include guard (NAME_H) is not a declaration.
func (x *extractor) macro(n *sitter.Node) {
	name := n.ChildByFieldName("name")
	if name == nil {
		return
	}
	d := Decl{Kind: KindMacro, Name: x.text(name), Text: strings.TrimSpace(x.text(n))}
	if n.Type() == "preproc_def" {
		if strings.HasSuffix(d.Name, "_H") {
			return
		}
	} else if ps := n.ChildByFieldName("parameters"); ps != nil {
		for j := 0; j < int(ps.NamedChildCount()); j++ {
			d.Params = append(d.Params, x.text(ps.NamedChild(j)))
		}
	}
	x.emit(n, d)
}

// funcName returns the name a function declarator declares, or "".
func funcName(d *sitter.Node, x *extractor) string {
	for d != nil {
		switch d.Type() {
		case "function_declarator":
			in := d.ChildByFieldName("declarator")
			for in != nil && in.Type() == "parenthesized_declarator" || in != nil && in.Type() == "pointer_declarator" {
				if in.Type() == "parenthesized_declarator" {
					return "" // a function pointer variable
				}
				in = in.ChildByFieldName("declarator")
			}
			if in != nil && in.Type() == "identifier" {
				return x.text(in)
			}
			return ""
		case "pointer_declarator", "attributed_declarator":
			d = d.ChildByFieldName("declarator")
		default:
			return ""
		}
	}
	return ""
}

// declName returns the identifier a (variable) declarator declares.
func declName(d *sitter.Node, x *extractor) string {
	for d != nil {
		switch d.Type() {
		case "identifier", "type_identifier", "field_identifier":
			return x.text(d)
		case "init_declarator", "pointer_declarator", "array_declarator", "parenthesized_declarator", "function_declarator", "attributed_declarator":
			if d.Type() == "parenthesized_declarator" {
				d = d.NamedChild(0)
				continue
			}
			d = d.ChildByFieldName("declarator")
		default:
			return ""
		}
	}
	return ""
}

func (x *extractor) exported(n *sitter.Node) bool {
	s := x.text(n)
	return strings.Contains(s, "PGDLLIMPORT") || strings.Contains(s, "PGDLLEXPORT")
}

func (x *extractor) declaration(n *sitter.Node) {
	if ty := n.ChildByFieldName("type"); ty != nil {
		x.tagged(n, ty)
	}
	extern := false
	for i := 0; i < int(n.NamedChildCount()); i++ {
		if ch := n.NamedChild(i); ch.Type() == "storage_class_specifier" && x.text(ch) == "extern" {
			extern = true
		}
	}
	for i := 0; i < int(n.ChildCount()); i++ {
		d := n.Child(i)
		if n.FieldNameForChild(i) != "declarator" {
			continue
		}
		if name := funcName(d, x); name != "" {
			x.emit(n, Decl{Kind: KindFunc, Name: name, Text: x.text(n), Export: x.exported(n)})
		} else if name := declName(d, x); name != "" && extern {
			x.emit(n, Decl{Kind: KindVar, Name: name, Text: x.text(n), Export: x.exported(n)})
		}
	}
}

func (x *extractor) typedef(n *sitter.Node) {
	ty := n.ChildByFieldName("type")
	for i := 0; i < int(n.ChildCount()); i++ {
		if n.FieldNameForChild(i) != "declarator" {
			continue
		}
		d := n.Child(i)
		name := declName(d, x)
		if name == "" {
			// typedef RET (*name)(args): function pointer
			name = funcPtrName(d, x)
		}
		if name == "" {
			continue
		}
		text := x.text(n)
		if ty != nil && ty.ChildByFieldName("body") != nil {
			// Keep the typedef line short: the struct carries the body.
			tag := ty.Type()[:strings.Index(ty.Type(), "_")]
			if tn := ty.ChildByFieldName("name"); tn != nil {
				tag += " " + x.text(tn)
			} else if x.catalog(n) {
				tag += " " + name // CATALOG(...) is "typedef struct FormData_name"
			}
			text = "typedef " + tag + " " + x.text(d) + ";"
		}
		x.emit(n, Decl{Kind: KindTypedef, Name: name, Text: text})
		if ty != nil && ty.ChildByFieldName("body") != nil && ty.ChildByFieldName("name") == nil {
			x.body(n, ty, name)
		}
	}
	if ty != nil && ty.ChildByFieldName("name") != nil {
		x.tagged(n, ty)
	}
}

func funcPtrName(d *sitter.Node, x *extractor) string {
	for d != nil {
		switch d.Type() {
		case "function_declarator", "pointer_declarator", "array_declarator":
			d = d.ChildByFieldName("declarator")
		case "parenthesized_declarator":
			d = d.NamedChild(0)
		case "type_identifier", "identifier":
			return x.text(d)
		default:
			return ""
		}
	}
	return ""
}

// tagged records a struct, union or enum with a body; at is the node whose
// comment documents it.
func (x *extractor) tagged(at, ty *sitter.Node) {
	switch ty.Type() {
	case "struct_specifier", "union_specifier", "enum_specifier":
	default:
		return
	}
	name := ty.ChildByFieldName("name")
	if name == nil || ty.ChildByFieldName("body") == nil {
		return
	}
	x.body(at, ty, x.text(name))
}

func (x *extractor) body(at, ty *sitter.Node, name string) {
	kind := KindStruct
	if ty.Type() == "enum_specifier" {
		kind = KindEnum
	}
	var fields []string
	x.fields(ty.ChildByFieldName("body"), &fields)
	text := x.text(ty)
	if x.catalog(at) {
		text = string(x.src[at.StartByte():ty.EndByte()]) // from CATALOG(
	}
	x.emit(at, Decl{Kind: kind, Name: name, Text: text, Fields: fields})
}

// catalog reports whether n starts with the CATALOG(...) of a catalog
// header, which Extract read as "typedef struct".
func (x *extractor) catalog(n *sitter.Node) bool {
	return bytes.HasPrefix(x.src[n.StartByte():], []byte(catalogMacro+"("))
}

func (x *extractor) fields(body *sitter.Node, out *[]string) {
	for i := 0; i < int(body.NamedChildCount()); i++ {
		f := body.NamedChild(i)
		switch f.Type() {
		case "enumerator":
			if n := f.ChildByFieldName("name"); n != nil {
				*out = append(*out, x.text(n))
			}
		case "field_declaration":
			// A member struct or union's fields are the outer one's
			// too (op->d.fetch.last_var); a tagged one is a struct of
			// its own as well.
			if ty := f.ChildByFieldName("type"); ty != nil && ty.ChildByFieldName("body") != nil {
				switch ty.Type() {
				case "struct_specifier", "union_specifier":
					x.fields(ty.ChildByFieldName("body"), out)
					x.tagged(f, ty)
				case "enum_specifier":
					x.tagged(f, ty)
				}
			}
			for j := 0; j < int(f.ChildCount()); j++ {
				if f.FieldNameForChild(j) == "declarator" {
					d := f.Child(j)
					if n := declName(d, x); n != "" {
						*out = append(*out, n)
					} else if n := funcPtrName(d, x); n != "" {
						*out = append(*out, n)
					}
				}
			}
		case "preproc_def", "preproc_function_def":
			// A #define inside a struct or enum body
			// (FIELDNO_TUPLETABLESLOT_VALUES, SysCacheSize).
			x.macro(f)
		case "preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif", "preproc_elifdef":
			x.fields(f, out)
		}
	}
}
