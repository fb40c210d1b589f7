package xlsx

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/model"
)

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "衢州2022年报.xlsx")
	r := seed(t)
	if err := WriteFile(path, r, testOpts); err != nil {
		t.Fatal(err)
	}
	// Overwriting works, and leaves no temporary file behind.
	if err := WriteFile(path, r, testOpts); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the workbook", len(entries))
	}
	back, _, err := ImportFile(path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !back.Equal(r) {
		t.Error("file does not read back to the report")
	}
}

func TestWriteFileErrors(t *testing.T) {
	dir := t.TempDir()
	r := seed(t)

	// A folder that does not exist.
	err := WriteFile(filepath.Join(dir, "无此文件夹", "a.xlsx"), r, testOpts)
	if err == nil || !strings.Contains(model.ErrorMessage(err), "不存在") {
		t.Errorf("missing folder: %v", err)
	}

	// A folder where the file should go: the rename fails, the temporary
	// file is removed.
	target := filepath.Join(dir, "b.xlsx")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	err = WriteFile(target, r, testOpts)
	if err == nil || !strings.Contains(model.ErrorMessage(err), "“b.xlsx”") {
		t.Errorf("target is a folder: %v", err)
	}
	if matches, _ := filepath.Glob(filepath.Join(dir, ".b.xlsx.*.tmp")); len(matches) != 0 {
		t.Errorf("temporary files left: %v", matches)
	}

	// Excel's owner file beside the target explains a failed replace as
	// the file being open.
	if err := os.WriteFile(filepath.Join(dir, "~$b.xlsx"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	err = WriteFile(target, r, testOpts)
	if model.ErrorCodeOf(err) != model.CodeLocked || !strings.Contains(model.ErrorMessage(err), "Excel") {
		t.Errorf("locked: %v", err)
	}
	t.Log(model.ErrorMessage(err))
}
