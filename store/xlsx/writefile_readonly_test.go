package xlsx

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/model"
)

// An export never replaces a file marked read-only (0444, the Windows
// read-only attribute), not even as root, whom the permission bits do
// not stop: the mode is checked. The file is left byte for byte.
func TestWriteFileKeepsReadOnlyFile(t *testing.T) {
	r := seed(t)
	for _, mode := range []os.FileMode{0o444, 0o400, 0o555} {
		dir := t.TempDir()
		path := filepath.Join(dir, "年报.xlsx")
		if err := os.WriteFile(path, []byte("上一次的定稿"), mode); err != nil {
			t.Fatal(err)
		}
		err := WriteFile(path, r, testOpts)
		if model.ErrorCodeOf(err) != model.CodeReadOnly {
			t.Fatalf("mode %v: error %v", mode, err)
		}
		if msg := model.ErrorMessage(err); !strings.Contains(msg, "文件“"+path+"”是只读的，没有覆盖") || !strings.Contains(msg, "换一个文件名或先取消只读") {
			t.Errorf("message %q", msg)
		}
		if data, _ := os.ReadFile(path); string(data) != "上一次的定稿" {
			t.Errorf("mode %v: the read-only file was replaced", mode)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("files left: %v", entries)
		}
	}
	// A writable file is replaced as before.
	path := filepath.Join(t.TempDir(), "年报.xlsx")
	if err := os.WriteFile(path, []byte("旧"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, r, testOpts); err != nil {
		t.Fatal(err)
	}
}
