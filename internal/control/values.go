package control

import (
	"strings"
	"unicode/utf8"
)

// ParseBool mirrors parse_bool (src/backend/utils/adt/bool.c): true, yes,
// on, 1 and false, no, off, 0, case-insensitively, and any unique prefix of
// the words ("t", "fa", "y"; "o" alone is ambiguous). No whitespace is
// trimmed.
func ParseBool(s string) (value, ok bool) {
	if s == "" {
		return false, false
	}
	prefixOf := func(word string, minLen int) bool {
		return len(s) >= minLen && len(s) <= len(word) && strings.EqualFold(s, word[:len(s)])
	}
	switch s[0] {
	case 't', 'T':
		if prefixOf("true", 1) {
			return true, true
		}
	case 'f', 'F':
		if prefixOf("false", 1) {
			return false, true
		}
	case 'y', 'Y':
		if prefixOf("yes", 1) {
			return true, true
		}
	case 'n', 'N':
		if prefixOf("no", 1) {
			return false, true
		}
	case 'o', 'O':
		// "o" is not unique; "on" and "of"/"off" are.
		if prefixOf("on", 2) {
			return true, true
		}
		if prefixOf("off", 2) {
			return false, true
		}
	case '1':
		if len(s) == 1 {
			return true, true
		}
	case '0':
		if len(s) == 1 {
			return false, true
		}
	}
	return false, false
}

// serverEncodings maps the names pg_char_to_encoding accepts
// (src/common/encnames.c, pg_encname_tbl, after clean_encoding_name) to
// whether the encoding is a server encoding (PG_VALID_BE_ENCODING). The
// client-only encodings SJIS, BIG5, GBK, UHC, GB18030, JOHAB and
// SHIFT_JIS_2004 map to false. The table is the same in PostgreSQL 10 to
// 18.
var serverEncodings = map[string]bool{
	"abc": true, "alt": true, "big5": false, "euccn": true, "eucjis2004": true,
	"eucjp": true, "euckr": true, "euctw": true, "gb18030": false, "gbk": false,
	"iso88591": true, "iso885910": true, "iso885913": true, "iso885914": true,
	"iso885915": true, "iso885916": true, "iso88592": true, "iso88593": true,
	"iso88594": true, "iso88595": true, "iso88596": true, "iso88597": true,
	"iso88598": true, "iso88599": true, "johab": false, "koi8": true, "koi8r": true,
	"koi8u": true, "latin1": true, "latin10": true, "latin2": true, "latin3": true,
	"latin4": true, "latin5": true, "latin6": true, "latin7": true, "latin8": true,
	"latin9": true, "mskanji": false, "muleinternal": true, "shiftjis": false,
	"shiftjis2004": false, "sjis": false, "sqlascii": true, "tcvn": true,
	"tcvn5712": true, "uhc": false, "unicode": true, "utf8": true, "vscii": true,
	"win": true, "win1250": true, "win1251": true, "win1252": true, "win1253": true,
	"win1254": true, "win1255": true, "win1256": true, "win1257": true,
	"win1258": true, "win866": true, "win874": true, "win932": false, "win936": false,
	"win949": false, "win950": false, "windows1250": true, "windows1251": true,
	"windows1252": true, "windows1253": true, "windows1254": true,
	"windows1255": true, "windows1256": true, "windows1257": true,
	"windows1258": true, "windows866": true, "windows874": true,
	"windows932": false, "windows936": false, "windows949": false, "windows950": false,
}

// ValidServerEncoding mirrors pg_valid_server_encoding: the name, with
// everything but ASCII letters and digits removed and lower-cased
// ("UTF-8" -> "utf8"), must name an encoding the server can use.
func ValidServerEncoding(name string) bool {
	if name == "" || len(name) >= 64 { // NAMEDATALEN
		return false
	}
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			b.WriteByte(c)
		}
	}
	return serverEncodings[b.String()]
}

// SplitIdentifiers mirrors SplitIdentifierString(s, ',', ...)
// (src/backend/utils/adt/varlena.c): a comma-separated list of names, each
// either double-quoted ("" stands for ") or unquoted (lower-cased), with
// whitespace around names and commas. An empty or all-blank string is an
// empty list. Names are truncated to 63 bytes like identifiers.
func SplitIdentifiers(s string) ([]string, bool) {
	isSpace := func(c byte) bool {
		return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
	}
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i == len(s) {
		return nil, true
	}
	var names []string
	for {
		var name string
		if s[i] == '"' {
			var b strings.Builder
			i++
			for {
				j := strings.IndexByte(s[i:], '"')
				if j < 0 {
					return nil, false // mismatched quotes
				}
				b.WriteString(s[i : i+j])
				i += j + 1
				if i < len(s) && s[i] == '"' {
					b.WriteByte('"')
					i++
					continue
				}
				break
			}
			name = b.String()
		} else {
			start := i
			for i < len(s) && s[i] != ',' && !isSpace(s[i]) {
				i++
			}
			if i == start {
				return nil, false // empty unquoted name
			}
			name = strings.Map(func(r rune) rune {
				if r >= 'A' && r <= 'Z' {
					return r + 'a' - 'A'
				}
				return r
			}, s[start:i])
		}
		if len(name) > 63 {
			cut := 63
			for cut > 0 && !utf8.RuneStart(name[cut]) {
				cut--
			}
			name = name[:cut]
		}
		names = append(names, name)
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		switch {
		case i == len(s):
			return names, true
		case s[i] == ',':
			i++
			for i < len(s) && isSpace(s[i]) {
				i++
			}
			if i == len(s) {
				return nil, false // a name must follow the comma
			}
		default:
			return nil, false
		}
	}
}
