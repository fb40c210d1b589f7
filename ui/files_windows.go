package ui

import (
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"unsafe"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
)

// On Windows the open, save and folder dialogs are the system's own, the
// ones every clerk knows (recent places, network drives, the 桌面 and 文档
// shortcuts), through comdlg32 and shell32 without cgo. They are modal on
// the main window and block the UI goroutine while open, as in any
// Windows program. Where they cannot be had (no window handle, the DLL
// missing), the program's own chooser is used.

var (
	comdlg32              = syscall.NewLazyDLL("comdlg32.dll")
	procGetOpenFileNameW  = comdlg32.NewProc("GetOpenFileNameW")
	procGetSaveFileNameW  = comdlg32.NewProc("GetSaveFileNameW")
	shell32               = syscall.NewLazyDLL("shell32.dll")
	procSHBrowseForFolder = shell32.NewProc("SHBrowseForFolderW")
	procSHGetPathFromID   = shell32.NewProc("SHGetPathFromIDListW")
	ole32                 = syscall.NewLazyDLL("ole32.dll")
	procCoTaskMemFree     = ole32.NewProc("CoTaskMemFree")
	procCoInitializeEx    = ole32.NewProc("CoInitializeEx")
)

// openFileName is OPENFILENAMEW; Go's alignment of its fields is the C one
// on 64-bit Windows.
type openFileName struct {
	structSize    uint32
	owner         uintptr
	instance      uintptr
	filter        *uint16
	customFilter  *uint16
	maxCustFilter uint32
	filterIndex   uint32
	file          *uint16
	maxFile       uint32
	fileTitle     *uint16
	maxFileTitle  uint32
	initialDir    *uint16
	title         *uint16
	flags         uint32
	fileOffset    uint16
	fileExtension uint16
	defExt        *uint16
	custData      uintptr
	hook          uintptr
	templateName  *uint16
	reserved      uintptr
	reservedDW    uint32
	flagsEx       uint32
}

const (
	ofnOverwritePrompt = 0x2
	ofnHideReadOnly    = 0x4
	ofnNoChangeDir     = 0x8
	ofnPathMustExist   = 0x800
	ofnFileMustExist   = 0x1000
	ofnExplorer        = 0x80000
)

// hwndOf is the native handle of a Fyne window, 0 if none.
func hwndOf(win fyne.Window) uintptr {
	var h uintptr
	if nw, ok := win.(driver.NativeWindow); ok {
		nw.RunNative(func(ctx any) {
			if wc, ok := ctx.(driver.WindowsWindowContext); ok {
				h = wc.HWND
			}
		})
	}
	return h
}

// filterOf is a dialog's file type list: "Excel 工作簿 (*.xlsx;*.xlsm)",
// then 所有文件, each a name and a pattern, NUL-separated.
func filterOf(exts []string, desc string) []uint16 {
	var parts []string
	if len(exts) > 0 {
		pats := make([]string, len(exts))
		for i, e := range exts {
			pats[i] = "*" + e
		}
		p := strings.Join(pats, ";")
		parts = append(parts, desc+" ("+p+")", p)
	}
	parts = append(parts, "所有文件 (*.*)", "*.*")
	var out []uint16
	for _, p := range parts {
		u, _ := syscall.UTF16FromString(p) // ends in its NUL
		out = append(out, u...)
	}
	return append(out, 0)
}

func utf16Ptr(s string) *uint16 {
	if s == "" {
		return nil
	}
	p, err := syscall.UTF16PtrFromString(s)
	if err != nil {
		return nil
	}
	return p
}

// fileDialog runs GetOpenFileNameW or GetSaveFileNameW; ok is false when
// the dialog could not be shown at all.
func fileDialog(win fyne.Window, save bool, title, name string, exts []string, desc string) (path string, chosen, ok bool) {
	hwnd := hwndOf(win)
	proc := procGetOpenFileNameW
	if save {
		proc = procGetSaveFileNameW
	}
	if hwnd == 0 || proc.Find() != nil {
		return "", false, false
	}
	buf := make([]uint16, 32768) // long paths
	if name != "" {
		u, _ := syscall.UTF16FromString(name)
		copy(buf, u)
	}
	filter := filterOf(exts, desc)
	ofn := openFileName{
		owner:   hwnd,
		filter:  &filter[0],
		file:    &buf[0],
		maxFile: uint32(len(buf)),
		title:   utf16Ptr(title),
		flags:   ofnExplorer | ofnNoChangeDir | ofnHideReadOnly | ofnPathMustExist,
	}
	ofn.structSize = uint32(unsafe.Sizeof(ofn))
	ofn.filterIndex = 1
	if dir := lastDirs[win]; dir != "" {
		ofn.initialDir = utf16Ptr(dir)
	}
	if save {
		ofn.flags |= ofnOverwritePrompt
		if len(exts) > 0 {
			ofn.defExt = utf16Ptr(strings.TrimPrefix(exts[0], "."))
		}
	} else {
		ofn.flags |= ofnFileMustExist
	}
	r, _, _ := proc.Call(uintptr(unsafe.Pointer(&ofn)))
	runtime.KeepAlive(filter)
	runtime.KeepAlive(buf)
	if r == 0 {
		return "", false, true // cancelled (or failed: CommDlgExtendedError says which)
	}
	path = syscall.UTF16ToString(buf)
	lastDirs[win] = filepath.Dir(path)
	return path, true, true
}

func nativeOpen(win fyne.Window, title string, exts []string, desc string, fn func(string)) bool {
	path, chosen, ok := fileDialog(win, false, title, "", exts, desc)
	if ok && chosen {
		fn(path)
	}
	return ok
}

func nativeSave(win fyne.Window, title, name string, exts []string, desc string, fn func(string)) bool {
	path, chosen, ok := fileDialog(win, true, title, name, exts, desc)
	if ok && chosen {
		fn(path)
	}
	return ok
}

// browseInfo is BROWSEINFOW.
type browseInfo struct {
	owner       uintptr
	root        uintptr
	displayName *uint16
	title       *uint16
	flags       uint32
	callback    uintptr
	lParam      uintptr
	image       int32
}

const (
	bifReturnOnlyFSDirs = 0x1
	bifNewDialogStyle   = 0x40
)

func nativeFolder(win fyne.Window, title string, fn func(string)) bool {
	hwnd := hwndOf(win)
	if hwnd == 0 || procSHBrowseForFolder.Find() != nil || procSHGetPathFromID.Find() != nil {
		return false
	}
	// The new-style folder dialog needs COM on this thread; it may be
	// there already (S_FALSE), which is as good.
	const coinitApartmentThreaded = 0x2
	procCoInitializeEx.Call(0, coinitApartmentThreaded)
	name := make([]uint16, 260)
	bi := browseInfo{owner: hwnd, displayName: &name[0], title: utf16Ptr(title),
		flags: bifReturnOnlyFSDirs | bifNewDialogStyle}
	pidl, _, _ := procSHBrowseForFolder.Call(uintptr(unsafe.Pointer(&bi)))
	runtime.KeepAlive(name)
	if pidl == 0 {
		return true // cancelled
	}
	defer procCoTaskMemFree.Call(pidl)
	buf := make([]uint16, 32768)
	if r, _, _ := procSHGetPathFromID.Call(pidl, uintptr(unsafe.Pointer(&buf[0]))); r == 0 {
		return true // not a folder on disk (a library, the network root)
	}
	path := syscall.UTF16ToString(buf)
	lastDirs[win] = path
	fn(path)
	return true
}
