package safefile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"nianbao/model"
)

// Read reads a whole file, at most limit+1 bytes (the caller refuses more
// as too large). kind names the file in messages (网页, Word文档). Errors
// are *model.Failure.
func Read(path string, limit int64, kind string) ([]byte, error) {
	f, err := os.Open(path)
	if err == nil {
		defer f.Close()
		var data []byte
		if data, err = io.ReadAll(io.LimitReader(f, limit+1)); err == nil {
			return data, nil
		}
	}
	code, msg := model.CodeIO, "无法读取"+kind+"“"+filepath.Base(path)+"”"
	if errors.Is(err, fs.ErrNotExist) {
		code, msg = model.CodeNotFound, kind+"“"+filepath.Base(path)+"”不存在"
	}
	return nil, &model.Failure{Code: code, Path: path, Msg: msg, Err: err}
}
