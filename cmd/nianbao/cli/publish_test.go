package cli

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/model"
)

// A narrative that disagrees with its tables: check warns (exit 0, it is
// not an error) and says which sentence and what the table has.
func TestCheckNarrativeFigures(t *testing.T) {
	path := writeReport(t, func(r *model.Report) {
		r.Narrative["overview"] = strings.Replace(r.Narrative["overview"], "行政复议187件", "行政复议180件", 1)
	})
	// Only that sentence: the figures of the one before it agree.
	code, out, _ := run(t, "check", path)
	want := "警告 N-R1 正文·一、总体情况：“全年办理涉及政府信息公开的行政复议180件、行政诉讼39件”：行政复议180件，表中为187（行政复议总数）\n"
	if code != 0 || out != want {
		t.Errorf("exit %d, got\n%s\nwant\n%s", code, out, want)
	}
	code, out, _ = run(t, "check", "--json", path)
	if code != 0 || !strings.Contains(out, `"rule": "N-R1"`) || !strings.Contains(out, `"t4.review_total"`) {
		t.Errorf("json: %d\n%s", code, out)
	}
}

func TestPublish(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "年报.html")
	code, out, errOut := run(t, "publish", seedJSON, "-o", page)
	if code != 0 || !strings.HasPrefix(out, "已生成 "+page+"（0 个错误，0 个警告）") {
		t.Fatalf("publish: %d %q %q", code, out, errOut)
	}
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<!DOCTYPE html>", "<h1>衢州市人民政府办公室2022年政府信息公开工作年度报告</h1>", ">835</td>"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("page lacks %q", want)
		}
	}

	// From the database, with a narrative figure that is wrong: the page is
	// written and the sentence is named.
	db := filepath.Join(dir, "drafts.db")
	bad := writeReport(t, func(r *model.Report) {
		r.Narrative["overview"] = strings.Replace(r.Narrative["overview"], "予以公开和部分公开543件", "予以公开和部分公开五百件", 1)
	})
	if code, _, errOut := run(t, "import", "--db", db, "--new", bad); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	page2 := filepath.Join(dir, "b.htm")
	code, out, errOut = run(t, "publish", "--db", db, "--unit", "衢州市人民政府办公室", "--year", "2022", "-o", page2)
	if code != 0 || !strings.Contains(out, "（0 个错误，1 个警告）") ||
		!strings.Contains(out, "  警告 N-R1 正文·一、总体情况：") || !strings.Contains(out, "予以公开和部分公开五百件，表中为543") {
		t.Fatalf("publish from db: %d %q %q", code, out, errOut)
	}
	if _, err := os.Stat(page2); err != nil {
		t.Error(err)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"publish", seedJSON}, "请给出一份报告和 -o 输出文件"},
		{[]string{"publish", "-o", page}, "请给出一份报告和 -o 输出文件"},
		{[]string{"publish", seedJSON, "-o", filepath.Join(dir, "a.pdf")}, "应以 .html（网页）或 .docx（Word文档）结尾"},
		{[]string{"publish", seedJSON, "-o", filepath.Join(dir, "a.doc")}, "应以 .html（网页）或 .docx（Word文档）结尾"},
		{[]string{"publish", seedJSON, "-o", filepath.Join(dir, "无此文件夹", "a.docx")}, "无法生成Word文档：无法保存“a.docx”：文件夹“" + filepath.Join(dir, "无此文件夹") + "”不存在"},
		{[]string{"publish", "--unit", "某局", "-o", page}, "请给出一份报告和 -o 输出文件"},
		{[]string{"publish", filepath.Join(dir, "无此文件.json"), "-o", page}, "文件不存在"},
		{[]string{"publish", "--db", db, "--unit", "无此单位", "--year", "2022", "-o", page}, "没有“无此单位”2022年度的报告"},
		{[]string{"publish", seedJSON, "-o", filepath.Join(dir, "无此文件夹", "a.html")}, "不存在"},
	} {
		code, _, errOut := run(t, tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d %q, want 2 and %q", tc.args, code, errOut, tc.want)
		}
		// The clerk reads Chinese, not the OS's words or our temp names.
		if strings.Contains(errOut, ".tmp") || strings.Contains(errOut, "no such file") {
			t.Errorf("%v: %q leaks the cause", tc.args, errOut)
		}
	}
}

// publish -o ….docx writes the Word document: a zip holding the report's
// text and tables; the narrative's figures are checked as for the page.
func TestPublishWord(t *testing.T) {
	dir := t.TempDir()
	doc := filepath.Join(dir, "年报.DOCX")
	code, out, errOut := run(t, "publish", seedJSON, "-o", doc)
	if code != 0 || !strings.HasPrefix(out, "已生成 "+doc+"（0 个错误，0 个警告）") {
		t.Fatalf("publish: %d %q %q", code, out, errOut)
	}
	z, err := zip.OpenReader(doc)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	f, err := z.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"衢州市人民政府办公室2022年政府信息公开工作年度报告", ">835</w:t>", "<w:vMerge w:val=\"restart\"/>"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("document lacks %q", want)
		}
	}
	// A read-only document is not replaced, and the clerk is told why.
	if err := os.Chmod(doc, 0o444); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = run(t, "publish", seedJSON, "-o", doc)
	if code != 2 || !strings.Contains(errOut, "无法生成Word文档：文件“"+doc+"”是只读的") {
		t.Errorf("read-only: %d %q", code, errOut)
	}
}
