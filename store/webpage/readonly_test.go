package webpage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/model"
)

// Publishing never replaces a page marked read-only, root or not.
func TestWriteFileKeepsReadOnlyFile(t *testing.T) {
	r := seedReport(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "年报.html")
	if err := os.WriteFile(path, []byte("已发布的网页"), 0o444); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(path, r)
	if model.ErrorCodeOf(err) != model.CodeReadOnly {
		t.Fatalf("error %v", err)
	}
	if msg := model.ErrorMessage(err); !strings.Contains(msg, "文件“"+path+"”是只读的，没有覆盖；请换一个文件名或先取消只读") {
		t.Errorf("message %q", msg)
	}
	if data, _ := os.ReadFile(path); string(data) != "已发布的网页" {
		t.Error("the read-only page was replaced")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left: %v", entries)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, r); err != nil {
		t.Fatalf("a writable page: %v", err)
	}
}
