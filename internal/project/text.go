package project

import (
	"bytes"
	"unicode/utf8"
)

// Encoding is the character encoding a file's bytes were read in.
type Encoding int

// Encodings of text files.
const (
	// UTF8 is text that is valid UTF-8 (ASCII included): read as is.
	UTF8 Encoding = iota
	// Latin1 is text that is not valid UTF-8, decoded as described in
	// Decode. C sources saved in ISO 8859-1 or Windows-1252 are the case
	// met in the wild.
	Latin1
)

// String names the encoding.
func (e Encoding) String() string {
	if e == Latin1 {
		return "latin-1"
	}
	return "utf-8"
}

// binaryHead is how much of a file the control-character test reads.
const binaryHead = 8192

// Verdict is the one judgement pgext-ls makes about a file's bytes: binary
// or text, and the encoding of text. Parse makes it once per file; parsers
// see only text, and features and checks read Source.Binary, never the
// bytes, to decide whether to look at a file.
type Verdict struct {
	// Binary is set when the bytes are not text: a NUL byte anywhere, or
	// more than one control character in ten among the first 8 KiB (a
	// compiled object, an image, UTF-16 text).
	Binary bool
	// At is the offset of the first byte that makes the file binary.
	At int
	// Encoding is the encoding of text; UTF8 for a binary file.
	Encoding Encoding
}

// Judge returns the verdict on b.
func Judge(b []byte) Verdict {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return Verdict{Binary: true, At: i}
	}
	head := b[:min(len(b), binaryHead)]
	ctrl, first := 0, -1
	for i, c := range head {
		if isControl(c) {
			if first < 0 {
				first = i
			}
			ctrl++
		}
	}
	if ctrl*10 > len(head) {
		return Verdict{Binary: true, At: first}
	}
	if utf8.Valid(b) {
		return Verdict{Encoding: UTF8}
	}
	return Verdict{Encoding: Latin1}
}

// isControl reports whether c is a C0 control character or DEL that text
// files do not hold: everything below space except tab, line feed,
// carriage return, form feed, vertical tab and escape (terminal colours in
// scripts' \echo lines).
func isControl(c byte) bool {
	switch c {
	case '\t', '\n', '\r', '\f', '\v', 0x1b:
		return false
	}
	return c < 0x20 || c == 0x7f
}

// Decode returns b as UTF-8 text: each valid UTF-8 sequence is kept and
// each other byte is read as the Latin-1 (ISO 8859-1) character of the same
// value, so a file that is Latin-1 throughout decodes exactly, and a UTF-8
// file with a stray byte keeps its UTF-8 text. Every decoded character is
// one character of b, as an editor that shows the file in Latin-1 or with
// a replacement character per invalid byte counts it. b is returned as is
// when it is valid UTF-8.
func Decode(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	out := make([]byte, 0, len(b)+len(b)/8)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			out = utf8.AppendRune(out, rune(b[0]))
		} else {
			out = append(out, b[:size]...)
		}
		b = b[size:]
	}
	return out
}
