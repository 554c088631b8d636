package control

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pgext-ls/pgext-ls/internal/pgapi"
)

// Problem codes. Each names one error parse_extension_control_file
// (src/backend/commands/extension.c) or ParseConfigFp
// (src/backend/utils/misc/guc-file.l) raises, except the warnings
// CodeDuplicate and CodeInclude, which flag legal but suspicious lines.
const (
	// CodeSyntax: a line ParseConfigFp cannot parse ("syntax error in
	// file ... line N, near token ..."). CREATE EXTENSION fails.
	CodeSyntax = "PGX101"
	// CodeUnknownKey: a key the server's version does not know
	// ("unrecognized parameter ... in file ..."). Keys are case-sensitive;
	// some exist only in newer versions (trusted 13+, no_relocate 16+).
	CodeUnknownKey = "PGX102"
	// CodeSecondaryOnly: directory or default_version in a secondary
	// control file ext--1.0.control ("parameter ... cannot be set in a
	// secondary extension control file").
	CodeSecondaryOnly = "PGX103"
	// CodeBool: a boolean key whose value parse_bool rejects ("parameter
	// ... requires a Boolean value").
	CodeBool = "PGX104"
	// CodeEncoding: an encoding that is not a server encoding ("... is
	// not a valid encoding name").
	CodeEncoding = "PGX105"
	// CodeNameList: requires or no_relocate that SplitIdentifierString
	// rejects ("parameter ... must be a list of extension names").
	CodeNameList = "PGX106"
	// CodeSchemaRelocatable: schema set while relocatable is true
	// ("parameter "schema" cannot be specified when "relocatable" is
	// true").
	CodeSchemaRelocatable = "PGX107"
	// CodeDuplicate (warning): a key set more than once; the server keeps
	// the last value.
	CodeDuplicate = "PGX108"
	// CodeInclude (warning): an include, include_if_exists or include_dir
	// line; the server reads the named file as part of the control file,
	// pgext-ls does not follow it.
	CodeInclude = "PGX109"
)

// Validate reports the problems the server would report for f in major:
// f's syntax errors first, then one problem per bad key or value, then the
// schema/relocatable cross-check. Unlike the server, which stops at the
// first error, it reports them all. A missing default_version is not a
// problem of the file itself. Validate returns only the syntax errors for
// a major db does not know.
//
// For a secondary file the cross-check sees only the secondary file's own
// keys; the server applies it to the primary file's settings overlaid with
// the secondary's.
func Validate(f *File, major int, db *pgapi.DB) []Problem {
	probs := append([]Problem(nil), f.Errors...)
	keys := db.ControlKeys(major)
	if keys == nil {
		return probs
	}
	name := filepath.Base(f.Path)
	last := map[string]int{} // key -> index of its last entry
	for i, e := range f.Entries {
		last[e.Key] = i
	}
	relocatable := false
	schema := -1
	for i, e := range f.Entries {
		if e.Recovered {
			// Its line is a syntax error, reported already.
			continue
		}
		if isInclude(e.Key) {
			probs = append(probs, Problem{
				Code:    CodeInclude,
				Message: fmt.Sprintf("%s makes the server read %s as part of this control file; pgext-ls does not follow it, so put the settings in this file instead", e.Key, quote(e.Value)),
				Range:   e.KeyRange,
			})
			continue
		}
		k, ok := lookupKey(keys, e.Key)
		if !ok {
			probs = append(probs, Problem{
				Code:    CodeUnknownKey,
				Error:   true,
				Message: fmt.Sprintf("unrecognized parameter %s in file %s; %s", quote(e.Key), quote(name), unknownKeyHint(e.Key, major, keys, db)),
				Range:   e.KeyRange,
			})
			continue
		}
		if last[e.Key] != i {
			probs = append(probs, Problem{
				Code:    CodeDuplicate,
				Message: fmt.Sprintf("parameter %s is set again on a later line and the server keeps only the last value; remove this line", quote(e.Key)),
				Range:   e.KeyRange,
			})
		}
		if f.Version != "" && k.PrimaryOnly {
			probs = append(probs, Problem{
				Code:    CodeSecondaryOnly,
				Error:   true,
				Message: fmt.Sprintf("parameter %s cannot be set in a secondary extension control file; move it to %s", quote(e.Key), f.Extension+".control"),
				Range:   e.KeyRange,
			})
		}
		switch k.Type {
		case pgapi.KeyBool:
			b, ok := ParseBool(e.Value)
			if !ok {
				probs = append(probs, Problem{
					Code:    CodeBool,
					Error:   true,
					Message: fmt.Sprintf("parameter %s requires a Boolean value; write true or false", quote(e.Key)),
					Range:   e.ValueRange,
				})
			}
			if e.Key == "relocatable" {
				relocatable = b
			}
		case pgapi.KeyEncoding:
			if !ValidServerEncoding(e.Value) {
				probs = append(probs, Problem{
					Code:    CodeEncoding,
					Error:   true,
					Message: fmt.Sprintf("%s is not a valid encoding name; use a server encoding such as UTF8 or LATIN1 (client-only encodings such as SJIS, BIG5 or GBK are not allowed)", quote(e.Value)),
					Range:   e.ValueRange,
				})
			}
		case pgapi.KeyNameList:
			if _, ok := SplitIdentifiers(e.Value); !ok {
				probs = append(probs, Problem{
					Code:    CodeNameList,
					Error:   true,
					Message: fmt.Sprintf("parameter %s must be a list of extension names; separate names with commas (%s = 'cube, earthdistance') and close every double quote", quote(e.Key), e.Key),
					Range:   e.ValueRange,
				})
			}
		}
		if e.Key == "schema" {
			schema = i
		}
	}
	if relocatable && schema >= 0 {
		probs = append(probs, Problem{
			Code:    CodeSchemaRelocatable,
			Error:   true,
			Message: `parameter "schema" cannot be specified when "relocatable" is true; remove schema, or set relocatable = false to install the extension into that fixed schema`,
			Range:   f.Entries[schema].KeyRange,
		})
	}
	return probs
}

// ValidateSecondary validates a secondary control file (ext--1.0.control)
// like Validate, but applies the schema/relocatable cross-check to the
// settings the server ends up with for that version: primary's, overlaid
// by secondary's. The problem points at the schema line of whichever file
// sets it. primary's own problems are not included.
func ValidateSecondary(secondary, primary *File, major int, db *pgapi.DB) []Problem {
	var probs []Problem
	for _, p := range Validate(secondary, major, db) {
		if p.Code != CodeSchemaRelocatable {
			probs = append(probs, p)
		}
	}
	if db.ControlKeys(major) == nil {
		return probs
	}
	var (
		relocatable           bool
		relocFile, schemaFile *File
		reloc, schema         Entry
	)
	for _, f := range []*File{primary, secondary} {
		if f == nil {
			continue
		}
		for _, e := range f.Entries {
			switch {
			case e.Recovered:
			case e.Key == "relocatable":
				relocatable, _ = ParseBool(e.Value)
				reloc, relocFile = e, f
			case e.Key == "schema":
				schema, schemaFile = e, f
			}
		}
	}
	if !relocatable || schemaFile == nil || relocFile == primary && schemaFile == primary {
		return probs // fine, or the primary file's own problem
	}
	p := Problem{Code: CodeSchemaRelocatable, Error: true}
	const msg = `parameter "schema" cannot be specified when "relocatable" is true; `
	switch {
	case schemaFile == secondary && relocFile == secondary:
		p.Message = msg + "remove schema, or set relocatable = false to install the extension into that fixed schema"
		p.Range = schema.KeyRange
	case schemaFile == secondary:
		p.Message = msg + filepath.Base(primary.Path) + " sets relocatable = true, so remove schema here or set relocatable = false"
		p.Range = schema.KeyRange
	default:
		p.Message = msg + filepath.Base(primary.Path) + " sets schema, so set relocatable = false here"
		p.Range = reloc.ValueRange
	}
	return append(probs, p)
}

// ValidateVersions validates f for each major and merges the results: a
// problem found in every major appears once, unchanged; a problem found in
// only some majors says which ("[PostgreSQL 12]"). Problems are in file
// order of their first appearance.
func ValidateVersions(f *File, majors []int, db *pgapi.DB) []Problem {
	type key struct {
		code  string
		start int
		end   int
	}
	var order []key
	found := map[key][]int{}
	first := map[key]Problem{}
	for _, m := range majors {
		for _, p := range Validate(f, m, db) {
			k := key{p.Code, p.Range.Start, p.Range.End}
			if _, ok := found[k]; !ok {
				order = append(order, k)
				first[k] = p
			}
			if ms := found[k]; len(ms) == 0 || ms[len(ms)-1] != m {
				found[k] = append(ms, m)
			}
		}
	}
	out := make([]Problem, 0, len(order))
	for _, k := range order {
		p := first[k]
		if ms := found[k]; len(ms) < len(majors) {
			p.Message += " [PostgreSQL " + joinInts(ms) + "]"
		}
		out = append(out, p)
	}
	slices.SortStableFunc(out, func(a, b Problem) int { return a.Range.Start - b.Range.Start })
	return out
}

func joinInts(ms []int) string {
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = strconv.Itoa(m)
	}
	return strings.Join(s, ", ")
}

// isInclude reports whether key is one of the include directives, which
// ParseConfigFp compares case-insensitively.
func isInclude(key string) bool {
	switch strings.ToLower(key) {
	case "include", "include_dir", "include_if_exists":
		return true
	}
	return false
}

// lookupKey finds key exactly: parse_extension_control_file compares names
// with strcmp.
func lookupKey(keys []pgapi.ControlKey, key string) (pgapi.ControlKey, bool) {
	for _, k := range keys {
		if k.Name == key {
			return k, true
		}
	}
	return pgapi.ControlKey{}, false
}

// unknownKeyHint says what to do about an unrecognized key.
func unknownKeyHint(key string, major int, keys []pgapi.ControlKey, db *pgapi.DB) string {
	for _, k := range keys {
		if strings.EqualFold(k.Name, key) {
			return fmt.Sprintf("parameter names are case-sensitive: write %s", quote(k.Name))
		}
	}
	if ms := db.ControlKeyMajors(key); len(ms) > 0 {
		return fmt.Sprintf("PostgreSQL %d does not know %s (PostgreSQL %s accept it): remove the line or stop supporting PostgreSQL %d", major, quote(key), joinInts(ms), major)
	}
	names := make([]string, len(keys))
	best, bestDist := "", 3
	for i, k := range keys {
		names[i] = k.Name
		if d := editDistance(strings.ToLower(key), k.Name); d < bestDist {
			best, bestDist = k.Name, d
		}
	}
	hint := "PostgreSQL " + strconv.Itoa(major) + " accepts only " + strings.Join(names, ", ")
	if best != "" {
		return fmt.Sprintf("did you mean %s? %s", quote(best), hint)
	}
	return "remove the line; " + hint
}

// editDistance is the Levenshtein distance of a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// quote formats s in double quotes as the server's messages do, replacing
// bytes that are not printable UTF-8 with escapes so that messages stay
// valid text.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1, r < 0x20, r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	b.WriteByte('"')
	return b.String()
}
