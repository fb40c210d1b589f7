package model

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The narrative rules compare what the texts say with the tables. Clerks
// retype table figures into 总体情况 (“全年接收依申请公开申请835件…予以公开和
// 部分公开543件”) and published reports often disagree with their own
// tables; format.md N-R1 and N-R2.
var (
	RuleNarrative = &Rule{ID: "N-R1", Short: "正文数字不符", SeverityName: "warning", Kind: "builtin",
		Name: "正文所述数字应与表格一致"}
	RuleFee = &Rule{ID: "N-R2", Short: "未说明收费", SeverityName: "info", Kind: "builtin",
		Name: "六、其他需要报告的事项应说明信息处理费收取情况"}
)

// A phrase is one way texts state a figure: a pattern that must end right
// before the number (filler words such as 共、共计、件数 may come between),
// and the figures it may mean, the first being the usual one. Scope
// differences (format.md §6) make some phrases mean one of several figures:
// 收到申请 N 件 is 本年新收, or 新收+上年结转, or （七）总计. "{s}" stands for
// the document the sentence is about (规章 or 行政规范性文件).
type phrase struct {
	name   string // how the text puts it, for messages: 收到申请
	re     *regexp.Regexp
	accept []string
}

// filler may stand between a phrase and its number.
const filler = `(?:共计|共|合计|总计|累计|计|达到|达|为|是|了|的|有|分别为|案件|案|申请|数量|件数|总数|各类|政府信息公开|信息公开|依申请公开|办理|其中)*$`

const doc = `(?:行政)?(?:规范性文件|规章)`

func ph(name, pattern string, accept ...string) phrase {
	return phrase{name, regexp.MustCompile(`(?:` + pattern + `)` + filler), accept}
}

// phrases in priority order: the specific before the general (予以公开和部分
// 公开 before 部分公开; 上年结转 and 结转下年度 before 收到…申请).
var phrases = []phrase{
	ph("上年结转", `上(?:一)?年(?:度)?结转(?:下来)?`, "carried_over"),
	ph("结转下年度", `结转(?:至|到)?下(?:一)?年(?:度)?(?:继续办理)?`, "carry_forward"),
	ph("予以公开和部分公开", `(?:予以公开|同意公开|公开)(?:和|及|与|、|以及)(?:予以)?部分公开`, "granted_partial"),
	ph("不予公开", `不予公开`, "denied"),
	ph("部分公开", `部分公开`, "partial"),
	ph("予以公开", `予以公开|同意公开|全部公开`, "granted"),
	ph("无法提供", `无法提供`, "unable"),
	ph("不予处理", `不予处理`, "notproc"),
	ph("逾期未缴费", `未(?:按收费通知(?:要求)?)?缴(?:纳)?(?:信息处理费|费用|费)(?:而|，)?(?:行政机关)?(?:不再处理)?(?:其)?`, "no_fee"),
	ph("其他处理", `其他处理`, "other_handled"),
	ph("办结", `办结|办理完结|答复`, "processed", "received_all"),
	ph("新收申请", `新收(?:到)?(?:了)?(?:各类|的)?(?:政府信息公开|依申请公开|信息公开|公开)?申请`, "received"),
	ph("收到申请", `(?:新增|收到|接收|受理|接到|办理)(?:了)?(?:各类|的)?(?:(?:政府信息公开|依申请公开|信息公开|公开)?申请|依申请公开)`,
		"received", "received_all", "processed"),
	ph("行政复议和行政诉讼", `行政复议(?:和|及|与|、)(?:行政)?诉讼`, "review_litigation"),
	ph("行政复议纠错", `行政复议(?:被)?纠(?:错|正)|复议纠错`, "review_correct"),
	ph("复议后起诉", `复议后(?:提起)?(?:行政)?(?:起诉|诉讼)`, "lit_after_review"),
	ph("直接起诉", `直接(?:提起)?(?:行政)?(?:起诉|诉讼)`, "lit_direct"),
	ph("行政复议", `行政复议`, "review"),
	ph("行政诉讼", `行政诉讼|行政应诉`, "litigation"),
	ph("制发", `(?:制发|印发|出台|制定|新发|新制定|新制作)(?:了)?(?:各类)?`+doc+`|`+doc+`(?:本年|本年度|全年)?(?:新)?(?:制发|印发|发|出台|制定|制作)`, "{s}_issued"),
	ph("公开", `(?:公开|发布)(?:了)?(?:各类)?`+doc, "{s}_issued", "{s}_published", "{s}_valid"),
	ph("废止", `废止(?:了)?(?:各类)?(?:`+doc+`)?|`+doc+`(?:本年|本年度|全年)?废止`, "{s}_repealed"),
	ph("现行有效", `现行有效(?:的)?(?:`+doc+`)?|`+doc+`现行有效`, "{s}_valid"),
	ph("收到申请", `(?:政府信息公开|依申请公开)申请(?:数量|总数|总量)?`, "received", "received_all", "processed"),
}

// figureRe finds a stated count: digits (with thousands commas, full-width
// too) or Chinese numerals, an optional 余/多 (approximate), and a unit.
var figureRe = regexp.MustCompile(`([0-9０-９]+(?:[,，][0-9０-９]{3})*|[零〇○一二两三四五六七八九十百千万]+)(余|多)?(件次|件|份|条|个|起|宗|次|项)`)

var (
	yearRe = regexp.MustCompile(`((?:19|20)[0-9]{2})年`)
	// In a clause with these the number is a comparison, an earlier
	// year's or an applicant type's, not the table's figure.
	otherMeaning = []string{"上年", "去年", "上一年", "前年", "同比", "环比", "较", "比上", "增长", "增加",
		"减少", "下降", "上升", "占", "季度", "上半年", "下半年", "月份", "当月", "每月", "月均", "日均", "平均", "自然人", "法人", "企业", "科研机构", "公益组织", "法律服务机构", "其他组织"}
	approx = []string{"约", "近", "逾", "超", "超过", "不足", "将近", "大约", "不到", "不少于", "第", "前"}
)

// A claim is a figure a text states.
type claim struct {
	sentence string // for the quote
	off      int    // where the sentence starts in the text (bytes)
	at, end  int    // the number within sentence (bytes)
	n        int64
	num      string // the number as written, with its unit: 三十五件
	ph       *phrase
	subject  string // rules or normative, for {s}
}

// claims finds the figures a text states. It depends only on the text and
// the report year and is cached: Evaluate runs on every keystroke, texts
// change far less often.
func claims(text string, year int) []claim {
	k := claimKey{text, year}
	claimCache.Lock()
	cs, ok := claimCache.m[k]
	claimCache.Unlock()
	if ok {
		return cs
	}
	cs = findClaims(text, year)
	claimCache.Lock()
	if len(claimCache.m) >= 256 {
		clear(claimCache.m)
	}
	claimCache.m[k] = cs
	claimCache.Unlock()
	return cs
}

type claimKey struct {
	text string
	year int
}

var claimCache = struct {
	sync.Mutex
	m map[claimKey][]claim
}{m: map[claimKey][]claim{}}

func findClaims(text string, year int) []claim {
	var out []claim
	for _, sp := range sentences(text) {
		s := sp.text
		prevEnd := 0
		for _, m := range figureRe.FindAllStringSubmatchIndex(s, -1) {
			start, end := m[0], m[1]
			ctx := s[max(prevEnd, clauseStart(s, start)):start]
			prevEnd = end
			if m[4] >= 0 || hasSuffixAny(ctx, approx) {
				continue
			}
			n, ok := parseFigure(s[m[2]:m[3]])
			if !ok || !sameMeaning(ctx, year) {
				continue
			}
			for i := range phrases {
				p := &phrases[i]
				if !p.re.MatchString(ctx) {
					continue
				}
				c := claim{sentence: s, off: sp.off, at: start, end: end, n: n, num: s[start:end], ph: p}
				if strings.Contains(p.accept[0], "{s}") {
					if c.subject = subjectOf(s[:start]); c.subject == "" {
						break
					}
				}
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// sentences splits a text at 。！？；and line breaks.
func sentences(text string) []sentence {
	var out []sentence
	start := 0
	flush := func(end int) {
		s := text[start:end]
		t := strings.TrimLeftFunc(s, unicode.IsSpace)
		off := start + len(s) - len(t)
		if t = strings.TrimRightFunc(t, unicode.IsSpace); t != "" {
			out = append(out, sentence{t, off})
		}
	}
	for i, r := range text {
		if strings.ContainsRune("。！？；;!?\n\r", r) {
			flush(i)
			start = i + utf8.RuneLen(r)
		}
	}
	flush(len(text))
	return out
}

// sentence is one sentence of a text and where it starts (bytes).
type sentence struct {
	text string
	off  int
}

// clauseStart is where the clause holding byte i starts: after the last
// comma, colon or bracket before it. 、 does not end a clause (予以公开、部分
// 公开543件); a previous number does (复议187件、诉讼39件), see findClaims.
func clauseStart(s string, i int) int {
	j := strings.LastIndexAny(s[:i], "，,：:（(）)")
	if j < 0 {
		return 0
	}
	_, w := utf8.DecodeRuneInString(s[j:])
	return j + w
}

func hasSuffixAny(s string, list []string) bool {
	for _, x := range list {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// sameMeaning reports whether a clause's number can be this year's table
// figure: no other year, no comparison, no applicant type.
func sameMeaning(ctx string, year int) bool {
	for _, m := range yearRe.FindAllStringSubmatch(ctx, -1) {
		if y, _ := strconv.Atoi(m[1]); year != 0 && y != year {
			return false
		}
	}
	c := ctx
	for _, s := range []string{"上一年度结转", "上年度结转", "上年结转"} {
		c = strings.ReplaceAll(c, s, "")
	}
	for _, w := range otherMeaning {
		if strings.Contains(c, w) {
			return false
		}
	}
	return true
}

// subjectOf is the document a sentence is about up to a number: the last
// of 规章 and 规范性文件 mentioned.
func subjectOf(s string) string {
	r, n := strings.LastIndex(s, "规章"), strings.LastIndex(s, "规范性文件")
	switch {
	case r < 0 && n < 0:
		return ""
	case r > n:
		return "rules"
	}
	return "normative"
}

// narrativeFindings checks every narrative section against the tables
// (N-R1) and that 六 says whether 信息处理费 were charged (N-R2).
func (res *Result) narrativeFindings(r *Report) {
	var walk func(ns []*Narrative, parent *Narrative)
	walk = func(ns []*Narrative, parent *Narrative) {
		for _, n := range ns {
			if text := r.Narrative[n.Key]; text != "" {
				res.checkClaims(n, parent, claims(text, r.Meta.Year))
			}
			walk(n.Parts, n)
		}
	}
	walk(res.tpl.Narrative, nil)
	res.feeFinding(r)
}

// narrativeWhere names a section for findings: 正文·一、总体情况·（二）依申请公开.
func narrativeWhere(n, parent *Narrative) string {
	if parent != nil {
		return "正文·" + parent.Title + "·" + n.Title
	}
	return "正文·" + n.Title
}

func (res *Result) checkClaims(n, parent *Narrative, cs []claim) {
	var seen map[string]int
	for _, c := range cs {
		if res.claimHolds(c) {
			continue
		}
		var figs []Figure
		for _, id := range c.ph.accept {
			if f, ok := res.figure(strings.ReplaceAll(id, "{s}", c.subject)); ok {
				figs = append(figs, f)
			}
		}
		fkey := RuleNarrative.ID + "." + n.Key + "." + figs[0].ID
		if seen == nil {
			seen = map[string]int{}
		}
		seen[fkey]++
		if k := seen[fkey]; k > 1 {
			fkey += "." + strconv.Itoa(k)
		}
		var msg strings.Builder
		msg.WriteString("“" + excerpt(c.sentence, c.at, c.end) + "”：" + c.ph.name + c.num + "，表中为" +
			figs[0].Text() + "（" + figs[0].Label + "）")
		var cells []CellID
		for i, f := range figs {
			if i == 1 {
				msg.WriteString("；按其他口径也不符：")
			} else if i > 1 {
				msg.WriteString("，")
			}
			if i > 0 {
				msg.WriteString(f.Label + "为" + f.Text())
			}
			for _, id := range f.Cells {
				if !contains(cells, id) {
					cells = append(cells, id)
				}
			}
		}
		res.Findings = append(res.Findings, Finding{Severity: RuleNarrative.Severity(), Rule: RuleNarrative.ID,
			Key: fkey, Where: narrativeWhere(n, parent), Message: msg.String(), Cells: cells,
			Narrative: n.Key, At: c.off, End: c.off + len(c.sentence)})
	}
}

// claimHolds reports whether a claim equals one of the figures it may mean,
// or means none the template has (the 2019 表二 has no 本年废止件数). It
// runs on every keystroke, so it allocates nothing.
func (res *Result) claimHolds(c claim) bool {
	known := false
	for _, id := range c.ph.accept {
		if c.subject != "" {
			id = c.subject + strings.TrimPrefix(id, "{s}")
		}
		d := res.tpl.figureByID[id]
		if d == nil {
			continue
		}
		known = true
		var v int64
		for _, cid := range d.cells {
			v += res.Value(cid)
		}
		if v == c.n {
			return true
		}
	}
	return !known
}

// excerpt is the sentence, or for a long one the part around the number,
// with … where it was cut.
func excerpt(s string, at, end int) string {
	const before, after, whole = 24, 10, 48
	if utf8.RuneCountInString(s) <= whole {
		return s
	}
	i := at
	for k := 0; k < before && i > 0; k++ {
		_, w := utf8.DecodeLastRuneInString(s[:i])
		i -= w
	}
	j := end
	for k := 0; k < after && j < len(s); k++ {
		_, w := utf8.DecodeRuneInString(s[j:])
		j += w
	}
	q := s[i:j]
	if i > 0 {
		q = "…" + q
	}
	if j < len(s) {
		q += "…"
	}
	return q
}

// feeFinding: from 2021 (国办函〔2020〕109号) 六 states whether 信息处理费
// were charged; an application dropped for an unpaid fee means a fee notice
// was issued. Where the statement belongs is template data (Narrative.Fee);
// the figure of applications dropped for an unpaid fee is "no_fee".
func (res *Result) feeFinding(r *Report) {
	if r.Meta.Year < 2021 || !hasNarrative(r) {
		return // a tables-only report (an imported workbook) has no 六 to check
	}
	six, box := res.tpl.feeSection()
	if six == nil {
		return
	}
	if strings.Contains(r.Narrative[six.Key], "处理费") {
		return
	}
	for _, p := range six.Parts {
		if strings.Contains(r.Narrative[p.Key], "处理费") {
			return
		}
	}
	msg := "未说明信息处理费收取情况（如“本年度未收取政府信息公开信息处理费。”）"
	var cells []CellID
	if f, ok := res.figure("no_fee"); ok && f.Value > 0 {
		msg += "；表三（六）2. 逾期未缴费不再处理的申请有" + f.Text() + "件，说明曾发出收费通知"
		cells = f.Cells
	}
	res.Findings = append(res.Findings, Finding{Severity: RuleFee.Severity(), Rule: RuleFee.ID,
		Key: RuleFee.ID + ".fee", Where: "正文·" + six.Title, Message: msg, Cells: cells, Narrative: box.Key})
}

// feeSection is the section that states 信息处理费 (六) and the section or
// part where the statement belongs (Narrative.Fee); nils if none.
func (t *Template) feeSection() (section, box *Narrative) {
	for _, n := range t.Narrative {
		if n.Fee {
			return n, n
		}
		for _, p := range n.Parts {
			if p.Fee {
				return n, p
			}
		}
	}
	return nil, nil
}

// compileNarrative checks where the sections go (Place, Tab, Fee) and
// indexes them by key.
func (t *Template) compileNarrative() error {
	t.narrByKey = map[string]*Narrative{}
	order := map[string]int{PlacePreface: 0, PlaceBeforeTables: 1, PlaceAfterTables: 2}
	last, fees := 0, 0
	for _, n := range t.Narrative {
		o, ok := order[n.Place]
		if !ok {
			return fmt.Errorf("narrative %s: place %q: want %s, %s or %s", n.Key, n.Place,
				PlacePreface, PlaceBeforeTables, PlaceAfterTables)
		}
		if o < last {
			return fmt.Errorf("narrative %s: place %s comes after a later place", n.Key, n.Place)
		}
		last = o
		switch {
		case n.Place == PlacePreface && n.Tab != "":
			return fmt.Errorf("narrative %s: a preface is edited beside 基本信息, it has no tab", n.Key)
		case n.Place != PlacePreface && n.Tab == "":
			return fmt.Errorf("narrative %s: no tab", n.Key)
		}
		t.narrByKey[n.Key] = n
		if n.Fee {
			fees++
		}
		for _, p := range n.Parts {
			if p.Place != "" || p.Tab != "" || len(p.Parts) > 0 {
				return fmt.Errorf("narrative %s: a part has no place, tab or parts of its own", p.Key)
			}
			t.narrByKey[p.Key] = p
			if p.Fee {
				fees++
			}
		}
	}
	if fees > 1 {
		return fmt.Errorf("narrative: %d places for the fee statement, want at most one", fees)
	}
	return nil
}

func hasNarrative(r *Report) bool {
	for _, text := range r.Narrative {
		if strings.TrimSpace(text) != "" {
			return true
		}
	}
	return false
}
