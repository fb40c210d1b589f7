package main

import (
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
