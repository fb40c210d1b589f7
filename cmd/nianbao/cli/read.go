package cli

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"nianbao/model"
	"nianbao/store/xlsx"
)

// maxReportFile bounds what we read into memory: a report is a few KB, a
// roll-up's JSON well under a MB.
const maxReportFile = 64 << 20

// fileError is a report file that cannot be read; Msg is Chinese and names
// the file.
type fileError struct {
	Path string
	Msg  string
}

func (e *fileError) Error() string { return e.Path + "：" + e.Msg }

// readReport reads a report from an Excel workbook (any layout of the
// official tables) or a JSON interchange file. Warnings are what the
// importer noticed (a stated total that disagrees, a value it converted).
func readReport(path string) (*model.Report, []string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		r, info, err := xlsx.ImportFile(path, xlsx.ImportOptions{})
		if err != nil {
			return nil, nil, &fileError{path, xlsx.Message(err)}
		}
		return r, info.Warnings, nil
	case ".json":
	default:
		return nil, nil, &fileError{path, "不支持的文件类型（可读取 .xlsx 年报表格或 .json 年报数据文件）"}
	}
	r, err := readJSON(path)
	return r, nil, err
}

func readJSON(path string) (*model.Report, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, &fileError{path, osErrorText(err)}
	}
	if st.IsDir() {
		return nil, &fileError{path, "这是一个文件夹，不是报告文件"}
	}
	if st.Size() > maxReportFile {
		return nil, &fileError{path, "文件太大，不像是年报数据文件"}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &fileError{path, osErrorText(err)}
	}
	r, err := model.UnmarshalReport(data)
	if err != nil {
		return nil, &fileError{path, err.Error()}
	}
	return r, nil
}

func osErrorText(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "文件不存在"
	case errors.Is(err, fs.ErrPermission):
		return "没有读取权限"
	}
	return "无法读取（" + err.Error() + "）"
}

// ReadReport is readReport for the GUI's wiring: a workbook or a JSON file.
func ReadReport(path string) (*model.Report, []string, error) { return readReport(path) }

// FileErrorText is the Chinese text of a report file that could not be read
// (naming the file), and whether err is one.
func FileErrorText(err error) (string, bool) {
	var fe *fileError
	if errors.As(err, &fe) {
		return fe.Error(), true
	}
	return "", false
}

// ReportFilesIn lists the report files under dir, its subfolders included,
// sorted: workbooks (.xlsx, .xlsm) and JSON files. Hidden files and folders
// and Excel's lock files (~$名称.xlsx) are skipped; folders that cannot be
// read are returned as errors beside what was found. `merge` and the GUI's
// 汇总 window both search folders with it.
func ReportFilesIn(dir string) ([]string, []error) {
	files, bad := reportFilesIn(dir)
	errs := make([]error, len(bad))
	for i, b := range bad {
		errs[i] = b
	}
	return files, errs
}

func reportFilesIn(dir string) (files []string, bad []*fileError) {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			bad = append(bad, &fileError{p, osErrorText(err)})
			return nil
		}
		name := d.Name()
		if p != dir && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || strings.HasPrefix(name, "~$") {
			return nil
		}
		switch strings.ToLower(filepath.Ext(name)) {
		case ".xlsx", ".xlsm", ".json":
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		bad = append(bad, &fileError{dir, osErrorText(err)})
	}
	sort.Strings(files)
	return files, bad
}
