package xlsx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"nianbao/model"
	"nianbao/store/xlsx/xlsxtest"
)

// asNumber writes a count as a number cell, as a clerk typing it would.
func asNumber(text string) any { return xlsxtest.AsNumber(text) }

// wrap breaks long labels in the middle, like text wrapped inside a cell
// and then saved with a line break.
func wrap(s string) string {
	r := []rune(s)
	if len(r) < 12 {
		return s
	}
	return string(r[:len(r)/2]) + "\n" + string(r[len(r)/2:])
}

// handmadeCases are workbooks made by hand, and what they must read as.
func handmadeCases(t testing.TB) []struct {
	name    string
	data    []byte
	partial bool
	want    *model.Report // typed cells, stated totals, meta and narrative expected
} {
	type tc = struct {
		name    string
		data    []byte
		partial bool
		want    *model.Report
	}
	var out []tc

	// 1. Everything on one sheet, starting at C5, nothing merged; variant
	// and wrapped labels, half-width brackets, zeros as -, — and /, units in
	// cells, the fee in 元, and a 表四 总计 left at 0 while its parts sum to 11.
	{
		r := seed(t)
		b := newBook(t, "年报")
		b.set("年报", 1, 1, "某某局2022年度政府信息公开工作年度报告")
		b.set("年报", 2, 1, "填报单位：某某局　　填报日期：2023年1月20日")
		variants := map[string]string{
			"本年制发件数": "本年新发件数", "行政规范性文件": "规范性文件",
			"本年收费金额（单位：万元）": "本年收费金额（单位：元）", "2.其他法律行政法规禁止公开": "2.其他法律行政止公开",
			"三、本年度办理结果": "三 、本 年 度办 理 结果", "商业企业": "商业\n企业", "社会公益组织": "社会\n公益\n组织",
		}
		l := layout{
			Label: func(s string) string {
				if v, ok := variants[s]; ok {
					return v
				}
				s = strings.NewReplacer("（", "(", "）", ")").Replace(s)
				return wrap(s)
			},
			Value: func(id model.CellID, text string) any {
				switch {
				case id == "t2.rules.issued":
					return "-"
				case id == "t2.rules.repealed":
					return "—"
				case id == "t2.fee.amount":
					return 321460000
				case id == "t3.new_received.natural":
					return text + "件"
				case id == "t3.denied_process_info.natural":
					return "/"
				case strings.HasPrefix(id, "t3.denied_") && text == "0":
					return "-"
				case id == "t4.lit_after_review_total":
					return 0
				}
				return asNumber(text)
			},
		}
		y := b.table2("年报", 4, 2, r, l)
		y = b.table3("年报", y+2, 2, r, l)
		y = b.table4("年报", y+2, 2, r, l)
		b.set("年报", y+1, 2, "五、存在的问题及改进措施")
		b.set("年报", y+2, 2, "（一）存在问题")
		b.set("年报", y+3, 2, "一是公开队伍思想认识不足。")
		b.set("年报", y+5, 2, "六、其他需要报告的事项")
		b.set("年报", y+6, 2, "本年度未收取政府信息公开信息处理费。")

		want := seed(t)
		must(t, want.SetStated("t4.lit_after_review_total", "0"))
		want.Meta = model.Meta{Unit: "某某局", Year: 2022, Scope: model.ScopeAgency, Date: "2023-01-20"}
		want.Narrative = map[string]string{
			"problems": "（一）存在问题\n一是公开队伍思想认识不足。",
			"other":    "本年度未收取政府信息公开信息处理费。",
		}
		out = append(out, tc{"one sheet shifted", b.bytes(), false, want})
	}

	// 2. Three sheets laid out like the official tables, merged; 表三's
	// heads split over two rows; the 总计 of every result row left blank
	// (as some published reports do); year and unit in a header line.
	{
		r := seed(t)
		b := newBook(t, "表二", "表三", "表四")
		l := layout{Merge: true, SplitHeads: true, Value: func(id model.CellID, text string) any {
			c, _ := r.Template().Cell(id)
			if c.Derived && c.Col.Key == "total" && len(c.Row.Groups) > 0 {
				return ""
			}
			return asNumber(text)
		}}
		for _, sh := range []string{"表二", "表三", "表四"} {
			b.set(sh, 0, 0, "衢州市人民政府办公室2022年度政府信息公开工作年度报告")
		}
		b.table2("表二", 2, 0, r, l)
		b.table3("表三", 2, 0, r, l)
		b.table4("表四", 2, 0, r, l)
		want := seed(t)
		for _, c := range want.Template().Cells() {
			if c.Derived && c.Col.Key == "total" && len(c.Row.Groups) > 0 {
				must(t, want.SetStated(c.ID, ""))
			}
		}
		want.Meta = model.Meta{Unit: "衢州市人民政府办公室", Year: 2022, Scope: model.ScopeAgency} // from the title
		want.Narrative = map[string]string{}
		out = append(out, tc{"three sheets merged", b.bytes(), false, want})
	}

	// 3. The 2019 试行 format, on one sheet: 本年增/减 negative, 采购总金额
	// in 元 with its unit, （六）其他处理 one row.
	{
		r := sample2019(t)
		b := newBook(t, "Sheet1")
		b.set("Sheet1", 0, 0, "填报单位：测试县人民政府办公室　　报告年度：2020年度")
		l := layout{Value: func(id model.CellID, text string) any {
			if id == "t2.procurement.amount" {
				return text + "元"
			}
			return asNumber(text)
		}}
		y := b.table2("Sheet1", 2, 0, r, l)
		y = b.table3("Sheet1", y+1, 0, r, l)
		b.table4("Sheet1", y+1, 0, r, l)
		want := r.Clone()
		want.Meta = model.Meta{Unit: "测试县人民政府办公室", Year: 2020, Scope: model.ScopeAgency}
		want.Narrative = map[string]string{}
		setAllTotalsStated(t, want)
		out = append(out, tc{"2019", b.bytes(), false, want})
	}

	// 4. The hybrid: 2021 表二, 2019-style single （六）其他处理 row.
	{
		r := filled(t, "hybrid", 2023)
		b := newBook(t, "二", "三", "四")
		l := layout{Merge: true, Value: func(_ model.CellID, text string) any { return asNumber(text) }}
		b.set("二", 0, 0, "单位名称")
		b.set("二", 0, 1, "洪泽区人民政府办公室")
		b.set("二", 1, 0, "报告年度")
		b.set("二", 1, 1, 2023)
		b.table2("二", 3, 1, r, l)
		b.table3("三", 0, 0, r, l)
		b.table4("四", 5, 3, r, l)
		want := r.Clone()
		want.Meta = model.Meta{Unit: "洪泽区人民政府办公室", Year: 2023, Scope: model.ScopeAgency}
		want.Narrative = map[string]string{}
		setAllTotalsStated(t, want)
		out = append(out, tc{"hybrid", b.bytes(), false, want})
	}

	// 5. 表三 and 表四 only, 2019-style （六）, report year 2020: 2019 and
	// hybrid tables look alike, the year decides; 表二 is reported missing.
	{
		r := filled(t, "2019", 2020)
		b := newBook(t, "Sheet1")
		b.set("Sheet1", 0, 0, "测试县2020年度政府信息公开工作年度报告")
		l := layout{NoTotal: true, Value: func(_ model.CellID, text string) any { return asNumber(text) }}
		y := b.table3("Sheet1", 2, 0, r, l)
		b.table4("Sheet1", y+1, 0, r, l)
		want := r.Clone()
		for _, c := range want.Template().Cells() {
			if c.Table.ID == "t2" {
				must(t, want.Set(c.ID, ""))
			}
		}
		want.Meta = model.Meta{Unit: "测试县", Year: 2020, Scope: model.ScopeAgency}
		want.Narrative = map[string]string{}
		setAllTotalsStated(t, want)
		for _, c := range want.Template().Cells() { // no 总计 column printed
			if c.Derived && c.Col.Key == "total" {
				must(t, want.SetStated(c.ID, ""))
			}
		}
		out = append(out, tc{"no table 2 year decides", b.bytes(), true, want})
	}
	return out
}

// setAllTotalsStated states every total as computed: what a hand-made file
// that prints its totals states.
func setAllTotalsStated(t testing.TB, r *model.Report) {
	res := r.Evaluate(nil)
	for _, c := range r.Template().Cells() {
		if c.Derived {
			must(t, r.SetStated(c.ID, res.Display(c.ID)))
		}
	}
}

func TestImportHandmade(t *testing.T) {
	for _, tc := range handmadeCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			rep, info, err := Import(bytes.NewReader(tc.data), int64(len(tc.data)),
				ImportOptions{Name: tc.name + ".xlsx", AllowPartial: tc.partial})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Template() != tc.want.Template() {
				t.Fatalf("template %s, want %s (%s)", rep.Template().ID, tc.want.Template().ID, info.Detected)
			}
			if !rep.Equal(tc.want) {
				t.Errorf("imported report differs:\n%s", diffReports(tc.want, rep))
			}
			golden(t, "import-"+strings.ReplaceAll(tc.name, " ", "-")+".golden", describeImport(rep, info))
		})
	}
}

func TestImportStatedTotalWarning(t *testing.T) {
	tc := handmadeCases(t)[0]
	rep, info, err := Import(bytes.NewReader(tc.data), int64(len(tc.data)), ImportOptions{Name: "a.xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	want := "表四·复议后起诉总计：文件中的合计为0，但各项之和为11"
	if !slices.Contains(info.Warnings, want) {
		t.Errorf("warnings %q lack %q", info.Warnings, want)
	}
	found := false
	for _, f := range rep.Evaluate(nil).Findings {
		found = found || (f.Rule == "T4-R1" && f.Severity == model.Error)
	}
	if !found {
		t.Error("no T4-R1 error for the stated 0")
	}
}

// describeImport is the golden form of an import: what was detected, the
// warnings, the findings, and the report's interchange JSON.
func describeImport(rep *model.Report, info *ImportInfo) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "template: %s\ndetected: %s\nown: %v\n", info.Template.ID, info.Detected, info.Own)
	for _, tb := range info.Tables {
		fmt.Fprintf(&b, "table %s: %s!%s\n", tb.Short, tb.Sheet, tb.Range)
	}
	for _, m := range info.Missing {
		fmt.Fprintf(&b, "missing: %s\n", m)
	}
	for _, w := range info.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	for _, f := range rep.Evaluate(nil).Findings {
		fmt.Fprintf(&b, "finding: %s\n", f)
	}
	data, _ := json.MarshalIndent(rep, "", " ")
	b.Write(data)
	b.WriteString("\n")
	return []byte(b.String())
}

func TestImportErrors(t *testing.T) {
	valid := exportBytes(t, seed(t), testOpts)

	notReport := newBook(t, "销售")
	notReport.set("销售", 0, 0, "月份")
	notReport.set("销售", 0, 1, "销售额")
	notReport.set("销售", 1, 0, "一月")
	notReport.set("销售", 1, 1, 100)

	noT4 := newBook(t, "表")
	r := seed(t)
	y := noT4.table2("表", 0, 0, r, layout{})
	noT4.table3("表", y+1, 0, r, layout{})

	var encrypted bytes.Buffer
	enc := newBook(t, "Sheet1")
	enc.set("Sheet1", 0, 0, "x")
	if err := enc.F.Write(&encrypted, excelizeOptionsPassword("secret")); err != nil {
		t.Fatal(err)
	}

	oldXLS := append(append([]byte{}, oleMagic...), make([]byte, 1024)...)

	for _, tc := range []struct {
		name string
		data []byte
		kind model.ErrorCode
		msg  string // part of the Chinese message
	}{
		{"empty", nil, model.CodeCorrupt, "是空的"},
		{"csv", []byte("月份,销售额\n一月,100\n"), model.CodeCorrupt, "不是Excel工作簿"},
		{"truncated", valid[:len(valid)/2], model.CodeCorrupt, "已损坏或不完整"},
		{"garbled middle", garble(valid), model.CodeCorrupt, "已损坏"},
		{"old xls", oldXLS, model.CodeUnsupported, "Excel 97-2003"},
		{"encrypted", encrypted.Bytes(), model.CodeEncrypted, "密码"},
		{"not a report", notReport.bytes(), model.CodeNotReport, "不是政府信息公开工作年度报告"},
		{"no table 4", noT4.bytes(), model.CodeIncomplete, "表四（四、政府信息公开行政复议、行政诉讼情况）"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, info, err := Import(bytes.NewReader(tc.data), int64(len(tc.data)), ImportOptions{Name: "某局年报.xlsx"})
			if err == nil {
				t.Fatal("no error")
			}
			if rep != nil || info != nil {
				t.Error("a report came back with the error")
			}
			var e *model.Failure
			if !errors.As(err, &e) {
				t.Fatalf("%T %v, want *model.Failure", err, err)
			}
			if e.Code != tc.kind {
				t.Errorf("kind: %v, want %v", e.Code, tc.kind)
			}
			if !strings.Contains(e.Msg, "“某局年报.xlsx”") || !strings.Contains(e.Msg, tc.msg) {
				t.Errorf("message %q should name the file and say %q", e.Msg, tc.msg)
			}
			t.Log(model.ErrorMessage(err))
		})
	}

	// The same workbook lacking 表四 is read when partial imports are allowed,
	// and says what is missing.
	data := noT4.bytes()
	rep, info, err := Import(bytes.NewReader(data), int64(len(data)), ImportOptions{AllowPartial: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Missing) != 1 || !strings.HasPrefix(info.Missing[0], "表四") {
		t.Errorf("missing = %q", info.Missing)
	}
	if rep.Text("t3.new_received.total") != "835" {
		t.Errorf("表三 not read")
	}

	if _, _, err := ImportFile("testdata/no-such-file.xlsx", ImportOptions{}); err == nil || !strings.Contains(model.ErrorMessage(err), "不存在") {
		t.Errorf("missing file: %v", err)
	}
}

// garble overwrites the middle of a file, as a bad copy would.
func garble(data []byte) []byte {
	out := bytes.Clone(data)
	for i := len(out) / 3; i < len(out)/3+200 && i < len(out); i++ {
		out[i] = 0x5a
	}
	return out
}

// Totals a program wrote as formulas without results (excelize's
// SetCellFormula, some web exports) are computed on import, and said so.
func TestImportFormulasWithoutResults(t *testing.T) {
	r := seed(t)
	b := newBook(t, "Sheet1")
	y := b.table2("Sheet1", 0, 0, r, layout{})
	y3 := y + 1
	b.table3("Sheet1", y3, 0, r, layout{Value: func(id model.CellID, text string) any {
		if strings.HasSuffix(id, ".total") {
			return nil
		}
		return asNumber(text)
	}})
	// Rows of 表三 start three header rows down; values in D..I, total in J.
	for j := range r.Template().Table("t3").Blocks[0].Rows {
		row := y3 + 3 + j
		must(t, b.F.SetCellFormula("Sheet1", cellName(row, 9), "SUM("+cellName(row, 3)+":"+cellName(row, 8)+")"))
	}
	b.table4("Sheet1", y3+30, 0, r, layout{Value: func(_ model.CellID, text string) any { return asNumber(text) }})
	data := b.bytes()
	rep, info, err := Import(bytes.NewReader(data), int64(len(data)), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.Text("t3.new_received.total"); got != "835" {
		t.Errorf("total = %q, want 835 computed from its formula", got)
	}
	if len(info.Warnings) == 0 || !strings.HasPrefix(info.Warnings[0], "25个单元格只有公式") {
		t.Errorf("warnings = %q, want one about 25 formulas", info.Warnings)
	}
}

// 表四 printed with its fifteen heads on one row and no group heads above
// (行政复议 / 未经复议直接起诉 / 复议后起诉 lost in copying): the heads are
// taken in order.
func TestImportTable4WithoutGroups(t *testing.T) {
	r := seed(t)
	b := newBook(t, "Sheet1")
	num := layout{Value: func(_ model.CellID, text string) any { return asNumber(text) }}
	y := b.table2("Sheet1", 0, 0, r, num)
	y = b.table3("Sheet1", y+1, 0, r, num)
	y += 2
	for i, col := range r.Template().Table("t4").Blocks[0].Columns {
		b.set("Sheet1", y, 1+i, col.Label)
		c, _ := r.Template().Cell("t4." + col.Key)
		text := r.Text(c.ID)
		if c.Derived {
			text = r.Evaluate(nil).Display(c.ID)
		}
		b.set("Sheet1", y+1, 1+i, asNumber(text))
	}
	data := b.bytes()
	rep, _, err := Import(bytes.NewReader(data), int64(len(data)), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []model.CellID{"t4.review_maintain", "t4.lit_direct_maintain", "t4.lit_after_review_pending", "t4.lit_after_review_total"} {
		if got, want := rep.Text(id), r.Evaluate(nil).Display(id); got != want {
			t.Errorf("%s = %q, want %q", id, got, want)
		}
	}
}
