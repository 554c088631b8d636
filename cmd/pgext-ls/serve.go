package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/pgext-ls/pgext-ls/internal/assist"
	"github.com/pgext-ls/pgext-ls/internal/lsp"
	"github.com/pgext-ls/pgext-ls/internal/project"
)

// runServe serves the Language Server Protocol on stdin and stdout until
// the client exits, stdin closes, or the process gets SIGTERM or SIGINT.
// Logs go to stderr, or to the file --log-file names; stdout carries only
// the protocol.
func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Bool("stdio", true, "communicate over stdin and stdout (the default and only transport)")
	logFile := fs.String("log-file", "", "write the server log to `FILE` instead of stderr")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "pgext-ls: unexpected arguments %q\n", fs.Args())
		return 2
	}
	logw := stderr
	if *logFile != "" {
		f, err := os.OpenFile(*logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			fmt.Fprintf(stderr, "pgext-ls: %v\n", err)
			return 2
		}
		defer f.Close()
		logw = f
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	return lsp.Serve(ctx, stdin, stdout, lsp.Options{
		Log:     logw,
		Version: version,
		Assist:  assistFeatures(),
	})
}

// assistFeatures wires package assist into the server, converting its
// results to the server's mirror types.
func assistFeatures() *lsp.Assist {
	env := func(e lsp.AssistEnv) assist.Env {
		return assist.Env{API: e.API, Versions: e.Versions, Headers: e.Headers, Supported: e.Supported, LazyDocs: e.LazyDocs}
	}
	return &lsp.Assist{
		Hover: func(s *project.Snapshot, path string, off int, e lsp.AssistEnv) (lsp.HoverResult, bool) {
			h, ok := assist.Hover(s, path, off, env(e))
			return lsp.HoverResult{Markdown: h.Markdown, Range: h.Range}, ok
		},
		Complete: func(s *project.Snapshot, path string, off int, e lsp.AssistEnv) ([]lsp.CompletionItem, bool) {
			items, incomplete := assist.CompleteList(s, path, off, env(e))
			out := make([]lsp.CompletionItem, 0, len(items))
			for _, it := range items {
				ci := lsp.CompletionItem{
					Label: it.Label, Detail: it.Detail, Documentation: it.Documentation,
					Kind: completionKinds[it.Kind], InsertText: it.InsertText, IsSnippet: it.IsSnippet,
					TextEdit: it.TextEdit, FilterText: it.FilterText, SortText: it.SortText,
				}
				if it.Resolve != nil {
					ci.Resolve = &lsp.CompletionDoc{Name: it.Resolve.Name, Versions: it.Resolve.Versions}
				}
				for _, e := range it.AdditionalEdits {
					ci.AdditionalEdits = append(ci.AdditionalEdits, lsp.TextEdit{Range: e.Range, NewText: e.NewText})
				}
				out = append(out, ci)
			}
			return out, incomplete
		},
		ResolveDoc: func(k lsp.CompletionDoc, e lsp.AssistEnv) (string, bool) {
			return assist.ResolveDoc(assist.DocKey{Name: k.Name, Versions: k.Versions}, env(e))
		},
		SignatureHelp: func(s *project.Snapshot, path string, off int, e lsp.AssistEnv) (lsp.SignatureHelp, bool) {
			h, ok := assist.SignatureHelp(s, path, off, env(e))
			out := lsp.SignatureHelp{ActiveSignature: h.ActiveSignature, ActiveParameter: h.ActiveParameter}
			for _, sg := range h.Signatures {
				x := lsp.Signature{Label: sg.Label, Documentation: sg.Documentation}
				for _, p := range sg.Parameters {
					x.Parameters = append(x.Parameters, lsp.Parameter{Label: p.Label, Start: p.Start, End: p.End, Documentation: p.Documentation})
				}
				out.Signatures = append(out.Signatures, x)
			}
			return out, ok
		},
		Declaration: func(s *project.Snapshot, path string, off int, e lsp.AssistEnv) (lsp.HeaderLocation, bool) {
			if h, ok := assist.Declaration(s, path, off, env(e)); ok {
				return lsp.HeaderLocation{Path: h.Path, Line: h.Line, Prefix: h.Prefix}, true
			}
			v, ok := assist.ViewDeclaration(s, path, off, env(e))
			if !ok {
				return lsp.HeaderLocation{}, false
			}
			p, err := writeView(v)
			if err != nil {
				return lsp.HeaderLocation{}, false
			}
			return lsp.HeaderLocation{Path: p, Line: v.Line, Prefix: v.Prefix}, true
		},
		CompletionTriggers: []string{"(", "'", "_", "=", ","},
	}
}

// completionKinds maps assist's completion kinds to the server's.
var completionKinds = map[assist.CompletionKind]lsp.CompletionKind{
	assist.KindText:     lsp.CompletionText,
	assist.KindFunction: lsp.CompletionFunction,
	assist.KindVariable: lsp.CompletionVariable,
	assist.KindMacro:    lsp.CompletionMacro,
	assist.KindConstant: lsp.CompletionConstant,
	assist.KindKeyword:  lsp.CompletionKeyword,
	assist.KindType:     lsp.CompletionType,
	assist.KindProperty: lsp.CompletionProperty,
	assist.KindValue:    lsp.CompletionValue,
	assist.KindSnippet:  lsp.CompletionSnippet,
}

// writeView writes a declaration view, read-only, into the user's cache
// folder (pgext-ls/declarations) and returns its path. A view already
// there with the same text is left as it is.
func writeView(v assist.DeclarationView) (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("declaration view: %w", err)
	}
	dir := filepath.Join(cache, "pgext-ls", "declarations")
	path := filepath.Join(dir, v.File)
	if old, err := os.ReadFile(path); err == nil && string(old) == v.Text {
		return path, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("declaration view: %w", err)
	}
	tmp, err := os.CreateTemp(dir, v.File+".*")
	if err != nil {
		return "", fmt.Errorf("declaration view: %w", err)
	}
	_, werr := tmp.WriteString(v.Text)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr, os.Chmod(tmp.Name(), 0o444), os.Rename(tmp.Name(), path)); err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("declaration view: %w", err)
	}
	return path, nil
}
