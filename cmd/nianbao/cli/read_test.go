package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportFilesIn(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"b.xlsx", "a.XLSX", "~$a.xlsx", "c.xls", "d.json", "e.xlsm", "sub/f.xlsx", ".hidden/g.xlsx", ".h.xlsx"} {
		p = filepath.Join(dir, p)
		os.MkdirAll(filepath.Dir(p), 0o700)
		os.WriteFile(p, nil, 0o600)
	}
	os.Mkdir(filepath.Join(dir, "folder.xlsx"), 0o700)
	files, bad := ReportFilesIn(dir)
	var names []string
	for _, p := range files {
		rel, _ := filepath.Rel(dir, p)
		names = append(names, filepath.ToSlash(rel))
	}
	if got := strings.Join(names, " "); got != "a.XLSX b.xlsx d.json e.xlsm sub/f.xlsx" || len(bad) != 0 {
		t.Errorf("ReportFilesIn = %s, %v", got, bad)
	}
	if _, bad := ReportFilesIn(filepath.Join(dir, "none")); len(bad) != 1 || !strings.Contains(bad[0].Error(), "不存在") {
		t.Errorf("missing folder: %v", bad)
	}
}
