package xlsx

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
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
	for page, name := range map[string]string{"1": "xlsx-cover.png", "3": "xlsx-table3.png"} {
		prefix := filepath.Join(dir, "page"+page)
		cmd := exec.Command("pdftoppm", "-png", "-r", "80", "-f", page, "-l", page, "-singlefile",
			filepath.Join(dir, "seed.pdf"), prefix)
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
