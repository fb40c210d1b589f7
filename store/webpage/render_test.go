package webpage

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

var renderDocs = flag.Bool("render", false, "render the seed's page to ../../docs/publish-seed.png (needs chromium and ImageMagick)")

// TestRenderDocs regenerates the picture of the published page used in the
// README, as Debian's chromium shows it:
//
//	go test ./store/webpage -run TestRenderDocs -render
//
// The page's lang="zh-CN" makes Chromium pick the SC faces of Noto CJK.
func TestRenderDocs(t *testing.T) {
	if !*renderDocs {
		t.Skip("run with -render")
	}
	for _, tool := range []string{"chromium", "convert"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "seed.html")
	if err := WriteFile(page, seedReport(t)); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "shot.png")
	cmd := exec.Command("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
		"--window-size=900,3600", "--screenshot="+shot, "file://"+page)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	// Trim the white below the page, keep a margin, store in grey.
	out := filepath.Join("..", "..", "docs", "publish-seed.png")
	cmd = exec.Command("convert", shot, "-trim", "-bordercolor", "white", "-border", "24", "+repage",
		"-colorspace", "Gray", "-depth", "8", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("convert: %v\n%s", err, b)
	}
	if st, err := os.Stat(out); err != nil || st.Size() == 0 {
		t.Fatalf("no picture: %v", err)
	}
}
