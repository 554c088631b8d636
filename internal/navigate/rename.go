package navigate

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Renaming a C function of an extension
//
// A C function is renamed in C everywhere it appears in its module: the
// PG_FUNCTION_INFO_V1 marker, the definition, prototypes, calls and hook
// assignments. In SQL only the scripts of the version under development
// change. The newest version of an extension (by version ordering of every
// version that has a script) is the one under development; every version
// below it is released, already installed somewhere, and its scripts must
// keep working as they are. So the scripts that create the newest version,
// its install script and the upgrade scripts ending at it, are edited, and
// the scripts of released versions are left unchanged: Rename reports the
// declarations there that still bind the old name, since those versions no
// longer install once the old symbol is gone (keep a
// PG_FUNCTION_INFO_V1 under the old name, or add an upgrade script).
//
// When a declaration of the version under development names no symbol
// (AS 'MODULE_PATHNAME' alone, where the symbol is the SQL function's own
// name), the SQL name is part of the extension's interface and is kept: the
// symbol is made explicit instead, AS 'MODULE_PATHNAME', 'new_name'.

// Edit replaces a byte range of a file with new text.
type Edit struct {
	Range   span.Range
	NewText string
}

// RenameResult holds the edits of a rename, per file, and what it left
// alone.
type RenameResult struct {
	Edits map[string][]Edit
	// Kept lists the link symbols in scripts of released versions that
	// still bind the old name.
	Kept []Location
	// Notes explain what was left alone and why, for the user.
	Notes []string
}

// PrepareRename reports whether the symbol at off can be renamed, and if so
// its range in the file and its current name.
func PrepareRename(s *project.Snapshot, path string, off int) (span.Range, string, error) {
	t := resolve(s, path, off)
	if t.kind != cSymbol {
		return span.Range{}, "", errors.New("only C functions of the extension can be renamed")
	}
	if len(t.defs()) == 0 && len(t.v1Refs()) == 0 {
		return span.Range{}, "", fmt.Errorf("%s is not defined in this workspace", t.name)
	}
	at := t.at
	if f := s.File(path); f != nil && f.SQL != nil {
		// Report the symbol inside its quotes.
		if r, ok := nameRange(f.Content, at, t.name, false); ok {
			at = r
		}
	}
	return at, t.name, nil
}

// cIdent matches a C identifier.
var cIdent = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Rename renames the C function at off to newName; see the package
// documentation above for which scripts change.
func Rename(s *project.Snapshot, path string, off int, newName string) (*RenameResult, error) {
	_, old, err := PrepareRename(s, path, off)
	if err != nil {
		return nil, err
	}
	if !cIdent.MatchString(newName) || cKeywords[newName] {
		return nil, fmt.Errorf("%q is not a valid C identifier", newName)
	}
	if newName == old {
		return &RenameResult{Edits: map[string][]Edit{}}, nil
	}
	t := resolve(s, path, off)
	probe := t
	probe.name = newName
	if probe.known() {
		return nil, fmt.Errorf("%s is already defined in the module", newName)
	}

	res := &RenameResult{Edits: map[string][]Edit{}}
	seen := map[Location]bool{}
	add := func(l Location, text string) {
		if seen[l] {
			return
		}
		seen[l] = true
		res.Edits[l.Path] = append(res.Edits[l.Path], Edit{l.Range, text})
	}
	var cLocs []Location
	cLocs = append(cLocs, t.defs()...)
	cLocs = append(cLocs, t.v1Refs()...)
	cLocs = append(cLocs, t.decls()...)
	cLocs = append(cLocs, t.uses()...)
	for _, l := range cLocs {
		if f := s.File(l.Path); f != nil && string(f.Content[l.Range.Start:l.Range.End]) == old {
			add(l, newName)
		}
	}

	newest := map[*project.Extension]string{}
	var keptScripts []string
	for _, b := range t.bindings(s) {
		v, ok := newest[b.Ext]
		if !ok {
			v = NewestVersion(b.Ext)
			newest[b.Ext] = v
		}
		f := b.Script.Source
		if b.Script.To != v {
			res.Kept = append(res.Kept, sqlLinkLoc(b))
			keptScripts = append(keptScripts, relTo(b.Ext.Dir, f.Path))
			continue
		}
		if b.Func.SymbolImplicit {
			pos, ok := afterLiteral(f.Content, b.Func.ObjFileRange)
			if !ok {
				return nil, fmt.Errorf("%s: cannot find the end of the AS clause of %s", f.Path, b.Func.Name)
			}
			add(Location{f.Path, span.Range{Start: pos, End: pos}}, ", '"+newName+"'")
			continue
		}
		r, ok := nameRange(f.Content, b.Func.LinkSymbolRange, old, false)
		if !ok {
			return nil, fmt.Errorf("%s: cannot find the link symbol %s", f.Path, old)
		}
		add(Location{f.Path, r}, newName)
	}
	for p := range res.Edits {
		sort.Slice(res.Edits[p], func(i, j int) bool { return res.Edits[p][i].Range.Start < res.Edits[p][j].Range.Start })
	}
	if len(res.Kept) > 0 {
		sort.Strings(keptScripts)
		keptScripts = uniq(keptScripts)
		res.Notes = append(res.Notes, fmt.Sprintf(
			"%d declaration(s) in scripts of released versions (%s) still bind %q and were left unchanged: those versions no longer install unless the library keeps PG_FUNCTION_INFO_V1(%s)",
			len(res.Kept), strings.Join(keptScripts, ", "), old, old))
	}
	return res, nil
}

// afterLiteral returns the offset just past the string literal that r
// covers (r may or may not include the quotes).
func afterLiteral(content []byte, r span.Range) (int, bool) {
	if r.IsZero() || r.End > len(content) {
		return 0, false
	}
	if r.End > r.Start && content[r.End-1] == '\'' && content[r.Start] == '\'' && r.Len() >= 2 {
		return r.End, true
	}
	if r.End < len(content) && content[r.End] == '\'' {
		return r.End + 1, true
	}
	return r.End, true
}

func uniq(ss []string) []string {
	out := ss[:0]
	for i, s := range ss {
		if i == 0 || s != ss[i-1] {
			out = append(out, s)
		}
	}
	return out
}

// NewestVersion returns the newest version of an extension that has a
// script, comparing versions by their numeric parts ("1.10" > "1.9"); it is
// the default_version when no script exists.
func NewestVersion(e *project.Extension) string {
	best := ""
	for _, v := range e.Versions() {
		if best == "" || CompareVersions(v, best) > 0 {
			best = v
		}
	}
	if best == "" {
		return e.DefaultVersion
	}
	return best
}

// CompareVersions orders extension version strings: runs of digits compare
// as numbers, other text compares as text ("1.10" > "1.9", "1.0beta" <
// "1.0").
func CompareVersions(a, b string) int {
	pa, pb := versionParts(a), versionParts(b)
	for i := 0; i < len(pa) && i < len(pb); i++ {
		x, y := pa[i], pb[i]
		nx, ex := strconv.Atoi(x)
		ny, ey := strconv.Atoi(y)
		switch {
		case ex == nil && ey == nil:
			if nx != ny {
				return cmp(nx, ny)
			}
		case ex == nil:
			return 1 // a number beats a pre-release tag
		case ey == nil:
			return -1
		default:
			if x != y {
				return strings.Compare(x, y)
			}
		}
	}
	switch {
	case len(pa) == len(pb):
		return 0
	case len(pa) > len(pb):
		if _, err := strconv.Atoi(pa[len(pb)]); err != nil {
			return -1 // 1.0beta < 1.0
		}
		return 1
	default:
		if _, err := strconv.Atoi(pb[len(pa)]); err != nil {
			return 1
		}
		return -1
	}
}

func cmp(a, b int) int {
	if a < b {
		return -1
	}
	if a > b {
		return 1
	}
	return 0
}

// versionParts splits "1.10beta2" into "1", "10", "beta", "2".
func versionParts(v string) []string {
	var out []string
	cur := ""
	kind := 0 // 1 digits, 2 other
	flush := func() {
		if cur != "" {
			out = append(out, cur)
		}
		cur = ""
	}
	for _, r := range v {
		k := 2
		switch {
		case r >= '0' && r <= '9':
			k = 1
		case r == '.' || r == '-' || r == '_':
			flush()
			kind = 0
			continue
		}
		if k != kind {
			flush()
		}
		kind = k
		cur += string(r)
	}
	flush()
	return out
}

// cKeywords are the C keywords a function cannot be renamed to.
var cKeywords = wordSet(`auto break case char const continue default do double else enum extern
float for goto if inline int long register restrict return short signed sizeof static struct switch
typedef union unsigned void volatile while _Bool _Complex _Imaginary _Alignas _Alignof _Atomic
_Generic _Noreturn _Static_assert _Thread_local`)

// wordSet returns the set of the space-separated words.
func wordSet(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		set[w] = true
	}
	return set
}
