package xlsx

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"nianbao/store/internal/xmlscan"
)

// Number formats, for one question only: does a number cell show a date or
// a time? Import reads raw values, so a format cannot change a figure; but a
// clerk who types 1-2 into a count cell gets the date 2022/1/2, stored as
// the number 44563, and that must not be read as a count. The rules follow
// excelize's GetStyle, so the fast path and the excelize path agree: a
// built-in id (0–49, the language ids 27–36, 50–62, 67–81) means its
// built-in format even if the file defines a code for it; any other id
// means the last code the file defines for it.

// isBuiltinNumFmt mirrors excelize's builtInNumFmt keys and isLangNumFmt.
func isBuiltinNumFmt(id int) bool {
	switch {
	case id >= 0 && id <= 4, id >= 9 && id <= 22, id >= 37 && id <= 49:
		return true
	}
	return id >= 27 && id <= 36 || id >= 50 && id <= 62 || id >= 67 && id <= 81
}

// builtinDateFmt is the format a built-in date or time id shows in a
// Chinese Excel; ok is false for built-ins that are not dates.
func builtinDateFmt(id int) (code string, ok bool) {
	switch id {
	case 14:
		return "yyyy/m/d", true
	case 15:
		return "d-mmm-yy", true
	case 16:
		return "d-mmm", true
	case 17:
		return "mmm-yy", true
	case 18:
		return "h:mm AM/PM", true
	case 19:
		return "h:mm:ss AM/PM", true
	case 20:
		return "h:mm", true
	case 21:
		return "h:mm:ss", true
	case 22:
		return "yyyy/m/d h:mm", true
	case 45:
		return "mm:ss", true
	case 46:
		return "[h]:mm:ss", true
	case 47:
		return "mm:ss.0", true
	case 27, 36, 50, 52, 57:
		return `yyyy"年"m"月"`, true
	case 28, 29, 51, 53, 54, 58:
		return `m"月"d"日"`, true
	case 30:
		return "m/d/yy", true
	case 31:
		return `yyyy"年"m"月"d"日"`, true
	case 32:
		return `h"时"mm"分"`, true
	case 33:
		return `h"时"mm"分"ss"秒"`, true
	case 34, 55:
		return `上午/下午h"时"mm"分"`, true
	case 35, 56:
		return `上午/下午h"时"mm"分"ss"秒"`, true
	}
	return "", false
}

// dateFormat says whether a style's number format (its id, and the code
// the file defines for it, if any) shows a date or time, and returns the
// code to show it with.
func dateFormat(id int, code string, defined bool) (string, bool) {
	if isBuiltinNumFmt(id) {
		return builtinDateFmt(id)
	}
	if defined && isDateCode(code) {
		return code, true
	}
	return "", false
}

// fmtToken is one piece of a number format code: a literal, or a date or
// time field ('y', 'M' month, 'd', 'h', 'm' minute, 's', 'a' AM/PM, 'H'
// elapsed hours, 'f' fractions of a second) with its length.
type fmtToken struct {
	kind byte
	n    int
	lit  string
}

// isDateCode reports whether a custom format code shows a date or time: a
// y, m, d, h or s outside quotes, escapes and [..] brackets (except the
// elapsed-time brackets [h] [mm] [ss]), or an AM/PM marker.
func isDateCode(code string) bool {
	for _, t := range tokenizeFmt(firstSection(code)) {
		if t.kind != 0 {
			return true
		}
	}
	return false
}

// firstSection is the part of a code for positive numbers.
func firstSection(code string) string {
	inQuote, inBracket := false, false
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case inQuote:
			inQuote = c != '"'
		case inBracket:
			inBracket = c != ']'
		case c == '"':
			inQuote = true
		case c == '[':
			inBracket = true
		case c == '\\' || c == '_' || c == '*':
			i++ // the next character is literal (or padding)
		case c == ';':
			return code[:i]
		}
	}
	return code
}

// tokenizeFmt splits one section of a format code into literals and date
// fields. Month and minute are told apart as Excel does: m right after an
// hour, or right before a second, is minutes.
func tokenizeFmt(code string) []fmtToken {
	var out []fmtToken
	lit := func(s string) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].kind == 0 {
			out[n-1].lit += s
			return
		}
		out = append(out, fmtToken{lit: s})
	}
	for i := 0; i < len(code); {
		c := code[i]
		switch {
		case c == '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				lit(code[i+1:])
				i = len(code)
				continue
			}
			lit(code[i+1 : i+1+j])
			i += j + 2
		case c == '\\':
			if i+1 < len(code) {
				_, size := decodeRune(code[i+1:])
				lit(code[i+1 : i+1+size])
				i += 1 + size
			} else {
				i++
			}
		case c == '_':
			if i+1 < len(code) {
				_, size := decodeRune(code[i+1:])
				lit(" ")
				i += 1 + size
			} else {
				i++
			}
		case c == '*':
			if i+1 < len(code) {
				_, size := decodeRune(code[i+1:])
				i += 1 + size
			} else {
				i++
			}
		case c == '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				i = len(code)
				continue
			}
			inner := strings.ToLower(code[i+1 : i+j])
			switch {
			case inner != "" && strings.Trim(inner, "h") == "":
				out = append(out, fmtToken{kind: 'H', n: len(inner)})
			case inner != "" && strings.Trim(inner, "m") == "":
				out = append(out, fmtToken{kind: 'm', n: len(inner)})
			case inner != "" && strings.Trim(inner, "s") == "":
				out = append(out, fmtToken{kind: 's', n: len(inner)})
			case strings.HasPrefix(inner, "$"):
				// [$¥-804]: a currency or locale tag; the symbol shows
				sym, _, _ := strings.Cut(code[i+2:i+j], "-")
				lit(sym)
			}
			i += j + 1
		case strings.HasPrefix(strings.ToLower(code[i:]), "general"):
			lit("General")
			i += len("general")
		case strings.HasPrefix(strings.ToUpper(code[i:]), "AM/PM"):
			out = append(out, fmtToken{kind: 'a', n: 5})
			i += 5
		case strings.HasPrefix(strings.ToUpper(code[i:]), "A/P"):
			out = append(out, fmtToken{kind: 'a', n: 3})
			i += 3
		case strings.HasPrefix(code[i:], "上午/下午"):
			out = append(out, fmtToken{kind: 'a', n: 1})
			i += len("上午/下午")
		case strings.ContainsRune("yYmMdDhHsSeE", rune(c)) && !isExponent(code, i):
			j := i
			lc := lower(c)
			for j < len(code) && lower(code[j]) == lc {
				j++
			}
			kind := lc
			switch lc {
			case 'e':
				kind = 'y'
			case 'm':
				kind = 'M'
			}
			out = append(out, fmtToken{kind: kind, n: j - i})
			i = j
		case c == '.' && i+1 < len(code) && code[i+1] == '0' && len(out) > 0 && out[len(out)-1].kind == 's':
			j := i + 1
			for j < len(code) && code[j] == '0' {
				j++
			}
			out = append(out, fmtToken{kind: 'f', n: j - i - 1})
			i = j
		default:
			_, size := decodeRune(code[i:])
			lit(code[i : i+size])
			i += size
		}
	}
	// m after an hour or before a second is minutes.
	for i, t := range out {
		if t.kind != 'M' || t.n > 2 {
			continue
		}
		prev, next := byte(0), byte(0)
		for j := i - 1; j >= 0; j-- {
			if out[j].kind != 0 {
				prev = out[j].kind
				break
			}
		}
		for j := i + 1; j < len(out); j++ {
			if out[j].kind != 0 {
				next = out[j].kind
				break
			}
		}
		if prev == 'h' || prev == 'H' || next == 's' {
			out[i].kind = 'm'
		}
	}
	return out
}

// isExponent reports whether the E at i is a scientific exponent (E+ E-).
func isExponent(code string, i int) bool {
	return (code[i] == 'E' || code[i] == 'e') && i+1 < len(code) && (code[i+1] == '+' || code[i+1] == '-')
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func decodeRune(s string) (rune, int) { return utf8.DecodeRuneInString(s) }

// showDate is what a cell holding the serial number raw shows with a date
// format code: "2022/1/2", "1月2日", "12:30". It is for messages and for the
// text kept in place of the number; an invalid serial is shown as it is.
func showDate(raw, code string, date1904 bool) string {
	serial, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || math.IsNaN(serial) || serial < 0 || serial >= 2958466 { // Excel's last day is 9999-12-31
		return strings.TrimSpace(raw)
	}
	days := math.Floor(serial)
	secs := int(math.Round((serial - days) * 86400))
	if secs >= 86400 {
		days++
		secs -= 86400
	}
	y, mo, d := serialDate(int(days), date1904)
	wd := time.Date(y, time.Month(mo), max(d, 1), 0, 0, 0, 0, time.UTC).Weekday()
	hour, minute, second := secs/3600, secs/60%60, secs%60
	toks := tokenizeFmt(firstSection(code))
	ampm := false
	for _, t := range toks {
		ampm = ampm || t.kind == 'a'
	}
	var b strings.Builder
	for _, t := range toks {
		switch t.kind {
		case 0:
			b.WriteString(t.lit)
		case 'y':
			if t.n <= 2 {
				fmt.Fprintf(&b, "%02d", y%100)
			} else {
				fmt.Fprintf(&b, "%d", y)
			}
		case 'M':
			switch {
			case t.n == 1:
				fmt.Fprintf(&b, "%d", mo)
			case t.n == 2:
				fmt.Fprintf(&b, "%02d", mo)
			case t.n == 3:
				b.WriteString(time.Month(mo).String()[:3])
			case t.n == 5:
				b.WriteString(time.Month(mo).String()[:1])
			default:
				b.WriteString(time.Month(mo).String())
			}
		case 'd':
			switch {
			case t.n == 1:
				fmt.Fprintf(&b, "%d", d)
			case t.n == 2:
				fmt.Fprintf(&b, "%02d", d)
			case t.n == 3:
				b.WriteString(wd.String()[:3])
			default:
				b.WriteString(wd.String())
			}
		case 'h':
			h := hour
			if ampm {
				h = (hour+11)%12 + 1
			}
			if t.n >= 2 {
				fmt.Fprintf(&b, "%02d", h)
			} else {
				fmt.Fprintf(&b, "%d", h)
			}
		case 'H':
			fmt.Fprintf(&b, "%0*d", t.n, int(days)*24+hour)
		case 'm':
			fmt.Fprintf(&b, "%0*d", min(t.n, 2), minute)
		case 's':
			fmt.Fprintf(&b, "%0*d", min(t.n, 2), second)
		case 'f':
			b.WriteString("." + strings.Repeat("0", t.n))
		case 'a':
			switch {
			case t.n == 1 && hour < 12:
				b.WriteString("上午")
			case t.n == 1:
				b.WriteString("下午")
			case hour < 12:
				b.WriteString("AM"[:t.n/2])
			default:
				b.WriteString("PM"[:t.n/2])
			}
		}
	}
	if s := strings.TrimSpace(b.String()); s != "" {
		return s
	}
	return strings.TrimSpace(raw)
}

// serialDate is the calendar date of a day serial, with Excel's 1900 leap
// year bug (serial 60 is 1900-02-29; serial 0 is 1900-01-00).
func serialDate(days int, date1904 bool) (y, m, d int) {
	if date1904 {
		t := time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, days)
		return t.Year(), int(t.Month()), t.Day()
	}
	switch {
	case days == 0:
		return 1900, 1, 0
	case days == 60:
		return 1900, 2, 29
	case days < 60:
		t := time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC).AddDate(0, 0, days)
		return t.Year(), int(t.Month()), t.Day()
	}
	t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, days)
	return t.Year(), int(t.Month()), t.Day()
}

// showISODate is what a t="d" cell (an ISO 8601 date) shows: its date, and
// its time when it has one.
func showISODate(raw string) string {
	raw = strings.TrimSpace(raw)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02", "15:04:05"} {
		if t, err := time.Parse(layout, raw); err == nil {
			s := fmt.Sprintf("%d/%d/%d", t.Year(), int(t.Month()), t.Day())
			if layout == "15:04:05" {
				s = t.Format("15:04:05")
			} else if t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 {
				s += t.Format(" 15:04:05")
			}
			return s
		}
	}
	return raw
}

// styleSheet is what the fast path keeps of xl/styles.xml: the format code
// of each cell style (xf) that shows a date or time. dates is nil when no
// style does, so sheets need not read their cells' styles at all.
type styleSheet struct {
	dates map[int]string // xf index → date format code
}

// parseStyles reads the numFmts and cellXfs of a styles part. Only those
// two sections are looked at; the fonts, fills and borders between them
// can be large and say nothing about dates.
func parseStyles(data []byte) (*styleSheet, error) {
	st := &styleSheet{}
	if !bytes.Contains(data, []byte("<styleSheet")) || bytes.Contains(data, []byte(":numFmt")) ||
		bytes.Contains(data, []byte(":cellXfs")) || bytes.Contains(data, []byte(":xf")) {
		return nil, errFallback // prefixed elements: excelize reads them by namespace
	}
	var codes map[int]string
	if sec, ok := xmlSection(data, "numFmts"); ok {
		codes = map[int]string{}
		s := xmlscan.New(sec)
		for s.Next() != xmlscan.TokEOF {
			if s.Kind != xmlscan.TokStart {
				continue
			}
			switch string(s.Name) {
			case "numFmts":
			case "numFmt":
				id, err := atoiAttr(s, "numFmtId")
				if err != nil {
					return nil, errFallback
				}
				code, _ := s.Attr("formatCode")
				codes[id] = code // the last definition wins, as in excelize
			default:
				s.Skip()
			}
		}
		if s.Bad {
			return nil, errFallback
		}
	}
	sec, ok := xmlSection(data, "cellXfs")
	if !ok {
		return st, nil
	}
	// Each defined code is judged once; many styles share one.
	var dates map[int]string
	for id, code := range codes {
		if dates == nil {
			dates = map[int]string{}
		}
		if dc, ok := dateFormat(id, code, true); ok {
			dates[id] = dc
		}
	}
	s := xmlscan.New(sec)
	n := -1
	for s.Next() != xmlscan.TokEOF {
		if s.Kind != xmlscan.TokStart {
			continue
		}
		switch string(s.Name) {
		case "cellXfs":
		case "xf":
			n++
			id := 0
			raw, has, amb := xmlscan.AttrBytes(s.Attrs, "numFmtId")
			if amb {
				return nil, errFallback
			}
			if has {
				v, ok := atoiBytes(raw)
				if !ok {
					var err error
					if v, err = atoiAttr(s, "numFmtId"); err != nil {
						return nil, errFallback
					}
				}
				id = v
			}
			dc, ok := dates[id]
			if isBuiltinNumFmt(id) {
				dc, ok = builtinDateFmt(id)
			}
			if ok {
				if st.dates == nil {
					st.dates = map[int]string{}
				}
				st.dates[n] = dc
			}
			s.Skip()
		default:
			s.Skip()
		}
	}
	if s.Bad {
		return nil, errFallback
	}
	return st, nil
}

// xmlSection cuts the element <name ...>…</name> (or <name/>) out of a
// part; a prefixed or repeated element is left to excelize.
func xmlSection(data []byte, name string) ([]byte, bool) {
	open := []byte("<" + name)
	i := 0
	for {
		j := bytes.Index(data[i:], open)
		if j < 0 {
			return nil, false
		}
		i += j
		if k := i + len(open); k < len(data) && (xmlscan.IsSpace(data[k]) || data[k] == '>' || data[k] == '/') {
			break
		}
		i += len(open)
	}
	end := bytes.Index(data[i:], []byte("</"+name+">"))
	if end < 0 {
		// <name/>: up to the end of the start tag
		gt := bytes.IndexByte(data[i:], '>')
		if gt < 0 || data[i+gt-1] != '/' {
			return nil, false
		}
		return data[i : i+gt+1], true
	}
	return data[i : i+end+len(name)+3], true
}

// atoiBytes reads a plain decimal attribute value without copying it.
func atoiBytes(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func atoiAttr(s *xmlscan.Scanner, name string) (int, error) {
	v, _ := s.Attr(name)
	return strconv.Atoi(strings.TrimSpace(v))
}
