package xmlscan

import (
	"bytes"
	"testing"
)

// startTagTwoPass is the scanner's former reading of a start tag, kept as
// the reference for startTag: find the '>' outside quotes, then check the
// name and the attribute list.
func startTagTwoPass(b []byte) (n, end int, self, ok bool) {
	end = tagEnd(b)
	if end < 0 {
		return 0, 0, false, false
	}
	body := b[1:end]
	self = len(body) > 0 && body[len(body)-1] == '/'
	if self {
		body = body[:len(body)-1]
	}
	for n < len(body) && IsNameByte(body[n]) {
		n++
	}
	if n == 0 || !xmlName(body[:n]) || (n < len(body) && !IsSpace(body[n])) || !attrsWellFormed(body[n:]) {
		return 0, 0, false, false
	}
	return n, end, self, true
}

// tagEnd finds the '>' closing a start tag, skipping quoted values.
func tagEnd(b []byte) int {
	var q byte
	for i := 1; i < len(b); i++ {
		c := b[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '>':
			return i
		case c == '<':
			return -1
		}
	}
	return -1
}

// attrsWellFormed checks the whole attribute list of the current tag.
func attrsWellFormed(attrs []byte) bool {
	i := 0
	for {
		for i < len(attrs) && IsSpace(attrs[i]) {
			i++
		}
		if i >= len(attrs) {
			return true
		}
		j := i
		for j < len(attrs) && IsNameByte(attrs[j]) {
			j++
		}
		if j == i || !xmlName(attrs[i:j]) {
			return false
		}
		for j < len(attrs) && IsSpace(attrs[j]) {
			j++
		}
		if j >= len(attrs) || attrs[j] != '=' {
			return false
		}
		j++
		for j < len(attrs) && IsSpace(attrs[j]) {
			j++
		}
		if j >= len(attrs) || (attrs[j] != '"' && attrs[j] != '\'') {
			return false
		}
		k := bytes.IndexByte(attrs[j+1:], attrs[j])
		if k < 0 || !validText(attrs[j+1:j+1+k]) {
			return false
		}
		i = j + 1 + k + 1
		if i < len(attrs) && !IsSpace(attrs[i]) {
			return false
		}
	}
}

func FuzzStartTag(f *testing.F) {
	for _, s := range []string{`<a>`, `<a/>`, `<a />`, `<c r="A1" s='3' t="s">`, `<a b="x>y"/>`, `<a b="1"c="2">`,
		`<a b="1"/ >`, `<a/b>`, `<a b = "1" >`, `<a"b">`, `<a b="1" / >`, `< a>`, `<a b="it's">`, `<a b="<">x`,
		`<a b>`, `<a b=1>`, `<a	b="1"\r\n/>`, `<x:row r="1">`, `<a b="1"`, `<a b="1"<`, `<1a>`, `<a:b:c>`, `<a 1b="x">`, `<a b="&bogus;">`, `<a b="x&amp;y">`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) == 0 || b[0] != '<' {
			b = append([]byte("<"), b...)
		}
		n, end, self, ok := startTag(b)
		wn, wend, wself, wok := startTagTwoPass(b)
		if ok != wok || ok && (n != wn || end != wend || self != wself) {
			t.Errorf("startTag(%q) = %d %d %v %v, two passes give %d %d %v %v", b, n, end, self, ok, wn, wend, wself, wok)
		}
	})
}
