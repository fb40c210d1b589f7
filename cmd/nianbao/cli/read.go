package cli

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"nianbao/model"
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

// readReport reads a report from a JSON interchange file (xlsx is added by
// the Excel adapter).
func readReport(path string) (*model.Report, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
	default:
		return nil, &fileError{path, "不支持的文件类型（可读取 .json 年报数据文件）"}
	}
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
