// Package xmlscan is a lean XML tokenizer for the parts of Office files the
// importers read (a workbook's sheets and shared strings, a Word
// document's body). It handles the XML that Excel, WPS, Word, LibreOffice
// and excelize write and nothing else: anything it does not fully
// understand — CDATA, a DOCTYPE, an encoding other than UTF-8, an unknown
// entity, a character XML does not allow, unbalanced tags — sets Bad, and
// the caller reads the part with encoding/xml instead, or refuses it. So
// it never guesses. It is several times faster than encoding/xml and
// allocates little: tokens are slices of the input, valid until the next
// call to Next.
package xmlscan

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Scanner reads one part token by token (see the package doc). After Next,
// Kind says what the token is, Name its qualified name (a start or end
// tag), Attrs the raw attributes of a start tag, Self whether it closes
// itself, Text the raw character data; Stack holds the open elements.
type Scanner struct {
	data  []byte
	pos   int
	Stack [][]byte
	Bad   bool

	// the current token
	Kind  int
	Name  []byte // qualified element name
	Attrs []byte // raw attribute text of a start tag
	Self  bool   // <x/>
	Text  []byte // raw character data

	// Streaming (newStreamScanner): data is a window on src, refilled at
	// the start of next. The current token stays valid until the next
	// call to next returns: a refill copies into the other buffer, spare,
	// and leaves the token's buffer alone until the refill after.
	src   io.Reader
	eof   bool
	err   error // a read error from src (damaged compressed data)
	spare []byte
}

// Streaming windows: the scanner keeps at least scanWindow bytes ahead
// when it can, and gives up on a single token longer than maxToken (a
// worksheet cell holds at most 32,767 characters).
const (
	scanWindow = 256 << 10
	maxToken   = 16 << 20
)

// NewStream scans a document read from r, holding only a window of
// it in memory.
func NewStream(r io.Reader) *Scanner {
	s := &Scanner{src: r}
	s.fill(scanWindow)
	if bytes.HasPrefix(s.data, []byte("\xef\xbb\xbf")) {
		s.Bad = true
	}
	return s
}

// fill moves the unread part of the window to the other buffer and reads
// until the window holds want bytes ahead (or src ends).
func (s *Scanner) fill(want int) {
	rest := s.data[s.pos:]
	size := max(want, scanWindow) + scanWindow
	buf := s.spare
	if cap(buf) < size {
		buf = make([]byte, 0, size)
	}
	buf = append(buf[:0], rest...)
	for len(buf) < cap(buf) && !s.eof {
		n, err := s.src.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		switch {
		case err == io.EOF:
			s.eof = true
		case err != nil:
			s.eof, s.err, s.Bad = true, err, true
		case n == 0:
			s.eof, s.err, s.Bad = true, io.ErrNoProgress, true
		}
	}
	// The element names on the stack point into the old window: copy them.
	if len(s.Stack) > 0 {
		n := 0
		for _, name := range s.Stack {
			n += len(name)
		}
		own := make([]byte, 0, n)
		for i, name := range s.Stack {
			own = append(own, name...)
			s.Stack[i] = own[len(own)-len(name):]
		}
	}
	s.spare = s.data[:0]
	s.data, s.pos = buf, 0
}

// More reads further ahead, for a token cut off by the end of the window;
// false if there is nothing More to read or the token is too long.
func (s *Scanner) More() bool {
	if s.src == nil || s.eof || s.Bad {
		return false
	}
	rest := len(s.data) - s.pos
	if rest > maxToken {
		return false
	}
	s.fill(2*rest + scanWindow)
	return !s.Bad
}

// SkipTo moves to the next occurrence of pat without reading what lies
// between (a streamed worksheet's rows past those the importer looks at).
// The caller keeps the stack right. It reports whether pat was found.
func (s *Scanner) SkipTo(pat []byte) bool {
	s.Self = false
	for !s.Bad {
		if i := bytes.Index(s.data[s.pos:], pat); i >= 0 {
			s.pos += i
			return true
		}
		if s.src == nil || s.eof {
			break
		}
		s.pos = max(s.pos, len(s.data)-len(pat)+1)
		s.fill(scanWindow)
	}
	s.pos = len(s.data)
	return false
}

// ReadErr is the read error that stopped a streamed scan, if any; a
// damaged file rather than an unusual one.
func (s *Scanner) ReadErr() error {
	if s.err != nil && !errors.Is(s.err, io.ErrNoProgress) {
		return s.err
	}
	return nil
}

const (
	TokEOF = iota
	TokStart
	TokEnd
	TokText
)

func New(data []byte) *Scanner {
	s := &Scanner{data: data}
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		s.Bad = true // a BOM: let encoding/xml decide what it means
	}
	return s
}

// Next moves to the Next token; tokEOF at the end or once bad.
func (s *Scanner) Next() int {
	for {
		if s.Bad {
			s.Kind = TokEOF
			return TokEOF
		}
		if s.Self { // the end of <x/>
			s.Self = false
			s.Stack = s.Stack[:len(s.Stack)-1]
			s.Kind = TokEnd
			return TokEnd
		}
		if s.src != nil && !s.eof && len(s.data)-s.pos < scanWindow/2 {
			s.fill(scanWindow)
			continue
		}
		d := s.data
		if s.pos >= len(d) {
			if len(s.Stack) > 0 {
				s.Bad = true
			}
			s.Kind = TokEOF
			return TokEOF
		}
		if d[s.pos] != '<' {
			i := bytes.IndexByte(d[s.pos:], '<')
			if i < 0 {
				if s.More() {
					continue
				}
				i = len(d) - s.pos
			}
			s.Text = d[s.pos : s.pos+i]
			s.pos += i
			if !validText(s.Text) {
				s.Bad = true // encoding/xml rejects it wherever it is
				continue
			}
			s.Kind = TokText
			return TokText
		}
		rest := d[s.pos:]
		switch {
		case bytes.HasPrefix(rest, []byte("<?")):
			end := bytes.Index(rest[2:], []byte("?>"))
			if end < 0 {
				if !s.More() {
					s.Bad = true
				}
				continue
			}
			if !plainProcInst(rest[2 : 2+end]) {
				s.Bad = true
				continue
			}
			s.pos += 2 + end + 2
		case bytes.HasPrefix(rest, []byte("<!--")):
			end := bytes.Index(rest[4:], []byte("-->"))
			if end < 0 {
				if !s.More() {
					s.Bad = true
				}
				continue
			}
			if body := rest[4 : 4+end]; bytes.Contains(body, []byte("--")) || bytes.HasSuffix(body, []byte("-")) {
				s.Bad = true // encoding/xml allows no "--" inside a comment
				continue
			}
			s.pos += 4 + end + 3
		case bytes.HasPrefix(rest, []byte("<!")): // CDATA, DOCTYPE
			s.Bad = true
		case bytes.HasPrefix(rest, []byte("</")):
			end := bytes.IndexByte(rest, '>')
			if end < 0 && s.More() {
				continue
			}
			if end < 0 || len(s.Stack) == 0 {
				s.Bad = true
				continue
			}
			name := rest[2:end]
			for len(name) > 0 && IsSpace(name[len(name)-1]) {
				name = name[:len(name)-1]
			}
			if !bytes.Equal(name, s.Stack[len(s.Stack)-1]) {
				s.Bad = true
				continue
			}
			s.Stack = s.Stack[:len(s.Stack)-1]
			s.Name = name
			s.pos += end + 1
			s.Kind = TokEnd
			return TokEnd
		default:
			n, end, self, ok := startTag(rest)
			if !ok {
				if !s.More() {
					s.Bad = true
				}
				continue
			}
			attrEnd := end
			if self {
				attrEnd--
			}
			s.Name, s.Attrs, s.Self = rest[1:1+n], rest[1+n:attrEnd], self
			s.Stack = append(s.Stack, s.Name)
			s.pos += end + 1
			s.Kind = TokStart
			return TokStart
		}
	}
}

// MainRoot reports whether the current start tag, the root of a part, is
// the unprefixed local bound to namespace ns by its own xmlns (as excelize
// requires of a worksheet); else the caller falls back.
func (s *Scanner) MainRoot(local, ns string) bool {
	if string(s.Name) != local {
		return false
	}
	v, ok := s.Attr("xmlns")
	return ok && v == ns
}

// plainProcInst reports whether a processing instruction (between <? and
// ?>) is one encoding/xml reads without complaint and as UTF-8: its target
// a name, and for the XML declaration no version but 1.0 and no encoding
// but UTF-8, read as encoding/xml reads them (procInst).
func plainProcInst(pi []byte) bool {
	n := 0
	for n < len(pi) && IsNameByte(pi[n]) {
		n++
	}
	if n == 0 || n < len(pi) && !IsSpace(pi[n]) ||
		!(pi[0] >= 'a' && pi[0] <= 'z' || pi[0] >= 'A' && pi[0] <= 'Z' || pi[0] == '_' || pi[0] == ':') {
		return false // not a name encoding/xml accepts, or one we do not check
	}
	if string(pi[:n]) != "xml" {
		return true
	}
	content := pi[n:]
	if v := procInst("version", content); len(v) != 0 && string(v) != "1.0" {
		return false
	}
	enc := procInst("encoding", content)
	return len(enc) == 0 || bytes.EqualFold(enc, []byte("utf-8"))
}

// procInst is encoding/xml's reading of param="value" (or 'value') in an
// XML declaration: the first param= followed by a quote; empty if none
// (which encoding/xml takes as not given).
func procInst(param string, s []byte) []byte {
	p := []byte(param + "=")
	for i := 0; i < len(s); {
		sub := s[i:]
		k := bytes.Index(sub, p)
		if k < 0 || len(p)+k >= len(sub) {
			return nil
		}
		i += len(p) + k + 1
		if c := sub[len(p)+k]; c == '\'' || c == '"' {
			j := bytes.IndexByte(s[i:], c)
			if j < 0 {
				return nil
			}
			return s[i : i+j]
		}
	}
	return nil
}

// startTag reads the start tag at the beginning of b in one pass: the
// length of its name, the index of its closing '>', and whether it closes
// itself (<x/>). ok is false unless it is a name then name="value" (or
// 'value') pairs, each after white space (xmlscan_test.go checks it
// against a simpler reading in two passes).
func startTag(b []byte) (n, end int, self, ok bool) {
	i := 1
	for i < len(b) && IsNameByte(b[i]) {
		i++
	}
	n = i - 1
	if n == 0 || !xmlName(b[1:i]) {
		return 0, 0, false, false
	}
	for {
		// just after the name or a value: the end, or space
		if i >= len(b) {
			return 0, 0, false, false
		}
		switch c := b[i]; {
		case c == '>':
			return n, i, false, true
		case c == '/':
			if i+1 < len(b) && b[i+1] == '>' {
				return n, i + 1, true, true
			}
			return 0, 0, false, false
		case !IsSpace(c):
			return 0, 0, false, false
		}
		for i < len(b) && IsSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return 0, 0, false, false
		}
		if c := b[i]; c == '>' || c == '/' {
			continue
		}
		j := i
		for j < len(b) && IsNameByte(b[j]) {
			j++
		}
		if j == i || !xmlName(b[i:j]) {
			return 0, 0, false, false
		}
		for j < len(b) && IsSpace(b[j]) {
			j++
		}
		if j >= len(b) || b[j] != '=' {
			return 0, 0, false, false
		}
		j++
		for j < len(b) && IsSpace(b[j]) {
			j++
		}
		if j >= len(b) || (b[j] != '"' && b[j] != '\'') {
			return 0, 0, false, false
		}
		k := bytes.IndexByte(b[j+1:], b[j])
		if k < 0 || !validText(b[j+1:j+1+k]) {
			return 0, 0, false, false
		}
		i = j + 1 + k + 1
	}
}

// xmlName reports whether an element or attribute name, made of
// isNameByte bytes, is one encoding/xml accepts: it starts with a letter,
// '_' or ':', and has at most one ':'.
func xmlName(n []byte) bool {
	return byteClass[n[0]]&classNameStart != 0 && bytes.Count(n, []byte(":")) <= 1
}

func IsNameByte(c byte) bool { return byteClass[c]&className != 0 }

func IsSpace(c byte) bool { return byteClass[c]&classSpace != 0 }

// byteClass classifies bytes for the scanner's tightest loops (a table
// lookup instead of a chain of comparisons: sheets carry kilobytes of
// namespace attributes).
var byteClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		if b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == ':' || b == '-' || b == '.' {
			t[c] |= className
		}
		if b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_' || b == ':' {
			t[c] |= classNameStart
		}
		if b == ' ' || b == '\t' || b == '\r' || b == '\n' {
			t[c] |= classSpace
		}
	}
	return t
}()

const (
	className = 1 << iota
	classSpace
	classNameStart
)

// Local is the element name without its namespace prefix.
func Local(name []byte) []byte {
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// SimpleText reads, just after a start tag, the usual "text</name>" in one
// step: the text and the end tag as next would give them. If there is
// anything else, or anything next would reject, it reads nothing and
// reports false.
func (s *Scanner) SimpleText() (string, bool) {
	if s.Bad || s.Self || len(s.Stack) == 0 {
		return "", false
	}
	d := s.data[s.pos:]
	i := bytes.IndexByte(d, '<')
	if i < 0 {
		return "", false
	}
	name, end := s.Stack[len(s.Stack)-1], d[i:]
	if len(end) < len(name)+3 || end[1] != '/' || end[2+len(name)] != '>' || !bytes.Equal(end[2:2+len(name)], name) {
		return "", false
	}
	t, ok := Unescape(d[:i])
	if !ok {
		return "", false
	}
	s.pos += i + len(name) + 3
	s.Stack = s.Stack[:len(s.Stack)-1]
	s.Kind, s.Name, s.Text = TokEnd, end[2:2+len(name)], nil
	return t, true
}

// Skip moves past the end of the element just started.
func (s *Scanner) Skip() {
	depth := len(s.Stack)
	for s.Next() != TokEOF {
		if s.Kind == TokEnd && len(s.Stack) < depth {
			return
		}
	}
}

// Attr returns the decoded value of an attribute of the current start tag.
func (s *Scanner) Attr(name string) (string, bool) {
	v, ok, amb := AttrBytes(s.Attrs, name)
	if amb {
		s.Bad = true
		return "", false
	}
	if ok {
		if dv, good := Unescape(v); good {
			return dv, true
		}
		s.Bad = true
	}
	return "", false
}

// AttrBytes finds name="value" in raw attribute text (undecoded); a
// malformed list finds nothing. amb is set when the name is not one
// attribute's alone (see attrBytes2): the caller falls back.
func AttrBytes(attrs []byte, name string) (v []byte, ok, amb bool) {
	v, ok, _, _, amb = AttrBytes2(attrs, name, "")
	return v, ok, amb
}

// AttrBytes2 is attrBytes for two names in one pass ("" finds nothing).
// excelize decodes attributes by their local name, the last one winning,
// so t="s" t="n", or a prefixed x:t, would read otherwise there: amb is
// set when a name occurs twice or as a prefixed attribute's local name.
func AttrBytes2(attrs []byte, a, b string) (va []byte, oka bool, vb []byte, okb bool, amb bool) {
	i := 0
	for i < len(attrs) {
		for i < len(attrs) && IsSpace(attrs[i]) {
			i++
		}
		j := i
		for j < len(attrs) && IsNameByte(attrs[j]) {
			j++
		}
		if j == i {
			return va, oka, vb, okb, amb
		}
		key := attrs[i:j]
		for j < len(attrs) && IsSpace(attrs[j]) {
			j++
		}
		if j >= len(attrs) || attrs[j] != '=' {
			return va, oka, vb, okb, amb
		}
		j++
		for j < len(attrs) && IsSpace(attrs[j]) {
			j++
		}
		if j >= len(attrs) || (attrs[j] != '"' && attrs[j] != '\'') {
			return va, oka, vb, okb, amb
		}
		q := attrs[j]
		k := bytes.IndexByte(attrs[j+1:], q)
		if k < 0 {
			return va, oka, vb, okb, amb
		}
		switch {
		case string(key) == a:
			amb = amb || oka
			va, oka = attrs[j+1:j+1+k], true
		case b != "" && string(key) == b:
			amb = amb || okb
			vb, okb = attrs[j+1:j+1+k], true
		case bytes.IndexByte(key, ':') >= 0:
			l := Local(key)
			amb = amb || string(l) == a || b != "" && string(l) == b
		}
		i = j + 1 + k + 1
	}
	return va, oka, vb, okb, amb
}

// validText reports whether unescape would accept b, without copying.
func validText(b []byte) bool {
	plain, ok := checkPlain(b)
	if plain || !ok {
		return ok
	}
	_, ok = Unescape(b) // entities or CR: rare
	return ok
}

// checkPlain reports whether b is character data that unescape returns as
// it is (no entity, no CR), checking what it passes over: ok is false for
// anything encoding/xml rejects there. Most text, Chinese included, is
// plain.
func checkPlain(b []byte) (plain, ok bool) {
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '&' || c == '\r':
			return false, true
		case c == '<' || c < 0x20 && c != '\t' && c != '\n':
			return false, false
		case c >= 0x80:
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size <= 1 || !xmlChar(r) {
				return false, false
			}
			i += size
		default:
			i++
		}
	}
	return true, true
}

// Unescape decodes character data the way encoding/xml does: the five
// entities and character references, line ends folded to \n. It reports
// false for anything encoding/xml would reject (or that this scanner does
// not know), so the caller falls back.
func Unescape(b []byte) (string, bool) {
	plain, ok := checkPlain(b)
	if !ok {
		return "", false
	}
	if plain {
		return string(b), true
	}
	var out strings.Builder
	out.Grow(len(b))
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '&':
			end := bytes.IndexByte(b[i:], ';')
			if end < 0 || end > 12 {
				return "", false
			}
			ent := string(b[i+1 : i+end])
			switch ent {
			case "lt":
				out.WriteByte('<')
			case "gt":
				out.WriteByte('>')
			case "amp":
				out.WriteByte('&')
			case "quot":
				out.WriteByte('"')
			case "apos":
				out.WriteByte('\'')
			default:
				if len(ent) < 2 || ent[0] != '#' {
					return "", false
				}
				var n uint64
				var err error
				if ent[1] == 'x' {
					n, err = strconv.ParseUint(ent[2:], 16, 32)
				} else {
					n, err = strconv.ParseUint(ent[1:], 10, 32)
				}
				if err != nil || !xmlChar(rune(n)) {
					return "", false
				}
				out.WriteRune(rune(n))
			}
			i += end + 1
		case c == '\r':
			out.WriteByte('\n')
			i++
			if i < len(b) && b[i] == '\n' {
				i++
			}
		case c == '<':
			return "", false
		case c < 0x80:
			if c < 0x20 && c != '\t' && c != '\n' {
				return "", false
			}
			out.WriteByte(c)
			i++
		default:
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size <= 1 || !xmlChar(r) {
				return "", false
			}
			out.Write(b[i : i+size])
			i += size
		}
	}
	return out.String(), true
}

// xmlChar is XML 1.0's Char production, as encoding/xml checks it.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// Input is the whole input of a scanner made with New; nil for one that
// streams (NewStream).
func (s *Scanner) Input() []byte {
	if s.src != nil {
		return nil
	}
	return s.data
}
