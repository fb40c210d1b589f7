package model

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Reading the unit and year from a report's printed title, as clerks write
// it in workbooks, Word files and web pages:
//
//	衢州市人民政府2022年政府信息公开工作年度报告
//	2019年上海市人民政府办公厅政府信息公开工作年度报告   (year first)
//	平潭综合实验区2021年度政府信息公开工作年度报告
//	附件1：××局二〇二二年度政府信息公开工作年度报告（表格部分）
//	××局政府信息公开工作年度报告（2022年度）
//
// A title is one line: a sentence of the narrative (“本报告由……编制”,
// “现将2022年度政府信息公开工作年度报告公布如下”) never is one.

// Title is what a report's title says; a part it does not name is zero.
type Title struct {
	Unit string
	Year int
}

// titleEndings are the names of the report a title ends with. None is a
// suffix of another.
var titleEndings = []string{
	"政府信息公开工作年度报告",
	"政府信息公开年度工作报告",
	"政府信息公开年度报告",
	"政府信息公开工作报告",
	"政府信息公开工作年报",
	"政府信息公开年报",
	"政府信息公开报告",
}

// titleSuffixWords are what clerks add after a title to say which part of
// the report a file holds, or its state.
var titleSuffixWords = []string{
	"表格部分", "数据部分", "统计数据", "统计表", "数据表", "附表", "表格",
	"征求意见稿", "送审稿", "修改稿", "定稿", "终稿", "初稿", "草稿",
}

// unitStopWords never occur in a unit's name but do in sentences.
var unitStopWords = []string{
	"报告", "年报", "本机关", "本单位", "本部门", "本年", "我",
	"根据", "按照", "依据", "依照", "现将", "特此", "编制", "印发", "公布", "发布",
	"报送", "关于", "如下", "以下", "全文",
}

const (
	maxTitleRunes = 120
	maxUnitRunes  = 40
)

// ParseTitle reads a report title (see the forms above). ok is false when
// text is not a title; a title may name neither unit nor year (a title split
// over two cells: “政府信息公开工作年度报告” under “衢州市2022年度”; joining
// the two parts gives the whole). The unit is cleaned of 附件 prefixes and
// white space; a year is a ValidYear, in digits or Chinese
// numerals (二〇二二年).
func ParseTitle(text string) (Title, bool) {
	if len(text) > 4*maxTitleRunes || utf8.RuneCountInString(text) > maxTitleRunes {
		return Title{}, false
	}
	s := squeezeTitle(stripAttachment(strings.TrimSpace(text)))
	s, suffixYear, ok := stripTitleSuffixes(s)
	if !ok {
		return Title{}, false
	}
	core := ""
	for _, e := range titleEndings {
		if c, found := strings.CutSuffix(s, e); found {
			core, ok = c, true
			break
		}
		ok = false
	}
	if !ok {
		return Title{}, false
	}
	var t Title
	unit := core
	switch toks := yearTokens(core); len(toks) {
	case 0:
		t.Year = suffixYear
	case 1:
		tk := toks[0]
		if tk.year < MinYear || tk.year > MaxYear {
			return Title{}, false
		}
		if suffixYear != 0 && suffixYear != tk.year {
			return Title{}, false
		}
		t.Year = tk.year
		pre := core[:tk.start]
		post := strings.TrimPrefix(core[tk.end+len("年"):], "度")
		switch {
		case pre != "" && post != "":
			return Title{}, false // 衢州市2022年度本级…: which is the unit?
		case pre != "":
			unit = pre
		default:
			unit = post
		}
	default:
		return Title{}, false
	}
	unit = cleanUnit(unit)
	if unit != "" && !validUnit(unit) {
		return Title{}, false
	}
	t.Unit = unit
	return t, true
}

// FormatTitle is the title of a report in the official form; ParseTitle
// reads it back.
func FormatTitle(unit string, year int) string {
	t := titleEndings[0]
	if year != 0 {
		t = strconv.Itoa(year) + "年度" + t
	}
	return unit + t
}

// YearFromName reads a report year from a file or sheet name: one year
// (2008–2100) in digits, 4 of them (年报2022, 2022年度数据) or in Chinese
// numerals followed by 年. A date (2023.03.01, 2023年3月) is not a report
// year, and two different years (2021-2022) are no answer.
func YearFromName(name string) (int, bool) {
	if !strings.Contains(name, "年") && !hasDigitRun(name, 4) {
		return 0, false // Sheet1, 年报… (quick: sheet names are read for every table)
	}
	s := squeezeTitle(name)
	year := 0
	for _, tk := range yearRuns(s) {
		if !tk.digits && !strings.HasPrefix(s[tk.end:], "年") {
			continue // 二〇二二 alone could be anything
		}
		if tk.year < MinYear || tk.year > MaxYear || isDateAfter(s[tk.end:]) {
			continue
		}
		if year != 0 && year != tk.year {
			return 0, false
		}
		year = tk.year
	}
	return year, year != 0
}

// YearOfHeading reads the year of a short heading line above a table or
// in a title block: “2022年度”, “（2022年）”, “三、收到和处理政府信息公开申请
// 情况（2022年度）”, “2021年数据”. A sentence (it has 。，；), a date
// (数据截至2023年12月31日) or a line naming two years gives none.
func YearOfHeading(text string) (int, bool) {
	if len(text) > 4*60 || utf8.RuneCountInString(text) > 60 {
		return 0, false
	}
	if !figureBeforeNian(text) || strings.ContainsAny(text, "。，,；;！!？?") {
		return 0, false
	}
	s := squeezeTitle(text)
	year := 0
	for _, tk := range yearTokens(s) {
		if tk.year < MinYear || tk.year > MaxYear || isDateAfter(s[tk.end:]) {
			return 0, false
		}
		if year != 0 && year != tk.year {
			return 0, false
		}
		year = tk.year
	}
	return year, year != 0
}

// figureBeforeNian reports whether some 年 in s follows a figure (white space
// between them allowed): a quick test that s may name a year, as most
// texts with 年 (本年新收…) do not.
func figureBeforeNian(s string) bool {
	for i := strings.Index(s, "年"); i >= 0; {
		before := strings.TrimRightFunc(s[:i], titleSpace)
		r, _ := utf8.DecodeLastRuneInString(before)
		if _, cn := cnYearDigit(r); cn || r >= '0' && r <= '9' || r >= '０' && r <= '９' {
			return true
		}
		j := strings.Index(s[i+len("年"):], "年")
		if j < 0 {
			break
		}
		i += len("年") + j
	}
	return false
}

// hasDigitRun reports whether s has n ASCII or full-width digits in a row.
func hasDigitRun(s string, n int) bool {
	run := 0
	for _, r := range s {
		if r >= '0' && r <= '9' || r >= '０' && r <= '９' {
			if run++; run >= n {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// isDateAfter reports whether what follows a year makes it a date:
// 年3月, .03.01, -3-1, /3.
func isDateAfter(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '.', '-', '/', '_':
		s = s[1:]
	default:
		rest, ok := strings.CutPrefix(s, "年")
		if !ok {
			return false
		}
		s = rest
	}
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n == 0 || n > 2 {
		return false
	}
	rest := s[n:]
	return rest == "" || strings.HasPrefix(rest, "月") || strings.ContainsAny(rest[:1], ".-/_")
}

// yearToken is a year written in a title: digits or Chinese numerals, at
// s[start:end], followed by 年 (yearTokens) or anything (yearRuns).
type yearToken struct {
	start, end int
	year       int
	digits     bool
}

// yearTokens lists the 4-figure runs followed by 年: 2022年, 二〇二二年.
func yearTokens(s string) []yearToken {
	var out []yearToken
	for _, tk := range yearRuns(s) {
		if strings.HasPrefix(s[tk.end:], "年") {
			out = append(out, tk)
		}
	}
	return out
}

// yearRuns lists the runs of exactly four digits (ASCII, after
// squeezeTitle) or four Chinese numerals (with 〇, ○, 零 or a letter O as
// zero) in s, whole runs only: 12022 holds none.
func yearRuns(s string) []yearToken {
	var out []yearToken
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		digit := r >= '0' && r <= '9'
		if _, cn := cnYearDigit(r); !digit && !cn {
			i += size
			continue
		}
		start, n, val, hasCN := i, 0, 0, false
		for i < len(s) {
			r, size := utf8.DecodeRuneInString(s[i:])
			var d int
			if digit {
				if r < '0' || r > '9' {
					break
				}
				d = int(r - '0')
			} else {
				v, ok := cnYearDigit(r)
				if !ok {
					break
				}
				d = v
				hasCN = hasCN || v != 0 || strings.ContainsRune("〇○零", r)
			}
			val = val*10 + d
			n++
			i += size
			if n > 8 {
				val = 0 // no year; only the run's end matters
			}
		}
		if n == 4 && (digit || hasCN) {
			out = append(out, yearToken{start: start, end: i, year: val, digits: digit})
		}
	}
	return out
}

// cnYearDigit is a Chinese numeral as written in a year: 二〇二二, 二○二二,
// 二零二二, and 二O二二 or 二0二二 with a letter or digit for the zero.
func cnYearDigit(r rune) (int, bool) {
	switch r {
	case '〇', '○', '零', 'O', 'o', 'Ｏ', 'ｏ', '0':
		return 0, true
	}
	if d, ok := cnDigits[r]; ok && r != '两' {
		return int(d), true
	}
	return 0, false
}

// squeezeTitle drops white space (a title wraps inside its cell) and reads
// full-width digits as ASCII; brackets are kept as printed.
func squeezeTitle(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return titleSpace(r) || r >= '０' && r <= '９' }) {
		return s // the common case: no copy
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '\u3000' || r == '\u00a0' || r == '\u200b' || r == '\ufeff':
			continue
		case r >= '０' && r <= '９':
			r = '0' + (r - '０')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// stripAttachment drops what marks a document as an attachment: 附件,
// 附件1, 附件1：, 附件一, 附件1-2, 附表2、, 附：, repeated. White space may
// separate the number from a year (附件1 2022年度…); without it a year
// right after the number is told apart by its four figures (附件12022年度…).
func stripAttachment(s string) string {
	for {
		rest, ok := cutAttachment(s)
		if !ok {
			return s
		}
		s = rest
	}
}

func cutAttachment(s string) (string, bool) {
	var rest string
	switch {
	case strings.HasPrefix(s, "附件"), strings.HasPrefix(s, "附表"):
		rest = s[len("附件"):]
	case strings.HasPrefix(s, "附:"), strings.HasPrefix(s, "附："):
		rest = strings.TrimPrefix(strings.TrimPrefix(s, "附:"), "附：")
		return strings.TrimLeftFunc(rest, titleSpace), true
	default:
		return s, false
	}
	rest = strings.TrimLeftFunc(rest, titleSpace)
	rest = cutAttachmentNumber(rest)
	if strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "－") {
		_, size := utf8.DecodeRuneInString(rest)
		if n := digitPrefix(rest[size:]); n > 0 && n <= 2 {
			rest = rest[size+n:]
		}
	}
	rest = strings.TrimLeftFunc(rest, titleSpace)
	for _, sep := range []string{":", "：", "、", ".", "．", "-", "－", "—", "_"} {
		if r, ok := strings.CutPrefix(rest, sep); ok {
			rest = r
			break
		}
	}
	return strings.TrimLeftFunc(rest, titleSpace), true
}

// cutAttachmentNumber drops an attachment's number (1, 12, 一, 十二) from
// the start of s. A run of figures followed by 年 ends in a year: 附件12022年
// is 附件1 and 2022年.
func cutAttachmentNumber(s string) string {
	i, n := 0, 0
	first, _ := utf8.DecodeRuneInString(s)
	ascii := first >= '0' && first <= '9' || first >= '０' && first <= '９'
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		isDigit := r >= '0' && r <= '9' || r >= '０' && r <= '９'
		_, cn := cnYearDigit(r)
		if ascii && !isDigit || !ascii && !cn && r != '十' {
			break
		}
		if !ascii && (r == 'O' || r == 'o' || r == 'Ｏ' || r == 'ｏ') && n == 0 {
			break // a name, not a number
		}
		i += size
		n++
	}
	if n == 0 {
		return s
	}
	if strings.HasPrefix(s[i:], "年") {
		if n <= 4 {
			return s // the year itself
		}
		n -= 4
		if n > 3 {
			return s
		}
		// keep the last four figures
		j := 0
		for k := 0; k < n; k++ {
			_, size := utf8.DecodeRuneInString(s[j:])
			j += size
		}
		return s[j:]
	}
	if n > 3 {
		return s
	}
	return s[i:]
}

func digitPrefix(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

func titleSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u3000' || r == '\u00a0' || r == '\u200b' || r == '\ufeff'
}

// stripTitleSuffixes drops what follows the report's name: bracketed notes
// （表格部分）, (2022年度), 【定稿】 and bare words (表格部分, 附表) after an
// optional dash. A bracketed year is returned; two different ones are not
// a title (ok false).
func stripTitleSuffixes(s string) (string, int, bool) {
	year := 0
	for range 8 {
		s = strings.TrimRight(s, "-—_·:：")
		if open, inner, ok := lastBracket(s); ok {
			if y, ok := bareYear(inner); ok {
				if year != 0 && year != y {
					return s, 0, false
				}
				year = y
			}
			s = s[:open]
			continue
		}
		cut := false
		for _, w := range titleSuffixWords {
			if rest, ok := strings.CutSuffix(s, w); ok && rest != "" {
				s, cut = rest, true
				break
			}
		}
		if !cut {
			break
		}
	}
	return s, year, true
}

// lastBracket finds a bracketed note closing s: (…), （…）, 【…】, […],
// 〔…〕, of at most 20 runes and not nested.
func lastBracket(s string) (open int, inner string, ok bool) {
	r, size := utf8.DecodeLastRuneInString(s)
	if !strings.ContainsRune(")）】]〕", r) {
		return 0, "", false
	}
	body := s[:len(s)-size]
	i := strings.LastIndexAny(body, "(（【[〔")
	if i < 0 {
		return 0, "", false
	}
	_, osize := utf8.DecodeRuneInString(body[i:])
	inner = body[i+osize:]
	if strings.ContainsAny(inner, ")）】]〕") || utf8.RuneCountInString(inner) > 20 {
		return 0, "", false
	}
	return i, inner, true
}

// bareYear reads a note that is only a year: 2022年度, 2022年, 二〇二二年度.
func bareYear(s string) (int, bool) {
	toks := yearTokens(s)
	if len(toks) != 1 || toks[0].start != 0 {
		return 0, false
	}
	rest := strings.TrimPrefix(s[toks[0].end:], "年")
	if rest != "" && rest != "度" {
		return 0, false
	}
	y := toks[0].year
	return y, y >= MinYear && y <= MaxYear
}

// cleanUnit strips a unit taken from a title of attachment marks and the
// separators around it.
func cleanUnit(u string) string {
	for {
		v := strings.Trim(stripAttachment(u), "-—_·:：、.")
		if v == u {
			return u
		}
		u = v
	}
}

// validUnit reports whether u can be a unit's name: 2–40 characters, at
// least one of them Chinese, no sentence punctuation or words, no year in
// it, not ending in a digit (that would run into the year of the title).
func validUnit(u string) bool {
	n := utf8.RuneCountInString(u)
	if n < 2 || n > maxUnitRunes {
		return false
	}
	if strings.ContainsAny(u, "。，,；;！!？?《》<>“”\"'‘’、…:：\n\r\t") {
		return false
	}
	for _, w := range unitStopWords {
		if strings.Contains(u, w) {
			return false
		}
	}
	if r, _ := utf8.DecodeRuneInString(u); strings.ContainsRune("(（【[〔)）】]〕", r) {
		return false // an enumerator or a note, not a name
	}
	if r, _ := utf8.DecodeLastRuneInString(u); r >= '0' && r <= '9' {
		return false
	}
	han := false
	for _, r := range u {
		if unicode.Is(unicode.Han, r) {
			han = true
		}
		if unicode.IsControl(r) || r == utf8.RuneError {
			return false
		}
	}
	if !han {
		return false
	}
	for _, tk := range yearRuns(u) {
		// Wider than ValidYear on purpose: any number that looks like a
		// year makes the name suspect, even one no report can be for.
		if !tk.digits || tk.year >= 1900 && tk.year < 2200 {
			return false // a year inside the name: 2021年…, 二〇二二
		}
	}
	if strings.Contains(u, "年度") {
		return false // 12022年度: a year not read as one
	}
	for i := 1; i < len(u); i++ {
		if u[i-1] >= '0' && u[i-1] <= '9' && strings.HasPrefix(u[i:], "年") {
			return false
		}
	}
	return true
}
