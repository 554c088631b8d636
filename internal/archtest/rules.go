package archtest

// ProjectRules returns pgext-ls's architecture, as ARCHITECTURE.md states
// it. Keep the two in step.
func ProjectRules() Rules {
	parsers := []string{"internal/csrc", "internal/sqlscript", "internal/control", "internal/pgxs", "internal/pgversion", "internal/setup"}
	with := func(base []string, more ...string) []string {
		return append(append([]string{}, base...), more...)
	}
	model := with(parsers, "internal/project", "internal/span")
	return Rules{
		Imports: map[string][]string{
			// Foundations: positions, diagnostics, PostgreSQL API facts.
			"internal/span": nil,
			"internal/diag": {"internal/span"},
			// pgapi splits its facts' C declarations with csrc, which
			// imports only span.
			"internal/pgapi": {"internal/pgapi/apiformat", "internal/csrc"},
			// The format of pgapi's server API data, and its generator
			// (go generate), which reads headers' identifiers, comments and
			// annotations with csrc's lexer.
			"internal/pgapi/apiformat": nil,
			"internal/pgapi/gen":       {"internal/pgapi/apiformat", "internal/csrc"},
			// The one reader of files from disk: regular files, bounded.
			"internal/regfile": nil,
			// Parsers: the only readers of file text.
			"internal/csrc":      {"internal/span"},
			"internal/sqlscript": {"internal/span", "internal/pgapi"},
			"internal/pgxs":      {"internal/span"},
			"internal/pgversion": {"internal/span"},
			"internal/setup":     {"internal/span"},
			"internal/control":   {"internal/span", "internal/pgapi"},
			// The model of the workspace, and of what an extension's
			// scripts leave in a database.
			"internal/project":  with(parsers, "internal/span", "internal/regfile"),
			"internal/extmodel": {"internal/sqlscript", "internal/span"},
			// Analysis and IDE features: pure functions of a snapshot.
			"internal/check":    with(model, "internal/diag", "internal/pgapi", "internal/extmodel"),
			"internal/navigate": model,
			"internal/assist":   with(model, "internal/pgapi", "internal/pgconfig"),
			"internal/actions":  with(model, "internal/diag", "internal/pgapi"),
			"internal/inspect":  {"internal/project", "internal/span"},
			// Edges: the environment, settings, output formats.
			"internal/pgconfig": {"internal/regfile", "internal/csrc"},
			"internal/config":   {"internal/diag", "internal/regfile"},
			"internal/report":   {"internal/diag", "internal/span"},
			// The protocol layer translates; the command wires everything.
			"internal/lsp": with(model, "internal/actions", "internal/assist", "internal/check",
				"internal/config", "internal/diag", "internal/inspect", "internal/navigate",
				"internal/pgapi", "internal/pgconfig", "internal/regfile", "internal/report"),
			"cmd/pgext-ls": with(model, "internal/assist", "internal/check", "internal/config",
				"internal/diag", "internal/inspect", "internal/lsp", "internal/pgapi",
				"internal/pgconfig", "internal/regfile", "internal/report"),
			// The parse-only floor scripts/bench.sh measures check against.
			"cmd/parsefloor": {"internal/project", "internal/regfile"},
			// Test support.
			"internal/testenv":  nil,
			"internal/archtest": nil,
		},
		NoIO: with(parsers, "internal/span", "internal/diag", "internal/pgapi", "internal/project", "internal/extmodel",
			"internal/check", "internal/navigate", "internal/assist", "internal/actions",
			"internal/inspect", "internal/report"),
		NoContent: []string{"internal/check", "internal/navigate", "internal/assist",
			"internal/actions", "internal/inspect"},
		NoTokens: []string{"internal/project", "internal/extmodel", "internal/check", "internal/navigate",
			"internal/assist", "internal/actions", "internal/inspect", "internal/pgconfig", "internal/lsp",
			"cmd/pgext-ls"},
		// No debt is left: record none here. A known violation that a
		// planned change removes would go in Debt.
	}
}
