package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/model"
	"nianbao/store"
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

// seedReport is the published Quzhou 2022 report: the figures every case
// writes and expects back.
func seedReport(t *testing.T) *model.Report {
	t.Helper()
	data, err := os.ReadFile(seedJSON)
	if err != nil {
		t.Fatal(err)
	}
	r, err := model.UnmarshalReport(data)
	if err != nil {
		t.Fatal(err)
	}
	r.ClearStated()
	return r
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
	if code != 0 {
		return nil, code, said
	}
	d, err := store.Open(db, store.Options{ReadOnly: true})
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
		return judgeImport(r, said, seedReport(t), unit, year)
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
		return judgeImport(r, said, seedReport(t), "某某局", 2022)
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
			b.Table3("草稿", 0, 0, otherReport(t))
			b.Report("年报", 0, 0, seedReport(t))
		}),
		copiesCase("各表分属不同年度的工作表", refused, func(t *testing.T, b *xlsxtest.Book) {
			newSheets(b, "2021年", "2022年")
			r := seedReport(t)
			y := b.Table2("2021年", 0, 0, r)
			b.Table4("2021年", y+1, 0, r)
			b.Table3("2022年", 0, 0, r)
		}),
	}
}

