package drafts

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestDefaultPath(t *testing.T) {
	if runtime.GOOS == "linux" {
		t.Setenv("XDG_DATA_HOME", "/data/home")
	}
	p, err := DefaultPath()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(p, filepath.Join("nianbao", "drafts.db")) || !filepath.IsAbs(p) {
		t.Errorf("DefaultPath() = %q", p)
	}
	if runtime.GOOS == "linux" && p != "/data/home/nianbao/drafts.db" {
		t.Errorf("DefaultPath() = %q, want it under XDG_DATA_HOME", p)
	}
}

func TestFreshPath(t *testing.T) {
	dir := t.TempDir()
	touch := func(name string) {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name     string
		existing []string
		want     string
	}{
		{"drafts.db", nil, "drafts-new.db"},
		{"drafts.db", []string{"drafts-new.db"}, "drafts-new-2.db"},
		{"drafts.db", []string{"drafts-new.db", "drafts-new-2.db"}, "drafts-new-3.db"},
		{"数据", nil, "数据-new.db"},
	}
	for _, tt := range tests {
		for _, e := range tt.existing {
			touch(e)
		}
		if got := FreshPath(filepath.Join(dir, tt.name)); got != filepath.Join(dir, tt.want) {
			t.Errorf("FreshPath(%s) with %v = %s, want %s", tt.name, tt.existing, filepath.Base(got), tt.want)
		}
	}
}
