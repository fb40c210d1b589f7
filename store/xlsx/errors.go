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
// and names the file, Code classifies (model.CodeCorrupt, CodeEncrypted,
// CodeUnsupported for an .xls, CodeNotReport, CodeIncomplete,
// CodeAmbiguous, CodeTooLarge, CodeLocked and CodeReadOnly when writing),
// Err is the cause for the log.

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

// readCode classifies an error from the file system.
func readCode(err error) model.ErrorCode {
	if errors.Is(err, fs.ErrNotExist) {
		return model.CodeNotFound
	}
	return model.CodeIO
}
