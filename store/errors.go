package store

import (
	"errors"
	"fmt"
	"io/fs"
)

// Code classifies a store error so that the GUI can decide what to offer:
// retry, pick another file, unlock the draft first, and so on.
type Code string

// The error codes. They are stable: the GUI and the logs rely on them.
const (
	CodeLocked   Code = "locked"    // the file is open in another window or program
	CodeCorrupt  Code = "corrupt"   // the file is damaged or is not a database at all
	CodeForeign  Code = "foreign"   // a database of some other program
	CodeTooNew   Code = "too_new"   // written by a newer version of this program
	CodeNotFound Code = "not_found" // no such draft or revision
	CodeExists   Code = "exists"    // a draft for that unit, year and format already exists
	CodeFinal    Code = "final"     // the draft is finalised and therefore read-only
	CodeInvalid  Code = "invalid"   // the request itself is wrong (blank unit, unknown cell…)
	CodeClosed   Code = "closed"    // the store or the autosaver has been closed
	CodeIO       Code = "io"        // the disk failed: permissions, disk full, I/O error
	CodeInternal Code = "internal"  // a bug
	CodeMissing  Code = "missing"   // Options.MustExist and the file does not exist
	CodeReadOnly Code = "read_only" // the file is open read-only: viewing, check, export only
	CodeDamaged  Code = "damaged"   // one draft's stored data is damaged; the rest of the file is fine
)

// Error is every error the store returns. Msg is written for the clerk, in
// Chinese, and is what the GUI shows; Err is the cause, for the log. Keeping
// them apart means a clerk never sees "mmap: cannot allocate memory" and a
// developer still does.
//
// errors.Is(err, ErrLocked) and the other sentinels compare codes only.
type Error struct {
	Code Code
	Msg  string // for the clerk
	Path string // the file concerned, if any
	Err  error  // the cause, if any
}

func (e *Error) Error() string {
	if e.Err == nil {
		return e.Msg
	}
	return e.Msg + " (" + e.Err.Error() + ")"
}

func (e *Error) Unwrap() error { return e.Err }

// Is makes errors.Is match any *Error with the same code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Sentinels for errors.Is.
var (
	ErrLocked   = &Error{Code: CodeLocked}
	ErrCorrupt  = &Error{Code: CodeCorrupt}
	ErrForeign  = &Error{Code: CodeForeign}
	ErrTooNew   = &Error{Code: CodeTooNew}
	ErrNotFound = &Error{Code: CodeNotFound}
	ErrExists   = &Error{Code: CodeExists}
	ErrFinal    = &Error{Code: CodeFinal}
	ErrInvalid  = &Error{Code: CodeInvalid}
	ErrClosed   = &Error{Code: CodeClosed}
	ErrIO       = &Error{Code: CodeIO}
	ErrMissing  = &Error{Code: CodeMissing}
	ErrReadOnly = &Error{Code: CodeReadOnly}
	ErrDamaged  = &Error{Code: CodeDamaged}
)

// ErrorCode returns the code of err: "" for nil, CodeInternal for an error
// that did not come from the store.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// ErrorMessage returns the Chinese message for the clerk. Errors that did
// not come from the store get a generic message; log them.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Msg != "" {
		return e.Msg
	}
	return "程序内部错误，请把日志交给技术人员。"
}

func errNotFound(id string) error {
	return &Error{Code: CodeNotFound, Msg: "找不到这份草稿，它可能已被删除。", Err: fmt.Errorf("draft %s not found", id)}
}

func errFinal(id string) error {
	return &Error{Code: CodeFinal, Msg: "这份报告已定稿，不能修改。如需修改，请先“解除定稿”并说明原因。",
		Err: fmt.Errorf("draft %s is final", id)}
}

func errClosed() error {
	return &Error{Code: CodeClosed, Msg: "数据文件已关闭，修改没有保存。"}
}

func invalid(msg string) error {
	return &Error{Code: CodeInvalid, Msg: msg}
}

func errMissing(path string) error {
	return &Error{Code: CodeMissing, Path: path,
		Msg: "数据文件 " + path + " 不存在。请检查文件名和所在的文件夹是否写对（在U盘上的，U盘是否已插好）。",
		Err: fmt.Errorf("open %s: %w", path, fs.ErrNotExist)}
}

func errReadOnly(path string) error {
	return &Error{Code: CodeReadOnly, Path: path,
		Msg: "数据文件 " + path + " 是只读的（文件设为只读、在光盘或写保护的U盘上，或以只读方式打开），" +
			"只能查看、检查、导出和发布，不能修改。如需修改，请把它复制到电脑上可以写入的文件夹，再打开复制的文件。",
		Err: fmt.Errorf("%s is open read-only", path)}
}
