package safefile

import (
	"errors"
	"os"
	"syscall"
)

// Windows refuses to replace a file another process has open. The rename
// fails with ERROR_SHARING_VIOLATION (32) or ERROR_LOCK_VIOLATION (33), or
// just ERROR_ACCESS_DENIED (5); in that last case opening the target for
// writing tells a lock (32/33 again) from a read-only file.
func isLocked(path string, err error) bool {
	if lockErrno(err) {
		return true
	}
	f, oerr := os.OpenFile(path, os.O_RDWR, 0)
	if oerr != nil {
		return lockErrno(oerr)
	}
	_ = f.Close()
	return false
}

func lockErrno(err error) bool {
	var errno syscall.Errno
	return errors.As(err, &errno) && (errno == 32 || errno == 33)
}
