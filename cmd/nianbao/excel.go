package main

import (
	"errors"
	"path/filepath"
	"strings"

	"nianbao/model"
	"nianbao/store/reportfile"
	"nianbao/store/xlsx"
	"nianbao/ui"
)

// excel adapts the report-file adapters (store/xlsx, store/reportfile) to
// what the GUI needs (ui.Excel).
type excel struct{ version string }

// Import reads a workbook, or a report in the JSON interchange format
// (a rescue file, another program's output).
func (x excel) Import(path string) (*model.Report, []string, error) {
	return reportfile.Read(path, reportfile.Given{})
}

func (x excel) Export(path string, r *model.Report) error {
	return xlsx.WriteFile(path, r, xlsx.ExportOptions{AppVersion: x.version})
}

// ExportMerge writes the roll-up with its 分单位情况 sheet.
func (x excel) ExportMerge(path string, r *model.Report, m *model.Merge) error {
	return xlsx.WriteFile(path, r, xlsx.ExportOptions{AppVersion: x.version, Breakdown: m})
}

// ReportFiles lists the reports in a folder and its subfolders, and the
// files not read with why, as `nianbao merge` does.
func (x excel) ReportFiles(dir string) ([]string, []ui.SkippedFile, error) {
	found := reportfile.Folder(dir)
	var skipped []ui.SkippedFile
	for _, s := range found.Skipped {
		skipped = append(skipped, ui.SkippedFile{Path: s.Path, Reason: s.Reason, Convert: s.Convert})
	}
	if found.Temp > 0 {
		skipped = append(skipped, ui.SkippedFile{Path: dir, Reason: found.TempText()})
	}
	var errs []error
	for _, e := range found.Errs {
		errs = append(errs, e)
	}
	return found.Reports, skipped, errors.Join(errs...)
}

// Incidental: a cover letter or notice in a folder of reports.
func (x excel) Incidental(path string, err error) (string, bool) {
	return reportfile.IncidentalReason, reportfile.Incidental(path, err)
}

// OutputClash is `nianbao merge`'s check of -o.
func (x excel) OutputClash(out string, dirs, files []string) string {
	return reportfile.OutputClash(out, dirs, files)
}

// userMessage is the Chinese text of an error from any adapter (the cause
// stays in the error, for the log). A message about a file that does not
// name it is prefixed with the file's name.
func userMessage(err error) string {
	msg := model.ErrorMessage(err)
	var f *model.Failure
	if errors.As(err, &f) && f.Path != "" && !strings.Contains(msg, filepath.Base(f.Path)) {
		return "“" + filepath.Base(f.Path) + "”：" + msg
	}
	return msg
}
