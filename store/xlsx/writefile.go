package xlsx

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"nianbao/model"
)

// WriteFile exports r to path without ever leaving a half-written file
// there: the workbook goes to a temporary file in the same directory,
// which then replaces the target in one rename. If the target is open in
// Excel or WPS (Windows locks the files it shows) the error says so in
// Chinese and has code CodeLocked; the previous file is untouched.
//
// A target marked read-only is never replaced: the error has code
// CodeReadOnly (see ReadOnlyTarget).
func WriteFile(path string, r *model.Report, opts ExportOptions) (err error) {
	if err := ReadOnlyTarget(path); err != nil {
		return err
	}
	name := displayName(path)
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		msg := "无法在“" + dir + "”中保存" + name
		switch {
		case errors.Is(err, fs.ErrNotExist):
			msg = "无法保存" + name + "：文件夹“" + dir + "”不存在"
		case errors.Is(err, fs.ErrPermission):
			msg = "无法保存" + name + "：没有写入文件夹“" + dir + "”的权限"
		}
		return &model.Failure{Code: writeCode(err), Path: path, Msg: msg, Err: fmt.Errorf("create temp: %w", err)}
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := Export(tmp, r, opts); err != nil {
		var e *model.Failure
		if errors.As(err, &e) {
			e.Path = path
		}
		return err
	}
	// CreateTemp makes the file private (0600); a report is for sharing.
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
				Msg: name + "正被其他程序（如Excel或WPS）打开，无法覆盖。请先关闭该文件，再重新导出；或导出为另一个文件名。",
				Err: fmt.Errorf("rename: %w", err)}
		}
		msg := "无法保存" + name
		if errors.Is(err, fs.ErrPermission) {
			msg += "：没有写入权限，或文件为只读"
		} else if fi, serr := os.Stat(path); serr == nil && fi.IsDir() {
			msg += "：已有同名的文件夹"
		}
		return &model.Failure{Code: writeCode(err), Path: path, Msg: msg, Err: fmt.Errorf("rename: %w", err)}
	}
	return nil
}

// ReadOnlyTarget returns an error if path is an existing file marked
// read-only, which an export must not replace. The rename an export ends
// with would replace it all the same on Linux and macOS (only the folder's
// permission counts) and for root anywhere, so the mode is checked: the
// owner-write bit, which Go also clears for the Windows read-only
// attribute.
func ReadOnlyTarget(path string) error {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm()&0o200 != 0 {
		return nil
	}
	return &model.Failure{Path: path, Code: model.CodeReadOnly,
		Msg: "文件“" + path + "”是只读的，没有覆盖；请换一个文件名或先取消只读。",
		Err: fmt.Errorf("%s: mode %v", path, fi.Mode().Perm())}
}

// officeLockExists reports whether Excel or WPS holds path open: both
// create an owner file "~$name" beside the workbook while it is open. It
// explains a failed replace on a network share, where the error itself is
// only "access denied".
func officeLockExists(path string) bool {
	_, err := os.Stat(filepath.Join(filepath.Dir(path), "~$"+filepath.Base(path)))
	return err == nil
}
