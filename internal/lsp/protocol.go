package lsp

import (
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// This file declares the parts of LSP 3.17 that go.lsp.dev/protocol v0.12.0
// lacks or models too loosely for this server: position encodings, change
// events whose range is optional, prepareRename results, the client
// capabilities the server reads and the server capabilities it announces.

// requestCancelled is LSP's RequestCancelled error code.
const requestCancelled = -32800

// contentModified is LSP's ContentModified error code.
const contentModified = -32801

// Position encodings (LSP 3.17 PositionEncodingKind).
const (
	encodingUTF8  = "utf-8"
	encodingUTF16 = "utf-16"
	encodingUTF32 = "utf-32"
)

// initializeParams is the part of InitializeParams the server reads.
type initializeParams struct {
	ProcessID             *int32                     `json:"processId"`
	ClientInfo            *protocol.ClientInfo       `json:"clientInfo,omitempty"`
	RootPath              string                     `json:"rootPath,omitempty"`
	RootURI               string                     `json:"rootUri,omitempty"`
	InitializationOptions json.RawMessage            `json:"initializationOptions,omitempty"`
	Capabilities          clientCapabilities         `json:"capabilities"`
	WorkspaceFolders      []protocol.WorkspaceFolder `json:"workspaceFolders,omitempty"`
}

// clientCapabilities is the part of ClientCapabilities the server reads.
type clientCapabilities struct {
	General *struct {
		PositionEncodings []string `json:"positionEncodings,omitempty"`
	} `json:"general,omitempty"`
	Workspace *struct {
		Configuration          bool `json:"configuration,omitempty"`
		WorkspaceFolders       bool `json:"workspaceFolders,omitempty"`
		DidChangeConfiguration *struct {
			DynamicRegistration bool `json:"dynamicRegistration,omitempty"`
		} `json:"didChangeConfiguration,omitempty"`
		DidChangeWatchedFiles *struct {
			DynamicRegistration bool `json:"dynamicRegistration,omitempty"`
		} `json:"didChangeWatchedFiles,omitempty"`
		WorkspaceEdit *struct {
			DocumentChanges    bool     `json:"documentChanges,omitempty"`
			ResourceOperations []string `json:"resourceOperations,omitempty"`
		} `json:"workspaceEdit,omitempty"`
		Diagnostics *struct {
			RefreshSupport bool `json:"refreshSupport,omitempty"`
		} `json:"diagnostics,omitempty"`
	} `json:"workspace,omitempty"`
	TextDocument *struct {
		DocumentSymbol *struct {
			HierarchicalDocumentSymbolSupport bool `json:"hierarchicalDocumentSymbolSupport,omitempty"`
		} `json:"documentSymbol,omitempty"`
		Rename *struct {
			PrepareSupport bool `json:"prepareSupport,omitempty"`
		} `json:"rename,omitempty"`
		Completion *struct {
			CompletionItem *struct {
				// ResolveSupport lists the properties the client
				// asks completionItem/resolve for.
				ResolveSupport *struct {
					Properties []string `json:"properties,omitempty"`
				} `json:"resolveSupport,omitempty"`
			} `json:"completionItem,omitempty"`
		} `json:"completion,omitempty"`
		PublishDiagnostics *struct {
			RelatedInformation bool `json:"relatedInformation,omitempty"`
		} `json:"publishDiagnostics,omitempty"`
		// Diagnostic, when present, says the client pulls diagnostics.
		Diagnostic *struct {
			RelatedDocumentSupport bool `json:"relatedDocumentSupport,omitempty"`
		} `json:"diagnostic,omitempty"`
	} `json:"textDocument,omitempty"`
	Window *struct {
		WorkDoneProgress bool `json:"workDoneProgress,omitempty"`
	} `json:"window,omitempty"`
}

// serverCapabilities adds LSP 3.17 fields to protocol.ServerCapabilities.
type serverCapabilities struct {
	protocol.ServerCapabilities
	PositionEncoding   string             `json:"positionEncoding,omitempty"`
	InlayHintProvider  bool               `json:"inlayHintProvider,omitempty"`
	DiagnosticProvider *diagnosticOptions `json:"diagnosticProvider,omitempty"`
}

// initializeResult is the answer to initialize.
type initializeResult struct {
	Capabilities serverCapabilities   `json:"capabilities"`
	ServerInfo   *protocol.ServerInfo `json:"serverInfo,omitempty"`
}

// contentChange is TextDocumentContentChangeEvent: with a range it replaces
// that range, without one it replaces the whole document.
type contentChange struct {
	Range *protocol.Range `json:"range,omitempty"`
	Text  string          `json:"text"`
}

// didChangeParams is DidChangeTextDocumentParams with optional ranges.
type didChangeParams struct {
	TextDocument   protocol.VersionedTextDocumentIdentifier `json:"textDocument"`
	ContentChanges []contentChange                          `json:"contentChanges"`
}

// prepareRenameResult is the { range, placeholder } form of the answer.
type prepareRenameResult struct {
	Range       protocol.Range `json:"range"`
	Placeholder string         `json:"placeholder"`
}

// publishDiagnosticsParams carries a version only for open documents.
type publishDiagnosticsParams struct {
	URI         protocol.DocumentURI  `json:"uri"`
	Version     *int32                `json:"version,omitempty"`
	Diagnostics []protocol.Diagnostic `json:"diagnostics"`
}

// cancelParams is the parameter of $/cancelRequest.
type cancelParams struct {
	ID json.RawMessage `json:"id"`
}

// progressParams is the parameter of $/progress.
type progressParams struct {
	Token string `json:"token"`
	Value any    `json:"value"`
}

// workDoneProgress is the value of a work-done $/progress notification.
type workDoneProgress struct {
	Kind        string `json:"kind"`
	Title       string `json:"title,omitempty"`
	Message     string `json:"message,omitempty"`
	Percentage  *int   `json:"percentage,omitempty"`
	Cancellable bool   `json:"cancellable,omitempty"`
}

// fileSystemWatcher is FileSystemWatcher with a plain glob pattern.
type fileSystemWatcher struct {
	GlobPattern string `json:"globPattern"`
	Kind        int    `json:"kind,omitempty"`
}

// uriToPath converts a file URI to a clean absolute path. It fails for other
// schemes and malformed URIs.
func uriToPath(s protocol.DocumentURI) (string, error) {
	u, err := url.Parse(string(s))
	if err != nil {
		return "", fmt.Errorf("bad URI %q: %w", s, err)
	}
	if u.Scheme != "file" {
		return "", fmt.Errorf("unsupported URI scheme %q in %q", u.Scheme, s)
	}
	p := u.Path
	if runtime.GOOS == "windows" && len(p) >= 3 && p[0] == '/' && p[2] == ':' {
		p = p[1:]
	}
	if p == "" {
		return "", fmt.Errorf("URI %q has no path", s)
	}
	return filepath.Clean(filepath.FromSlash(p)), nil
}

// pathToURI converts an absolute path to a file URI.
func pathToURI(path string) protocol.DocumentURI {
	return protocol.DocumentURI(uri.File(path))
}

// encodingName returns the LSP name of an encoding choice.
func chooseEncoding(offered []string) string {
	for _, e := range offered {
		if strings.EqualFold(e, encodingUTF8) {
			return encodingUTF8
		}
	}
	return encodingUTF16
}
