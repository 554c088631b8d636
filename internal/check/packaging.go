package check

import (
	"fmt"
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
		},
	}
}

func checkInstallPath(p *Pass) {
	for _, e := range p.Extensions() {
		if e.InstallPath != nil {
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
	versions := p.Config.PGVersions
	if p.Config.API == nil {
		return
	}
	for _, e := range p.Extensions() {
		files := []*project.Source{e.Control}
		for _, s := range e.Secondary {
			files = append(files, s)
		}
		for _, f := range files {
			if f.Control == nil {
				continue
			}
			reportControl(p, f, versions)
		}
	}
}

// reportControl validates f for every supported version and reports each
// problem once, naming the versions it applies to when not all.
func reportControl(p *Pass, f *project.Source, versions []int) {
	type key struct {
		code, msg string
		start     int
	}
	var order []key
	probs := map[key]control.Problem{}
	which := map[key][]int{}
	for _, v := range versions {
		for _, pr := range control.Validate(f.Control, v, p.Config.API) {
			k := key{pr.Code, pr.Message, pr.Range.Start}
			if _, ok := probs[k]; !ok {
				order = append(order, k)
				probs[k] = pr
			}
			which[k] = append(which[k], v)
		}
	}
	for _, k := range order {
		pr := probs[k]
		msg := pr.Message
		if len(which[k]) < len(versions) {
			msg += fmt.Sprintf(" (PostgreSQL %s)", joinInts(which[k]))
		}
		sev := diag.Warning
		if pr.Error {
			sev = diag.Error
		}
		p.Report(diag.Diagnostic{File: f.Path, Range: pr.Range, Code: pr.Code, Severity: sev, Message: msg})
	}
}

func joinInts(vs []int) string {
	var parts []string
	for _, v := range vs {
		parts = append(parts, fmt.Sprint(v))
	}
	return strings.Join(parts, ", ")
}
