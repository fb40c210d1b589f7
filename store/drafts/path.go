package drafts

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"nianbao/model"
)

// DefaultPath is where the drafts live unless the clerk picked another file:
// nianbao/drafts.db in the per-user application data directory. It creates
// nothing; Open creates the directory and the file on first run.
//
//	Windows  %LOCALAPPDATA%\nianbao\drafts.db
//	macOS    ~/Library/Application Support/nianbao/drafts.db
//	Linux    $XDG_DATA_HOME/nianbao/drafts.db (~/.local/share/…)
func DefaultPath() (string, error) {
	dir, err := dataDir()
	if err != nil {
		return "", &model.Failure{Code: model.CodeIO, Msg: "找不到当前用户的应用数据文件夹，请用参数指定数据文件的位置。",
			Err: fmt.Errorf("user data dir: %w", err)}
	}
	return filepath.Join(dir, "nianbao", "drafts.db"), nil
}

func dataDir() (string, error) {
	switch runtime.GOOS {
	case "windows":
		// Local, not Roaming (os.UserConfigDir): a roaming profile is copied
		// at logon and logoff and may be redirected to a network share, and a
		// locked, memory-mapped database belongs on the local disk.
		if d := os.Getenv("LOCALAPPDATA"); d != "" {
			return d, nil
		}
		return os.UserConfigDir()
	case "darwin", "ios", "plan9":
		return os.UserConfigDir()
	}
	// XDG: drafts are data, not settings, so not ~/.config.
	if d := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
		return d, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".local", "share"), nil
}

// FreshPath picks a name for a new, empty data file beside path, for when
// path is damaged or belongs to another program: drafts.db gives
// drafts-new.db, then drafts-new-2.db and so on. The damaged file is never
// touched, so the clerk (or a technician) can still rescue it.
func FreshPath(path string) string {
	ext := filepath.Ext(path)
	if ext == "" {
		ext = ".db"
	}
	stem := strings.TrimSuffix(path, filepath.Ext(path)) + "-new"
	for i := 1; i < 1000; i++ {
		p := stem + ext
		if i > 1 {
			p = fmt.Sprintf("%s-%d%s", stem, i, ext)
		}
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return p
		}
	}
	// Only reached if the directory cannot be read; Open will say so.
	return stem + ext
}
