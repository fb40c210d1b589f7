package model

import "errors"

// ErrorCode classifies an error so that a caller can decide what to offer
// (retry, pick another file, give the year, unlock the draft first) without
// reading its message. The codes are stable: the GUI, the CLI's exit codes
// and the log rely on them.
type ErrorCode string

// The error codes, shared by every adapter (the drafts file, workbooks, web
// pages, report files and folders).
const (
	// Files in general.
	CodeNotFound ErrorCode = "not_found" // no such file, draft or revision
	CodeLocked   ErrorCode = "locked"    // held open by another window or program
	CodeReadOnly ErrorCode = "read_only" // the file or folder cannot be written
	CodeIO       ErrorCode = "io"        // the disk failed: permissions, disk full, I/O error
	CodeCorrupt  ErrorCode = "corrupt"   // damaged, truncated, or not of the kind its name says
	CodeTooLarge ErrorCode = "too_large" // far larger than any report
	// Report files.
	CodeUnsupported ErrorCode = "unsupported" // a format not read (.xls, .doc, .pdf…): save it as one that is
	CodeEncrypted   ErrorCode = "encrypted"   // password-protected
	CodeNotReport   ErrorCode = "not_report"  // readable, but holds no table of the report
	CodeIncomplete  ErrorCode = "incomplete"  // tables, rows or columns of the report are missing
	CodeAmbiguous   ErrorCode = "ambiguous"   // two different copies of a table, or two years: refused, not guessed
	// The drafts file.
	CodeForeign ErrorCode = "foreign" // a database of some other program
	CodeTooNew  ErrorCode = "too_new" // written by a newer version of this program
	CodeExists  ErrorCode = "exists"  // a draft for that unit, year and format already exists
	CodeFinal   ErrorCode = "final"   // the draft is finalised and therefore read-only
	CodeClosed  ErrorCode = "closed"  // the store or the autosaver has been closed
	CodeMissing ErrorCode = "missing" // the drafts file named does not exist (and must)
	CodeDamaged ErrorCode = "damaged" // one draft's stored data is damaged; the rest of the file is fine
	// Any.
	CodeInvalid  ErrorCode = "invalid"  // the request itself is wrong (blank unit, unknown cell…)
	CodeInternal ErrorCode = "internal" // a bug
)

// Failure is every error an adapter returns to the program: Msg is written
// for the clerk, in Chinese, and is what the GUI and the CLI show; Err is
// the cause, for the log. Keeping them apart means a clerk never sees
// "mmap: cannot allocate memory" and a developer still does. Each adapter
// translates its library's errors into this one vocabulary where it calls
// the library, so the program switches on Code only.
//
// errors.Is(err, &Failure{Code: c}) matches any *Failure with code c.
type Failure struct {
	Code ErrorCode
	Msg  string // for the clerk; names the file where one is concerned
	Path string // the file concerned, if any
	Err  error  // the cause, if any
}

func (e *Failure) Error() string {
	if e.Err == nil {
		return e.Msg
	}
	if e.Msg == "" {
		return e.Err.Error()
	}
	return e.Msg + " (" + e.Err.Error() + ")"
}

func (e *Failure) Unwrap() error { return e.Err }

// Is makes errors.Is match any *Failure with the same code.
func (e *Failure) Is(target error) bool {
	t, ok := target.(*Failure)
	return ok && t.Code == e.Code
}

// ErrorCodeOf returns the code of err: "" for nil, CodeInternal for an
// error that is not an *Failure.
func ErrorCodeOf(err error) ErrorCode {
	if err == nil {
		return ""
	}
	var e *Failure
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// InternalMessage is what the clerk is told of an error that no adapter
// put into words: a bug. Its cause goes to the log.
const InternalMessage = "程序内部错误，请把日志交给技术人员。"

// ErrorMessage returns the Chinese message for the clerk: the outermost
// *Failure's Msg, or InternalMessage for anything else (log its cause).
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Failure
	if errors.As(err, &e) && e.Msg != "" {
		return e.Msg
	}
	return InternalMessage
}
