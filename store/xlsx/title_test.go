package xlsx

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"nianbao/model"
	"nianbao/store/xlsx/xlsxtest"
)

// numbers is the layout of a hand-made table with numbers typed as numbers.
var numbers = xlsxtest.Numbers

// report draws 表二, 表三 and 表四 of rep one under the other from (r0, c0)
// and returns the next free row.
func (b *book) report(sheet string, r0, c0 int, rep *model.Report) int {
	y := b.table2(sheet, r0, c0, rep, numbers)
	y = b.table3(sheet, y+1, c0, rep, numbers)
	return b.table4(sheet, y+1, c0, rep, numbers)
}

// importBook imports a workbook built in a test under a file name.
func importBook(t *testing.T, b *book, file string, opts ImportOptions) (*model.Report, *ImportInfo, error) {
	t.Helper()
	data := b.bytes()
	opts.Name = file
	return Import(bytes.NewReader(data), int64(len(data)), opts)
}

func hasWarning(info *ImportInfo, parts ...string) bool {
	return slices.ContainsFunc(info.Warnings, func(w string) bool {
		for _, p := range parts {
			if !strings.Contains(w, p) {
				return false
			}
		}
		return true
	})
}

// Titles in the forms real workbooks print them, with no 单位名称 or 报告年度
// label: the unit and year come from the title, and the note says so.
func TestImportTitleForms(t *testing.T) {
	type cell struct {
		r, c int
		text string
		span int // merged over this many columns
	}
	for _, tc := range []struct {
		name  string
		cells []cell
		unit  string
		year  int
	}{
		{"one cell", []cell{{0, 0, "衢州市人民政府2022年政府信息公开工作年度报告", 0}}, "衢州市人民政府", 2022},
		{"year first", []cell{{0, 0, "2022年上海市人民政府办公厅政府信息公开工作年度报告", 10}}, "上海市人民政府办公厅", 2022},
		{"年度 and 附件：", []cell{{0, 0, "附件：平潭综合实验区2022年度政府信息公开工作年度报告", 0}}, "平潭综合实验区", 2022},
		{"附件1 above", []cell{{0, 0, "附件1", 0}, {1, 0, "平潭综合实验区2022年度政府信息公开工作年度报告（表格部分）", 10}}, "平潭综合实验区", 2022},
		{"Chinese numerals", []cell{{0, 1, "附件一  衢州市人民政府二〇二二年度政府信息公开工作年度报告（表格）", 0}}, "衢州市人民政府", 2022},
		{"unit left", []cell{{0, 0, "衢州市人民政府", 0}, {0, 1, "2022年度政府信息公开工作年度报告", 6}}, "衢州市人民政府", 2022},
		{"unit above", []cell{{0, 0, "衢州市人民政府", 10}, {1, 0, "2022年度政府信息公开工作年度报告", 10}}, "衢州市人民政府", 2022},
		{"unit above, 附件 first", []cell{{0, 0, "附件2", 0}, {1, 0, "衢州市人民政府", 10}, {2, 0, "2022年度政府信息公开工作年度报告", 10}}, "衢州市人民政府", 2022},
		{"year and unit above the name", []cell{{0, 0, "衢州市人民政府2022年度", 10}, {1, 0, "政府信息公开工作年度报告", 10}}, "衢州市人民政府", 2022},
		{"year below", []cell{{0, 0, "衢州市人民政府政府信息公开工作年度报告", 10}, {1, 0, "（二〇二二年度）", 10}}, "衢州市人民政府", 2022},
		{"without 工作", []cell{{0, 0, "衢州市人民政府2022年政府信息公开年度报告", 0}}, "衢州市人民政府", 2022},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newBook(t, "年报")
			for _, c := range tc.cells {
				b.set("年报", c.r, c.c, c.text)
				if c.span > 0 {
					b.merge("年报", c.r, c.c, c.r, c.c+c.span-1)
				}
			}
			// A narrative line naming another year is no title.
			b.set("年报", 4, 0, "本报告由衢州市人民政府办公室编制，所列数据的统计期限自2021年1月1日起。")
			b.report("年报", 6, 0, seed(t))
			rep, info, err := importBook(t, b, "unit0001.xlsx", ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Meta.Unit != tc.unit || rep.Meta.Year != tc.year {
				t.Errorf("unit %q, year %d; want %q, %d (warnings %q)", rep.Meta.Unit, rep.Meta.Year, tc.unit, tc.year, info.Warnings)
			}
			if !hasWarning(info, "没有找到“单位名称”和“报告年度”，按标题", "取为“"+tc.unit+"”、2022年度，请核对。") {
				t.Errorf("warnings %q should say the unit and year came from the title", info.Warnings)
			}
			if got := rep.Text("t3.new_received.natural"); got != "819" {
				t.Errorf("表三 not read: %q", got)
			}
		})
	}
}

// Where no title is printed, the file name is read (and said); a sentence
// of the narrative or a date never gives the year.
func TestImportMetaFallbacks(t *testing.T) {
	plain := func(t *testing.T) *book {
		b := newBook(t, "Sheet1")
		b.set("Sheet1", 0, 0, "本报告由衢州市人民政府办公室编制，2021年度工作已全面完成。")
		b.set("Sheet1", 1, 0, "（数据截至2022年12月31日）")
		b.report("Sheet1", 3, 0, seed(t))
		return b
	}
	for _, tc := range []struct {
		file     string
		unit     string
		year     int
		warnings []string
	}{
		{"衢州市人民政府2022年政府信息公开工作年度报告（表格部分）.xlsx", "衢州市人民政府", 2022,
			[]string{"没有找到“单位名称”和“报告年度”，按文件名“衢州市人民政府2022年政府信息公开工作年度报告（表格部分）.xlsx”取为“衢州市人民政府”、2022年度，请核对。"}},
		{"年报2022.xlsx", "", 2022, []string{"按文件名“年报2022.xlsx”取为2022年度", "没有找到单位名称，请在基本信息中填写。"}},
		{"unit0001.xlsx", "", 0, []string{"没有找到单位名称，请在基本信息中填写。", "没有找到报告年度，请在基本信息中填写。"}},
		{"报送2023.01.05.xlsx", "", 0, []string{"没有找到报告年度，请在基本信息中填写。"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			rep, info, err := importBook(t, plain(t), tc.file, ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Meta.Unit != tc.unit || rep.Meta.Year != tc.year {
				t.Errorf("unit %q, year %d; want %q, %d (warnings %q)", rep.Meta.Unit, rep.Meta.Year, tc.unit, tc.year, info.Warnings)
			}
			for _, w := range tc.warnings {
				if !hasWarning(info, w) {
					t.Errorf("warnings %q lack %q", info.Warnings, w)
				}
			}
		})
	}
}

// A 基本信息 label wins over the title; where they disagree the clerk is
// told.
func TestImportLabelOverTitle(t *testing.T) {
	b := newBook(t, "年报")
	b.set("年报", 0, 0, "衢州市人民政府2021年政府信息公开工作年度报告")
	b.set("年报", 1, 0, "单位名称")
	b.set("年报", 1, 1, "衢州市人民政府办公室")
	b.set("年报", 2, 0, "报告年度")
	b.set("年报", 2, 1, 2022)
	b.report("年报", 4, 0, seed(t))
	rep, info, err := importBook(t, b, "a.xlsx", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Meta.Unit != "衢州市人民政府办公室" || rep.Meta.Year != 2022 {
		t.Errorf("meta %+v, want the labels'", rep.Meta)
	}
	for _, w := range [][]string{
		{"单位名称为“衢州市人民政府办公室”，但标题", "中为“衢州市人民政府”，已按单位名称读取"},
		{"报告年度为2022年度，但标题", "中为2021年度，已按报告年度读取"},
	} {
		if !hasWarning(info, w...) {
			t.Errorf("warnings %q lack %q", info.Warnings, w)
		}
	}
}

// A unit and year the user gives win over the file, with a note where the
// file says otherwise, and fill what it lacks without one.
func TestImportGivenUnitYear(t *testing.T) {
	b := newBook(t, "年报")
	b.set("年报", 0, 0, "衢州市人民政府2022年政府信息公开工作年度报告")
	b.report("年报", 2, 0, seed(t))
	rep, info, err := importBook(t, b, "a.xlsx", ImportOptions{Unit: "衢州市人民政府办公室", Year: 2022})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Meta.Unit != "衢州市人民政府办公室" || rep.Meta.Year != 2022 {
		t.Errorf("meta %+v", rep.Meta)
	}
	if !hasWarning(info, "单位名称按指定取为“衢州市人民政府办公室”（文件中为“衢州市人民政府”）") {
		t.Errorf("warnings %q lack the override", info.Warnings)
	}
	if hasWarning(info, "报告年度按指定") || hasWarning(info, "没有找到") {
		t.Errorf("warnings %q: the year agrees and nothing is missing", info.Warnings)
	}

	b = newBook(t, "Sheet1")
	b.report("Sheet1", 0, 0, seed(t))
	rep, info, err = importBook(t, b, "unit0001.xlsx", ImportOptions{Unit: "某某局", Year: 2022})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Meta.Unit != "某某局" || rep.Meta.Year != 2022 || len(info.Warnings) != 0 {
		t.Errorf("meta %+v, warnings %q", rep.Meta, info.Warnings)
	}
}

// Titles that disagree give no unit; the year of the one above the tables
// is theirs.
func TestImportTitlesDisagree(t *testing.T) {
	b := newBook(t, "年报", "封面")
	b.set("年报", 0, 0, "衢州市人民政府2022年政府信息公开工作年度报告")
	b.report("年报", 2, 0, seed(t))
	b.set("封面", 0, 0, "衢州市人民政府办公室2021年度政府信息公开工作年度报告")
	rep, info, err := importBook(t, b, "a.xlsx", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Meta.Unit != "" || rep.Meta.Year != 2022 {
		t.Errorf("meta %+v", rep.Meta)
	}
	for _, w := range []string{
		"没有找到单位名称：各标题中的单位不一致（工作表“年报”A1为“衢州市人民政府”，工作表“封面”A1为“衢州市人民政府办公室”），请在基本信息中填写。",
		"没有找到“报告年度”，按工作表“年报”A1的“衢州市人民政府2022年政府信息公开工作年度报告”取为2022年度，请核对。",
	} {
		if !hasWarning(info, w) {
			t.Errorf("warnings %q lack %q", info.Warnings, w)
		}
	}
}
