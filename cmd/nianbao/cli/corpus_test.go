package cli

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
	"nianbao/store/drafts"
	"nianbao/store/reportfile"
	"nianbao/store/xlsx/xlsxtest"
)

// The corpus of real-file cases (issue 12): files as clerks really have
// them — titles in every printed form, tables twice in one workbook, odd
// cell types, formulas without results, roll-up folders, damaged or
// read-only data files — each built here, run through the commands a
// clerk or script uses, and judged by what came out: the figures read
// right, or refused with a Chinese message, or silently wrong. The last
// must never happen. The table of cases and outcomes is
// testdata/corpus.golden (-update-corpus rewrites it); README.md reports
// its counts.

var updateCorpus = flag.Bool("update-corpus", false, "rewrite testdata/corpus.golden")

type verdict int

const (
	readRight     verdict = iota // figures, unit and year as in the file (notes allowed)
	refused                      // not taken: the file, a cell or the command, with a Chinese message
	silentlyWrong                // a figure, unit or year differs from the file, and nothing says so
)

var verdictNames = map[verdict]string{readRight: "读对", refused: "拒绝并说明", silentlyWrong: "静默出错"}

type corpusCase struct {
	group, name string
	want        verdict
	// run builds the case in dir, runs it, and says what came out and
	// what the clerk was told.
	run func(t *testing.T, dir string) (verdict, string)
}

func TestRealFileCorpus(t *testing.T) {
	var table strings.Builder
	table.WriteString("| 类别 | 情形 | 期望 | 结果 | 程序所说（摘要） |\n|---|---|---|---|---|\n")
	counts := map[verdict]int{}
	for _, c := range corpusCases() {
		t.Run(c.group+"/"+c.name, func(t *testing.T) {
			dir := t.TempDir()
			got, said := c.run(t, dir)
			said = strings.ReplaceAll(said, dir+string(filepath.Separator), "") // paths differ run to run
			counts[got]++
			if got == silentlyWrong {
				t.Errorf("silently wrong: %s", said)
			} else if got != c.want {
				t.Errorf("%s, want %s: %s", verdictNames[got], verdictNames[c.want], said)
			}
			fmt.Fprintf(&table, "| %s | %s | %s | %s | %s |\n", c.group, c.name, verdictNames[c.want], verdictNames[got], brief(said))
		})
	}
	fmt.Fprintf(&table, "\n共 %d 个情形：读对 %d，拒绝并说明 %d，静默出错 %d。\n",
		len(corpusCases()), counts[readRight], counts[refused], counts[silentlyWrong])
	golden := filepath.Join("testdata", "corpus.golden")
	if *updateCorpus {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(table.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update-corpus)", err)
	}
	if table.String() != string(want) {
		t.Errorf("the corpus table differs from %s (rerun with -update-corpus after checking):\n%s", golden, table.String())
	}
}

// brief is the first line of what was said, for the table.
func brief(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	s = strings.ReplaceAll(s, "|", "／")
	if r := []rune(s); len(r) > 90 {
		s = string(r[:90]) + "…"
	}
	return s
}

// otherReport is the seed with other figures: a draft, last year's.
func otherReport(t *testing.T) *model.Report {
	r := seedReport(t)
	for _, id := range []model.CellID{"t3.new_received.natural", "t3.granted.natural", "t2.normative.issued", "t4.review_maintain"} {
		v := r.Value(id).Units()
		if err := r.Set(id, fmt.Sprint(v+7)); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// differs names the first typed cell whose figure got differs from
// want's, "" if none does.
func differs(got, want *model.Report) string {
	for _, c := range want.Template().Cells() {
		if c.Derived {
			continue
		}
		if g, w := got.Text(c.ID), want.Text(c.ID); g != w {
			return fmt.Sprintf("%s：读成“%s”，文件中是“%s”", c.Name(), g, w)
		}
	}
	return ""
}

// imported runs `nianbao import` of file into a new data file in dir and
// reads the draft back; r is nil when nothing was imported.
func imported(t *testing.T, dir, file string, args ...string) (r *model.Report, code int, said string) {
	t.Helper()
	db := filepath.Join(dir, "corpus.db")
	code, stdout, stderr := run(t, append(append([]string{"import", "--new", "--db", db}, args...), file)...)
	said = strings.TrimSpace(stderr + "\n" + stdout)
	said = strings.ReplaceAll(said, dir+string(filepath.Separator), "")
	if code != 0 {
		return nil, code, said
	}
	d, err := drafts.Open(db, drafts.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	list, err := d.List()
	if err != nil || len(list) != 1 {
		t.Fatalf("%d drafts, %v", len(list), err)
	}
	r, _, err = d.Load(list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return r, code, said
}

// judgeImport says how an import came out: refused (nothing imported,
// with a message), read right (figures, unit and year as expected), or
// silently wrong.
func judgeImport(r *model.Report, said string, want *model.Report, unit string, year int) (verdict, string) {
	if r == nil {
		if said == "" {
			return silentlyWrong, "refused without a word"
		}
		return refused, said
	}
	if d := differs(r, want); d != "" {
		return silentlyWrong, d + "；" + said
	}
	if r.Meta.Unit != unit || r.Meta.Year != year {
		return silentlyWrong, fmt.Sprintf("单位、年度读成“%s %d”，应为“%s %d”；%s", r.Meta.Unit, r.Meta.Year, unit, year, said)
	}
	return readRight, said
}

// titled writes the seed's tables under title cells (row, column, text)
// on a sheet 年报 as file name.
func titled(t *testing.T, dir, name string, title ...any) string {
	b := xlsxtest.New(t, "年报")
	y := 0
	for i := 0; i+2 < len(title); i += 3 {
		b.Set("年报", title[i].(int), title[i+1].(int), title[i+2])
		y = max(y, title[i].(int)+1)
	}
	b.Report("年报", y+1, 0, seedReport(t))
	path := filepath.Join(dir, name)
	b.SaveAs(path)
	return path
}

func titleCase(name, file string, unit string, year int, title ...any) corpusCase {
	return corpusCase{"标题", name, readRight, func(t *testing.T, dir string) (verdict, string) {
		r, _, said := imported(t, dir, titled(t, dir, file, title...))
		v, said := judgeImport(r, said, seedReport(t), unit, year)
		return v, noteOn(said, "取为")
	}}
}

// copiesCase writes the tables twice (build) and expects the seed's
// figures read, or a refusal naming both places.
func copiesCase(name string, want verdict, build func(t *testing.T, b *xlsxtest.Book)) corpusCase {
	return corpusCase{"表格副本", name, want, func(t *testing.T, dir string) (verdict, string) {
		b := xlsxtest.New(t, "Sheet0")
		build(t, b)
		b.F.DeleteSheet("Sheet0")
		path := filepath.Join(dir, "年报.xlsx")
		b.SaveAs(path)
		r, _, said := imported(t, dir, path, "--unit", "某某局", "--year", "2022")
		v, said := judgeImport(r, said, seedReport(t), "某某局", 2022)
		return v, noteOn(said, "份")
	}}
}

func newSheets(b *xlsxtest.Book, names ...string) {
	for _, n := range names {
		if _, err := b.F.NewSheet(n); err != nil {
			panic(err)
		}
	}
}

func corpusCases() []corpusCase {
	return []corpusCase{
		titleCase("单位在前：衢州市人民政府2022年政府信息公开工作年度报告", "unit0001.xlsx", "衢州市人民政府", 2022,
			0, 0, "衢州市人民政府2022年政府信息公开工作年度报告"),
		titleCase("年度在前：2022年上海市人民政府办公厅政府信息公开工作年度报告", "unit0002.xlsx", "上海市人民政府办公厅", 2022,
			0, 0, "2022年上海市人民政府办公厅政府信息公开工作年度报告"),
		titleCase("“年度”后缀（表格部分）", "unit0003.xlsx", "平潭综合实验区", 2022,
			0, 0, "平潭综合实验区2022年度政府信息公开工作年度报告（表格部分）"),
		titleCase("“附件：”前缀", "unit0004.xlsx", "平潭综合实验区", 2022,
			0, 0, "附件：平潭综合实验区2022年度政府信息公开工作年度报告"),
		titleCase("“附件1”单独一格，标题在下一行", "unit0005.xlsx", "某某县人民政府办公室", 2022,
			0, 0, "附件1", 1, 0, "某某县人民政府办公室2022年度政府信息公开工作年度报告"),
		titleCase("标题分在两格", "unit0006.xlsx", "某某县人民政府", 2022,
			0, 0, "某某县人民政府", 0, 1, "2022年度政府信息公开工作年度报告"),
		titleCase("中文数字年份：二〇二二年", "unit0007.xlsx", "某某县人民政府", 2022,
			0, 0, "某某县人民政府二〇二二年政府信息公开工作年度报告"),
		{"标题", "没有标题，年度只在文件名中，未给单位", refused, func(t *testing.T, dir string) (verdict, string) {
			r, _, said := imported(t, dir, titled(t, dir, "2022年某某局年报.xlsx"))
			return judgeImport(r, said, seedReport(t), "", 2022)
		}},
		{"标题", "没有标题，年度取自文件名，单位用 --unit 给出", readRight, func(t *testing.T, dir string) (verdict, string) {
			r, _, said := imported(t, dir, titled(t, dir, "2022年某某局年报.xlsx"), "--unit", "某某局")
			if r != nil && !strings.Contains(said, "文件名") {
				return silentlyWrong, "the note does not say the year came from the file name: " + said
			}
			return judgeImport(r, said, seedReport(t), "某某局", 2022)
		}},

		copiesCase("初稿和定稿两张工作表", readRight, func(t *testing.T, b *xlsxtest.Book) {
			newSheets(b, "初稿", "定稿")
			b.Report("初稿", 0, 0, otherReport(t))
			b.Report("定稿", 0, 0, seedReport(t))
		}),
		copiesCase("上年的表在本年的表旁边（工作表名标明年度）", readRight, func(t *testing.T, b *xlsxtest.Book) {
			newSheets(b, "2021年", "2022年")
			b.Report("2021年", 0, 0, otherReport(t))
			b.Report("2022年", 0, 0, seedReport(t))
		}),
		copiesCase("两份数值不同、无从判断", refused, func(t *testing.T, b *xlsxtest.Book) {
			newSheets(b, "Sheet1", "Sheet2")
			b.Report("Sheet1", 0, 0, seedReport(t))
			b.Report("Sheet2", 0, 0, otherReport(t))
		}),
		copiesCase("两份数值相同", readRight, func(t *testing.T, b *xlsxtest.Book) {
			newSheets(b, "Sheet1", "Sheet1 (2)")
			b.Report("Sheet1", 0, 0, seedReport(t))
			b.Report("Sheet1 (2)", 0, 0, seedReport(t))
		}),
		copiesCase("表三在“草稿”工作表，全表在“年报”", readRight, func(t *testing.T, b *xlsxtest.Book) {
			newSheets(b, "草稿", "年报")
			b.Table3("草稿", 0, 0, otherReport(t), xlsxtest.Numbers)
			b.Report("年报", 0, 0, seedReport(t))
		}),
		copiesCase("各表分属不同年度的工作表", refused, func(t *testing.T, b *xlsxtest.Book) {
			newSheets(b, "2021年", "2022年")
			r := seedReport(t)
			y := b.Table2("2021年", 0, 0, r, xlsxtest.Numbers)
			b.Table4("2021年", y+1, 0, r, xlsxtest.Numbers)
			b.Table3("2022年", 0, 0, r, xlsxtest.Numbers)
		}),

		cellCase("数字格中是逻辑值 TRUE", refused, "逻辑值", func(t *testing.T, b *xlsxtest.Book, at xlsxtest.Place) {
			b.Set(at.Sheet, at.R, at.C, true)
		}, nil),
		cellCase("数字格中是日期（Excel 把“1-2”变成了日期）", refused, "日期", func(t *testing.T, b *xlsxtest.Book, at xlsxtest.Place) {
			style, err := b.F.NewStyle(&excelize.Style{NumFmt: 14})
			if err != nil {
				t.Fatal(err)
			}
			b.Set(at.Sheet, at.R, at.C, 44563)
			b.F.SetCellStyle(at.Sheet, at.Name(), at.Name(), style)
		}, nil),
		cellCase("数字格中是错误值 #REF!", refused, "#REF!", nil, func(ref string) string {
			return `<c r="` + ref + `" t="e"><v>#REF!</v></c>`
		}),
		cellCase("数字格中是错误值 #DIV/0!（公式算出）", refused, "#DIV/0!", nil, func(ref string) string {
			return `<c r="` + ref + `" t="e"><f>1/0</f><v>#DIV/0!</v></c>`
		}),
		cellCase("数字带单位“819件”", readRight, "", func(t *testing.T, b *xlsxtest.Book, at xlsxtest.Place) {
			b.Set(at.Sheet, at.R, at.C, "819件")
		}, nil),

		cellCase("公式有保存的结果：=SUM(…)，结果 819", readRight, "", nil, func(ref string) string {
			return `<c r="` + ref + `"><f>SUM(Z1:Z2)</f><v>819</v></c>`
		}),
		cellCase("公式没有保存结果：=SUM(Z1:Z2)，本表的数", readRight, "", func(t *testing.T, b *xlsxtest.Book, at xlsxtest.Place) {
			b.Set(at.Sheet, 0, 25, 800)
			b.Set(at.Sheet, 1, 25, 19)
		}, formula("SUM(Z1:Z2)")),
		cellCase("公式没有保存结果：引用另一张工作表 =数据!A1+数据!A2", readRight, "", func(t *testing.T, b *xlsxtest.Book, at xlsxtest.Place) {
			newSheets(b, "数据")
			b.Set("数据", 0, 0, 800)
			b.Set("数据", 1, 0, 19)
		}, formula("数据!A1+数据!A2")),
		cellCase("公式没有保存结果：SUMPRODUCT(…)", refused, "Excel", func(t *testing.T, b *xlsxtest.Book, at xlsxtest.Place) {
			newSheets(b, "数据")
			for i, v := range []int{800, 19} {
				b.Set("数据", i, 0, v)
				b.Set("数据", i, 1, 1)
			}
		}, formula("SUMPRODUCT(数据!A1:A2,数据!B1:B2)")),
		cellCase("公式循环引用", refused, "循环", func(t *testing.T, b *xlsxtest.Book, at xlsxtest.Place) {
			b.F.SetCellFormula(at.Sheet, "Z1", at.Name()+"+1")
		}, formula("Z1-1")),

		largeCase("表格旁有15万行的台账工作表（约10 MB）", xlsxtest.Large{Rows: 150_000}),
		largeCase("表格在6万行台账工作表的上方", xlsxtest.Large{Rows: 60_000, TablesInLedger: true}),
		largeCase("台账的字符串在前（共享字符串表很大）", xlsxtest.Large{Rows: 60_000, LedgerFirst: true}),
		largeCase("另有40 MB 的图片", xlsxtest.Large{Rows: 1_000, Media: 40 << 20}),

		{"汇总", "同一文件夹汇总两次（第二次时汇总表已在文件夹中）", readRight, func(t *testing.T, dir string) (verdict, string) {
			// The first roll-up is written beside the folder, then, as a
			// clerk files it, put into it; the second run finds it there.
			folder, want := unitsFolder(t, dir, "甲局", "乙局", "丙局")
			out := filepath.Join(dir, "汇总.xlsx")
			var said string
			for i := range 2 {
				code, stdout, stderr := run(t, "merge", "-o", out, "--unit", "某县", folder)
				said = stderr + stdout
				if code != 0 {
					return refused, said
				}
				if i == 0 {
					data, _ := os.ReadFile(out)
					os.WriteFile(filepath.Join(folder, "某县汇总（上次）.xlsx"), data, 0o644)
				}
			}
			got := rolledUp(t, dir, out)
			if d := differs(got, want); d != "" {
				return silentlyWrong, d + "；" + said
			}
			if !strings.Contains(said, "汇总表") {
				return silentlyWrong, "the earlier roll-up was skipped without a word: " + said
			}
			return readRight, noteOn(said, "汇总表")
		}},
		{"汇总", "-o 指定的输出文件就是一个输入文件", refused, func(t *testing.T, dir string) (verdict, string) {
			folder, _ := unitsFolder(t, dir, "甲局", "乙局")
			in := filepath.Join(folder, "甲局.xlsx")
			before, _ := os.ReadFile(in)
			code, _, stderr := run(t, "merge", "-o", in, folder)
			if after, _ := os.ReadFile(in); !bytes.Equal(before, after) {
				return silentlyWrong, "an input was overwritten: " + stderr
			}
			if code != 2 || stderr == "" {
				return silentlyWrong, fmt.Sprintf("exit %d: %s", code, stderr)
			}
			return refused, stderr
		}},
		{"汇总", "文件夹中有 .xls、.et、.csv 文件", refused, func(t *testing.T, dir string) (verdict, string) {
			folder, _ := unitsFolder(t, dir, "甲局")
			for _, n := range []string{"乙局.xls", "丙局.et", "丁局.csv"} {
				os.WriteFile(filepath.Join(folder, n), []byte("x"), 0o644)
			}
			_, stdout, stderr := run(t, "merge", folder)
			said := stderr + stdout
			for _, n := range []string{"乙局.xls", "丙局.et", "丁局.csv"} {
				if !strings.Contains(said, n) {
					return silentlyWrong, n + " left out without a word: " + said
				}
			}
			return refused, noteOn(said, "另存为")
		}},
		{"汇总", "同一单位、同一年度报送两次，数字不同", refused, func(t *testing.T, dir string) (verdict, string) {
			folder, _ := unitsFolder(t, dir, "甲局", "乙局")
			b := xlsxtest.New(t, "年报")
			b.Set("年报", 0, 0, "甲局2022年度政府信息公开工作年度报告")
			b.Report("年报", 2, 0, otherReport(t))
			b.SaveAs(filepath.Join(folder, "甲局（修改后）.xlsx"))
			out := filepath.Join(dir, "汇总.json")
			code, stdout, stderr := run(t, "merge", "-o", out, folder)
			said := stderr + stdout
			if code == 0 || !strings.Contains(said, "甲局（修改后）.xlsx") || !strings.Contains(said, "甲局.xlsx") {
				return silentlyWrong, fmt.Sprintf("exit %d: %s", code, said)
			}
			got := rolledUp(t, dir, out) // 乙局 alone
			if d := differs(got, otherReport(t)); d != "" {
				return silentlyWrong, "a copy was counted: " + d
			}
			return refused, noteOn(said, "数字不同")
		}},
		{"汇总", "同一单位报送两份相同的文件", readRight, func(t *testing.T, dir string) (verdict, string) {
			folder, want := unitsFolder(t, dir, "甲局", "乙局")
			data, _ := os.ReadFile(filepath.Join(folder, "甲局.xlsx"))
			os.WriteFile(filepath.Join(folder, "甲局（副本）.xlsx"), data, 0o644)
			out := filepath.Join(dir, "汇总.json")
			code, stdout, stderr := run(t, "merge", "-o", out, folder)
			said := stderr + stdout
			if code != 0 {
				return refused, said
			}
			if d := differs(rolledUp(t, dir, out), want); d != "" {
				return silentlyWrong, d
			}
			return readRight, noteOn(said, "一次")
		}},

		{"数据文件", "--db 写错了文件名", refused, func(t *testing.T, dir string) (verdict, string) {
			typo := filepath.Join(dir, "drafs.db")
			code, _, stderr := run(t, "export", "--db", typo, "--unit", "某某局", "--year", "2022", "-o", filepath.Join(dir, "x.xlsx"))
			if _, err := os.Stat(typo); err == nil {
				return silentlyWrong, "an empty database was created"
			}
			if code != 2 || !strings.Contains(stderr, "--new") {
				return silentlyWrong, stderr
			}
			return refused, stderr
		}},
		{"数据文件", "数据文件是空的（0字节）", refused, func(t *testing.T, dir string) (verdict, string) {
			db := filepath.Join(dir, "drafts.db")
			os.WriteFile(db, nil, 0o644)
			code, _, stderr := run(t, "import", "--db", db, seedJSON)
			if st, _ := os.Stat(db); st == nil || st.Size() != 0 {
				return silentlyWrong, "the empty file was changed"
			}
			if code != 2 || stderr == "" {
				return silentlyWrong, stderr
			}
			return refused, stderr
		}},
		{"数据文件", "只读的数据文件（光盘、写保护的U盘）：导出", readRight, func(t *testing.T, dir string) (verdict, string) {
			db := withDraft(t, dir)
			os.Chmod(db, 0o444)
			out := filepath.Join(dir, "年报.xlsx")
			code, stdout, stderr := run(t, "export", "--db", db, "--unit", "衢州市人民政府办公室", "--year", "2022", "-o", out)
			if code != 0 {
				return refused, stderr
			}
			r, _, said := imported(t, filepath.Join(dir, "back"), out)
			v, s := judgeImport(r, said, seedReport(t), "衢州市人民政府办公室", 2022)
			return v, strings.TrimSpace(stdout) + "；" + s
		}},
		{"数据文件", "导出到只读（444）的已有文件", refused, func(t *testing.T, dir string) (verdict, string) {
			db := withDraft(t, dir)
			out := filepath.Join(dir, "年报.xlsx")
			os.WriteFile(out, []byte("上级已盖章的版本"), 0o444)
			code, _, stderr := run(t, "export", "--db", db, "--unit", "衢州市人民政府办公室", "--year", "2022", "-o", out)
			if data, _ := os.ReadFile(out); string(data) != "上级已盖章的版本" {
				return silentlyWrong, "the read-only file was replaced"
			}
			if code == 0 || stderr == "" {
				return silentlyWrong, stderr
			}
			return refused, stderr
		}},
		{"数据文件", "数据文件中一条记录的字节被改动", refused, func(t *testing.T, dir string) (verdict, string) {
			db := withDraft(t, dir)
			// 819 → 919 in every copy the file holds (the report and its
			// history's snapshots), still valid JSON.
			data, _ := os.ReadFile(db)
			key := []byte(`"t3.new_received.natural":819`)
			n := bytes.Count(data, key)
			if n == 0 {
				t.Fatal("the record was not found in the file")
			}
			data = bytes.ReplaceAll(data, key, []byte(`"t3.new_received.natural":919`))
			os.WriteFile(db, data, 0o644)
			code, _, stderr := run(t, "export", "--db", db, "--unit", "衢州市人民政府办公室", "--year", "2022", "-o", filepath.Join(dir, "x.xlsx"))
			if code == 0 {
				r, _, said := imported(t, filepath.Join(dir, "back"), filepath.Join(dir, "x.xlsx"))
				v, s := judgeImport(r, said, seedReport(t), "衢州市人民政府办公室", 2022)
				return v, s
			}
			return refused, stderr
		}},
	}
}

// largeCase writes the seed's tables under a title beside a large 台账
// (see xlsxtest.Large) and expects them read right.
func largeCase(name string, o xlsxtest.Large) corpusCase {
	return corpusCase{"大文件", name, readRight, func(t *testing.T, dir string) (verdict, string) {
		b := xlsxtest.New(t, "年报")
		b.Set("年报", 0, 0, "某某局2022年度政府信息公开工作年度报告")
		b.Report("年报", 2, 0, seedReport(t))
		path := filepath.Join(dir, "年报.xlsx")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		xlsxtest.WriteLarge(t, f, b.Bytes(), o)
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		r, _, said := imported(t, dir, path)
		v, said := judgeImport(r, said, seedReport(t), "某某局", 2022)
		return v, noteOn(said, "台账")
	}}
}

// unitsFolder writes one workbook per unit, titled with its name, into a
// folder: the seed's figures, the second unit's from otherReport. It
// returns the folder and the roll-up those figures make.
func unitsFolder(t *testing.T, dir string, units ...string) (string, *model.Report) {
	folder := filepath.Join(dir, "各单位")
	os.MkdirAll(folder, 0o755)
	sum := model.NewReport(seedReport(t).Template())
	for i, u := range units {
		r := seedReport(t)
		if i == 1 {
			r = otherReport(t)
		}
		b := xlsxtest.New(t, "年报")
		b.Set("年报", 0, 0, u+"2022年度政府信息公开工作年度报告")
		b.Report("年报", 2, 0, r)
		b.SaveAs(filepath.Join(folder, u+".xlsx"))
		for _, c := range r.Template().Cells() {
			if c.Derived || r.Text(c.ID) == "" {
				continue
			}
			total := sum.Value(c.ID).Units() + r.Value(c.ID).Units()
			if err := sum.Set(c.ID, c.Kind.FormatUnits(total)); err != nil {
				t.Fatal(err)
			}
		}
	}
	return folder, sum
}

// rolledUp reads a roll-up written by merge -o (.xlsx or .json).
func rolledUp(t *testing.T, dir, path string) *model.Report {
	if strings.HasSuffix(path, ".json") {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		r, err := model.UnmarshalReport(data)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r, _, err := reportfile.Read(path, reportfile.Given{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// withDraft makes a data file holding the seed report.
func withDraft(t *testing.T, dir string) string {
	db := filepath.Join(dir, "drafts.db")
	if code, _, stderr := run(t, "import", "--new", "--db", db, seedJSON); code != 0 {
		t.Fatal(stderr)
	}
	return db
}

// cellCase puts something odd in 表三 一、本年新收·自然人 (819 in the
// file's author's mind): edit changes the built workbook, or xml replaces
// the cell in the saved file. Read right means 819 came out; refused means
// the cell is kept as an input error whose message says msg, every other
// figure read right; a number other than 819, or a blank said nowhere, is
// silently wrong.
func cellCase(name string, want verdict, msg string, edit func(*testing.T, *xlsxtest.Book, xlsxtest.Place), xml func(ref string) string) corpusCase {
	group := "单元格"
	if strings.Contains(name, "公式") {
		group = "公式"
	}
	const id = "t3.new_received.natural"
	return corpusCase{group, name, want, func(t *testing.T, dir string) (verdict, string) {
		b := xlsxtest.New(t, "年报")
		b.Set("年报", 0, 0, "某某局2022年度政府信息公开工作年度报告")
		b.Report("年报", 2, 0, seedReport(t))
		at := b.At[id]
		if edit != nil {
			edit(t, b, at)
		}
		path := filepath.Join(dir, "年报.xlsx")
		b.SaveAs(path)
		if xml != nil {
			xlsxtest.ReplaceCell(t, path, "xl/worksheets/sheet1.xml", at.Name(), xml(at.Name()))
		}
		r, _, said := imported(t, dir, path)
		if r == nil {
			return judgeImport(r, said, nil, "", 0)
		}
		want := seedReport(t)
		if text, bad := r.Invalid(id); bad {
			// The cell is refused: every other figure must be right, and
			// the clerk told why.
			if err := want.Set(id, text); err != nil {
				_ = err // kept as typed, like the import
			}
			if d := differs(r, want); d != "" || !strings.Contains(said, msg) {
				return silentlyWrong, d + "；" + said
			}
			return refused, noteOn(said, "自然人")
		}
		v, said := judgeImport(r, said, want, "某某局", 2022)
		return v, noteOn(said, "")
	}}
}

// formula is a cell holding a formula and no result, as a program that
// does not calculate writes it.
func formula(f string) func(ref string) string {
	return func(ref string) string { return `<c r="` + ref + `"><f>` + f + `</f></c>` }
}

// noteOn is the line of what was said that mentions key (the first
// otherwise).
func noteOn(said, key string) string {
	for _, l := range strings.Split(said, "\n") {
		if key != "" && strings.Contains(l, key) {
			return strings.TrimSpace(l)
		}
	}
	return said
}
