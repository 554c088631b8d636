package lsp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"go.lsp.dev/jsonrpc2"
)

// maxMessageSize bounds the Content-Length the server accepts; larger
// messages are skipped with an error response rather than allocated.
const maxMessageSize = 256 << 20

// stream is a jsonrpc2.Stream over LSP's "Content-Length" framing that
// survives malformed input. jsonrpc2's own stream fails the connection on
// the first message it cannot decode; this one answers such a message with
// a JSON-RPC error (ParseError for bad JSON, InvalidRequest for a message
// that is JSON but not JSON-RPC) and reads on. Only the end of the input or
// a read error ends the stream.
type stream struct {
	in  *bufio.Reader
	out io.Writer
	// closer closes the input when the connection is closed, if it can be.
	closer io.Closer
	logf   func(format string, args ...any)
	// caughtUp, when set, is called by Read on the reading goroutine
	// whenever it has handed out every message the client has sent so
	// far: the input holds no unread byte.
	caughtUp func()

	mu sync.Mutex // serialises writes: replies of Write and error replies of Read
}

func newStream(in io.Reader, out io.Writer, logf func(string, ...any)) *stream {
	s := &stream{in: bufio.NewReaderSize(in, 64<<10), out: out, logf: logf}
	if c, ok := in.(io.Closer); ok {
		s.closer = c
	}
	return s
}

// unread reports whether input the client has sent is waiting to be read:
// the start of another message. Only the reading goroutine may call it.
func (s *stream) unread() bool { return s.in.Buffered() > 0 }

// Read returns the next well-formed message.
func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		if s.caughtUp != nil && !s.unread() {
			s.caughtUp()
		}
		data, n, err := s.readFrame()
		if err != nil {
			var bad badFrame
			if errors.As(err, &bad) {
				s.logf("malformed frame: %v", err)
				s.writeError(nil, jsonrpc2.ParseError, err.Error())
				continue
			}
			return nil, n, err
		}
		switch id, kind := methodProblem(data); kind {
		case emptyMethod:
			// A valid message naming no method that exists: a request is
			// answered MethodNotFound, as any unknown method is; a
			// notification is never answered.
			s.logf("a message with an empty method name")
			if len(id) > 0 && string(id) != "null" {
				s.writeError(id, jsonrpc2.MethodNotFound, "method not found: the method name is empty")
			}
			continue
		case invalidMethod:
			s.logf("malformed message: a method that is not a string")
			s.writeError(id, jsonrpc2.InvalidRequest, "invalid request: the method must be a string")
			continue
		}
		msg, err := jsonrpc2.DecodeMessage(data)
		if err == nil {
			return msg, n, nil
		}
		s.logf("malformed message: %v", err)
		if !json.Valid(data) {
			s.writeError(nil, jsonrpc2.ParseError, "parse error: "+err.Error())
			continue
		}
		// Valid JSON that is not a JSON-RPC message: answer with the id if
		// it has one, so a client waiting on it is released.
		var probe struct {
			ID json.RawMessage `json:"id"`
		}
		_ = json.Unmarshal(data, &probe)
		s.writeError(probe.ID, jsonrpc2.InvalidRequest, "invalid request: "+err.Error())
	}
}

// A methodKind tells what is wrong with a message's "method" member.
type methodKind int

const (
	methodOK      methodKind = iota // a non-empty string, or no method member
	emptyMethod                     // the empty string
	invalidMethod                   // not a string (a number, null, an object...)
)

// methodProblem reports what is wrong with the "method" member of the JSON
// object data, which jsonrpc2 would otherwise take for a response and drop
// unanswered; id is the message's id. (A message with an id and neither
// method nor result is passed on as a response: clients omit a null
// result.)
func methodProblem(data []byte) (id json.RawMessage, kind methodKind) {
	var probe struct {
		ID     json.RawMessage `json:"id"`
		Method json.RawMessage `json:"method"`
	}
	if json.Unmarshal(data, &probe) != nil || probe.Method == nil {
		return nil, methodOK
	}
	var method string
	if probe.Method[0] != '"' || json.Unmarshal(probe.Method, &method) != nil {
		return probe.ID, invalidMethod // null unmarshals into a string too
	}
	if method == "" {
		return probe.ID, emptyMethod
	}
	return nil, methodOK
}

// badFrame is a framing problem after which reading can go on.
type badFrame struct{ msg string }

func (e badFrame) Error() string { return e.msg }

// readFrame reads one header block and body.
func (s *stream) readFrame() ([]byte, int64, error) {
	var total, length int64 = 0, -1
	sawHeader := false
	for {
		line, n, err := s.readLine()
		total += n
		if err != nil {
			if err == io.EOF && total == 0 {
				return nil, total, io.EOF
			}
			return nil, total, fmt.Errorf("reading header: %w", err)
		}
		line = strings.TrimSpace(line)
		if line == "" {
			if !sawHeader {
				continue // stray blank line between messages
			}
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || !strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			// Resynchronise: after a frame whose Content-Length was too
			// small, or a header block that was garbage, the rest of a
			// body runs into the next header line. A Content-Length
			// header inside the line starts a new header block.
			if i := strings.Index(strings.ToLower(line), "content-length:"); i > 0 {
				s.logf("malformed frame: resynchronising on a Content-Length header after %d stray bytes", i)
				name, value, ok = strings.Cut(line[i:], ":")
				length = -1
			}
		}
		sawHeader = true
		if !ok {
			continue // not a header; ignore it as unknown headers are ignored
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			v, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			if err != nil || v < 0 {
				length = -2
				continue
			}
			length = v
		}
	}
	switch {
	case length == -2:
		return nil, total, badFrame{"invalid Content-Length header"}
	case length < 0:
		return nil, total, badFrame{"missing Content-Length header"}
	case length > maxMessageSize:
		if _, err := io.CopyN(io.Discard, s.in, length); err != nil {
			return nil, total, fmt.Errorf("skipping oversized message: %w", err)
		}
		return nil, total + length, badFrame{fmt.Sprintf("message of %d bytes is over the %d-byte limit", length, maxMessageSize)}
	}
	data := make([]byte, length)
	if _, err := io.ReadFull(s.in, data); err != nil {
		return nil, total, fmt.Errorf("reading body: %w", err)
	}
	return data, total + length, nil
}

// maxHeaderLine bounds the part of a header line the server keeps: a
// longer line (the rest of a body after a wrong Content-Length, or
// garbage) is kept only by its end, which is where a Content-Length
// header to resynchronise on would be.
const maxHeaderLine = 4 << 10

// readLine reads one line, keeping at most its last maxHeaderLine bytes;
// n is the number of bytes consumed.
func (s *stream) readLine() (line string, n int64, err error) {
	var buf []byte
	for {
		chunk, err := s.in.ReadSlice('\n')
		n += int64(len(chunk))
		buf = append(buf, chunk...)
		if len(buf) > maxHeaderLine {
			buf = append(buf[:0], buf[len(buf)-maxHeaderLine:]...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return string(buf), n, err
	}
}

// Write frames and writes one message.
func (s *stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	data, err := json.Marshal(msg)
	if err != nil {
		return 0, fmt.Errorf("marshaling message: %w", err)
	}
	return s.writeFrame(data)
}

func (s *stream) writeFrame(data []byte) (int64, error) {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "Content-Length: %d\r\n\r\n", len(data))
	buf.Write(data)
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := s.out.Write(buf.Bytes())
	if err != nil {
		return int64(n), fmt.Errorf("writing message: %w", err)
	}
	return int64(n), nil
}

// writeError writes an error response with the raw id (null when nil).
func (s *stream) writeError(id json.RawMessage, code jsonrpc2.Code, message string) {
	if len(id) == 0 {
		id = json.RawMessage("null")
	}
	data, err := json.Marshal(struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   *jsonrpc2.Error `json:"error"`
	}{"2.0", id, &jsonrpc2.Error{Code: code, Message: message}})
	if err != nil {
		return
	}
	if _, err := s.writeFrame(data); err != nil {
		s.logf("%v", err)
	}
}

// Close closes the input if it can be closed.
func (s *stream) Close() error {
	if s.closer != nil {
		return s.closer.Close()
	}
	return nil
}
