package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestErrorClassification(t *testing.T) {
	locked := &Error{Code: CodeLocked, Msg: "数据文件正被另一个窗口使用", Err: io.ErrUnexpectedEOF}
	tests := []struct {
		name     string
		err      error
		code     Code
		msg      string
		sentinel error
	}{
		{"nil", nil, "", "", nil},
		{"store error", locked, CodeLocked, "数据文件正被另一个窗口使用", ErrLocked},
		{"wrapped", fmt.Errorf("open window: %w", locked), CodeLocked, "数据文件正被另一个窗口使用", ErrLocked},
		{"foreign error", io.EOF, CodeInternal, "程序内部错误，请把日志交给技术人员。", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorCode(tt.err); got != tt.code {
				t.Errorf("ErrorCode = %q, want %q", got, tt.code)
			}
			if got := ErrorMessage(tt.err); got != tt.msg {
				t.Errorf("ErrorMessage = %q, want %q", got, tt.msg)
			}
			if tt.sentinel != nil && !errors.Is(tt.err, tt.sentinel) {
				t.Errorf("errors.Is(%v, sentinel) = false", tt.err)
			}
			if tt.err != nil && errors.Is(tt.err, ErrCorrupt) {
				t.Errorf("errors.Is(%v, ErrCorrupt) = true", tt.err)
			}
		})
	}
	// The cause stays reachable for the log.
	if !errors.Is(locked, io.ErrUnexpectedEOF) {
		t.Error("cause not unwrapped")
	}
	if s := locked.Error(); !strings.Contains(s, "unexpected EOF") || !strings.Contains(s, "另一个窗口") {
		t.Errorf("Error() = %q: want message and cause", s)
	}
}

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
