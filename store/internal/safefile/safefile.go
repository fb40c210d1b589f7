// Package safefile writes the files the program exports (a workbook, a web
// page, a Word document) so that a failure never leaves half a file and
// never replaces what must not be replaced. It is shared by the store
// adapters that write files; its errors are *model.Failure in Chinese.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"nianbao/model"
)

// Write writes a file to path through write: into a temporary file in the
// same folder, synced, then renamed over the target in one step. A target
// marked read-only is refused (ReadOnly); one held open by another program
// (Excel or WPS on Windows lock the files they show) is refused with
// model.CodeLocked, the previous file untouched. An error write returns
// that is a *model.Failure is passed on with the path; any other is the
// disk's (CodeIO).
func Write(path string, write func(io.Writer) error) (err error) {
	if err := ReadOnly(path); err != nil {
		return err
	}
	name := "“" + filepath.Base(path) + "”"
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		msg := "无法在“" + dir + "”中保存" + name
		code := model.CodeIO
		switch {
		case errors.Is(err, fs.ErrNotExist):
			msg = "无法保存" + name + "：文件夹“" + dir + "”不存在"
		case errors.Is(err, fs.ErrPermission):
			msg, code = "无法保存"+name+"：没有写入文件夹“"+dir+"”的权限", model.CodeReadOnly
		}
		return &model.Failure{Code: code, Path: path, Msg: msg, Err: fmt.Errorf("create temp: %w", err)}
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		var f *model.Failure
		if errors.As(err, &f) {
			f.Path = path
			return f
		}
		return &model.Failure{Code: model.CodeIO, Path: path, Msg: "保存" + name + "时写入磁盘失败", Err: err}
	}
	// CreateTemp makes the file private (0600); an export is for sending on.
	_ = tmp.Chmod(0o644)
	if err := tmp.Sync(); err != nil {
		return &model.Failure{Code: model.CodeIO, Path: path, Msg: "保存" + name + "时写入磁盘失败", Err: fmt.Errorf("sync: %w", err)}
	}
	if err := tmp.Close(); err != nil {
		return &model.Failure{Code: model.CodeIO, Path: path, Msg: "保存" + name + "时写入磁盘失败", Err: fmt.Errorf("close: %w", err)}
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		if isLocked(path, err) || officeLockExists(path) {
			return &model.Failure{Path: path, Code: model.CodeLocked,
				Msg: name + "正被其他程序（如Excel、WPS或Word）打开，无法覆盖。请先关闭该文件，再重新保存；或换一个文件名。",
				Err: fmt.Errorf("rename: %w", err)}
		}
		msg, code := "无法保存"+name, model.CodeIO
		if errors.Is(err, fs.ErrPermission) {
			msg, code = msg+"：没有写入权限，或文件为只读", model.CodeReadOnly
		} else if fi, serr := os.Stat(path); serr == nil && fi.IsDir() {
			msg += "：已有同名的文件夹"
		}
		return &model.Failure{Code: code, Path: path, Msg: msg, Err: fmt.Errorf("rename: %w", err)}
	}
	return nil
}

// ReadOnly returns an error if path is an existing file marked read-only,
// which an export must not replace. The rename an export ends with would
// replace it all the same on Linux and macOS (only the folder's permission
// counts) and for root anywhere, so the mode is checked: the owner-write
// bit, which Go also clears for the Windows read-only attribute.
func ReadOnly(path string) error {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm()&0o200 != 0 {
		return nil
	}
	return &model.Failure{Path: path, Code: model.CodeReadOnly,
		Msg: "文件“" + path + "”是只读的，没有覆盖；请换一个文件名或先取消只读。",
		Err: fmt.Errorf("%s: mode %v", path, fi.Mode().Perm())}
}

// officeLockExists reports whether Excel, WPS or Word holds path open: they
// create an owner file "~$name" beside the file while it is open. It
// explains a failed replace on a network share, where the error itself is
// only "access denied".
func officeLockExists(path string) bool {
	_, err := os.Stat(filepath.Join(filepath.Dir(path), "~$"+filepath.Base(path)))
	return err == nil
}
