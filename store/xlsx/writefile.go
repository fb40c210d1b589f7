package xlsx

import (
	"io"

	"nianbao/model"
	"nianbao/store/internal/safefile"
)

// WriteFile exports r to path without ever leaving a half-written file
// there: the workbook goes to a temporary file in the same directory,
// which then replaces the target in one rename. If the target is open in
// Excel or WPS (Windows locks the files it shows) the error says so in
// Chinese and has code CodeLocked; the previous file is untouched.
//
// A target marked read-only is never replaced: the error has code
// CodeReadOnly (see ReadOnlyTarget).
func WriteFile(path string, r *model.Report, opts ExportOptions) error {
	return safefile.Write(path, func(w io.Writer) error { return Export(w, r, opts) })
}

// ReadOnlyTarget returns an error if path is an existing file marked
// read-only, which an export must not replace (see safefile.ReadOnly).
func ReadOnlyTarget(path string) error { return safefile.ReadOnly(path) }
