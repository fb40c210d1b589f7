package docx

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var render = flag.Bool("render", false, "render the seed's document to ../../docs/docx-seed.png (needs libreoffice and pdftoppm)")

// TestRenderDocs regenerates the picture of the Word document used in the
// README, as LibreOffice prints it:
//
//	go test ./store/docx -run TestRenderDocs -render
//
// LibreOffice converts the document to PDF and pdftoppm rasterises the
// page with 表三 at 60 dpi. A private fontconfig file maps 宋体, 仿宋_GB2312,
// 楷体_GB2312 and 黑体 to Noto CJK SC, as a Chinese Windows machine would
// show them (without it fontconfig picks the Japanese face of the Noto
// collection). The PDF and every page are left in $DOCX_RENDER_DIR if set.
func TestRenderDocs(t *testing.T) {
	if !*render {
		t.Skip("run with -render")
	}
	for _, tool := range []string{"soffice", "pdftoppm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	dir := os.Getenv("DOCX_RENDER_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	doc := filepath.Join(dir, "seed.docx")
	if err := WriteFile(doc, seedReport(t)); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "fonts.conf")
	if err := os.WriteFile(conf, []byte(`<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="strong"><family>宋体</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="strong"><family>仿宋_GB2312</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="strong"><family>楷体_GB2312</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="strong"><family>黑体</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>
</fontconfig>
`), 0o644); err != nil {
		t.Fatal(err)
	}
	lo := exec.Command("soffice", "--headless", "--convert-to", "pdf", "--outdir", dir, doc)
	lo.Env = append(os.Environ(), "FONTCONFIG_FILE="+conf, "HOME="+dir)
	if out, err := lo.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf := filepath.Join(dir, "seed.pdf")
	if out, err := exec.Command("pdftoppm", "-png", "-r", "60", pdf, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	t.Logf("%d pages in %s", len(pages), dir)
	// The page that holds 表三 (三、收到和处理政府信息公开申请情况).
	n := strconv.Itoa(pageOf(t, pdf, "三、收到和处理"))
	out := filepath.Join("..", "..", "docs", "docx-seed")
	if b, err := exec.Command("pdftoppm", "-png", "-r", "60", "-singlefile", "-f", n, "-l", n, pdf, out).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, b)
	}
	out += ".png"
	if st, err := os.Stat(out); err != nil || st.Size() == 0 {
		t.Fatalf("no picture: %v", err)
	}
}

// pageOf is the number of the first page of a PDF whose text holds s.
func pageOf(t *testing.T, pdf, s string) int {
	text, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	for i, page := range strings.Split(string(text), "\f") {
		if strings.Contains(strings.ReplaceAll(page, " ", ""), s) {
			return i + 1
		}
	}
	t.Fatalf("no page holds %q", s)
	return 0
}
