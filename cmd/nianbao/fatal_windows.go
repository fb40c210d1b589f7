package main

import (
	"os"
	"syscall"
	"unsafe"
)

// showFatal shows a native message box: with no OpenGL, Fyne cannot draw
// one, and a GUI-subsystem .exe has no console for stderr.
func showFatal(title, text string) {
	user32 := syscall.NewLazyDLL("user32.dll")
	box := user32.NewProc("MessageBoxW")
	t, _ := syscall.UTF16PtrFromString(title)
	m, _ := syscall.UTF16PtrFromString(text)
	const mbIconError = 0x10
	box.Call(0, uintptr(unsafe.Pointer(m)), uintptr(unsafe.Pointer(t)), mbIconError)
}

// attachConsole gives the batch subcommands (nianbao check …) somewhere to
// print: a GUI-subsystem .exe started from cmd.exe or PowerShell has no
// standard handles, so its output would vanish. Handles already redirected
// to a file or pipe are left alone. The prompt does not wait for a GUI
// program, hence README's advice: start /wait, or redirect to a file.
func attachConsole() {
	out := usable(syscall.STD_OUTPUT_HANDLE)
	errOK := usable(syscall.STD_ERROR_HANDLE)
	if out && errOK {
		return
	}
	const attachParentProcess = ^uintptr(0) // (DWORD)-1
	kernel32 := syscall.NewLazyDLL("kernel32.dll")
	if r, _, _ := kernel32.NewProc("AttachConsole").Call(attachParentProcess); r == 0 {
		return // started from Explorer: no console to attach to
	}
	// Opened as a console, os.File writes with WriteConsoleW: Chinese shows
	// correctly whatever the console's code page. Go recognises a console by
	// GetConsoleMode, which needs read access: hence O_RDWR.
	con, err := os.OpenFile("CONOUT$", os.O_RDWR, 0)
	if err != nil {
		return
	}
	if !out {
		os.Stdout = con
	}
	if !errOK {
		os.Stderr = con
	}
}

func usable(std int) bool {
	h, err := syscall.GetStdHandle(std)
	return err == nil && h != 0 && h != syscall.InvalidHandle
}
