package main

import (
	"errors"
	"path/filepath"
	"strings"

	"nianbao/cmd/nianbao/cli"
	"nianbao/model"
	"nianbao/store"
	"nianbao/store/html"
	"nianbao/store/xlsx"
	"nianbao/ui"
)

// excel adapts store/xlsx to what the GUI needs (ui.Excel).
type excel struct{ version string }

// Import reads a workbook, or a report in the JSON interchange format
// (a rescue file, another program's output).
func (x excel) Import(path string) (*model.Report, []string, error) {
	if strings.EqualFold(filepath.Ext(path), ".json") {
		return cli.ReadReport(path)
	}
	r, info, err := xlsx.ImportFile(path, xlsx.ImportOptions{})
	if err != nil {
		return nil, nil, err
	}
	return r, info.Warnings, nil
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
	found := cli.ReportFilesIn(dir)
	var skipped []ui.SkippedFile
	for _, s := range found.Skipped {
		skipped = append(skipped, ui.SkippedFile{Path: s.Path, Reason: s.Reason, Convert: s.Convert})
	}
	if found.Temp > 0 {
		skipped = append(skipped, ui.SkippedFile{Path: dir, Reason: found.TempText()})
	}
	return found.Reports, skipped, errors.Join(found.Errs...)
}

// OutputClash is `nianbao merge`'s check of -o.
func (x excel) OutputClash(out string, dirs, files []string) string {
	return cli.OutputClash(out, dirs, files)
}

// userMessage is the Chinese text of an error from any adapter; the cause
// stays in the error for the log.
func userMessage(err error) string {
	var xe *xlsx.Error
	if errors.As(err, &xe) {
		return xlsx.Message(err)
	}
	if msg, ok := cli.FileErrorText(err); ok {
		return msg
	}
	var he *html.Error
	if errors.As(err, &he) {
		return html.Message(err)
	}
	return store.ErrorMessage(err)
}
