// Package lsp is pgext-ls's language server: JSON-RPC over stdio, the
// LSP lifecycle, document synchronisation, position encodings, background
// indexing with progress, debounced diagnostics, cancellation and the
// translation of the protocol-free features (internal/navigate and the
// assist hooks) into LSP messages. It holds no analysis logic.
//
// Concurrency: messages are read by one goroutine. Notifications (document
// changes, configuration, workspace folders) are handled on it, in order;
// a document change only records the new text, and one builder goroutine
// parses the recorded edits in batches, abandoning a build that newer
// edits of the same files supersede (see edits.go). Each request runs on
// its own goroutine against the snapshot holding exactly the edits sent
// before it, waiting for the builder when edits are still queued;
// snapshots are immutable, so requests never wait for indexing or for one
// another. $/cancelRequest cancels a request's context; a cancelled request
// is answered with RequestCancelled (-32800).
//
// Exit codes: 0 after shutdown and exit, 1 for exit without shutdown or for
// the end of the input without shutdown; 0 when the context is cancelled
// (the command cancels it on SIGTERM and SIGINT, as editors stop servers).
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/pgext-ls/pgext-ls/internal/config"
	"io"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/pgext-ls/pgext-ls/internal/inspect"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/pgconfig"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Options configure a server.
type Options struct {
	// Log receives the server's log lines; nil discards them.
	Log io.Writer
	// Version is reported as serverInfo.version.
	Version string
	// Assist supplies hover, completion and signature help; nil leaves
	// those features out.
	Assist *Assist
	// Debounce is how long diagnostics wait after an edit before they are
	// recomputed; 0 means 30ms.
	Debounce time.Duration
}

// lifecycle states.
const (
	stateNew = iota
	stateInitialized
	stateShutdown
)

// server is the state of one connection.
type server struct {
	opts Options
	ctx  context.Context // cancelled when Serve returns
	conn jsonrpc2.Conn
	exit chan int
	log  *logger

	// mu guards the fields below it. Readers hold it briefly; the
	// snapshot itself is immutable.
	mu       sync.Mutex
	state    int
	enc      span.Encoding
	encName  string
	caps     clientCapabilities
	roots    []string
	implicit bool                 // roots were guessed from opened files (no workspace given)
	docs     map[string]*document // the open documents, as s.snap reflects them
	snap     *project.Snapshot
	settings settings // effective configuration
	layers   configLayers
	indexed  bool // the first full index is installed
	indexing bool
	indexGen int
	pending  []project.Change // changes made while an index is being built
	// indexedIgnore are the ignore patterns the snapshot was built with.
	indexedIgnore []string
	// settingsSeq numbers each computation of settings, so that results
	// derived from older settings never replace newer ones.
	settingsSeq int
	cancels     map[string]context.CancelFunc
	progSeq     int

	// reloadMu serialises configuration loads.
	reloadMu sync.Mutex
	// projectErrs is what the last load reported of unreadable project
	// files (pgext-ls.json), so that a file is reported once per change,
	// not at every load; guarded by reloadMu.
	projectErrs string

	// mutMu serialises snapshot replacement (edits and index installs) so
	// that no change is lost between computing and installing a snapshot.
	mutMu sync.Mutex

	// recorded holds the latest text of each open document. Only the
	// reading goroutine uses it; it runs ahead of docs until the builder
	// has installed the queued edits.
	recorded map[string]*document
	// The edit queue (see edits.go), guarded by mu: edits recorded and
	// not yet installed, the sequence numbers of the last recorded and
	// last installed edit, and the requests waiting for an edit.
	queue        []edit
	recordedSeq  int
	installedSeq int
	waiters      []waiter
	buildKick    chan struct{}
	// moreInput reports, on the reading goroutine, whether another
	// message is already waiting to be read (stream.unread).
	moreInput func() bool
	// kickHeld is set when an edit was recorded with more input waiting
	// and the builder not yet started for it (see record); kickTimer
	// starts it at the latest after maxKickHold.
	kickHeld  bool
	kickTimer *time.Timer
	// inflight is the batch the builder is building, nil when idle or
	// when the batch cannot be abandoned.
	inflight *inflight
	builds   inspect.Builds

	diags *diagnoser

	apiOnce sync.Once
	// preloadOnce starts parsing the server API data in the background
	// after the first index (pgapi.DB.Preload).
	preloadOnce sync.Once
	api         *pgapi.DB
	hdrs        *pgconfig.Headers // installed server headers, when pg_config was found
	// versionsNote says how PostgreSQL versions are chosen (for status).
	versionsNote string
}

// Serve runs a language server on in and out until the client exits, the
// input ends or ctx is cancelled, and returns the process exit code.
func Serve(ctx context.Context, in io.Reader, out io.Writer, opts Options) (exitCode int) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if opts.Debounce <= 0 {
		opts.Debounce = 30 * time.Millisecond
	}
	s := &server{
		opts:      opts,
		ctx:       ctx,
		exit:      make(chan int, 1),
		docs:      map[string]*document{},
		recorded:  map[string]*document{},
		buildKick: make(chan struct{}, 1),
		cancels:   map[string]context.CancelFunc{},
		enc:       span.UTF16,
		encName:   encodingUTF16,
		snap:      project.Load(regfile.Disk{}, nil, nil, project.Options{}),
	}
	s.log = newLogger(opts.Log, s)
	s.diags = newDiagnoser(s)
	st := newStream(in, out, s.log.Printf)
	st.caughtUp = s.releaseKick
	s.moreInput = st.unread
	s.conn = jsonrpc2.NewConn(st)
	s.conn.Go(ctx, s.handle)
	go s.diags.run(ctx)
	go s.builder(ctx)

	defer s.log.close()
	select {
	case code := <-s.exit:
		s.conn.Close()
		return code
	case <-s.conn.Done():
		if err := s.conn.Err(); err != nil && !errors.Is(err, io.EOF) {
			s.log.Errorf("connection ended: %v", err)
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.state == stateShutdown {
			return 0
		}
		s.log.Warnf("input closed without shutdown")
		return 1
	case <-ctx.Done():
		s.log.Printf("terminated")
		return 0
	}
}

// handlerFunc answers one request; params is the raw "params" member.
type handlerFunc func(s *server, ctx context.Context, v *view, params json.RawMessage) (any, error)

// notifyFunc handles one notification on the reading goroutine.
type notifyFunc func(s *server, params json.RawMessage) error

// requests lists the request handlers other than initialize and shutdown.
var requests = map[string]handlerFunc{
	"textDocument/definition":        (*server).definition,
	"textDocument/declaration":       (*server).definition,
	"textDocument/references":        (*server).references,
	"textDocument/documentHighlight": (*server).documentHighlight,
	"textDocument/prepareRename":     (*server).prepareRename,
	"textDocument/rename":            (*server).rename,
	"textDocument/documentSymbol":    (*server).documentSymbol,
	"workspace/symbol":               (*server).workspaceSymbol,
	"workspace/executeCommand":       (*server).executeCommand,
	"textDocument/hover":             (*server).hover,
	"textDocument/completion":        (*server).completion,
	"completionItem/resolve":         (*server).resolveCompletion,
	"textDocument/signatureHelp":     (*server).signatureHelp,
	"textDocument/codeAction":        (*server).codeAction,
	"textDocument/inlayHint":         (*server).inlayHint,
	"textDocument/diagnostic":        (*server).documentDiagnostic,
	"workspace/diagnostic":           (*server).workspaceDiagnostic,
}

// notifications lists the notification handlers other than exit and
// $/cancelRequest.
var notifications = map[string]notifyFunc{
	"initialized":                         (*server).initialized,
	"textDocument/didOpen":                (*server).didOpen,
	"textDocument/didChange":              (*server).didChange,
	"textDocument/didClose":               (*server).didClose,
	"textDocument/didSave":                (*server).didSave,
	"workspace/didChangeWatchedFiles":     (*server).didChangeWatchedFiles,
	"workspace/didChangeWorkspaceFolders": (*server).didChangeWorkspaceFolders,
	"workspace/didChangeConfiguration":    (*server).didChangeConfiguration,
	"$/setTrace":                          func(*server, json.RawMessage) error { return nil },
}

// handle is the jsonrpc2 handler; it runs on the reading goroutine.
func (s *server) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) (err error) {
	call, isCall := req.(*jsonrpc2.Call)
	method := req.Method()
	replied := false
	reply1 := func(ctx context.Context, result any, err error) error {
		if replied {
			return nil
		}
		replied = true
		return reply(ctx, result, err)
	}
	defer func() {
		if p := recover(); p != nil {
			s.log.Errorf("panic in %s: %v\n%s", method, p, debug.Stack())
			if isCall {
				err = reply1(ctx, nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "internal error in %s: %v", method, p))
			}
		}
	}()

	s.mu.Lock()
	state := s.state
	s.mu.Unlock()

	if !isCall {
		switch {
		case method == "exit":
			code := 1
			if state == stateShutdown {
				code = 0
			}
			select {
			case s.exit <- code:
			default:
			}
			return nil
		case method == "$/cancelRequest":
			var p cancelParams
			if json.Unmarshal(req.Params(), &p) == nil {
				s.cancel(idKey(p.ID))
			}
			return nil
		case state != stateInitialized:
			return nil // dropped, as the specification asks
		}
		h, ok := notifications[method]
		if !ok {
			if !strings.HasPrefix(method, "$/") {
				s.log.Printf("ignoring unknown notification %s", method)
			}
			return nil
		}
		if err := h(s, req.Params()); err != nil {
			s.log.Warnf("%s: %v", method, err)
		}
		return nil
	}

	switch {
	case method == "initialize":
		if state != stateNew {
			return reply1(ctx, nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "initialize sent twice"))
		}
		res, err := s.initialize(call.Params())
		return reply1(ctx, res, err)
	case state == stateNew:
		return reply1(ctx, nil, jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "the server is not initialized"))
	case method == "shutdown":
		s.mu.Lock()
		s.state = stateShutdown
		s.mu.Unlock()
		return reply1(ctx, nil, nil)
	case state == stateShutdown:
		return reply1(ctx, nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "the server is shutting down"))
	}
	h, ok := requests[method]
	if !ok {
		return reply1(ctx, nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "method not supported: %s", method))
	}
	v, later := s.requestView()
	id := call.ID()
	key := idKey(mustJSON(&id))
	rctx, cancel := context.WithCancel(s.ctx)
	s.mu.Lock()
	s.cancels[key] = cancel
	s.mu.Unlock()
	go func() {
		defer func() {
			s.mu.Lock()
			delete(s.cancels, key)
			s.mu.Unlock()
			cancel()
		}()
		defer func() {
			if p := recover(); p != nil {
				s.log.Errorf("panic in %s: %v\n%s", method, p, debug.Stack())
				reply(rctx, nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "internal error in %s: %v", method, p))
			}
		}()
		var res any
		v, err := awaitView(rctx, v, later)
		if err == nil {
			res, err = h(s, rctx, v, call.Params())
		}
		if rctx.Err() != nil && s.ctx.Err() == nil {
			res, err = nil, jsonrpc2.NewError(requestCancelled, "request cancelled")
		}
		if err := reply(s.ctx, res, err); err != nil {
			s.log.Errorf("replying to %s: %v", method, err)
		}
	}()
	return nil
}

// cancel cancels the request with the given id key, if it is running.
func (s *server) cancel(key string) {
	s.mu.Lock()
	c := s.cancels[key]
	s.mu.Unlock()
	if c != nil {
		c()
	}
}

// idKey normalises a JSON request id: numbers as written, strings unquoted.
func idKey(raw json.RawMessage) string {
	var str string
	if json.Unmarshal(raw, &str) == nil {
		return "s:" + str
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return "n:" + n.String()
	}
	return string(raw)
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return b
}

// decode unmarshals params into v, answering InvalidParams when they do not
// fit.
func decode(params json.RawMessage, v any) error {
	if len(params) == 0 || string(params) == "null" {
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, "missing params")
	}
	if err := json.Unmarshal(params, v); err != nil {
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "invalid params: %v", err)
	}
	return nil
}

// notify sends a notification unless the server is exiting.
func (s *server) notify(method string, params any) {
	if s.ctx.Err() != nil {
		return
	}
	if err := s.conn.Notify(s.ctx, method, params); err != nil {
		s.log.Errorf("notify %s: %v", method, err)
	}
}

// call sends a request to the client and waits for its answer at most
// timeout. It must not run on the reading goroutine.
func (s *server) call(method string, params, result any, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(s.ctx, timeout)
	defer cancel()
	_, err := s.conn.Call(ctx, method, params, result)
	return err
}

// showMessage shows a message to the user.
func (s *server) showMessage(typ protocol.MessageType, msg string) {
	s.notify("window/showMessage", &protocol.ShowMessageParams{Type: typ, Message: msg})
}

// initialize answers the initialize request.
func (s *server) initialize(params json.RawMessage) (any, error) {
	var p initializeParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	var roots []string
	for _, f := range p.WorkspaceFolders {
		if path, err := uriToPath(protocol.DocumentURI(f.URI)); err == nil {
			roots = append(roots, path)
		}
	}
	if len(roots) == 0 && p.RootURI != "" {
		if path, err := uriToPath(protocol.DocumentURI(p.RootURI)); err == nil {
			roots = append(roots, path)
		}
	}
	if len(roots) == 0 && p.RootPath != "" {
		roots = append(roots, p.RootPath)
	}
	init, err := config.Parse(p.InitializationOptions)
	if err != nil {
		s.log.Warnf("initializationOptions: %v", err)
	}

	s.mu.Lock()
	s.caps = p.Capabilities
	if p.Capabilities.General != nil {
		s.encName = chooseEncoding(p.Capabilities.General.PositionEncodings)
	}
	if s.encName == encodingUTF8 {
		s.enc = span.UTF8
	}
	s.roots = widenRoots(roots)
	s.implicit = len(s.roots) == 0
	s.layers.init = init
	s.state = stateInitialized
	enc := s.encName
	s.mu.Unlock()
	pull, refresh := pullCapabilities(p.Capabilities)
	s.diags.setPull(pull, refresh)

	client := "unknown client"
	if p.ClientInfo != nil {
		client = strings.TrimSpace(p.ClientInfo.Name + " " + p.ClientInfo.Version)
	}
	s.log.Printf("initialize from %s; roots %v (indexing %v); position encoding %s", client, roots, s.roots, enc)

	full := protocol.TextDocumentSyncKindIncremental
	caps := protocol.ServerCapabilities{
		TextDocumentSync: &protocol.TextDocumentSyncOptions{
			OpenClose: true,
			Change:    full,
			Save:      &protocol.SaveOptions{IncludeText: false},
		},
		DefinitionProvider:        true,
		DeclarationProvider:       true,
		ReferencesProvider:        true,
		DocumentHighlightProvider: true,
		DocumentSymbolProvider:    true,
		WorkspaceSymbolProvider:   true,
		RenameProvider:            &protocol.RenameOptions{PrepareProvider: true},
		ExecuteCommandProvider:    &protocol.ExecuteCommandOptions{Commands: []string{commandShowIndex, commandStatus}},
		CodeActionProvider:        &protocol.CodeActionOptions{CodeActionKinds: codeActionKinds},
		Workspace: &protocol.ServerCapabilitiesWorkspace{
			WorkspaceFolders: &protocol.ServerCapabilitiesWorkspaceFolders{Supported: true, ChangeNotifications: true},
		},
	}
	if a := s.opts.Assist; a != nil {
		if a.Hover != nil {
			caps.HoverProvider = true
		}
		if a.Complete != nil {
			caps.CompletionProvider = &protocol.CompletionOptions{TriggerCharacters: a.CompletionTriggers, ResolveProvider: a.ResolveDoc != nil}
		}
		if a.SignatureHelp != nil {
			caps.SignatureHelpProvider = &protocol.SignatureHelpOptions{TriggerCharacters: []string{"(", ","}}
		}
	}
	scaps := serverCapabilities{ServerCapabilities: caps, PositionEncoding: enc, InlayHintProvider: true}
	if pull {
		scaps.DiagnosticProvider = &diagnosticOptions{Identifier: pullIdentifier, InterFileDependencies: true, WorkspaceDiagnostics: true}
	}
	return &initializeResult{
		Capabilities: scaps,
		ServerInfo:   &protocol.ServerInfo{Name: "pgext-ls", Version: s.opts.Version},
	}, nil
}

// initialized starts the work that needs the client: configuration,
// file watching and the first index.
func (s *server) initialized(json.RawMessage) error {
	// Nothing on the way to the first index waits for the client: a
	// client that never answers the server's requests (registration,
	// configuration, progress) delays no request. The client's settings
	// are applied when it answers, re-indexing if they change what is
	// ignored; diagnostics wait for that answer (or its timeout), so that
	// a check the client turned off is never published.
	go s.registerWatchers()
	s.mu.Lock()
	pull := s.caps.Workspace != nil && s.caps.Workspace.Configuration
	s.mu.Unlock()
	if pull {
		s.diags.awaitClient()
	}
	go func() {
		s.loadConfig(false, false)
		s.reindex("startup")
		if pull {
			s.loadConfig(true, true)
			s.diags.clientAnswered()
		}
	}()
	return nil
}

// view is what a request reads: a snapshot and the means to convert its
// byte offsets.
type view struct {
	snap *project.Snapshot
	enc  span.Encoding
	// docs holds the open documents' contents and versions.
	docs map[string]docState
}

// docState is an open document as a request sees it.
type docState struct {
	version int32
	content []byte
}

// view captures the current state for a request.
func (s *server) view() *view {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.viewLocked()
}

// viewLocked is view with s.mu held.
func (s *server) viewLocked() *view {
	v := &view{snap: s.snap, enc: s.enc, docs: make(map[string]docState, len(s.docs))}
	for p, d := range s.docs {
		v.docs[p] = docState{d.version, d.content}
	}
	return v
}

// mapper returns the mapper of a file: the snapshot's, an open
// document's, or one built from the disk.
func (v *view) mapper(path string) *span.Mapper {
	if f := v.snap.File(path); f != nil {
		return f.Mapper
	}
	if d, ok := v.docs[path]; ok {
		return span.NewMapper(d.content)
	}
	if b, err := readSmallFile(path); err == nil {
		return span.NewMapper(b)
	}
	return span.NewMapper(nil)
}

// offset converts a protocol position in path to a byte offset.
func (v *view) offset(path string, p protocol.Position) int {
	return v.mapper(path).Offset(span.Position{Line: int(p.Line), Character: int(p.Character)}, v.enc)
}

// rangeOf converts a byte range of path to a protocol range.
func (v *view) rangeOf(path string, r span.Range) protocol.Range {
	return toRange(v.mapper(path), r, v.enc)
}

func toRange(m *span.Mapper, r span.Range, enc span.Encoding) protocol.Range {
	a, b := m.Position(r.Start, enc), m.Position(r.End, enc)
	return protocol.Range{
		Start: protocol.Position{Line: uint32(a.Line), Character: uint32(a.Character)},
		End:   protocol.Position{Line: uint32(b.Line), Character: uint32(b.Character)},
	}
}

// logger writes log lines to a writer and, for the client, as
// window/logMessage.
type logger struct {
	mu sync.Mutex
	w  io.Writer
	s  *server
}

func newLogger(w io.Writer, s *server) *logger { return &logger{w: w, s: s} }

// Log lines on the log writer (stderr) read
//
//	15:04:05.000 pgext-ls: message
//	15:04:05.000 pgext-ls: warning: message
//	15:04:05.000 pgext-ls: error: message
//
// so that a client can give each line its level: a plain line is
// information, "warning:" something that did not work as asked (a setting,
// an unreadable file), "error:" a real failure (a panic, a broken
// connection). Continuation lines (a stack trace) carry no prefix.

// Printf logs an informational line to the log writer only.
func (l *logger) Printf(format string, args ...any) { l.write("", format, args...) }

// Warnf logs a warning line to the log writer only.
func (l *logger) Warnf(format string, args ...any) { l.write("warning: ", format, args...) }

// Errorf logs an error line to the log writer only.
func (l *logger) Errorf(format string, args ...any) { l.write("error: ", format, args...) }

func (l *logger) write(level, format string, args ...any) {
	if l.w == nil {
		return
	}
	msg := fmt.Sprintf(format, args...)
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "%s pgext-ls: %s%s\n", time.Now().Format("15:04:05.000"), level, msg)
}

// Client logs a line to the log writer, at typ's level, and to the
// client's log.
func (l *logger) Client(typ protocol.MessageType, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	switch typ {
	case protocol.MessageTypeError:
		l.Errorf("%s", msg)
	case protocol.MessageTypeWarning:
		l.Warnf("%s", msg)
	default:
		l.Printf("%s", msg)
	}
	l.s.notify("window/logMessage", &protocol.LogMessageParams{Type: typ, Message: msg})
}

func (l *logger) close() {}

// itoa formats an int.
func itoa(n int) string { return strconv.Itoa(n) }
