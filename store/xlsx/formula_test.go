package xlsx

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"nianbao/model"
)

// fakeBook is a workbook for the evaluator alone: cells given as text,
// "=…" a formula without a stored result, "'…" text, TRUE/FALSE a
// boolean, "#…" an error value, "date:44563" a number shown as a date.
type fakeBook struct {
	sheets map[string]*fakeSheet
	order  []string
	ev     *evaluator
}

type fakeSheet struct {
	b        *fakeBook
	rows     [][]string
	kinds    map[pos]cellKind
	formulas map[pos]string
	origin   map[pos]pos
}

func newFakeBook(t testing.TB, spec map[string]map[string]string) *fakeBook {
	b := &fakeBook{sheets: map[string]*fakeSheet{}, ev: newEvaluator()}
	for name, cells := range spec {
		s := &fakeSheet{b: b, kinds: map[pos]cellKind{}, formulas: map[pos]string{}, origin: map[pos]pos{}}
		for ref, v := range cells {
			p := &fparser{s: ref}
			r, c, _, _, ok := p.cellRef()
			if !ok {
				t.Fatalf("bad ref %s", ref)
			}
			for len(s.rows) <= r {
				s.rows = append(s.rows, nil)
			}
			for len(s.rows[r]) <= c {
				s.rows[r] = append(s.rows[r], "")
			}
			switch {
			case strings.HasPrefix(v, "="):
				s.formulas[pos{r, c}] = v[1:]
				s.origin[pos{r, c}] = pos{r, c}
			case strings.HasPrefix(v, "'"):
				s.rows[r][c] = v[1:]
				s.kinds[pos{r, c}] = kindText
			case v == "TRUE" || v == "FALSE":
				s.rows[r][c] = map[string]string{"TRUE": "1", "FALSE": "0"}[v]
				s.kinds[pos{r, c}] = kindBool
			case strings.HasPrefix(v, "#"):
				s.rows[r][c] = v
				s.kinds[pos{r, c}] = kindError
			case strings.HasPrefix(v, "date:"):
				s.rows[r][c] = v[5:]
				s.kinds[pos{r, c}] = kindDateNum
			default:
				s.rows[r][c] = v
			}
		}
		b.sheets[name] = s
		b.order = append(b.order, name)
	}
	return b
}

func (b *fakeBook) sheetCells(name string) (string, cellSource, error) {
	for n, s := range b.sheets {
		if strings.EqualFold(n, name) {
			return n, s, nil
		}
	}
	return "", nil, nil
}
func (b *fakeBook) date1904() bool          { return false }
func (b *fakeBook) evaluator() *evaluator   { return b.ev }
func (s *fakeSheet) isNumber(r, c int) bool { k, _ := s.kind(r, c); return k == kindNumber }
func (s *fakeSheet) kind(r, c int) (cellKind, string) {
	return s.kinds[pos{r, c}], "yyyy/m/d"
}
func (s *fakeSheet) formula(r, c int) string { return s.formulas[pos{r, c}] }
func (s *fakeSheet) formulaAt(r, c int) (string, pos, bool) {
	f, ok := s.formulas[pos{r, c}]
	return f, s.origin[pos{r, c}], ok
}
func (s *fakeSheet) value(r, c int) string {
	if r < len(s.rows) && c < len(s.rows[r]) {
		return s.rows[r][c]
	}
	return ""
}
func (s *fakeSheet) numRows() int          { return len(s.rows) }
func (s *fakeSheet) rowLen(r int) int      { return len(s.rows[r]) }
func (s *fakeSheet) inRead(r, c int) bool  { return true }
func (s *fakeSheet) more() bool            { return false }
func (s *fakeSheet) workbook() formulaBook { return s.b }

// evalIn evaluates the formula f as if in Sheet1!Z100 of book.
func evalIn(t testing.TB, spec map[string]map[string]string, f string) (string, *formulaError) {
	if spec["Sheet1"] == nil {
		spec["Sheet1"] = map[string]string{}
	}
	spec["Sheet1"]["Z100"] = "=" + f
	b := newFakeBook(t, spec)
	v, err := evalFormula(b.sheets["Sheet1"], "Sheet1", pos{99, 25})
	if err != nil {
		return "", err
	}
	return formatNumber(v), nil
}

func TestEvalFormula(t *testing.T) {
	cells := func() map[string]map[string]string {
		return map[string]map[string]string{
			"Sheet1": {"A1": "5", "A2": "=A1+1", "A3": "'abc", "A4": "TRUE", "A5": "#DIV/0!", "A6": "date:44563",
				"B1": "1.5", "B2": "2.25", "C1": "=C2", "C2": "=C1", "D1": "=D1+1", "E1": "'5", "F1": "=SUMPRODUCT(A1:A2)"},
			"数据":       {"A1": "800", "A2": "19", "B1": "=A1+A2"},
			"My Sheet": {"A1": "7"},
		}
	}
	for _, tc := range []struct {
		f, want, err string
	}{
		{f: "1+2", want: "3"},
		{f: "-A1", want: "-5"},
		{f: "+A1", want: "5"},
		{f: "--A1", want: "5"},
		{f: "A1-(A2-1)", want: "0"},
		{f: " A1 + B1 ", want: "6.5"},
		{f: "0.1+0.2", want: "0.3"},
		{f: "1.5E3-1e-1", want: "1499.9"},
		{f: "$A$1+A$1+$A1+a1", want: "20"},
		{f: "SUM(A1:A2)", want: "11"},
		{f: "sum(A1, A2, 10)", want: "21"},
		{f: "SUM(A1:A4,B1:B2)", want: "14.75"},
		{f: "SUM(A3)", want: "0"},
		{f: "SUM(E1)+1", want: "1"},
		{f: "SUM(A4)", want: "0"},
		{f: "SUM(Z1:Z9)", want: "0"},
		{f: "数据!A1+数据!A2", want: "819"},
		{f: "SUM(数据!A1:A2)", want: "819"},
		{f: "数据!B1", want: "819"},
		{f: "'My Sheet'!A1*1", err: "乘号"},
		{f: "'My Sheet'!A1", want: "7"},
		{f: "'my sheet'!a1", want: "7"},
		{f: "SUM(A1,SUM(A2,1))", want: "12"},
		{f: "A3+1", err: "引用的单元格 Sheet1!A3 是文字“abc”，不是数字"},
		{f: "E1+1", err: "是文字“5”"},
		{f: "SUM(-A3)", err: "是文字"},
		{f: "A4+1", err: "是逻辑值"},
		{f: "A5+1", err: "是错误值 #DIV/0!"},
		{f: "SUM(A5)", err: "是错误值"},
		{f: "SUM(A1:B6)+0", err: "是错误值"},
		{f: "A6+1", err: "是日期"},
		{f: "SUM(A6)", err: "是日期"},
		{f: "C1", err: "公式循环引用（Sheet1!C1 → Sheet1!C2 → Sheet1!C1）"},
		{f: "D1", err: "公式循环引用（Sheet1!D1 → Sheet1!D1）"},
		{f: "Z100+1", err: "公式循环引用（Sheet1!Z100 → Sheet1!Z100）"},
		{f: "F1", err: "函数 SUMPRODUCT"},
		{f: "NoSheet!A1", err: "引用的工作表“NoSheet”不存在"},
		{f: "SUM(A1:XFD1048576)", err: "引用的单元格太多"},
		{f: "1E308+1E308", err: "超出了数值范围"},
		// not calculated
		{f: "SUMPRODUCT(A1:A2,B1:B2)", err: "本程序只计算由数字、单元格、SUM 和加减号组成的公式，不能计算其中的函数 SUMPRODUCT"},
		{f: "IF(A1>0,1,2)", err: "函数 IF"},
		{f: "_xlfn.SUMIFS(A1:A2,B1:B2,1)", err: "函数 _XLFN.SUMIFS"},
		{f: "A1*2", err: "乘号"},
		{f: "A1/2", err: "除号"},
		{f: "A1^2", err: "乘方"},
		{f: "A1&B1", err: "连接符"},
		{f: "A1=1", err: "比较"},
		{f: "A1>1", err: "比较"},
		{f: "50%", err: "百分号"},
		{f: `"5"+1`, err: "文字"},
		{f: "{1,2}", err: "数组常量"},
		{f: "[1]Sheet1!A1", err: "其他工作簿"},
		{f: "'[book.xlsx]Sheet1'!A1", err: "其他工作簿"},
		{f: "'C:\\x\\[book.xlsx]Sheet1'!A1", err: "其他工作簿"},
		{f: "Sheet1:Sheet2!A1", err: "多个工作表"},
		{f: "'Sheet1:Sheet2'!A1", err: "多个工作表"},
		{f: "A:A", err: "整行、整列"},
		{f: "SUM(A:A)", err: "整行、整列"},
		{f: "SUM(1:1)", err: "整行、整列"},
		{f: "myName+1", err: "名称“myName”"},
		{f: "TRUE+1", err: "逻辑值 TRUE"},
		{f: "A1 A2", err: "交集"},
		{f: "SUM()", err: "空的参数"},
		{f: "SUM(A1,)", err: "空的参数"},
		{f: "A1:A2", err: "区域只能用在 SUM 中"},
		{f: "(A1:A2)", err: "区域只能用在 SUM 中"},
		{f: "SUM((A1:A2))", err: "区域只能用在 SUM 中"},
		{f: "SUM(A1:A2+1)", err: "区域只能用在 SUM 中"},
		{f: "-A1:A2", err: "区域只能用在 SUM 中"},
		{f: "#REF!+1", err: "#REF!"},
		{f: "A1+", err: "公式不完整"},
		{f: "(A1", err: "公式不完整"},
		{f: "", err: "公式不完整"},
		{f: "A0", err: "名称“A0”"},
		{f: "A1048577", err: "名称"},
		{f: "XFE1", err: "名称"},
		{f: "ABCD1", err: "名称"},
		{f: "A01", err: "名称"},
		{f: "=A1", err: "比较"},
		{f: strings.Repeat("(", 100) + "1" + strings.Repeat(")", 100), err: "嵌套太深"},
		{f: strings.Repeat("-", 100) + "1", err: "嵌套太深"},
		{f: strings.Repeat("1+", 5000) + "1", err: "公式太长"},
	} {
		got, err := evalIn(t, cells(), tc.f)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.msg, tc.err)):
			t.Errorf("%q = %q, %v; want an error saying %q", tc.f, got, err, tc.err)
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("%q = %q, %v; want %s", tc.f, got, err, tc.want)
		}
	}
}

// SUM(A1:B6) above stops at the error in A5, as Excel's SUM gives #DIV/0!;
// without it the text and TRUE are skipped.
func TestEvalSumSkipsTextAndBooleans(t *testing.T) {
	got, err := evalIn(t, map[string]map[string]string{"Sheet1": {"A1": "5", "A2": "'abc", "A3": "TRUE", "A4": "2.5", "B1": "=A1+1"}}, "SUM(A1:B4)")
	if err != nil || got != "13.5" {
		t.Errorf("got %q, %v; want 13.5", got, err)
	}
}

// A chain of references deeper than maxFormulaDepth is refused, not
// followed without end; a long chain within it is calculated.
func TestEvalDepth(t *testing.T) {
	chain := func(n int) map[string]map[string]string {
		s := map[string]string{"A1": "1"}
		for i := 2; i <= n; i++ {
			s[fmt.Sprintf("A%d", i)] = fmt.Sprintf("=A%d+1", i-1)
		}
		return map[string]map[string]string{"Sheet1": s}
	}
	if got, err := evalIn(t, chain(50), "A50"); err != nil || got != "50" {
		t.Errorf("chain of 50: %q, %v", got, err)
	}
	if _, err := evalIn(t, chain(200), "A200"); err == nil || !strings.Contains(err.msg, "超过64层") {
		t.Errorf("chain of 200: %v", err)
	}
}

// A shared formula's follower moves its relative references.
func TestEvalSharedFollower(t *testing.T) {
	b := newFakeBook(t, map[string]map[string]string{"Sheet1": {"A1": "1", "A2": "2", "B1": "10", "B2": "20", "C1": "=A1+$B$1", "C2": "=A1+$B$1"}})
	s := b.sheets["Sheet1"]
	s.origin[pos{1, 2}] = pos{0, 2} // C2 follows C1
	if v, err := evalFormula(s, "Sheet1", pos{1, 2}); err != nil || v != 12 {
		t.Errorf("C2 = %v, %v; want 2+10", v, err)
	}
	if got := shiftFormulaText("A1+$B$1", 1, 0); got != "A2+$B$1" {
		t.Errorf("shifted text %q", got)
	}
}

func TestShiftFormulaText(t *testing.T) {
	for _, tc := range []struct {
		f      string
		dr, dc int
		want   string
	}{
		{"SUM(D5:I5)", 1, 0, "SUM(D6:I6)"},
		{"$A$1+A$1+$A1+A1", 1, 1, "$A$1+B$1+$A2+B2"},
		{"Sheet2!A1+'x y'!B2", 1, 0, "Sheet2!A2+'x y'!B3"},
		{"SUM(A1)", -1, 0, "SUM(#REF!)"},
		{`IF(A1="A1",A1,0)`, 0, 1, `IF(B1="A1",B1,0)`},
		{"LOG10(A1)", 1, 0, "LOG10(A2)"},
		{"1.5E3+A1", 1, 0, "1.5E3+A2"},
	} {
		if got := shiftFormulaText(tc.f, tc.dr, tc.dc); got != tc.want {
			t.Errorf("shift(%q, %d, %d) = %q, want %q", tc.f, tc.dr, tc.dc, got, tc.want)
		}
	}
}

// Formulas without stored results in a hand-made report: what is certain
// is calculated, on any sheet; the rest is an input error asking to open
// and save the file in Excel or WPS. Both read paths agree, and the fast
// path reads these files itself.
func TestImportUncachedFormulas(t *testing.T) {
	const id = "t3.new_received.natural" // 819 in the seed
	base := reportBook(t, nil)
	at := cellPositions(t, base)[id].ref
	data := func(t *testing.T, f string, extra map[string]string) []byte {
		return reportBook(t, func(b *book) {
			for _, sh := range []string{"数据", "数 据"} {
				if _, err := b.F.NewSheet(sh); err != nil {
					t.Fatal(err)
				}
				must(t, b.F.SetCellValue(sh, "A1", 800))
				must(t, b.F.SetCellValue(sh, "A2", 19))
				must(t, b.F.SetCellValue(sh, "A3", "备注"))
			}
			for ref, fm := range extra {
				sh, cell, _ := strings.Cut(ref, "!")
				must(t, b.F.SetCellFormula(sh, cell, fm))
			}
			must(t, b.F.SetCellValue("年报", at, nil))
			must(t, b.F.SetCellFormula("年报", at, f))
		})
	}
	for _, tc := range []struct {
		f     string
		extra map[string]string
		msg   []string // for an input error; none: reads 819
	}{
		{f: "数据!A1+数据!A2"},
		{f: "SUM(数据!A1:A3)"},
		{f: "SUM(数据!A1,数据!A2)"},
		{f: "'数 据'!A1+19"},
		{f: "$D$5-$D$5+数据!B1", extra: map[string]string{"数据!B1": "A1+A2"}},
		{f: "数据!A1+数据!A3", msg: []string{"引用的单元格 数据!A3 是文字“备注”，不是数字", "请用 Excel 或 WPS 打开此文件并保存"}},
		{f: "SUMPRODUCT(数据!A1:A2,数据!A1:A2)", msg: []string{"的公式（=SUMPRODUCT(数据!A1:A2,数据!A1:A2)）没有保存计算结果", "函数 SUMPRODUCT", "请用 Excel 或 WPS 打开此文件并保存（保存时会存下计算结果）后再导入（已保留公式原文）"}},
		{f: "数据!A1*1", msg: []string{"乘号"}},
		{f: "数据!D1", extra: map[string]string{"数据!D1": "年报!" + at}, msg: []string{"的公式循环引用（年报!" + at + " → 数据!D1 → 年报!" + at + "），无法计算。请在 Excel 或 WPS 中改正公式"}},
		{f: "[1]Sheet1!A1", msg: []string{"其他工作簿"}},
	} {
		t.Run(tc.f, func(t *testing.T) {
			d := data(t, tc.f, tc.extra)
			opts := ImportOptions{Name: "a.xlsx"}
			if !sameAsExcelize(t, tc.f, d, opts) {
				t.Errorf("the fast path fell back to excelize")
			}
			rep, info, err := Import(bytes.NewReader(d), int64(len(d)), opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(tc.msg) == 0 {
				if got := rep.Text(id); got != "819" {
					t.Errorf("read %q, want 819; warnings %q", got, info.Warnings)
				}
				if !hasLine(info.Warnings, "1个单元格只有公式、没有保存计算结果（如 年报!"+at+"），已按公式算出数值") {
					t.Errorf("warnings %q", info.Warnings)
				}
				return
			}
			if raw, bad := rep.Invalid(id); !bad || raw != "="+tc.f {
				t.Errorf("Invalid = %q, %v; want the formula kept", raw, bad)
			}
			if !hasLine(info.Warnings, append([]string{"表三·", "单元格 年报!" + at}, tc.msg...)...) {
				t.Errorf("warnings %q lack %q", info.Warnings, tc.msg)
			}
		})
	}
}

// A stored result is used as it is, whatever the formula.
func TestImportCachedFormulaUsed(t *testing.T) {
	const id = "t3.new_received.natural"
	base := reportBook(t, nil)
	at := cellPositions(t, base)[id].ref
	d := setCellXML(t, base, "xl/worksheets/sheet1.xml", at, `<c r="`+at+`"><f>SUMPRODUCT(A1:A2)*2</f><v>819</v></c>`)
	rep, info, err := Import(bytes.NewReader(d), int64(len(d)), ImportOptions{Name: "a.xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Text(id) != "819" || hasLine(info.Warnings, "公式") {
		t.Errorf("read %q, warnings %q", rep.Text(id), info.Warnings)
	}
}

// Shared formulas without results (the master and its followers, as a
// program may write them) are calculated with their references moved.
func TestImportUncachedSharedFormulas(t *testing.T) {
	r := seed(t)
	base := reportBook(t, nil)
	pos := cellPositions(t, base)
	rows := r.Template().Table("t3").Blocks[0].Rows
	first, last := pos["t3."+rows[0].Key+".total"].ref, pos["t3."+rows[2].Key+".total"].ref
	d := base
	for i, row := range rows[:3] {
		ref := pos["t3."+row.Key+".total"].ref
		natural, other := pos["t3."+row.Key+".natural"].ref, pos["t3."+row.Key+".other"].ref
		f := `<f t="shared" si="0"/>`
		if i == 0 {
			f = `<f t="shared" ref="` + first + ":" + last + `" si="0">SUM(` + natural + ":" + other + `)</f>`
		}
		d = setCellXML(t, d, "xl/worksheets/sheet1.xml", ref, `<c r="`+ref+`">`+f+`</c>`)
	}
	opts := ImportOptions{Name: "a.xlsx"}
	if !sameAsExcelize(t, "shared", d, opts) {
		t.Errorf("the fast path fell back to excelize")
	}
	rep, info, err := Import(bytes.NewReader(d), int64(len(d)), opts)
	if err != nil {
		t.Fatal(err)
	}
	res := r.Evaluate(nil)
	for _, row := range rows[:3] {
		id := model.CellID("t3." + row.Key + ".total")
		if !rep.Stated(id) || rep.Text(id) != res.Display(id) {
			t.Errorf("%s = %q (stated %v), want %s", id, rep.Text(id), rep.Stated(id), res.Display(id))
		}
	}
	if !hasLine(info.Warnings, "3个单元格只有公式") {
		t.Errorf("warnings %q", info.Warnings)
	}
}

// FuzzFormula: the parser and evaluator never panic and stay bounded on
// any formula, over a small workbook whose cells refer to each other.
//
//	go test -run '^$' -fuzz FuzzFormula -fuzztime 30s ./store/xlsx/
func FuzzFormula(f *testing.F) {
	for _, s := range []string{"SUM(A1:B3)+C1", "-(A1-'S 2'!A1)", "SUM(A:A)", "A1*2", "((((1))))", "SUMPRODUCT(A1)",
		"S2!B1+1", "$A$1+A$1", "SUM(A1,2,3.5E2)", "'a''b'!A1", "[1]S!A1", "C1", "SUM(A1:XFD1048576)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, formula string) {
		spec := map[string]map[string]string{
			"Sheet1": {"A1": "1", "A2": "'x", "B1": "=A1+B2", "B2": "=SUM(A1:A3)", "C1": "=C2", "C2": "=C1+A1", "B3": "=" + formula},
			"S 2":    {"A1": "2", "B1": "=Sheet1!B3"},
			"a'b":    {"A1": "3"},
		}
		got, err := evalIn(t, spec, formula)
		if err == nil {
			if got == "" {
				t.Fatal("no value and no error")
			}
		} else if err.msg == "" {
			t.Fatal("an error without a message")
		}
		_ = shiftFormulaText(formula, 3, -2)
	})
}
