package xlsx

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime/debug"

	"nianbao/model"
)

// Errors are *model.Failure: Msg is the Chinese sentence for the clerk
// and names the file, Code classifies, Err is the cause for the log. These
// are targets for errors.Is, which compares codes.
var (
	// ErrLocked: the target file is held open by another program (Excel or
	// WPS on Windows lock the workbooks they show).
	ErrLocked = &model.Failure{Code: model.CodeLocked}
	// ErrEncrypted: the workbook is password-protected.
	ErrEncrypted = &model.Failure{Code: model.CodeEncrypted}
	// ErrOldFormat: an Excel 97–2003 .xls (or another OLE file), not .xlsx.
	ErrOldFormat = &model.Failure{Code: model.CodeUnsupported}
	// ErrCorrupt: not a zip/xlsx at all, truncated, or malformed.
	ErrCorrupt = &model.Failure{Code: model.CodeCorrupt}
	// ErrNotReport: a readable workbook in which no table of the annual
	// report was found.
	ErrNotReport = &model.Failure{Code: model.CodeNotReport}
	// ErrIncomplete: some tables, rows or columns of the report are missing.
	ErrIncomplete = &model.Failure{Code: model.CodeIncomplete}
	// ErrAmbiguous: a workbook holds two different copies of a table and
	// nothing says which one is the report's, or tables of different years.
	ErrAmbiguous = &model.Failure{Code: model.CodeAmbiguous}
	// ErrTooLarge: the workbook is too large to read; the message says how
	// to cut it down.
	ErrTooLarge = &model.Failure{Code: model.CodeTooLarge}
	// ErrReadOnly: the target file is marked read-only.
	ErrReadOnly = &model.Failure{Code: model.CodeReadOnly}
)

// displayName is how a file is named in messages: its base name, quoted.
func displayName(name string) string {
	if name == "" {
		return "“（未命名）”"
	}
	return "“" + filepath.Base(name) + "”"
}

// recoverPanic turns a panic inside excelize into a *model.Failure. excelize parses
// untrusted XML and has panicked on malformed workbooks in the past (index
// out of range on odd cell references, nil styles); the clerk must get a
// message, never a crash, and the draft must stay untouched. The stack goes
// into the cause for the log.
func recoverPanic(file, msg string, code model.ErrorCode, errp *error) {
	if p := recover(); p != nil {
		*errp = panicError(file, msg, code, p)
	}
}

func panicError(file, msg string, code model.ErrorCode, p any) error {
	return &model.Failure{Code: code, Path: file, Msg: msg, Err: fmt.Errorf("internal panic: %v\n%s", p, debug.Stack())}
}

// readCode and writeCode classify an error from the file system.
func readCode(err error) model.ErrorCode {
	if errors.Is(err, fs.ErrNotExist) {
		return model.CodeNotFound
	}
	return model.CodeIO
}

func writeCode(err error) model.ErrorCode {
	if errors.Is(err, fs.ErrPermission) {
		return model.CodeReadOnly
	}
	return model.CodeIO
}
