package check

import (
	"fmt"

	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Limits of the model: where pgext-ls stops following the code, so that
// findings past that point may be missing or may ignore a condition.
func limitChecks() []*Check {
	return []*Check{
		{
			Code: "PGX017", Name: "preprocessor-too-deep", Severity: diag.Info,
			Summary: "#if groups nested more than 64 levels deep, or a condition longer than 4 KiB: pgext-ls models conditions up to that " +
				"bound (C11 5.2.4.1 guarantees 63 levels of nesting to portable code) and treats the code past it as guarded by the " +
				"enclosing groups only, so version-dependent findings there may be wrong. Flatten the conditions, for example with " +
				"a macro that names the combined condition.",
			Run: checkCondLimit,
		},
		{
			Code: "PGX018", Name: "binary-file", Severity: diag.Warning,
			Summary: "A C source, header, SQL script, control file or Makefile that is not text (a NUL byte, or many control " +
				"characters early on): pgext-ls does not parse it, so no other check or feature looks at it; the compiler or " +
				"the server reads it as garbage. Replace it with the text file it should be; a UTF-16 file must be saved as " +
				"UTF-8 (text in Latin-1 is read as such).",
			Run: checkBinary,
		},
		{
			Code: "PGX021", Name: "file-too-large", Severity: diag.Info,
			Summary: "A C source, header, SQL script, control file, Makefile or META.json larger than 8 MiB: pgext-ls does not read it, so no " +
				"other check or feature looks inside it. It still counts as present (an install script over the limit installs " +
				"its version), and checks that depend on its content assume nothing (any function may be bound in a script, " +
				"defined in a C file). Split the file, or generate it at build time.",
			Run: checkTooLarge,
		},
	}
}

func checkTooLarge(p *Pass) {
	for _, f := range p.Snapshot.Files() {
		if !f.TooLarge || !p.covers(f.Path) {
			continue
		}
		p.Report(diag.Diagnostic{
			File: f.Path,
			Message: fmt.Sprintf("this file is %d bytes, over the %d-byte limit pgext-ls reads: nothing in it is checked, "+
				"and checks of its extension assume nothing about its content; split it into smaller files", f.Size, project.MaxFileSize),
		})
	}
}

func checkBinary(p *Pass) {
	for _, f := range p.Snapshot.Files() {
		if !f.Binary || !p.covers(f.Path) {
			continue
		}
		p.Report(diag.Diagnostic{
			File:  f.Path,
			Range: span.Range{Start: f.BinaryAt, End: f.BinaryAt + 1},
			Message: "this file is not text (" + f.BinaryReason() + " here): pgext-ls does not read it; " +
				"replace it with the text it should hold, saved as UTF-8",
		})
	}
}

func checkCondLimit(p *Pass) {
	for _, f := range p.Snapshot.Files() {
		if f.C == nil || f.C.CondLimit == nil || !p.covers(f.Path) {
			continue
		}
		p.Report(diag.Diagnostic{
			File:  f.Path,
			Range: *f.C.CondLimit,
			Message: "preprocessor conditions nested past the model's bound (64 levels or a 4 KiB condition): " +
				"from here on, deeper groups are checked as if only their enclosing groups guarded them; flatten the conditions",
		})
	}
}

// covers reports whether the pass judges the file at path: every file in a
// whole-workspace pass; else the files of the pass's extensions and, when
// the pass covers libraries that belong to no extension, files of no
// extension.
func (p *Pass) covers(path string) bool {
	if p.Config.Extensions == nil {
		return true
	}
	exts := p.Snapshot.ExtensionsOf(path)
	for _, e := range exts {
		if p.Config.Extensions[e.Control.Path] {
			return true
		}
	}
	return len(exts) == 0 && p.Config.Standalone
}

// standaloneModules returns the modules that belong to no extension:
// libraries a PGXS Makefile builds outside any extension (auto_explain,
// passwordcheck, loaded through shared_preload_libraries), or whose
// extension's control file is gone.
func standaloneModules(s *project.Snapshot) []*project.Module {
	owned := map[*project.Module]bool{}
	for _, e := range s.Extensions() {
		for _, m := range e.Modules {
			owned[m] = true
		}
	}
	var out []*project.Module
	for _, m := range s.Modules() {
		if !owned[m] {
			out = append(out, m)
		}
	}
	return out
}

// looseModules returns the modules made of the C files that no module
// holds, one per folder (project.Snapshot.LooseModules).
func looseModules(s *project.Snapshot) []*project.Module { return s.LooseModules() }
