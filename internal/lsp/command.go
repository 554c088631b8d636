package lsp

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/inspect"
	"github.com/pgext-ls/pgext-ls/internal/project"
)

// commandShowIndex dumps what the server knows about the extension that
// holds a file. Arguments: the file's URI, then optionally "json" for a
// JSON object instead of the default markdown text.
const commandShowIndex = "pgext-ls.showIndex"

// commandStatus reports what the server indexed, whether it is still
// indexing, which PostgreSQL versions it checks for and, when it found
// no extension, which markers it looked for. Arguments: optionally
// "json" for a JSON object instead of the default text.
const commandStatus = "pgext-ls.status"

func (s *server) executeCommand(ctx context.Context, v *view, params json.RawMessage) (any, error) {
	var p struct {
		Command   string            `json:"command"`
		Arguments []json.RawMessage `json:"arguments"`
	}
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	switch p.Command {
	case commandStatus:
		st := s.status(v.snap)
		if len(p.Arguments) > 0 {
			var format string
			if json.Unmarshal(p.Arguments[0], &format) == nil && format == "json" {
				return st, nil
			}
		}
		return st.Text(), nil
	case commandShowIndex:
	default:
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "unknown command %q", p.Command)
	}
	if len(p.Arguments) == 0 {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, commandShowIndex+" needs a document URI")
	}
	var arg string
	if err := json.Unmarshal(p.Arguments[0], &arg); err != nil {
		// VS Code may pass {uri: ...} or a TextDocumentIdentifier.
		var obj struct {
			URI string `json:"uri"`
		}
		if json.Unmarshal(p.Arguments[0], &obj) != nil || obj.URI == "" {
			return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, commandShowIndex+": the first argument must be a URI")
		}
		arg = obj.URI
	}
	path, err := uriToPath(protocol.DocumentURI(arg))
	if err != nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%v", err)
	}
	format := "markdown"
	if len(p.Arguments) > 1 {
		_ = json.Unmarshal(p.Arguments[1], &format)
	}
	dump := indexOf(v.snap, path)
	if format == "json" {
		return dump, nil
	}
	return dump.Markdown(), nil
}

// status describes the server's state over snap.
func (s *server) status(snap *project.Snapshot) inspect.Status {
	cfg := s.diags.config()
	st := inspect.StatusOf(snap, func(e *project.Extension) string { return check.Supported(e, cfg).String() })
	s.mu.Lock()
	st.State = "ready"
	if s.indexing || !s.indexed {
		st.State = "indexing"
	}
	if !s.indexed {
		// Before the first index the snapshot holds no folder yet: name
		// the folders being indexed and claim nothing about what is in them.
		st.Roots = append([]string{}, s.roots...)
		st.NotFound = ""
	}
	st.Versions = s.versionsNote
	st.Builds = s.builds
	s.mu.Unlock()
	return st
}

// indexOf describes the extensions that hold path or, when none does, the
// modules it is compiled into; paths are shown relative to the first
// extension's folder (or the file's).
func indexOf(snap *project.Snapshot, path string) *inspect.Model {
	exts := snap.ExtensionsOf(path)
	var mods []*project.Module
	base := filepath.Dir(path)
	seen := map[*project.Module]bool{}
	for _, e := range exts {
		for _, m := range e.Modules {
			if !seen[m] {
				seen[m] = true
				mods = append(mods, m)
			}
		}
	}
	if len(exts) > 0 {
		base = exts[0].Dir
	} else {
		mods = snap.ModulesOf(path)
	}
	return inspect.Describe(snap, exts, mods, func(p string) string { return rel(base, p) })
}

func rel(dir, path string) string {
	if r, err := filepath.Rel(dir, path); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return path
}
