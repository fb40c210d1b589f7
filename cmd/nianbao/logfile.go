package main

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
)

// maxLogSize caps nianbao.log: past it the file becomes nianbao.log.1
// (replacing the previous one) and a new one starts, so the log keeps
// between one and two megabytes of the latest events. This is the minimal
// log the store needs for what has no caller to report to (a failed
// backup, a damaged record found at start); a fuller log is a later task.
const maxLogSize = 1 << 20

// logFile is the program's log file, nianbao.log in the data folder. It
// is opened at the first line written, so a command that logs nothing
// leaves no file behind.
type logFile struct {
	mu   sync.Mutex
	path string
	max  int64
	f    *os.File
	size int64
}

func newLogFile(path string, max int64) *logFile { return &logFile{path: path, max: max} }

func (l *logFile) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		if err := l.open(); err != nil {
			return 0, err
		}
	}
	if l.size > 0 && l.size+int64(len(p)) > l.max {
		l.rotate()
	}
	n, err := l.f.Write(p)
	l.size += int64(n)
	return n, err
}

func (l *logFile) open() error {
	if err := os.MkdirAll(filepath.Dir(l.path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	fi, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return err
	}
	l.f, l.size = f, fi.Size()
	return nil
}

// rotate renames the full log to .1 and starts a new one. If that fails
// (another copy of the program has just done it, a locked file on
// Windows) the current file simply goes on growing.
func (l *logFile) rotate() {
	_ = l.f.Close()
	l.f = nil
	_ = os.Rename(l.path, l.path+".1")
	if err := l.open(); err != nil {
		// Keep the old name open rather than lose the line.
		if f, err := os.OpenFile(l.path+".1", os.O_WRONLY|os.O_APPEND, 0o600); err == nil {
			l.f, l.size = f, 0
		} else {
			l.f, l.size = nopFile(), 0
		}
	}
}

// nopFile is a write target of last resort: /dev/null or its like.
func nopFile() *os.File {
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return os.Stderr
	}
	return f
}

func (l *logFile) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// programLog is the logger main hands to the store and the commands:
// text lines in nianbao.log beside the default drafts file. Without a
// data folder it discards.
func programLog() (*slog.Logger, io.Closer) {
	dir, err := dataFolder()
	if err != nil {
		return slog.New(slog.NewTextHandler(io.Discard, nil)), io.NopCloser(nil)
	}
	lf := newLogFile(filepath.Join(dir, "nianbao.log"), maxLogSize)
	return slog.New(slog.NewTextHandler(lf, nil)).With("pid", os.Getpid()), lf
}
