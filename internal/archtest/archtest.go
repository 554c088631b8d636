// Package archtest enforces the layering that ARCHITECTURE.md describes:
// which internal packages each package may import, that analysis packages
// do no I/O, and that feature packages read file text only through the
// parser packages. It reads the Go sources with go/parser, so it needs no
// build and no go command.
package archtest

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Module is the module path of pgext-ls.
const Module = "github.com/pgext-ls/pgext-ls"

// Rules is the architecture: the allowed internal imports of each package
// (by path relative to the module root), the packages that may not do I/O,
// and the packages that may not read a parsed file's raw text.
type Rules struct {
	// Imports maps each package to the internal packages it may import.
	// A package missing from the map is a violation: new packages must be
	// placed in a layer.
	Imports map[string][]string
	// NoIO lists packages that may not import an I/O package (IOPackages).
	NoIO []string
	// NoContent lists packages that may not select a Content field (the
	// raw text of a project.Source): they consume parser facts and tokens.
	NoContent []string
	// NoTokens lists packages that may not tokenize text or walk tokens
	// themselves: no import of a tokenizer package (TokenizerPackages), no
	// use of a parser's token-level API (TokenAPI), no Tokens field taken
	// other than to look up one token (x.Tokens[i]). They read the
	// parsers' facts; a fact may point at a token by its index.
	NoTokens []string
	// Debt lists known violations of NoIO and NoContent that a planned
	// change removes, as "package: io" or "package: content" → the number
	// of imports or selections allowed. A package over its debt is a
	// violation; one under it is reported by Check's notes so the debt is
	// lowered with the code.
	Debt map[string]int
}

// IOPackages are the standard packages whose import means a package
// touches the file system, processes or the network.
var IOPackages = []string{"os", "os/exec", "io/ioutil", "net", "net/http", "syscall"}

// TokenizerPackages are the standard packages that split text into tokens.
var TokenizerPackages = []string{"text/scanner", "go/scanner"}

// TokenAPI lists, by package path relative to the module root, the
// exported names of the parsers that hand out raw tokens or run a lexer
// over given text.
var TokenAPI = map[string][]string{
	"internal/csrc":      {"BodyToken", "BodyTokens", "CallArgs", "MatchBrackets", "Identifiers"},
	"internal/sqlscript": {"Lex", "LexSQL", "Head"},
}

// Violation is one broken rule.
type Violation struct {
	File    string // relative to the module root
	Message string
}

func (v Violation) String() string { return v.File + ": " + v.Message }

// pkgFiles are the non-test Go files of one package directory.
type pkgFiles struct {
	dir   string // relative, slash-separated
	files map[string]*ast.File
}

// Check reads every package under root (a module root) and returns the
// violations of r, sorted, and notes on debt that the code has paid off.
func Check(root string, r Rules) (violations []Violation, notes []string, err error) {
	fset := token.NewFileSet()
	pkgs, err := readPackages(fset, root)
	if err != nil {
		return nil, nil, err
	}
	noIO := set(r.NoIO)
	noContent := set(r.NoContent)
	noTokens := set(r.NoTokens)
	var out []Violation
	debtSeen := map[string]int{}   // "package: rule" → count
	where := map[string][]string{} // "package: rule" → files
	for _, p := range pkgs {
		allowed, known := r.Imports[p.dir]
		if !known {
			out = append(out, Violation{p.dir, "package is in no layer: add it to archtest's rules and to ARCHITECTURE.md"})
		}
		allow := set(allowed)
		names := sortedKeys(p.files)
		for _, name := range names {
			f := p.files[name]
			rel := path.Join(p.dir, name)
			for _, imp := range f.Imports {
				ip, _ := strconv.Unquote(imp.Path.Value)
				if inner, ok := strings.CutPrefix(ip, Module+"/"); ok {
					if known && !allow[inner] {
						out = append(out, Violation{rel, fmt.Sprintf("imports %s, which layer %s may not use", inner, p.dir)})
					}
					continue
				}
				if noIO[p.dir] && contains(IOPackages, ip) {
					debtSeen[p.dir+": io"]++
					where[p.dir+": io"] = append(where[p.dir+": io"], rel)
				}
			}
			if noTokens[p.dir] {
				out = append(out, tokenViolations(fset, rel, f)...)
			}
			if noContent[p.dir] {
				ast.Inspect(f, func(n ast.Node) bool {
					if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "Content" {
						debtSeen[p.dir+": content"]++
						where[p.dir+": content"] = append(where[p.dir+": content"], fmt.Sprintf("%s:%d", rel, fset.Position(sel.Pos()).Line))
					}
					return true
				})
			}
		}
	}
	for _, key := range sortedKeys(union(debtSeen, r.Debt)) {
		seen, allowed := debtSeen[key], r.Debt[key]
		dir, rule, _ := strings.Cut(key, ": ")
		what := map[string]string{
			"io":      "imports an I/O package (analysis does no I/O: read files through the caller's file source)",
			"content": "selects a Content field (only parser packages read file text: use their facts and tokens)",
		}[rule]
		switch {
		case seen > allowed:
			out = append(out, Violation{dir, fmt.Sprintf("%s %d times (recorded debt: %d) at %s", what, seen, allowed, strings.Join(where[key], ", "))})
		case seen < allowed:
			notes = append(notes, fmt.Sprintf("%s: rule %q is broken %d times, fewer than the recorded debt of %d: lower the debt", dir, rule, seen, allowed))
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Message < out[j].Message
	})
	return out, notes, nil
}

// tokenViolations returns the places where file f (at rel) tokenizes
// text or walks tokens itself.
func tokenViolations(fset *token.FileSet, rel string, f *ast.File) []Violation {
	var out []Violation
	at := func(n ast.Node, msg string) {
		out = append(out, Violation{fmt.Sprintf("%s:%d", rel, fset.Position(n.Pos()).Line), msg})
	}
	api := map[string]map[string]bool{} // local import name -> token-level names
	for _, imp := range f.Imports {
		ip, _ := strconv.Unquote(imp.Path.Value)
		if contains(TokenizerPackages, ip) {
			at(imp, "imports "+ip+" (only parser packages tokenize text: use their facts)")
		}
		inner, ok := strings.CutPrefix(ip, Module+"/")
		if names := TokenAPI[inner]; ok && names != nil {
			local := path.Base(inner)
			if imp.Name != nil {
				local = imp.Name.Name
			}
			api[local] = set(names)
		}
	}
	// A fact may name a token by its index: x.Tokens[i] is allowed, the
	// slice itself (to range over, pass on or measure) is not.
	indexed := map[*ast.SelectorExpr]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if ix, ok := n.(*ast.IndexExpr); ok {
			if sel, ok := ix.X.(*ast.SelectorExpr); ok {
				indexed[sel] = true
			}
		}
		return true
	})
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if x, ok := sel.X.(*ast.Ident); ok && api[x.Name][sel.Sel.Name] {
			at(sel, "uses "+x.Name+"."+sel.Sel.Name+" (raw tokens: only parser packages walk tokens, ask them for the fact)")
		}
		if sel.Sel.Name == "Tokens" && !indexed[sel] {
			at(sel, "takes a Tokens slice (only parser packages walk tokens, ask them for the fact; a token index may be looked up)")
		}
		return true
	})
	return out
}

// readPackages parses the non-test Go files of every directory under
// root/internal and root/cmd, skipping testdata.
func readPackages(fset *token.FileSet, root string) ([]pkgFiles, error) {
	byDir := map[string]*pkgFiles{}
	for _, top := range []string{"internal", "cmd"} {
		err := filepath.WalkDir(filepath.Join(root, top), func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
			if err != nil {
				return fmt.Errorf("archtest: %w", err)
			}
			relDir, err := filepath.Rel(root, filepath.Dir(p))
			if err != nil {
				return err
			}
			relDir = filepath.ToSlash(relDir)
			pf := byDir[relDir]
			if pf == nil {
				pf = &pkgFiles{dir: relDir, files: map[string]*ast.File{}}
				byDir[relDir] = pf
			}
			pf.files[filepath.Base(p)] = f
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			return nil, err
		}
	}
	var out []pkgFiles
	for _, dir := range sortedKeys(byDir) {
		out = append(out, *byDir[dir])
	}
	return out, nil
}

func set(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func contains(xs []string, x string) bool { return set(xs)[x] }

func union(a, b map[string]int) map[string]int {
	m := make(map[string]int, len(a)+len(b))
	for k, v := range a {
		m[k] = v
	}
	for k := range b {
		m[k] += 0
	}
	return m
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
