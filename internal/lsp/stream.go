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

	mu sync.Mutex // serialises writes: replies of Write and error replies of Read
}

func newStream(in io.Reader, out io.Writer, logf func(string, ...any)) *stream {
	s := &stream{in: bufio.NewReaderSize(in, 64<<10), out: out, logf: logf}
	if c, ok := in.(io.Closer); ok {
		s.closer = c
	}
	return s
}

// Read returns the next well-formed message.
func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
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

// badFrame is a framing problem after which reading can go on.
type badFrame struct{ msg string }

func (e badFrame) Error() string { return e.msg }

// readFrame reads one header block and body.
func (s *stream) readFrame() ([]byte, int64, error) {
	var total, length int64 = 0, -1
	sawHeader := false
	for {
		line, err := s.in.ReadString('\n')
		total += int64(len(line))
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
		sawHeader = true
		name, value, ok := strings.Cut(line, ":")
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
