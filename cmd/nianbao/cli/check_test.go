package cli

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/model"
)

const seedJSON = "../../../model/testdata/seed-quzhou-2022.json"

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = Run(Env{Stdout: &o, Stderr: &e, Version: "test"}, args)
	return code, o.String(), e.String()
}

// seedReport is the published Quzhou 2022 report, its totals as computed.
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

// writeReport saves a variant of the seed with one edit applied.
func writeReport(t *testing.T, edit func(r *model.Report)) string {
	t.Helper()
	r := seedReport(t)
	if edit != nil {
		edit(r)
	}
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.json")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCheckSeedPasses(t *testing.T) {
	code, out, errOut := run(t, "check", seedJSON)
	if code != 0 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	if !strings.Contains(errOut, "0 个错误，0 个警告") {
		t.Errorf("summary %q", errOut)
	}
}

func TestCheckFindsErrors(t *testing.T) {
	path := writeReport(t, func(r *model.Report) {
		_ = r.Set("t3.carry_forward.natural", "7")
		_ = r.Set("t2.fee.amount", "")
	})
	code, out, _ := run(t, "check", path)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := []string{
		"错误 T3-R1 表三·自然人列：第一项+第二项=842，第三项+第四项=841，相差1；表三·四、结转下年度继续办理·自然人 应为 8",
		"警告 BLANK 表二·行政事业性收费行：整行未填，按0计算；确实为0请填0",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", out, strings.Join(want, "\n"))
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "错误 ") && !strings.HasPrefix(l, "警告 ") && !strings.HasPrefix(l, "提示 ") {
			t.Errorf("line does not start with a severity word: %q", l)
		}
	}
}

func TestCheckWarningsOnlyExitZero(t *testing.T) {
	path := writeReport(t, func(r *model.Report) { _ = r.Set("t2.fee.amount", "") })
	if code, out, _ := run(t, "check", path); code != 0 || !strings.HasPrefix(out, "警告 BLANK") {
		t.Fatalf("exit %d, out %q", code, out)
	}
}

func TestCheckPrev(t *testing.T) {
	prev := writeReport(t, func(r *model.Report) {
		r.Meta.Year = 2021
		_ = r.Set("t3.carry_forward.natural", "20")
		_ = r.Set("t3.new_received.natural", "831") // keep last year balanced
	})
	code, out, _ := run(t, "check", "--prev", prev, seedJSON)
	if code != 1 || !strings.Contains(out, "错误 X-R1 表三·自然人列：本年“二、上年结转”=23，上年“四、结转下年度继续办理”=20，相差3") {
		t.Fatalf("exit %d, out:\n%s", code, out)
	}
}

func TestCheckJSON(t *testing.T) {
	bad := writeReport(t, func(r *model.Report) { _ = r.Set("t3.granted.legal", "x") })
	code, out, _ := run(t, "check", "--json", seedJSON, bad, "missing.json")
	if code != 2 {
		t.Errorf("exit %d, want 2 (one file unreadable)", code)
	}
	var got struct {
		Files []fileJSON `json:"files"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(got.Files) != 3 {
		t.Fatalf("%d files", len(got.Files))
	}
	if f := got.Files[0]; f.Errors != 0 || len(f.Findings) != 0 {
		t.Errorf("seed: %+v", f)
	}
	f := got.Files[1]
	if f.Errors != 1 || f.Findings[0].Rule != "INPUT" || f.Findings[0].Cells[0] != "t3.granted.legal" || f.Findings[0].Severity != "error" {
		t.Errorf("bad: %+v", f)
	}
	if got.Files[2].Error != "文件不存在" {
		t.Errorf("missing: %+v", got.Files[2])
	}
}

func TestCheckUnreadable(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.json")
	os.WriteFile(garbage, []byte("{\"format\": \"nianbao-report\", \"cells\": "), 0o644)
	unknownCell := filepath.Join(dir, "cell.json")
	os.WriteFile(unknownCell, []byte(`{"format":"nianbao-report","version":1,"template":"2021","meta":{},"cells":{"t3.nope.natural":1}}`), 0o644)
	future := filepath.Join(dir, "future.json")
	os.WriteFile(future, []byte(`{"format":"nianbao-report","version":99,"template":"2021"}`), 0o644)
	tests := []struct{ path, msg string }{
		{garbage, "不是有效的JSON报告文件"},
		{unknownCell, "没有单元格 t3.nope.natural"},
		{future, "请升级程序"},
		{filepath.Join(dir, "none.json"), "文件不存在"},
		{dir, "不支持的文件类型"},
		{filepath.Join(dir, "report.doc"), "旧版 Word 格式（.doc），请用 Word 或 WPS 另存为 .docx"},
		{filepath.Join(dir, "report.pdf"), "PDF 文件中的表格无法可靠读取"},
		{filepath.Join(dir, "none.docx"), "Word文档“none.docx”不存在"},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, "check", tt.path)
		if code != 2 || out != "" || !strings.Contains(errOut, tt.msg) || !strings.Contains(errOut, tt.path) {
			t.Errorf("%s: exit %d, stderr %q, want exit 2 and %q", tt.path, code, errOut, tt.msg)
		}
		if strings.Contains(errOut, "goroutine") || strings.Contains(errOut, "panic") {
			t.Errorf("%s: stack trace: %s", tt.path, errOut)
		}
	}
}

func TestUsage(t *testing.T) {
	if code, out, _ := run(t, "help"); code != 0 || !strings.Contains(out, "nianbao check") {
		t.Errorf("help: %d %q", code, out)
	}
	if code, _, errOut := run(t, "frobnicate"); code != 2 || !strings.Contains(errOut, "没有“frobnicate”这个命令") {
		t.Errorf("unknown: %d %q", code, errOut)
	}
	if code, _, errOut := run(t, "check", "--bogus", "x.json"); code != 2 || !strings.Contains(errOut, "没有这个选项") {
		t.Errorf("bad flag: %d %q", code, errOut)
	}
	if code, _, errOut := run(t, "check"); code != 2 || !strings.Contains(errOut, "请给出要检查的报告文件") {
		t.Errorf("no files: %d %q", code, errOut)
	}
	if code, out, _ := run(t, "--version"); code != 0 || !strings.Contains(out, "test") {
		t.Errorf("version: %d %q", code, out)
	}
	book := filepath.Join(t.TempDir(), "年报.xlsx")
	os.WriteFile(book, []byte("x"), 0o644)
	for _, args := range [][]string{nil, {"--db", "x.db"}, {book}} {
		if IsCommand(args) {
			t.Errorf("IsCommand(%q) = true; the GUI should run", args)
		}
	}
	for _, args := range [][]string{{"check"}, {"--version"}, {"typo"}} {
		if !IsCommand(args) {
			t.Errorf("IsCommand(%q) = false", args)
		}
	}
}

func TestOptionsAfterFiles(t *testing.T) {
	prev := writeReport(t, func(r *model.Report) {
		r.Meta.Year = 2021
		_ = r.Set("t3.carry_forward.natural", "20")
		_ = r.Set("t3.new_received.natural", "831")
	})
	code, out, errOut := run(t, "check", seedJSON, "--prev", prev, "--json")
	if code != 1 || !strings.Contains(out, `"rule": "X-R1"`) {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
}

// The terminal gets the Chinese message; the log gets the cause with it,
// so a file refused in an office can be understood from its log.
func TestCauseLogged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "坏.xlsx")
	if err := os.WriteFile(path, []byte("not a workbook at all"), 0o600); err != nil {
		t.Fatal(err)
	}
	var o, e, logged bytes.Buffer
	code := Run(Env{Stdout: &o, Stderr: &e, Version: "test", Log: slog.New(slog.NewTextHandler(&logged, nil))}, []string{"check", path})
	if code != exitFailure || !strings.Contains(e.String(), "不是Excel工作簿") || strings.Contains(e.String(), "no zip signature") {
		t.Errorf("exit %d, stderr %q", code, e.String())
	}
	if l := logged.String(); !strings.Contains(l, "no zip signature") || !strings.Contains(l, "code=corrupt") {
		t.Errorf("log %q lacks the cause and code", l)
	}
}
