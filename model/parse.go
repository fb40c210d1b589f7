package model

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// InputError explains, in Chinese for the clerk, why a typed text was not
// accepted. The text itself is kept by the caller so nothing typed is lost.
type InputError struct {
	Text string // what was typed
	Msg  string // user-facing reason
}

func (e *InputError) Error() string { return e.Msg }

// zeroWords are what real reports write for "nothing" in a cell.
var zeroWords = map[string]bool{
	"-": true, "--": true, "—": true, "——": true, "–": true, "―": true, "‐": true,
	"/": true, "无": true, "N/A": true, "n/a": true,
}

// countUnits may trail a count or a signed change.
var countUnits = []string{"件次", "件", "项", "个", "条", "次", "宗"}

// moneyUnits, with each one's power of ten relative to 元.
var moneyUnits = []struct {
	name string
	exp  int
}{{"万元", 4}, {"亿元", 8}, {"元", 0}}

// normalize maps what a Chinese IME or a spreadsheet may produce onto plain
// ASCII: full-width digits and signs, the full-width comma, the ideographic
// full stop typed for a decimal point, the minus sign, and odd spaces.
func normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= '０' && r <= '９':
			r = '0' + (r - '０')
		case r == '，':
			r = ','
		case r == '．' || r == '。':
			r = '.'
		case r == '－' || r == '−':
			r = '-'
		case r == '＋':
			r = '+'
		case r == '／':
			r = '/'
		case r == '\u3000' || r == '\u00a0' || r == '\t' || r == '\r' || r == '\n':
			r = ' '
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

// Parse reads what a clerk typed (or what a spreadsheet cell holds) as a value
// of kind k. Blank text is Blank. A rejected text returns an *InputError.
func (k Kind) Parse(text string) (Value, error) {
	s := normalize(text)
	if s == "" {
		return Blank, nil
	}
	if zeroWords[s] {
		return Int(0), nil
	}
	fail := func(msg string) (Value, error) {
		return Blank, &InputError{Text: text, Msg: msg}
	}

	// A trailing unit, converted to the kind's own unit.
	exp := 0 // power of ten to multiply the typed number by
	for _, u := range moneyUnits {
		if rest, ok := strings.CutSuffix(s, u.name); ok {
			if k.Type != Amount {
				return fail("此格填" + k.Describe() + "，不能带金额单位“" + u.name + "”")
			}
			exp = u.exp - unitExp(k.Unit)
			s = strings.TrimSpace(rest)
			break
		}
	}
	for _, u := range countUnits {
		if rest, ok := strings.CutSuffix(s, u); ok {
			if k.Type == Amount {
				return fail("此格填" + k.Describe() + "，不能以“" + u + "”为单位")
			}
			s = strings.TrimSpace(rest)
			break
		}
	}
	if s == "" {
		return fail("只有单位，没有数字")
	}
	if zeroWords[s] {
		return Int(0), nil
	}

	neg := false
	switch s[0] {
	case '-':
		neg = true
		s = s[1:]
	case '+':
		s = s[1:]
	}

	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" && (!hasDot || frac == "") {
		return fail(quote(text) + "不是数字，请填写阿拉伯数字")
	}
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		for i, g := range groups {
			if (i == 0 && (len(g) < 1 || len(g) > 3 || g[0] == '0')) || (i > 0 && len(g) != 3) {
				return fail("千分位逗号位置不对：" + quote(text))
			}
		}
		intPart = strings.Join(groups, "")
	}
	if !allDigits(intPart) || !allDigits(frac) || strings.Contains(frac, ",") {
		return fail(quote(text) + "不是数字，请填写阿拉伯数字")
	}

	if neg && k.Type != Signed && !isZero(intPart+frac) {
		if k.Type == Amount {
			return fail("金额不能是负数")
		}
		return fail("件数不能是负数")
	}

	// Shift the decimal point: the stored integer is digits × 10^shift.
	shift := k.Scale() + exp - len(frac)
	digits := strings.TrimLeft(intPart+frac, "0")
	if shift < 0 {
		cut := len(digits) + shift
		if cut < 0 {
			cut = 0
		}
		if !isZero(digits[cut:]) {
			if k.Type == Amount {
				return fail("金额最多保留6位小数（单位：" + k.Unit + "）")
			}
			return fail(k.Describe() + "必须是整数，不能有小数")
		}
		digits = digits[:cut]
		shift = 0
	}
	// maxMagnitude in stored units has at most 12+6 digits; anything longer
	// overflows (checked before arithmetic so it cannot wrap).
	if len(digits)+shift > 12+k.Scale() {
		return fail("数值过大，超出了可填写的范围")
	}
	var n int64
	for i := 0; i < len(digits); i++ {
		n = n*10 + int64(digits[i]-'0')
	}
	for ; shift > 0; shift-- {
		n *= 10
	}
	if n > maxMagnitude*pow10[k.Scale()] {
		return fail("数值过大，超出了可填写的范围")
	}
	if neg {
		n = -n
	}
	return FromUnits(n), nil
}

func unitExp(unit string) int {
	for _, u := range moneyUnits {
		if u.name == unit {
			return u.exp
		}
	}
	return 0
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isZero(s string) bool { return strings.Trim(s, "0") == "" }

// quote puts a typed text in Chinese quotes, shortened if long.
func quote(s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > 20 {
		r := []rune(s)
		s = string(r[:20]) + "…"
	}
	return "“" + s + "”"
}

// ParseYear reads a report year as a clerk writes it: 2024, ２０２４,
// 2024年, 2024年度. It must be a ValidYear.
func ParseYear(text string) (int, error) {
	s := normalize(text)
	s = strings.TrimSuffix(strings.TrimSuffix(s, "度"), "年")
	s = strings.TrimSpace(s)
	if len(s) != 4 || !allDigits(s) {
		return 0, &InputError{Text: text, Msg: "年度应为四位数字的年份，例如 2025"}
	}
	y := int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
	if !ValidYear(y) {
		return 0, &InputError{Text: text, Msg: fmt.Sprintf("年度应在%d年至%d年之间", MinYear, MaxYear)}
	}
	return y, nil
}
