package check

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/control"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/project"
)

// Packaging checks: control files and the version graph.
func packagingChecks() []*Check {
	return []*Check{
		{
			Code: "PGX009", Name: "no-install-path", Severity: diag.Error,
			Summary: "default_version has no install script and no update path from one; CREATE EXTENSION fails with " +
				"\"extension has no installation script nor update path for version\" (find_install_path in extension.c).",
			Run: checkInstallPath,
		},
		{
			Code: "PGX100", Name: "control-file", Severity: diag.Error,
			Summary: "A control file has a problem the server reports while reading it (parse_extension_control_file in extension.c); " +
				"the individual problems carry codes PGX101 and up.",
			Run: checkControlFiles,
			Reports: []string{control.CodeSyntax, control.CodeUnknownKey, control.CodeSecondaryOnly, control.CodeBool, control.CodeEncoding,
				control.CodeNameList, control.CodeSchemaRelocatable, control.CodeDuplicate, control.CodeInclude},
		},
		{Code: control.CodeSyntax, Name: "control-syntax", Severity: diag.Error,
			Summary: "A control-file line the server cannot parse (ParseConfigFp in guc-file.l: syntax error in file ... line N, near token ...); CREATE EXTENSION fails."},
		{Code: control.CodeUnknownKey, Name: "control-unknown-key", Severity: diag.Error,
			Summary: "A control-file key the server's version does not know (unrecognized parameter ... in file ...); keys are case-sensitive, trusted needs 13+, no_relocate 16+."},
		{Code: control.CodeSecondaryOnly, Name: "control-primary-only-key", Severity: diag.Error,
			Summary: "directory or default_version in a secondary control file ext--1.0.control (parameter ... cannot be set in a secondary extension control file)."},
		{Code: control.CodeBool, Name: "control-bad-boolean", Severity: diag.Error,
			Summary: "A boolean control-file key whose value parse_bool rejects (parameter ... requires a Boolean value)."},
		{Code: control.CodeEncoding, Name: "control-bad-encoding", Severity: diag.Error,
			Summary: "encoding names no server encoding (... is not a valid encoding name)."},
		{Code: control.CodeNameList, Name: "control-bad-name-list", Severity: diag.Error,
			Summary: "requires or no_relocate is not a list of names SplitIdentifierString accepts (parameter ... must be a list of extension names)."},
		{Code: control.CodeSchemaRelocatable, Name: "control-schema-relocatable", Severity: diag.Error,
			Summary: "schema is set while relocatable is true (parameter \"schema\" cannot be specified when \"relocatable\" is true)."},
		{Code: control.CodeDuplicate, Name: "control-duplicate-key", Severity: diag.Warning,
			Summary: "A control-file key is set more than once; the server silently keeps the last value."},
		{Code: control.CodeInclude, Name: "control-include", Severity: diag.Warning,
			Summary: "An include line in a control file; the server reads the named file as part of it, pgext-ls does not follow it."},
		{
			Code: "PGX120", Name: "makefile-structure", Severity: diag.Error,
			Summary: "The PGXS Makefile has a structural error make stops at (a conditional without endif, a define without endef), so nothing builds.",
			Run:     checkMakefiles,
		},
	}
}

func checkInstallPath(p *Pass) {
	for _, e := range p.Extensions() {
		if e.InstallPath != nil || e.InstallOpaque || e.ControlUnknown("default_version") {
			// Installable, or through a script the Makefile generates,
			// or at a version the Makefile writes into the control file
			// it generates.
			continue
		}
		ctl := e.Control
		if e.DefaultVersion == "" {
			if len(e.Scripts) == 0 {
				continue
			}
			p.Report(diag.Diagnostic{
				File: ctl.Path,
				Message: fmt.Sprintf("%s sets no default_version, so CREATE EXTENSION %s without VERSION fails with "+
					"'version to install must be specified'. Add default_version = '%s'.", ctl.Path[strings.LastIndex(ctl.Path, "/")+1:], e.Name, latest(e)),
			})
			continue
		}
		entry, _ := ctl.Control.Get("default_version")
		msg := fmt.Sprintf("default_version %q has no install script %s--%s.sql and no update path to it from another install script; "+
			"CREATE EXTENSION will fail with 'extension \"%s\" has no installation script nor update path for version \"%s\"'.",
			e.DefaultVersion, e.Name, e.DefaultVersion, e.Name, e.DefaultVersion)
		if vs := e.Versions(); len(vs) > 0 {
			msg += " Scripts exist for: " + strings.Join(vs, ", ") + "; set default_version to one of them or add the missing script."
		} else {
			msg += " Add " + e.Name + "--" + e.DefaultVersion + ".sql."
		}
		if e.ScriptDir != "" {
			msg += " The control file sets directory, so the server reads the scripts from " + e.ScriptDir + "."
		}
		p.Report(diag.Diagnostic{File: ctl.Path, Range: entry.ValueRange, Message: msg})
	}
}

// latest returns the highest version that has an install script, or "1.0".
func latest(e *project.Extension) string {
	var vs []string
	for _, sc := range e.Scripts {
		if !sc.Upgrade() {
			vs = append(vs, sc.To)
		}
	}
	if len(vs) == 0 {
		return "1.0"
	}
	sort.Strings(vs)
	return vs[len(vs)-1]
}

func checkControlFiles(p *Pass) {
	if p.Config.API == nil {
		return
	}
	for _, e := range p.Extensions() {
		if e.Control.Control == nil {
			continue
		}
		probs := control.ValidateVersions(e.Control.Control, p.Config.PGVersions, p.Config.API)
		// In a template the Makefile generates the control file from,
		// what the server reads on a line with a placeholder is what the
		// build writes there.
		probs = slices.DeleteFunc(probs, func(pr control.Problem) bool { return e.Template.Covers(pr.Range) })
		reportProblems(p, e.Control.Path, probs)
		for _, sec := range e.Secondary {
			if sec.Control == nil {
				continue
			}
			for _, v := range p.Config.PGVersions {
				reportProblems(p, sec.Path, control.ValidateSecondary(sec.Control, e.Control.Control, v, p.Config.API))
			}
		}
	}
}

func reportProblems(p *Pass, path string, probs []control.Problem) {
	for _, pr := range probs {
		sev := diag.Warning
		if pr.Error {
			sev = diag.Error
		}
		p.Report(diag.Diagnostic{File: path, Range: pr.Range, Code: pr.Code, Severity: sev, Message: pr.Message})
	}
}

func checkMakefiles(p *Pass) {
	seen := map[string]bool{}
	for _, e := range p.Extensions() {
		mk := e.Makefile
		if mk == nil || mk.Makefile == nil || seen[mk.Path] {
			continue
		}
		seen[mk.Path] = true
		for _, pr := range mk.Makefile.Problems {
			p.Report(diag.Diagnostic{File: mk.Path, Range: pr.Range,
				Message: pr.Message + "; make stops here, so the extension cannot be built. Fix the Makefile."})
		}
	}
}
