package reportfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A folder's files: the reports to read, every other file with its reason,
// lock files and hidden files counted.
func TestFolder(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"b.xlsx", "a.XLSX", "~$a.xlsx", "c.xls", "d.json", "e.xlsm", "sub/f.xlsx", ".hidden/g.xlsx", ".h.xlsx",
		"g.et", "h.ODS", "i.csv", "j.docx", "k.pdf", "l.htm", "l2.HTML", "p.doc", "q.wps", "m.png", "n.txt", "o.zip", "noext", "Thumbs.db", "sub/~$f.xlsx"} {
		p = filepath.Join(dir, p)
		os.MkdirAll(filepath.Dir(p), 0o700)
		os.WriteFile(p, nil, 0o600)
	}
	os.Mkdir(filepath.Join(dir, "folder.xlsx"), 0o700)
	found := Folder(dir)
	rel := func(p string) string {
		r, _ := filepath.Rel(dir, p)
		return filepath.ToSlash(r)
	}
	var names []string
	for _, p := range found.Reports {
		names = append(names, rel(p))
	}
	if got := strings.Join(names, " "); got != "a.XLSX b.xlsx d.json e.xlsm j.docx l.htm l2.HTML sub/f.xlsx" || len(found.Errs) != 0 {
		t.Errorf("reports = %s, %v", got, found.Errs)
	}
	const convert = "请用 Excel 或 WPS 另存为 .xlsx 后再汇总"
	want := map[string]string{
		"c.xls": convert, "g.et": convert, "h.ODS": convert, "i.csv": convert,
		"p.doc": "请用 Word 或 WPS 另存为 .docx", "q.wps": "请用 WPS 另存为 .docx",
		"k.pdf": "请使用该报告的 Word 文档（.docx）或网页（.html）",
		"m.png": "不是年报文件", "n.txt": "不是年报文件", "o.zip": "不是年报文件", "noext": "不是年报文件",
	}
	for _, s := range found.Skipped {
		w, ok := want[rel(s.Path)]
		if !ok || !strings.Contains(s.Reason, w) || s.Convert != (strings.Contains(w, "另存为")) {
			t.Errorf("skipped %s: %q (convert %v), want %q", rel(s.Path), s.Reason, s.Convert, w)
		}
		delete(want, rel(s.Path))
	}
	if len(want) != 0 {
		t.Errorf("not listed: %v", want)
	}
	// ~$a.xlsx, sub/~$f.xlsx, .hidden (a folder), .h.xlsx, Thumbs.db
	if found.Temp != 5 || found.Converts() != 6 {
		t.Errorf("temp %d, converts %d; want 5 and 6", found.Temp, found.Converts())
	}
	lines := strings.Join(found.Lines(dir), "\n")
	if !strings.Contains(lines, "5个临时或隐藏文件") || !strings.Contains(lines, "跳过 "+filepath.Join(dir, "c.xls")+"：旧版 Excel 格式（.xls），"+convert) {
		t.Errorf("lines:\n%s", lines)
	}
	if found := Folder(filepath.Join(dir, "none")); len(found.Errs) != 1 || !strings.Contains(found.Errs[0].Error(), "不存在") {
		t.Errorf("missing folder: %v", found.Errs)
	}
}

func TestOutputClash(t *testing.T) {
	dir := t.TempDir()
	units := filepath.Join(dir, "各单位")
	os.MkdirAll(filepath.Join(units, "乡镇"), 0o700)
	in1 := filepath.Join(dir, "in1.xlsx")
	os.WriteFile(in1, []byte("x"), 0o600)
	link := filepath.Join(dir, "链接.xlsx")
	if err := os.Symlink(in1, link); err != nil {
		t.Skip(err)
	}
	hard := filepath.Join(dir, "硬链接.xlsx")
	if err := os.Link(in1, hard); err != nil {
		t.Skip(err)
	}
	unitsLink := filepath.Join(dir, "另一名字")
	os.Symlink(units, unitsLink)
	for _, tc := range []struct {
		out   string
		dirs  []string
		files []string
		want  string
	}{
		{in1, nil, []string{in1}, "就是要汇总的文件"},
		{filepath.Join(dir, "sub", "..", "in1.xlsx"), nil, []string{in1}, "就是要汇总的文件"},
		{link, nil, []string{in1}, "就是要汇总的文件"},
		{in1, nil, []string{hard}, "就是要汇总的文件"},
		{filepath.Join(units, "汇总.xlsx"), []string{units}, nil, "在要汇总的文件夹"},       // not there yet
		{filepath.Join(units, "乡镇", "汇总.json"), []string{units}, nil, "在要汇总的文件夹"}, // a subfolder
		{filepath.Join(unitsLink, "汇总.xlsx"), []string{units}, nil, "在要汇总的文件夹"},   // by another name
		{filepath.Join(dir, "汇总.xlsx"), []string{units}, []string{in1}, ""},
		{filepath.Join(dir, "各单位汇总.xlsx"), []string{units}, nil, ""}, // a prefix, not inside
	} {
		if got := OutputClash(tc.out, tc.dirs, tc.files); (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("OutputClash(%s, %v, %v) = %q, want %q", tc.out, tc.dirs, tc.files, got, tc.want)
		}
	}
}
