package xlsx

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
)

var render = flag.Bool("render", false, "render the seed's export to ../../docs/xlsx-*.png (needs libreoffice and pdftoppm)")

// TestRenderDocs regenerates the pictures of an export used in the README:
//
//	go test ./store/xlsx/ -run TestRenderDocs -render
//
// LibreOffice converts the workbook to PDF and pdftoppm rasterises it at
// 80 dpi. A private fontconfig file maps 宋体/仿宋/黑体 to Noto CJK SC, as a
// Chinese Windows machine would show them (without it fontconfig picks the
// Japanese face of the Noto collection).
func TestRenderDocs(t *testing.T) {
	if !*render {
		t.Skip("run with -render")
	}
	for _, tool := range []string{"libreoffice", "pdftoppm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "seed.xlsx")
	if err := WriteFile(xlsx, seed(t), testOpts); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "fonts.conf")
	if err := os.WriteFile(conf, []byte(`<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="strong"><family>宋体</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="strong"><family>仿宋</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="strong"><family>黑体</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>
</fontconfig>
`), 0o644); err != nil {
		t.Fatal(err)
	}
	lo := exec.Command("libreoffice", "--headless", "--convert-to", "pdf", "--outdir", dir, xlsx)
	lo.Env = append(os.Environ(), "FONTCONFIG_FILE="+conf, "HOME="+dir)
	if out, err := lo.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	// A roll-up's 分单位情况 sheet, alone in its workbook for printing.
	a, b, c := seed(t), seed(t), seed(t)
	b.Meta.Unit, c.Meta.Unit = "衢州市柯城区人民政府", "衢州市衢江区人民政府"
	must(t, b.Set("t3.granted.natural", "999"))
	m, err := model.MergeReports([]model.MergeInput{{Source: "市政府办公室.xlsx", Report: a},
		{Source: "柯城区.xlsx", Report: b}, {Source: "衢江区.xlsx", Report: c},
		{Source: "市政府办公室(2).xlsx", Report: a.Clone()}, {Source: "龙游县.xls", Err: errors.New("是旧版Excel 97-2003（.xls）格式")}},
		model.MergeOptions{Unit: "衢州市汇总"})
	if err != nil {
		t.Fatal(err)
	}
	opts := testOpts
	opts.Breakdown = m
	f, err := excelize.OpenReader(bytes.NewReader(exportBytes(t, m.Report, opts)))
	if err != nil {
		t.Fatal(err)
	}
	f.SetActiveSheet(slices.Index(f.GetSheetList(), sheetBreakdown))
	for _, sh := range f.GetSheetList() {
		if sh != sheetBreakdown {
			must(t, f.DeleteSheet(sh))
		}
	}
	must(t, f.SaveAs(filepath.Join(dir, "rollup.xlsx")))
	lo = exec.Command("libreoffice", "--headless", "--convert-to", "pdf", "--outdir", dir, filepath.Join(dir, "rollup.xlsx"))
	lo.Env = append(os.Environ(), "FONTCONFIG_FILE="+conf, "HOME="+dir)
	if out, err := lo.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	for _, p := range []struct{ pdf, page, name string }{{"seed", "1", "xlsx-cover.png"}, {"seed", "3", "xlsx-table3.png"}, {"rollup", "1", "xlsx-breakdown.png"}} {
		page, name := p.page, p.name
		prefix := filepath.Join(dir, p.pdf+"-page"+page)
		cmd := exec.Command("pdftoppm", "-png", "-r", "80", "-f", page, "-l", page, "-singlefile",
			filepath.Join(dir, p.pdf+".pdf"), prefix)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v\n%s", err, out)
		}
		data, err := os.ReadFile(prefix + ".png")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("..", "..", "docs", name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
