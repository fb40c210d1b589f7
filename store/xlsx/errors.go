package xlsx

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
)

// Kinds of failure a caller may want to tell apart (errors.Is). The Chinese
// sentence for the clerk is in *Error.Msg; these only classify.
var (
	// ErrLocked: the target file is held open by another program (Excel or
	// WPS on Windows lock the workbooks they show).
	ErrLocked = errors.New("file is locked by another program")
	// ErrEncrypted: the workbook is password-protected.
	ErrEncrypted = errors.New("workbook is encrypted")
	// ErrOldFormat: an Excel 97–2003 .xls (or another OLE file), not .xlsx.
	ErrOldFormat = errors.New("not an xlsx workbook (OLE/.xls)")
	// ErrCorrupt: not a zip/xlsx at all, truncated, or malformed.
	ErrCorrupt = errors.New("workbook is damaged or not an xlsx file")
	// ErrNotReport: a readable workbook in which no table of the annual
	// report was found.
	ErrNotReport = errors.New("workbook holds no report table")
	// ErrIncomplete: some tables, rows or columns of the report are missing.
	ErrIncomplete = errors.New("workbook lacks part of the report")
)

// Error is a failed export or import. Msg is the user-facing Chinese
// sentence and names the file; Kind is one of the Err* values above (nil for
// plain I/O failures); Err is the underlying cause, for logs.
type Error struct {
	File string
	Msg  string
	Kind error
	Err  error
}

func (e *Error) Error() string {
	if e.Err == nil {
		return e.Msg
	}
	return e.Msg + ": " + e.Err.Error()
}

// Unwrap exposes both the kind and the cause to errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	var out []error
	if e.Kind != nil {
		out = append(out, e.Kind)
	}
	if e.Err != nil {
		out = append(out, e.Err)
	}
	return out
}

// Message returns the Chinese sentence to show the clerk for any error this
// package returns, and err.Error() for anything else.
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Msg
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

// displayName is how a file is named in messages: its base name, quoted.
func displayName(name string) string {
	if name == "" {
		return "“（未命名）”"
	}
	return "“" + filepath.Base(name) + "”"
}

// recoverPanic turns a panic inside excelize into an *Error. excelize parses
// untrusted XML and has panicked on malformed workbooks in the past (index
// out of range on odd cell references, nil styles); the clerk must get a
// message, never a crash, and the draft must stay untouched. The stack goes
// into the cause for the log.
func recoverPanic(file, msg string, kind error, errp *error) {
	if p := recover(); p != nil {
		*errp = panicError(file, msg, kind, p)
	}
}

func panicError(file, msg string, kind error, p any) error {
	return &Error{File: file, Msg: msg, Kind: kind, Err: fmt.Errorf("internal panic: %v\n%s", p, debug.Stack())}
}
