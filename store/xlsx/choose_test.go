package xlsx

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"nianbao/model"
)

// other is the seed with other numbers: another draft, or last year's.
func other(t *testing.T) *model.Report {
	r := seed(t)
	must(t, r.Set("t3.new_received.natural", "700"))
	must(t, r.Set("t2.normative.valid", "1500"))
	must(t, r.Set("t4.review_maintain", "1"))
	return r
}

// Workbooks holding a table more than once: the copy used is chosen on
// evidence and said, with the place of every copy, or the import is
// refused naming them.
func TestImportCopies(t *testing.T) {
	const seedNatural, otherNatural = "819", "700"
	type want struct {
		natural  string   // t3.new_received.natural read; "" for a refusal
		warnings []string // parts of one warning each
		refusal  []string // parts of the message
	}
	for _, tc := range []struct {
		name  string
		build func(t *testing.T) *book
		opts  ImportOptions
		want  want
	}{
		{"初稿 and 定稿", func(t *testing.T) *book {
			b := newBook(t, "初稿", "定稿")
			b.report("初稿", 0, 0, other(t))
			b.report("定稿", 0, 0, seed(t))
			return b
		}, ImportOptions{}, want{natural: seedNatural, warnings: []string{
			"表三有2份：按工作表“定稿”A16:J43读取，未用工作表“初稿”A16:J43（工作表名称表明是草稿、旧稿或样表）。"}}},

		{"表三 on a 草稿 sheet, all on 年报", func(t *testing.T) *book {
			b := newBook(t, "草稿", "年报")
			b.table3("草稿", 0, 0, other(t), numbers)
			b.report("年报", 0, 0, seed(t))
			return b
		}, ImportOptions{}, want{natural: seedNatural, warnings: []string{"表三有2份：按工作表“年报”A", "读取，未用工作表“草稿”A1:J", "（工作表名称表明是草稿、旧稿或样表）"}}},

		{"only 表三 on a draft sheet", func(t *testing.T) *book {
			b := newBook(t, "年报", "表三草稿")
			r := seed(t)
			y := b.table2("年报", 0, 0, r, numbers)
			b.table4("年报", y+1, 0, r, numbers)
			b.table3("表三草稿", 0, 0, r, numbers)
			return b
		}, ImportOptions{}, want{natural: seedNatural, warnings: []string{"表三取自工作表“表三草稿”A1:J", "草稿、旧稿或样表，请核对"}}},

		{"two unnamed copies, same values", func(t *testing.T) *book {
			b := newBook(t, "Sheet1", "Sheet1 (2)")
			b.report("Sheet1", 0, 0, seed(t))
			b.report("Sheet1 (2)", 2, 1, seed(t))
			return b
		}, ImportOptions{}, want{natural: seedNatural, warnings: []string{
			"表三有2份：按工作表“Sheet1”A", "读取，未用工作表“Sheet1 (2)”B", "（数值与之相同）"}}},

		{"a blank form beside", func(t *testing.T) *book {
			b := newBook(t, "空白", "年报")
			blank := model.NewReport(seed(t).Template())
			b.report("空白", 0, 0, blank)
			b.report("年报", 0, 0, seed(t))
			return b
		}, ImportOptions{}, want{natural: seedNatural, warnings: []string{"表三有2份：按工作表“年报”A16:J43读取，未用工作表“空白”A16:J43（表中没有填写任何数字）。"}}},

		{"a list of row labels is no copy", func(t *testing.T) *book {
			b := newBook(t, "年报", "填报说明")
			b.report("年报", 0, 0, seed(t))
			for i, row := range seed(t).Template().Table("t3").Blocks[0].Rows {
				b.set("填报说明", i, 0, row.Label)
				b.set("填报说明", i, 1, "按实际情况填写。")
			}
			return b
		}, ImportOptions{}, want{natural: seedNatural}},

		{"two unnamed copies, different values", func(t *testing.T) *book {
			b := newBook(t, "Sheet1", "Sheet2")
			b.report("Sheet1", 0, 0, seed(t))
			b.report("Sheet2", 0, 0, other(t))
			return b
		}, ImportOptions{}, want{refusal: []string{"“a.xlsx”中有2份表二：工作表“Sheet1”A2:D", "和工作表“Sheet2”A2:D", "数值不同，无法确定用哪一份"}}},

		{"last year's beside this year's", func(t *testing.T) *book {
			b := newBook(t, "年报")
			b.set("年报", 0, 0, "衢州市人民政府办公室2022年度政府信息公开工作年度报告")
			b.set("年报", 2, 0, "2022年")
			b.set("年报", 2, 20, "2021年（上年）")
			b.report("年报", 4, 0, seed(t))
			b.report("年报", 4, 20, other(t))
			return b
		}, ImportOptions{}, want{natural: seedNatural, warnings: []string{
			"表三有2份：按工作表“年报”A20:J47读取，未用工作表“年报”U20:AD47（标明是2021年度，不是报告年度2022年度）。"}}},

		{"last year's below, year labelled", func(t *testing.T) *book {
			b := newBook(t, "年报")
			b.set("年报", 0, 0, "报告年度")
			b.set("年报", 0, 1, "2022年度")
			y := b.report("年报", 2, 0, seed(t))
			b.set("年报", y+2, 0, "附：2021年度数据")
			b.report("年报", y+4, 0, other(t))
			return b
		}, ImportOptions{}, want{natural: seedNatural, warnings: []string{"表三有2份：按工作表“年报”A", "（标明是2021年度，不是报告年度2022年度）"}}},

		{"two years, no year known", func(t *testing.T) *book {
			b := newBook(t, "2021年", "2022年")
			b.report("2021年", 0, 0, other(t))
			b.report("2022年", 0, 0, seed(t))
			return b
		}, ImportOptions{}, want{refusal: []string{"“a.xlsx”中有不同年度的表二：工作表“2021年”A2:D", "（2021年度，见工作表名“2021年”）", "（2022年度，见工作表名“2022年”）", "没有“报告年度”"}}},

		{"two years, year given", func(t *testing.T) *book {
			b := newBook(t, "2021年", "2022年")
			b.report("2021年", 0, 0, other(t))
			b.report("2022年", 0, 0, seed(t))
			return b
		}, ImportOptions{Year: 2022}, want{natural: seedNatural, warnings: []string{"表三有2份：按工作表“2022年”A16:J43读取，未用工作表“2021年”A16:J43（标明是2021年度，不是报告年度2022年度）。"}}},

		{"two years, the year given has none", func(t *testing.T) *book {
			b := newBook(t, "2020年", "2021年")
			b.report("2020年", 0, 0, other(t))
			b.report("2021年", 0, 0, seed(t))
			return b
		}, ImportOptions{Year: 2022}, want{refusal: []string{"中的表二都不是2022年度的：工作表“2020年”", "工作表“2021年”"}}},

		{"tables of different years", func(t *testing.T) *book {
			b := newBook(t, "2021年", "2022年")
			r := seed(t)
			y := b.table2("2021年", 0, 0, r, numbers)
			b.table4("2021年", y+1, 0, r, numbers)
			b.table3("2022年", 0, 0, r, numbers)
			return b
		}, ImportOptions{}, want{refusal: []string{"中的表格不是同一年度的：表二在工作表“2021年”A2:D", "（2021年度，见工作表名“2021年”），表三在工作表“2022年”A1:J", "不能把不同年度的表格拼成一份报告"}}},

		{"a table of another year than the label", func(t *testing.T) *book {
			b := newBook(t, "基本信息", "2021年度")
			b.set("基本信息", 0, 0, "报告年度")
			b.set("基本信息", 0, 1, 2022)
			b.report("2021年度", 0, 0, seed(t))
			return b
		}, ImportOptions{}, want{natural: seedNatural, warnings: []string{"表三（工作表“2021年度”A", "标明是2021年度（见工作表名“2021年度”），与报告年度2022年度不符"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, info, err := importBook(t, tc.build(t), "a.xlsx", tc.opts)
			if tc.want.refusal != nil {
				if err == nil {
					t.Fatalf("imported (t3 natural %q, warnings %q); want a refusal", rep.Text("t3.new_received.natural"), info.Warnings)
				}
				var e *model.Failure
				if !errors.As(err, &e) || model.ErrorCodeOf(err) != model.CodeAmbiguous || rep != nil {
					t.Fatalf("%T %v, want a *model.Failure of code CodeAmbiguous and no report", err, err)
				}
				for _, p := range tc.want.refusal {
					if !strings.Contains(e.Msg, p) {
						t.Errorf("message %q lacks %q", e.Msg, p)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := rep.Text("t3.new_received.natural"); got != tc.want.natural {
				t.Errorf("t3 natural = %q, want %q (warnings %q)", got, tc.want.natural, info.Warnings)
			}
			// The whole report comes from one copy.
			for _, id := range []model.CellID{"t2.normative.valid", "t4.review_maintain"} {
				if got, want := rep.Text(id), seed(t).Text(id); got != want {
					t.Errorf("%s = %q, want %q (warnings %q)", id, got, want, info.Warnings)
				}
			}
			if len(tc.want.warnings) == 0 && hasWarning(info, "份") {
				t.Errorf("warnings %q: copies told of", info.Warnings)
			}
			if len(tc.want.warnings) > 0 && !hasWarning(info, tc.want.warnings...) {
				t.Errorf("warnings %q: none says all of %q", info.Warnings, tc.want.warnings)
			}
			if len(info.Missing) != 0 {
				t.Errorf("missing %q", info.Missing)
			}
		})
	}
}

// One copy of each table: nothing is said about copies.
func TestImportOneCopyQuiet(t *testing.T) {
	for _, tc := range handmadeCases(t) {
		_, info, err := Import(bytes.NewReader(tc.data), int64(len(tc.data)), ImportOptions{Name: tc.name + ".xlsx", AllowPartial: tc.partial})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range info.Warnings {
			if strings.Contains(w, "份") || strings.Contains(w, "草稿") {
				t.Errorf("%s: warning %q", tc.name, w)
			}
		}
	}
}

// FuzzImportCopies mutates the second sheet of a hand-made workbook that
// holds the report twice under titles (the case where every copy is looked
// for, marked and compared). The importer must not panic in our code and
// must either refuse with a Chinese message or return a report.
//
//	go test -run '^$' -fuzz FuzzImportCopies -fuzztime 60s ./store/xlsx/
func FuzzImportCopies(f *testing.F) {
	b := newBook(f, "2022年", "2021年 初稿")
	b.set("2022年", 0, 0, "附件1：衢州市人民政府二〇二二年度政府信息公开工作年度报告（表格部分）")
	b.report("2022年", 2, 0, seed(f))
	b.set("2021年 初稿", 0, 0, "衢州市人民政府")
	b.set("2021年 初稿", 1, 0, "2021年度政府信息公开工作年度报告")
	b.report("2021年 初稿", 3, 1, seed(f))
	base := b.bytes()
	const second = "xl/worksheets/sheet2.xml"
	f.Add(part(f, base, second))
	f.Fuzz(func(t *testing.T, sheet []byte) {
		data := replacePart(t, base, second, sheet)
		rep, info, err := Import(bytes.NewReader(data), int64(len(data)), ImportOptions{Name: "fuzz.xlsx", AllowPartial: true})
		if err != nil {
			var e *model.Failure
			if !errors.As(err, &e) || !strings.Contains(e.Msg, "“fuzz.xlsx”") {
				t.Fatalf("error without a Chinese message naming the file: %v", err)
			}
			if frame := panicFrame(e); strings.HasPrefix(frame, "nianbao/") {
				t.Fatalf("panic in our own code at %s:\n%v", frame, e.Err)
			}
			return
		}
		if rep == nil || info == nil {
			t.Fatal("no report and no error")
		}
	})
}
