package main

import (
	"errors"

	"nianbao/model"
	"nianbao/store"
	"nianbao/store/xlsx"
)

// excel adapts store/xlsx to what the GUI needs (ui.Excel).
type excel struct{ version string }

func (x excel) Import(path string) (*model.Report, []string, error) {
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

// userMessage is the Chinese text of an error from any adapter; the cause
// stays in the error for the log.
func userMessage(err error) string {
	var xe *xlsx.Error
	if errors.As(err, &xe) {
		return xlsx.Message(err)
	}
	return store.ErrorMessage(err)
}
