package model

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// One vocabulary: code and message found through wrapping, errors.Is by
// code, the cause kept for the log, a foreign error an internal one.
func TestErrorClassification(t *testing.T) {
	locked := &Failure{Code: CodeLocked, Msg: "数据文件正被另一个窗口使用", Err: io.ErrUnexpectedEOF}
	tests := []struct {
		name     string
		err      error
		code     ErrorCode
		msg      string
		sentinel error
	}{
		{"nil", nil, "", "", nil},
		{"store error", locked, CodeLocked, "数据文件正被另一个窗口使用", &Failure{Code: CodeLocked}},
		{"wrapped", fmt.Errorf("open window: %w", locked), CodeLocked, "数据文件正被另一个窗口使用", &Failure{Code: CodeLocked}},
		{"foreign error", io.EOF, CodeInternal, "程序内部错误，请把日志交给技术人员。", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorCodeOf(tt.err); got != tt.code {
				t.Errorf("ErrorCodeOf = %q, want %q", got, tt.code)
			}
			if got := ErrorMessage(tt.err); got != tt.msg {
				t.Errorf("ErrorMessage = %q, want %q", got, tt.msg)
			}
			if tt.sentinel != nil && !errors.Is(tt.err, tt.sentinel) {
				t.Errorf("errors.Is(%v, sentinel) = false", tt.err)
			}
			if tt.err != nil && errors.Is(tt.err, &Failure{Code: CodeCorrupt}) {
				t.Errorf("errors.Is(%v, corrupt) = true", tt.err)
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
