package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"nianbao/scripts/benchgen/gen"
)

// handmadeBook writes one of the generator's hand-made workbooks (unit
// 7: title form 0) with its title cells replaced by title, under name.
func handmadeBook(t *testing.T, name string, title ...string) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := gen.Write(dir, 8); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(filepath.Join(dir, gen.File(7)))
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetList()[0]
	for i := range 2 {
		text := ""
		if i < len(title) {
			text = title[i]
		}
		if err := f.SetCellValue(sheet, "A"+string(rune('1'+i)), text); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, name)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportUnitYearFlags(t *testing.T) {
	db := filepath.Join(t.TempDir(), "drafts.db")

	// No title, no labels, no year in the name: refused only for the
	// missing unit and year, saying which flags to give.
	bare := handmadeBook(t, "unit0007.xlsx")
	code, _, stderr := run(t, "import", "--new", "--db", db, bare)
	if code != 2 || !strings.Contains(stderr, "文件中没有找到单位名称和报告年度，请用 --unit 和 --year 指定") {
		t.Errorf("bare: exit %d, %q", code, stderr)
	}
	code, _, stderr = run(t, "import", "--new", "--db", db, "--year", "2023", bare)
	if code != 2 || !strings.Contains(stderr, "文件中没有找到单位名称，请用 --unit 指定") {
		t.Errorf("bare with --year: exit %d, %q", code, stderr)
	}
	code, stdout, stderr := run(t, "import", "--new", "--db", db, "--unit", "某某局", "--year", "2023年度", bare)
	if code != 0 || !strings.Contains(stdout, "→ 某某局 2023年度") {
		t.Errorf("bare with flags: exit %d, %q %q", code, stdout, stderr)
	}

	// A title gives both, and the note says so.
	titled := handmadeBook(t, "unit0008.xlsx", "附件1：", "平潭综合实验区二〇二三年度政府信息公开工作年度报告（表格部分）")
	code, stdout, stderr = run(t, "import", "--new", "--db", db, titled)
	if code != 0 || !strings.Contains(stdout, "→ 平潭综合实验区 2023年度") || !strings.Contains(stdout, "按标题") {
		t.Errorf("titled: exit %d, %q %q", code, stdout, stderr)
	}
	// The flags win over the title, with a note.
	code, stdout, stderr = run(t, "import", "--new", "--db", db, "--unit", "平潭综合实验区管委会", titled)
	if code != 0 || !strings.Contains(stdout, "→ 平潭综合实验区管委会 2023年度") ||
		!strings.Contains(stdout, "单位名称按指定取为“平潭综合实验区管委会”（文件中为“平潭综合实验区”）") {
		t.Errorf("titled with --unit: exit %d, %q %q", code, stdout, stderr)
	}

	// A JSON file too.
	code, stdout, stderr = run(t, "import", "--new", "--db", db, "--year", "2021", seedJSON)
	if code != 0 || !strings.Contains(stdout, "→ 衢州市人民政府办公室 2021年度") || !strings.Contains(stdout, "报告年度按 --year 取为2021年度（文件中为2022年度）") {
		t.Errorf("json with --year: exit %d, %q %q", code, stdout, stderr)
	}

	if code, _, stderr := run(t, "import", "--new", "--db", db, "--year", "22", bare); code != 2 || !strings.Contains(stderr, "--year 年度应为四位数字的年份") {
		t.Errorf("bad --year: exit %d, %q", code, stderr)
	}
}

// Copies of different years and no year known: refused, and the message
// says --year chooses.
func TestImportAmbiguousYearFlag(t *testing.T) {
	src := handmadeBook(t, "a.xlsx")
	f, err := excelize.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetList()[0]
	if err := f.SetSheetName(sheet, "2023年"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("2022年"); err != nil {
		t.Fatal(err)
	}
	// Last year's copy: the same layout, other numbers.
	rows, _ := f.GetRows("2023年")
	for r, row := range rows[2:] {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+3)
			if n := strings.TrimSuffix(v, "件"); isDigits(n) {
				v = n + "1"
			}
			if err := f.SetCellValue("2022年", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "unit.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "drafts.db")
	code, _, stderr := run(t, "import", "--new", "--db", db, "--unit", "某某局", path)
	if code != 2 || !strings.Contains(stderr, "中有不同年度的表二") || !strings.Contains(stderr, "（可用 --year 指定报告年度）") {
		t.Errorf("exit %d, %q", code, stderr)
	}
	code, stdout, stderr := run(t, "import", "--new", "--db", db, "--unit", "某某局", "--year", "2023", path)
	if code != 0 || !strings.Contains(stdout, "按工作表“2023年”") {
		t.Errorf("with --year: exit %d, %q %q", code, stdout, stderr)
	}
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
